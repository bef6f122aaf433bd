#include "dialogs/TensorChooserDialog.hpp"

#include "upsample/error.hpp"

#include <QDialogButtonBox>
#include <QFileInfo>
#include <QHeaderView>
#include <QLabel>
#include <QPushButton>
#include <QTreeWidget>
#include <QVBoxLayout>

namespace studio {

using namespace upsample;

TensorChooserDialog::TensorChooserDialog(const QString& fileName, const std::vector<TensorEntry>& entries,
                                         QWidget* parent)
    : QDialog(parent), list_(new QTreeWidget(this)), entries_(entries) {
    setWindowTitle(tr("Choose a tensor"));
    auto* layout = new QVBoxLayout(this);
    layout->addWidget(new QLabel(tr("%1 holds %n tensor(s). Open which one?", nullptr, static_cast<int>(entries.size()))
                                     .arg(fileName),
                                 this));
    list_->setHeaderLabels({tr("Name"), tr("Shape"), tr("dtype")});
    list_->setRootIsDecorated(false);
    list_->setAlternatingRowColors(true);
    for (const auto& e : entries)
        new QTreeWidgetItem(list_, {QString::fromStdString(e.name), QString::fromStdString(formatShape(e.shape)),
                                    QString::fromStdString(e.dtype)});
    list_->header()->setSectionResizeMode(QHeaderView::ResizeToContents);
    layout->addWidget(list_);
    auto* buttons = new QDialogButtonBox(QDialogButtonBox::Open | QDialogButtonBox::Cancel, this);
    layout->addWidget(buttons);
    connect(buttons, &QDialogButtonBox::accepted, this, &QDialog::accept);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    connect(list_, &QTreeWidget::itemDoubleClicked, this, &QDialog::accept);
    choose(0);
    resize(520, 320);
}

void TensorChooserDialog::choose(int row) {
    if (row >= 0 && row < list_->topLevelItemCount()) list_->setCurrentItem(list_->topLevelItem(row));
}

QString TensorChooserDialog::chosenName() const {
    const int row = list_->indexOfTopLevelItem(list_->currentItem());
    return row >= 0 ? QString::fromStdString(entries_[static_cast<std::size_t>(row)].name) : QString();
}

int TensorChooserDialog::count() const { return list_->topLevelItemCount(); }

std::optional<QString> TensorChooserDialog::ask(QWidget* parent, const QString& path) {
    std::vector<TensorEntry> entries;
    try {
        entries = listTensors(path.toStdString());
    } catch (const Error&) {
        return QString();
    }
    if (entries.size() == 1) return QString::fromStdString(entries[0].name);
    if (entries.empty()) return QString();
    TensorChooserDialog d(QFileInfo(path).fileName(), entries, parent);
    if (d.exec() != QDialog::Accepted) return std::nullopt;
    return d.chosenName();
}

}  // namespace studio
