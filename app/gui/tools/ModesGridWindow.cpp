#include "tools/ModesGridWindow.hpp"
#include "views/WidgetHelpers.hpp"

#include "views/ImageView.hpp"
#include "session/StudioContext.hpp"
#include "session/ModeBatch.hpp"
#include "views/ValueFormat.hpp"
#include "views/ViewPane.hpp"
#include "views/ViewSync.hpp"

#include "upsample/inspect.hpp"

#include <QGridLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QPushButton>
#include <QRegularExpression>
#include <QTimer>
#include <QToolButton>
#include <QVBoxLayout>

#include <cmath>

namespace studio {

using namespace upsample;

namespace {
QString qs(const std::string& s) { return QString::fromStdString(s); }

// Columns for n tiles: a grid about one and a half times as wide as it is tall.
int gridColumns(int n) { return std::max(1, static_cast<int>(std::ceil(std::sqrt(n * 1.5)))); }

// The spec's call with the mode left open: what every tile shares.
QString sharedCall(const StudioContext& studio) {
    QString call = qs(toPythonCall(studio.spec()));
    call.replace(QRegularExpression("mode='[^']*'"), "mode=\u2026");
    return call;
}
}  // namespace

ModesGridWindow::ModesGridWindow(StudioContext& studio, ModeBatch* batch)
    : QWidget(studio.widget(), Qt::Window), studio_(studio), batch_(batch), sync_(new ViewSync(this)) {
    const ToolWindowTop top =
        setUpToolWindow(this, "modesGridWindow", tr("Modes Grid \u2014 Upsample Studio"), [this] { fit(); });
    header_ = top.header;
    exportButton_ = new QToolButton(this);
    top.row->addWidget(exportButton_);
    grid_ = new QGridLayout;
    grid_->setSpacing(6);
    top.layout->addLayout(grid_, 1);
    connect(sync_, &ViewSync::hoverChanged, this, &ModesGridWindow::updateCaptions);
}

void ModesGridWindow::setExportAction(QAction* action) { exportButton_->setDefaultAction(action); }

namespace {
// The grid shows the spec's own version: the leading variants (the other versions' follow them,
// for the A/B compare).
int gridCount(const std::vector<ModeVariant>& variants) {
    int n = 0;
    while (n < static_cast<int>(variants.size()) && !variants[static_cast<std::size_t>(n)].torch) ++n;
    return n;
}
}  // namespace

void ModesGridWindow::rebuild() {
    for (ViewPane* t : tiles_) delete t;
    tiles_.clear();
    labels_.clear();
    const auto& variants = batch_->variants();
    const int n = gridCount(variants);
    const int columns = gridColumns(n);
    for (int i = 0; i < n; ++i) {
        labels_ << variants[static_cast<std::size_t>(i)].label();
        ViewPane* pane = makeSyncedTile(labels_.last(), "tile:" + variants[static_cast<std::size_t>(i)].key(), sync_,
                                        this, [this, i](ViewPane*, QPointF) { emit tileChosen(i); });
        grid_->addWidget(pane, i / columns, i % columns);
        tiles_.push_back(pane);
    }
    for (int c = 0; c < columns; ++c) grid_->setColumnStretch(c, 1);
    fitPending_ = true;
}

int ModesGridWindow::currentTile() const {
    const auto& r = studio_.result();
    if (!r) return -1;
    const auto& variants = batch_->variants();
    for (std::size_t i = 0; i < variants.size(); ++i) {
        const ModeVariant& v = variants[i];
        if (v.mode == r->resolved.mode && (!v.alignCorners || *v.alignCorners == r->resolved.alignCorners) &&
            v.antialias == r->resolved.antialias)
            return static_cast<int>(i);
    }
    return -1;
}

FigurePanel ModesGridWindow::panel(int i) const {
    FigurePanel fp;
    fp.title = labels_.value(i);
    const auto& o = batch_->outcomes().at(static_cast<std::size_t>(i));
    const auto& input = studio_.input();
    if (!o || !input) {
        fp.shape = tr("computing...");
        return fp;
    }
    if (!o->ok) {
        fp.shape = o->error;
        return fp;
    }
    SliceSelection s = studio_.shownSlice();
    const PlaneView in(input->tensor, s);
    const int64_t step = batch_->previewStep(static_cast<std::size_t>(i));  // > 1: every step-th sample
    // Volumes: the result slice nearest to the source slice shown, by this mode's own mapping.
    if (o->output.rank() == 5) s.depth = static_cast<int>(outputIndexNearestSource(o->resolved, 0, s.depth) / step);
    fp.plane = PlaneView(o->output, s);
    if (fp.plane.valid() && in.valid())
        fp.pixelsPerSource = QSizeF(static_cast<double>(fp.plane.width()) / in.width(),
                                    static_cast<double>(fp.plane.height()) / in.height());
    fp.shape = qs(formatShape(o->resolved.outputShape)) +
               tr(" \u00b7 %1 ms").arg(QString::number(o->report.milliseconds, 'f', 2));
    if (o->output.rank() == 5) fp.shape += tr(" \u00b7 depth slice %1").arg(fp.plane.selection().depth * step);
    if (step > 1) fp.shape += tr(" \u00b7 preview 1:%1").arg(step);
    return fp;
}

void ModesGridWindow::refresh() {
    QStringList labels;
    const auto& variants = batch_->variants();
    for (int i = 0; i < gridCount(variants); ++i) labels << variants[static_cast<std::size_t>(i)].label();
    if (labels != labels_) rebuild();
    const auto& input = studio_.input();
    if (!input) {
        header_->setText(tr("Open an input to see it under every mode."));
        return;
    }
    const QString call = sharedCall(studio_);
    const QString previews =
        batch_->streaming()
            ? tr(" <b>Previews</b>: the results together are over the result limit (Preferences), so a tile marked "
                 "\u201cpreview 1:k\u201d holds every k-th sample along each axis; hover readouts give the result's "
                 "own index.")
            : QString();
    header_->setText(tr("<b>%1</b> %2 under every mode for %3 spatial dim(s): <code>%4</code><br>"
                        "<span style='color:#666'>Click a tile to make it the current result. The views zoom and pan "
                        "together; values share the main window's range.%5</span>")
                         .arg(input->displayName.toHtmlEscaped(), qs(formatShape(input->tensor.shape())))
                         .arg(input->spatialDims())
                         .arg(call.toHtmlEscaped(), previews));
    const PlaneView in(input->tensor, studio_.shownSlice());
    const QSizeF source(in.width(), in.height());
    if (sync_->sourceSize() != source) {
        sync_->setSourceSize(source);
        fitPending_ = true;
    }
    const DisplayMapping mapping = studio_.originalView()->mapping();
    shapes_.clear();
    failed_.clear();
    for (int i = 0; i < tileCount(); ++i) {
        const FigurePanel fp = panel(i);
        ViewPane* pane = tiles_[static_cast<std::size_t>(i)];
        const auto& o = batch_->outcomes()[static_cast<std::size_t>(i)];
        if (fp.plane.valid()) pane->view()->setPlane(fp.plane, mapping, fp.pixelsPerSource);
        else pane->view()->clear(fp.shape);
        shapes_ << (fp.plane.valid() ? fp.shape : QString());
        failed_.push_back(o && !o->ok);
    }
    updateCaptions();
    if (fitPending_ && isVisible()) QTimer::singleShot(0, this, &ModesGridWindow::fit);
}

QString ModesGridWindow::hoverReadout(int i) const {
    const auto hover = sync_->hover();
    if (!hover || i < 0 || i >= tileCount()) return {};
    const ImageView* view = tile(i)->view();
    const auto px = view->hasPlane() ? view->pixelAt(*hover) : std::nullopt;
    if (!px) return {};
    const PlaneView& plane = view->plane();
    QStringList values;
    for (int c = 0; c < plane.channels(); ++c) values << formatValue(plane.value(px->x(), px->y(), c), plane.dtype());
    const QString value = values.size() == 1 ? values.front() : "(" + values.join(", ") + ")";
    const int64_t step = batch_->previewStep(static_cast<std::size_t>(i));  // the result's own index
    return tr("(%1, %2) = %3").arg(px->x() * step).arg(px->y() * step).arg(value);
}

// Each tile's caption: its shape and time; under it the value under the cursor and whether it is
// the current result.
void ModesGridWindow::updateCaptions() {
    if (shapes_.size() != tileCount()) return;
    const int current = currentTile();
    for (int i = 0; i < tileCount(); ++i) {
        QStringList extra;
        if (const QString r = hoverReadout(i); !r.isEmpty()) extra << r;
        if (i == current) extra << tr("\u25c0 current result");
        tiles_[static_cast<std::size_t>(i)]->setCaption(shapes_[i], extra.join("   "),
                                                        failed_[static_cast<std::size_t>(i)]);
    }
}

void ModesGridWindow::fit() {
    if (tiles_.empty()) return;
    fitPending_ = false;
    sync_->fit(tiles_.front()->view()->size());
}

void ModesGridWindow::showEvent(QShowEvent* e) {
    QWidget::showEvent(e);
    if (fitPending_) QTimer::singleShot(0, this, &ModesGridWindow::fit);
}

QImage ModesGridWindow::renderFigure() const {
    const auto& input = studio_.input();
    if (!input || tiles_.empty()) return {};
    std::vector<FigurePanel> panels;
    for (int i = 0; i < tileCount(); ++i) panels.push_back(panel(i));
    const PlaneView in(input->tensor, studio_.shownSlice());
    return ExportActions::renderGrid(panels, gridColumns(tileCount()), studio_.originalView()->mapping(), sharedCall(studio_),
                                     tr("%1 %2 under every mode PyTorch allows for %3 spatial dim(s)")
                                         .arg(input->displayName, qs(formatShape(input->tensor.shape())))
                                         .arg(input->spatialDims()),
                                     QSizeF(in.width(), in.height()), 320);
}

}  // namespace studio
