#include "docks/ChartPoints.hpp"

#include <QWidget>

#include <algorithm>
#include <cmath>

namespace studio::charts {

int columnsOf(const QWidget* view) {
    const double px = view ? view->width() * view->devicePixelRatioF() : 0.0;
    return std::clamp(static_cast<int>(px), 256, 4096);
}

namespace {
// The samples of one column in x order: the first, the lowest, the highest and the last.
struct Column {
    std::size_t first = 0, low = 0, high = 0, last = 0;
    bool used = false;

    void add(std::size_t i, const std::vector<double>& y) {
        if (!used) first = low = high = i, used = true;
        if (y[i] < y[low]) low = i;
        if (y[i] > y[high]) high = i;
        last = i;
    }
    void appendTo(QList<QPointF>& out, const std::vector<double>& x, const std::vector<double>& y) const {
        std::size_t picks[4] = {first, std::min(low, high), std::max(low, high), last};
        std::size_t previous = static_cast<std::size_t>(-1);
        for (std::size_t i : picks) {
            if (i == previous) continue;
            out.append(QPointF(x[i], y[i]));
            previous = i;
        }
    }
};
}  // namespace

QList<QPointF> decimate(const std::vector<double>& x, const std::vector<double>& y, int columns) {
    QList<QPointF> out;
    const std::size_t n = std::min(x.size(), y.size());
    const std::size_t perColumn = 4, limit = perColumn * static_cast<std::size_t>(std::max(columns, 1));
    double left = INFINITY, right = -INFINITY;
    std::size_t finite = 0;
    for (std::size_t i = 0; i < n; ++i)
        if (std::isfinite(y[i]) && std::isfinite(x[i])) {
            left = std::min(left, x[i]);
            right = std::max(right, x[i]);
            ++finite;
        }
    if (finite <= limit) {
        out.reserve(static_cast<qsizetype>(finite));
        for (std::size_t i = 0; i < n; ++i)
            if (std::isfinite(y[i]) && std::isfinite(x[i])) out.append(QPointF(x[i], y[i]));
        return out;
    }
    out.reserve(static_cast<qsizetype>(limit));
    const double width = right > left ? (right - left) / columns : 1.0;
    Column current;
    int currentIndex = -1;
    for (std::size_t i = 0; i < n; ++i) {
        if (!std::isfinite(y[i]) || !std::isfinite(x[i])) continue;
        const int c = std::clamp(static_cast<int>((x[i] - left) / width), 0, columns - 1);
        if (c != currentIndex && current.used) {
            current.appendTo(out, x, y);
            current = Column{};
        }
        currentIndex = c;
        current.add(i, y);
    }
    if (current.used) current.appendTo(out, x, y);
    return out;
}

}  // namespace studio::charts
