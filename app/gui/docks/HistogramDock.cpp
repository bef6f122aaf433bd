#include "docks/HistogramDock.hpp"

#include "session/StudioContext.hpp"
#include "views/ImageView.hpp"
#include "views/ValueFormat.hpp"
#include "views/ViewOverlay.hpp"
#include "views/ViewSync.hpp"
#include "views/WidgetHelpers.hpp"

#include <QApplication>
#include <QCheckBox>
#include <QComboBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QMouseEvent>
#include <QPainter>
#include <QPainterPath>
#include <QPushButton>
#include <QVBoxLayout>
#include <QtConcurrent/QtConcurrent>

#include <algorithm>
#include <cmath>

namespace studio {

using namespace upsample;

namespace {
QString qs(const std::string& s) { return QString::fromStdString(s); }
QString num(double v) { return QString::number(v, 'g', 7); }

constexpr std::size_t kMaxMarks = 50000;
// Channels counted at most (every channel of a (1, 200000, L) tensor took 800 MB of histograms
// and as many paths to paint).
constexpr int kMaxChannels = 16;

std::vector<QColor> coloursFor(std::size_t n, bool rgb) {
    if (rgb && n == 3) return {QColor(220, 40, 40), QColor(30, 160, 60), QColor(40, 90, 220)};
    static const QColor cycle[] = {QColor(40, 40, 40), QColor(31, 119, 180), QColor(255, 127, 14), QColor(44, 160, 44),
                                   QColor(214, 39, 40), QColor(148, 103, 189), QColor(140, 86, 75), QColor(227, 119, 194)};
    std::vector<QColor> c;
    for (std::size_t i = 0; i < n; ++i) c.push_back(cycle[i % 8]);
    return c;
}

// The worker's job: statistics and histograms per channel on one common range, and the overshoot.
HistogramData compute(Tensor t, int batch, std::vector<int> channels, Tensor input, std::optional<ResolvedSpec> spec) {
    HistogramData d;
    d.tensor = t;
    d.batch = batch;
    d.channels = channels;
    double lo = INFINITY, hi = -INFINITY;
    for (int c : channels) {
        d.stats.push_back(channelStats(t, batch, c));
        if (d.stats.back().finite > 0) {
            lo = std::min(lo, d.stats.back().min);
            hi = std::max(hi, d.stats.back().max);
        }
    }
    std::optional<std::pair<double, double>> range;
    if (lo <= hi) range = lo < hi ? std::make_pair(lo, hi) : std::make_pair(lo - 0.5, hi + 0.5);
    for (int c : channels) d.histograms.push_back(channelHistogram(t, batch, c, HistogramDock::kBins, range));
    if (!input.empty() && spec) d.overshoot = overshootReport(input, t, &*spec);
    return d;
}
}  // namespace

HistogramDock::HistogramDock(StudioContext& studio, QWidget* parent)
    : QDockWidget(tr("Histogram"), parent), studio_(studio) {
    setObjectName("HistogramDock");
    auto* w = new QWidget(this);
    auto* layout = new QVBoxLayout(w);
    auto* row = new QHBoxLayout;
    sourceCombo_ = new QComboBox(w);
    sourceCombo_->addItem(tr("Original"));
    sourceCombo_->addItem(tr("Result"));
    sourceCombo_->addItem(tr("Difference A \u2212 B (A/B compare)"));
    sourceCombo_->setCurrentIndex(1);
    everyChannel_ = new QCheckBox(tr("every channel"), w);
    everyChannel_->setToolTip(tr("Every channel of the batch entry, not only the channels the views show"));
    logCounts_ = new QCheckBox(tr("log counts"), w);
    row->addWidget(sourceCombo_);
    row->addWidget(everyChannel_);
    row->addWidget(logCounts_);
    row->addStretch(1);
    layout->addLayout(row);
    // The plot, and beside it the statistics and the overshoot report: both stay in view at the
    // dock's docked height (under the plot they were scrolled away).
    auto* body = new QHBoxLayout;
    plot_ = new HistogramPlot(w);
    plot_->setObjectName("histogramPlot");
    body->addWidget(plot_, 3);
    auto* side = new QVBoxLayout;
    statsLabel_ = new QLabel(w);
    statsLabel_->setObjectName("histogramStats");
    statsLabel_->setWordWrap(true);
    statsLabel_->setTextInteractionFlags(Qt::TextSelectableByMouse);
    statsLabel_->setSizePolicy(QSizePolicy::Preferred, QSizePolicy::Minimum);
    side->addWidget(statsLabel_);
    overshootLabel_ = new QLabel(w);
    overshootLabel_->setObjectName("overshootReport");
    overshootLabel_->setWordWrap(true);
    overshootLabel_->setTextInteractionFlags(Qt::TextSelectableByMouse);
    side->addWidget(overshootLabel_);
    markButton_ = new QPushButton(tr("Mark values outside"), w);
    markButton_->setToolTip(tr("Mark the result's values outside the input's range on the result view"));
    markButton_->setCheckable(true);
    side->addWidget(markButton_, 0, Qt::AlignLeft);
    side->addStretch(1);
    body->addLayout(side, 2);
    layout->addLayout(body, 1);
    setScrollingWidget(this, w);

    connect(sourceCombo_, &QComboBox::currentIndexChanged, this, &HistogramDock::refresh);
    connect(everyChannel_, &QCheckBox::toggled, this, &HistogramDock::refresh);
    connect(logCounts_, &QCheckBox::toggled, plot_, &HistogramPlot::setLogCounts);
    connect(markButton_, &QPushButton::toggled, this, &HistogramDock::updateMarks);
    connect(plot_, &HistogramPlot::rangeDragged, this, &HistogramDock::rangeEdited);
    connect(&watcher_, &QFutureWatcher<HistogramData>::finished, this, &HistogramDock::onFinished);
}

void HistogramDock::setSource(HistogramSource s) { sourceCombo_->setCurrentIndex(static_cast<int>(s)); }
HistogramSource HistogramDock::source() const { return static_cast<HistogramSource>(sourceCombo_->currentIndex()); }
void HistogramDock::setEveryChannel(bool on) { everyChannel_->setChecked(on); }
void HistogramDock::setLogCounts(bool on) { logCounts_->setChecked(on); }
void HistogramDock::setMarkOvershoot(bool on) { markButton_->setChecked(on); }
bool HistogramDock::markOvershoot() const { return markButton_->isChecked(); }
int HistogramDock::markedCount() const { return marks_ ? static_cast<int>(marks_->marks().cells.size()) : 0; }

void HistogramDock::refresh() {
    const DisplayMapping m = studio_.currentMapping();
    plot_->setRange(m.low(), m.high());
    if (watcher_.isRunning()) {
        pending_ = true;  // once this job is done
        return;
    }
    start();
}

void HistogramDock::start() {
    pending_ = false;
    Tensor t;
    switch (source()) {
    case HistogramSource::Original:
        if (studio_.input()) t = studio_.input()->tensor;
        break;
    case HistogramSource::Result:
        if (studio_.result()) t = studio_.result()->output;
        break;
    case HistogramSource::Difference:
        if (difference_) t = difference_();
        break;
    }
    if (t.empty() || t.rank() < 3) {
        data_.reset();
        key_.reset();
        plot_->setData({}, {});
        statsLabel_->setText(source() == HistogramSource::Difference ? tr("No A/B difference: open Analysis \u25b8 A/B "
                                                                          "Compare with two results")
                                                                       : tr("Nothing to count yet"));
        updateLabels();
        return;
    }
    const SliceSelection sel = studio_.shownSlice();
    const int batch = static_cast<int>(std::clamp<int64_t>(sel.batch, 0, t.dim(0) - 1));
    std::vector<int> channels;
    const int c = static_cast<int>(t.dim(1));
    if (everyChannel_->isChecked() || t.rank() == 3) {
        for (int k = 0; k < std::min(c, kMaxChannels); ++k) channels.push_back(k);
    } else if (sel.rgb && c >= 3) {
        for (int k : sel.rgbChannels) channels.push_back(std::clamp(k, 0, c - 1));
    } else {
        channels.push_back(std::clamp(sel.channel, 0, c - 1));
    }
    Tensor input;
    std::optional<ResolvedSpec> spec;
    if (source() == HistogramSource::Result && studio_.input() && studio_.result()) {
        input = studio_.input()->tensor;
        spec = studio_.result()->resolved;
    }
    const Key key{t.raw(), input.raw(), batch, channels};
    if (key_ && *key_ == key && data_) {
        updateLabels();
        return;
    }
    key_ = key;
    watcher_.setFuture(QtConcurrent::run(compute, t, batch, channels, input, spec));
}

void HistogramDock::onFinished() {
    data_ = watcher_.result();
    std::vector<Histogram> hs = data_->histograms;
    const SliceSelection sel = studio_.shownSlice();
    plot_->setData(hs, coloursFor(hs.size(), sel.rgb && !everyChannel_->isChecked()));
    updateLabels();
    updateMarks();
    if (pending_) start();
}

void HistogramDock::waitForIdle() {
    while (watcher_.isRunning() || pending_) {
        watcher_.waitForFinished();
        QApplication::processEvents();
    }
    QApplication::processEvents();
}

QString HistogramDock::statsText() const {
    if (!data_) return QString();
    QStringList lines;
    const DType dt = data_->tensor.dtype();
    for (std::size_t i = 0; i < data_->stats.size() && i < 16; ++i) {
        const ValueStats& s = data_->stats[i];
        QString line = tr("channel %1: min %2  max %3  mean %4  std %5")
                           .arg(data_->channels[i])
                           .arg(formatValue(s.min, dt), formatValue(s.max, dt), num(s.mean), num(s.std));
        line += tr("  NaN %1  +Inf %2  \u2212Inf %3").arg(s.nan).arg(s.posInf).arg(s.negInf);
        lines << line;
    }
    const int64_t all = data_->tensor.rank() >= 2 ? data_->tensor.dim(1) : 0;
    const bool every = everyChannel_->isChecked() || data_->tensor.rank() == 3;
    if (every && all > static_cast<int64_t>(data_->stats.size()))
        lines << tr("\u2026 the first %1 of %2 channels are counted").arg(data_->stats.size()).arg(all);
    return lines.join('\n');
}

// The statistics as a small table, one row per channel: what the dock shows beside the plot.
QString HistogramDock::statsTable() const {
    if (!data_) return QString();
    const DType dt = data_->tensor.dtype();
    QString h = "<table cellspacing='0' cellpadding='1'><tr style='color:#666'><td>ch</td><td align='right'>&nbsp;min</td>"
                "<td align='right'>&nbsp;max</td><td align='right'>&nbsp;mean</td><td align='right'>&nbsp;std</td></tr>";
    for (std::size_t i = 0; i < data_->stats.size() && i < 16; ++i) {
        const ValueStats& s = data_->stats[i];
        h += QString("<tr><td>%1</td><td align='right'>&nbsp;%2</td><td align='right'>&nbsp;%3</td><td align='right'>&nbsp;%4</td>"
                     "<td align='right'>&nbsp;%5</td></tr>")
                 .arg(data_->channels[i])
                 .arg(formatValueCompact(s.min, dt, 8), formatValueCompact(s.max, dt, 8),
                      QString::number(s.mean, 'g', 5), QString::number(s.std, 'g', 5));
        if (s.nan + s.posInf + s.negInf > 0)
            h += tr("<tr><td></td><td colspan='4' style='color:#c0392b'>NaN %1 &nbsp;+Inf %2 &nbsp;−Inf %3</td></tr>")
                     .arg(s.nan).arg(s.posInf).arg(s.negInf);
    }
    return h + "</table>";
}

QString HistogramDock::overshootText() const {
    if (!data_ || !data_->overshoot) return QString();
    return tr("Overshoot: %1").arg(qs(data_->overshoot->summary));
}

void HistogramDock::updateLabels() {
    if (data_) {
        statsLabel_->setText(statsTable());
        statsLabel_->setToolTip(statsText());
    }
    const QString o = overshootText();
    // The counts in the dock (the summary up to its cause), the whole report as the tooltip.
    overshootLabel_->setText(o.section("; ", 0, 0));
    overshootLabel_->setToolTip(o);
    overshootLabel_->setVisible(!o.isEmpty());
    markButton_->setVisible(!o.isEmpty());
    markButton_->setEnabled(data_ && data_->overshoot && data_->overshoot->outside() > 0);
}

// The result's values outside the input's range on the shown slice, as marked cells.
void HistogramDock::updateMarks() {
    ImageView* view = studio_.resultView();
    if (!marks_ && view) marks_ = new ViewOverlay(view, studio_.viewSync());
    if (!marks_) return;
    OverlayMarks m;
    m.colour = QColor(255, 0, 200);
    if (markButton_->isChecked() && data_ && data_->overshoot && data_->overshoot->outside() > 0) {
        const PlaneView p = studio_.resultPlane();
        const double lo = data_->overshoot->inMin, hi = data_->overshoot->inMax;
        for (int y = 0; y < p.height(); ++y)
            for (int x = 0; x < p.width(); ++x)
                for (int k = 0; k < p.channels(); ++k) {
                    const double v = p.value(x, y, k);
                    if (std::isfinite(v) && (v < lo || v > hi) && static_cast<std::size_t>(m.cells.size()) < kMaxMarks) {
                        m.cells << QRect(x, y, 1, 1);
                        break;
                    }
                }
    }
    marks_->setMarks(m);
}

}  // namespace studio
