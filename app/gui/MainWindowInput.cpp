// MainWindow's input handling: opening files, read off the GUI thread, and File ▸ Read 3-D Array
// As, the choice between the studio's reading of a 3-D array, (C, H, W) with x[None], a (D, H, W)
// volume with x[None, None], and PyTorch's own, (N, C, L).
#include "MainWindow.hpp"

#include "docks/DisplayDock.hpp"
#include "dialogs/SeedExampleDialog.hpp"
#include "dialogs/TensorChooserDialog.hpp"
#include "session/SampleLibrary.hpp"
#include "session/Settings.hpp"
#include "views/InputBanner.hpp"

#include <QAction>
#include <QPushButton>
#include <QActionGroup>
#include <QDragEnterEvent>
#include <QDropEvent>
#include <QFileDialog>
#include <QFileInfo>
#include <QMenu>
#include <QMimeData>
#include <QStatusBar>

#include <cstdio>

namespace studio {

QMenu* MainWindow::createReadingMenu(QMenu* file) {
    QMenu* menu = file->addMenu(tr("Read 3-D Array &As"));
    readingMenu_ = menu;
    menu->setObjectName("readingMenu");
    auto* group = new QActionGroup(this);
    const struct {
        ArrayReading reading;
        QString text;
        const char* keys;
        QString tip;
    } choices[] = {
        {ArrayReading::ChannelsFirst, tr("(C, H, W): &Channels of a Picture"), "Ctrl+Shift+1",
         tr("x[None]: one picture of C channels, (1, C, H, W)")},
        {ArrayReading::DepthHW, tr("(D, H, W): a &Volume"), "Ctrl+Shift+2",
         tr("x[None, None]: one single-channel volume, (1, 1, D, H, W)")},
        {ArrayReading::AsPyTorch, tr("(N, C, L): as &PyTorch Reads It"), "Ctrl+Shift+3",
         tr("As is: F.interpolate reads a 3-D tensor as (N, C, L), one spatial dim")},
        {ArrayReading::ChannelsLast, tr("(H, W, C): Channels-&Last Picture"), "Ctrl+Shift+4",
         tr("x.permute(2, 0, 1)[None]: one picture stored channels-last, (1, C, H, W)")},
    };
    for (const auto& c : choices) {
        QAction* a = menu->addAction(c.text);
        a->setCheckable(true);
        a->setShortcut(QKeySequence(c.keys));
        a->setStatusTip(c.tip);
        a->setData(static_cast<int>(c.reading));
        group->addAction(a);
        const ArrayReading r = c.reading;
        connect(a, &QAction::triggered, this, [this, r] { startRereadAs(r); });
        readingActs_ << a;
    }
    updateReadingMenu();
    return menu;
}

void MainWindow::updateReadingMenu() {
    const bool ambiguous = input_ && input_->readingIsAmbiguous();
    readingMenu_->setEnabled(ambiguous);
    for (QAction* a : readingActs_) {
        a->setEnabled(ambiguous);
        a->setChecked(ambiguous && a->data().toInt() == static_cast<int>(input_->reading));
    }
}

std::optional<quint64> MainWindow::startRereadAs(ArrayReading reading) {
    if (!input_ || !input_->readingIsAmbiguous()) return std::nullopt;
    if (input_->reading == reading) return std::nullopt;
    return startOpen(input_->path, reading, input_->displayName);
}

bool MainWindow::rereadAs(ArrayReading reading) {
    if (input_ && input_->readingIsAmbiguous() && input_->reading == reading) return true;
    const auto g = startRereadAs(reading);
    return g && waitForOpen(*g);
}

bool MainWindow::reopenLastFile() {
    const QString last = settings_.lastFileToReopen();
    if (last.isEmpty()) return false;
    LoadRequest r;
    r.path = last;
    r.atStart = true;  // a failure shows in the bar: nobody asked for this file just now
    startOpen(std::move(r));
    return true;
}

// ---- opening: files are read off the GUI thread (LoadController) ----

quint64 MainWindow::startOpen(const QString& path, ArrayReading reading, const QString& displayName,
                              bool forgetOnFailure) {
    LoadRequest r;
    r.path = path;
    r.reading = reading;
    r.displayName = displayName;
    r.forgetOnFailure = forgetOnFailure;
    return startOpen(std::move(r));
}

quint64 MainWindow::startOpen(LoadRequest r) {
    // A file of several tensors without a name (FILE.pt:NAME): the chooser names one.
    const upsample::TensorPath tp = upsample::splitTensorPath(r.path.toStdString());
    const auto format = upsample::tensorFileFormatOf(tp.file);
    if (!tp.key && format && upsample::holdsSeveralTensors(*format)) {
        const auto name = TensorChooserDialog::ask(this, r.path);
        if (!name) return loader_->generation();  // cancelled: nothing is read
        if (!name->isEmpty()) r.path += ":" + *name;
    }
    r.maxBytes = settings_.maxResultBytes();
    statusBar()->showMessage(tr("Reading %1\u2026").arg(QFileInfo(r.path).fileName()));
    return loader_->request(std::move(r));
}

void MainWindow::onLoadFinished(const LoadOutcome& o) {
    loadedGeneration_ = o.generation;
    loadedOk_ = false;
    statusBar()->clearMessage();
    if (!o.ok) {
        if (o.request.forgetOnFailure && !o.dtypeRefused) {
            settings_.removeRecentFile(o.request.path);
            updateRecentFilesMenu();
        }
        if (o.dtypeRefused) {  // torch.from_numpy has no type for it: offer to read it as float32
            showRefusal(tr("Cannot open file"),
                        o.error + tr("\n\nConvert to float32 reads the file as float32 "
                                     "(np.load(...).astype(np.float32)), as the CLI's --convert float32 does."),
                        [this, r = o.request]() mutable {
                            r.toFloat32 = true;
                            r.atStart = false;
                            startOpen(std::move(r));
                        });
        } else if (o.request.atStart) {
            showRefusal(tr("Cannot reopen the last file"), o.error, nullptr);
        } else {
            showError(tr("Cannot open file"), o.error);
        }
        return;
    }
    loadedOk_ = openDocument(o.document);
    if (o.request.toFloat32 && !input_->notices.isEmpty())
        statusBar()->showMessage(tr("Read %1 as float32: %2").arg(input_->displayName, input_->notices.first()), 15000);
}

void MainWindow::waitForLoad() { loader_->waitForIdle(); }

bool MainWindow::waitForOpen(quint64 generation) {
    loader_->waitForIdle();
    return loadedGeneration_ == generation && loadedOk_;
}

bool MainWindow::openFile(const QString& path, ArrayReading reading) { return waitForOpen(startOpen(path, reading)); }

std::optional<quint64> MainWindow::startSample(const QString& id) {
    const auto s = SampleLibrary::byId(id);
    if (!s) {
        QStringList ids;
        for (const auto& x : SampleLibrary::all()) ids << x.id;
        showError(tr("No such sample"), tr("There is no sample '%1'; the samples are %2").arg(id, ids.join(", ")));
        return std::nullopt;
    }
    return startOpen(s->path, ArrayReading::Auto, s->title);
}

bool MainWindow::openSample(const QString& id) {
    const auto g = startSample(id);
    return g && waitForOpen(*g);
}

void MainWindow::open() {
    const QString path = QFileDialog::getOpenFileName(
        this, tr("Open"), settings_.lastFolder(),
        tr("Pictures and tensors (*.png *.jpg *.jpeg *.bmp *.tif *.tiff *.webp *.npy *.pt *.pth *.safetensors *.npz *.exr);;"
           "Tensors (*.npy *.pt *.pth *.safetensors *.npz);;OpenEXR pictures (*.exr);;"
           "Pictures (*.png *.jpg *.jpeg *.bmp *.tif *.tiff *.webp);;All files (*)"));
    if (!path.isEmpty()) startOpen(path);
}

void MainWindow::dragEnterEvent(QDragEnterEvent* e) {
    if (e->mimeData()->hasUrls() && !e->mimeData()->urls().isEmpty() && e->mimeData()->urls().first().isLocalFile())
        e->acceptProposedAction();
}

void MainWindow::dropEvent(QDropEvent* e) {
    const auto urls = e->mimeData()->urls();
    if (urls.isEmpty() || !urls.first().isLocalFile()) return;
    e->acceptProposedAction();
    startOpen(urls.first().toLocalFile());
}

// The colour map always (a feature map keeps the one it opened with when none was saved); the
// range mode where it applies: Stored only to pictures, and never a User range of another input.
void MainWindow::applyRememberedDisplay() {
    DisplayOptions o = displayDock_->options();
    const DisplayOptions before = o;
    if (const auto m = settings_.colorMap(); m && !(input_ && o.colorMap != ColorMap::Grey && *m == ColorMap::Grey))
        o.colorMap = *m;
    if (const auto r = settings_.rangeMode();
        r && input_ && *r != RangeMode::User && (*r != RangeMode::Stored || input_->isImage()))
        o.range = *r;
    if (o.colorMap != before.colorMap || o.range != before.range) displayDock_->setOptions(o);
}

// True when the example may take the input's place: nothing open, the example's own sample open,
// or the user says yes.
bool MainWindow::confirmReplacingInput(const QString& example) {
    const auto sample = SampleLibrary::byId(example == "arange4x4" ? "arange" : "ones");
    if (!input_ || (sample && input_->path == sample->path)) return true;
    const QString title = tr("Replace the open input?");
    const QString question = tr("Show in the Studio loads the example in place of %1. Its view, pinned pixel "
                                "and results are replaced. Continue?")
                                 .arg(input_->displayName);
    if (confirm_) return confirm_(title, question);
    return QMessageBox::question(seedDialog_ ? static_cast<QWidget*>(seedDialog_) : this, title, question,
                                 QMessageBox::Yes | QMessageBox::Cancel, QMessageBox::Cancel) == QMessageBox::Yes;
}

// ---- dtypes: the input keeps its dtype as torch.from_numpy does; a refused one can be converted ----

void MainWindow::showDtypeRefusal(const QString& message, bool computedByPyTorch) {
    const std::string_view name = input_ ? upsample::dtypeName(input_->tensor.dtype()) : std::string_view();
    const QString dtype = QString::fromLatin1(name.data(), static_cast<qsizetype>(name.size()));
    showRefusal(computedByPyTorch ? tr("This dtype is not reproduced here") : tr("F.interpolate refuses this dtype"),
                tr("%1\n\nThe input is %2. This program computes float32 and float64 in every mode, and uint8 in "
                   "nearest and nearest-exact. Convert to float32 converts the input (x.float()) and computes again.")
                    .arg(message, dtype),
                [this] { convertInputToFloat32(); });
}

// In the bar, not a dialog: a spec change on a refused input updates the bar in place.
void MainWindow::showRefusal(const QString& title, const QString& message, std::function<void()> convert) {
    lastError_ = message;
    if (echoErrors_) std::fprintf(stderr, "upsample-studio: %s: %s\n", qPrintable(title), qPrintable(message));
    const QString action = convert ? tr("Convert to float32") : QString();
    banner_->showMessage(InputBanner::Kind::Refusal, title, message, action, std::move(convert));
}

QAbstractButton* MainWindow::convertButton() const {
    return banner_->kind() == InputBanner::Kind::Refusal ? banner_->actionButton() : nullptr;
}

// One click to the reading the shape suggests; File ▸ Read 3-D Array As has them all.
void MainWindow::showReadingOffer() {
    if (!input_ || !input_->offer || input_->offerText.isEmpty()) return;
    const ArrayReading offer = *input_->offer;
    QString title = tr("(H, W, C)?"), action = tr("Read as Channels-Last");
    if (input_->pages > 1) {
        title = tr("Multi-page TIFF:");
        action = offer == ArrayReading::DepthHW ? tr("Read as a Volume") : tr("Read Pages as Channels");
    }
    const QString now = QString::fromLatin1(upsample::readingLayout(input_->reading).data());
    banner_->showMessage(InputBanner::Kind::Offer, title,
                         tr("%1. Read as %2 now (File \u25b8 Read 3-D Array As).").arg(input_->offerText, now), action,
                         [this, offer] { startRereadAs(offer); });
}

bool MainWindow::convertInputToFloat32() {
    if (!input_ || input_->tensor.dtype() == upsample::DType::Float32) return false;
    input_ = input_->convertedToFloat32();
    statusBar()->showMessage(tr("Converted the %1 input to float32 (x.float()), as the CLI's --convert float32 does")
                                 .arg(input_->convertedFrom),
                             15000);
    updateViews();
    updateActions();
    recompute();
    return true;
}

}  // namespace studio
