// The coordinate map: for one spatial axis of the loaded tensor under the Spec dock's spec, each
// output index d (x) against the source coordinate it reads from (y, in input pixels), with
// the input indices it reads drawn as a band and each tap as a dot sized by its weight. Toggles
// overlay the same spec with align_corners flipped (linear and cubic modes) or with nearest and
// nearest-exact swapped. Every number comes from the core (resolve() and coordinateRows()).
#pragma once

#include "upsample/explain.hpp"

#include <QDockWidget>
#include <QTimer>

#include <optional>
#include <vector>

class QCheckBox;
class QComboBox;
class QLabel;
class QChart;
class QChartView;

namespace studio {

class SpecDock;

class CoordinateMapDock : public QDockWidget {
    Q_OBJECT
public:
    // Outputs beyond this many are left out of the plot (the caption says so).
    static constexpr int64_t kMaxPlottedOutputs = 1024;

    explicit CoordinateMapDock(SpecDock* specDock, QWidget* parent = nullptr);

    // The loaded tensor's shape (without one, nothing is plotted).
    void setInputShape(const upsample::Shape& shape);
    void setAxis(int dim);  // 0 = first spatial dim
    void setOverlayAlignCorners(bool on);
    void setOverlayNearest(bool on);

    // What is plotted: the spec itself first, then the overlay, if any.
    struct Curve {
        QString label;  // "align_corners=False", "nearest-exact", ...
        upsample::ResolvedSpec spec;
        std::vector<upsample::CoordinateRow> rows;
        QString rule;  // the explainer's coordinate rule of the axis
    };
    const std::vector<Curve>& curves() const { return curves_; }
    QString message() const;  // why nothing is plotted, or what was left out
    int axis() const;

    // For tests and the screenshot option.
    QComboBox* axisCombo() const { return axisCombo_; }
    QCheckBox* alignOverlayCheck() const { return alignCheck_; }
    QCheckBox* nearestOverlayCheck() const { return nearestCheck_; }
    // The chart, plotted first if a plot is pending, and its view.
    QChart* chart();
    QChartView* chartView() const { return view_; }
    // Zooms by `factor` (> 1 in) around a point of the chart's view, as the wheel does there.
    void zoomMap(QPointF at, double factor);

protected:
    void showEvent(QShowEvent* e) override;

private:
    void buildUi();
    void rebuild();
    std::optional<Curve> curveFor(const upsample::Spec& spec, int dim);
    void updateAxisCombo(int spatialDims);
    void plot();
    // Plots once the event loop runs and only while the dock is visible, so a burst of spec
    // changes costs one plot.
    void schedulePlot();
    void flushPlot();
    void fitInputAxis();

    SpecDock* specDock_;
    std::optional<upsample::Shape> shape_;
    std::vector<Curve> curves_;
    QString message_;
    QComboBox* axisCombo_ = nullptr;
    QCheckBox* alignCheck_ = nullptr;
    QCheckBox* nearestCheck_ = nullptr;
    QChartView* view_ = nullptr;
    QLabel* caption_ = nullptr;
    QTimer* plotTimer_ = nullptr;
    bool plotDirty_ = false;
};

}  // namespace studio
