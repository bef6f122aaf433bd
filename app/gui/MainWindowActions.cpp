// MainWindow's actions and menus (after Qt's Application example): each action made once, with its
// shortcut and status tip, then laid into the menus; the Open Recent menu; which actions apply now.
#include "MainWindow.hpp"

#include "dialogs/ShortcutsDialog.hpp"
#include "docks/DisplayDock.hpp"
#include "docks/InspectorDock.hpp"
#include "docks/ProfileDock.hpp"
#include "docks/CoordinateMapDock.hpp"
#include "docks/ExplainDock.hpp"
#include "docks/HistogramDock.hpp"
#include "docks/RegionDock.hpp"
#include "docks/SpecDock.hpp"
#include "export/ResultExports.hpp"
#include "session/SampleLibrary.hpp"
#include "session/Settings.hpp"
#include "tools/AnalysisTools.hpp"
#include "tools/CompareWindow.hpp"

#include <QAction>
#include <QFileInfo>
#include <QMenu>
#include <QMenuBar>

#include <utility>

namespace studio {

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
        connect(a, &QAction::triggered, this, [this, id] { startSample(id); });
        sampleActs_ << a;
    }

    exportImageAct_ = new QAction(tr("Export Result &Image..."), this);
    exportImageAct_->setShortcut(QKeySequence("Ctrl+E"));
    exportImageAct_->setStatusTip(tr("Write the result as PNG or TIFF: 8-bit rounded and clamped, 16-bit for 16-bit sources"));
    connect(exportImageAct_, &QAction::triggered, exports_, &ResultExports::askAndWriteImage);

    exportNpyAct_ = new QAction(tr("Export Result as .&npy..."), this);
    exportNpyAct_->setShortcut(QKeySequence("Ctrl+Shift+E"));
    exportNpyAct_->setStatusTip(tr("Write the result's exact float values as a NumPy .npy file"));
    connect(exportNpyAct_, &QAction::triggered, exports_, &ResultExports::askAndWriteNpy);

    exportFigureAct_ = new QAction(tr("Export Side-by-Side &Figure..."), this);
    exportFigureAct_->setShortcut(QKeySequence("Ctrl+Alt+E"));
    exportFigureAct_->setStatusTip(tr("Write original and result side by side, with captions, as a PNG"));
    connect(exportFigureAct_, &QAction::triggered, exports_, &ResultExports::askAndWriteFigure);

    quitAct_ = new QAction(tr("&Quit"), this);
    quitAct_->setShortcut(QKeySequence("Ctrl+Q"));
    connect(quitAct_, &QAction::triggered, this, &QWidget::close);

    copyCodeAct_ = new QAction(QIcon::fromTheme("edit-copy"), tr("&Copy as PyTorch Code"), this);
    copyCodeAct_->setShortcut(QKeySequence("Ctrl+Shift+C"));
    copyCodeAct_->setStatusTip(tr("Copy a Python script that loads the input as the studio read it, runs the exact F.interpolate(...) call and saves the result"));
    copyCodeAct_->setToolTip(tr("Copy the F.interpolate(...) call (Ctrl+Shift+C)"));
    connect(copyCodeAct_, &QAction::triggered, exports_, &ResultExports::copyPythonCode);

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
    cancelAct_->setStatusTip(tr("Stop the file being read or the running computation; the previous input and result stay"));
    connect(cancelAct_, &QAction::triggered, this, &MainWindow::cancelCompute);

    aboutAct_ = new QAction(tr("&About Upsample Studio"), this);
    aboutAct_->setShortcut(QKeySequence("F1"));
    connect(aboutAct_, &QAction::triggered, this, &MainWindow::about);
    seedExampleAct_ = new QAction(tr("The &4x4 Ones Example"), this);
    seedExampleAct_->setShortcut(QKeySequence("Shift+F1"));
    seedExampleAct_->setStatusTip(tr("torch.ones(1, 1, 4, 4) through nn.UpsamplingNearest2d and "
                                     "nn.UpsamplingBilinear2d, computed live"));
    connect(seedExampleAct_, &QAction::triggered, this, &MainWindow::showSeedExample);
    shortcutsAct_ = new QAction(tr("&Keyboard Shortcuts"), this);
    shortcutsAct_->setShortcut(QKeySequence("Ctrl+/"));
    shortcutsAct_->setStatusTip(tr("Every key of the menus and the tool windows, read from the actions themselves"));
    connect(shortcutsAct_, &QAction::triggered, this, &MainWindow::showShortcuts);
}

ShortcutsDialog* MainWindow::showShortcuts() {
    if (!shortcutsDialog_)
        shortcutsDialog_ = new ShortcutsDialog(menuBar(), {{tr("A/B Compare window"), analysis_->compare()->shortcuts()}},
                                               this);
    shortcutsDialog_->show();
    shortcutsDialog_->raise();
    return shortcutsDialog_;
}

// The menus, in the menu bar's order; the View menu ends with each dock's toggle.
void MainWindow::createMenus() {
    QMenu* file = menuBar()->addMenu(tr("&File"));
    file->addAction(openAct_);
    recentMenu_ = file->addMenu(tr("Open &Recent"));
    samplesMenu_ = file->addMenu(tr("&Samples"));
    samplesMenu_->addActions(sampleActs_);
    readingMenu_ = createReadingMenu(file);
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
        {mapDock_, "Ctrl+Alt+M"},  {analysis_->inspector(), "Ctrl+Alt+I"}, {analysis_->profile(), "Ctrl+Alt+L"},
        {histogramDock_, "Ctrl+Alt+H"}, {regionDock_, "Ctrl+Alt+R"}};
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
    help->addActions({aboutAct_, seedExampleAct_, shortcutsAct_});
}

void MainWindow::updateRecentFilesMenu() {
    recentMenu_->clear();
    const QStringList files = settings_.recentFiles();
    int n = 1;
    for (const QString& f : files) {
        QAction* a = recentMenu_->addAction(QString("&%1 %2").arg(n).arg(QFileInfo(f).fileName()));
        a->setShortcut(QKeySequence(QString("Ctrl+Alt+%1").arg(n)));
        a->setStatusTip(f);
        connect(a, &QAction::triggered, this, [this, f] { startOpen(f, ArrayReading::Auto, QString(), true); });
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

void MainWindow::updateActions() {
    const bool hasResult = result_.has_value();
    exportImageAct_->setEnabled(hasResult);
    exportNpyAct_->setEnabled(hasResult);
    exportFigureAct_->setEnabled(hasResult);
    recomputeAct_->setEnabled(input_.has_value());
    cancelAct_->setEnabled(compute_->busy() || loader_->busy());
}

}  // namespace studio
