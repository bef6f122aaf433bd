#include "dialogs/PreferencesDialog.hpp"

#include "session/Settings.hpp"

#include <QCheckBox>
#include <QDialogButtonBox>
#include <QFormLayout>
#include <QLabel>
#include <QLineEdit>
#include <QRegularExpressionValidator>
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
    listen_ = new QCheckBox(tr("Listen for scripts at every start (as --listen)"), this);
    listen_->setChecked(settings_.listenAlways());
    listen_->setToolTip(tr("The live link: Python (python/upsample_studio) and upsample-cli send can send tensors "
                           "to the studio over a socket only you can use. Takes effect at the next start."));
    form->addRow(tr("Live link"), listen_);
    listenName_ = new QLineEdit(settings_.listenName(), this);
    listenName_->setValidator(new QRegularExpressionValidator(QRegularExpression("[A-Za-z0-9_-]{1,64}"), listenName_));
    form->addRow(tr("Link name"), listenName_);
    layout->addLayout(form);
    auto* buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, this);
    connect(buttons, &QDialogButtonBox::accepted, this, &PreferencesDialog::accept);
    connect(buttons, &QDialogButtonBox::rejected, this, &PreferencesDialog::reject);
    layout->addWidget(buttons);
}

void PreferencesDialog::accept() {
    settings_.setMaxResultBytes(static_cast<uint64_t>(limitMiB_->value()) << 20);
    settings_.setCpuThreads(threads_->value());
    settings_.setListenAlways(listen_->isChecked());
    if (!listenName_->text().isEmpty()) settings_.setListenName(listenName_->text());
    QDialog::accept();
}

}  // namespace studio
