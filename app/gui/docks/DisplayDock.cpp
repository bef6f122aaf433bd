#include "docks/DisplayDock.hpp"
#include "views/WidgetHelpers.hpp"

#include "session/InputDocument.hpp"
#include "views/ValueFormat.hpp"

#include <QCheckBox>
#include <QColor>
#include <QStandardItemModel>
#include <QComboBox>
#include <QDoubleSpinBox>
#include <QAbstractItemView>
#include <QFormLayout>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QScrollArea>
#include <QSlider>
#include <QSpinBox>
#include <QVBoxLayout>

#include <limits>

namespace studio {

namespace {
class ValueSpinBox : public QDoubleSpinBox {
public:
    using QDoubleSpinBox::QDoubleSpinBox;
    QString textFromValue(double v) const override { return QString::number(v, 'g', 10); }
};

QString swatch(QRgb c, const QString& text) {
    return QString("<span style='background:%1'>&nbsp;&nbsp;&nbsp;&nbsp;</span>&nbsp;%2")
        .arg(QColor(c).name(), text.toHtmlEscaped());
}
}  // namespace

DisplayDock::DisplayDock(QWidget* parent) : QDockWidget(tr("Display"), parent) {
    setObjectName("DisplayDock");
    buildUi();
    updateEnabled();
}

void DisplayDock::buildUi() {
    auto* w = new QWidget(this);
    auto* layout = new QVBoxLayout(w);
    layout->addWidget(buildSliceBox(w));
    layout->addWidget(buildRangeBox(w));

    notesLabel_ = new QLabel(w);
    notesLabel_->setWordWrap(true);
    notesLabel_->setObjectName("inputNotes");
    notesLabel_->setStyleSheet("color: #555");
    notesLabel_->setTextInteractionFlags(Qt::TextSelectableByMouse);
    layout->addWidget(notesLabel_);
    layout->addStretch(1);
    setScrollingWidget(this, w);
    connectControls();
}

// Which plane is shown: batch, channel or RGB channels, depth.
QGroupBox* DisplayDock::buildSliceBox(QWidget* w) {
    auto* sliceBox = new QGroupBox(tr("Slice"), w);
    auto* sf = new QFormLayout(sliceBox);
    batchSpin_ = new QSpinBox(sliceBox);
    sf->addRow(tr("batch (N)"), batchSpin_);
    rgbCheck_ = new QCheckBox(tr("RGB from three channels"), sliceBox);
    sf->addRow(rgbCheck_);
    channelSpin_ = new QSpinBox(sliceBox);
    channelSlider_ = new QSlider(Qt::Horizontal, sliceBox);
    channelSlider_->setObjectName("channelSlider");
    channelSlider_->setPageStep(1);
    auto* channelRow = new QHBoxLayout;
    channelRow->addWidget(channelSlider_, 1);
    channelRow->addWidget(channelSpin_);
    sf->addRow(tr("channel (C)"), channelRow);
    auto* rgbRow = new QHBoxLayout;
    for (int k = 0; k < 3; ++k) {
        rgbSpins_[k] = new QSpinBox(sliceBox);
        rgbSpins_[k]->setPrefix(QString("RGB").mid(k, 1) + " ");
        rgbRow->addWidget(rgbSpins_[k]);
    }
    sf->addRow(tr("channels"), rgbRow);
    depthLabel_ = new QLabel(tr("depth (D)"), sliceBox);
    depthSpin_ = new QSpinBox(sliceBox);
    depthSlider_ = new QSlider(Qt::Horizontal, sliceBox);
    depthSlider_->setObjectName("depthSlider");
    depthSlider_->setPageStep(1);
    auto* depthRow = new QHBoxLayout;
    depthRow->addWidget(depthSlider_, 1);
    depthRow->addWidget(depthSpin_);
    sf->addRow(depthLabel_, depthRow);
    resultDepthLabel_ = new QLabel(sliceBox);
    resultDepthLabel_->setObjectName("resultDepthLabel");
    resultDepthLabel_->setWordWrap(true);
    sf->addRow(resultDepthLabel_);
    return sliceBox;
}

// The value range mapped to colours, the colour map and the colours of NaN and infinities.
QGroupBox* DisplayDock::buildRangeBox(QWidget* w) {
    auto* rangeBox = new QGroupBox(tr("Range and colours"), w);
    auto* rf = new QFormLayout(rangeBox);
    rangeCombo_ = new QComboBox(rangeBox);
    rangeCombo_->addItem(tr("As stored (0 to 255 / 65535)"), static_cast<int>(RangeMode::Stored));
    rangeCombo_->addItem(tr("Auto (min to max, to the dtype's precision)"), static_cast<int>(RangeMode::Auto));
    rangeCombo_->addItem(tr("Percentiles 0.5 to 99.5 %"), static_cast<int>(RangeMode::Percentile));
    rangeCombo_->addItem(tr("User"), static_cast<int>(RangeMode::User));
    // Narrow when closed (the dock stays slim), the whole names in the open list.
    rangeCombo_->setSizeAdjustPolicy(QComboBox::AdjustToMinimumContentsLengthWithIcon);
    rangeCombo_->setMinimumContentsLength(14);
    rangeCombo_->view()->setMinimumWidth(rangeCombo_->view()->sizeHintForColumn(0) + 24);
    rf->addRow(tr("range"), rangeCombo_);
    lowSpin_ = new ValueSpinBox(rangeBox);
    highSpin_ = new ValueSpinBox(rangeBox);
    for (auto* s : {lowSpin_, highSpin_}) {
        s->setRange(-std::numeric_limits<double>::max(), std::numeric_limits<double>::max());
        s->setDecimals(6);
        s->setKeyboardTracking(false);
    }
    highSpin_->setValue(1.0);
    rf->addRow(tr("low"), lowSpin_);
    rf->addRow(tr("high"), highSpin_);
    shownRangeLabel_ = new QLabel(rangeBox);
    rf->addRow(tr("shown"), shownRangeLabel_);
    lockCheck_ = new QCheckBox(tr("lock across slices and inputs"), rangeBox);
    lockCheck_->setObjectName("lockRange");
    lockCheck_->setToolTip(tr("Keep the range shown now (as a User range) for every slice and every input opened "
                              "next, so equal values keep their colour"));
    rf->addRow(lockCheck_);
    colorMapCombo_ = new QComboBox(rangeBox);
    for (ColorMap m : {ColorMap::Grey, ColorMap::Viridis, ColorMap::Turbo})
        colorMapCombo_->addItem(colorMapName(m), static_cast<int>(m));
    rf->addRow(tr("colour map"), colorMapCombo_);
    auto* legend = new QLabel(rangeBox);
    legend->setTextFormat(Qt::RichText);
    legend->setWordWrap(true);
    legend->setToolTip(tr("In the views, NaN shows as a magenta and black checker, +inf as cyan and black "
                          "stripes rising to the right, -inf as blue and white stripes falling"));
    legend->setText(swatch(DisplayMapping::nanColor(), tr("NaN ###")) + "&nbsp;&nbsp; " +
                    swatch(DisplayMapping::posInfColor(), tr("+inf ///")) + "&nbsp;&nbsp; " +
                    swatch(DisplayMapping::negInfColor(), tr("-inf \\\\\\")));
    rf->addRow(legend);
    return rangeBox;
}

void DisplayDock::connectControls() {
    for (QSpinBox* s : {batchSpin_, channelSpin_, depthSpin_, rgbSpins_[0], rgbSpins_[1], rgbSpins_[2]})
        connect(s, &QSpinBox::valueChanged, this, &DisplayDock::onChanged);
    // The slider and the spin box are one control: the slider moves the spin box, which reports.
    connect(depthSlider_, &QSlider::valueChanged, depthSpin_, &QSpinBox::setValue);
    connect(depthSpin_, &QSpinBox::valueChanged, depthSlider_, &QSlider::setValue);
    connect(channelSlider_, &QSlider::valueChanged, channelSpin_, &QSpinBox::setValue);
    connect(channelSpin_, &QSpinBox::valueChanged, channelSlider_, &QSlider::setValue);
    connect(rgbCheck_, &QCheckBox::toggled, this, &DisplayDock::onChanged);
    connect(rangeCombo_, &QComboBox::currentIndexChanged, this, &DisplayDock::onChanged);
    connect(lowSpin_, &QDoubleSpinBox::valueChanged, this, &DisplayDock::onChanged);
    connect(highSpin_, &QDoubleSpinBox::valueChanged, this, &DisplayDock::onChanged);
    connect(colorMapCombo_, &QComboBox::currentIndexChanged, this, &DisplayDock::onChanged);
    connect(lockCheck_, &QCheckBox::toggled, this, &DisplayDock::setRangeLocked);
}

void DisplayDock::setRangeLocked(bool on) {
    {
        const QSignalBlocker block(lockCheck_);
        lockCheck_->setChecked(on);
    }
    // The spins hold the range shown (setShownRange seeds them): User keeps exactly that.
    if (on) rangeCombo_->setCurrentIndex(rangeCombo_->findData(static_cast<int>(RangeMode::User)));
    updateEnabled();
}

bool DisplayDock::rangeLocked() const { return lockCheck_->isChecked(); }

void DisplayDock::setInput(const InputDocument& doc) {
    updating_ = true;
    const auto& t = doc.tensor;
    rank_ = t.rank();
    channels_ = static_cast<int>(t.dim(1));
    isImage_ = doc.isImage();
    batchSpin_->setRange(0, static_cast<int>(t.dim(0) - 1));
    batchSpin_->setValue(0);
    channelSpin_->setRange(0, channels_ - 1);
    channelSlider_->setRange(0, channels_ - 1);
    channelSpin_->setValue(0);
    for (int k = 0; k < 3; ++k) {
        rgbSpins_[k]->setRange(0, channels_ - 1);
        rgbSpins_[k]->setValue(std::min(k, channels_ - 1));
    }
    // RGB for pictures and 3- or 4-channel tensors; a feature map (more channels) one channel at a
    // time, through a colour map.
    const bool manyChannels = !isImage_ && channels_ > 4;
    rgbCheck_->setChecked(rank_ >= 4 && channels_ >= 3 && !manyChannels);
    if (manyChannels && colorMapCombo_->currentData().toInt() == static_cast<int>(ColorMap::Grey))
        colorMapCombo_->setCurrentIndex(colorMapCombo_->findData(static_cast<int>(ColorMap::Viridis)));
    depthSpin_->setRange(0, rank_ == 5 ? static_cast<int>(t.dim(2) - 1) : 0);
    depthSlider_->setRange(depthSpin_->minimum(), depthSpin_->maximum());
    depthSpin_->setValue(rank_ == 5 ? static_cast<int>(t.dim(2) / 2) : 0);  // the middle slice
    // 8-bit pictures as stored; 16-bit ones (often a few thousand levels of 65535) and tensors by their data.
    const bool stored = isImage_ && doc.bitDepth == 8;
    if (!rangeLocked())  // a locked range stays for the new input
        rangeCombo_->setCurrentIndex(rangeCombo_->findData(static_cast<int>(stored ? RangeMode::Stored : RangeMode::Auto)));
    notesLabel_->setText(doc.notices.join("\n\n"));
    updating_ = false;
    updateEnabled();
}

DisplayOptions DisplayDock::options() const {
    DisplayOptions o;
    o.slice.batch = batchSpin_->value();
    o.slice.rgb = rgbCheck_->isEnabled() && rgbCheck_->isChecked();
    o.slice.channel = channelSpin_->value();
    for (int k = 0; k < 3; ++k) o.slice.rgbChannels[k] = rgbSpins_[k]->value();
    o.slice.depth = depthSpin_->value();
    o.range = static_cast<RangeMode>(rangeCombo_->currentData().toInt());
    o.userLow = lowSpin_->value();
    o.userHigh = highSpin_->value();
    o.colorMap = static_cast<ColorMap>(colorMapCombo_->currentData().toInt());
    return o;
}

void DisplayDock::setOptions(const DisplayOptions& o) {
    updating_ = true;
    batchSpin_->setValue(o.slice.batch);
    rgbCheck_->setChecked(o.slice.rgb);
    channelSpin_->setValue(o.slice.channel);
    for (int k = 0; k < 3; ++k) rgbSpins_[k]->setValue(o.slice.rgbChannels[k]);
    depthSpin_->setValue(o.slice.depth);
    rangeCombo_->setCurrentIndex(rangeCombo_->findData(static_cast<int>(o.range)));
    lowSpin_->setValue(o.userLow);
    highSpin_->setValue(o.userHigh);
    colorMapCombo_->setCurrentIndex(colorMapCombo_->findData(static_cast<int>(o.colorMap)));
    updating_ = false;
    onChanged();
}

void DisplayDock::setShownRange(double low, double high, upsample::DType dtype) {
    shownRangeLabel_->setText(QString("[%1, %2]").arg(formatValue(low, dtype), formatValue(high, dtype)));
    // Seed the user range with what is shown, so switching to User starts from it.
    if (static_cast<RangeMode>(rangeCombo_->currentData().toInt()) != RangeMode::User) {
        updating_ = true;
        lowSpin_->setValue(low);
        highSpin_->setValue(high);
        updating_ = false;
    }
}

void DisplayDock::setRangeNote(const QString& note) {
    const QString range = shownRangeLabel_->text().section(QStringLiteral("\n"), 0, 0);
    shownRangeLabel_->setWordWrap(true);
    shownRangeLabel_->setText(note.isEmpty() ? range : range + "\n" + note);
}

void DisplayDock::setResultDepth(int index, int count, double sourceDepth) {
    resultDepthLabel_->setVisible(rank_ == 5);
    resultDepthLabel_->setText(tr("result shows depth slice %1 of %2, centred at source depth %3 (the result "
                                  "slice nearest to this one)")
                                   .arg(index)
                                   .arg(count)
                                   .arg(sourceDepth, 0, 'g', 6));
}

void DisplayDock::onChanged() {
    if (updating_) return;
    updateEnabled();
    emit optionsChanged();
}

bool DisplayDock::stepDepth(int delta) {
    if (rank_ != 5) return false;
    const int before = depthSpin_->value();
    depthSpin_->setValue(before + delta);
    return depthSpin_->value() != before;
}

void DisplayDock::updateEnabled() {
    const bool rgbPossible = rank_ >= 4 && channels_ >= 3;
    rgbCheck_->setEnabled(rgbPossible);
    const bool rgb = rgbPossible && rgbCheck_->isChecked();
    channelSpin_->setEnabled(rank_ >= 4 && !rgb);
    channelSlider_->setEnabled(rank_ >= 4 && !rgb);
    channelSpin_->setToolTip(rank_ == 3 ? tr("(N, C, L) input: every channel is a row of the picture") : QString());
    for (auto* s : rgbSpins_) s->setEnabled(rgb);
    rangeCombo_->setEnabled(!rangeLocked());
    depthLabel_->setVisible(rank_ == 5);
    depthSpin_->setVisible(rank_ == 5);
    depthSlider_->setVisible(rank_ == 5);
    resultDepthLabel_->setVisible(rank_ == 5);
    if (auto* model = qobject_cast<QStandardItemModel*>(rangeCombo_->model())) {
        QStandardItem* stored = model->item(rangeCombo_->findData(static_cast<int>(RangeMode::Stored)));
        stored->setEnabled(isImage_);
        stored->setToolTip(isImage_ ? QString() : tr("Only pictures have a stored range"));
    }
    const auto range = static_cast<RangeMode>(rangeCombo_->currentData().toInt());
    lowSpin_->setEnabled(range == RangeMode::User);
    highSpin_->setEnabled(range == RangeMode::User);
    colorMapCombo_->setEnabled(!rgb);
    colorMapCombo_->setToolTip(rgb ? tr("Colour maps apply to single channels") : QString());
}

}  // namespace studio
