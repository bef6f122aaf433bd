#include "MainWindow.hpp"

#include "dialogs/SeedExampleDialog.hpp"
#include "tools/AnalysisTools.hpp"
#include "docks/CoordinateMapDock.hpp"
#include "docks/DisplayDock.hpp"
#include "docks/ExplainDock.hpp"
#include "docks/InspectorDock.hpp"
#include "docks/ProfileDock.hpp"
#include "export/ExportActions.hpp"
#include "views/ImageView.hpp"
#include "dialogs/PreferencesDialog.hpp"
#include "session/SampleLibrary.hpp"
#include "session/Settings.hpp"
#include "docks/SpecDock.hpp"
#include "views/ValueFormat.hpp"
#include "views/ViewPane.hpp"
#include "views/ViewSync.hpp"

#include "upsample/error.hpp"
#include "upsample/inspect.hpp"

#include <QAction>
#include <QApplication>
#include <QClipboard>
#include <QCloseEvent>
#include <QDir>
#include <QDragEnterEvent>
#include <QDropEvent>
#include <QFileDialog>
#include <QFileInfo>
#include <QLabel>
#include <QMenuBar>
#include <QMessageBox>
#include <QMimeData>
#include <QProgressBar>
#include <QHBoxLayout>
#include <QStatusBar>
#include <QTimer>
#include <QToolButton>

#include <cmath>
#include <cstdio>

