// The studio's main window: original and result side by side (synchronised zoom and pan), the
// docks, the analysis tools, background compute, export and the menus. It owns every dock and
// tool as a member, makes its actions, menus and docks each in one function (after Qt's
// Application and Dock Widgets examples) and only wires things together: values come from the
// core, pixels from DisplayMapping, files from imageio/core. The docks and tools see it through
// StudioContext.
#pragma once

#include "session/LoadController.hpp"
#include "session/StudioContext.hpp"

#include "upsample/analysis.hpp"

#include <QMainWindow>
#include <QMessageBox>
#include <QAbstractButton>
#include <QPointer>

#include <functional>
#include <optional>

class QAction;
class QLabel;
class QMenu;
class QProgressBar;
class QTimer;
class QToolButton;

namespace studio {

class AnalysisTools;
class CoordinateMapDock;
class DisplayDock;
class ExplainDock;
class HistogramDock;
class InputBanner;
class RegionDock;
class ResultExports;
class SeedExampleDialog;
class ShortcutsDialog;
class ImageView;
class Settings;
class SpecDock;
class ViewPane;
class ViewSync;

class MainWindow : public QMainWindow, public StudioContext {
    Q_OBJECT
public:
    explicit MainWindow(Settings& settings, QWidget* parent = nullptr);
    ~MainWindow() override;

    // Opening. Files are read off the GUI thread (LoadController): startOpen() returns at once
    // with the read's generation, the status bar shows its progress with Cancel, a newer open
    // supersedes it, and an unreadable file gives an error dialog naming it. File ▸ Open, drops,
    // recent files, the samples and File ▸ Read 3-D Array As all start reads this way.
    quint64 startOpen(const QString& path, ArrayReading reading = ArrayReading::Auto,
                      const QString& displayName = QString(), bool forgetOnFailure = false);
    quint64 startOpen(LoadRequest request);
    // The same, waiting (the event loop runs meanwhile) for the read to end: false (after an error
    // dialog) when the file cannot be used, or when Cancel or a newer open stopped it. For
    // scripts and tests.
    bool openFile(const QString& path, ArrayReading reading = ArrayReading::Auto);
    bool openSample(const QString& id);
    // Reads the open 3-D array again as (C, H, W), (D, H, W) or PyTorch's (N, C, L) (File ▸ Read
    // 3-D Array As); false when the input is not such an array or cannot be read again.
    bool rereadAs(ArrayReading reading);
    // Starts reading the last file of the previous session, unless it is gone (false then, quietly).
    bool reopenLastFile();
    LoadController* loadController() const { return loader_; }
    // Runs the event loop until no file is being read.
    void waitForLoad();
    // Shows a tensor that was read elsewhere (the live link) as the input; false (after an error
    // dialog) when it cannot be used.
    bool openDocument(InputDocument doc);

    // Exports of the current result; false (after an error dialog) on failure. These write
    // without asking: the file dialogs ask before overwriting.
    bool exportResultImageTo(const QString& path);
    bool exportResultNpyTo(const QString& path);
    bool exportFigureTo(const QString& path);

    // View commands (also in the View menu).
    void zoomIn();
    void zoomOut();
    void fitToWindow();
    void actualSize();
    // The zoom at which both views print their values (ImageView::kValuesMinCell), centred on
    // the hovered point when there is one (MainWindowNavigation.cpp).
    void zoomToValues();
    // PageUp/PageDown: the depth slice of a volume; Shift+PageUp/PageDown: the result's own slice,
    // away from the one nearest the original's (until the original's slice changes). False when
    // nothing moved.
    bool stepDepth(int delta);
    bool stepResultDepth(int delta);
    QString zoomText() const;  // the status bar's zoom: "zoom 400%"

