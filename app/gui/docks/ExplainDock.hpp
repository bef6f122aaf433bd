// The Explain dock: an input shape (the loaded tensor's unless edited), a PyTorch call as people
// write it (nn.Upsample(...), nn.UpsamplingBilinear2d(...), F.interpolate(x, ...)) and what
// PyTorch does with it, from the core's shape explainer: the output shape, per spatial dim the
// size arithmetic and the kernel's scale, notes, and PyTorch's error word for word with a caret
// under the call. The call text follows the Spec dock (toPythonCall of its spec) unless the user
// is editing it; Enter (or Apply) puts a call that runs on the loaded tensor's rank into the
// Spec dock, so the result recomputes.
#pragma once

#include "upsample/explain.hpp"

#include <QDockWidget>

class QLabel;
class QLineEdit;
class QPushButton;
class QTextBrowser;
class QTimer;

namespace studio {

class SpecDock;

class ExplainDock : public QDockWidget {
    Q_OBJECT
public:
    explicit ExplainDock(SpecDock* specDock, QWidget* parent = nullptr);

    // The loaded tensor's shape: the shape field shows it, and the call follows the Spec dock.
    void setInputShape(const upsample::Shape& shape);
    // Replaces the shape text or the call text (as typing does) and explains; the call is not
    // applied until applyCall().
    void setShapeText(const QString& text);
    void setCallText(const QString& text);
    // Explains the call and, when it runs on the loaded tensor's rank and the Spec dock can hold
    // it, sets the Spec dock to it. Returns whether the Spec dock now runs this call.
    bool applyCall();

    QString shapeText() const;
    QString callText() const;
    // The last explanation (empty callText when the shape text could not be read).
    const upsample::Explanation& explanation() const { return explanation_; }
    QString shapeError() const { return shapeError_; }
    QString statusText() const;  // applied, or why not
    QString explanationText() const;  // the browser's plain text

    // For tests and the screenshot option.
    QLineEdit* callEdit() const { return callEdit_; }
    QLineEdit* shapeEdit() const { return shapeEdit_; }
    QTextBrowser* browser() const { return browser_; }

    // The HTML the browser shows for an explanation (every number from the core).
    static QString explanationHtml(const upsample::Explanation& e);

private:
    void buildUi();
    void explainNow();
    void onSpecChanged();
    void followSpec();
    bool textMatchesSpec() const;
    void setStatus(const QString& text, bool error);

    SpecDock* specDock_;
    upsample::Shape loadedShape_{1, 1, 4, 4};
    upsample::Explanation explanation_;
    QString shapeError_;
    bool dirty_ = false;  // the call text has edits that were not applied
    QLineEdit* shapeEdit_ = nullptr;
    QLineEdit* callEdit_ = nullptr;
    QPushButton* applyButton_ = nullptr;
    QLabel* statusLabel_ = nullptr;
    QTextBrowser* browser_ = nullptr;
    QTimer* debounce_ = nullptr;
};

}  // namespace studio
