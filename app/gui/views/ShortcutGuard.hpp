// Lets a window's shortcuts win over a focused text field's own use of the same keys (a line edit
// takes Ctrl+E as "end of line" and Ctrl+K as "delete to end" with X11 key bindings), so Ctrl+E
// exports whatever has focus. The keys a text field needs keep going to it: copy, cut, paste,
// undo, redo, select all, and every key pressed without Ctrl or Alt.
#pragma once

#include <QObject>
#include <QPointer>

class QAction;
class QMenuBar;

namespace studio {

class ShortcutGuard : public QObject {
public:
    // Watches the application's key events for the shortcuts of the actions in the menu bar's
    // menus (read when a key is pressed, so later actions count too); those with Ctrl or Alt also
    // become application-wide, so they work in the window's docks and tool windows.
    explicit ShortcutGuard(QMenuBar* menuBar);

protected:
    bool eventFilter(QObject* watched, QEvent* event) override;

private:
    QPointer<QMenuBar> menuBar_;
};

}  // namespace studio