    // What the window shows, for tests and the screenshot option.
    const std::optional<InputDocument>& input() const override { return input_; }
    const std::optional<ComputeOutcome>& result() const override { return result_; }
    QString originalCaption() const;
    QString resultCaption() const;
    QString hoverText() const;
    QString progressText() const;  // the status bar's progress: "42% · about 3 s left"
    QProgressBar* progressBar() const { return progress_; }
    // Shows a progress as a running computation reports it (tests, screenshots).
    void showComputeProgress(double fraction, double secondsLeft) { onComputeProgress(0, fraction, secondsLeft); }
    QString lastError() const { return lastError_; }
    QMessageBox* errorDialog() const { return errorBox_; }
    // The bar above the views (non-modal): a refused input with Convert to float32, or an offer of
    // another reading of the array (channels-last, a TIFF stack's pages as channels).
    InputBanner* inputBanner() const { return banner_; }
    // The bar's "Convert to float32", while it shows a refused dtype, else null.
    QAbstractButton* convertButton() const;
    // Converts the input to float32 through the core (as x.float()) and computes again, with a
    // notice in the status bar and the caption; false when it is float32 already or nothing is open.
    bool convertInputToFloat32();
    SpecDock* specDock() const { return specDock_; }
    DisplayDock* displayDock() const { return displayDock_; }
    ExplainDock* explainDock() const { return explainDock_; }
    CoordinateMapDock* mapDock() const { return mapDock_; }
    HistogramDock* histogramDock() const { return histogramDock_; }
    RegionDock* regionDock() const { return regionDock_; }
    ViewSync* viewSync() const override { return sync_; }
    ImageView* originalView() const override;
    ImageView* resultView() const override;
    ComputeController* computeController() const { return compute_; }
    AnalysisTools* analysis() const { return analysis_; }
    ResultExports* exports() const { return exports_; }
    // Runs the event loop until no file is being read and no computation is pending.
    void waitForCompute();
    // Marks a source point as hovered (what moving the mouse does).
    void setHover(std::optional<QPointF> sourcePoint);
    // Also print error messages on stderr (for the command-line screenshot mode).
    void setEchoErrors(bool on) { echoErrors_ = on; }
    void showError(const QString& title, const QString& message) override;
    void showStatus(const QString& message, int ms) override;
    QString askSavePath(const QString& caption, const QString& filter, const QString& suffix,
                        const QString& suggestedName) override;

    // The rest of what the docks and tools read (StudioContext).
    QWidget* widget() override { return this; }
    upsample::Spec spec() const override;
    uint64_t maxResultBytes() const override;
    SliceSelection shownSlice() const override;
    PlaneView originalPlane() const override;
    PlaneView resultPlane() const override;
    DisplayMapping currentMapping() const override;

    // Help ▸ The 4x4 ones example: the seed example page (one dialog per window, made on first
    // use). When nothing is loaded yet, it also loads torch.ones(1, 1, 4, 4) with
    // nn.UpsamplingBilinear2d(scale_factor=2) in the Explain dock, and the dialog says so; its
    // Show in the Studio button does that for any loaded tensor.
    SeedExampleDialog* showSeedExample();
    SeedExampleDialog* seedExampleDialog() const;
    // Help ▸ Keyboard Shortcuts: the list read from the menus' and the tool windows' keys.
    ShortcutsDialog* showShortcuts();
    // Loads an example's sample ("ones4x4": ones, "arange4x4": arange) and explains
    // nn.UpsamplingBilinear2d(scale_factor=2) on it, applied to the Spec dock. False if it fails.
    bool showExampleInStudio(const QString& example);
    // Show in the Studio asks (this hook; a QMessageBox by default) before it replaces an input
    // that is not the example's own sample. Tests set a hook that answers for the user.
    using ConfirmHook = std::function<bool(const QString& title, const QString& question)>;
    void setConfirmHook(ConfirmHook hook) { confirm_ = std::move(hook); }
    // Help > About's text: the version (the core's upsample::kVersion) and what the studio does.
    QString aboutText() const;
    QString backendText() const;  // About's backend paragraph: the OpenCL device, or why none

public slots:
    void recompute();
    void cancelCompute();

signals:
    void inputChanged(const upsample::Shape& shape);  // a tensor was opened
    // The views were redrawn: a new input, result or slice (what the analysis tools follow).
    void viewsUpdated();

protected:
    void closeEvent(QCloseEvent* e) override;
    void showEvent(QShowEvent* e) override;
    void dragEnterEvent(QDragEnterEvent* e) override;
    void dropEvent(QDropEvent* e) override;

private:
    bool confirmReplacingInput(const QString& example);
    void createActions();
    void createMenus();
    void createDockWindows();
    void placeDocks();
    void createStatusBar();
    QMenu* createReadingMenu(QMenu* file);  // MainWindowInput.cpp
    std::optional<quint64> startSample(const QString& id);
    std::optional<quint64> startRereadAs(ArrayReading reading);
    bool waitForOpen(quint64 generation);  // true when that read opened its input
    void onLoadFinished(const LoadOutcome& outcome);
    // F.interpolate refuses the input's dtype: the bar with PyTorch's message and a "Convert to
    // float32" button (MainWindowInput.cpp).
    void showDtypeRefusal(const QString& message, bool computedByPyTorch = false);
    // A refused input in the bar, with "Convert to float32" running convert (none when null).
    void showRefusal(const QString& title, const QString& message, std::function<void()> convert);
    // The input's offer of another reading (channels-last, pages as channels), in the bar.
    void showReadingOffer();
    void showProgress(const QString& what, double fraction, double secondsLeft);
    void updateBusy();
    void createNavigation();                // MainWindowNavigation.cpp
    void updateReadingMenu();
    void applyRememberedDisplay();  // the saved colour map and range mode, where they apply

