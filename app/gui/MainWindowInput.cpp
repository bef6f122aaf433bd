// MainWindow's input handling beyond opening: File ▸ Read 3-D Array As, the choice between the
// studio's reading of a 3-D array, (C, H, W) with x[None], a (D, H, W) volume with x[None, None],
// and PyTorch's own, (N, C, L).
#include "MainWindow.hpp"

#include <QAction>
#include <QActionGroup>
#include <QMenu>

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
        {ArrayReading::Auto, tr("(C, H, W): &Channels of a Picture"), "Ctrl+Shift+1",
         tr("x[None]: one picture of C channels, (1, C, H, W)")},
        {ArrayReading::DepthHW, tr("(D, H, W): a &Volume"), "Ctrl+Shift+2",
         tr("x[None, None]: one single-channel volume, (1, 1, D, H, W)")},
        {ArrayReading::AsPyTorch, tr("(N, C, L): as &PyTorch Reads It"), "Ctrl+Shift+3",
         tr("As is: F.interpolate reads a 3-D tensor as (N, C, L), one spatial dim")},
    };
    for (const auto& c : choices) {
        QAction* a = menu->addAction(c.text);
        a->setCheckable(true);
        a->setShortcut(QKeySequence(c.keys));
        a->setStatusTip(c.tip);
        a->setData(static_cast<int>(c.reading));
        group->addAction(a);
        const ArrayReading r = c.reading;
        connect(a, &QAction::triggered, this, [this, r] { rereadAs(r); });
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

bool MainWindow::rereadAs(ArrayReading reading) {
    if (!input_ || !input_->readingIsAmbiguous()) return false;
    if (input_->reading == reading) return true;
    const QString path = input_->path;
    const QString name = input_->displayName;
    if (!openFile(path, reading)) return false;
    input_->displayName = name;
    return true;
}

}  // namespace studio
