#include "views/ShortcutGuard.hpp"

#include <QAction>
#include <QApplication>
#include <QKeyEvent>
#include <QMenu>
#include <QMenuBar>

namespace studio {

namespace {
void collect(const QList<QAction*>& actions, QList<QAction*>& out) {
    for (QAction* a : actions) {
        if (a->menu()) collect(a->menu()->actions(), out);
        else if (!a->shortcuts().isEmpty()) out << a;
    }
}

bool hasCtrlOrAlt(const QKeySequence& k) {
    return !k.isEmpty() && (k[0].keyboardModifiers() & (Qt::ControlModifier | Qt::AltModifier));
}

bool isEditingKey(const QKeyEvent* k) {
    for (auto key : {QKeySequence::Copy, QKeySequence::Cut, QKeySequence::Paste, QKeySequence::Undo,
                     QKeySequence::Redo, QKeySequence::SelectAll})
        if (k->matches(key)) return true;
    return !(k->modifiers() & (Qt::ControlModifier | Qt::AltModifier));
}
}  // namespace

ShortcutGuard::ShortcutGuard(QMenuBar* menuBar) : QObject(menuBar), menuBar_(menuBar) {
    QList<QAction*> actions;
    collect(menuBar->actions(), actions);
    for (QAction* a : actions)
        if (hasCtrlOrAlt(a->shortcut())) a->setShortcutContext(Qt::ApplicationShortcut);
    qApp->installEventFilter(this);
}

bool ShortcutGuard::eventFilter(QObject* watched, QEvent* event) {
    if (event->type() != QEvent::ShortcutOverride || !menuBar_) return QObject::eventFilter(watched, event);
    auto* k = static_cast<QKeyEvent*>(event);
    if (isEditingKey(k)) return false;
    const QKeySequence pressed(k->keyCombination());
    QList<QAction*> actions;
    collect(menuBar_->actions(), actions);
    for (QAction* a : actions)
        if (a->isEnabled() && a->shortcuts().contains(pressed))
            return true;  // not accepted as an override: the shortcut runs
    return false;
}

}  // namespace studio
