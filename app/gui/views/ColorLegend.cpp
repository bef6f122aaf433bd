#include "views/ColorLegend.hpp"

#include "views/ValueFormat.hpp"

#include <QPainter>

#include <algorithm>
#include <cmath>

namespace studio {

ColorLegend::ColorLegend(QWidget* parent) : QWidget(parent) { setMinimumHeight(40); }

void ColorLegend::setMapping(const DisplayMapping& mapping, upsample::DType dtype, const QString& title) {
    mapping_ = mapping;
    dtype_ = dtype;
    title_ = title;
    update();
}

void ColorLegend::paintEvent(QPaintEvent*) {
    QPainter p(this);
    paint(p, rect().adjusted(4, 2, -4, -2), mapping_, dtype_, title_);
}

ColorLegend::Layout ColorLegend::layout(const QFontMetrics& fm, const QRect& r, const DisplayMapping& m,
                                        upsample::DType dtype, const QString& title) {
    Layout l;
    const int titleW = title.isEmpty() ? 0 : fm.horizontalAdvance(title) + 12;
    const int textH = fm.height();
    l.title = QRect(r.left(), r.top(), titleW, std::max(8, r.height() - textH - 4));
    l.bar = QRect(r.left() + titleW, r.top(), std::max(10, r.width() - titleW), std::max(8, r.height() - textH - 4));
    // Positions along the bar follow the scale (linear or log) without the dead zone: a threshold
    // that swallows the whole range still leaves low, 0 and high at their places.
    DisplayMapping scale = m;
    scale.setDeadZone(0);
    auto xOf = [&](double v) {
        const double t = std::clamp(scale.position(v), 0.0, 1.0);
        return l.bar.left() + static_cast<int>(std::lround(std::isfinite(t) ? t * (l.bar.width() - 1) : 0.0));
    };
    auto label = [&](double v, int align) {
        Tick t;
        t.value = v;
        t.x = xOf(v);
        t.text = formatValueCompact(v, dtype, 9);
        const int w = fm.horizontalAdvance(t.text) + 4;
        // The end labels start and end inside the bar; the others are centred under their tick.
        int left = align < 0 ? l.bar.left() : align > 0 ? l.bar.right() + 1 - w : t.x - w / 2;
        left = std::clamp(left, l.bar.left(), std::max(l.bar.left(), l.bar.right() + 1 - w));
        t.label = QRect(left, l.bar.bottom() + 4, w, textH);
        return t;
    };
    l.ticks.push_back(label(m.low(), -1));
    l.ticks.push_back(label(m.high(), 1));
    if (m.low() < 0 && m.high() > 0) {
        Tick zero = label(0.0, 0);
        // Only where it fits between the end labels.
        if (!zero.label.intersects(l.ticks[0].label) && !zero.label.intersects(l.ticks[1].label))
            l.ticks.insert(l.ticks.begin() + 1, zero);
    }
    if (m.deadZone() > 0) {
        const int x0 = xOf(-m.deadZone()), x1 = xOf(m.deadZone());
        const int left = m.low() < 0 ? x0 : l.bar.left();
        l.deadZone = QRect(QPoint(left, l.bar.top()), QPoint(std::max(left, x1), l.bar.bottom()));
    }
    return l;
}

void ColorLegend::paint(QPainter& p, const QRect& r, const DisplayMapping& m, upsample::DType dtype,
                        const QString& title) {
    const Layout l = layout(p.fontMetrics(), r, m, dtype, title);
    p.setPen(Qt::black);
    if (!title.isEmpty()) p.drawText(l.title, Qt::AlignLeft | Qt::AlignVCenter, title);
    // The colour map across the range; the values a threshold draws as 0 are hatched over it.
    DisplayMapping scale = m;
    scale.setDeadZone(0);
    for (int i = 0; i < l.bar.width(); ++i) {
        const double v = m.low() + (m.high() - m.low()) * (i + 0.5) / l.bar.width();
        p.setPen(QColor(scale.mapValue(v)));
        p.drawLine(l.bar.left() + i, l.bar.top(), l.bar.left() + i, l.bar.bottom());
    }
    if (!l.deadZone.isEmpty()) {
        p.fillRect(l.deadZone, QColor(255, 255, 255, 170));
        p.fillRect(l.deadZone, QBrush(QColor(90, 90, 90), Qt::BDiagPattern));
    }
    p.setPen(QColor(90, 90, 90));
    p.setBrush(Qt::NoBrush);
    p.drawRect(l.bar.adjusted(0, 0, -1, -1));
    if (!l.deadZone.isEmpty()) {
        p.drawLine(l.deadZone.left(), l.bar.top(), l.deadZone.left(), l.bar.bottom());
        p.drawLine(l.deadZone.right(), l.bar.top(), l.deadZone.right(), l.bar.bottom());
    }
    p.setPen(Qt::black);
    for (const Tick& t : l.ticks) {
        p.drawLine(t.x, l.bar.bottom(), t.x, l.bar.bottom() + 3);
        p.drawText(t.label, Qt::AlignCenter, t.text);
    }
}

}  // namespace studio
