// The pinned result pixel: set by clicking the result view, moved with the arrow keys in either
// view, dropped when another input opens. It stays on its source position: when the result's size
// changes (another scale), the pin moves to the result pixel whose centre is nearest that
// position (pin (444, 206) at ×2, go to ×0.25: it is at (55, 25), not in the corner). For the pinned pixel it keeps the core's inspection
// (source coordinates, formulas, taps, weights, the written-out sums), which the inspector dock
// shows, the profile dock follows and the views' overlays draw. Nothing here computes a
// coordinate or a weight: inspectPixel() does.
#pragma once

#include "upsample/inspect.hpp"
#include "upsample/spec.hpp"
#include "upsample/tensor.hpp"

#include <QObject>
#include <QPoint>
#include <QPointF>
#include <QSize>
#include <QString>

#include <optional>
#include <vector>

namespace studio {

class PlaneView;
class StudioContext;

// What the pin refers to: the result it was inspected in and the core's answer.
struct PinnedPixel {
    QPoint pixel;                  // in the result plane shown (x = column, y = row)
    upsample::ResolvedSpec spec;
    upsample::Tensor input, output;
    int64_t batch = 0;
    std::vector<int64_t> outPos;   // spatial position in the output (D, H, W order)
    int row = 0;                   // (N, C, L) inputs: the channel row the pixel sits on
    upsample::PixelInspection inspection;
};

class PinController : public QObject {
    Q_OBJECT
public:
    explicit PinController(StudioContext& studio);

    // The pinned pixel of the result plane, if any (kept when the result changes, clamped).
    std::optional<QPoint> pixel() const { return pixel_; }
    void pin(QPoint resultPixel);
    void unpin();
    void move(QPoint step);
    // The inspection of the pinned pixel in the result shown; none when nothing is pinned or
    // there is no result. error(): why the core refused, if it did.
    const std::optional<PinnedPixel>& pinned() const { return pinned_; }
    QString error() const { return error_; }

    // Re-inspects after a change of the window's input, result or slice.
    void refresh();

signals:
    void changed();

private:
    void update();
    // The pixel's centre in the original plane's units (ViewSync's image coordinates), kept from
    // the last pin or move; remap() puts the pin back on it in a result of another size.
    void rememberSource(const PlaneView& result);
    void remap(const PlaneView& result);

    StudioContext& studio_;
    std::optional<QPoint> pixel_;
    std::optional<PinnedPixel> pinned_;
    QString error_;
    const void* inputData_ = nullptr;  // the input the pin belongs to
    std::optional<QPointF> source_;    // where the pin is in the original plane
    QSize resultSize_;                 // the result plane's size when source_ was taken
};

}  // namespace studio
