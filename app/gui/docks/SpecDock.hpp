// The spec controls: preset, mode, scale_factor or size per spatial dim, align_corners,
// recompute_scale_factor and antialias. Options PyTorch refuses for the chosen mode and input
// are disabled, with PyTorch's own reason as the tooltip. Emits specChanged() on every change.
#pragma once

#include "session/SpecState.hpp"

#include <QDockWidget>

#include <array>

class QAction;
class QCheckBox;
class QComboBox;
class QDoubleSpinBox;
class QFormLayout;
class QGroupBox;
class QLabel;
class QRadioButton;
class QSpinBox;
class QToolButton;
class QVBoxLayout;

namespace studio {

class SpecDock : public QDockWidget {
    Q_OBJECT
public:
    explicit SpecDock(QWidget* parent = nullptr);

    SpecState state() const;
    void setState(const SpecState& s);  // emits specChanged() once when it changes anything
    upsample::Spec spec() const { return state().toSpec(spatialDims_); }
    // Adapts the controls to an input with this many spatial dims (1 to 3); a mode that does not
    // run on it is replaced by its counterpart (bilinear <-> linear/trilinear, bicubic -> ...).
    void setSpatialDims(int dims);
    int spatialDims() const { return spatialDims_; }
    void applyPreset(int index);  // index into specPresets()
    void setCopyAction(QAction* action);
    // The input's shape: choosing "size" starts at the output size the scale gives it.
    void setInputShape(const upsample::Shape& shape);

    // For tests and the screenshot option.
    QComboBox* modeCombo() const { return modeCombo_; }
    QRadioButton* sizeRadio() const { return sizeRadio_; }

signals:
    void specChanged();

private:
    void buildUi();
    QFormLayout* buildModeForm(QWidget* w);
    QGroupBox* buildSizeBox(QWidget* w);
    QFormLayout* buildOptionsForm(QWidget* w);
    void buildCallRows(QWidget* w, QVBoxLayout* layout);
    void connectControls();
    void onControlChanged();
    void updateEnabled();
    void updateOptionControls(upsample::Mode m);
    void updateCallText();
    upsample::Mode currentMode() const;
    void startSizeAtOutput();

    int spatialDims_ = 2;
    bool updating_ = false;
    bool settingState_ = false;  // setState() is filling the controls: no user choice to follow
    upsample::Shape inputShape_;
    SpecState last_;
    QComboBox* presetCombo_;
    QComboBox* modeCombo_;
    QRadioButton* scaleRadio_;
    QRadioButton* sizeRadio_;
    QCheckBox* perDimCheck_;
    std::array<QLabel*, 3> dimLabels_{};
    std::array<QDoubleSpinBox*, 3> scaleSpins_{};
    std::array<QSpinBox*, 3> sizeSpins_{};
    QComboBox* alignCombo_;
    QComboBox* recomputeCombo_;
    QComboBox* torchCombo_;  // the PyTorch version
    QCheckBox* antialiasCheck_;
    QLabel* moduleLabel_;
    QLabel* callLabel_;
    QToolButton* copyButton_;
};

}  // namespace studio
