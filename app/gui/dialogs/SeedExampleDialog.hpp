// Help ▸ The 4x4 ones example: the core's seed example page (torch.ones(1, 1, 4, 4), or the
// arange ramp, through nn.UpsamplingNearest2d and nn.UpsamplingBilinear2d, outputs computed
// live), monospace and selectable, with a button that loads the example into the studio.
#pragma once

#include <QDialog>

class QComboBox;
class QLabel;
class QPlainTextEdit;
class QPushButton;

namespace studio {

class SeedExampleDialog : public QDialog {
    Q_OBJECT
public:
    explicit SeedExampleDialog(QWidget* parent = nullptr);

    void setExample(const QString& name);  // "ones4x4" or "arange4x4"
    QString example() const;
    QString pageText() const;
    void setStatus(const QString& text);

    QPushButton* showButton() const { return showButton_; }

signals:
    // The user asks to see the example in the studio: its sample loaded, its call explained.
    void showInStudio(const QString& example);

private:
    QComboBox* exampleCombo_;
    QPlainTextEdit* page_;
    QLabel* status_;
    QPushButton* showButton_;
};

}  // namespace studio
