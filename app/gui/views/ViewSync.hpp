// The shared view of the original and the result: both show the same region of the picture,
// expressed in *source* pixel coordinates (the original's pixels), whatever the result's size.
// A view whose image has r times as many pixels along an axis draws each of its pixels 1/r as
// large, so a 4x4 original and its 8x8 result cover the same screen area.
#pragma once

#include <QObject>
#include <QPointF>
#include <QRectF>
#include <QSize>
#include <QSizeF>

#include <optional>

namespace studio {

class ViewSync : public QObject {
    Q_OBJECT
public:
    static constexpr double kMinZoom = 1.0 / 64.0;
    static constexpr double kMaxZoom = 1024.0;

    explicit ViewSync(QObject* parent = nullptr);

    // The source picture's size in source pixels (the original's width and height).
    QSizeF sourceSize() const { return sourceSize_; }
    void setSourceSize(QSizeF size);

    // Source point at the centre of every view, and screen pixels per source pixel.
    QPointF center() const { return center_; }
    double zoom() const { return zoom_; }
    void setView(QPointF center, double zoom);
    void setZoom(double zoom) { setView(center_, zoom); }

    // Zoom by a factor keeping the source point `anchor` where it is on screen: a view whose
    // centre is `viewCenterOffset` screen pixels from the anchor keeps that offset.
    void zoomAt(double factor, QPointF anchor, QPointF anchorOffsetFromCenter);
    void zoomBy(double factor) { setZoom(zoom_ * factor); }
    void panByScreen(QPointF screenDelta);
    // The zoom at which the whole source fills a viewport of this size along its tighter axis,
    // centred: a whole zoom (n screen pixels per source pixel, or 1/2^k) when one fills at
    // least 90% of it.
    void fit(QSize viewport);
    // One screen pixel per source pixel.
    void actualSize() { setZoom(1.0); }

    // The source region a viewport of this size shows.
    QRectF visibleSourceRect(QSize viewport) const;

    // The source point under the cursor in either view (none when the cursor is outside both).
    std::optional<QPointF> hover() const { return hover_; }
    void setHover(std::optional<QPointF> sourcePoint);

signals:
    void viewChanged();
    void hoverChanged();

private:
    QSizeF sourceSize_{1, 1};
    QPointF center_{0.5, 0.5};
    double zoom_ = 1.0;
    std::optional<QPointF> hover_;
};

}  // namespace studio