namespace studio {

using namespace upsample;

namespace {
QString qs(const std::string& s) { return QString::fromStdString(s); }
QString shapeText(const Tensor& t) { return qs(formatShape(t.shape())); }
QString dtypeText(const Tensor& t) { return qs(std::string(dtypeName(t.dtype()))); }
}  // namespace

MainWindow::MainWindow(Settings& settings, QWidget* parent)
    : QMainWindow(parent),
      settings_(settings),
      sync_(new ViewSync(this)),
      originalPane_(new ViewPane(tr("Original"), sync_)),
      resultPane_(new ViewPane(tr("Result"), sync_)),
      compute_(new ComputeController(this)) {
    setWindowIcon(QIcon(":/icons/upsample-studio.svg"));
    // Two equal halves: equal views show exactly the same region of the picture.
    auto* central = new QWidget(this);
    auto* halves = new QHBoxLayout(central);
    halves->setContentsMargins(0, 0, 0, 0);
    halves->setSpacing(6);
    halves->addWidget(originalPane_, 1);
    halves->addWidget(resultPane_, 1);
    setCentralWidget(central);
    originalPane_->view()->clear(tr("Open a picture or a .npy tensor (File \u25b8 Open, drag and drop, or File "
                                    "\u25b8 Samples)"));
    resultPane_->view()->clear(QString());

    createActions();
    createDockWindows();  // the docks and the analysis tools
    createMenus();        // the View menu toggles the docks
    placeDocks();         // after the menu bar, which takes its height first
    createStatusBar();

    connect(originalPane_->view(), &ImageView::hovered, this, &MainWindow::setHover);
    connect(resultPane_->view(), &ImageView::hovered, this, &MainWindow::setHover);
    connect(sync_, &ViewSync::hoverChanged, this, &MainWindow::onHoverChanged);
    connect(compute_, &ComputeController::finished, this, &MainWindow::onComputeFinished);
    connect(compute_, &ComputeController::busyChanged, this, &MainWindow::onBusyChanged);
    connect(compute_, &ComputeController::cancelled, this, [this] {
        statusBar()->showMessage(tr("Cancelled: the result shown is the previous one"), 5000);
        updateResultCaption();
        updateViews();
    });

    setAcceptDrops(true);
    setWindowTitle(tr("Upsample Studio"));
    resize(1440, 880);
    if (!settings_.geometry().isEmpty()) restoreGeometry(settings_.geometry());
    if (!settings_.windowState().isEmpty()) restoreState(settings_.windowState());
    if (const auto last = settings_.lastSpec()) specDock_->setState(*last);
    updateRecentFilesMenu();
    updateActions();
}

MainWindow::~MainWindow() = default;

// ---- construction (after Qt's examples: actions, menus, docks) ----

void MainWindow::createActions() {
    openAct_ = new QAction(QIcon::fromTheme("document-open"), tr("&Open..."), this);
    openAct_->setShortcuts(QKeySequence::Open);
    openAct_->setStatusTip(tr("Open a picture (PNG, JPEG, BMP, TIFF, WebP) or a .npy tensor"));
    connect(openAct_, &QAction::triggered, this, &MainWindow::open);

    int n = 1;
    for (const Sample& s : SampleLibrary::all()) {
        auto* a = new QAction(s.title, this);
        a->setShortcut(QKeySequence(QString("Alt+%1").arg(n++)));
        a->setStatusTip(s.description);
        const QString id = s.id;
        connect(a, &QAction::triggered, this, [this, id] { openSample(id); });
        sampleActs_ << a;
    }

    exportImageAct_ = new QAction(tr("Export Result &Image..."), this);
    exportImageAct_->setShortcut(QKeySequence("Ctrl+E"));
    exportImageAct_->setStatusTip(tr("Write the result as PNG or TIFF: 8-bit rounded and clamped, 16-bit for 16-bit sources"));
    connect(exportImageAct_, &QAction::triggered, this, &MainWindow::exportResultImage);

    exportNpyAct_ = new QAction(tr("Export Result as .&npy..."), this);
    exportNpyAct_->setShortcut(QKeySequence("Ctrl+Shift+E"));
    exportNpyAct_->setStatusTip(tr("Write the result's exact float values as a NumPy .npy file"));
    connect(exportNpyAct_, &QAction::triggered, this, &MainWindow::exportResultNpy);

    exportFigureAct_ = new QAction(tr("Export Side-by-Side &Figure..."), this);
    exportFigureAct_->setShortcut(QKeySequence("Ctrl+Alt+E"));
    exportFigureAct_->setStatusTip(tr("Write original and result side by side, with captions, as a PNG"));
    connect(exportFigureAct_, &QAction::triggered, this, &MainWindow::exportFigure);

    quitAct_ = new QAction(tr("&Quit"), this);
    quitAct_->setShortcut(QKeySequence("Ctrl+Q"));
    connect(quitAct_, &QAction::triggered, this, &QWidget::close);

    copyCodeAct_ = new QAction(QIcon::fromTheme("edit-copy"), tr("&Copy as PyTorch Code"), this);
    copyCodeAct_->setShortcut(QKeySequence("Ctrl+Shift+C"));
    copyCodeAct_->setStatusTip(tr("Copy the exact F.interpolate(...) call of the current spec"));
    copyCodeAct_->setToolTip(tr("Copy the F.interpolate(...) call (Ctrl+Shift+C)"));
    connect(copyCodeAct_, &QAction::triggered, this, &MainWindow::copyPythonCode);

    preferencesAct_ = new QAction(tr("&Preferences..."), this);
    preferencesAct_->setShortcut(QKeySequence("Ctrl+,"));
    connect(preferencesAct_, &QAction::triggered, this, &MainWindow::preferences);

    zoomInAct_ = new QAction(tr("Zoom &In"), this);
    zoomInAct_->setShortcuts({QKeySequence("Ctrl+="), QKeySequence("Ctrl++")});
    connect(zoomInAct_, &QAction::triggered, this, &MainWindow::zoomIn);
    zoomOutAct_ = new QAction(tr("Zoom &Out"), this);
    zoomOutAct_->setShortcut(QKeySequence("Ctrl+-"));
    connect(zoomOutAct_, &QAction::triggered, this, &MainWindow::zoomOut);
    fitAct_ = new QAction(tr("&Fit to Window"), this);
    fitAct_->setShortcut(QKeySequence("Ctrl+0"));
    connect(fitAct_, &QAction::triggered, this, &MainWindow::fitToWindow);
    actualSizeAct_ = new QAction(tr("&Actual Size (1:1)"), this);
    actualSizeAct_->setShortcut(QKeySequence("Ctrl+1"));
    actualSizeAct_->setStatusTip(tr("One screen pixel per original pixel"));
    connect(actualSizeAct_, &QAction::triggered, this, &MainWindow::actualSize);

    recomputeAct_ = new QAction(tr("&Recompute"), this);
    recomputeAct_->setShortcut(QKeySequence("F5"));
    connect(recomputeAct_, &QAction::triggered, this, &MainWindow::recompute);
    cancelAct_ = new QAction(tr("&Cancel"), this);
    cancelAct_->setShortcut(QKeySequence("Esc"));
    cancelAct_->setStatusTip(tr("Stop waiting for the running computation; the previous result stays"));
    connect(cancelAct_, &QAction::triggered, this, &MainWindow::cancelCompute);

    aboutAct_ = new QAction(tr("&About Upsample Studio"), this);
    aboutAct_->setShortcut(QKeySequence("F1"));
    connect(aboutAct_, &QAction::triggered, this, &MainWindow::about);
    seedExampleAct_ = new QAction(tr("The &4x4 Ones Example"), this);
    seedExampleAct_->setShortcut(QKeySequence("Shift+F1"));
    seedExampleAct_->setStatusTip(tr("torch.ones(1, 1, 4, 4) through nn.UpsamplingNearest2d and "
                                     "nn.UpsamplingBilinear2d, computed live"));
    connect(seedExampleAct_, &QAction::triggered, this, &MainWindow::showSeedExample);
}

// The menus, in the menu bar's order; the View menu ends with each dock's toggle.
void MainWindow::createMenus() {
    QMenu* file = menuBar()->addMenu(tr("&File"));
    file->addAction(openAct_);
    recentMenu_ = file->addMenu(tr("Open &Recent"));
    samplesMenu_ = file->addMenu(tr("&Samples"));
    samplesMenu_->addActions(sampleActs_);
    file->addSeparator();
    file->addActions({exportImageAct_, exportNpyAct_, exportFigureAct_});
    file->addSeparator();
    file->addAction(quitAct_);

    QMenu* edit = menuBar()->addMenu(tr("&Edit"));
    edit->addAction(copyCodeAct_);
    edit->addSeparator();
    edit->addAction(preferencesAct_);

    viewMenu_ = menuBar()->addMenu(tr("&View"));
    viewMenu_->setObjectName("viewMenu");
    viewMenu_->addActions({zoomInAct_, zoomOutAct_, fitAct_, actualSizeAct_});
    viewMenu_->addSeparator();
    const std::pair<QDockWidget*, const char*> toggles[] = {
        {specDock_, "Ctrl+Alt+S"}, {displayDock_, "Ctrl+Alt+D"},         {explainDock_, "Ctrl+Alt+X"},
        {mapDock_, "Ctrl+Alt+M"},  {analysis_->inspector(), "Ctrl+Alt+I"}, {analysis_->profile(), "Ctrl+Alt+L"}};
    for (const auto& [dock, keys] : toggles) {
        dock->toggleViewAction()->setShortcut(QKeySequence(keys));
        viewMenu_->addAction(dock->toggleViewAction());
    }

    QMenu* compute = menuBar()->addMenu(tr("&Compute"));
    compute->addActions({recomputeAct_, cancelAct_});

    QMenu* analysis = menuBar()->addMenu(tr("&Analysis"));
    analysis->addActions(analysis_->analysisActions());
    analysis->addSeparator();
    analysis->addActions(analysis_->exportActions());

    QMenu* help = menuBar()->addMenu(tr("&Help"));
    help->addActions({aboutAct_, seedExampleAct_});
}

// Every dock and the analysis tools, with their links to the window; placeDocks() lays the docks out.
void MainWindow::createDockWindows() {
    specDock_ = new SpecDock(this);
    specDock_->setCopyAction(copyCodeAct_);
    displayDock_ = new DisplayDock(this);
    explainDock_ = new ExplainDock(specDock_, this);
    mapDock_ = new CoordinateMapDock(specDock_, this);
    analysis_ = new AnalysisTools(*this);  // the inspector and profile docks, modes grid, A/B compare, libraries

    connect(specDock_, &SpecDock::specChanged, this, &MainWindow::onSpecChanged);
    connect(displayDock_, &DisplayDock::optionsChanged, this, &MainWindow::onDisplayChanged);
    connect(this, &MainWindow::inputChanged, explainDock_, &ExplainDock::setInputShape);
    connect(this, &MainWindow::inputChanged, mapDock_, &CoordinateMapDock::setInputShape);
    connect(this, &MainWindow::viewsUpdated, analysis_, &AnalysisTools::refresh);
    connect(analysis_, &AnalysisTools::modeChosen, this, &MainWindow::chooseMode);
}

// Where every dock goes. Left: the spec over the display, at full height. Under the views (the
// formulas are long lines, the plot and the chart want width): Explain and the coordinate map side
// by side, the inspector tabbed with Explain and the profile with the map; the inspector and the
// profile show first, and the views and the left docks keep their room.
void MainWindow::placeDocks() {
    addDockWidget(Qt::LeftDockWidgetArea, specDock_);
    addDockWidget(Qt::LeftDockWidgetArea, displayDock_);
    splitDockWidget(specDock_, displayDock_, Qt::Vertical);

    setCorner(Qt::BottomLeftCorner, Qt::LeftDockWidgetArea);
    addDockWidget(Qt::BottomDockWidgetArea, explainDock_);
    addDockWidget(Qt::BottomDockWidgetArea, mapDock_);
    splitDockWidget(explainDock_, mapDock_, Qt::Horizontal);
    resizeDocks({explainDock_}, {330}, Qt::Vertical);
    resizeDocks({explainDock_, mapDock_}, {1, 1}, Qt::Horizontal);

    InspectorDock* inspector = analysis_->inspector();
    ProfileDock* profile = analysis_->profile();
    addDockWidget(Qt::BottomDockWidgetArea, inspector);
    addDockWidget(Qt::BottomDockWidgetArea, profile);
    splitDockWidget(inspector, profile, Qt::Horizontal);
    resizeDocks({inspector}, {280}, Qt::Vertical);

    tabifyDockWidget(inspector, explainDock_);
    tabifyDockWidget(profile, mapDock_);
    inspector->raise();
    profile->raise();
    resizeDocks({specDock_}, {300}, Qt::Horizontal);
}

void MainWindow::createStatusBar() {
    hoverLabel_ = new QLabel(this);
    hoverLabel_->setObjectName("hoverLabel");
    hoverLabel_->setTextInteractionFlags(Qt::TextSelectableByMouse);
    statusBar()->addWidget(hoverLabel_, 1);
    noticeLabel_ = new QLabel(this);
    noticeLabel_->setStyleSheet("color: #b35900");
    statusBar()->addPermanentWidget(noticeLabel_);
    runLabel_ = new QLabel(this);
    runLabel_->setObjectName("runLabel");
    statusBar()->addPermanentWidget(runLabel_);
    progress_ = new QProgressBar(this);
    progress_->setRange(0, 0);  // busy: the core reports no progress
    progress_->setMaximumWidth(120);
    progress_->setVisible(false);
    statusBar()->addPermanentWidget(progress_);
    cancelButton_ = new QToolButton(this);
    cancelButton_->setDefaultAction(cancelAct_);
    cancelButton_->setVisible(false);
    statusBar()->addPermanentWidget(cancelButton_);
    busyDelay_ = new QTimer(this);
    busyDelay_->setSingleShot(true);
    busyDelay_->setInterval(150);
    connect(busyDelay_, &QTimer::timeout, this, [this] {
        progress_->setVisible(true);
        cancelButton_->setVisible(true);
    });
}

// ---- opening ----

bool MainWindow::openFile(const QString& path) {
    InputDocument doc;
    try {
        doc = loadInput(path, settings_.maxResultBytes());
    } catch (const std::exception& e) {
        showError(tr("Cannot open file"), qs(e.what()));
        return false;
    }
    compute_->cancel();
    input_ = std::move(doc);
    result_.reset();
    resultError_.clear();
    if (!path.startsWith(":")) {
        settings_.addRecentFile(QFileInfo(path).absoluteFilePath());
        rememberFolderOf(path);
        updateRecentFilesMenu();
    }
    setWindowTitle(tr("%1 \u2014 Upsample Studio").arg(input_->displayName));
    displayDock_->setInput(*input_);
    {
        const QSignalBlocker block(specDock_);
        specDock_->setSpatialDims(input_->spatialDims());
    }
    const PlaneView plane = originalPlane();
    sync_->setSourceSize(QSizeF(plane.width(), plane.height()));
    sync_->setHover(std::nullopt);
    updateViews();
    if (isVisible()) fitToWindow();
    else fitPending_ = true;
    updateActions();
    if (input_->tensor.rank() == 3) statusBar()->showMessage(input_->notices.last(), 15000);
    emit inputChanged(input_->tensor.shape());
    recompute();
    return true;
}

bool MainWindow::openSample(const QString& id) {
    const auto s = SampleLibrary::byId(id);
    if (!s) {
        QStringList ids;
        for (const auto& x : SampleLibrary::all()) ids << x.id;
        showError(tr("No such sample"), tr("There is no sample '%1'; the samples are %2").arg(id, ids.join(", ")));
        return false;
    }
    const bool ok = openFile(s->path);
    if (ok) {
        input_->displayName = s->title;
        setWindowTitle(tr("%1 \u2014 Upsample Studio").arg(s->title));
        updateOriginalCaption();
    }
    return ok;
}

void MainWindow::open() {
    const QString path = QFileDialog::getOpenFileName(
        this, tr("Open"), settings_.lastFolder(),
        tr("Pictures and tensors (*.png *.jpg *.jpeg *.bmp *.tif *.tiff *.webp *.npy);;NumPy tensors (*.npy);;"
           "Pictures (*.png *.jpg *.jpeg *.bmp *.tif *.tiff *.webp);;All files (*)"));
    if (!path.isEmpty()) openFile(path);
}

void MainWindow::rememberFolderOf(const QString& path) { settings_.setLastFolder(QFileInfo(path).absolutePath()); }

void MainWindow::updateRecentFilesMenu() {
    recentMenu_->clear();
    const QStringList files = settings_.recentFiles();
    int n = 1;
    for (const QString& f : files) {
        QAction* a = recentMenu_->addAction(QString("&%1 %2").arg(n).arg(QFileInfo(f).fileName()));
        a->setShortcut(QKeySequence(QString("Ctrl+Alt+%1").arg(n)));
        a->setStatusTip(f);
        connect(a, &QAction::triggered, this, [this, f] {
            if (!openFile(f)) {
                settings_.removeRecentFile(f);
                updateRecentFilesMenu();
            }
        });
        ++n;
    }
    if (!files.isEmpty()) recentMenu_->addSeparator();
    QAction* clear = recentMenu_->addAction(tr("&Clear List"));
    clear->setShortcut(QKeySequence("Ctrl+Alt+0"));
    clear->setEnabled(!files.isEmpty());
    connect(clear, &QAction::triggered, this, [this] {
        settings_.clearRecentFiles();
        updateRecentFilesMenu();
    });
}

void MainWindow::dragEnterEvent(QDragEnterEvent* e) {
    if (e->mimeData()->hasUrls() && !e->mimeData()->urls().isEmpty() && e->mimeData()->urls().first().isLocalFile())
        e->acceptProposedAction();
}

void MainWindow::dropEvent(QDropEvent* e) {
    const auto urls = e->mimeData()->urls();
    if (urls.isEmpty() || !urls.first().isLocalFile()) return;
    e->acceptProposedAction();
    openFile(urls.first().toLocalFile());
}

// ---- compute ----

void MainWindow::recompute() {
    if (!input_) return;
    ComputeRequest r;
    r.input = input_->tensor;
    r.spec = specDock_->spec();
    r.options.maxBytes = settings_.maxResultBytes();
    r.options.threads = settings_.cpuThreads();
    compute_->request(std::move(r));
    updateResultCaption();
}

void MainWindow::cancelCompute() { compute_->cancel(); }

void MainWindow::waitForCompute() { compute_->waitForIdle(); }

void MainWindow::onSpecChanged() {
    settings_.setLastSpec(specDock_->state());
    recompute();
}

void MainWindow::onComputeFinished(const ComputeOutcome& o) {
    if (o.ok) {
        result_ = o;
        resultError_.clear();
        QStringList notices;
        for (const auto& n : o.report.notices) notices << qs(n);
        noticeLabel_->setText(notices.join("; "));
        noticeLabel_->setToolTip(notices.join("\n"));
        runLabel_->setText(tr("%1 ms on %2").arg(QString::number(o.report.milliseconds, 'f', 2), qs(o.report.backend)));
        updateViews();
        updateActions();
        return;
    }
    result_.reset();
    const QString call = qs(toPythonCall(o.spec));
    const QString inShape = input_ ? shapeText(input_->tensor) : QString();
    if (o.tooLarge) {
        resultError_ = tr("Refused: %1").arg(o.error);
        showError(tr("Result too large"),
                  tr("%1\n\n%2 on an input of shape %3 was not computed. The limit (%4 bytes) can be changed in "
                     "Edit \u25b8 Preferences.")
                      .arg(o.error, call, inShape)
                      .arg(o.limit));
    } else if (!o.pythonError.isEmpty()) {
        resultError_ = o.pythonError + ": " + o.error;
        showError(tr("F.interpolate refuses this spec"),
                  tr("%1: %2\n\nCall: %3\nInput shape: %4").arg(o.pythonError, o.error, call, inShape));
    } else {
        resultError_ = o.error;
        showError(tr("Computation failed"), tr("%1\n\nCall: %2\nInput shape: %3").arg(o.error, call, inShape));
    }
    runLabel_->clear();
    updateViews();
    updateActions();
}

void MainWindow::onBusyChanged(bool busy) {
    if (busy) {
        busyDelay_->start();
    } else {
        busyDelay_->stop();
        progress_->setVisible(false);
        cancelButton_->setVisible(false);
    }
    cancelAct_->setEnabled(busy);
    updateResultCaption();
}

// ---- display ----

PlaneView MainWindow::originalPlane() const {
    if (!input_) return {};
    return PlaneView(input_->tensor, displayDock_->options().slice);
}

int MainWindow::resultDepthFor(int sourceDepth) const {
    if (!input_ || !result_ || input_->tensor.rank() != 5 || result_->output.empty()) return 0;
    // The result slice whose centre lies nearest to the source slice (the core's mapping).
    return static_cast<int>(outputIndexNearestSource(result_->resolved, 0, sourceDepth));
}

PlaneView MainWindow::resultPlane() const {
    if (!result_ || result_->output.empty()) return {};
    SliceSelection s = displayDock_->options().slice;
    s.depth = resultDepthFor(s.depth);
    return PlaneView(result_->output, s);
}

QSizeF MainWindow::resultPixelsPerSource() const {
    const PlaneView a = originalPlane(), b = resultPlane();
    if (!a.valid() || !b.valid()) return {1, 1};
    return {static_cast<double>(b.width()) / a.width(), static_cast<double>(b.height()) / a.height()};
}

DisplayMapping MainWindow::currentMapping() const {
    const DisplayOptions o = displayDock_->options();
    switch (o.range) {
    case RangeMode::Stored:
        if (input_ && input_->isImage()) return DisplayMapping(0.0, input_->bitDepth == 16 ? 65535.0 : 255.0, o.colorMap);
        break;
    case RangeMode::User: return DisplayMapping(o.userLow, o.userHigh, o.colorMap);
    case RangeMode::Auto: break;
    }
    // Auto: one range over both views, so equal values look equal on both sides.
    const auto r = autoRange();
    if (!r) return DisplayMapping(0.0, 1.0, o.colorMap);
    return DisplayMapping(r->first, r->second, o.colorMap);
}

std::optional<std::pair<double, double>> MainWindow::autoRange() const {
    const PlaneView op = originalPlane(), rp = resultPlane();
    const void* a = op.valid() ? op.tensor().raw() : nullptr;
    const void* b = rp.valid() ? rp.tensor().raw() : nullptr;
    const SliceSelection slice = displayDock_->options().slice;
    if (rangeCache_ && rangeCache_->original.raw() == a && rangeCache_->result.raw() == b &&
        rangeCache_->slice == slice)
        return rangeCache_->range;
    std::optional<std::pair<double, double>> r = DisplayMapping::finiteRange(op);
    if (rp.valid()) {
        if (const auto rr = DisplayMapping::finiteRange(rp)) {
            if (!r) r = rr;
            else r = std::make_pair(std::min(r->first, rr->first), std::max(r->second, rr->second));
        }
    }
    rangeCache_ = RangeCache{op.valid() ? op.tensor() : Tensor(), rp.valid() ? rp.tensor() : Tensor(), slice, r};
    return r;
}

void MainWindow::onDisplayChanged() { updateViews(); }

void MainWindow::updateViews() {
    if (!input_) return;
    const DisplayMapping mapping = currentMapping();
    const PlaneView op = originalPlane();
    originalPane_->view()->setPlane(op, mapping, {1, 1});
    const PlaneView rp = resultPlane();
    if (rp.valid()) {
        resultPane_->view()->setPlane(rp, mapping, resultPixelsPerSource());
    } else if (result_) {
        resultPane_->view()->clear(tr("The result %1 has no elements").arg(shapeText(result_->output)));
    } else {
        resultPane_->view()->clear(compute_->busy() ? tr("Computing...") : resultError_);
    }
    displayDock_->setShownRange(mapping.low(), mapping.high(), input_->tensor.dtype());
    if (input_->tensor.rank() == 5 && result_) {
        const int depth = resultDepthFor(displayDock_->options().slice.depth);
        displayDock_->setResultDepth(depth, static_cast<int>(result_->output.dim(2)),
                                     outputCenterInSource(result_->resolved, 0, depth));
    }
    updateOriginalCaption();
    updateResultCaption();
    onHoverChanged();
    emit viewsUpdated();
}

void MainWindow::updateOriginalCaption() {
    if (!input_) {
        originalPane_->setCaption(QString());
        return;
    }
    QString extra = input_->displayName;
    if (input_->isImage()) extra += tr(" \u00b7 %1-bit picture, values as stored").arg(input_->bitDepth);
    if (input_->tensor.rank() == 5) extra += tr(" \u00b7 depth slice %1").arg(originalPlane().selection().depth);
    if (input_->tensor.rank() == 3) extra += tr(" \u00b7 (N, C, L): rows are channels");
    originalPane_->setCaption(shapeText(input_->tensor) + " " + dtypeText(input_->tensor), extra);
}

void MainWindow::updateResultCaption() {
    const bool busy = compute_->busy();
    if (!result_) {
        if (!resultError_.isEmpty()) resultPane_->setCaption(QString(), resultError_, true);
        else resultPane_->setCaption(QString(), busy ? tr("computing...") : QString());
        return;
    }
    const ComputeOutcome& r = *result_;
    QString extra = qs(std::string(modeName(r.resolved.mode)));
    if (r.resolved.alignCorners) extra += ", align_corners";
    if (r.resolved.antialias) extra += ", antialias";
    if (r.resolved.recomputed) extra += ", scale recomputed";
    extra += tr(" \u00b7 %1 ms on %2").arg(QString::number(r.report.milliseconds, 'f', 2), qs(r.report.backend));
    if (input_ && input_->tensor.rank() == 5) extra += tr(" \u00b7 depth slice %1").arg(resultPlane().selection().depth);
    if (busy) extra += tr(" \u00b7 updating...");
    else if (toPythonCall(r.spec) != toPythonCall(specDock_->spec()))
        extra += tr(" \u00b7 computed for %1 (cancelled since; F5 recomputes)").arg(qs(toPythonCall(r.spec)));
    resultPane_->setCaption(shapeText(r.output) + " " + dtypeText(r.output), extra);
}

QString MainWindow::originalCaption() const { return originalPane_->caption(); }
QString MainWindow::resultCaption() const { return resultPane_->caption(); }
ImageView* MainWindow::originalView() const { return originalPane_->view(); }
ImageView* MainWindow::resultView() const { return resultPane_->view(); }
QString MainWindow::hoverText() const { return hoverLabel_->text(); }

void MainWindow::setHover(std::optional<QPointF> sourcePoint) { sync_->setHover(sourcePoint); }
upsample::Spec MainWindow::spec() const { return specDock_->spec(); }
SliceSelection MainWindow::shownSlice() const { return displayDock_->options().slice; }

void MainWindow::onHoverChanged() {
    const auto h = sync_->hover();
    if (!h || !input_) {
        hoverLabel_->clear();
        return;
    }
    auto describe = [](const QString& name, const ImageView* v, QPointF s) {
        const auto pix = v->pixelAt(s);
        if (!pix) return QString();
        const PlaneView& p = v->plane();
        QStringList values;
        for (int k = 0; k < p.channels(); ++k) values << formatValue(p.value(pix->x(), pix->y(), k), p.dtype());
        const QString value = values.size() == 1 ? values[0] : "(" + values.join(", ") + ")";
        return QString("%1 %2 = %3").arg(name, p.indexText(pix->x(), pix->y()), value);
    };
    QStringList parts;
    parts << tr("at x %1, y %2 (original pixels)").arg(h->x(), 0, 'f', 2).arg(h->y(), 0, 'f', 2);
    const QString a = describe(tr("original"), originalPane_->view(), *h);
    const QString b = describe(tr("result"), resultPane_->view(), *h);
    if (!a.isEmpty()) parts << a;
    if (!b.isEmpty()) parts << b;
    hoverLabel_->setText(parts.join("   \u2502   "));
}

// ---- zoom ----

void MainWindow::zoomIn() { sync_->zoomBy(1.25); }
void MainWindow::zoomOut() { sync_->zoomBy(0.8); }
void MainWindow::actualSize() { sync_->actualSize(); }
void MainWindow::fitToWindow() {
    const QSize a = originalPane_->view()->size(), b = resultPane_->view()->size();
    sync_->fit(QSize(std::min(a.width(), b.width()), std::min(a.height(), b.height())));
}

// ---- export ----

QString MainWindow::askSavePath(const QString& caption, const QString& filter, const QString& suffix,
                                const QString& suggestedName) {
    QFileDialog dialog(this, caption, settings_.lastFolder(), filter);
    dialog.setAcceptMode(QFileDialog::AcceptSave);  // asks before overwriting
    dialog.setDefaultSuffix(suffix);
    dialog.selectFile(suggestedName);
    if (dialog.exec() != QDialog::Accepted || dialog.selectedFiles().isEmpty()) return QString();
    const QString path = dialog.selectedFiles().first();
    rememberFolderOf(path);
    return path;
}

namespace {
QString suggestedBase(const std::optional<InputDocument>& in, const std::optional<ComputeOutcome>& r) {
    QString base = in ? QFileInfo(in->path).completeBaseName() : QString("result");
    if (r) base += "_" + QString::fromStdString(std::string(modeName(r->resolved.mode)));
    return base;
}
}  // namespace

void MainWindow::exportResultImage() {
    if (!result_) return;
    const QString path = askSavePath(tr("Export Result Image"), tr("PNG (*.png);;TIFF (*.tif *.tiff)"), "png",
                                     suggestedBase(input_, result_) + ".png");
    if (!path.isEmpty()) exportResultImageTo(path);
}

void MainWindow::exportResultNpy() {
    if (!result_) return;
    const QString path = askSavePath(tr("Export Result as .npy"), tr("NumPy (*.npy)"), "npy",
                                     suggestedBase(input_, result_) + ".npy");
    if (!path.isEmpty()) exportResultNpyTo(path);
}

void MainWindow::exportFigure() {
    if (!result_) return;
    const QString path = askSavePath(tr("Export Side-by-Side Figure"), tr("PNG (*.png)"), "png",
                                     suggestedBase(input_, result_) + "_figure.png");
    if (!path.isEmpty()) exportFigureTo(path);
}

bool MainWindow::exportResultImageTo(const QString& path) {
    if (!result_ || !input_) {
        showError(tr("Nothing to export"), tr("There is no result yet to write to '%1'").arg(path));
        return false;
    }
    try {
        ExportActions::writeResultImage(path, result_->output, input_->bitDepth);
    } catch (const std::exception& e) {
        showError(tr("Export failed"), qs(e.what()));
        return false;
    }
    statusBar()->showMessage(tr("Wrote %1").arg(path), 5000);
    return true;
}

bool MainWindow::exportResultNpyTo(const QString& path) {
    if (!result_) {
        showError(tr("Nothing to export"), tr("There is no result yet to write to '%1'").arg(path));
        return false;
    }
    try {
        ExportActions::writeNpy(path, result_->output);
    } catch (const std::exception& e) {
        showError(tr("Export failed"), qs(e.what()));
        return false;
    }
    statusBar()->showMessage(tr("Wrote %1").arg(path), 5000);
    return true;
}

bool MainWindow::exportFigureTo(const QString& path) {
    if (!result_ || !input_) {
        showError(tr("Nothing to export"), tr("There is no result yet to write to '%1'").arg(path));
        return false;
    }
    const PlaneView op = originalPlane(), rp = resultPlane();
    if (!op.valid() || !rp.valid()) {
        showError(tr("Export failed"), tr("The result %1 has no elements to draw").arg(shapeText(result_->output)));
        return false;
    }
    FigurePanel a{tr("Original"), shapeText(input_->tensor), op, {1, 1}};
    FigurePanel b{tr("Result"), shapeText(result_->output), rp, resultPixelsPerSource()};
    QString subtitle = input_->displayName;
    if (input_->tensor.rank() == 5)
        subtitle += tr(" \u00b7 depth slice %1 \u2192 %2").arg(op.selection().depth).arg(rp.selection().depth);
    subtitle += tr(" \u00b7 %1 ms on %2").arg(QString::number(result_->report.milliseconds, 'f', 2),
                                               qs(result_->report.backend));
    try {
        const QImage fig = ExportActions::renderFigure(a, b, currentMapping(), qs(toPythonCall(result_->spec)), subtitle,
                                                       QSizeF(op.width(), op.height()));
        ExportActions::writePng(path, fig);
    } catch (const std::exception& e) {
        showError(tr("Export failed"), qs(e.what()));
        return false;
    }
    statusBar()->showMessage(tr("Wrote %1").arg(path), 5000);
    return true;
}

void MainWindow::copyPythonCode() {
    const QString code = ExportActions::pythonCode(specDock_->spec());
    QApplication::clipboard()->setText(code);
    statusBar()->showMessage(tr("Copied: %1").arg(code), 5000);
}

// ---- misc ----

void MainWindow::showStatus(const QString& message, int ms) { statusBar()->showMessage(message, ms); }

void MainWindow::chooseMode(upsample::Mode mode, std::optional<bool> alignCorners, const QString& label) {
    SpecState s = specDock_->state();
    s.mode = mode;
    s.alignCorners = alignCorners;
    specDock_->setState(s);
    statusBar()->showMessage(tr("Current result: %1").arg(label), 5000);
}

namespace {
constexpr const char* kExampleCall = "nn.UpsamplingBilinear2d(scale_factor=2)";
}

SeedExampleDialog* MainWindow::seedExampleDialog() const { return seedDialog_; }

bool MainWindow::showExampleInStudio(const QString& example) {
    if (!openSample(example == "arange4x4" ? "arange" : "ones")) return false;
    explainDock_->show();
    explainDock_->raise();
    explainDock_->setCallText(kExampleCall);
    return explainDock_->applyCall();
}

SeedExampleDialog* MainWindow::showSeedExample() {
    if (!seedDialog_) {
        seedDialog_ = new SeedExampleDialog(this);
        connect(seedDialog_, &SeedExampleDialog::showInStudio, this, [this](const QString& ex) {
            if (showExampleInStudio(ex))
                seedDialog_->setStatus(tr("Loaded in the studio, with %1 in the Explain dock.").arg(kExampleCall));
        });
    }
    if (!input_) {
        if (showExampleInStudio("ones4x4"))
            seedDialog_->setStatus(tr("Nothing was open, so the studio now shows torch.ones(1, 1, 4, 4) with %1 in "
                                      "the Explain dock.")
                                       .arg(kExampleCall));
    } else {
        seedDialog_->setStatus(tr("\u201cShow in the Studio\u201d loads this input in place of %1 and explains %2 "
                                  "on it.")
                                   .arg(input_->displayName, kExampleCall));
    }
    seedDialog_->show();
    seedDialog_->raise();
    seedDialog_->activateWindow();
    return seedDialog_;
}

void MainWindow::preferences() {
    PreferencesDialog dialog(settings_, this);
    if (dialog.exec() == QDialog::Accepted) recompute();
}

void MainWindow::about() {
    QMessageBox::about(this, tr("About Upsample Studio"),
                       tr("<h3>Upsample Studio %1</h3>"
                          "<p>Shows exactly what PyTorch's <code>torch.nn.functional.interpolate</code> does to a "
                          "picture or a tensor: every mode, align_corners, recompute_scale_factor and antialias, "
                          "computed to PyTorch's own arithmetic.</p>"
                          "<p>Pictures are read as the float32 tensor of their stored values, as "
                          "<code>torch.from_numpy(np.array(img)).permute(2, 0, 1).float()</code> gives.</p>")
                           .arg(QApplication::applicationVersion()));
}

void MainWindow::updateActions() {
    const bool hasResult = result_.has_value();
    exportImageAct_->setEnabled(hasResult);
    exportNpyAct_->setEnabled(hasResult);
    exportFigureAct_->setEnabled(hasResult);
    recomputeAct_->setEnabled(input_.has_value());
    cancelAct_->setEnabled(compute_->busy());
}

void MainWindow::showError(const QString& title, const QString& message) {
    lastError_ = message;
    if (echoErrors_) std::fprintf(stderr, "upsample-studio: %s: %s\n", qPrintable(title), qPrintable(message));
    if (!errorBox_) {
        errorBox_ = new QMessageBox(QMessageBox::Critical, title, message, QMessageBox::Close, this);
        errorBox_->setObjectName("errorDialog");
        errorBox_->setWindowModality(Qt::WindowModal);
        errorBox_->setTextInteractionFlags(Qt::TextSelectableByMouse);
    } else {
        errorBox_->setWindowTitle(title);
        errorBox_->setText(message);
    }
    errorBox_->open();  // does not block: the window keeps updating behind it
}

void MainWindow::showEvent(QShowEvent* e) {
    QMainWindow::showEvent(e);
    if (fitPending_) {
        fitPending_ = false;
        QTimer::singleShot(0, this, &MainWindow::fitToWindow);
    }
}

void MainWindow::closeEvent(QCloseEvent* e) {
    settings_.setGeometry(saveGeometry());
    settings_.setWindowState(saveState());
    settings_.setLastSpec(specDock_->state());
    settings_.sync();
    compute_->cancel();
    e->accept();
}

}  // namespace studio
