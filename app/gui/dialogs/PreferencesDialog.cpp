#include "dialogs/PreferencesDialog.hpp"

#include "session/Settings.hpp"

#include <QDialogButtonBox>
#include <QFormLayout>
#include <QLabel>
#include <QSpinBox>
#include <QThread>
#include <QVBoxLayout>

namespace studio {

PreferencesDialog::PreferencesDialog(Settings& settings, QWidget* parent)
    : QDialog(parent), settings_(settings), limitMiB_(new QSpinBox(this)), threads_(new QSpinBox(this)) {
    setWindowTitle(tr("Preferences"));
    auto* layout = new QVBoxLayout(this);
    auto* form = new QFormLayout;
    limitMiB_->setRange(1, 1024 * 1024);
    limitMiB_->setSuffix(tr(" MiB"));
    limitMiB_->setValue(static_cast<int>(settings_.maxResultBytes() >> 20));
    limitMiB_->setToolTip(tr("Results larger than this are refused before any memory is allocated (default 2048 MiB)"));
    form->addRow(tr("Largest result"), limitMiB_);
    threads_->setRange(0, 1024);
    threads_->setSpecialValueText(tr("one per hardware thread (%1)").arg(QThread::idealThreadCount()));
    threads_->setValue(settings_.cpuThreads());
    form->addRow(tr("CPU threads"), threads_);
    layout->addLayout(form);
    auto* buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, this);
    connect(buttons, &QDialogButtonBox::accepted, this, &PreferencesDialog::accept);
    connect(buttons, &QDialogButtonBox::rejected, this, &PreferencesDialog::reject);
    layout->addWidget(buttons);
}

void PreferencesDialog::accept() {
    settings_.setMaxResultBytes(static_cast<uint64_t>(limitMiB_->value()) << 20);
    settings_.setCpuThreads(threads_->value());
    QDialog::accept();
}

}  // namespace studio
