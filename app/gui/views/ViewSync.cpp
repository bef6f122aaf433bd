#include "views/ViewSync.hpp"

#include <algorithm>
#include <cmath>

namespace studio {

ViewSync::ViewSync(QObject* parent) : QObject(parent) {}

void ViewSync::setSourceSize(QSizeF size) {
    sourceSize_ = size;
    emit viewChanged();
}

void ViewSync::setView(QPointF center, double zoom) {
    zoom = std::clamp(zoom, kMinZoom, kMaxZoom);
    // Keep the centre within the picture so it cannot be lost off-screen.
    center.setX(std::clamp(center.x(), 0.0, sourceSize_.width()));
    center.setY(std::clamp(center.y(), 0.0, sourceSize_.height()));
    if (center == center_ && zoom == zoom_) return;
    center_ = center;
    zoom_ = zoom;
    emit viewChanged();
}

void ViewSync::zoomAt(double factor, QPointF anchor, QPointF anchorOffsetFromCenter) {
    const double z = std::clamp(zoom_ * factor, kMinZoom, kMaxZoom);
    // After zooming, the anchor stays anchorOffsetFromCenter screen pixels from the centre.
    setView(anchor - anchorOffsetFromCenter / z, z);
}

void ViewSync::panByScreen(QPointF screenDelta) { setView(center_ - screenDelta / zoom_, zoom_); }

void ViewSync::fit(QSize viewport) {
    if (viewport.isEmpty() || sourceSize_.isEmpty()) return;
    double z = std::min(viewport.width() / sourceSize_.width(), viewport.height() / sourceSize_.height()) * 0.98;
    // Whole screen pixels per source pixel (or whole source pixels per screen pixel) when that
    // costs at most a tenth of the view, so that every pixel has the same size; otherwise the
    // picture fills the view.
    if (z >= 1.0 && std::floor(z) >= 0.9 * z) z = std::floor(z);
    else if (z < 1.0 && 1.0 / std::exp2(std::ceil(std::log2(1.0 / z))) >= 0.9 * z)
        z = 1.0 / std::exp2(std::ceil(std::log2(1.0 / z)));
    setView(QPointF(sourceSize_.width() / 2, sourceSize_.height() / 2), z);
}

QRectF ViewSync::visibleSourceRect(QSize viewport) const {
    const QSizeF s(viewport.width() / zoom_, viewport.height() / zoom_);
    return QRectF(center_ - QPointF(s.width() / 2, s.height() / 2), s);
}

void ViewSync::setHover(std::optional<QPointF> sourcePoint) {
    if (sourcePoint == hover_) return;
    hover_ = sourcePoint;
    emit hoverChanged();
}

}  // namespace studio
