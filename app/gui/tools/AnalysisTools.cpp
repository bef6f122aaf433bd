#include "tools/AnalysisTools.hpp"
#include "views/WidgetHelpers.hpp"

#include "tools/CompareWindow.hpp"
#include "export/ExportActions.hpp"
#include "views/ImageView.hpp"
#include "docks/InspectorDock.hpp"
#include "tools/LibrariesWindow.hpp"
#include "session/ModeBatch.hpp"
#include "session/StudioContext.hpp"
#include "tools/ModesGridWindow.hpp"
#include "session/PinController.hpp"
#include "docks/ProfileDock.hpp"
#include "views/ViewOverlay.hpp"
#include "views/ViewSync.hpp"

#include <QAction>
#include <QFileInfo>

namespace studio {

AnalysisTools::AnalysisTools(StudioContext& studio)
    : QObject(studio.widget()),
      studio_(studio),
      pin_(new PinController(studio)),
      inspector_(new InspectorDock(pin_, studio.widget())),
      profile_(new ProfileDock(pin_, studio.widget())),
      batch_(new ModeBatch(this)),
      grid_(new ModesGridWindow(studio, batch_)),
      compare_(new CompareWindow(studio, batch_)),
      libraries_(new LibrariesWindow(studio)),
      tapOverlay_(new ViewOverlay(studio.originalView(), studio.viewSync())),
      pinOverlay_(new ViewOverlay(studio.resultView(), studio.viewSync())) {
    createActions();
    connect(pin_, &PinController::changed, this, &AnalysisTools::onPinChanged);
    connect(batch_, &ModeBatch::updated, this, &AnalysisTools::onModesUpdated);
    connect(grid_, &ModesGridWindow::tileChosen, this, &AnalysisTools::chooseTile);
    updateActions();
}

void AnalysisTools::createActions() {
    auto action = [this](const QString& text, const char* shortcut, const QString& tip) {
        auto* a = new QAction(text, this);
        a->setShortcut(QKeySequence(shortcut));
        a->setStatusTip(tip);
        return a;
    };
    gridAct_ = action(tr("&Modes Grid"), "Ctrl+G", tr("The input under every mode PyTorch allows, side by side"));
    connect(gridAct_, &QAction::triggered, this, &AnalysisTools::showModesGrid);
    compareAct_ = action(tr("A/B &Compare"), "Ctrl+B", tr("The signed difference of two results, with its statistics"));
    connect(compareAct_, &QAction::triggered, this, &AnalysisTools::showCompare);
    librariesAct_ = action(tr("&Libraries..."), "Ctrl+L",
                           tr("The input through PyTorch and each library's closest call, with their differences"));
    connect(librariesAct_, &QAction::triggered, this, &AnalysisTools::showLibraries);
    unpinAct_ = action(tr("&Unpin Pixel"), "Ctrl+U", tr("Clear the pinned pixel (click a result pixel to pin one)"));
    connect(unpinAct_, &QAction::triggered, pin_, &PinController::unpin);
    // Each export asks for a path, then writes with its exportXTo().
    auto exporter = [&](const QString& text, const char* shortcut, const QString& tip, const QString& caption,
                        const QString& filter, const QString& name, bool (AnalysisTools::*write)(const QString&)) {
        QAction* a = action(text, shortcut, tip);
        connect(a, &QAction::triggered, this, [=, this] { exportWith(caption, filter, name, write); });
        return a;
    };
    const QString png = tr("PNG (*.png)");
    exportGridAct_ = exporter(tr("Export Modes &Grid as PNG..."), "Ctrl+Alt+G", tr("Every mode's result, labelled, in one picture"),
                              tr("Export Modes Grid"), png, "modes_grid.png", &AnalysisTools::exportModesGridTo);
    exportDiffAct_ = exporter(tr("Export &Difference Image..."), "Ctrl+Alt+B", tr("A - B with its legend and statistics"),
                              tr("Export Difference Image"), png, "difference.png", &AnalysisTools::exportDifferenceTo);
    exportCsvAct_ = exporter(tr("Export Profile as C&SV..."), "Ctrl+Alt+C",
                             tr("The line profile's samples: series, channel, coord, value"), tr("Export Line Profile"),
                             tr("CSV (*.csv)"), "profile.csv", &AnalysisTools::exportProfileCsvTo);
    exportPngAct_ = exporter(tr("Export Profile as &PNG..."), "Ctrl+Alt+P", tr("The line profile chart as a picture"),
                             tr("Export Line Profile Chart"), png, "profile.png", &AnalysisTools::exportProfilePngTo);
    // Short texts on the docks' and windows' own buttons.
    exportCsvAct_->setIconText(tr("CSV..."));
    exportPngAct_->setIconText(tr("PNG..."));
    exportGridAct_->setIconText(tr("Export PNG..."));
    exportDiffAct_->setIconText(tr("Export PNG..."));
    profile_->setExportActions(exportCsvAct_, exportPngAct_);
    grid_->setExportAction(exportGridAct_);
    compare_->setExportAction(exportDiffAct_);

}

void AnalysisTools::refresh() {
    pin_->refresh();
    if (grid_->isVisible() || compare_->isVisible()) ensureModes();
    if (grid_->isVisible()) grid_->refresh();
    if (compare_->isVisible()) compare_->refresh();
    if (libraries_->isVisible()) libraries_->refresh();
    updateActions();
}

void AnalysisTools::ensureModes() {
    const auto& input = studio_.input();
    if (!input) {
        batch_->clear();
        return;
    }
    upsample::RunOptions options;
    options.maxBytes = studio_.maxResultBytes();  // the studio's one result limit, as the main view's
    batch_->request(input->tensor, studio_.spec(), options);
}

void AnalysisTools::onModesUpdated() {
    if (grid_->isVisible()) grid_->refresh();
    if (compare_->isVisible()) compare_->refresh();
}

void AnalysisTools::waitForModes() {
    ensureModes();
    batch_->waitForIdle();
    grid_->refresh();
    compare_->refresh();
}

void AnalysisTools::showModesGrid() {
    ensureModes();
    grid_->refresh();
    grid_->show();
    keepOnScreen(grid_);
    grid_->raise();
    grid_->activateWindow();
}

void AnalysisTools::showCompare() {
    ensureModes();
    compare_->refresh();
    compare_->show();
    keepOnScreen(compare_);
    compare_->raise();
    compare_->activateWindow();
}

void AnalysisTools::showLibraries() {
    libraries_->refresh();
    libraries_->show();
    keepOnScreen(libraries_);
    libraries_->raise();
    libraries_->activateWindow();
}

void AnalysisTools::chooseTile(int index) {
    const auto& variants = batch_->variants();
    if (index < 0 || index >= static_cast<int>(variants.size())) return;
    const ModeVariant& v = variants[static_cast<std::size_t>(index)];
    emit modeChosen(v.mode, v.alignCorners, v.label());
}

void AnalysisTools::onPinChanged() {
    const auto& p = pin_->pinned();
    tapOverlay_->setMarks(p ? tapMarks(*p) : OverlayMarks{});
    pinOverlay_->setMarks(p ? pinMarks(*p) : OverlayMarks{});
    updateActions();
}

void AnalysisTools::updateActions() {
    const bool input = studio_.input().has_value();
    gridAct_->setEnabled(input);
    compareAct_->setEnabled(input);
    librariesAct_->setEnabled(input);
    exportGridAct_->setEnabled(input);
    exportDiffAct_->setEnabled(input);
    unpinAct_->setEnabled(pin_->pixel().has_value());
    exportCsvAct_->setEnabled(pin_->pinned().has_value());
    exportPngAct_->setEnabled(pin_->pinned().has_value());
}

void AnalysisTools::exportWith(const QString& caption, const QString& filter, const QString& name,
                               bool (AnalysisTools::*write)(const QString&)) {
    const QString base = studio_.input() ? QFileInfo(studio_.input()->path).completeBaseName() + "_" : QString();
    const QString path = studio_.askSavePath(caption, filter, name.section('.', -1), base + name);
    if (!path.isEmpty() && (this->*write)(path)) studio_.showStatus(tr("Wrote %1").arg(path), 5000);
}

namespace {
// Writes with `write`, turning a failure into the window's error dialog.
template <class F>
bool writeOrReport(StudioContext& studio, F&& write) {
    try {
        write();
        return true;
    } catch (const std::exception& e) {
        studio.showError(QObject::tr("Export failed"), QString::fromStdString(e.what()));
        return false;
    }
}
}  // namespace

bool AnalysisTools::exportModesGridTo(const QString& path) {
    waitForModes();
    const QImage img = grid_->renderFigure();
    if (img.isNull()) {
        studio_.showError(tr("Nothing to export"), tr("Open an input first: the modes grid is empty"));
        return false;
    }
    return writeOrReport(studio_, [&] { ExportActions::writePng(path, img); });
}

bool AnalysisTools::exportDifferenceTo(const QString& path) {
    waitForModes();
    const QImage img = compare_->renderFigure();
    if (img.isNull()) {
        studio_.showError(tr("Nothing to export"), tr("No difference to write: %1").arg(compare_->message()));
        return false;
    }
    return writeOrReport(studio_, [&] { ExportActions::writePng(path, img); });
}

bool AnalysisTools::exportProfileCsvTo(const QString& path) {
    if (!profile_->profile()) {
        studio_.showError(tr("Nothing to export"), tr("Pin a result pixel first: the profile runs through it"));
        return false;
    }
    return writeOrReport(studio_, [&] { ExportActions::writeText(path, profile_->csv()); });
}

bool AnalysisTools::exportProfilePngTo(const QString& path) {
    if (!profile_->profile()) {
        studio_.showError(tr("Nothing to export"), tr("Pin a result pixel first: the profile runs through it"));
        return false;
    }
    return writeOrReport(studio_, [&] { ExportActions::writePng(path, profile_->renderImage()); });
}

}  // namespace studio
