#include "docks/SpecDock.hpp"
#include "views/WidgetHelpers.hpp"

#include "upsample/error.hpp"

#include <QAction>
#include <QCheckBox>
#include <QComboBox>
#include <QDoubleSpinBox>
#include <QFormLayout>
#include <QGridLayout>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QAbstractItemView>
#include <QLabel>
#include <QScrollArea>
#include <QRadioButton>
#include <QSpinBox>
#include <QStandardItemModel>
#include <QToolButton>
#include <QVBoxLayout>

#include <limits>

namespace studio {

using upsample::Mode;

namespace {

// Shows values as typed ("2", "1.7"), not padded to the number of decimals.
class ScaleSpinBox : public QDoubleSpinBox {
public:
    using QDoubleSpinBox::QDoubleSpinBox;
    QString textFromValue(double v) const override { return QString::number(v, 'g', 10); }
};

// What the mode's option variants (upsample::optionVariants) leave to choose.
struct OptionChoice {
    bool alignTrue = false;  // align_corners=True is allowed
    bool aaOn = false, aaOff = false;
};
OptionChoice optionChoice(upsample::Mode m) {
    OptionChoice c;
    for (const auto& v : upsample::optionVariants(m)) {
        c.alignTrue = c.alignTrue || v.alignCorners == true;
        (v.antialias ? c.aaOn : c.aaOff) = true;
    }
    return c;
}
QString pyRaises(std::string_view why) { return "PyTorch raises ValueError: " + QString::fromUtf8(why.data(), static_cast<int>(why.size())); }
const char* const kRecomputeWhy =
    "recompute_scale_factor only applies to scale_factor; with an explicit size PyTorch raises ValueError: "
    "recompute_scale_factor is not meaningful with an explicit size.";

QString shapeName(int dims) {
    switch (dims) {
    case 1: return "3-D (N, C, L)";
    case 2: return "4-D (N, C, H, W)";
    default: return "5-D (N, C, D, H, W)";
    }
}

std::optional<bool> triFromIndex(int i) { return i == 0 ? std::nullopt : std::optional<bool>(i == 2); }
int indexFromTri(const std::optional<bool>& v) { return !v ? 0 : (*v ? 2 : 1); }

void fillTri(QComboBox* c) { c->addItems({"None", "False", "True"}); }

}  // namespace

SpecDock::SpecDock(QWidget* parent) : QDockWidget(tr("Spec"), parent) {
    setObjectName("SpecDock");
    buildUi();
    last_ = state();
    updateEnabled();
    updateCallText();
}

void SpecDock::buildUi() {
    auto* w = new QWidget(this);
    auto* layout = new QVBoxLayout(w);
    layout->addLayout(buildModeForm(w));
    layout->addWidget(buildSizeBox(w));
    layout->addLayout(buildOptionsForm(w));
    buildCallRows(w, layout);
    layout->addStretch(1);
    setScrollingWidget(this, w);
    connectControls();
}

// The preset and the mode.
QFormLayout* SpecDock::buildModeForm(QWidget* w) {
    auto* form = new QFormLayout;
    presetCombo_ = new QComboBox(w);
    presetCombo_->addItem(tr("Custom"));
    for (const auto& p : specPresets()) presetCombo_->addItem(p.name);
    presetCombo_->setToolTip(tr("The module calls people write, as F.interpolate specs"));
    presetCombo_->setSizeAdjustPolicy(QComboBox::AdjustToMinimumContentsLengthWithIcon);
    presetCombo_->setMinimumContentsLength(16);
    presetCombo_->view()->setMinimumWidth(presetCombo_->view()->sizeHintForColumn(0) + 24);
    form->addRow(tr("Preset"), presetCombo_);

    modeCombo_ = new QComboBox(w);
    for (Mode m : upsample::kAllModes)
        modeCombo_->addItem(QString::fromStdString(std::string(upsample::modeName(m))), static_cast<int>(m));
    modeCombo_->setObjectName("modeCombo");
    form->addRow(tr("mode"), modeCombo_);
    return form;
}

// scale_factor or size, one value or one per spatial dim.
QGroupBox* SpecDock::buildSizeBox(QWidget* w) {
    auto* sizeBox = new QGroupBox(tr("Output size"), w);
    auto* grid = new QGridLayout(sizeBox);
    scaleRadio_ = new QRadioButton(tr("scale_factor"), sizeBox);
    sizeRadio_ = new QRadioButton(tr("size"), sizeBox);
    scaleRadio_->setChecked(true);
    perDimCheck_ = new QCheckBox(tr("one value per dim (a tuple)"), sizeBox);
    grid->addWidget(scaleRadio_, 0, 1);
    grid->addWidget(sizeRadio_, 0, 2);
    grid->addWidget(perDimCheck_, 1, 0, 1, 3);
    for (int i = 0; i < 3; ++i) {
        dimLabels_[i] = new QLabel(sizeBox);
        auto* s = new ScaleSpinBox(sizeBox);
        s->setRange(0.0, kMaxScale);
        s->setDecimals(kScaleDecimals);
        s->setSingleStep(0.25);
        s->setValue(2.0);
        s->setKeyboardTracking(false);
        scaleSpins_[i] = s;
        auto* n = new QSpinBox(sizeBox);
        n->setRange(0, std::numeric_limits<int>::max());
        n->setValue(8);
        n->setKeyboardTracking(false);
        sizeSpins_[i] = n;
        grid->addWidget(dimLabels_[i], 2 + i, 0);
        grid->addWidget(s, 2 + i, 1);
        grid->addWidget(n, 2 + i, 2);
    }
    return sizeBox;
}

// align_corners, recompute_scale_factor and antialias.
QFormLayout* SpecDock::buildOptionsForm(QWidget* w) {
    auto* opts = new QFormLayout;
    alignCombo_ = new QComboBox(w);
    fillTri(alignCombo_);
    recomputeCombo_ = new QComboBox(w);
    fillTri(recomputeCombo_);
    antialiasCheck_ = new QCheckBox(tr("antialias=True"), w);
    alignCombo_->setObjectName("alignCornersCombo");
    recomputeCombo_->setObjectName("recomputeCombo");
    antialiasCheck_->setObjectName("antialiasCheck");
    torchCombo_ = new QComboBox(w);
    torchCombo_->setObjectName("torchCombo");
    for (const upsample::Semantics* s : upsample::allSemantics())
        torchCombo_->addItem(tr("PyTorch %1").arg(QString::fromStdString(std::string(s->version))),
                             QString::fromStdString(std::string(s->version)));
    torchCombo_->setToolTip(tr("The PyTorch version whose F.interpolate is reproduced: its arithmetic, its errors "
                               "and its dtypes"));
    opts->addRow(tr("PyTorch"), torchCombo_);
    opts->addRow(tr("align_corners"), alignCombo_);
    opts->addRow(tr("recompute_scale_factor"), recomputeCombo_);
    opts->addRow(QString(), antialiasCheck_);
    return opts;
}

// The module the spec is, the Python call and its copy button.
void SpecDock::buildCallRows(QWidget* w, QVBoxLayout* layout) {
    moduleLabel_ = new QLabel(w);
    moduleLabel_->setWordWrap(true);
    moduleLabel_->setStyleSheet("color: #555");
    layout->addWidget(moduleLabel_);
    callLabel_ = new QLabel(w);
    callLabel_->setObjectName("pythonCall");
    callLabel_->setWordWrap(true);
    callLabel_->setTextInteractionFlags(Qt::TextSelectableByMouse);
    callLabel_->setStyleSheet("font-family: monospace; background: palette(base); padding: 4px;");
    layout->addWidget(callLabel_);
    auto* copyRow = new QHBoxLayout;
    copyButton_ = new QToolButton(w);
    copyButton_->setToolButtonStyle(Qt::ToolButtonTextBesideIcon);
    copyRow->addStretch(1);
    copyRow->addWidget(copyButton_);
    layout->addLayout(copyRow);
}

void SpecDock::connectControls() {
    connect(presetCombo_, &QComboBox::activated, this, [this](int i) {
        if (i > 0) applyPreset(i - 1);
    });
    connect(modeCombo_, &QComboBox::currentIndexChanged, this, &SpecDock::onControlChanged);
    connect(scaleRadio_, &QRadioButton::toggled, this, &SpecDock::onControlChanged);
    connect(perDimCheck_, &QCheckBox::toggled, this, &SpecDock::onControlChanged);
    for (int i = 0; i < 3; ++i) {
        connect(scaleSpins_[i], &QDoubleSpinBox::valueChanged, this, &SpecDock::onControlChanged);
        connect(sizeSpins_[i], &QSpinBox::valueChanged, this, &SpecDock::onControlChanged);
    }
    connect(alignCombo_, &QComboBox::currentIndexChanged, this, &SpecDock::onControlChanged);
    connect(recomputeCombo_, &QComboBox::currentIndexChanged, this, &SpecDock::onControlChanged);
    connect(antialiasCheck_, &QCheckBox::toggled, this, &SpecDock::onControlChanged);
    connect(torchCombo_, &QComboBox::currentIndexChanged, this, &SpecDock::onControlChanged);
}

void SpecDock::setCopyAction(QAction* action) { copyButton_->setDefaultAction(action); }

Mode SpecDock::currentMode() const { return static_cast<Mode>(modeCombo_->currentData().toInt()); }

SpecState SpecDock::state() const {
    SpecState s;
    s.mode = currentMode();
    s.useSize = sizeRadio_->isChecked();
    s.perDim = perDimCheck_->isChecked();
    for (int i = 0; i < 3; ++i) {
        s.scale[i] = scaleSpins_[i]->value();
        s.size[i] = sizeSpins_[i]->value();
    }
    s.alignCorners = alignCombo_->isEnabled() ? triFromIndex(alignCombo_->currentIndex()) : std::nullopt;
    s.recomputeScaleFactor =
        recomputeCombo_->isEnabled() ? triFromIndex(recomputeCombo_->currentIndex()) : std::nullopt;
    s.antialias = antialiasCheck_->isChecked() && (antialiasCheck_->isEnabled() || upsample::modeRequiresAntialias(s.mode));
    if (const auto* v = upsample::semanticsNamed(torchCombo_->currentData().toString().toStdString())) s.torch = v;
    return s;
}

void SpecDock::setState(const SpecState& s) {
    updating_ = true;
    modeCombo_->setCurrentIndex(modeCombo_->findData(static_cast<int>(s.mode)));
    (s.useSize ? sizeRadio_ : scaleRadio_)->setChecked(true);
    perDimCheck_->setChecked(s.perDim);
    for (int i = 0; i < 3; ++i) {
        scaleSpins_[i]->setValue(s.scale[i]);
        sizeSpins_[i]->setValue(static_cast<int>(std::min<int64_t>(s.size[i], std::numeric_limits<int>::max())));
    }
    alignCombo_->setCurrentIndex(indexFromTri(s.alignCorners));
    recomputeCombo_->setCurrentIndex(indexFromTri(s.recomputeScaleFactor));
    antialiasCheck_->setChecked(s.antialias);
    torchCombo_->setCurrentIndex(torchCombo_->findData(QString::fromStdString(std::string(s.torch->version))));
    updating_ = false;
    settingState_ = true;
    onControlChanged();
    settingState_ = false;
}

void SpecDock::applyPreset(int index) {
    const auto& presets = specPresets();
    if (index < 0 || index >= static_cast<int>(presets.size())) return;
    SpecState s = presets[static_cast<std::size_t>(index)].state;
    s.torch = state().torch;  // a preset is a module call; the version stays the user's
    setState(s);
}

void SpecDock::setSpatialDims(int dims) {
    spatialDims_ = std::clamp(dims, 1, 3);
    // Keep the family: the linear modes have one member per rank; bicubic has only 2-D.
    const Mode m = currentMode();
    if (!upsample::modeSupportsSpatialDims(m, spatialDims_)) {
        const Mode repl = upsample::modeOfFamilyFor(m, spatialDims_);
        updating_ = true;
        modeCombo_->setCurrentIndex(modeCombo_->findData(static_cast<int>(repl)));
        updating_ = false;
    }
    onControlChanged();
}

void SpecDock::setInputShape(const upsample::Shape& shape) { inputShape_ = shape; }

// The user switched from scale_factor to size: the sizes start at the current output size (a
// tuple when the dims differ), not at whatever the size boxes last held.
void SpecDock::startSizeAtOutput() {
    if (inputShape_.size() < 3) return;
    SpecState byScale = state();
    byScale.useSize = false;
    upsample::ResolvedSpec r;
    try {
        r = upsample::resolve(byScale.toSpec(spatialDims_), inputShape_);
    } catch (const upsample::Error&) {
        return;  // the scale itself is refused: keep the sizes as they are
    }
    updating_ = true;
    bool same = true;
    for (int d = 0; d < spatialDims_; ++d) {
        const int i = 3 - spatialDims_ + d;
        sizeSpins_[i]->setValue(static_cast<int>(std::min<int64_t>(r.outSize(d), std::numeric_limits<int>::max())));
        same = same && r.outSize(d) == r.outSize(0);
    }
    if (!same) perDimCheck_->setChecked(true);
    updating_ = false;
}

void SpecDock::onControlChanged() {
    if (updating_) return;
    if (sizeRadio_->isChecked() && !last_.useSize && !settingState_) startSizeAtOutput();
    updateEnabled();
    updateCallText();
    const SpecState s = state();
    // Keep the preset shown while the controls still equal it.
    int presetIndex = 0;
    const auto& presets = specPresets();
    const std::string call = upsample::toPythonCall(s.toSpec(spatialDims_));
    auto matches = [&](int comboIndex) {
        return comboIndex > 0 &&
               upsample::toPythonCall(presets[static_cast<std::size_t>(comboIndex - 1)].state.toSpec(spatialDims_)) == call;
    };
    if (matches(presetCombo_->currentIndex())) presetIndex = presetCombo_->currentIndex();
    for (int i = 1; i <= static_cast<int>(presets.size()) && presetIndex == 0; ++i)
        if (matches(i)) presetIndex = i;
    presetCombo_->setCurrentIndex(presetIndex);
    moduleLabel_->setText(presetIndex > 0 ? presets[static_cast<std::size_t>(presetIndex - 1)].name + tr(" is")
                                          : QString());
    // A module preset shows which module call the F.interpolate call below stands for.
    moduleLabel_->setVisible(presetIndex > 0 && !moduleLabel_->text().startsWith("F."));
    if (s == last_) return;
    last_ = s;
    emit specChanged();
}

void SpecDock::updateEnabled() {
    const bool blocked = updating_;
    updating_ = true;
    // Modes this input's rank does not allow.
    auto* model = qobject_cast<QStandardItemModel*>(modeCombo_->model());
    for (int i = 0; i < modeCombo_->count(); ++i) {
        const Mode m = static_cast<Mode>(modeCombo_->itemData(i).toInt());
        const bool rankOk = upsample::modeSupportsSpatialDims(m, spatialDims_);
        const upsample::Semantics* torch = upsample::semanticsNamed(torchCombo_->currentData().toString().toStdString());
        const bool versionOk = !torch || upsample::versionHasMode(*torch, m);
        if (QStandardItem* item = model ? model->item(i) : nullptr) {
            item->setEnabled(rankOk && versionOk);
            const int need = upsample::modeSpatialDims(m);
            item->setToolTip(!versionOk ? tr("PyTorch %1 has no %2 mode").arg(torchCombo_->currentText(), modeCombo_->itemText(i))
                             : rankOk   ? QString()
                                        : tr("%1 needs a %2 input; this input is %3 (PyTorch raises NotImplementedError)")
                                            .arg(modeCombo_->itemText(i), shapeName(need), shapeName(spatialDims_)));
        }
    }
    const Mode m = currentMode();
    updateOptionControls(m);

    const bool useSize = sizeRadio_->isChecked();
    recomputeCombo_->setEnabled(!useSize);
    recomputeCombo_->setToolTip(useSize ? tr(kRecomputeWhy)
                                        : tr("True: the output size is computed from scale_factor, then the kernel "
                                             "uses in/out instead of 1/scale_factor"));
    if (useSize) recomputeCombo_->setCurrentIndex(0);

    // Per-dim value rows: one row for a single value, one per spatial dim for a tuple.
    const bool perDim = perDimCheck_->isChecked();
    static const char* const names3[] = {"D", "H", "W"};
    for (int i = 0; i < 3; ++i) {
        const bool inUse = perDim ? (i >= 3 - spatialDims_) : (i == 2);
        dimLabels_[i]->setVisible(inUse);
        scaleSpins_[i]->setVisible(inUse);
        sizeSpins_[i]->setVisible(inUse);
        scaleSpins_[i]->setEnabled(!useSize);
        sizeSpins_[i]->setEnabled(useSize);
        QString name = spatialDims_ == 1 ? QString("L") : QString(names3[i]);
        dimLabels_[i]->setText(perDim ? name : tr("every dim"));
    }
    updating_ = blocked;
}

// align_corners and antialias as the mode's option variants allow: a choice where there is one,
// fixed (with PyTorch's reason) where there is none.
void SpecDock::updateOptionControls(Mode m) {
    const upsample::ModeDescriptor& d = upsample::describe(m);
    const OptionChoice c = optionChoice(m);
    alignCombo_->setEnabled(c.alignTrue);
    alignCombo_->setToolTip(c.alignTrue ? tr("align_corners=True maps the corner pixel centres onto each other: "
                                             "x = d * (in - 1) / (out - 1)")
                                        : pyRaises(d.alignCornersRefusal));
    if (!c.alignTrue) alignCombo_->setCurrentIndex(0);

    const bool choice = c.aaOn && c.aaOff && spatialDims_ == 2;
    antialiasCheck_->setEnabled(choice);
    if (choice)
        antialiasCheck_->setToolTip(tr("Low-pass filters when downsampling, as PIL does; changes bicubic even "
                                       "when upsampling (a = -0.5)"));
    else if (c.aaOn)
        antialiasCheck_->setToolTip(pyRaises(d.antialiasRequirement));
    else
        antialiasCheck_->setToolTip(pyRaises(upsample::defaultSemantics().antialiasRefusal));
    antialiasCheck_->setChecked(choice ? antialiasCheck_->isChecked() : c.aaOn);
}

void SpecDock::updateCallText() {
    callLabel_->setText(QString::fromStdString(upsample::toPythonCall(state().toSpec(spatialDims_))));
}

}  // namespace studio
