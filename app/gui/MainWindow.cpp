#include "MainWindow.hpp"

#include <algorithm>

#include "dialogs/SeedExampleDialog.hpp"
#include "tools/AnalysisTools.hpp"
#include "tools/CompareWindow.hpp"
#include "docks/CoordinateMapDock.hpp"
#include "docks/DisplayDock.hpp"
#include "docks/ExplainDock.hpp"
#include "docks/HistogramDock.hpp"
#include "docks/RegionDock.hpp"
#include "docks/InspectorDock.hpp"
#include "docks/ProfileDock.hpp"
#include "export/ResultExports.hpp"
#include "views/ImageView.hpp"
#include "views/InputBanner.hpp"
#include "dialogs/PreferencesDialog.hpp"
#include "session/SampleLibrary.hpp"
#include "session/Settings.hpp"
#include "docks/SpecDock.hpp"
#include "views/ValueFormat.hpp"
#include "views/ViewPane.hpp"
#include "views/ViewSync.hpp"

#include "upsample/error.hpp"
#include "upsample/inspect.hpp"
#include "upsample/opencl.hpp"
#include "upsample/tensor.hpp"
#include "upsample/version.hpp"

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
#include <QVBoxLayout>
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
}  // namespace

MainWindow::MainWindow(Settings& settings, QWidget* parent)
    : QMainWindow(parent),
      settings_(settings),
      sync_(new ViewSync(this)),
      originalPane_(new ViewPane(tr("Original"), sync_)),
      resultPane_(new ViewPane(tr("Result"), sync_)),
      compute_(new ComputeController(this)),
      loader_(new LoadController(this)),
      exports_(new ResultExports(*this, this)) {
    setWindowIcon(QIcon(":/icons/upsample-studio.svg"));
    // Two equal halves: equal views show exactly the same region of the picture; the input's bar
    // (a refused dtype, an offer of another reading) above them when it has something to say.
    auto* central = new QWidget(this);
    auto* column = new QVBoxLayout(central);
    column->setContentsMargins(0, 0, 0, 0);
    banner_ = new InputBanner(central);
    column->addWidget(banner_);
    auto* halves = new QHBoxLayout;
    halves->setSpacing(6);
    halves->addWidget(originalPane_, 1);
    halves->addWidget(resultPane_, 1);
    column->addLayout(halves, 1);
    setCentralWidget(central);
    originalPane_->view()->clear(tr("Open a picture or a .npy tensor (File \u25b8 Open, drag and drop, or File "
                                    "\u25b8 Samples)"));
    resultPane_->view()->clear(QString());

    createActions();
    createDockWindows();  // the docks and the analysis tools
    createMenus();        // the View menu toggles the docks
    placeDocks();         // after the menu bar, which takes its height first
    createStatusBar();
    createNavigation();  // zoom keys, slice keys, the zoom in the status bar, shortcuts over text fields

    connect(originalPane_->view(), &ImageView::hovered, this, &MainWindow::setHover);
    connect(resultPane_->view(), &ImageView::hovered, this, &MainWindow::setHover);
    connect(sync_, &ViewSync::hoverChanged, this, &MainWindow::onHoverChanged);
    connect(compute_, &ComputeController::finished, this, &MainWindow::onComputeFinished);
    connect(compute_, &ComputeController::busyChanged, this, &MainWindow::updateBusy);
    connect(compute_, &ComputeController::progress, this, &MainWindow::onComputeProgress);
    connect(loader_, &LoadController::busyChanged, this, &MainWindow::updateBusy);
    connect(loader_, &LoadController::finished, this, &MainWindow::onLoadFinished);
    connect(loader_, &LoadController::progress, this, [this](quint64, double fraction, double secondsLeft) {
        showProgress(tr("reading %1: ").arg(QFileInfo(loader_->busyPath()).fileName()), fraction, secondsLeft);
    });
    connect(loader_, &LoadController::cancelled, this, [this] {
        statusBar()->showMessage(tr("Cancelled reading the file: the input shown is the previous one"), 5000);
    });
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

// Every dock and the analysis tools, with their links to the window; placeDocks() lays the docks out.
void MainWindow::createDockWindows() {
    specDock_ = new SpecDock(this);
    specDock_->setCopyAction(copyCodeAct_);
    displayDock_ = new DisplayDock(this);
    explainDock_ = new ExplainDock(specDock_, this);
    mapDock_ = new CoordinateMapDock(specDock_, this);
    analysis_ = new AnalysisTools(*this);  // the inspector and profile docks, modes grid, A/B compare, libraries
    histogramDock_ = new HistogramDock(*this, this);
    histogramDock_->setDifferenceSource([compare = analysis_->compare()] { return compare->difference(); });
    regionDock_ = new RegionDock(*this, this);
    regionDock_->setDifferenceSource([compare = analysis_->compare()] {
        return compare->stats() ? RegionDock::Difference{compare->differencePlane(), compare->differencePerSource(),
                                                          compare->title()}
                                : RegionDock::Difference{};
    });

    connect(specDock_, &SpecDock::specChanged, this, &MainWindow::onSpecChanged);
    connect(displayDock_, &DisplayDock::optionsChanged, this, &MainWindow::onDisplayChanged);
    connect(this, &MainWindow::inputChanged, explainDock_, &ExplainDock::setInputShape);
    connect(this, &MainWindow::inputChanged, specDock_, &SpecDock::setInputShape);
    connect(this, &MainWindow::inputChanged, mapDock_, &CoordinateMapDock::setInputShape);
    connect(this, &MainWindow::viewsUpdated, analysis_, &AnalysisTools::refresh);
    connect(analysis_, &AnalysisTools::modeChosen, this, &MainWindow::chooseMode);
    connect(this, &MainWindow::viewsUpdated, histogramDock_, &HistogramDock::refresh);
    connect(this, &MainWindow::viewsUpdated, regionDock_, &RegionDock::refresh);
    // Dragging the histogram's low/high lines sets a User range.
    connect(histogramDock_, &HistogramDock::rangeEdited, this, [this](double low, double high) {
        DisplayOptions o = displayDock_->options();
        o.range = RangeMode::User;
        o.userLow = low;
        o.userHigh = high;
        displayDock_->setOptions(o);
    });
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
    tabifyDockWidget(profile, histogramDock_);
    tabifyDockWidget(profile, regionDock_);
    inspector->raise();
    profile->raise();
    // The left docks as wide as their controls need (with the scroll bar), no wider.
    resizeDocks({specDock_}, {std::max(specDock_->minimumSizeHint().width(), displayDock_->minimumSizeHint().width())},
                Qt::Horizontal);
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
    progress_->setRange(0, 0);  // busy until the first report (onComputeProgress)
    progress_->setMaximumWidth(320);
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

bool MainWindow::openDocument(InputDocument doc) {
    const QString path = doc.path;
    compute_->cancel();
    input_ = std::move(doc);
    result_.reset();
    resultDepthStepFrom_ = -1;
    resultError_.clear();
    banner_->dismiss();  // it spoke of the previous input
    // A failed open's dialog is stale once another input opened (a live-link open after a refused
    // last file at start).
    if (errorBox_ && errorBox_->isVisible() && errorBox_->windowTitle() == tr("Cannot open file")) errorBox_->close();
    if (!path.isEmpty() && !path.startsWith(":")) {
        settings_.addRecentFile(QFileInfo(path).absoluteFilePath());
        rememberFolderOf(path);
        updateRecentFilesMenu();
    }
    setWindowTitle(tr("%1 \u2014 Upsample Studio").arg(input_->displayName));
    displayDock_->setInput(*input_);
    applyRememberedDisplay();
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
    if (!input_->addedDims.isEmpty() || input_->readingIsAmbiguous())
        statusBar()->showMessage(input_->notices.last(), 15000);
    updateReadingMenu();
    showReadingOffer();
    emit inputChanged(input_->tensor.shape());
    recompute();
    return true;
}

void MainWindow::rememberFolderOf(const QString& path) { settings_.setLastFolder(QFileInfo(path).absolutePath()); }

void MainWindow::recompute() {
    if (!input_) return;
    ComputeRequest r;
    r.input = input_->tensor;
    r.spec = specDock_->spec();
    r.options.maxBytes = settings_.maxResultBytes();
    r.options.threads = settings_.cpuThreads();
    upsample::setStorageCacheLimit(settings_.maxResultBytes() / 4);  // freed results kept: README's L/4
    compute_->request(std::move(r));
    resultError_.clear();  // a refusal of the previous spec no longer applies
    updateResultCaption();
}

void MainWindow::cancelCompute() {
    loader_->cancel();
    compute_->cancel();
}

void MainWindow::waitForCompute() {
    loader_->waitForIdle();  // a file being read is computed when it opens
    compute_->waitForIdle();
}

void MainWindow::onSpecChanged() {
    settings_.setLastSpec(specDock_->state());
    recompute();
}

void MainWindow::onComputeFinished(const ComputeOutcome& o) {
    if (o.ok) {
        result_ = o;
        resultError_.clear();
        // The input computes now: a refusal of its dtype is over (a file that could not be read is not).
        const bool aboutAFile = banner_->title() == tr("Cannot open file") || banner_->title() == tr("Cannot reopen the last file");
        if (banner_->kind() == InputBanner::Kind::Refusal && !aboutAFile) banner_->dismiss();
        QStringList notices;
        for (const auto& n : o.report.notices) notices << qs(n);
        noticeLabel_->setText(notices.join("; "));
        noticeLabel_->setToolTip(notices.join("\n"));
        runLabel_->setText(tr("%1 ms on %2").arg(QString::number(o.report.milliseconds, 'f', 2), qs(o.report.backend)));
        updateViews();
        updateActions();
        return;
    }
    if (!o.tooLarge) result_.reset();  // a refused size keeps the last good result on show
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
        const QString text = tr("%1: %2\n\nCall: %3\nInput shape: %4").arg(o.pythonError, o.error, call, inShape);
        if (o.dtypeRefused) showDtypeRefusal(text);
        else showError(tr("F.interpolate refuses this spec"), text);
    } else {
        resultError_ = o.error;
        const QString text = tr("%1\n\nCall: %2\nInput shape: %3").arg(o.error, call, inShape);
        if (o.dtypeRefused) showDtypeRefusal(text, /*computedByPyTorch=*/true);
        else showError(tr("Computation failed"), text);
    }
    runLabel_->clear();
    updateViews();
    updateActions();
}

// The progress bar and Cancel show while a file is read or a result computed.
void MainWindow::updateBusy() {
    const bool busy = compute_->busy() || loader_->busy();
    if (busy) {
        busyDelay_->start();
    } else {
        busyDelay_->stop();
        progress_->setVisible(false);
        progress_->setRange(0, 0);
        cancelButton_->setVisible(false);
    }
    cancelAct_->setEnabled(busy);
    updateResultCaption();
}

// ---- export ----

QString MainWindow::askSavePath(const QString& caption, const QString& filter, const QString& suffix,
                                const QString& suggestedName) {
    QFileDialog dialog(this, caption, settings_.saveStartFolder(), filter);
    dialog.setAcceptMode(QFileDialog::AcceptSave);  // asks before overwriting
    dialog.setDefaultSuffix(suffix);
    dialog.selectFile(suggestedName);
    if (dialog.exec() != QDialog::Accepted || dialog.selectedFiles().isEmpty()) return QString();
    const QString path = dialog.selectedFiles().first();
    rememberFolderOf(path);
    settings_.setLastExportFolder(QFileInfo(path).absolutePath());
    return path;
}

bool MainWindow::exportResultImageTo(const QString& path) { return exports_->writeImage(path); }
bool MainWindow::exportResultNpyTo(const QString& path) { return exports_->writeNpy(path); }
bool MainWindow::exportFigureTo(const QString& path) { return exports_->writeFigure(path); }

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
            if (!confirmReplacingInput(ex)) {
                seedDialog_->setStatus(tr("Kept %1 open; nothing was replaced.").arg(input_->displayName));
                return;
            }
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

// Where `auto` computes, said here once (a result's status bar names the backend that ran it).
QString MainWindow::backendText() const {
    const upsample::OpenCLInventory inv = upsample::probeOpenCL().inventory;
    if (inv.defaultDevice < 0)
        return tr("<p>Backend: the CPU. OpenCL is unavailable (%1); with an OpenCL driver "
                  "(<code>pocl-opencl-icd</code>, or a GPU's) the studio uses its device.</p>")
            .arg(QString::fromStdString(inv.problem.empty() ? "no usable OpenCL device" : inv.problem).toHtmlEscaped());
    const auto& d = inv.devices[static_cast<std::size_t>(inv.defaultDevice)];
    const QString name = QString::fromStdString(d.name).toHtmlEscaped();
    if (d.type == "CPU")
        return tr("<p>Backend: the CPU, or the OpenCL CPU device '%1' for the modes its calibration "
                  "(<code>upsample-cli devices --calibrate</code>) measured faster.</p>").arg(name);
    return tr("<p>Backend: OpenCL device '%1' (%2).</p>").arg(name, QString::fromStdString(d.type));
}

QString MainWindow::aboutText() const {
    return tr("<h3>Upsample Studio %1</h3>"
              "<p>Shows exactly what PyTorch's <code>torch.nn.functional.interpolate</code> does to a "
              "picture or a tensor: every mode, align_corners, recompute_scale_factor and antialias, "
              "computed to PyTorch's own arithmetic.</p>"
              "<p>Pictures are read as the float32 tensor of their stored values, as "
              "<code>torch.from_numpy(np.array(img)).permute(2, 0, 1).float()</code> gives.</p>%2")
        .arg(QString::fromLatin1(upsample::kVersion), backendText());
}

void MainWindow::about() { QMessageBox::about(this, tr("About Upsample Studio"), aboutText()); }

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
    settings_.setColorMap(displayDock_->options().colorMap);
    settings_.setRangeMode(displayDock_->options().range);
    settings_.sync();
    loader_->cancel();
    compute_->cancel();
    e->accept();
}

}  // namespace studio
