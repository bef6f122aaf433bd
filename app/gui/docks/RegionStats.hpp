// Region statistics: a rectangle of the original (in its pixels, as Shift+drag on a view or the
// live link's `stats` picks it) and the count, mean, min, max and standard deviation of the values
// under it in the original, in the result (the result pixels whose centres lie in the same source
// region) and in the A/B difference when the compare window has one (on A's grid).
#pragma once

#include "views/DisplayMapping.hpp"

#include <QRect>
#include <QRectF>
#include <QSizeF>
#include <QString>

#include <cmath>
#include <cstdint>
#include <optional>

namespace studio {

class StudioContext;

struct PlaneStats {
    QRect pixels;        // the plane's pixels counted (clipped to the plane)
    int64_t count = 0;   // values counted: pixels x channels shown
    int64_t finite = 0;  // of them finite; mean, min, max and std are over these
    double mean = NAN, min = NAN, max = NAN, std = NAN;  // std: population (ddof = 0), as NumPy's default
};

// The plane's pixels whose centres lie in a source region drawn at `pixelsPerSource`, clipped to
// the plane; empty when none does.
QRect pixelsOfSource(QRectF source, QSizeF pixelsPerSource, const PlaneView& plane);
// Statistics of the plane's values (every channel it shows) over `pixels`, in double precision.
PlaneStats planeStats(const PlaneView& plane, QRect pixels);

struct RegionReport {
    QRectF source;  // in the original's pixels
    std::optional<PlaneStats> original, result, difference;
    QString differenceName;  // "A − B: nearest − bicubic"
};

// The region's statistics for what the studio shows now: the views' slices and, when the compare
// window has a difference, its slice (the compare's channel).
RegionReport regionReport(const StudioContext& studio, QRectF source, const PlaneView& difference,
                          QSizeF differencePerSource, const QString& differenceName);

// A source rectangle snapped out to whole original pixels and clipped to the original; empty when
// it lies outside.
QRectF snapToPixels(QRectF source, QSizeF originalSize);

}  // namespace studio
