#include "views/ViewPane.hpp"

#include "views/ImageView.hpp"

#include <QLabel>
#include <QVBoxLayout>

namespace studio {

ViewPane::ViewPane(const QString& title, ViewSync* sync, QWidget* parent)
    : QWidget(parent), title_(title), label_(new QLabel(this)), view_(new ImageView(sync, this)) {
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(2, 2, 2, 2);
    layout->setSpacing(2);
    label_->setTextFormat(Qt::RichText);
    label_->setWordWrap(true);
    label_->setTextInteractionFlags(Qt::TextSelectableByMouse);
    label_->setMinimumHeight(label_->fontMetrics().height() * 2 + 6);
    label_->setAlignment(Qt::AlignLeft | Qt::AlignTop);
    label_->setSizePolicy(QSizePolicy::Ignored, QSizePolicy::Preferred);  // text never widens a half
    label_->setObjectName(title.toLower() + "Caption");
    layout->addWidget(label_);
    layout->addWidget(view_, 1);
    setCaption(QString());
}

void ViewPane::setCaption(const QString& shapeAndDetails, const QString& extra, bool error) {
    caption_ = title_ + (shapeAndDetails.isEmpty() ? QString() : "  " + shapeAndDetails);
    if (!extra.isEmpty()) caption_ += "\n" + extra;
    QString html = "<b style='font-size:large'>" + title_.toHtmlEscaped() + "</b>";
    if (!shapeAndDetails.isEmpty())
        html += "&nbsp;&nbsp;<span style='font-size:large; font-family:monospace'>" + shapeAndDetails.toHtmlEscaped() +
                "</span>";
    if (!extra.isEmpty())
        html += "<br><span style='color:" + QString(error ? "#c0392b" : "#666") + "'>" + extra.toHtmlEscaped() +
                "</span>";
    label_->setText(html);
}

}  // namespace studio
