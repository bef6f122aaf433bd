#include "dialogs/SeedExampleDialog.hpp"

#include "upsample/explain.hpp"

#include <QComboBox>
#include <QDialogButtonBox>
#include <QFontDatabase>
#include <QHBoxLayout>
#include <QLabel>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QVBoxLayout>

namespace studio {

SeedExampleDialog::SeedExampleDialog(QWidget* parent) : QDialog(parent) {
    setObjectName("seedExampleDialog");
    setWindowTitle(tr("The 4x4 ones example"));
    auto* layout = new QVBoxLayout(this);

    auto* top = new QHBoxLayout;
    top->addWidget(new QLabel(tr("Input"), this));
    exampleCombo_ = new QComboBox(this);
    exampleCombo_->addItem("torch.ones(1, 1, 4, 4)", "ones4x4");
    exampleCombo_->addItem("torch.arange(16.).reshape(1, 1, 4, 4)", "arange4x4");
    top->addWidget(exampleCombo_);
    top->addStretch(1);
    layout->addLayout(top);

    page_ = new QPlainTextEdit(this);
    page_->setObjectName("seedExamplePage");
    page_->setReadOnly(true);
    page_->setTextInteractionFlags(Qt::TextSelectableByMouse | Qt::TextSelectableByKeyboard);
    page_->setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
    page_->setLineWrapMode(QPlainTextEdit::WidgetWidth);
    layout->addWidget(page_, 1);

    status_ = new QLabel(this);
    status_->setObjectName("seedExampleStatus");
    status_->setWordWrap(true);
    layout->addWidget(status_);

    auto* buttons = new QDialogButtonBox(QDialogButtonBox::Close, this);
    showButton_ = buttons->addButton(tr("Show in the Studio"), QDialogButtonBox::ActionRole);
    showButton_->setToolTip(tr("Load this input and explain nn.UpsamplingBilinear2d(scale_factor=2) on it"));
    layout->addWidget(buttons);

    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::close);
    connect(showButton_, &QPushButton::clicked, this, [this] { emit showInStudio(example()); });
    connect(exampleCombo_, &QComboBox::currentIndexChanged, this, [this] { setExample(example()); });
    setExample("ones4x4");
    resize(900, 760);
}

void SeedExampleDialog::setExample(const QString& name) {
    const int i = exampleCombo_->findData(name);
    if (i < 0) return;
    if (exampleCombo_->currentIndex() != i) {
        exampleCombo_->setCurrentIndex(i);  // comes back here through currentIndexChanged
        return;
    }
    page_->setPlainText(QString::fromStdString(upsample::seedExamplePage(name.toStdString())));
}

QString SeedExampleDialog::example() const { return exampleCombo_->currentData().toString(); }
QString SeedExampleDialog::pageText() const { return page_->toPlainText(); }
void SeedExampleDialog::setStatus(const QString& text) { status_->setText(text); }

}  // namespace studio
