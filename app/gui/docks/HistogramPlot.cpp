// The histogram dock's plot: the counts per channel as filled steps, a value axis under them and a
// count axis left of them (ticks at round numbers, as many as the plot has room for), the display
// range's low and high as dashed lines that drag, and under the pointer a readout of the bin (its
// value range) and each channel's count there.
#include "docks/HistogramDock.hpp"

#include "views/ValueFormat.hpp"

#include <QMouseEvent>
#include <QPainter>
#include <QPainterPath>

#include <algorithm>
#include <cmath>

namespace studio {

using namespace upsample;

namespace {
// Round tick positions over [low, high], about `want` of them: steps of 1, 2 or 5 times a power of 10.
std::vector<double> niceTicks(double low, double high, int want) {
    std::vector<double> ticks;
    if (!(high > low) || want < 1 || !std::isfinite(low) || !std::isfinite(high)) return ticks;
    const double raw = (high - low) / want;
    const double p = std::pow(10.0, std::floor(std::log10(raw)));
    double step = 10 * p;
    for (double m : {1.0, 2.0, 5.0})
        if (m * p >= raw) {
            step = m * p;
            break;
        }
    for (double t = std::ceil(low / step) * step; t <= high + step * 1e-9; t += step)
        ticks.push_back(std::fabs(t) < step * 1e-9 ? 0.0 : t);
    return ticks;
}

QString countText(double c) {
    if (c >= 1e6) return QString::number(c / 1e6, 'g', 3) + "M";
    if (c >= 1e4) return QString::number(c / 1e3, 'g', 3) + "k";
    return QString::number(c, 'g', 6);
}
}  // namespace

HistogramPlot::HistogramPlot(QWidget* parent) : QWidget(parent) {
    setMinimumHeight(110);
    setMouseTracking(true);
}

void HistogramPlot::setData(const std::vector<Histogram>& h, const std::vector<QColor>& colours) {
    h_ = h;
    colours_ = colours;
    update();
}

void HistogramPlot::setLogCounts(bool on) {
    log_ = on;
    update();
}

void HistogramPlot::setRange(double low, double high) {
    low_ = low;
    high_ = high;
    update();
}

// Room on the left for the count labels, under the plot for the value labels and the range's.
QRectF HistogramPlot::area() const {
    const QFontMetrics fm = fontMetrics();
    const int left = fm.horizontalAdvance("8888k") + 12;
    const int bottom = 2 * fm.height() + 8;
    return QRectF(left, 6, std::max(10, width() - left - 8), std::max(10, height() - 6 - bottom));
}

double HistogramPlot::countHeight(int64_t c) const {
    return log_ ? std::log10(1.0 + static_cast<double>(c)) : static_cast<double>(c);
}

double HistogramPlot::topHeight() const {
    double top = 1;
    for (const Histogram& h : h_)
        for (int64_t c : h.counts) top = std::max(top, countHeight(c));
    return top;
}

// The axis covers the histogram's range and the display range.
double HistogramPlot::xOf(double v) const {
    double a = low_, b = high_;
    if (!h_.empty()) {
        a = std::min(a, h_.front().low);
        b = std::max(b, h_.front().high);
    }
    if (!(b > a)) b = a + 1;
    const QRectF r = area();
    return r.left() + (v - a) / (b - a) * r.width();
}

double HistogramPlot::valueAt(double x) const {
    const double x0 = xOf(0), x1 = xOf(1);
    return (x - x0) / (x1 - x0);
}

std::vector<double> HistogramPlot::valueTicks() const {
    const QRectF r = area();
    const int want = std::max(2, static_cast<int>(r.width() / (fontMetrics().horizontalAdvance("-000.00") + 14)));
    return niceTicks(valueAt(r.left()), valueAt(r.right()), want);
}

std::vector<double> HistogramPlot::countTicks() const {
    const QRectF r = area();
    const int want = std::max(1, static_cast<int>(r.height() / (fontMetrics().height() * 1.8)));
    if (!log_) return niceTicks(0, topHeight(), want);
    std::vector<double> t;  // log scale: the powers of ten, as counts
    for (double k = 0; k <= topHeight() + 1e-9; ++k) t.push_back(std::pow(10.0, k) - 1);
    return t;
}

void HistogramPlot::setHoverValue(std::optional<double> v) {
    hover_ = v;
    update();
}

QString HistogramPlot::hoverText() const {
    if (!hover_ || h_.empty()) return {};
    const Histogram& first = h_.front();
    const double width = (first.high - first.low) / static_cast<double>(first.counts.size());
    if (!(width > 0) || *hover_ < first.low || *hover_ > first.high) return {};
    const std::size_t bin = std::min(first.counts.size() - 1, static_cast<std::size_t>((*hover_ - first.low) / width));
    const DType dt = DType::Float64;
    QStringList counts;
    for (const Histogram& h : h_) counts << QString::number(h.counts[bin]);
    return tr("[%1, %2): %3").arg(formatValueCompact(first.edges[bin], dt, 9), formatValueCompact(first.edges[bin + 1], dt, 9),
                                  counts.join(" / "));
}

void HistogramPlot::drawAxes(QPainter& p, const QRectF& r) {
    const QFontMetrics fm = fontMetrics();
    p.setPen(QColor(90, 90, 90));
    for (double v : valueTicks()) {
        const double x = xOf(v);
        p.drawLine(QPointF(x, r.bottom()), QPointF(x, r.bottom() + 3));
        const QString t = formatValueCompact(v, DType::Float64, 8);
        p.drawText(QRectF(x - 60, r.bottom() + 3, 120, fm.height()), Qt::AlignHCenter | Qt::AlignTop, t);
    }
    const double top = topHeight();
    for (double c : countTicks()) {
        const double y = r.bottom() - countHeight(static_cast<int64_t>(std::llround(c))) / top * r.height();
        if (y < r.top() - 1) continue;
        p.drawLine(QPointF(r.left() - 3, y), QPointF(r.left(), y));
        p.drawText(QRectF(0, y - fm.height() / 2.0, r.left() - 5, fm.height()), Qt::AlignRight | Qt::AlignVCenter,
                   countText(c));
    }
}

void HistogramPlot::paintEvent(QPaintEvent*) {
    QPainter p(this);
    p.fillRect(rect(), Qt::white);
    const QRectF r = area();
    p.setPen(QColor(180, 180, 180));
    p.drawRect(r);
    const double top = topHeight();
    p.setRenderHint(QPainter::Antialiasing, true);
    for (std::size_t i = 0; i < h_.size(); ++i) {
        const Histogram& h = h_[i];
        QPainterPath path;
        path.moveTo(xOf(h.edges.front()), r.bottom());
        for (std::size_t k = 0; k < h.counts.size(); ++k) {
            const double y = r.bottom() - countHeight(h.counts[k]) / top * r.height();
            path.lineTo(xOf(h.edges[k]), y);
            path.lineTo(xOf(h.edges[k + 1]), y);
        }
        path.lineTo(xOf(h.edges.back()), r.bottom());
        QColor fill = colours_.size() > i ? colours_[i] : QColor(40, 40, 40);
        p.setPen(QPen(fill, 1));
        fill.setAlpha(h_.size() > 1 ? 50 : 90);
        p.setBrush(fill);
        p.drawPath(path);
    }
    p.setRenderHint(QPainter::Antialiasing, false);
    drawAxes(p, r);
    // The display range: two draggable lines and their values on the second row under the axis.
    const int rowH = fontMetrics().height();
    for (int k = 0; k < 2; ++k) {
        const double v = k == 0 ? low_ : high_;
        const double x = xOf(v);
        p.setPen(QPen(QColor(230, 120, 0), 2, Qt::DashLine));
        p.drawLine(QPointF(x, r.top()), QPointF(x, r.bottom()));
        p.setPen(QColor(200, 100, 0));
        const QString t = (k == 0 ? tr("low ") : tr("high ")) + formatValueCompact(v, DType::Float64, 10);
        // Centred under its line, kept inside the plot's width (a range at the axis' ends).
        const double w = fontMetrics().horizontalAdvance(t) + 6;
        const double left = std::clamp(x - w / 2, 0.0, std::max(0.0, width() - w));
        p.drawText(QRectF(left, r.bottom() + 4 + rowH, w, rowH), Qt::AlignCenter, t);
    }
    p.setPen(QColor(90, 90, 90));
    if (h_.empty()) {
        p.drawText(r, Qt::AlignCenter, tr("no histogram"));
        return;
    }
    p.drawText(r.adjusted(4, 2, -4, 0), Qt::AlignLeft | Qt::AlignTop, log_ ? tr("count (log)") : tr("count"));
    p.drawText(r.adjusted(4, 0, -4, -2), Qt::AlignRight | Qt::AlignBottom, tr("value"));
    const QString hover = hoverText();
    if (!hover.isEmpty()) {
        const double x = xOf(*hover_);
        p.setPen(QPen(QColor(0, 0, 0, 120), 1, Qt::DotLine));
        p.drawLine(QPointF(x, r.top()), QPointF(x, r.bottom()));
        QRectF box = QRectF(fontMetrics().boundingRect(hover)).adjusted(-4, -2, 4, 2);
        box.moveTopRight(QPointF(r.right() - 4, r.top() + 4));
        p.fillRect(box, QColor(255, 255, 255, 230));
        p.setPen(Qt::black);
        p.drawText(box, Qt::AlignCenter, hover);
    }
}

void HistogramPlot::mousePressEvent(QMouseEvent* e) {
    const double x = e->position().x();
    const double dl = std::abs(x - xOf(low_)), dh = std::abs(x - xOf(high_));
    if (std::min(dl, dh) <= 6) dragging_ = dl <= dh ? 0 : 1;
}

void HistogramPlot::mouseMoveEvent(QMouseEvent* e) {
    const double x = e->position().x();
    if (dragging_ < 0) {
        const bool near = std::abs(x - xOf(low_)) <= 6 || std::abs(x - xOf(high_)) <= 6;
        setCursor(near ? Qt::SizeHorCursor : Qt::ArrowCursor);
        setHoverValue(area().contains(e->position()) ? std::optional<double>(valueAt(x)) : std::nullopt);
        return;
    }
    const double v = valueAt(x);
    if (dragging_ == 0) low_ = std::min(v, high_);
    else high_ = std::max(v, low_);
    update();
}

void HistogramPlot::mouseReleaseEvent(QMouseEvent*) {
    if (dragging_ >= 0) {
        dragging_ = -1;
        if (high_ > low_) emit rangeDragged(low_, high_);
    }
}

void HistogramPlot::leaveEvent(QEvent*) { setHoverValue(std::nullopt); }

}  // namespace studio
