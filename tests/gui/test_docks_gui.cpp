// The analysis docks at the window's default size: the coordinate map's ticks readable and the map
// zoomable, the histogram's axes, hover readout, statistics and overshoot report in view while
// docked, the progress text whole, and the tap weights' labels beside the printed values, never
// over them, all with one precision. Offscreen.
#include "studio_fixture.hpp"

#include "docks/CoordinateMapDock.hpp"
#include "docks/HistogramDock.hpp"
#include "session/PinController.hpp"
#include "tools/AnalysisTools.hpp"
#include "views/ImageView.hpp"
#include "views/ValueFormat.hpp"
#include "views/ViewOverlay.hpp"
#include "views/ViewSync.hpp"

#include "upsample/npy.hpp"

#include <QApplication>
#include <QChart>
#include <QChartView>
#include <QLabel>
#include <QProgressBar>
#include <QRegularExpression>
#include <QValueAxis>

#include <cmath>

using namespace studio;
using namespace studio::testing;
using namespace upsample;

namespace {
void settle() {
    for (int i = 0; i < 5; ++i) QApplication::processEvents();
}

QValueAxis* axisOf(QChart* c, Qt::Orientation o) {
    const auto axes = c->axes(o);
    REQUIRE(axes.size() == 1);
    return static_cast<QValueAxis*>(axes.front());
}

// Screen pixels between two ticks of an axis drawn `pixels` long.
double tickSpacing(const QValueAxis* a, double pixels) { return a->tickInterval() / (a->max() - a->min()) * pixels; }

// Fully in view: its whole rectangle is visible (not scrolled away or cut by the dock).
bool wholeInView(QWidget* w) { return w->isVisible() && w->visibleRegion().boundingRect() == w->rect(); }
}  // namespace

TEST_CASE("coordinate map at the default size: y ticks far enough apart to read, and the wheel zooms") {
    Fixture f;
    const QString path = f.dir.filePath("wide.npy");
    writeNpy(path.toStdString(), Tensor::fromValues({1, 1, 4, 512}, std::vector<float>(2048, 1.0f)));
    REQUIRE(f.w().openFile(path));
    f.setSpec(scaleSpec(Mode::Bilinear, 2));
    CoordinateMapDock* map = f.w().mapDock();
    map->show();
    map->raise();
    map->setAxis(1);  // W: 512 -> 1024
    settle();
    QChart* c = map->chart();
    settle();
    QValueAxis* x = axisOf(c, Qt::Horizontal);
    QValueAxis* y = axisOf(c, Qt::Vertical);
    const double labelH = QFontMetricsF(y->labelsFont()).height();
    INFO("plot " << c->plotArea().width() << " x " << c->plotArea().height() << ", y ticks every " << y->tickInterval()
                 << " of " << y->min() << ".." << y->max());
    CHECK(tickSpacing(y, c->plotArea().height()) >= labelH);
    CHECK(tickSpacing(x, c->plotArea().width()) >= QFontMetricsF(x->labelsFont()).horizontalAdvance("0000"));
    // The wheel's zoom, 8x around the middle: an eighth of the outputs, ticks still readable and closer in value.
    const double spanBefore = x->max() - x->min(), stepBefore = x->tickInterval();
    map->zoomMap(c->plotArea().center(), 8.0);
    settle();
    CHECK(x->max() - x->min() == Approx(spanBefore / 8).epsilon(0.02));
    CHECK(x->tickInterval() < stepBefore);
    CHECK(tickSpacing(y, c->plotArea().height()) >= labelH);
    // The input axis follows: it covers what the outputs in view read (bilinear x2: about d / 2).
    CHECK(y->min() <= (x->min() + 0.5) / 2 - 0.5);
    CHECK(y->max() >= (x->max() + 0.5) / 2 - 0.5);
    CHECK(y->max() - y->min() < 512.0 / 4);
}

