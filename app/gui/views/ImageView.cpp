#include "views/ImageView.hpp"

#include "views/ValueFormat.hpp"
#include "views/ViewSync.hpp"

#include <QKeyEvent>
#include <QMouseEvent>
#include <QPainter>
#include <QWheelEvent>

#include <algorithm>
#include <cmath>

namespace studio {

namespace {
const QRgb kBackground = qRgb(48, 48, 52);

bool isLight(QRgb c) { return qRed(c) * 299 + qGreen(c) * 587 + qBlue(c) * 114 > 140000; }
}  // namespace

ImageView::ImageView(ViewSync* sync, QWidget* parent) : QWidget(parent), sync_(sync) {
    setMouseTracking(true);
    setAttribute(Qt::WA_OpaquePaintEvent);
    setFocusPolicy(Qt::ClickFocus);
    connect(sync_, &ViewSync::viewChanged, this, &ImageView::invalidate);
    connect(sync_, &ViewSync::hoverChanged, this, qOverload<>(&QWidget::update));
}

void ImageView::setPlane(const PlaneView& plane, const DisplayMapping& mapping, QSizeF pixelsPerSource) {
    plane_ = plane;
    mapping_ = mapping;
    ratio_ = pixelsPerSource;
    message_.clear();
    invalidate();
}

void ImageView::clear(const QString& message) {
    plane_ = PlaneView();
    message_ = message;
    invalidate();
}

void ImageView::invalidate() {
    cacheValid_ = false;
    update();
}

QPointF ImageView::widgetToSource(QPointF w) const {
    const QPointF c(width() / 2.0, height() / 2.0);
    return sync_->center() + (w - c) / sync_->zoom();
}

QPointF ImageView::sourceToWidget(QPointF s) const {
    const QPointF c(width() / 2.0, height() / 2.0);
    return (s - sync_->center()) * sync_->zoom() + c;
}

QSizeF ImageView::cellSize() const { return {sync_->zoom() / ratio_.width(), sync_->zoom() / ratio_.height()}; }

std::optional<QPoint> ImageView::pixelAt(QPointF s) const { return pixelIn(plane_, ratio_, s); }

std::optional<QPoint> ImageView::pixelIn(const PlaneView& plane, QSizeF ratio, QPointF s) {
    if (!plane.valid()) return std::nullopt;
    const double x = std::floor(s.x() * ratio.width()), y = std::floor(s.y() * ratio.height());
    if (x < 0 || y < 0 || x >= plane.width() || y >= plane.height()) return std::nullopt;
    return QPoint(static_cast<int>(x), static_cast<int>(y));
}

QRectF ImageView::visibleImageRect() const {
    const QPointF a = widgetToSource(QPointF(0, 0)), b = widgetToSource(QPointF(width(), height()));
    return QRectF(QPointF(a.x() * ratio_.width(), a.y() * ratio_.height()),
                  QPointF(b.x() * ratio_.width(), b.y() * ratio_.height()));
}

QRect ImageView::visibleCells() const {
    const QRectF r = visibleImageRect();
    const int x0 = std::max(0, static_cast<int>(std::floor(r.left())));
    const int y0 = std::max(0, static_cast<int>(std::floor(r.top())));
    const int x1 = std::min(plane_.width(), static_cast<int>(std::ceil(r.right())));
    const int y1 = std::min(plane_.height(), static_cast<int>(std::ceil(r.bottom())));
    if (x1 <= x0 || y1 <= y0) return {};
    return QRect(QPoint(x0, y0), QPoint(x1 - 1, y1 - 1));
}

void ImageView::renderCache() {
    const qreal dpr = devicePixelRatioF();
    const QSize out(std::max(1, static_cast<int>(std::lround(width() * dpr))),
                    std::max(1, static_cast<int>(std::lround(height() * dpr))));
    if (!plane_.valid()) {
        cache_ = QImage(out, QImage::Format_RGB32);
        cache_.fill(kBackground);
    } else {
        const QPointF topLeft = widgetToSource(QPointF(0, 0));
        const double zoom = sync_->zoom();
        cache_ = mapping_.render(plane_, out, topLeft.x() * ratio_.width(), topLeft.y() * ratio_.height(),
                                 ratio_.width() / (zoom * dpr), ratio_.height() / (zoom * dpr), kBackground);
    }
    cache_.setDevicePixelRatio(dpr);
    cacheValid_ = true;
}

void ImageView::paintEvent(QPaintEvent*) {
    if (!cacheValid_ || cache_.size() != size() * devicePixelRatioF()) renderCache();
    QPainter p(this);
    p.setRenderHint(QPainter::SmoothPixmapTransform, false);
    p.drawImage(QPointF(0, 0), cache_);
    if (!plane_.valid()) {
        p.setPen(QColor(200, 200, 200));
        p.drawText(rect().adjusted(12, 12, -12, -12), Qt::AlignCenter | Qt::TextWordWrap, message_);
        return;
    }
    const QRect cells = visibleCells();
    if (!cells.isEmpty()) {
        const QSizeF cell = cellSize();
        if (cell.width() >= kGridMinCell && cell.height() >= kGridMinCell) drawGrid(p, cells);
        if (printsValues()) drawValues(p, cells);
    }
    drawHover(p);
}

void ImageView::drawGrid(QPainter& p, const QRect& cells) const {
    QPen pen(QColor(128, 128, 128, 150));
    pen.setCosmetic(true);
    p.setPen(pen);
    const double top = sourceToWidget(QPointF(0, cells.top() / ratio_.height())).y();
    const double bottom = sourceToWidget(QPointF(0, (cells.bottom() + 1) / ratio_.height())).y();
    const double left = sourceToWidget(QPointF(cells.left() / ratio_.width(), 0)).x();
    const double right = sourceToWidget(QPointF((cells.right() + 1) / ratio_.width(), 0)).x();
    for (int x = cells.left(); x <= cells.right() + 1; ++x) {
        const double wx = sourceToWidget(QPointF(x / ratio_.width(), 0)).x();
        p.drawLine(QPointF(wx, top), QPointF(wx, bottom));
    }
    for (int y = cells.top(); y <= cells.bottom() + 1; ++y) {
        const double wy = sourceToWidget(QPointF(0, y / ratio_.height())).y();
        p.drawLine(QPointF(left, wy), QPointF(right, wy));
    }
}

double ImageView::valueFontPixels(QSizeF cell, int lines) {
    return std::clamp(std::min(cell.height() / (lines + 1.2), cell.width() / 4.5), 10.0, 22.0);
}

QRectF ImageView::valueTextRect(const QRectF& cell, int lines, const QFont& font) {
    QFont f = font;
    f.setPixelSize(static_cast<int>(valueFontPixels(cell.size(), lines)));
    const double h = QFontMetricsF(f).height() * lines;
    return QRectF(cell.left(), cell.center().y() - h / 2, cell.width(), h);
}

bool ImageView::printsValues() const {
    const QSizeF cell = cellSize();
    return plane_.valid() && cell.width() >= kValuesMinCell && cell.height() >= kValuesMinCell * 0.5;
}

void ImageView::drawValues(QPainter& p, const QRect& cells) const {
    const QSizeF cell = cellSize();
    const int lines = plane_.channels();
    const double px = valueFontPixels(cell, lines);
    QFont f = font();
    f.setPixelSize(static_cast<int>(px));
    p.setFont(f);
    const QFontMetricsF fm(f);
    const int maxChars = std::max(1, static_cast<int>((cell.width() - 4) / fm.horizontalAdvance(QChar('8'))));
    for (int y = cells.top(); y <= cells.bottom(); ++y) {
        for (int x = cells.left(); x <= cells.right(); ++x) {
            const QPointF a = sourceToWidget(QPointF(x / ratio_.width(), y / ratio_.height()));
            const QPointF b = sourceToWidget(QPointF((x + 1) / ratio_.width(), (y + 1) / ratio_.height()));
            const QRectF r(a, b);
            const QRgb colour = mapping_.mapPixel(plane_, x, y);
            p.setPen(isLight(colour) ? Qt::black : Qt::white);
            QStringList texts;
            for (int k = 0; k < lines; ++k)
                texts << formatValueCompact(plane_.value(x, y, k), plane_.dtype(), maxChars);
            p.drawText(r, Qt::AlignCenter, texts.join('\n'));
        }
    }
}

void ImageView::drawHover(QPainter& p) const {
    const auto hover = sync_->hover();
    if (!hover) return;
    const auto pix = pixelAt(*hover);
    p.setRenderHint(QPainter::Antialiasing, false);
    if (pix) {
        const QPointF a = sourceToWidget(QPointF(pix->x() / ratio_.width(), pix->y() / ratio_.height()));
        const QPointF b =
            sourceToWidget(QPointF((pix->x() + 1) / ratio_.width(), (pix->y() + 1) / ratio_.height()));
        QRectF r(a, b);
        if (r.width() < 5) r.adjust(-2, 0, 2, 0);
        if (r.height() < 5) r.adjust(0, -2, 0, 2);
        p.setPen(QPen(QColor(0, 0, 0, 200), 3));
        p.setBrush(Qt::NoBrush);
        p.drawRect(r);
        p.setPen(QPen(QColor(255, 220, 0), 1));
        p.drawRect(r);
    }
    // A small cross at the exact source point, the same place in both views.
    const QPointF c = sourceToWidget(*hover);
    p.setPen(QPen(QColor(255, 220, 0), 1));
    p.drawLine(c - QPointF(6, 0), c + QPointF(6, 0));
    p.drawLine(c - QPointF(0, 6), c + QPointF(0, 6));
}

void ImageView::resizeEvent(QResizeEvent*) { cacheValid_ = false; }

void ImageView::wheelEvent(QWheelEvent* e) {
    const double steps = e->angleDelta().y() / 120.0;
    if (steps == 0) return;
    const QPointF pos = e->position();
    const QPointF c(width() / 2.0, height() / 2.0);
    sync_->zoomAt(std::pow(1.25, steps), widgetToSource(pos), pos - c);
    e->accept();
}

void ImageView::mousePressEvent(QMouseEvent* e) {
    // Shift+drag: a region (for its statistics) instead of a pan.
    if (e->button() == Qt::LeftButton && (e->modifiers() & Qt::ShiftModifier)) {
        regionStart_ = widgetToSource(e->position());
        return;
    }
    if (e->button() == Qt::LeftButton || e->button() == Qt::MiddleButton) {
        dragging_ = true;
        lastDrag_ = pressPos_ = e->position();
        setCursor(Qt::ClosedHandCursor);
    }
}

void ImageView::mouseMoveEvent(QMouseEvent* e) {
    if (regionStart_) emit regionDragged(QRectF(*regionStart_, widgetToSource(e->position())).normalized(), false);
    if (dragging_) {
        sync_->panByScreen(e->position() - lastDrag_);
        lastDrag_ = e->position();
    }
    const QPointF s = widgetToSource(e->position());
    if (pixelAt(s)) emit hovered(s);
    else emit hovered(std::nullopt);
}

void ImageView::mouseReleaseEvent(QMouseEvent* e) {
    if (regionStart_) {
        const QRectF r = QRectF(*regionStart_, widgetToSource(e->position())).normalized();
        regionStart_.reset();
        emit regionDragged(r, true);
        return;
    }
    const bool wasDragging = dragging_;
    dragging_ = false;
    unsetCursor();
    // A click: the button went up within a few screen pixels of where it went down.
    const QPointF moved = e->position() - pressPos_;
    if (wasDragging && e->button() == Qt::LeftButton && std::abs(moved.x()) + std::abs(moved.y()) <= 4) {
        const QPointF s = widgetToSource(e->position());
        if (pixelAt(s)) emit clicked(s);
    }
}

void ImageView::keyPressEvent(QKeyEvent* e) {
    switch (e->key()) {
    case Qt::Key_Left: emit arrowPressed(QPoint(-1, 0)); break;
    case Qt::Key_Right: emit arrowPressed(QPoint(1, 0)); break;
    case Qt::Key_Up: emit arrowPressed(QPoint(0, -1)); break;
    case Qt::Key_Down: emit arrowPressed(QPoint(0, 1)); break;
    default: QWidget::keyPressEvent(e); return;
    }
    e->accept();
}

void ImageView::leaveEvent(QEvent*) { emit hovered(std::nullopt); }

}  // namespace studio
