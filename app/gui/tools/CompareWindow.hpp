// A/B compare: any two results (the current one, any mode of the modes grid, a .npy loaded from
// disk such as a user's own PyTorch output, or a tensor handed over by setB()) in four views of
// the same pair, switched by keys (1 to 4, Space flips A and B):
// - difference: A − B in a diverging map symmetric about 0 with its colour bar, an exposure
//   (gain, in stops), a symmetric-log option and a "show only |A − B| > t" threshold, with the
//   core's statistics (max |A − B| and where it is, a link that jumps there; mean, RMSE, PSNR);
// - flicker: A or B in place, Space (or a timer) toggles, the title says which is shown;
// - swipe: A left of a draggable line, B right of it;
// - side by side: A | B.
// Every view follows the main window's zoom and pan (its ViewSync): each tensor is drawn by source
// position, so pairs of different sizes line up, and their difference reads B on A's grid by
// source position.
#pragma once

#include "upsample/analysis.hpp"
#include "upsample/tensor.hpp"
#include "views/DisplayMapping.hpp"

#include <QImage>
#include <QList>
#include <QMap>
#include <QWidget>

#include <optional>
#include <vector>

class QAction;
class QCheckBox;
class QComboBox;
class QDoubleSpinBox;
class QLabel;
class QShortcut;
class QSpinBox;
class QStackedWidget;
class QTimer;
class QToolButton;

namespace studio {

class ColorLegend;
class ImageView;
class StudioContext;
class ModeBatch;
class SwipeView;
class ViewSync;

enum class CompareView { Difference = 0, Flicker = 1, Swipe = 2, SideBySide = 3 };
// The multi-index of a flat index into a shape.
std::vector<int64_t> unflatten(int64_t flat, const upsample::Shape& shape);
// "diff", "flicker", "swipe", "side" (the --compare-view names); none for another word.
std::optional<CompareView> compareViewFromName(const QString& name);

class CompareWindow : public QWidget {
    Q_OBJECT
public:
    CompareWindow(StudioContext& studio, ModeBatch* batch);

    // A source is "current", a modes-grid key or label ("nearest", "bilinear+ac"), a loaded file
    // ("file:PATH") or a handed-over tensor ("tensor:NAME"). False when there is no such source.
    bool setSources(const QString& a, const QString& b);
    // Reads a .npy and offers it in both pickers; picks it for side 0 (A) or 1 (B). False (with
    // an error dialog) when it cannot be read.
    bool loadNpy(int side, const QString& path);
    // Offers a tensor under `name` in both pickers and picks it for side 0 (A) or 1 (B).
    void setTensor(int side, const upsample::Tensor& t, const QString& name);
    // B := t (A stays), then shows the window: what a script pushing its own output calls.
    void setB(const upsample::Tensor& t, const QString& name);

    const std::optional<upsample::DiffStats>& stats() const { return stats_; }
    const upsample::Tensor& difference() const { return diff_; }
    // The difference's slice the window shows (its channel) and its pixels per source pixel.
    PlaneView differencePlane() const;
    QSizeF differencePerSource() const;
    QString message() const { return message_; }  // why there is no difference to show
    QString statsText() const;
    // The window's hover line: where the pointer is (in the original's pixels), A's and B's pixel
    // and value there, and A − B there.
    QString hoverText() const;
    QString title() const;  // "A - B: nearest - bilinear, align_corners=False"
    // The shown view's title: title() for the difference, "A | B: nearest | bilinear" side by
    // side, "A: nearest  │  B: bilinear" for the swipe, the one shown for the flicker.
    QString shownTitle() const;

    // The views.
    CompareView compareView() const { return mode_; }
    void setCompareView(CompareView v);
    ImageView* view() const { return view_; }  // the difference
    ImageView* flickerView() const { return flickerView_; }
    SwipeView* swipeView() const { return swipe_; }
    ImageView* sideView(int side) const { return side_[side]; }
    ViewSync* viewSync() const;
    // The window's own keys, each with its whatsThis (Help ▸ Keyboard Shortcuts lists them).
    const QList<QShortcut*>& shortcuts() const { return keys_; }
    // The channel the difference (and a single-channel A and B) shows.
    int channel() const;
    void setChannel(int c);
    // Flicker: which one is shown, flip it, and the timer that flips it every `ms`.
    bool showingB() const { return showingB_; }
    void toggleFlicker();
    void setFlickerTimer(bool on, int ms = 500);
    // Difference exposure: gain 2^stops, symmetric-log colours, and a threshold below which
    // |A − B| draws as 0.
    void setExposure(double stops);
    void setLogScale(bool on);
    void setThreshold(double t);
    DisplayMapping differenceMapping() const;
    DisplayMapping valueMapping() const;  // A and B in flicker, swipe and side by side
    // Shows the pixel with the largest |A − B|: its slice, centred and zoomed in, hovered.
    void jumpToMax();

    // The view shown (its channel, its region at the zoom on screen), with its title, the pair's
    // statistics and the colour bar, as one picture (CompareFigure.cpp).
    QImage renderFigure() const;
    void setExportAction(QAction* action);
    void fit();  // the whole picture in the view

    // Recomputes after a change of the sources, the main window's result or the batch.
    void refresh();

private:
    void buildKeys();
    void buildControls();  // CompareWindowControls.cpp
    QWidget* buildDifferenceControls();
    QWidget* buildFlickerControls();
    void buildViews();
    void rebuildPickers();
    void onPicked(int side);
    std::optional<upsample::Tensor> tensorFor(const QString& source, QString* why) const;
    QString sourceLabel(const QString& source) const;
    void updateView();
    void updateTitle();
    void onHover(std::optional<QPointF> s);
    QString hoverReadout(QPointF sourcePoint) const;
    SliceSelection selection() const;
    QSizeF ratioOf(const PlaneView& p) const;
    QString sliceText(const PlaneView& p) const;
    QRectF shownRegion() const;

    StudioContext& studio_;
    ModeBatch* batch_;
    QComboBox* pick_[2];
    QComboBox* viewCombo_;
    QSpinBox* batchSpin_;
    QSpinBox* channelSpin_;
    QSpinBox* depthSpin_;
    QLabel* depthLabel_;
    QDoubleSpinBox* exposureSpin_;
    QCheckBox* logCheck_;
    QDoubleSpinBox* thresholdSpin_;
    QCheckBox* timerCheck_;
    QSpinBox* timerSpin_;
    QWidget* differenceControls_;
    QWidget* flickerControls_;
    QStackedWidget* stack_;
    ImageView* view_;
    ImageView* flickerView_;
    SwipeView* swipe_;
    ImageView* side_[2];
    QLabel* sideLabel_[2];
    QLabel* shownLabel_;
    ColorLegend* legend_;
    QLabel* statsLabel_;
    QLabel* hoverLabel_;
    QToolButton* exportButton_;
    QTimer* flickerTimer_;
    QList<QShortcut*> keys_;
    QString source_[2] = {"current", "current"};
    QMap<QString, upsample::Tensor> files_;  // "file:PATH" or "tensor:NAME" -> tensor
    upsample::Tensor a_, b_, bOnA_, diff_;  // bOnA_: B on A's grid (B itself when the shapes match)
    std::optional<upsample::DiffStats> stats_;
    std::optional<upsample::DifferenceRange> range_;
    QString message_, alignNote_;
    CompareView mode_ = CompareView::Difference;
    bool showingB_ = false;
    bool updating_ = false;
};

}  // namespace studio
