#include "views/ViewOverlay.hpp"

#include "views/ImageView.hpp"
#include "views/ViewSync.hpp"

#include <QEvent>
#include <QFontMetricsF>
#include <QPainter>

#include <algorithm>
#include <cmath>

namespace studio {

ViewOverlay::ViewOverlay(ImageView* view, ViewSync* sync) : QWidget(view), view_(view) {
    setAttribute(Qt::WA_TransparentForMouseEvents);
    setAttribute(Qt::WA_NoSystemBackground);
    setGeometry(view->rect());
    view->installEventFilter(this);
    connect(sync, &ViewSync::viewChanged, this, qOverload<>(&QWidget::update));
    show();
}

void ViewOverlay::setMarks(const OverlayMarks& marks) {
    marks_ = marks;
    update();
}

bool ViewOverlay::eventFilter(QObject* watched, QEvent* e) {
    if (watched == view_ && e->type() == QEvent::Resize) setGeometry(view_->rect());
    return QWidget::eventFilter(watched, e);
}

QRectF ViewOverlay::widgetRect(const QRect& cells) const {
    const QSizeF r = view_->pixelsPerSource();
    const QPointF a = view_->sourceToWidget(QPointF(cells.left() / r.width(), cells.top() / r.height()));
    const QPointF b = view_->sourceToWidget(QPointF((cells.right() + 1) / r.width(), (cells.bottom() + 1) / r.height()));
    return QRectF(a, b);
}

void ViewOverlay::paintEvent(QPaintEvent*) {
    if (marks_.empty() || !view_->hasPlane()) return;
    QPainter p(this);
    QColor fill = marks_.colour;
    fill.setAlpha(60);
    for (const QRect& c : marks_.cells) {
        QRectF r = widgetRect(c);
        if (r.width() < 3) r.adjust(-1, 0, 1, 0);
        if (r.height() < 3) r.adjust(0, -1, 0, 1);
        p.fillRect(r, fill);
        p.setPen(QPen(QColor(0, 0, 0, 160), 3));
        p.drawRect(r);
        p.setPen(QPen(marks_.colour, 1.5));
        p.drawRect(r);
    }
    if (marks_.frame) {
        QRectF r = widgetRect(*marks_.frame);
        if (r.width() < 7) r.adjust(-3, 0, 3, 0);
        if (r.height() < 7) r.adjust(0, -3, 0, 3);
        p.setBrush(Qt::NoBrush);
        p.setPen(QPen(QColor(0, 0, 0, 200), 5));
        p.drawRect(r);
        p.setPen(QPen(marks_.colour, 2.5));
        p.drawRect(r);
    }
    if (marks_.cross) {
        const QSizeF ratio = view_->pixelsPerSource();
        const QPointF c = view_->sourceToWidget(QPointF(marks_.cross->x() / ratio.width(), marks_.cross->y() / ratio.height()));
        for (const auto& [colour, width] : {std::pair{QColor(0, 0, 0, 200), 4.0}, std::pair{QColor(0, 230, 255), 2.0}}) {
            p.setPen(QPen(colour, width));
            p.drawLine(c - QPointF(9, 0), c + QPointF(9, 0));
            p.drawLine(c - QPointF(0, 9), c + QPointF(0, 9));
        }
    }
    for (const LabelBox& l : labelBoxes()) {
        QFont f = font();
        f.setPixelSize(l.pixelSize);
        p.setFont(f);
        p.setPen(Qt::NoPen);
        p.setBrush(QColor(20, 20, 20, 210));
        p.drawRoundedRect(l.box, 3, 3);
        p.setPen(marks_.colour);
        p.drawText(l.box, Qt::AlignCenter, l.text);
    }
}

// Each label in its pixel against the side facing the taps. Where the view prints the pixels'
// values, a label keeps to the strip between the value and the pixel's edge (a label left or
// right of the taps goes to the bottom strip), in a font small enough to fit there, and is left
// out where no readable font fits: it never covers a value.
QList<ViewOverlay::LabelBox> ViewOverlay::labelBoxes() const {
    QList<LabelBox> out;
    const bool values = view_->printsValues();
    for (const OverlayLabel& l : marks_.labels) {
        const QRectF cell = widgetRect(l.cell);
        Qt::Alignment align = l.align;
        int px = 12;
        if (values) {
            const QRectF text = ImageView::valueTextRect(cell, view_->plane().channels(), view_->font());
            const double strip = std::min(text.top() - cell.top(), cell.bottom() - text.bottom()) - 1;
            px = std::min(12, static_cast<int>(std::floor(strip)) - 3);
            if (px < 7) continue;
            if (align & (Qt::AlignLeft | Qt::AlignRight)) align = (align & ~Qt::AlignVCenter) | Qt::AlignBottom;
        }
        QFont f = font();
        f.setPixelSize(px);
        QRectF box = QFontMetricsF(f).boundingRect(l.text).adjusted(-3, -1, 3, 1);
        if (box.width() > cell.width() + 2 || box.height() > cell.height() + 2) continue;  // too small to read
        box.moveCenter(cell.center());
        if (align & Qt::AlignLeft) box.moveLeft(cell.left() + 1);
        if (align & Qt::AlignRight) box.moveRight(cell.right() - 1);
        if (align & Qt::AlignTop) box.moveTop(cell.top() + 1);
        if (align & Qt::AlignBottom) box.moveBottom(cell.bottom() - 1);
        out << LabelBox{box, l.text, l.cell, px};
    }
    return out;
}

}  // namespace studio
