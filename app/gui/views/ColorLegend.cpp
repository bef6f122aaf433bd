#include "views/ColorLegend.hpp"

#include "views/ValueFormat.hpp"

#include <QPainter>

#include <algorithm>

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

void ColorLegend::paint(QPainter& p, const QRect& r, const DisplayMapping& m, upsample::DType dtype,
                        const QString& title) {
    const QFontMetrics fm = p.fontMetrics();
    const int titleW = title.isEmpty() ? 0 : fm.horizontalAdvance(title) + 12;
    const int textH = fm.height();
    const QRect bar(r.left() + titleW + fm.horizontalAdvance("-0.0000") / 2, r.top(),
                    std::max(10, r.width() - titleW - fm.horizontalAdvance("-0.0000")), std::max(8, r.height() - textH - 4));
    p.setPen(Qt::black);
    if (!title.isEmpty()) p.drawText(QRect(r.left(), bar.top(), titleW, bar.height()), Qt::AlignLeft | Qt::AlignVCenter, title);
    for (int i = 0; i < bar.width(); ++i) {
        const double v = m.low() + (m.high() - m.low()) * (i + 0.5) / bar.width();
        p.setPen(QColor(m.mapValue(v)));
        p.drawLine(bar.left() + i, bar.top(), bar.left() + i, bar.bottom());
    }
    p.setPen(QColor(90, 90, 90));
    p.setBrush(Qt::NoBrush);
    p.drawRect(bar.adjusted(0, 0, -1, -1));
    auto tick = [&](double v) {
        const int x = bar.left() + static_cast<int>(m.position(v) * (bar.width() - 1));
        p.drawLine(x, bar.bottom(), x, bar.bottom() + 3);
        const QString t = formatValueCompact(v, dtype, 9);
        const int w = fm.horizontalAdvance(t);
        // centred under its tick, but kept inside the legend (the end labels of a narrow window)
        const int left = std::clamp(x - w / 2 - 2, r.left(), std::max(r.left(), r.right() + 1 - (w + 4)));
        p.drawText(QRect(left, bar.bottom() + 3, w + 4, textH), Qt::AlignCenter, t);
    };
    p.setPen(Qt::black);
    tick(m.low());
    if (m.low() < 0 && m.high() > 0) tick(0.0);
    if (m.deadZone() > 0 && m.low() < -m.deadZone() && m.high() > m.deadZone()) {
        // The threshold: |v| <= t draws as 0.
        const int x0 = bar.left() + static_cast<int>(m.position(-m.deadZone() * (1 + 1e-9)) * (bar.width() - 1));
        const int x1 = bar.left() + static_cast<int>(m.position(m.deadZone() * (1 + 1e-9)) * (bar.width() - 1));
        p.setPen(QColor(90, 90, 90));
        p.drawLine(x0, bar.top(), x0, bar.bottom());
        p.drawLine(x1, bar.top(), x1, bar.bottom());
    }
    tick(m.high());
}

}  // namespace studio