TEST_CASE("histogram dock docked at the default size: axes, hover readout, statistics and overshoot in view") {
    Fixture f;
    f.open("chart");
    f.setSpec(scaleSpec(Mode::Bicubic, 2));  // bicubic overshoots the chart's edges
    HistogramDock* h = f.w().histogramDock();
    h->show();
    h->raise();
    REQUIRE_FALSE(h->isFloating());
    h->refresh();
    h->waitForIdle();
    settle();
    REQUIRE(h->data());
    REQUIRE(h->data()->overshoot);
    CHECK(wholeInView(h->statsLabel()));
    CHECK(wholeInView(h->overshootLabel()));
    CHECK(h->overshootLabel()->text().startsWith("Overshoot"));
    HistogramPlot* plot = h->plot();
    // Both axes have ticks, their labels apart.
    const std::vector<double> vt = plot->valueTicks(), ct = plot->countTicks();
    REQUIRE(vt.size() >= 2);
    CHECK(ct.size() >= 2);
    const double labelW = plot->fontMetrics().horizontalAdvance(formatValueCompact(vt.back(), DType::Float64, 8));
    CHECK(plot->xOf(vt[1]) - plot->xOf(vt[0]) >= labelW + 4);
    // Hovering the bin of value 100: its range and each channel's count there.
    const Histogram& first = h->data()->histograms.front();
    const double width = (first.high - first.low) / static_cast<double>(first.counts.size());
    const auto bin = static_cast<std::size_t>((100.0 - first.low) / width);
    plot->setHoverValue(100.0);
    QStringList counts;
    for (const Histogram& hist : h->data()->histograms) counts << QString::number(hist.counts[bin]);
    INFO(plot->hoverText().toStdString());
    CHECK(plot->hoverText().endsWith("): " + counts.join(" / ")));
    plot->setHoverValue(std::nullopt);
    CHECK(plot->hoverText().isEmpty());
}

TEST_CASE("the progress text is whole on one line beside the previous timing") {
    Fixture f;
    f.open("chart");
    f.w().showComputeProgress(0.74, 1.0);
    QProgressBar* bar = f.w().progressBar();
    bar->setVisible(true);
    settle();
    CHECK(f.w().progressText() == "74% \u00b7 about 1 s left");
    CHECK(bar->width() >= bar->fontMetrics().horizontalAdvance(f.w().progressText()) + 16);
}

TEST_CASE("tap weights: one precision, and beside the printed values, never over them") {
    Fixture f;
    f.open("chart");
    f.setSpec(scaleSpec(Mode::Bicubic, 1.5));
    AnalysisTools* tools = f.w().analysis();
    tools->pin()->pin(QPoint(40, 30));
    REQUIRE(tools->pin()->pinned());
    ViewOverlay* taps = tools->tapOverlay();
    const QRegularExpression fourDecimals("^-?\\d+\\.\\d{4}( \\+ -?\\d+\\.\\d{4})*$");
    for (const OverlayLabel& l : taps->marks().labels) {
        INFO(l.text.toStdString());
        CHECK(fourDecimals.match(l.text).hasMatch());
    }
    ImageView* view = f.w().originalView();
    for (double zoom : {30.0, 60.0, 120.0}) {
        f.w().viewSync()->setView(QPointF(27, 20), zoom);
        settle();
        INFO("zoom " << zoom);
        REQUIRE(view->printsValues() == (zoom >= ImageView::kValuesMinCell));
        const auto boxes = taps->labelBoxes();
        if (zoom >= 120) CHECK(boxes.size() >= 4);  // RGB values: 3 lines leave room at 120
        for (const ViewOverlay::LabelBox& b : boxes) {
            if (!view->printsValues()) continue;
            const QRectF cell(view->sourceToWidget(QPointF(b.cell.x(), b.cell.y())),
                              view->sourceToWidget(QPointF(b.cell.x() + 1, b.cell.y() + 1)));
            const QRectF text = ImageView::valueTextRect(cell, view->plane().channels(), view->font());
            INFO(b.text.toStdString());
            CHECK_FALSE(b.box.intersects(text));
            CHECK(cell.contains(b.box));
        }
    }
}
