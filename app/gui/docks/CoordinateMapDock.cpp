#include "docks/CoordinateMapDock.hpp"

#include "docks/ChartPoints.hpp"
#include "docks/SpecDock.hpp"

#include "upsample/inspect.hpp"

#include <QAreaSeries>
#include <QChart>
#include <QChartView>
#include <QCheckBox>
#include <QComboBox>
#include <QHBoxLayout>
#include <QGraphicsLayout>
#include <QLabel>
#include <QLineSeries>
#include <QScatterSeries>
#include <QValueAxis>
#include <QWheelEvent>
#include <QVBoxLayout>

#include <algorithm>
#include <array>
#include <cmath>
#include <functional>

namespace studio {

using namespace upsample;

namespace {

QString qs(const std::string& s) { return QString::fromStdString(s); }

bool isNearestMode(Mode m) { return upsample::describe(m).counterpart.has_value(); }

QString curveLabel(const ResolvedSpec& r) {
    QString s = qs(std::string(modeName(r.mode)));
    if (modeAllowsAlignCorners(r.mode)) s += QString(", align_corners=%1").arg(r.alignCorners ? "True" : "False");
    if (r.antialias) s += ", antialias=True";
    return s;
}

// A step for about `want` ticks over `span`: 1, 2, 5, 10, 20, 50, ...
double niceStep(double span, int want) {
    const double raw = std::max(span / want, 1e-9);
    const double p = std::pow(10.0, std::floor(std::log10(raw)));
    for (double m : {1.0, 2.0, 5.0, 10.0})
        if (m * p >= raw) return std::max(m * p, 1.0);
    return std::max(10 * p, 1.0);
}

void setTicks(QValueAxis* axis, double low, double high, int want) {
    axis->setRange(low, high);
    axis->setTickType(QValueAxis::TicksDynamic);
    axis->setTickAnchor(0);
    axis->setTickInterval(niceStep(high - low, want));
    axis->setLabelFormat("%.0f");
}

// About one tick per `spacing` screen pixels of an axis `pixels` long (at least 2).
int ticksFor(double pixels, double spacing) { return std::max(2, static_cast<int>(pixels / spacing)); }

// The chart's view: the wheel zooms in and out around the pointer, a drag zooms to its rectangle,
// a right-click zooms out.
class MapChartView : public QChartView {
public:
    using QChartView::QChartView;
    // Along the output axis around the pointer; then the input axis fits what the outputs now in
    // view read (fitY), so the curve and its taps stay in view.
    void zoomAt(QPointF at, double factor) {
        const QRectF area = chart()->plotArea();
        if (area.isEmpty() || !(factor > 0)) return;
        chart()->zoomIn(QRectF(at.x() - (at.x() - area.left()) / factor, area.top(), area.width() / factor, area.height()));
        if (fitY) fitY();
    }
    std::function<void()> fitY;

protected:
    void wheelEvent(QWheelEvent* e) override {
        const double steps = e->angleDelta().y() / 120.0;
        if (steps != 0) zoomAt(e->position(), std::pow(1.25, steps));
        e->accept();
    }
};

constexpr int kWeightBuckets = 4;  // tap dot sizes: |weight| in [0, 1/4), [1/4, 1/2), [1/2, 3/4), [3/4, 1]

const QColor kCurveColors[] = {QColor(31, 119, 180), QColor(230, 110, 0)};

}  // namespace

CoordinateMapDock::CoordinateMapDock(SpecDock* specDock, QWidget* parent)
    : QDockWidget(tr("Coordinate map"), parent), specDock_(specDock) {
    setObjectName("CoordinateMapDock");
    buildUi();
    plotTimer_ = new QTimer(this);
    plotTimer_->setSingleShot(true);
    plotTimer_->setInterval(0);
    connect(plotTimer_, &QTimer::timeout, this, &CoordinateMapDock::flushPlot);
    connect(specDock_, &SpecDock::specChanged, this, &CoordinateMapDock::rebuild);
    rebuild();
}

void CoordinateMapDock::buildUi() {
    auto* w = new QWidget(this);
    auto* layout = new QVBoxLayout(w);
    auto* controls = new QHBoxLayout;
    controls->addWidget(new QLabel(tr("Axis"), w));
    axisCombo_ = new QComboBox(w);
    axisCombo_->setObjectName("coordinateAxis");
    axisCombo_->setToolTip(tr("The spatial dim plotted (PyTorch's names: L; H, W; D, H, W)"));
    controls->addWidget(axisCombo_);
    alignCheck_ = new QCheckBox(tr("Overlay align_corners=True"), w);
    alignCheck_->setObjectName("overlayAlignCorners");
    nearestCheck_ = new QCheckBox(tr("Overlay nearest-exact"), w);
    nearestCheck_->setObjectName("overlayNearest");
    controls->addWidget(alignCheck_);
    controls->addWidget(nearestCheck_);
    controls->addStretch(1);
    layout->addLayout(controls);

    auto* chart = new QChart;
    chart->setMargins(QMargins(0, 0, 0, 0));
    chart->layout()->setContentsMargins(0, 0, 0, 0);
    chart->setBackgroundRoundness(0);
    chart->legend()->hide();  // the caption says what the marks are, and names the curves by colour
    chart->setAnimationOptions(QChart::NoAnimation);
    auto* mapView = new MapChartView(chart, w);
    mapView->fitY = [this] { fitInputAxis(); };
    view_ = mapView;
    view_->setObjectName("coordinateChart");
    view_->setRenderHint(QPainter::Antialiasing);
    view_->setRubberBand(QChartView::RectangleRubberBand);
    view_->setToolTip(tr("The wheel zooms around the pointer, a drag zooms into a region; right-click zooms out"));
    view_->setMinimumHeight(150);
    layout->addWidget(view_, 1);

    caption_ = new QLabel(w);
    caption_->setObjectName("coordinateCaption");
    caption_->setWordWrap(true);
    caption_->setTextInteractionFlags(Qt::TextSelectableByMouse);
    layout->addWidget(caption_);
    setWidget(w);

    connect(axisCombo_, &QComboBox::activated, this, &CoordinateMapDock::rebuild);
    connect(alignCheck_, &QCheckBox::toggled, this, &CoordinateMapDock::rebuild);
    connect(nearestCheck_, &QCheckBox::toggled, this, &CoordinateMapDock::rebuild);
}

// The input axis over the rows whose outputs the x axis shows: their source coordinates and taps.
void CoordinateMapDock::fitInputAxis() {
    QChart* c = view_->chart();
    const auto xs = c->axes(Qt::Horizontal), ys = c->axes(Qt::Vertical);
    if (xs.isEmpty() || ys.isEmpty()) return;
    const auto* x = static_cast<QValueAxis*>(xs.front());
    double lo = INFINITY, hi = -INFINITY;
    for (const Curve& cv : curves_)
        for (const CoordinateRow& r : cv.rows) {
            if (static_cast<double>(r.out) < x->min() - 1 || static_cast<double>(r.out) > x->max() + 1) continue;
            lo = std::min(lo, r.source - 0.5);
            hi = std::max(hi, r.source + 0.5);
            for (const auto& [index, weight] : r.taps) {
                lo = std::min(lo, static_cast<double>(index) - 0.5);
                hi = std::max(hi, static_cast<double>(index) + 0.5);
            }
        }
    if (lo < hi) static_cast<QValueAxis*>(ys.front())->setRange(std::floor(lo), std::ceil(hi));
}

void CoordinateMapDock::zoomMap(QPointF at, double factor) {
    flushPlot();
    static_cast<MapChartView*>(view_)->zoomAt(at, factor);
}

QChart* CoordinateMapDock::chart() {
    flushPlot();
    return view_->chart();
}

void CoordinateMapDock::schedulePlot() {
    plotDirty_ = true;
    if (isVisible()) plotTimer_->start();
}

void CoordinateMapDock::flushPlot() {
    if (!plotDirty_) return;
    plotDirty_ = false;
    plotTimer_->stop();
    plot();
}

void CoordinateMapDock::showEvent(QShowEvent* e) {
    QDockWidget::showEvent(e);
    if (plotDirty_) plotTimer_->start();
}

int CoordinateMapDock::axis() const { return std::max(axisCombo_->currentIndex(), 0); }

QString CoordinateMapDock::message() const { return message_; }

void CoordinateMapDock::setInputShape(const Shape& shape) {
    shape_ = shape;
    rebuild();
}

void CoordinateMapDock::setAxis(int dim) {
    axisCombo_->setCurrentIndex(dim);
    rebuild();
}

void CoordinateMapDock::setOverlayAlignCorners(bool on) { alignCheck_->setChecked(on); }
void CoordinateMapDock::setOverlayNearest(bool on) { nearestCheck_->setChecked(on); }

void CoordinateMapDock::updateAxisCombo(int spatialDims) {
    QStringList names;
    for (const auto& n : axisNames(spatialDims)) names << qs(n);
    QStringList current;
    for (int i = 0; i < axisCombo_->count(); ++i) current << axisCombo_->itemText(i);
    if (current == names) return;
    axisCombo_->clear();
    axisCombo_->addItems(names);
    axisCombo_->setCurrentIndex(static_cast<int>(names.size()) - 1);  // W: the columns
}

std::optional<CoordinateMapDock::Curve> CoordinateMapDock::curveFor(const Spec& spec, int dim) {
    const Explanation e = explain(*shape_, toPythonCall(spec), spec.semantics(), false);  // the rows and the rule only
    if (!e.ok()) {
        message_ = tr("F.interpolate refuses this spec: %1: %2").arg(qs(e.error->type), qs(e.error->message));
        return std::nullopt;
    }
    Curve c;
    c.spec = *e.resolved;
    c.label = curveLabel(c.spec);
    c.rows = coordinateRows(c.spec, dim, kMaxPlottedOutputs);
    c.rule = qs(e.dims[static_cast<std::size_t>(dim)].coordinateRule);
    return c;
}

void CoordinateMapDock::rebuild() {
    curves_.clear();
    message_.clear();
    if (!shape_) {
        message_ = tr("Open a tensor to see where each output index reads from");
        schedulePlot();
        return;
    }
    const Spec spec = specDock_->spec();
    const int spatialDims = static_cast<int>(shape_->size()) - 2;
    if (spatialDims >= 1 && spatialDims <= 3) updateAxisCombo(spatialDims);
    const int dim = std::min(axis(), std::max(spatialDims - 1, 0));
    const auto main = curveFor(spec, dim);
    const Mode mode = spec.mode;
    const bool alignApplies = modeAllowsAlignCorners(mode), nearestApplies = isNearestMode(mode);
    alignCheck_->setEnabled(alignApplies);
    nearestCheck_->setEnabled(nearestApplies);
    alignCheck_->setToolTip(alignApplies ? tr("Draw the same call with align_corners flipped")
                                         : tr("align_corners=True is refused for mode='%1' (PyTorch: %2)")
                                               .arg(QString::fromStdString(std::string(upsample::modeName(mode))),
                                                    QString::fromStdString(std::string(upsample::describe(mode).alignCornersRefusal))));
    nearestCheck_->setToolTip(nearestApplies ? tr("Draw the same call with the other nearest mode")
                                             : tr("For mode='nearest' and mode='nearest-exact'"));
    if (main) {
        alignCheck_->setText(tr("Overlay align_corners=%1").arg(main->spec.alignCorners ? "False" : "True"));
        // Only the nearest modes have a counterpart (an empty optional for the others).
        if (const auto counterpart = upsample::describe(mode).counterpart)
            nearestCheck_->setText(tr("Overlay %1").arg(qs(std::string(upsample::modeName(*counterpart)))));
        curves_.push_back(*main);
        Spec other = spec;
        bool overlay = false;
        if (alignApplies && alignCheck_->isChecked()) {
            other.alignCorners = !main->spec.alignCorners;
            overlay = true;
        } else if (nearestApplies && nearestCheck_->isChecked()) {
            other.mode = *upsample::describe(mode).counterpart;
            overlay = true;
        }
        if (overlay) {
            if (const auto o = curveFor(other, dim)) curves_.push_back(*o);
        }
        const int64_t out = main->spec.outSize(dim);
        if (out > kMaxPlottedOutputs)
            message_ = tr("The first %1 of %2 output indices are plotted").arg(kMaxPlottedOutputs).arg(out);
    }
    schedulePlot();
}

namespace {

// The chart being plotted, its axes, and the input range that the curves read (widened as each
// curve is added).
struct MapPlot {
    QChart* chart;
    QValueAxis* xAxis;
    QValueAxis* yAxis;
    bool two;        // a second curve overlays the first
    double density;  // dot size: smaller when many outputs share the width
    bool dots;       // the taps as dots (not when they outnumber charts::kMaxMarkers)
    double low, high;
};

// The taps by |weight|, in four sizes of dot (a series each: one marker size per series).
std::array<QScatterSeries*, kWeightBuckets> tapSeries(const QColor& color, double density) {
    std::array<QScatterSeries*, kWeightBuckets> taps{};
    for (int b = 0; b < kWeightBuckets; ++b) {
        taps[static_cast<std::size_t>(b)] = new QScatterSeries;
        QScatterSeries* t = taps[static_cast<std::size_t>(b)];
        t->setName(CoordinateMapDock::tr("taps (dot size: |weight|)"));
        t->setMarkerShape(QScatterSeries::MarkerShapeCircle);
        t->setMarkerSize((5.0 + 3.0 * b) * density);
        t->setColor(color.darker(130));
        t->setBorderColor(Qt::white);
    }
    return taps;
}

// The band of the inputs read, between its upper and lower edges, in the curve's colour.
QAreaSeries* bandSeries(QLineSeries* upper, QLineSeries* lower, const QColor& color, bool two) {
    auto* band = new QAreaSeries(upper, lower);
    upper->setParent(band);  // QAreaSeries does not own its edges
    lower->setParent(band);
    band->setName(CoordinateMapDock::tr("inputs read"));
    QColor fill = color;
    fill.setAlpha(two ? 90 : 70);
    band->setBrush(fill);
    band->setPen(Qt::NoPen);
    return band;
}

// The k-th curve: its band of inputs read, its source coordinate line and its taps.
void addCurve(MapPlot& plot, const CoordinateMapDock::Curve& cv, std::size_t k) {
    const QColor color = kCurveColors[k % 2];
    const double offset = plot.two ? (k == 0 ? -0.2 : 0.2) : 0.0;
    const double halfWidth = plot.two ? 0.17 : 0.3;
    auto* upper = new QLineSeries;
    auto* lower = new QLineSeries;
    auto* source = new QLineSeries;
    std::array<QList<QPointF>, kWeightBuckets> dots;
    for (const CoordinateRow& r : cv.rows) {
        const double x = static_cast<double>(r.out);
        int64_t lo = r.taps.front().first, hi = lo;
        for (const auto& [i, w] : r.taps) {
            lo = std::min(lo, i);
            hi = std::max(hi, i);
            const int b = std::min(static_cast<int>(std::abs(w) * kWeightBuckets), kWeightBuckets - 1);
            if (plot.dots) dots[static_cast<std::size_t>(b)].append(QPointF(x + offset, static_cast<double>(i)));
        }
        // A bar from the lowest to the highest input read; between bars both edges coincide.
        const double x0 = x + offset - halfWidth, x1 = x + offset + halfWidth;
        *upper << QPointF(x0, lo) << QPointF(x0, hi) << QPointF(x1, hi) << QPointF(x1, lo);
        *lower << QPointF(x0, lo) << QPointF(x0, lo) << QPointF(x1, lo) << QPointF(x1, lo);
        source->append(x, r.source);
        plot.low = std::min({plot.low, r.source - 0.5, static_cast<double>(lo) - 0.5});
        plot.high = std::max({plot.high, r.source + 0.5, static_cast<double>(hi) + 0.5});
    }
    auto* band = bandSeries(upper, lower, color, plot.two);
    source->setName(CoordinateMapDock::tr("source coordinate"));
    QPen pen(color, 2);
    if (k > 0) pen.setStyle(Qt::DashLine);
    source->setPen(pen);
    source->setPointsVisible(cv.rows.size() <= 64);
    std::vector<QAbstractSeries*> all{band, source};
    if (plot.dots) {
        const auto taps = tapSeries(color, plot.density);
        for (std::size_t b = 0; b < taps.size(); ++b) taps[b]->replace(dots[b]);
        all.insert(all.end(), taps.begin(), taps.end());
    }
    for (QAbstractSeries* s : all) {
        plot.chart->addSeries(s);
        s->attachAxis(plot.xAxis);
        s->attachAxis(plot.yAxis);
    }
}

}  // namespace

void CoordinateMapDock::plot() {
    QChart* c = view_->chart();
    c->removeAllSeries();
    for (QAbstractAxis* a : c->axes()) {
        c->removeAxis(a);
        delete a;
    }
    if (curves_.empty()) {
        caption_->setText(message_);
        return;
    }
    const Curve& first = curves_.front();
    const int dim = std::min(axis(), first.spec.spatialDims - 1);
    const QString name = qs(axisNames(first.spec.spatialDims)[static_cast<std::size_t>(dim)]);
    const int64_t in = first.spec.inSize(dim), out = first.spec.outSize(dim);

    auto* xAxis = new QValueAxis;
    auto* yAxis = new QValueAxis;
    xAxis->setTitleText(tr("output index d along %1 (%2 \u2192 %3)").arg(name).arg(in).arg(out));
    yAxis->setTitleText(tr("input %1").arg(name));
    c->addAxis(xAxis, Qt::AlignBottom);
    c->addAxis(yAxis, Qt::AlignLeft);

    const int64_t shown = static_cast<int64_t>(first.rows.size());
    // Smaller dots when many outputs share the width, so that the bands still show.
    const double density = std::clamp(48.0 / static_cast<double>(std::max<int64_t>(shown, 1)), 0.35, 1.0);
    std::size_t taps = 0;
    for (const Curve& cv : curves_)
        for (const CoordinateRow& r : cv.rows) taps += r.taps.size();
    const bool dots = taps <= charts::kMaxMarkers;
    MapPlot mapPlot{c, xAxis, yAxis, curves_.size() > 1, density, dots, -0.5, static_cast<double>(in) - 0.5};
    QStringList keys, rules;
    for (std::size_t k = 0; k < curves_.size(); ++k) {
        const Curve& cv = curves_[k];
        addCurve(mapPlot, cv, k);
        keys << QString("<span style='color:%1'>\u25a0</span> <b>%2</b>")
                    .arg(kCurveColors[k % 2].name(), cv.label.toHtmlEscaped());
        rules << cv.label + ": " + cv.rule;
    }
    // As many ticks as their labels have room for, now and after each zoom.
    const QFontMetrics fm(yAxis->labelsFont());
    auto xTicks = [this, fm] { return ticksFor(view_->width() - 60.0, fm.horizontalAdvance("00000") + 16.0); };
    auto yTicks = [this, fm] { return ticksFor(view_->height() - 50.0, fm.height() * 1.6); };
    setTicks(xAxis, -0.5, static_cast<double>(shown) - 0.5, xTicks());
    setTicks(yAxis, std::floor(mapPlot.low), std::ceil(mapPlot.high), yTicks());
    connect(xAxis, &QValueAxis::rangeChanged, xAxis,
            [xAxis, xTicks](double lo, double hi) { xAxis->setTickInterval(niceStep(hi - lo, xTicks())); });
    connect(yAxis, &QValueAxis::rangeChanged, yAxis,
            [yAxis, yTicks](double lo, double hi) { yAxis->setTickInterval(niceStep(hi - lo, yTicks())); });
    QString text = keys.join(" &nbsp; ") +
                   QString("<br><span style='color:#5a5a5a'>%1</span>")
                       .arg(tr("line: source coordinate \u00b7 band: the inputs read \u00b7 dots: the taps, "
                               "larger for a larger |weight|"));
    if (!dots)
        text += "<br><i>" + tr("%1 taps: too many to draw as dots; the band shows the inputs each output reads").arg(taps) + "</i>";
    if (!message_.isEmpty()) text += "<br><i>" + message_.toHtmlEscaped() + "</i>";
    caption_->setToolTip(rules.join("\n"));
    caption_->setText(text);
}

}  // namespace studio
