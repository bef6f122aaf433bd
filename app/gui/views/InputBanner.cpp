#include "views/InputBanner.hpp"

#include <QHBoxLayout>
#include <QLabel>
#include <QPushButton>
#include <QStyle>
#include <QToolButton>

namespace studio {

InputBanner::InputBanner(QWidget* parent)
    : QFrame(parent), text_(new QLabel(this)), action_(new QPushButton(this)), close_(new QToolButton(this)) {
    setObjectName("inputBanner");
    setFrameShape(QFrame::StyledPanel);
    setAutoFillBackground(true);
    auto* row = new QHBoxLayout(this);
    row->setContentsMargins(8, 4, 4, 4);
    text_->setWordWrap(true);
    text_->setTextFormat(Qt::RichText);
    text_->setTextInteractionFlags(Qt::TextSelectableByMouse);
    row->addWidget(text_, 1);
    action_->setObjectName("inputBannerAction");
    row->addWidget(action_);
    close_->setText(QStringLiteral("\u00d7"));
    close_->setToolTip(tr("Hide this bar"));
    close_->setAutoRaise(true);
    row->addWidget(close_);
    connect(action_, &QPushButton::clicked, this, [this] {
        const auto run = run_;  // the action may show the bar again with another one
        dismiss();
        if (run) run();
    });
    connect(close_, &QToolButton::clicked, this, &InputBanner::dismiss);
    hide();
}

void InputBanner::showMessage(Kind kind, const QString& title, const QString& message, const QString& actionText,
                              std::function<void()> action) {
    kind_ = kind;
    title_ = title;
    message_ = message;
    run_ = std::move(action);
    // Refusals in a warm tone, offers in a neutral one; both readable in light and dark palettes.
    QPalette p = palette();
    p.setColor(QPalette::Window, kind == Kind::Refusal ? QColor(255, 236, 200) : QColor(222, 235, 255));
    p.setColor(QPalette::WindowText, Qt::black);
    setPalette(p);
    text_->setPalette(p);
    text_->setText(QStringLiteral("<b>%1</b> %2").arg(title.toHtmlEscaped(),
                                                       message.toHtmlEscaped().replace('\n', QStringLiteral("<br>"))));
    action_->setText(actionText);
    action_->setVisible(!actionText.isEmpty());
    show();
}

void InputBanner::dismiss() {
    if (isHidden()) return;
    run_ = nullptr;
    hide();
    emit dismissed();
}

QAbstractButton* InputBanner::actionButton() const {
    return !isHidden() && !action_->isHidden() ? action_ : nullptr;
}

QAbstractButton* InputBanner::closeButton() const { return close_; }

}  // namespace studio
