// How tensors are shown: which slice (batch, channel or RGB triple, depth), the display range
// (as stored for pictures, min-max or a user range for tensors) and the colour map for single
// channels, with the legend of the NaN/Inf colours and the loader's notes.
#pragma once

#include "views/DisplayMapping.hpp"

#include <QDockWidget>

#include <array>

class QCheckBox;
class QComboBox;
class QDoubleSpinBox;
class QGroupBox;
class QLabel;
class QSlider;
class QSpinBox;

namespace studio {

struct InputDocument;


struct DisplayOptions {
    SliceSelection slice;
    RangeMode range = RangeMode::Auto;
    double userLow = 0, userHigh = 1;
    ColorMap colorMap = ColorMap::Grey;
};

class DisplayDock : public QDockWidget {
    Q_OBJECT
public:
    explicit DisplayDock(QWidget* parent = nullptr);

    // Sets the selectors' limits and the defaults for a new input (pictures: RGB when C >= 3 and
    // the stored range; tensors: first channel, min-max).
    void setInput(const InputDocument& doc);
    DisplayOptions options() const;
    void setOptions(const DisplayOptions& o);  // emits optionsChanged()

    // What is shown now: the range in use and the result's depth slice for a given source slice.
    void setShownRange(double low, double high, upsample::DType dtype);
    // A note beside the range shown ("constant 1 ± 8e-7"); empty for none.
    void setRangeNote(const QString& note);
    // sourceDepth: where the result slice's centre lies on the input's depth axis.
    void setResultDepth(int index, int count, double sourceDepth);
    // Moves the depth slice by delta (PageUp/PageDown), clamped; false when nothing moved.
    bool stepDepth(int delta);

    // Locks the display range shown now (as a User range) across slices and inputs: setInput()
    // keeps it; the range choice is disabled until it is unlocked (the low and high stay editable).
    void setRangeLocked(bool on);
    bool rangeLocked() const;

signals:
    void optionsChanged();

private:
    void buildUi();
    QGroupBox* buildSliceBox(QWidget* w);
    QGroupBox* buildRangeBox(QWidget* w);
    void connectControls();
    void onChanged();
    void updateEnabled();

    bool updating_ = false;
    int rank_ = 4;
    int channels_ = 1;
    bool isImage_ = false;
    QSpinBox* batchSpin_;
    QCheckBox* rgbCheck_;
    QSpinBox* channelSpin_;
    QSlider* channelSlider_;
    std::array<QSpinBox*, 3> rgbSpins_{};
    QLabel* depthLabel_;
    QSpinBox* depthSpin_;
    QSlider* depthSlider_;
    QLabel* resultDepthLabel_;
    QComboBox* rangeCombo_;
    QDoubleSpinBox* lowSpin_;
    QDoubleSpinBox* highSpin_;
    QLabel* shownRangeLabel_;
    QCheckBox* lockCheck_;
    QComboBox* colorMapCombo_;
    QLabel* notesLabel_;
};

}  // namespace studio
