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
    plot_ = new HistogramPlot(w);
    plot_->setObjectName("histogramPlot");
    layout->addWidget(plot_, 1);
    statsLabel_ = new QLabel(w);
    statsLabel_->setObjectName("histogramStats");
    statsLabel_->setTextInteractionFlags(Qt::TextSelectableByMouse);
    layout->addWidget(statsLabel_);
    overshootLabel_ = new QLabel(w);
    overshootLabel_->setObjectName("overshootReport");
    overshootLabel_->setWordWrap(true);
    overshootLabel_->setTextInteractionFlags(Qt::TextSelectableByMouse);
    layout->addWidget(overshootLabel_);
    markButton_ = new QPushButton(tr("Mark values outside the input's range"), w);
    markButton_->setCheckable(true);
    layout->addWidget(markButton_, 0, Qt::AlignLeft);
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

QString HistogramDock::overshootText() const {
    if (!data_ || !data_->overshoot) return QString();
    return tr("Overshoot: %1").arg(qs(data_->overshoot->summary));
}

void HistogramDock::updateLabels() {
    if (data_) statsLabel_->setText(statsText());
    const QString o = overshootText();
    overshootLabel_->setText(o);
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

// ---- the plot ----

HistogramPlot::HistogramPlot(QWidget* parent) : QWidget(parent) {
    setMinimumHeight(140);
    setMouseTracking(true);
}

void HistogramPlot::setData(const std::vector<Histogram>& h, const std::vector<QColor>& colours) {
    h_ = h;
    colours_ = colours;
    update();
}

void HistogramPlot::setLogCounts(bool on) {
    log_ = on;
    update();
}

void HistogramPlot::setRange(double low, double high) {
    low_ = low;
    high_ = high;
    update();
}

QRectF HistogramPlot::area() const { return QRectF(8, 6, std::max(10, width() - 16), std::max(10, height() - 26)); }

// The axis covers the histogram's range and the display range.
double HistogramPlot::xOf(double v) const {
    double a = low_, b = high_;
    if (!h_.empty()) {
        a = std::min(a, h_.front().low);
        b = std::max(b, h_.front().high);
    }
    if (!(b > a)) b = a + 1;
    const QRectF r = area();
    return r.left() + (v - a) / (b - a) * r.width();
}

double HistogramPlot::valueAt(double x) const {
    const double x0 = xOf(0), x1 = xOf(1);
    return (x - x0) / (x1 - x0);
}

void HistogramPlot::paintEvent(QPaintEvent*) {
    QPainter p(this);
    p.fillRect(rect(), Qt::white);
    const QRectF r = area();
    p.setPen(QColor(180, 180, 180));
    p.drawRect(r);
    double top = 1;
    auto height = [&](int64_t c) { return log_ ? std::log10(1.0 + static_cast<double>(c)) : static_cast<double>(c); };
    for (const Histogram& h : h_)
        for (int64_t c : h.counts) top = std::max(top, height(c));
    p.setRenderHint(QPainter::Antialiasing, true);
    for (std::size_t i = 0; i < h_.size(); ++i) {
        const Histogram& h = h_[i];
        QPainterPath path;
        path.moveTo(xOf(h.edges.front()), r.bottom());
        for (std::size_t k = 0; k < h.counts.size(); ++k) {
            const double y = r.bottom() - height(h.counts[k]) / top * r.height();
            path.lineTo(xOf(h.edges[k]), y);
            path.lineTo(xOf(h.edges[k + 1]), y);
        }
        path.lineTo(xOf(h.edges.back()), r.bottom());
        QColor fill = colours_.size() > i ? colours_[i] : QColor(40, 40, 40);
        p.setPen(QPen(fill, 1));
        fill.setAlpha(h_.size() > 1 ? 50 : 90);
        p.setBrush(fill);
        p.drawPath(path);
    }
    p.setRenderHint(QPainter::Antialiasing, false);
    // The display range: two draggable lines and the values under the axis.
    const DType dt = DType::Float64;
    for (int k = 0; k < 2; ++k) {
        const double v = k == 0 ? low_ : high_;
        const double x = xOf(v);
        p.setPen(QPen(QColor(230, 120, 0), 2, Qt::DashLine));
        p.drawLine(QPointF(x, r.top()), QPointF(x, r.bottom()));
        p.setPen(Qt::black);
        const QString t = (k == 0 ? tr("low ") : tr("high ")) + formatValueCompact(v, dt, 10);
        const QRectF tr(x - 80, r.bottom() + 2, 160, 18);
        p.drawText(tr, Qt::AlignCenter, t);
    }
    if (h_.empty()) {
        p.setPen(QColor(120, 120, 120));
        p.drawText(r, Qt::AlignCenter, tr("no histogram"));
    } else {
        p.setPen(QColor(90, 90, 90));
        p.drawText(r.adjusted(4, 2, -4, 0), Qt::AlignLeft | Qt::AlignTop,
                   log_ ? tr("log\u2081\u2080(1 + count)") : tr("count"));
    }
}

void HistogramPlot::mousePressEvent(QMouseEvent* e) {
    const double x = e->position().x();
    const double dl = std::abs(x - xOf(low_)), dh = std::abs(x - xOf(high_));
    if (std::min(dl, dh) <= 6) dragging_ = dl <= dh ? 0 : 1;
}

void HistogramPlot::mouseMoveEvent(QMouseEvent* e) {
    const double x = e->position().x();
    if (dragging_ < 0) {
        const bool near = std::abs(x - xOf(low_)) <= 6 || std::abs(x - xOf(high_)) <= 6;
        setCursor(near ? Qt::SizeHorCursor : Qt::ArrowCursor);
        return;
    }
    const double v = valueAt(x);
    if (dragging_ == 0) low_ = std::min(v, high_);
    else high_ = std::max(v, low_);
    update();
}

void HistogramPlot::mouseReleaseEvent(QMouseEvent*) {
    if (dragging_ >= 0) {
        dragging_ = -1;
        if (high_ > low_) emit rangeDragged(low_, high_);
    }
}

}  // namespace studio
