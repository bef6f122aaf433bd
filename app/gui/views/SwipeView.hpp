// Two pictures in one view, split by a vertical line: A to the left of the line, B to the right,
// both at the same source position (each with its own pixels per source pixel, so pairs of
// different sizes line up). Dragging the line moves it; dragging elsewhere pans and the wheel
// zooms, through the shared ViewSync. Nearest-neighbour only, like ImageView.
#pragma once

#include "views/DisplayMapping.hpp"

#include <QPointF>
#include <QSizeF>
#include <QWidget>

#include <optional>

namespace studio {

class ViewSync;

class SwipeView : public QWidget {
    Q_OBJECT
public:
    explicit SwipeView(ViewSync* sync, QWidget* parent = nullptr);

    void setPlanes(const PlaneView& a, QSizeF ratioA, const PlaneView& b, QSizeF ratioB, const DisplayMapping& mapping);
    void clear();
    // Where the line is, as a fraction of the width (0.5: the middle).
    double split() const { return split_; }
    void setSplit(double fraction);
    int splitX() const;  // in widget pixels

    QPointF widgetToSource(QPointF w) const;

    QSize sizeHint() const override { return {480, 480}; }

signals:
    void hovered(std::optional<QPointF> sourcePoint);
    void splitChanged(double fraction);

protected:
    void paintEvent(QPaintEvent*) override;
    void wheelEvent(QWheelEvent*) override;
    void mousePressEvent(QMouseEvent*) override;
    void mouseMoveEvent(QMouseEvent*) override;
    void mouseReleaseEvent(QMouseEvent*) override;
    void leaveEvent(QEvent*) override;

private:
    QImage renderPlane(const PlaneView& p, QSizeF ratio) const;

    ViewSync* sync_;
    PlaneView a_, b_;
    QSizeF ratioA_{1, 1}, ratioB_{1, 1};
    DisplayMapping mapping_;
    double split_ = 0.5;
    enum class Drag { None, Line, Pan } drag_ = Drag::None;
    QPointF last_;
};

}  // namespace studio
