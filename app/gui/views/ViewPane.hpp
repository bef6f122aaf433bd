// A captioned view: a title line ("Original", "Result") with the tensor's shape, and the view.
#pragma once

#include <QWidget>

class QLabel;

namespace studio {

class ImageView;
class ViewSync;

class ViewPane : public QWidget {
    Q_OBJECT
public:
    ViewPane(const QString& title, ViewSync* sync, QWidget* parent = nullptr);

    ImageView* view() const { return view_; }
    // The caption as plain text (what tests and the figure read) and as shown.
    QString caption() const { return caption_; }
    void setCaption(const QString& shapeAndDetails, const QString& extra = QString(), bool error = false);

private:
    QString title_;
    QString caption_;
    QLabel* label_;
    ImageView* view_;
};

}  // namespace studio
