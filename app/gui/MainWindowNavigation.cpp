// MainWindow's navigation: the zoom keys beyond in/out (fit, 1:1, zoom to values), the depth
// slice keys, the zoom level in the status bar, and the shortcut guard that keeps the window's
// shortcuts working while a text field has focus.
#include "MainWindow.hpp"

#include "docks/DisplayDock.hpp"
#include "export/ResultExports.hpp"
#include "views/ImageView.hpp"
#include "views/ShortcutGuard.hpp"
#include "views/ViewSync.hpp"

#include <QAction>
#include <QLabel>
#include <QMenu>
#include <QMenuBar>
#include <QStatusBar>

#include <algorithm>
#include <cmath>

namespace studio {

namespace {
QAction* makeAction(QObject* parent, const QString& text, const QKeySequence& keys, const QString& tip) {
    auto* a = new QAction(text, parent);
    a->setShortcut(keys);
    a->setStatusTip(tip);
    return a;
}
}  // namespace

void MainWindow::createNavigation() {
    QAction* values = makeAction(this, tr("Zoom to &Values"), QKeySequence("Ctrl+2"),
                                 tr("The zoom at which every pixel of both views shows its value"));
    connect(values, &QAction::triggered, this, &MainWindow::zoomToValues);
    QAction* next = makeAction(this, tr("&Next Depth Slice"), QKeySequence(Qt::Key_PageDown),
                               tr("The next slice of a volume (both views)"));
    connect(next, &QAction::triggered, this, [this] { stepDepth(1); });
    QAction* previous = makeAction(this, tr("&Previous Depth Slice"), QKeySequence(Qt::Key_PageUp),
                                   tr("The previous slice of a volume (both views)"));
    connect(previous, &QAction::triggered, this, [this] { stepDepth(-1); });
    QAction* nextResult = makeAction(this, tr("Next &Result Slice"), QKeySequence("Shift+PgDown"),
                                     tr("The result's next depth slice, the original's staying"));
    connect(nextResult, &QAction::triggered, this, [this] { stepResultDepth(1); });
    QAction* previousResult = makeAction(this, tr("Previous R&esult Slice"), QKeySequence("Shift+PgUp"),
                                         tr("The result's previous depth slice, the original's staying"));
    connect(previousResult, &QAction::triggered, this, [this] { stepResultDepth(-1); });

    // After Actual Size, before the dock toggles.
    const QList<QAction*> shown = viewMenu_->actions();
    const qsizetype at = shown.indexOf(actualSizeAct_);
    QAction* before = at >= 0 && at + 1 < shown.size() ? shown[at + 1] : nullptr;
    viewMenu_->insertActions(before, {values, next, previous, nextResult, previousResult});

    zoomLabel_ = new QLabel(this);
    zoomLabel_->setObjectName("zoomLabel");
    statusBar()->addPermanentWidget(zoomLabel_);
    connect(sync_, &ViewSync::viewChanged, this, [this] { zoomLabel_->setText(zoomText()); });
    zoomLabel_->setText(zoomText());

    // File ▸ Export View at True Pixels, after the side-by-side figure.
    QAction* viewFigure = makeAction(this, tr("Export &View at True Pixels..."), QKeySequence("Ctrl+Alt+Shift+E"),
                                     tr("The region the views show, each side at its own resolution, whole "
                                        "figure pixels per pixel, with a grid"));
    connect(viewFigure, &QAction::triggered, exports_, &ResultExports::askAndWriteViewFigure);
    QMenu* file = menuBar()->actions().first()->menu();
    const QList<QAction*> fileActs = file->actions();
    const qsizetype fig = fileActs.indexOf(exportFigureAct_);
    file->insertAction(fig >= 0 && fig + 1 < fileActs.size() ? fileActs[fig + 1] : nullptr, viewFigure);

    new ShortcutGuard(menuBar());
}

QString MainWindow::zoomText() const {
    const double percent = sync_->zoom() * 100.0;
    const int decimals = percent >= 10 ? 0 : (percent >= 1 ? 1 : 2);
    return tr("zoom %1%").arg(QString::number(percent, 'f', decimals));
}

void MainWindow::zoomToValues() {
    // The original draws a source pixel zoom wide; the result, zoom / (its pixels per source pixel).
    const QSizeF r = resultPixelsPerSource();
    const double perSource = std::max({1.0, r.width(), r.height() * 0.5});
    const double zoom = std::ceil(ImageView::kValuesMinCell * perSource);
    sync_->setView(sync_->hover().value_or(sync_->center()), std::min(zoom, ViewSync::kMaxZoom));
}

bool MainWindow::stepDepth(int delta) { return input_ && displayDock_->stepDepth(delta); }

bool MainWindow::stepResultDepth(int delta) {
    if (!input_ || !result_ || input_->tensor.rank() != 5) return false;
    const int source = displayDock_->options().slice.depth;
    const int before = resultDepthFor(source);
    if (resultDepthStepFrom_ != source) {
        resultDepthStepFrom_ = source;
        resultDepthStep_ = 0;
    }
    resultDepthStep_ += delta;
    const int after = resultDepthFor(source);
    resultDepthStep_ -= (before + delta) - after;  // no stepping past the ends
    if (after == before) return false;
    updateViews();
    return true;
}

}  // namespace studio
