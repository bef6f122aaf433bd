// The line profile through the pinned pixel: the values along one spatial axis (the row, the
// column, or the depth line of a volume), input samples and output samples on the same
// source-coordinate axis, one series of each per channel. It follows the pinned pixel. The
// samples and their coordinates are the core's lineProfile(); this dock only plots them.
#pragma once

#include "upsample/analysis.hpp"

#include <QDockWidget>
#include <QImage>

#include <optional>

class QAction;
class QChart;
class QChartView;
class QComboBox;
class QLabel;
class QToolButton;

namespace studio {

class PinController;

class ProfileDock : public QDockWidget {
    Q_OBJECT
public:
    ProfileDock(PinController* pin, QWidget* parent = nullptr);

    // The spatial axis the line runs along (0 = first spatial dim; default: the last, W).
    int axis() const;
    void setAxis(int dim);
    const std::optional<upsample::LineProfile>& profile() const { return profile_; }
    QChart* chart() const { return chart_; }
    // The profile as CSV (the core's profileCsv) and the chart as a picture of this size.
    QString csv() const;
    QImage renderImage(QSize size = {900, 520}) const;
    void setExportActions(QAction* csv, QAction* png);

private:
    void refresh();
    void setAxisNames(int spatialDims);

    PinController* pin_;
    QComboBox* axisCombo_;
    QLabel* lineLabel_;
    QChart* chart_;
    QChartView* view_;
    QToolButton* csvButton_;
    QToolButton* pngButton_;
    int dims_ = 0;
    std::optional<upsample::LineProfile> profile_;
};

}  // namespace studio
