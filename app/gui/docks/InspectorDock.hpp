// The pixel inspector: for the pinned result pixel, per spatial dim the scale, the source
// coordinate with the formula that produced it, the input taps and their weights (area: the
// window; antialias: support, centre and normalised weights; nearest: the one source pixel),
// and per channel the value with the weighted sum written out. All of it is the core's
// inspectPixel() text and numbers; this dock only lays them out. tapMarks()/pinMarks() turn the
// same inspection into the marks drawn on the original and result views.
#pragma once

#include "views/ViewOverlay.hpp"

#include <QDockWidget>

class QTextBrowser;

namespace studio {

class PinController;
struct PinnedPixel;

class InspectorDock : public QDockWidget {
    Q_OBJECT
public:
    InspectorDock(PinController* pin, QWidget* parent = nullptr);

    QString text() const;  // as plain text (tests)
    QString html() const { return html_; }

private:
    void refresh();

    PinController* pin_;
    QTextBrowser* browser_;
    QString html_;
};

// The taps of the pinned pixel on the original view: the cells read, the weights along the
// tap grid's edges, and a cross where the output pixel's centre falls on the input.
OverlayMarks tapMarks(const PinnedPixel& p);
// The pinned pixel itself on the result view.
OverlayMarks pinMarks(const PinnedPixel& p);

}  // namespace studio
