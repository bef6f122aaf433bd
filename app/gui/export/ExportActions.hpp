// What File > Export and Edit > Copy as PyTorch code produce. Every file is written atomically
// (QSaveFile: a temporary file renamed over the target when complete), so a failure leaves
// nothing half-written; failures throw upsample::Error with a message naming the path.
#pragma once

#include "views/DisplayMapping.hpp"

#include "upsample/spec.hpp"
#include "upsample/tensor.hpp"

#include <QImage>
#include <QRectF>
#include <QSizeF>
#include <QString>

#include <vector>

class QPainter;

namespace studio {

struct FigurePanel {
    QString title;      // "Original", "Result", "bilinear, align_corners=True"
    QString shape;      // "(1, 3, 256, 256)", with any details after it
    PlaneView plane;
    QSizeF pixelsPerSource{1, 1};
    // A swipe: this plane right of the line at `swipeAt` (a fraction of the panel's width), `plane`
    // left of it. None when swipeAt < 0.
    PlaneView swipePlane{};
    QSizeF swipePixelsPerSource{1, 1};
    double swipeAt = -1;
};

class ExportActions {
public:
    // The result as a picture: 8-bit rounded and clamped, 16-bit for 16-bit sources (imageio).
    static void writeResultImage(const QString& path, const upsample::Tensor& result, int sourceBitDepth);
    // The exact float values, as np.save writes them.
    static void writeNpy(const QString& path, const upsample::Tensor& t);
    // Original and result side by side, the same region at the same size, drawn nearest-neighbour,
    // each with its caption, under a title (the call) and a line of options.
    static QImage renderFigure(const FigurePanel& original, const FigurePanel& result, const DisplayMapping& mapping,
                               const QString& title, const QString& subtitle, QSizeF sourceSize);
    // Any number of panels the same way, `columns` to a row; each panel's longer side is about
    // panelSize pixels (a whole number of pixels per source pixel when the source is smaller).
    static QImage renderGrid(const std::vector<FigurePanel>& panels, int columns, const DisplayMapping& mapping,
                             const QString& title, const QString& subtitle, QSizeF sourceSize, int panelSize = 512);
    // Each pixel's value (one line per channel) centred in its cell, black or white against its
    // colour: the plane's pixels in crop, the crop's top-left cell at origin, each cell `cell` big.
    // The same for a region of the source (in source pixels) at `zoom` figure pixels per source
    // pixel: what a view shows at that zoom.
    static QImage renderGridAt(const std::vector<FigurePanel>& panels, int columns, const DisplayMapping& mapping,
                               const QString& title, const QString& subtitle, QRectF region, double zoom);
    static void drawCellValues(QPainter& p, const PlaneView& plane, const DisplayMapping& mapping, QRect crop,
                               QPointF origin, QSizeF cell);
    static void writePng(const QString& path, const QImage& image);
    static void writeText(const QString& path, const QString& text);  // UTF-8
    // The exact F.interpolate(...) call for a spec (core's toPythonCall).
    static QString pythonCode(const upsample::Spec& spec);
};

}  // namespace studio
