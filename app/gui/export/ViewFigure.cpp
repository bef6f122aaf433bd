#include "export/ViewFigure.hpp"

#include "export/ExportActions.hpp"
#include "views/ImageView.hpp"

#include <QPainter>

#include <algorithm>
#include <cmath>

namespace studio {

// The figure prints values where the views do.
static_assert(ViewFigureOptions::kValuesMinCell == static_cast<int>(ImageView::kValuesMinCell));
// And draws the grid where the views do.
static_assert(ViewFigureOptions::kGridMinCell == static_cast<int>(ImageView::kGridMinCell));

namespace {
int clampTo(double v, int hi) { return std::clamp(static_cast<int>(v), 0, hi); }

QImage panel(const PlaneView& p, const DisplayMapping& m, QRect crop, int k, ViewFigureOptions options) {
    QImage img = m.render(p, crop.size() * k, crop.x(), crop.y(), 1.0 / k, 1.0 / k, qRgb(255, 255, 255));
    QPainter g(&img);
    if (options.grid && k >= ViewFigureOptions::kGridMinCell) {
        g.setPen(QColor(128, 128, 128));
        for (int i = 0; i < crop.width(); ++i) g.drawLine(i * k, 0, i * k, img.height() - 1);
        for (int j = 0; j < crop.height(); ++j) g.drawLine(0, j * k, img.width() - 1, j * k);
    }
    if (options.values && k >= ViewFigureOptions::kValuesMinCell) {
        g.setRenderHint(QPainter::TextAntialiasing);
        ExportActions::drawCellValues(g, p, m, crop, QPointF(0, 0), QSizeF(k, k));
    }
    return img;
}
}  // namespace

ViewFigure renderViewFigure(const PlaneView& original, const PlaneView& result, const DisplayMapping& mapping,
                            QRectF visibleSource, double zoom, ViewFigureOptions options) {
    ViewFigure f;
    if (!original.valid() || !result.valid()) return f;
    const int w = original.width(), h = original.height();
    int x0 = clampTo(std::floor(visibleSource.left()), w), x1 = clampTo(std::ceil(visibleSource.right()), w);
    int y0 = clampTo(std::floor(visibleSource.top()), h), y1 = clampTo(std::ceil(visibleSource.bottom()), h);
    if (x1 <= x0 || y1 <= y0) x0 = 0, y0 = 0, x1 = w, y1 = h;
    f.originalCrop = QRect(x0, y0, x1 - x0, y1 - y0);
    const double rx = static_cast<double>(result.width()) / w, ry = static_cast<double>(result.height()) / h;
    const int rx0 = clampTo(std::floor(x0 * rx), result.width()), rx1 = clampTo(std::ceil(x1 * rx), result.width());
    const int ry0 = clampTo(std::floor(y0 * ry), result.height()), ry1 = clampTo(std::ceil(y1 * ry), result.height());
    f.resultCrop = QRect(rx0, ry0, std::max(1, rx1 - rx0), std::max(1, ry1 - ry0));
    f.originalScale = options.scale > 0 ? options.scale : std::max(1, static_cast<int>(std::lround(zoom)));
    f.resultScale = options.scale > 0 ? options.scale
                                      : std::max(1, static_cast<int>(std::lround(zoom / std::max(rx, ry))));
    // A whole ratio (x2, x3): the original's pixels are that many of the result's, so both panels
    // cover the region at the same size, as the views do (no band under the shorter one).
    const double whole = std::round(rx);
    if (options.scale == 0 && rx == ry && whole >= 1 && std::fabs(rx - whole) < 1e-9)
        f.originalScale = f.resultScale * static_cast<int>(whole);
    const QImage a = panel(original, mapping, f.originalCrop, f.originalScale, options);
    const QImage b = panel(result, mapping, f.resultCrop, f.resultScale, options);
    f.image = QImage(a.width() + ViewFigure::kGap + b.width(), std::max(a.height(), b.height()), QImage::Format_RGB32);
    f.image.fill(Qt::white);
    QPainter p(&f.image);
    p.drawImage(0, 0, a);
    p.drawImage(a.width() + ViewFigure::kGap, 0, b);
    return f;
}

}  // namespace studio
