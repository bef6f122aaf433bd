#include "docks/RegionStats.hpp"

#include "session/StudioContext.hpp"

#include <algorithm>
#include <limits>

namespace studio {

QRect pixelsOfSource(QRectF source, QSizeF ratio, const PlaneView& plane) {
    if (!plane.valid() || source.isEmpty()) return {};
    // Pixel i's centre is at (i + 0.5) / ratio in source coordinates.
    const int x0 = std::max(0, static_cast<int>(std::ceil(source.left() * ratio.width() - 0.5)));
    const int y0 = std::max(0, static_cast<int>(std::ceil(source.top() * ratio.height() - 0.5)));
    const int x1 = std::min(plane.width() - 1, static_cast<int>(std::ceil(source.right() * ratio.width() - 0.5)) - 1);
    const int y1 = std::min(plane.height() - 1, static_cast<int>(std::ceil(source.bottom() * ratio.height() - 0.5)) - 1);
    if (x1 < x0 || y1 < y0) return {};
    return QRect(QPoint(x0, y0), QPoint(x1, y1));
}

PlaneStats planeStats(const PlaneView& plane, QRect pixels) {
    PlaneStats s;
    s.pixels = pixels.intersected(QRect(0, 0, plane.width(), plane.height()));
    if (s.pixels.isEmpty()) return s;
    double sum = 0, lo = std::numeric_limits<double>::infinity(), hi = -lo;
    for (int k = 0; k < plane.channels(); ++k)
        for (int y = s.pixels.top(); y <= s.pixels.bottom(); ++y)
            for (int x = s.pixels.left(); x <= s.pixels.right(); ++x) {
                const double v = plane.value(x, y, k);
                ++s.count;
                if (!std::isfinite(v)) continue;
                ++s.finite;
                sum += v;
                lo = std::min(lo, v);
                hi = std::max(hi, v);
            }
    if (s.finite == 0) return s;
    s.mean = sum / static_cast<double>(s.finite);
    s.min = lo;
    s.max = hi;
    // The second pass about the mean: no cancellation for values far from 0.
    double sq = 0;
    for (int k = 0; k < plane.channels(); ++k)
        for (int y = s.pixels.top(); y <= s.pixels.bottom(); ++y)
            for (int x = s.pixels.left(); x <= s.pixels.right(); ++x) {
                const double v = plane.value(x, y, k);
                if (std::isfinite(v)) sq += (v - s.mean) * (v - s.mean);
            }
    s.std = std::sqrt(sq / static_cast<double>(s.finite));
    return s;
}

QRectF snapToPixels(QRectF source, QSizeF originalSize) {
    const QRectF r = source.normalized();
    const double x0 = std::clamp(std::floor(r.left()), 0.0, originalSize.width());
    const double y0 = std::clamp(std::floor(r.top()), 0.0, originalSize.height());
    const double x1 = std::clamp(std::ceil(r.right()), 0.0, originalSize.width());
    const double y1 = std::clamp(std::ceil(r.bottom()), 0.0, originalSize.height());
    if (x1 <= x0 || y1 <= y0) return {};
    return QRectF(QPointF(x0, y0), QPointF(x1, y1));
}

RegionReport regionReport(const StudioContext& studio, QRectF source, const PlaneView& difference,
                          QSizeF differencePerSource, const QString& differenceName) {
    RegionReport r;
    r.source = source;
    const PlaneView op = studio.originalPlane(), rp = studio.resultPlane();
    if (op.valid()) r.original = planeStats(op, pixelsOfSource(source, {1, 1}, op));
    if (op.valid() && rp.valid()) {
        const QSizeF ratio(static_cast<double>(rp.width()) / op.width(), static_cast<double>(rp.height()) / op.height());
        r.result = planeStats(rp, pixelsOfSource(source, ratio, rp));
    }
    if (difference.valid()) {
        r.difference = planeStats(difference, pixelsOfSource(source, differencePerSource, difference));
        r.differenceName = differenceName;
    }
    return r;
}

}  // namespace studio
