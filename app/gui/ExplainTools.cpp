#include "ExplainTools.hpp"

#include "docks/CoordinateMapDock.hpp"
#include "docks/ExplainDock.hpp"
#include "MainWindow.hpp"
#include "dialogs/SeedExampleDialog.hpp"
#include "docks/SpecDock.hpp"

#include <QAction>
#include <QDockWidget>
#include <QMenu>

#include <utility>

namespace studio {

namespace {
constexpr const char* kExampleCall = "nn.UpsamplingBilinear2d(scale_factor=2)";
}

void addExplainDocks(MainWindow* window, SpecDock* specDock, QMenu* viewMenu) {
    auto* explain = new ExplainDock(specDock, window);
    auto* map = new CoordinateMapDock(specDock, window);
    // Side by side under the views (the left docks keep the full height): the views keep their
    // width, the plot gets a wide x axis.
    window->setCorner(Qt::BottomLeftCorner, Qt::LeftDockWidgetArea);
    window->addDockWidget(Qt::BottomDockWidgetArea, explain);
    window->addDockWidget(Qt::BottomDockWidgetArea, map);
    window->splitDockWidget(explain, map, Qt::Horizontal);
    window->resizeDocks({explain}, {330}, Qt::Vertical);
    window->resizeDocks({explain, map}, {1, 1}, Qt::Horizontal);
    QObject::connect(window, &MainWindow::inputChanged, explain, &ExplainDock::setInputShape);
    QObject::connect(window, &MainWindow::inputChanged, map, &CoordinateMapDock::setInputShape);

    for (auto [dock, keys] : {std::pair<QDockWidget*, const char*>{explain, "Ctrl+Alt+X"}, {map, "Ctrl+Alt+M"}}) {
        dock->toggleViewAction()->setShortcut(QKeySequence(keys));
        viewMenu->addAction(dock->toggleViewAction());
    }
}

QAction* seedExampleAction(MainWindow* window) {
    auto* a = new QAction(QObject::tr("The &4x4 Ones Example"), window);
    a->setShortcut(QKeySequence("Shift+F1"));
    a->setStatusTip(QObject::tr("torch.ones(1, 1, 4, 4) through nn.UpsamplingNearest2d and nn.UpsamplingBilinear2d, "
                                "computed live"));
    QObject::connect(a, &QAction::triggered, window, [window] { showSeedExample(window); });
    return a;
}

bool showExampleInStudio(MainWindow* window, const QString& example) {
    if (!window->openSample(example == "arange4x4" ? "arange" : "ones")) return false;
    auto* explain = window->findChild<ExplainDock*>();
    explain->show();
    explain->raise();
    explain->setCallText(kExampleCall);
    return explain->applyCall();
}

SeedExampleDialog* showSeedExample(MainWindow* window) {
    auto* dialog = window->findChild<SeedExampleDialog*>();
    if (!dialog) {
        dialog = new SeedExampleDialog(window);
        QObject::connect(dialog, &SeedExampleDialog::showInStudio, window, [window, dialog](const QString& ex) {
            if (showExampleInStudio(window, ex))
                dialog->setStatus(QObject::tr("Loaded in the studio, with %1 in the Explain dock.").arg(kExampleCall));
        });
    }
    if (!window->input()) {
        if (showExampleInStudio(window, "ones4x4"))
            dialog->setStatus(QObject::tr("Nothing was open, so the studio now shows torch.ones(1, 1, 4, 4) with %1 "
                                          "in the Explain dock.")
                                  .arg(kExampleCall));
    } else {
        dialog->setStatus(QObject::tr("\u201cShow in the Studio\u201d loads this input in place of %1 and explains "
                                      "%2 on it.")
                              .arg(window->input()->displayName, kExampleCall));
    }
    dialog->show();
    dialog->raise();
    dialog->activateWindow();
    return dialog;
}

}  // namespace studio