    void open();
    void preferences();
    void about();

    void rememberFolderOf(const QString& path);
    void updateRecentFilesMenu();
    void updateActions();

    void onSpecChanged();
    void onDisplayChanged();
    void onComputeFinished(const ComputeOutcome& outcome);
    void onComputeProgress(quint64 generation, double fraction, double secondsLeft);
    void onHoverChanged();
    void chooseMode(upsample::Mode mode, std::optional<bool> alignCorners, const QString& label);
    void updateViews();
    void updateOriginalCaption();
    void updateResultCaption();
    int resultDepthFor(int sourceDepth) const;
    QSizeF resultPixelsPerSource() const;
    std::optional<std::pair<double, double>> autoRange() const;
    // The Auto (precision-aware) or Percentile range of the shown slices, with its note.
    std::optional<upsample::DisplayRange> displayRange() const;
    QString rangeNote() const;

    Settings& settings_;
    std::optional<InputDocument> input_;
    std::optional<ComputeOutcome> result_;  // the last successful computation
    QString resultError_;                   // the current spec's failure, if any
    QString lastError_;
    QPointer<QMessageBox> errorBox_;
    InputBanner* banner_ = nullptr;
    bool echoErrors_ = false;
    bool fitPending_ = false;

    ViewSync* sync_;
    ViewPane* originalPane_;
    ViewPane* resultPane_;
    SpecDock* specDock_ = nullptr;
    DisplayDock* displayDock_ = nullptr;
    ComputeController* compute_;
    LoadController* loader_;
    quint64 loadedGeneration_ = 0;  // the last read that ended, and whether it opened its input
    bool loadedOk_ = false;
    ExplainDock* explainDock_ = nullptr;
    CoordinateMapDock* mapDock_ = nullptr;
    HistogramDock* histogramDock_ = nullptr;
    RegionDock* regionDock_ = nullptr;
    AnalysisTools* analysis_ = nullptr;
    ResultExports* exports_;
    QPointer<SeedExampleDialog> seedDialog_;

    QMenu* recentMenu_ = nullptr;
    QMenu* samplesMenu_ = nullptr;
    QMenu* viewMenu_ = nullptr;
    QAction* openAct_ = nullptr;
    QAction* exportImageAct_ = nullptr;
    QAction* exportNpyAct_ = nullptr;
    QAction* exportFigureAct_ = nullptr;
    QAction* quitAct_ = nullptr;
    QAction* copyCodeAct_ = nullptr;
    QAction* preferencesAct_ = nullptr;
    QAction* zoomInAct_ = nullptr;
    QAction* zoomOutAct_ = nullptr;
    QAction* fitAct_ = nullptr;
    QAction* actualSizeAct_ = nullptr;
    QAction* recomputeAct_ = nullptr;
    QAction* cancelAct_ = nullptr;
    QAction* aboutAct_ = nullptr;
    QAction* seedExampleAct_ = nullptr;
    QAction* shortcutsAct_ = nullptr;
    ShortcutsDialog* shortcutsDialog_ = nullptr;
    ConfirmHook confirm_;
    QList<QAction*> sampleActs_;
    QLabel* zoomLabel_ = nullptr;
    int resultDepthStep_ = 0;          // the result's slice, stepped on its own from the nearest one
    int resultDepthStepFrom_ = -1;     // ... while the original's slice is this one
    QMenu* readingMenu_ = nullptr;
    QList<QAction*> readingActs_;  // Auto (C, H, W), AsPyTorch, DepthHW

    QLabel* hoverLabel_ = nullptr;
    QLabel* noticeLabel_ = nullptr;
    QLabel* runLabel_ = nullptr;
    QProgressBar* progress_ = nullptr;
    QToolButton* cancelButton_ = nullptr;
    QTimer* busyDelay_ = nullptr;

    // The min-max of the shown slices, kept until the tensors or the slice change (a scan of a
    // large result takes a noticeable moment).
    struct RangeCache {
        upsample::Tensor original, result;  // held, so their storage cannot be reused meanwhile
        SliceSelection slice;
        std::optional<std::pair<double, double>> range;
        std::optional<upsample::DisplayRange> percentile;  // computed when first asked for
    };
    mutable std::optional<RangeCache> rangeCache_;
};

}  // namespace studio
