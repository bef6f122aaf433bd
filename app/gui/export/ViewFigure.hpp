// The side-by-side figure at true pixels: the region the views show, the original and the result
// each at its own resolution (the result's pixels are not resampled to the original's grid),
// each pixel drawn as a whole number of figure pixels, with an optional pixel grid and the values
// printed in the pixels where they are as large as the views need to print them.
#pragma once

#include "views/DisplayMapping.hpp"

#include <QImage>
#include <QRect>
#include <QRectF>

namespace studio {

struct ViewFigureOptions {
    int scale = 0;      // figure pixels per pixel of each panel; 0: the view's zoom, rounded
    // A grey line along each pixel's left and top edge, where the views draw one (pixels of
    // kGridMinCell figure pixels or more).
    bool grid = false;
    static constexpr int kGridMinCell = 12;  // ImageView::kGridMinCell
    // Each pixel's value inside it, in a panel whose pixels are kValuesMinCell figure pixels or
    // more: at a zoom where the views print values, the figure prints them too.
    bool values = false;
    static constexpr int kValuesMinCell = 44;  // ImageView::kValuesMinCell, rounded down
};

struct ViewFigure {
    QImage image;
    QRect originalCrop, resultCrop;  // in each plane's own pixels
    int originalScale = 1, resultScale = 1;
    static constexpr int kGap = 16;  // white between the panels
};

// visibleSource: the source region the views show; zoom: screen pixels per source pixel. The
// original crop is that region snapped out to whole pixels (the whole plane when it lies outside);
// the result crop covers the same source region. Panels sit side by side, tops aligned, on white.
ViewFigure renderViewFigure(const PlaneView& original, const PlaneView& result, const DisplayMapping& mapping,
                            QRectF visibleSource, double zoom, ViewFigureOptions options = {});

}  // namespace studio
