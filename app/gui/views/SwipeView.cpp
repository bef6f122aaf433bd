#include "views/SwipeView.hpp"

#include "views/ViewSync.hpp"

#include <QMouseEvent>
#include <QPainter>
#include <QWheelEvent>

#include <algorithm>
#include <cmath>

namespace studio {

namespace {
const QRgb kBackground = qRgb(48, 48, 52);
constexpr int kGrab = 6;  // screen pixels either side of the line that grab it
}  // namespace

SwipeView::SwipeView(ViewSync* sync, QWidget* parent) : QWidget(parent), sync_(sync) {
    setMouseTracking(true);
    setAttribute(Qt::WA_OpaquePaintEvent);
    connect(sync_, &ViewSync::viewChanged, this, qOverload<>(&QWidget::update));
}

void SwipeView::setPlanes(const PlaneView& a, QSizeF ratioA, const PlaneView& b, QSizeF ratioB,
                          const DisplayMapping& mapping) {
    a_ = a;
    b_ = b;
    ratioA_ = ratioA;
    ratioB_ = ratioB;
    mapping_ = mapping;
    update();
}

void SwipeView::clear() {
    a_ = b_ = PlaneView();
    update();
}

void SwipeView::setSplit(double fraction) {
    fraction = std::clamp(fraction, 0.0, 1.0);
    if (fraction == split_) return;
    split_ = fraction;
    update();
    emit splitChanged(split_);
}

int SwipeView::splitX() const { return static_cast<int>(std::lround(split_ * width())); }

QPointF SwipeView::widgetToSource(QPointF w) const {
    const QPointF c(width() / 2.0, height() / 2.0);
    return sync_->center() + (w - c) / sync_->zoom();
}

QImage SwipeView::renderPlane(const PlaneView& p, QSizeF ratio) const {
    const QSize out(std::max(1, width()), std::max(1, height()));
    if (!p.valid()) {
        QImage img(out, QImage::Format_RGB32);
        img.fill(kBackground);
        return img;
    }
    const QPointF topLeft = widgetToSource(QPointF(0, 0));
    const double zoom = sync_->zoom();
    return mapping_.render(p, out, topLeft.x() * ratio.width(), topLeft.y() * ratio.height(), ratio.width() / zoom,
                           ratio.height() / zoom, kBackground);
}

void SwipeView::paintEvent(QPaintEvent*) {
    QPainter p(this);
    const int x = splitX();
    const QImage a = renderPlane(a_, ratioA_), b = renderPlane(b_, ratioB_);
    p.drawImage(QRect(0, 0, x, height()), a, QRect(0, 0, x, height()));
    p.drawImage(QRect(x, 0, width() - x, height()), b, QRect(x, 0, width() - x, height()));
    // The line: dark under light, so it shows on any picture, and a handle with A | B on it.
    p.setPen(QPen(QColor(0, 0, 0, 160), 3));
    p.drawLine(x, 0, x, height());
    p.setPen(QPen(QColor(255, 220, 0), 1));
    p.drawLine(x, 0, x, height());
    const QRect handle(x - 22, height() / 2 - 11, 44, 22);
    p.setBrush(QColor(255, 220, 0));
    p.setPen(Qt::black);
    p.drawRoundedRect(handle, 5, 5);
    p.drawText(handle, Qt::AlignCenter, "A \u2502 B");
}

void SwipeView::wheelEvent(QWheelEvent* e) {
    const double steps = e->angleDelta().y() / 120.0;
    if (steps == 0) return;
    const QPointF pos = e->position();
    sync_->zoomAt(std::pow(1.25, steps), widgetToSource(pos), pos - QPointF(width() / 2.0, height() / 2.0));
    e->accept();
}

void SwipeView::mousePressEvent(QMouseEvent* e) {
    if (e->button() != Qt::LeftButton && e->button() != Qt::MiddleButton) return;
    const bool onLine = e->button() == Qt::LeftButton && std::abs(e->position().x() - splitX()) <= kGrab;
    drag_ = onLine ? Drag::Line : Drag::Pan;
    last_ = e->position();
    setCursor(onLine ? Qt::SplitHCursor : Qt::ClosedHandCursor);
}

void SwipeView::mouseMoveEvent(QMouseEvent* e) {
    if (drag_ == Drag::Line) setSplit(e->position().x() / std::max(1, width()));
    else if (drag_ == Drag::Pan) sync_->panByScreen(e->position() - last_);
    else setCursor(std::abs(e->position().x() - splitX()) <= kGrab ? Qt::SplitHCursor : Qt::ArrowCursor);
    last_ = e->position();
    emit hovered(widgetToSource(e->position()));
}

void SwipeView::mouseReleaseEvent(QMouseEvent*) {
    drag_ = Drag::None;
    unsetCursor();
}

void SwipeView::leaveEvent(QEvent*) { emit hovered(std::nullopt); }

}  // namespace studio
