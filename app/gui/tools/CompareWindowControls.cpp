// The compare window's controls: the A and B pickers, the view, the slice, and each view's own
// options (the difference's exposure, log and threshold; the flicker's timer); its hover readout
// and its figure.
#include "tools/CompareWindow.hpp"

#include "session/StudioContext.hpp"
#include "views/ColorLegend.hpp"
#include "views/ImageView.hpp"
#include "views/ValueFormat.hpp"
#include "views/ViewSync.hpp"

#include <QCheckBox>
#include <QComboBox>
#include <QDoubleSpinBox>
#include <QGridLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QPainter>
#include <QPushButton>
#include <QSpinBox>
#include <QTimer>
#include <QToolButton>
#include <QVBoxLayout>

#include <algorithm>

namespace studio {

using namespace upsample;

// Three short rows, so the window is usable down to about 800 px wide: the A and B pickers (as
// wide as the window allows, long names elided), then the view and the slice with Fit and the
// export, then the shown view's own options.
void CompareWindow::buildControls() {
    auto* layout = new QVBoxLayout(this);
    auto* pickers = new QGridLayout;
    for (int side = 0; side < 2; ++side) {
        pick_[side] = new QComboBox(this);
        pick_[side]->setObjectName(side == 0 ? "pickA" : "pickB");
        pick_[side]->setSizeAdjustPolicy(QComboBox::AdjustToMinimumContentsLengthWithIcon);
        pick_[side]->setMinimumContentsLength(18);
        pick_[side]->setSizePolicy(QSizePolicy::Expanding, QSizePolicy::Fixed);
        pickers->addWidget(new QLabel(side == 0 ? tr("<b>A</b>") : tr("<b>B</b>"), this), 0, side * 2);
        pickers->addWidget(pick_[side], 0, side * 2 + 1);
        pickers->setColumnStretch(side * 2 + 1, 1);
        connect(pick_[side], &QComboBox::activated, this, [this, side] { onPicked(side); });
    }
    layout->addLayout(pickers);

    auto* slice = new QHBoxLayout;
    viewCombo_ = new QComboBox(this);
    viewCombo_->setObjectName("compareViewCombo");
    viewCombo_->addItem(tr("1  Difference A \u2212 B"));
    viewCombo_->addItem(tr("2  Flicker (Space flips A/B)"));
    viewCombo_->addItem(tr("3  Swipe (drag the line)"));
    viewCombo_->addItem(tr("4  Side by side"));
    connect(viewCombo_, &QComboBox::activated, this, [this](int i) { setCompareView(static_cast<CompareView>(i)); });
    slice->addWidget(new QLabel(tr("view"), this));
    slice->addWidget(viewCombo_);
    slice->addSpacing(12);
    batchSpin_ = new QSpinBox(this);
    channelSpin_ = new QSpinBox(this);
    depthSpin_ = new QSpinBox(this);
    depthLabel_ = new QLabel(tr("output depth"), this);
    slice->addWidget(new QLabel(tr("batch"), this));
    slice->addWidget(batchSpin_);
    slice->addWidget(new QLabel(tr("channel"), this));
    slice->addWidget(channelSpin_);
    slice->addWidget(depthLabel_);
    slice->addWidget(depthSpin_);
    for (QSpinBox* s : {batchSpin_, channelSpin_, depthSpin_})
        connect(s, &QSpinBox::valueChanged, this, [this] {
            if (!updating_) updateView();
        });
    slice->addStretch(1);
    auto* fitButton = new QPushButton(tr("Fit"), this);
    connect(fitButton, &QPushButton::clicked, this, &CompareWindow::fit);
    slice->addWidget(fitButton);
    exportButton_ = new QToolButton(this);
    slice->addWidget(exportButton_);
    layout->addLayout(slice);

    auto* options = new QHBoxLayout;
    options->addWidget(buildDifferenceControls());
    options->addWidget(buildFlickerControls());
    options->addStretch(1);
    layout->addLayout(options);
}

// Difference: exposure, log, threshold.
QWidget* CompareWindow::buildDifferenceControls() {
    differenceControls_ = new QWidget(this);
    auto* dc = new QHBoxLayout(differenceControls_);
    dc->setContentsMargins(0, 0, 0, 0);
    exposureSpin_ = new QDoubleSpinBox(differenceControls_);
    exposureSpin_->setObjectName("exposureSpin");
    exposureSpin_->setRange(-20, 30);
    exposureSpin_->setSingleStep(1);
    exposureSpin_->setDecimals(1);
    exposureSpin_->setSuffix(tr(" stops"));
    exposureSpin_->setToolTip(tr("Gain 2^stops: +1 shows differences half as large at full colour"));
    logCheck_ = new QCheckBox(tr("log"), differenceControls_);
    logCheck_->setToolTip(tr("Symmetric log colours: small differences show beside large ones"));
    thresholdSpin_ = new QDoubleSpinBox(differenceControls_);
    thresholdSpin_->setObjectName("thresholdSpin");
    thresholdSpin_->setRange(0, 1e30);
    thresholdSpin_->setDecimals(9);
    thresholdSpin_->setToolTip(tr("Show only |A \u2212 B| > t: smaller differences draw white"));
    dc->addWidget(new QLabel(tr("exposure"), differenceControls_));
    dc->addWidget(exposureSpin_);
    dc->addWidget(logCheck_);
    dc->addWidget(new QLabel(tr("only |A \u2212 B| >"), differenceControls_));
    dc->addWidget(thresholdSpin_);
    connect(exposureSpin_, &QDoubleSpinBox::valueChanged, this, [this] { updateView(); });
    connect(logCheck_, &QCheckBox::toggled, this, [this] { updateView(); });
    connect(thresholdSpin_, &QDoubleSpinBox::valueChanged, this, [this] { updateView(); });
    return differenceControls_;

}

// Flicker: the timer.
QWidget* CompareWindow::buildFlickerControls() {
    flickerControls_ = new QWidget(this);
    auto* fc = new QHBoxLayout(flickerControls_);
    fc->setContentsMargins(0, 0, 0, 0);
    timerCheck_ = new QCheckBox(tr("flip every"), flickerControls_);
    timerCheck_->setToolTip(tr("T starts or stops the timer"));
    timerSpin_ = new QSpinBox(flickerControls_);
    timerSpin_->setRange(100, 5000);
    timerSpin_->setSingleStep(100);
    timerSpin_->setValue(500);
    timerSpin_->setSuffix(tr(" ms"));
    fc->addWidget(timerCheck_);
    fc->addWidget(timerSpin_);
    connect(timerCheck_, &QCheckBox::toggled, this, [this](bool on) { setFlickerTimer(on, timerSpin_->value()); });
    connect(timerSpin_, &QSpinBox::valueChanged, this, [this](int ms) { flickerTimer_->setInterval(ms); });
    return flickerControls_;

}

void CompareWindow::onHover(std::optional<QPointF> s) { hoverLabel_->setText(s ? hoverReadout(*s) : QString()); }

namespace {
// A plane's value at a pixel: one number, or (r, g, b) for an RGB slice.
QString valueText(const PlaneView& p, QPoint at) {
    if (p.channels() == 1) return formatValue(p.value(at.x(), at.y()), p.dtype());
    QStringList v;
    for (int k = 0; k < p.channels(); ++k) v << formatValue(p.value(at.x(), at.y(), k), p.dtype());
    return "(" + v.join(", ") + ")";
}
}  // namespace

// Where the pointer is, in the original's pixels (the views line A and B up by source position),
// A's and B's pixel there with its value, and A − B there (B read on A's grid).
QString CompareWindow::hoverReadout(QPointF s) const {
    if (a_.empty() || b_.empty()) return {};
    const SliceSelection sel = selection();
    const PlaneView a(a_, sel), b(b_, sel);
    const std::optional<QPoint> pa = ImageView::pixelIn(a, ratioOf(a), s), pb = ImageView::pixelIn(b, ratioOf(b), s);
    if (!pa && !pb) return {};
    QStringList parts;
    parts << tr("x %1, y %2").arg(QString::number(s.x(), 'f', 2), QString::number(s.y(), 'f', 2));
    parts << (pa ? tr("A %1 = %2").arg(a.indexText(pa->x(), pa->y()), valueText(a, *pa)) : tr("A: outside"));
    parts << (pb ? tr("B %1 = %2").arg(b.indexText(pb->x(), pb->y()), valueText(b, *pb)) : tr("B: outside"));
    const PlaneView d(diff_, sel);
    if (pa && d.valid() && pa->x() < d.width() && pa->y() < d.height())
        parts << tr("A \u2212 B = %1").arg(valueText(d, *pa));
    return parts.join("   ");
}

void CompareWindow::jumpToMax() {
    if (!stats_ || stats_->argMaxAbs < 0 || diff_.empty()) return;
    const std::vector<int64_t> idx = unflatten(stats_->argMaxAbs, diff_.shape());
    const int rank = diff_.rank();
    updating_ = true;
    batchSpin_->setValue(static_cast<int>(idx[0]));
    if (rank >= 4) channelSpin_->setValue(static_cast<int>(idx[1]));
    if (rank == 5) depthSpin_->setValue(static_cast<int>(idx[2]));
    updating_ = false;
    setCompareView(CompareView::Difference);
    const double x = static_cast<double>(idx.back()), y = static_cast<double>(rank == 3 ? idx[1] : idx[rank - 2]);
    const QSizeF r = view_->pixelsPerSource();
    const QPointF source((x + 0.5) / r.width(), (y + 0.5) / r.height());
    ViewSync* sync = studio_.viewSync();
    // Close enough to see the pixel and its neighbours, never further out than now.
    const double zoom = std::max(sync->zoom(), 24.0 * std::max(r.width(), r.height()));
    sync->setView(source, zoom);
    sync->setHover(source);
}

}  // namespace studio
