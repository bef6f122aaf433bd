// Help ▸ Keyboard Shortcuts: every key the studio answers to, read from the actions themselves
// when the list opens (the menu bar's actions with their menu path, then each tool window's own
// keys), so the list cannot drift from what the keys do.
#pragma once

#include <QDialog>
#include <QKeySequence>
#include <QList>
#include <QString>

#include <vector>

class QMenuBar;
class QShortcut;
class QTableWidget;

namespace studio {

struct ShortcutRow {
    QString keys;   // "Ctrl+Shift+E", as the platform writes it
    QString what;   // "Export Result as .npy..." (mnemonics removed)
    QString where;  // "File", "View", "A/B Compare window"
    QString tip;    // the action's status tip
};

// A window's own keys (QShortcut objects with their whatsThis as the description).
struct ShortcutGroup {
    QString where;
    QList<QShortcut*> keys;
};

// The rows: each menu action with a shortcut, in menu order, then each group's keys.
std::vector<ShortcutRow> shortcutRows(const QMenuBar* menuBar, const std::vector<ShortcutGroup>& groups);

class ShortcutsDialog : public QDialog {
    Q_OBJECT
public:
    ShortcutsDialog(const QMenuBar* menuBar, std::vector<ShortcutGroup> groups, QWidget* parent = nullptr);
    // Reads the actions again (what opening the dialog does).
    void reload();
    const std::vector<ShortcutRow>& rows() const { return rows_; }
    QTableWidget* table() const { return table_; }

protected:
    void showEvent(QShowEvent* e) override;

private:
    const QMenuBar* menuBar_;
    std::vector<ShortcutGroup> groups_;
    std::vector<ShortcutRow> rows_;
    QTableWidget* table_;
};

}  // namespace studio
