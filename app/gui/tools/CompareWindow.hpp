// A/B compare: any two results (the current one, any mode of the modes grid, or a .npy loaded
// from disk such as a user's own PyTorch output) as the signed difference A - B in a diverging
// colour map symmetric about 0, with its legend, and the core's statistics: max |A - B|,
// mean |A - B|, RMSE and PSNR. Tensors of different shapes give the core's message instead.
#pragma once

#include "upsample/analysis.hpp"
#include "upsample/tensor.hpp"

#include <QImage>
#include <QMap>
#include <QWidget>

#include <optional>

class QAction;
class QComboBox;
class QLabel;
class QSpinBox;
class QToolButton;

namespace studio {

class ColorLegend;
class ImageView;
class StudioContext;
class ModeBatch;
class ViewSync;

class CompareWindow : public QWidget {
    Q_OBJECT
public:
    CompareWindow(StudioContext& studio, ModeBatch* batch);

    // A source is "current", a modes-grid key or label ("nearest", "bilinear+ac") or a loaded
    // file ("file:PATH"). False when there is no such source.
    bool setSources(const QString& a, const QString& b);
    // Reads a .npy and offers it in both pickers; picks it for side 0 (A) or 1 (B). False (with
    // an error dialog) when it cannot be read.
    bool loadNpy(int side, const QString& path);

    const std::optional<upsample::DiffStats>& stats() const { return stats_; }
    const upsample::Tensor& difference() const { return diff_; }
    QString message() const { return message_; }  // why there is no difference to show
    QString statsText() const;
    QString title() const;  // "A - B: nearest - bilinear, align_corners=False"
    ImageView* view() const { return view_; }
    ViewSync* viewSync() const { return sync_; }
    // The difference slice shown, with its legend, title and statistics, as one picture.
    QImage renderFigure() const;
    void setExportAction(QAction* action);
    void fit();  // the whole difference in the view

    // Recomputes after a change of the sources, the main window's result or the batch.
    void refresh();

private:
    void rebuildPickers();
    void onPicked(int side);
    std::optional<upsample::Tensor> tensorFor(const QString& source, QString* why) const;
    QString sourceLabel(const QString& source) const;
    void updateView();
    void onHover(std::optional<QPointF> s);

    StudioContext& studio_;
    ModeBatch* batch_;
    ViewSync* sync_;
    QComboBox* pick_[2];
    QSpinBox* batchSpin_;
    QSpinBox* channelSpin_;
    QSpinBox* depthSpin_;
    QLabel* depthLabel_;
    ImageView* view_;
    ColorLegend* legend_;
    QLabel* statsLabel_;
    QLabel* hoverLabel_;
    QToolButton* exportButton_;
    QString source_[2] = {"current", "current"};
    QMap<QString, upsample::Tensor> files_;  // "file:PATH" -> tensor
    upsample::Tensor a_, b_, diff_;
    std::optional<upsample::DiffStats> stats_;
    QString message_;
    bool updating_ = false;
};

}  // namespace studio
