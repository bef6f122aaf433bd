#include "dialogs/ShortcutsDialog.hpp"

#include <QAction>
#include <QHeaderView>
#include <QLabel>
#include <QMenu>
#include <QMenuBar>
#include <QShortcut>
#include <QTableWidget>
#include <QVBoxLayout>

namespace studio {

namespace {
// "&Export Result as .&npy..." -> "Export Result as .npy..."; "&&" stays one "&".
QString plainText(QString text) {
    text.replace("&&", "\u0001");
    text.remove('&');
    text.replace("\u0001", "&");
    return text;
}

void collect(const QList<QAction*>& actions, const QString& where, std::vector<ShortcutRow>& out) {
    for (QAction* a : actions) {
        if (a->isSeparator()) continue;
        if (a->menu()) {
            collect(a->menu()->actions(), where + " \u25b8 " + plainText(a->menu()->title()), out);
            continue;
        }
        QStringList keys;
        for (const QKeySequence& k : a->shortcuts()) keys << k.toString(QKeySequence::NativeText);
        if (!keys.isEmpty()) out.push_back({keys.join(", "), plainText(a->text()), where, a->statusTip()});
    }
}
}  // namespace

std::vector<ShortcutRow> shortcutRows(const QMenuBar* menuBar, const std::vector<ShortcutGroup>& groups) {
    std::vector<ShortcutRow> rows;
    if (menuBar)
        for (QAction* top : menuBar->actions())
            if (top->menu()) collect(top->menu()->actions(), plainText(top->menu()->title()), rows);
    for (const ShortcutGroup& g : groups)
        for (const QShortcut* s : g.keys)
            if (s && !s->key().isEmpty())
                rows.push_back({s->key().toString(QKeySequence::NativeText), s->whatsThis(), g.where, QString()});
    return rows;
}

ShortcutsDialog::ShortcutsDialog(const QMenuBar* menuBar, std::vector<ShortcutGroup> groups, QWidget* parent)
    : QDialog(parent), menuBar_(menuBar), groups_(std::move(groups)) {
    setObjectName("shortcutsDialog");
    setWindowTitle(tr("Keyboard Shortcuts \u2014 Upsample Studio"));
    resize(720, 640);
    auto* layout = new QVBoxLayout(this);
    auto* note = new QLabel(tr("Every key the studio answers to, read from its menus and windows. In the views: the "
                               "wheel zooms, a drag pans, a click pins a result pixel, the arrow keys move the pin."),
                            this);
    note->setWordWrap(true);
    layout->addWidget(note);
    table_ = new QTableWidget(0, 3, this);
    table_->setHorizontalHeaderLabels({tr("Keys"), tr("Does"), tr("Where")});
    table_->verticalHeader()->hide();
    table_->verticalHeader()->setDefaultSectionSize(fontMetrics().height() + 6);
    table_->setEditTriggers(QAbstractItemView::NoEditTriggers);
    table_->setSelectionBehavior(QAbstractItemView::SelectRows);
    table_->horizontalHeader()->setSectionResizeMode(1, QHeaderView::Stretch);
    table_->setWordWrap(false);
    layout->addWidget(table_);
    reload();
}

void ShortcutsDialog::reload() {
    rows_ = shortcutRows(menuBar_, groups_);
    table_->setRowCount(static_cast<int>(rows_.size()));
    for (int i = 0; i < static_cast<int>(rows_.size()); ++i) {
        const ShortcutRow& r = rows_[static_cast<std::size_t>(i)];
        auto* keys = new QTableWidgetItem(r.keys);
        QFont bold = keys->font();
        bold.setBold(true);
        keys->setFont(bold);
        auto* what = new QTableWidgetItem(r.what);
        what->setToolTip(r.tip);
        table_->setItem(i, 0, keys);
        table_->setItem(i, 1, what);
        table_->setItem(i, 2, new QTableWidgetItem(r.where));
    }
    table_->resizeColumnToContents(0);
    table_->resizeColumnToContents(2);
}

void ShortcutsDialog::showEvent(QShowEvent* e) {
    reload();
    QDialog::showEvent(e);
}

}  // namespace studio
