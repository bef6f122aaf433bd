#include "docks/ProfileDock.hpp"

#include "docks/ChartPoints.hpp"
#include "session/PinController.hpp"

#include <QComboBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QPainter>
#include <QToolButton>
#include <QVBoxLayout>
#include <QtCharts/QChart>
#include <QtCharts/QChartView>
#include <QtCharts/QLineSeries>
#include <QtCharts/QScatterSeries>
#include <QtCharts/QValueAxis>

#include <algorithm>
#include <cmath>

namespace studio {

using namespace upsample;

namespace {
// The channels plotted at most (a line and its inputs each).
constexpr int64_t kMaxProfileChannels = 16;

// Channel colours: R, G, B for three channels, else a qualitative palette.
QColor channelColour(std::size_t ch, std::size_t channels) {
    static const QColor rgb[3] = {QColor(214, 39, 40), QColor(44, 160, 44), QColor(31, 119, 180)};
    static const QColor many[6] = {QColor(31, 119, 180), QColor(255, 127, 14), QColor(148, 103, 189),
                                   QColor(140, 86, 75),  QColor(227, 119, 194), QColor(23, 190, 207)};
    return channels == 3 ? rgb[ch] : many[ch % 6];
}
}  // namespace

ProfileDock::ProfileDock(PinController* pin, QWidget* parent)
    : QDockWidget(tr("Line Profile"), parent), pin_(pin), chart_(new QChart) {
    setObjectName("ProfileDock");
    auto* w = new QWidget(this);
    auto* layout = new QVBoxLayout(w);
    layout->setContentsMargins(4, 4, 4, 4);
    auto* row = new QHBoxLayout;
    row->addWidget(new QLabel(tr("along"), w));
    axisCombo_ = new QComboBox(w);
    axisCombo_->setObjectName("profileAxis");
    axisCombo_->setSizeAdjustPolicy(QComboBox::AdjustToContents);
    row->addWidget(axisCombo_);
    lineLabel_ = new QLabel(w);
    lineLabel_->setStyleSheet("color: #666");
    lineLabel_->setSizePolicy(QSizePolicy::Ignored, QSizePolicy::Preferred);
    row->addWidget(lineLabel_, 1);
    csvButton_ = new QToolButton(w);
    pngButton_ = new QToolButton(w);
    row->addWidget(csvButton_);
    row->addWidget(pngButton_);
    layout->addLayout(row);
    chart_->legend()->setAlignment(Qt::AlignRight);
    chart_->setMargins(QMargins(4, 4, 4, 4));
    view_ = new QChartView(chart_, w);
    view_->setRenderHint(QPainter::Antialiasing);
    view_->setMinimumSize(320, 200);
    layout->addWidget(view_, 1);
    setWidget(w);
    connect(axisCombo_, &QComboBox::currentIndexChanged, this, &ProfileDock::refresh);
    connect(pin_, &PinController::changed, this, &ProfileDock::refresh);
    refresh();
}

void ProfileDock::setExportActions(QAction* csv, QAction* png) {
    csvButton_->setDefaultAction(csv);
    pngButton_->setDefaultAction(png);
}

int ProfileDock::axis() const { return std::max(0, axisCombo_->currentIndex()); }

void ProfileDock::setAxis(int dim) {
    if (dim >= 0 && dim < axisCombo_->count()) axisCombo_->setCurrentIndex(dim);
}

void ProfileDock::setAxisNames(int spatialDims) {
    if (spatialDims == dims_) return;
    dims_ = spatialDims;
    const QSignalBlocker block(axisCombo_);
    axisCombo_->clear();
    const auto names = axisNames(spatialDims);
    for (const auto& n : names) {
        const QString name = QString::fromStdString(n);
        axisCombo_->addItem(name == "W" ? tr("W (the row)") : name == "H" ? tr("H (the column)") : tr("D (across slices)"));
    }
    axisCombo_->setCurrentIndex(spatialDims - 1);
}

QString ProfileDock::csv() const { return profile_ ? QString::fromStdString(profileCsv(*profile_)) : QString(); }

QImage ProfileDock::renderImage(QSize size) const {
    QImage img(size, QImage::Format_ARGB32);
    img.fill(Qt::white);
    QPainter p(&img);
    p.setRenderHint(QPainter::Antialiasing);
    // Render the chart at the picture's size without disturbing the dock's own view.
    // The picture has a title (the dock shows it in its label).
    const QRectF before = chart_->geometry();
    chart_->setTitle(tr("Line profile along %1, %2").arg(axisCombo_->currentText(), lineLabel_->text()));
    chart_->resize(size);
    chart_->scene()->render(&p, QRectF(QPointF(0, 0), size), QRectF(QPointF(0, 0), size));
    chart_->resize(before.size());
    chart_->setTitle(QString());
    return img;
}

namespace {
// What the plotted samples span: their values and their source coordinates.
struct PlotExtent {
    double lo = INFINITY, hi = -INFINITY, left = INFINITY, right = -INFINITY;
};

// Where the line lies: the output pixel's other coordinates, and the input line nearest to it.
QString lineDescription(const PinnedPixel& p, const LineProfile& profile, int dim) {
    const auto names = axisNames(p.spec.spatialDims);
    QStringList at, inputAt;
    for (int k = 0; k < p.spec.spatialDims; ++k) {
        if (k == dim) continue;
        at << QString("%1 = %2").arg(QString::fromStdString(names[k])).arg(p.outPos[k]);
        inputAt << QString("%1 = %2").arg(QString::fromStdString(names[k])).arg(profile.inputLine[k]);
    }
    QString line = ProfileDock::tr("through output %1 = %2").arg(QString::fromStdString(names[dim])).arg(p.outPos[dim]);
    if (!at.isEmpty()) line += ProfileDock::tr(" \u00b7 output %1, input line %2").arg(at.join(", "), inputAt.join(", "));
    return line;
}

// Adds one series of samples on the axes x and y (min/max per pixel column when they outnumber
// the columns), and widens the extent to them.
void attachSeries(QChart* chart, QXYSeries* s, const ProfileSeries& data, QValueAxis* x, QValueAxis* y,
                  PlotExtent& e, int columns) {
    const QList<QPointF> points = charts::decimate(data.coord, data.value, columns);
    for (const QPointF& q : points) {  // NaN and Inf are left out: they have no place on the axis
        e.lo = std::min(e.lo, q.y());
        e.hi = std::max(e.hi, q.y());
        e.left = std::min(e.left, q.x());
        e.right = std::max(e.right, q.x());
    }
    s->replace(points);
    chart->addSeries(s);
    s->attachAxis(x);
    s->attachAxis(y);
}

// Each channel's output samples (a line) and input samples (markers, or a thin line when they
// are too many to mark). The profile holds kMaxProfileChannels channels at most.
void addChannelSeries(QChart* chart, const LineProfile& profile, double marker, QValueAxis* x, QValueAxis* y,
                      PlotExtent& e, int columns) {
    const std::size_t channels = profile.input.size();
    for (std::size_t ch = 0; ch < channels; ++ch) {
        const QColor c = channelColour(ch, channels);
        const QString suffix = channels > 1 ? QString(" c%1").arg(ch) : QString();
        auto* out = new QLineSeries;
        out->setName(ProfileDock::tr("output") + suffix);
        out->setColor(c);
        out->setPen(QPen(c, 2));
        out->setPointsVisible(profile.output[ch].coord.size() <= charts::kMaxMarkers);
        attachSeries(chart, out, profile.output[ch], x, y, e, columns);
        const QColor inColour = channels == 1 ? QColor(255, 160, 0) : c.lighter(150);
        QXYSeries* in = nullptr;
        if (profile.input[ch].coord.size() <= charts::kMaxMarkers) {
            auto* markers = new QScatterSeries;
            markers->setMarkerSize(marker * 1.3);
            markers->setColor(inColour);
            markers->setBorderColor(channels == 1 ? QColor(120, 70, 0) : c.darker(170));
            in = markers;
        } else {
            in = new QLineSeries;
            in->setPen(QPen(inColour, 1));
        }
        in->setName(ProfileDock::tr("input") + suffix);
        attachSeries(chart, in, profile.input[ch], x, y, e, columns);
    }
}

// The pinned pixel's own output samples (at index d along the line), on the same axis.
void addPinnedMark(QChart* chart, const LineProfile& profile, std::size_t d, double marker, QValueAxis* x,
                   QValueAxis* y) {
    auto* mark = new QScatterSeries;
    mark->setName(ProfileDock::tr("pinned pixel"));
    mark->setMarkerShape(QScatterSeries::MarkerShapeRectangle);
    mark->setMarkerSize(marker * 1.6);
    mark->setColor(QColor(0, 230, 255));
    mark->setBorderColor(Qt::black);
    for (std::size_t ch = 0; ch < profile.input.size(); ++ch)
        if (std::isfinite(profile.output[ch].value[d])) mark->append(profile.output[ch].coord[d], profile.output[ch].value[d]);
    chart->addSeries(mark);
    mark->attachAxis(x);
    mark->attachAxis(y);
}

// The value axis padded around the samples; the source axis with ticks on whole input pixels (or
// round multiples of them on long lines).
void setAxisRanges(QValueAxis* x, QValueAxis* y, PlotExtent e) {
    if (!(e.lo <= e.hi)) e.lo = 0, e.hi = 1, e.left = 0, e.right = 1;
    const double pad = e.hi > e.lo ? (e.hi - e.lo) * 0.06 : 0.5;
    y->setRange(e.lo - pad, e.hi + pad);
    y->applyNiceNumbers();
    x->setRange(e.left - 0.5, e.right + 0.5);
    const double span = e.right - e.left + 1;
    double step = std::pow(10.0, std::floor(std::log10(std::max(span, 1.0) / 8)));
    for (double m : {1.0, 2.0, 5.0, 10.0})
        if (span / (step * m) <= 10) {
            step *= m;
            break;
        }
    x->setTickType(QValueAxis::TicksDynamic);
    x->setTickAnchor(0);
    x->setTickInterval(std::max(step, 1.0));
    x->setLabelFormat("%g");
}
}  // namespace

void ProfileDock::refresh() {
    chart_->removeAllSeries();
    for (QAbstractAxis* a : chart_->axes()) {
        chart_->removeAxis(a);
        delete a;
    }
    profile_.reset();
    const auto& pinned = pin_->pinned();
    if (!pinned) {
        lineLabel_->setText(tr("Pin a result pixel to plot the line through it"));
        return;
    }
    const PinnedPixel& p = *pinned;
    setAxisNames(p.spec.spatialDims);
    const int dim = axis();
    profile_ = lineProfile(p.spec, p.input, p.output, p.batch, p.outPos, dim, kMaxProfileChannels);
    const auto names = axisNames(p.spec.spatialDims);
    QString line = lineDescription(p, *profile_, dim);
    if (p.spec.inputShape[1] > static_cast<int64_t>(kMaxProfileChannels))
        line += tr(" \u00b7 the first %1 of %2 channels").arg(kMaxProfileChannels).arg(p.spec.inputShape[1]);
    lineLabel_->setText(line);

    auto* x = new QValueAxis;
    x->setTitleText(tr("source coordinate on %1 (input pixels)").arg(QString::fromStdString(names[dim])));
    auto* y = new QValueAxis;
    y->setTitleText(tr("value"));
    chart_->addAxis(x, Qt::AlignBottom);
    chart_->addAxis(y, Qt::AlignLeft);
    PlotExtent extent;
    const std::size_t points = profile_->output.empty() ? 0 : profile_->output[0].coord.size();
    const double marker = std::clamp(600.0 / std::max<std::size_t>(points, 1), 4.0, 11.0);
    addChannelSeries(chart_, *profile_, marker, x, y, extent, charts::columnsOf(view_));
    addPinnedMark(chart_, *profile_, static_cast<std::size_t>(p.outPos[dim]), marker, x, y);
    setAxisRanges(x, y, extent);
}

}  // namespace studio
