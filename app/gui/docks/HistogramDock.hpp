// Histogram and statistics: per channel, of the original, the result or the A/B difference; the
// counts linear or log; min, max, mean, std and NaN/Inf counts from the core; the display range's
// low and high drawn on the plot and draggable (a drag sets the Display dock's User range). Below,
// the overshoot report: the result's min/max against the input's, how many values lie outside and
// by how much, the cubic coefficient for bicubic, and a button that marks those pixels on the
// result view. Everything is computed on a worker thread; the dock never blocks the window.
#pragma once

#include "upsample/analysis.hpp"
#include "upsample/tensor.hpp"

#include <QDockWidget>
#include <QFutureWatcher>

#include <functional>
#include <optional>
#include <utility>
#include <vector>

class QCheckBox;
class QComboBox;
class QLabel;
class QPainter;
class QPushButton;

namespace studio {

class HistogramPlot;
class StudioContext;
class ViewOverlay;

enum class HistogramSource { Original = 0, Result = 1, Difference = 2 };

struct HistogramData {
    upsample::Tensor tensor;  // what was counted (held, so a new tensor is told apart)
    int batch = 0;
    std::vector<int> channels;
    std::vector<upsample::ValueStats> stats;       // one per channel
    std::vector<upsample::Histogram> histograms;  // one per channel, on one common range
    std::optional<upsample::OvershootReport> overshoot;  // result against the input
};

class HistogramDock : public QDockWidget {
    Q_OBJECT
public:
    static constexpr int kBins = 256;

    HistogramDock(StudioContext& studio, QWidget* parent = nullptr);
    // Where the A/B difference comes from (the compare window's, owned above the docks); an
    // empty tensor when there is none.
    using DifferenceSource = std::function<upsample::Tensor()>;
    void setDifferenceSource(DifferenceSource source) { difference_ = std::move(source); }

    void setSource(HistogramSource s);
    HistogramSource source() const;
    void setEveryChannel(bool on);
    void setLogCounts(bool on);
    // Marks the result's values outside the input's range on the result view.
    void setMarkOvershoot(bool on);
    bool markOvershoot() const;
    int markedCount() const;  // cells marked on the shown slice

    // The last computed data (none before the first), and waiting for the worker (tests, scripts).
    const std::optional<HistogramData>& data() const { return data_; }
    void waitForIdle();
    QString statsText() const;   // every statistic, one line per channel (the table's tooltip)
    QString statsTable() const;  // the table beside the plot
    QString overshootText() const;
    HistogramPlot* plot() const { return plot_; }
    QLabel* statsLabel() const { return statsLabel_; }
    QLabel* overshootLabel() const { return overshootLabel_; }

public slots:
    // Follows the window: a new input, result, slice or display range.
    void refresh();

signals:
    // The display range's low/high were dragged on the plot.
    void rangeEdited(double low, double high);

private:
    void start();
    void onFinished();
    void updateLabels();
    void updateMarks();

    StudioContext& studio_;
    DifferenceSource difference_;
    QComboBox* sourceCombo_;
    QCheckBox* everyChannel_;
    QCheckBox* logCounts_;
    HistogramPlot* plot_;
    QLabel* statsLabel_;
    QLabel* overshootLabel_;
    QPushButton* markButton_;
    ViewOverlay* marks_ = nullptr;
    QFutureWatcher<HistogramData> watcher_;
    std::optional<HistogramData> data_;
    // What the running or last job counted, so an unchanged request starts nothing.
    struct Key {
        const void* tensor = nullptr;
        const void* input = nullptr;
        int batch = 0;
        std::vector<int> channels;
        bool operator==(const Key&) const = default;
    };
    std::optional<Key> key_;
    bool pending_ = false;
};

// The plot: one curve of counts per channel over the common range, the display range's low and
// high as two vertical lines that can be dragged.
class HistogramPlot : public QWidget {
    Q_OBJECT
public:
    explicit HistogramPlot(QWidget* parent = nullptr);
    void setData(const std::vector<upsample::Histogram>& h, const std::vector<QColor>& colours);
    void setLogCounts(bool on);
    void setRange(double low, double high);
    double low() const { return low_; }
    double high() const { return high_; }
    // Widget x of a value, and the value at a widget x, on the plot's axis.
    double xOf(double v) const;
    double valueAt(double x) const;
    // The axes' tick values: values under the plot, counts beside it (as many as fit).
    std::vector<double> valueTicks() const;
    std::vector<double> countTicks() const;
    // The readout under the pointer (a value on the axis): "[12, 13): 40 / 38 / 51", the bin
    // and each channel's count; empty off the histogram.
    void setHoverValue(std::optional<double> v);
    QString hoverText() const;
    QSize sizeHint() const override { return {420, 180}; }

signals:
    void rangeDragged(double low, double high);

protected:
    void paintEvent(QPaintEvent*) override;
    void mousePressEvent(QMouseEvent*) override;
    void mouseMoveEvent(QMouseEvent*) override;
    void mouseReleaseEvent(QMouseEvent*) override;
    void leaveEvent(QEvent*) override;

private:
    QRectF area() const;
    double countHeight(int64_t c) const;
    double topHeight() const;
    void drawAxes(QPainter& p, const QRectF& r);
    std::optional<double> hover_;

    std::vector<upsample::Histogram> h_;
    std::vector<QColor> colours_;
    bool log_ = false;
    double low_ = 0, high_ = 1;
    int dragging_ = -1;  // 0: low, 1: high
};

}  // namespace studio
