// Bounded charts: a series gets at most a few points per pixel column of its chart, whatever the
// number of samples, so a line of 10^6 samples is drawn as one path of a few thousand points, and
// no chart makes one graphics item per sample (Qt Charts' scatter series makes one per marker).
#pragma once

#include <QList>
#include <QPointF>

#include <cstddef>
#include <vector>

class QWidget;

namespace studio::charts {

// More markers than this on one chart are not drawn as markers (a line or band shows them).
constexpr std::size_t kMaxMarkers = 2048;

// The pixel columns a chart shown in `view` has: its width on screen, 256 to 4096.
int columnsOf(const QWidget* view);

// Min/max per pixel column: the samples (x ascending; non-finite y left out) reduced to at most
// four per column of `columns` equal columns over their x range: the first, the lowest, the
// highest and the last, in x order, so the path keeps every peak and every step. Fewer samples
// than 4 * columns come back as they are.
QList<QPointF> decimate(const std::vector<double>& x, const std::vector<double>& y, int columns);

}  // namespace studio::charts
