// One picture on screen: a slice of a tensor drawn with nearest-neighbour scaling (never
// smoothed), a pixel grid at high zoom and each pixel's value inside it at very high zoom.
// Zoom and pan come from a shared ViewSync in source coordinates, so the original and the
// result always show the same region of the picture.
#pragma once

#include "views/DisplayMapping.hpp"

#include <QImage>
#include <QPoint>
#include <QPointF>
#include <QRectF>
#include <QSizeF>
#include <QWidget>

#include <optional>

namespace studio {

class ViewSync;

class ImageView : public QWidget {
    Q_OBJECT
public:
    // Zoom levels (screen pixels per pixel of this view's image) where the grid and the
    // values appear.
    static constexpr double kGridMinCell = 12.0;
    static constexpr double kValuesMinCell = 44.0;

    explicit ImageView(ViewSync* sync, QWidget* parent = nullptr);

    // pixelsPerSource: this image's pixels per source pixel along x and y (1 for the original,
    // out/in for the result).
    void setPlane(const PlaneView& plane, const DisplayMapping& mapping, QSizeF pixelsPerSource);
    void clear(const QString& message);
    const PlaneView& plane() const { return plane_; }
    const DisplayMapping& mapping() const { return mapping_; }
    QSizeF pixelsPerSource() const { return ratio_; }
    bool hasPlane() const { return plane_.valid(); }

    QPointF widgetToSource(QPointF w) const;
    QPointF sourceToWidget(QPointF s) const;
    // Screen pixels per pixel of this image, along x and y.
    QSizeF cellSize() const;
    // This image's pixel that contains a source point, if any.
    std::optional<QPoint> pixelAt(QPointF sourcePoint) const;
    // The same for any plane drawn at `pixelsPerSource`.
    static std::optional<QPoint> pixelIn(const PlaneView& plane, QSizeF pixelsPerSource, QPointF sourcePoint);
    // The region of this image (in its own pixels) the view shows.
    QRectF visibleImageRect() const;

    // Whether the view prints each pixel's value in it (at kValuesMinCell and more), the font size
    // it uses for a cell of this size, and where the text of a cell's value lies (centred).
    bool printsValues() const;
    static double valueFontPixels(QSizeF cell, int lines);
    static QRectF valueTextRect(const QRectF& cell, int lines, const QFont& font);

    QSize sizeHint() const override { return {480, 480}; }
    QSize minimumSizeHint() const override { return {120, 120}; }

signals:
    void hovered(std::optional<QPointF> sourcePoint);
    // A press and release without dragging, at this source point (inside the image).
    void clicked(QPointF sourcePoint);
    // Shift+drag: the rectangle from where the button went down to the pointer, in source
    // coordinates, while dragging (done false) and when the button goes up (done true).
    void regionDragged(QRectF sourceRect, bool done);
    // An arrow key while the view has the focus: (-1, 0) left, (0, 1) down, ...
    void arrowPressed(QPoint step);

protected:
    void paintEvent(QPaintEvent*) override;
    void resizeEvent(QResizeEvent*) override;
    void wheelEvent(QWheelEvent*) override;
    void mousePressEvent(QMouseEvent*) override;
    void mouseMoveEvent(QMouseEvent*) override;
    void mouseReleaseEvent(QMouseEvent*) override;
    void leaveEvent(QEvent*) override;
    void keyPressEvent(QKeyEvent*) override;

private:
    void invalidate();
    void renderCache();
    void drawGrid(QPainter& p, const QRect& cells) const;
    void drawValues(QPainter& p, const QRect& cells) const;
    void drawHover(QPainter& p) const;
    QRect visibleCells() const;  // own pixels at least partly visible, clipped to the image

    ViewSync* sync_;
    PlaneView plane_;
    DisplayMapping mapping_;
    QSizeF ratio_{1, 1};
    QString message_;
    QImage cache_;
    bool cacheValid_ = false;
    bool dragging_ = false;
    QPointF lastDrag_;
    QPointF pressPos_;
    std::optional<QPointF> regionStart_;  // a Shift+drag's start, in source coordinates
};

}  // namespace studio
