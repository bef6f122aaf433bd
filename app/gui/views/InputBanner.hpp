// A bar above the views that says something about the input without stopping the window: a
// refused input (F.interpolate refuses its dtype, or torch.from_numpy has no type for the file's)
// with its "Convert to float32" button, or an offer about how an array is read ("(512, 512, 3)
// looks like (H, W, C) ... Read as channels-last"). It replaces the modal dialog those used to
// pop on every spec change: a refusal that repeats updates the bar in place, a new input or a
// result that computes hides it, and its × hides it by hand.
#pragma once

#include <QFrame>
#include <QString>

#include <functional>

class QAbstractButton;
class QLabel;
class QPushButton;
class QToolButton;

namespace studio {

class InputBanner : public QFrame {
    Q_OBJECT
public:
    enum class Kind { Refusal, Offer };

    explicit InputBanner(QWidget* parent = nullptr);

    // Shows (or updates) the bar: a bold title, the message, and a button that runs action
    // (none when actionText is empty).
    void showMessage(Kind kind, const QString& title, const QString& message, const QString& actionText,
                     std::function<void()> action);
    // Hides it (nothing happens when it is hidden already).
    void dismiss();

    Kind kind() const { return kind_; }
    QString title() const { return title_; }
    QString message() const { return message_; }
    // The action button while the bar shows one, else null.
    QAbstractButton* actionButton() const;
    QAbstractButton* closeButton() const;

signals:
    void dismissed();

private:
    Kind kind_ = Kind::Refusal;
    QString title_, message_;
    QLabel* text_;
    QPushButton* action_;
    QToolButton* close_;
    std::function<void()> run_;
};

}  // namespace studio
