// Region statistics (View ▸ Region Statistics): Shift+drag a rectangle on either view (or send
// `stats` over the live link) and the dock shows, for the original, the result and the A/B
// difference (when the compare window has one), the pixels counted and their count, mean, min,
// max and standard deviation. The rectangle is outlined on both views, snapped to whole original
// pixels; it follows new results, slices and inputs until it is cleared.
#pragma once

#include "docks/RegionStats.hpp"

#include <QDockWidget>

#include <functional>
#include <optional>

class QLabel;
class QTableWidget;

namespace studio {

class StudioContext;
class ViewOverlay;

class RegionDock : public QDockWidget {
    Q_OBJECT
public:
    // Where an A/B difference comes from (the compare window's, owned above the docks): its
    // shown slice, its pixels per source pixel and its name; an invalid plane when there is none.
    struct Difference {
        PlaneView plane;
        QSizeF pixelsPerSource{1, 1};
        QString name;
    };
    using DifferenceSource = std::function<Difference()>;

    explicit RegionDock(StudioContext& studio, QWidget* parent = nullptr);
    void setDifferenceSource(DifferenceSource source) { difference_ = std::move(source); }

    // The region in source coordinates (snapped out to whole original pixels); none clears it.
    // False when it lies outside the original.
    bool setRegion(std::optional<QRectF> source);
    const std::optional<RegionReport>& report() const { return report_; }
    QString text() const;  // the table, one line per row
    QTableWidget* table() const { return table_; }

public slots:
    // Recomputes for the views' current planes (a new result, slice or input).
    void refresh();

private:
    void showReport();
    void updateMarks();

    StudioContext& studio_;
    DifferenceSource difference_;
    QLabel* header_;
    QTableWidget* table_;
    ViewOverlay* marks_[2];
    std::optional<QRectF> region_;
    std::optional<RegionReport> report_;
};

}  // namespace studio
