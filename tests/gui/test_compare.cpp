// The A/B compare's four views, the difference exposure and jump-to-max, the precision-aware
// display range, the histogram dock (counts against NumPy) and the overshoot report, offscreen.
#include "studio_fixture.hpp"

#include "docks/DisplayDock.hpp"
#include "docks/ExplainDock.hpp"
#include "docks/HistogramDock.hpp"
#include "tools/AnalysisTools.hpp"
#include "tools/CompareWindow.hpp"
#include "views/ImageView.hpp"
#include "views/SwipeView.hpp"
#include "views/ViewSync.hpp"

#include "upsample/analysis.hpp"
#include "upsample/npy.hpp"

#include <QApplication>
#include <QImage>
#include <QMouseEvent>
#include <QTest>

#include <cmath>
#include <map>
#include <set>

using namespace studio;
using namespace studio::testing;
using namespace upsample;

namespace {

QString writeTensor(Fixture& f, const QString& name, const Shape& shape, const std::vector<float>& v) {
    const QString path = f.dir.filePath(name);
    writeNpy(path.toStdString(), Tensor::fromValues(shape, v));
    return path;
}

// The colour a widget shows at a point (the grab is at device pixel ratio 1 offscreen). Tests sample
// near a pixel's corner: at high zoom a grid line runs along its edge and its value sits in its middle.
QRgb colourAt(QWidget* w, QPoint p) {
    const QImage img = w->grab().toImage();
    return img.pixel(p);
}

// The widget point of a source point in a view of this size, for the window's sync.
QPoint widgetPoint(const ViewSync* sync, QSize size, QPointF source) {
    const QPointF w = (source - sync->center()) * sync->zoom() + QPointF(size.width() / 2.0, size.height() / 2.0);
    return QPoint(static_cast<int>(std::floor(w.x())), static_cast<int>(std::floor(w.y())));
}

void settle() {
    for (int i = 0; i < 5; ++i) QApplication::processEvents();
}

// A = 0 everywhere, B = 15 everywhere (8x8, like the 4x4 arange's x2 result): on the window's Auto
// range [0, 15], A draws black and B white.
CompareWindow* blackWhitePair(Fixture& f) {
    CompareWindow* cmp = openCompareOnArange(f);
    REQUIRE(cmp->loadNpy(0, writeTensor(f, "a.npy", {1, 1, 8, 8}, std::vector<float>(64, 0.0f))));
    REQUIRE(cmp->loadNpy(1, writeTensor(f, "b.npy", {1, 1, 8, 8}, std::vector<float>(64, 15.0f))));
    REQUIRE(cmp->stats());
    REQUIRE(cmp->valueMapping().low() == 0);
    REQUIRE(cmp->valueMapping().high() == 15);
    return cmp;
}

const QRgb kBlack = qRgb(0, 0, 0), kWhite = qRgb(255, 255, 255);

}  // namespace

TEST_CASE("compare views: flicker shows A then B in place, and says which") {
    Fixture f;
    CompareWindow* cmp = blackWhitePair(f);
    cmp->setCompareView(CompareView::Flicker);
    settle();
    cmp->fit();
    settle();
    ImageView* v = cmp->flickerView();
    const QPoint centre = widgetPoint(cmp->viewSync(), v->size(), QPointF(2.1, 2.1));
    CHECK_FALSE(cmp->showingB());
    CHECK(colourAt(v, centre) == kBlack);
    CHECK(cmp->windowTitle().contains("flicker: showing A (a.npy)"));
    cmp->toggleFlicker();
    CHECK(cmp->showingB());
    CHECK(colourAt(v, centre) == kWhite);
    CHECK(cmp->windowTitle().contains("flicker: showing B (b.npy)"));
    // The timer flips it on its own.
    cmp->setFlickerTimer(true, 100);
    QTest::qWait(170);
    CHECK_FALSE(cmp->showingB());
    cmp->setFlickerTimer(false);
    // The keys: 1 to 4 pick the view, Space flips.
    cmp->activateWindow();
    QApplication::setActiveWindow(cmp);
    QTest::keyClick(cmp, Qt::Key_3);
    CHECK(cmp->compareView() == CompareView::Swipe);
    QTest::keyClick(cmp, Qt::Key_1);
    CHECK(cmp->compareView() == CompareView::Difference);
    QTest::keyClick(cmp, Qt::Key_Space);
    CHECK(cmp->compareView() == CompareView::Flicker);
}

TEST_CASE("compare views: swipe shows A left of the line and B right of it, the line drags") {
    Fixture f;
    CompareWindow* cmp = blackWhitePair(f);
    cmp->setCompareView(CompareView::Swipe);
    settle();
    cmp->fit();
    settle();
    SwipeView* s = cmp->swipeView();
    REQUIRE(s->split() == 0.5);
    const int y = widgetPoint(cmp->viewSync(), s->size(), QPointF(2.0, 3.5)).y();  // below the handle
    const int x = s->splitX();
    CHECK(colourAt(s, QPoint(x - 10, y)) == kBlack);
    CHECK(colourAt(s, QPoint(x + 10, y)) == kWhite);
    // Drag the line to the left quarter of the picture (source x = 1).
    const int to = widgetPoint(cmp->viewSync(), s->size(), QPointF(1.0, 2.0)).x();
    QTest::mousePress(s, Qt::LeftButton, {}, QPoint(x, y));
    QTest::mouseMove(s, QPoint(to, y));
    QTest::mouseRelease(s, Qt::LeftButton, {}, QPoint(to, y));
    CHECK(s->splitX() == to);
    CHECK(colourAt(s, QPoint(to - 10, y)) == kBlack);
    CHECK(colourAt(s, QPoint(to + 10, y)) == kWhite);
    CHECK(colourAt(s, QPoint(x - 10, y)) == kWhite);  // B now, where A was
}

TEST_CASE("compare views: side by side, and pairs of different sizes by source position") {
    Fixture f;
    CompareWindow* cmp = blackWhitePair(f);
    cmp->setCompareView(CompareView::SideBySide);
    settle();
    cmp->fit();
    settle();
    for (int side = 0; side < 2; ++side) {
        ImageView* v = cmp->sideView(side);
        CHECK(colourAt(v, widgetPoint(cmp->viewSync(), v->size(), QPointF(2.1, 2.1))) == (side == 0 ? kBlack : kWhite));
    }
    SECTION("the 8x8 nearest result against the 4x4 input: B read on A's grid, zero difference") {
        const QString input = writeTensor(f, "arange4.npy", {1, 1, 4, 4}, [] {
            std::vector<float> v;
            for (int i = 0; i < 16; ++i) v.push_back(static_cast<float>(i));
            return v;
        }());
        REQUIRE(cmp->loadNpy(1, input));
        REQUIRE(cmp->setSources("current", "file:" + input));
        REQUIRE(cmp->stats());
        CHECK(cmp->stats()->maxAbs == 0);
        CHECK(cmp->statsText().contains("B (1, 1, 4, 4) is read on A's (1, 1, 8, 8) grid by source position"));
        // Side by side both cover the same screen area: the 8x8 at 2 pixels per source pixel.
        CHECK(cmp->sideView(0)->pixelsPerSource() == QSizeF(2, 2));
        CHECK(cmp->sideView(1)->pixelsPerSource() == QSizeF(1, 1));
        ImageView* b = cmp->sideView(1);
        // Source pixel (3, 2) holds 11 in both.
        const QPoint p = widgetPoint(cmp->viewSync(), b->size(), QPointF(3.1, 2.1));
        CHECK(colourAt(b, p) == colourAt(cmp->sideView(0), p));
        CHECK(b->plane().value(3, 2) == 11);
    }
    SECTION("a tensor handed over by setB()") {
        cmp->setB(Tensor::fromValues({1, 1, 8, 8}, std::vector<float>(64, 1.0f)), "pushed");
        CHECK(cmp->title() == "A \u2212 B: a.npy \u2212 pushed");
        REQUIRE(cmp->stats());
        CHECK(cmp->stats()->maxAbs == 1);
    }
}

TEST_CASE("compare difference: exposure, log, threshold, colour bar limits, where the max is") {
    Fixture f;
    CompareWindow* cmp = openCompareOnArange(f);
    std::vector<float> a(64, 0.0f), b(64, 0.0f);
    a[2 * 8 + 5] = 3;  // row 2, column 5
    b[6 * 8 + 1] = 1;
    REQUIRE(cmp->loadNpy(0, writeTensor(f, "a.npy", {1, 1, 8, 8}, a)));
    REQUIRE(cmp->loadNpy(1, writeTensor(f, "b.npy", {1, 1, 8, 8}, b)));
    cmp->setCompareView(CompareView::Difference);
    settle();
    cmp->fit();
    settle();
    REQUIRE(cmp->stats());
    CHECK(cmp->statsText().contains("max |A \u2212 B| = 3 at [0, 0, 2, 5]"));
    DisplayMapping m = cmp->differenceMapping();
    CHECK(m.low() == -3);
    CHECK(m.high() == 3);
    // The view: pixel (5, 2) at the red end, (1, 6) (−1) pale blue, the rest white.
    ImageView* v = cmp->view();
    auto at = [&](double x, double y) {
        return colourAt(v, widgetPoint(cmp->viewSync(), v->size(), QPointF((x + 0.2) / 2, (y + 0.2) / 2)));
    };
    CHECK(at(5, 2) == m.mapValue(3));
    CHECK(qRed(at(5, 2)) > 150);
    CHECK(qBlue(at(5, 2)) < 80);
    CHECK(at(1, 6) == m.mapValue(-1));
    CHECK(at(0, 0) == kWhite);
    // Exposure +1 stop: half the range; the colour bar shows the true limits.
    cmp->setExposure(1);
    m = cmp->differenceMapping();
    CHECK(m.high() == 1.5);
    CHECK(m.low() == -1.5);
    CHECK(at(1, 6) == m.mapValue(-1));
    // |diff| > 1.5 only: the −1 pixel turns white.
    cmp->setThreshold(1.5);
    CHECK(at(1, 6) == kWhite);
    CHECK(at(5, 2) == cmp->differenceMapping().mapValue(3));
    cmp->setThreshold(0);
    // Log colours: a small difference shows stronger than on the linear scale.
    cmp->setExposure(0);
    const QRgb linear = cmp->differenceMapping().mapValue(-0.03);
    cmp->setLogScale(true);
    CHECK(cmp->differenceMapping().logScale() > 0);
    CHECK(qRed(cmp->differenceMapping().mapValue(-0.03)) < qRed(linear));
    cmp->setLogScale(false);
    // Jump to the max: centred on it, zoomed in, hovered.
    cmp->viewSync()->setZoom(10);
    cmp->jumpToMax();
    CHECK(cmp->viewSync()->center() == QPointF(2.75, 1.25));
    CHECK(cmp->viewSync()->zoom() >= 48);
    REQUIRE(cmp->viewSync()->hover());
    CHECK(*cmp->viewSync()->hover() == QPointF(2.75, 1.25));
}

TEST_CASE("display range: constant to float precision draws flat and says so") {
    Fixture f;
    f.open("ones");
    SpecState s = scaleSpec(Mode::Bicubic, 2);
    s.alignCorners = true;
    f.setSpec(s);
    REQUIRE(f.w().result());
    const ValueStats st = tensorStats(f.w().result()->output);
    INFO(st.min << " .. " << st.max);
    REQUIRE((st.min < 1 || st.max > 1));  // float rounding: not exactly 1 everywhere
    CHECK(f.w().resultCaption().contains("constant 1 \u00b1 "));
    const DisplayMapping m = f.w().currentMapping();
    CHECK(m.low() == 0);
    CHECK(m.high() == 1);
    // Every pixel of the 8x8 result draws the same colour.
    ImageView* v = f.w().resultView();
    const QImage img = v->grab().toImage();
    std::set<QRgb> colours;
    for (int y = 0; y < 8; ++y)
        for (int x = 0; x < 8; ++x)
            colours.insert(img.pixel(widgetPoint(f.w().viewSync(), v->size(), QPointF((x + 0.2) / 2, (y + 0.2) / 2))));
    CHECK(colours.size() == 1);
    CHECK(*colours.begin() == kWhite);
}

TEST_CASE("display range: percentiles as a choice, 16-bit pictures open with their data range") {
    Fixture f;
    f.open("arange");
    f.setSpec(scaleSpec(Mode::Bilinear, 2));
    DisplayOptions o = f.w().displayDock()->options();
    o.range = RangeMode::Percentile;
    f.w().displayDock()->setOptions(o);
    const DisplayMapping m = f.w().currentMapping();
    // The 16 inputs and 64 outputs: np.percentile(values, [0.5, 99.5]).
    std::vector<double> values;
    for (int i = 0; i < 16; ++i) values.push_back(i);
    const Tensor& out = f.w().result()->output;
    for (int64_t i = 0; i < out.numel(); ++i) values.push_back(out.at(i));
    const auto expected = percentileRange(values, DType::Float32);
    REQUIRE(expected);
    CHECK(m.low() == expected->low);
    CHECK(m.high() == expected->high);

    QImage sixteen(4, 2, QImage::Format_Grayscale16);
    for (int y = 0; y < 2; ++y)
        for (int x = 0; x < 4; ++x) reinterpret_cast<quint16*>(sixteen.scanLine(y))[x] = static_cast<quint16>(1000 + 4 * y + x);
    const QString path = f.dir.filePath("sixteen.png");
    REQUIRE(sixteen.save(path));
    REQUIRE(f.w().openFile(path));
    f.w().waitForCompute();
    CHECK(f.w().displayDock()->options().range == RangeMode::Auto);
    CHECK(f.w().currentMapping().low() == 1000);
    CHECK(f.w().currentMapping().high() == 1007);
}

TEST_CASE("histogram dock: counts match NumPy's, per channel, with statistics, range lines drag") {
    Fixture f;
    f.open("arange");
    f.setSpec(scaleSpec(Mode::Bilinear, 2));
    HistogramDock* h = f.w().histogramDock();
    h->show();
    h->setSource(HistogramSource::Result);
    h->refresh();
    h->waitForIdle();
    REQUIRE(h->data());
    REQUIRE(h->data()->histograms.size() == 1);
    const Histogram& hist = h->data()->histograms[0];
    REQUIRE(hist.counts.size() == 256);
    // np.histogram(np.load("out.npy"), bins=256) of `upsample-cli resize arange.npy out.npy
    // --mode bilinear --scale 2`: the non-empty bins.
    const std::map<int, int64_t> numpy = {{0, 1}, {4, 1}, {12, 1}, {17, 1}, {21, 2}, {29, 2}, {38, 2}, {46, 2}, {51, 2}, {55, 2}, {64, 2},
        {68, 1}, {72, 1}, {81, 1}, {85, 1}, {89, 2}, {98, 2}, {102, 1}, {106, 1}, {115, 1}, {119, 1}, {123, 2},
        {132, 2}, {136, 1}, {140, 1}, {149, 1}, {153, 1}, {157, 2}, {166, 2}, {170, 1}, {174, 1}, {183, 1},
        {187, 1}, {192, 2}, {200, 2}, {204, 2}, {209, 2}, {217, 2}, {226, 2}, {234, 2}, {238, 1}, {243, 1},
        {251, 1}, {255, 1}};
    for (int i = 0; i < 256; ++i) {
        INFO("bin " << i);
        CHECK(hist.counts[static_cast<std::size_t>(i)] == (numpy.count(i) ? numpy.at(i) : 0));
    }
    CHECK(hist.low == 0);
    CHECK(hist.high == 15);
    const ValueStats& s = h->data()->stats[0];
    CHECK(s.count == 64);
    CHECK(s.min == 0);
    CHECK(s.max == 15);
    CHECK(s.mean == 7.5);
    CHECK(h->statsText().contains("channel 0: min 0  max 15  mean 7.5"));
    CHECK(h->statsText().contains("NaN 0  +Inf 0  \u2212Inf 0"));
    // The display range's lines: dragging the high one sets a User range.
    HistogramPlot* plot = h->plot();
    h->raise();
    plot->resize(600, 200);
    const double hiX = plot->xOf(15);
    const int y = 60;
    QTest::mousePress(plot, Qt::LeftButton, {}, QPoint(static_cast<int>(std::lround(hiX)), y));
    QTest::mouseMove(plot, QPoint(static_cast<int>(std::lround(plot->xOf(10))), y));
    QTest::mouseRelease(plot, Qt::LeftButton, {}, QPoint(static_cast<int>(std::lround(plot->xOf(10))), y));
    const DisplayOptions o = f.w().displayDock()->options();
    CHECK(o.range == RangeMode::User);
    CHECK(o.userLow == 0);
    CHECK(o.userHigh == Approx(10).margin(15.0 / 500));
    // Log counts and the original.
    h->setLogCounts(true);
    h->setSource(HistogramSource::Original);
    h->waitForIdle();
    REQUIRE(h->data());
    for (int64_t c : h->data()->histograms[0].counts) CHECK(c <= 1);  // 16 distinct values, 256 bins
}

TEST_CASE("overshoot report: counts match a direct count, A named, pixels marked") {
    Fixture f;
    std::vector<float> step;
    for (int y = 0; y < 6; ++y)
        for (int x = 0; x < 6; ++x) step.push_back(x < 3 ? 0.0f : 1.0f);
    REQUIRE(f.w().openFile(writeTensor(f, "step.npy", {1, 1, 6, 6}, step)));
    f.w().waitForCompute();
    f.setSpec(scaleSpec(Mode::Bicubic, 2));
    HistogramDock* h = f.w().histogramDock();
    h->show();
    h->setSource(HistogramSource::Result);
    h->refresh();
    h->waitForIdle();
    REQUIRE(h->data());
    REQUIRE(h->data()->overshoot);
    const OvershootReport& r = *h->data()->overshoot;
    const Tensor& out = f.w().result()->output;
    int64_t below = 0, above = 0;
    for (int64_t i = 0; i < out.numel(); ++i) {
        below += out.at(i) < 0;
        above += out.at(i) > 1;
    }
    REQUIRE(below + above > 0);
    CHECK(r.below == below);
    CHECK(r.above == above);
    REQUIRE(r.cubicA);
    CHECK(*r.cubicA == -0.75);
    CHECK(h->overshootText().contains(QString("%1 of 144 values outside").arg(below + above)));
    CHECK(h->overshootText().contains("A = -0.75"));
    h->setMarkOvershoot(true);
    CHECK(h->markedCount() == below + above);
    h->setMarkOvershoot(false);
    CHECK(h->markedCount() == 0);
}

TEST_CASE("explain dock: size pitfalls flagged beside the other notes") {
    Fixture f;
    f.open("arange");
    ExplainDock* e = f.w().explainDock();
    e->setShapeText("1, 1, 5, 5");
    e->setCallText("nn.Upsample(scale_factor=1.5)");
    QApplication::processEvents();
    CHECK(e->explanationText().contains("the size is floor, not round, so it is 7, not 8. For 8 pass size=8"));
    e->setCallText("F.interpolate(x, size=8, mode='bilinear', align_corners=True)");
    QApplication::processEvents();
    CHECK(e->explanationText().contains("not every input pixel lands on an output pixel"));
    e->setCallText("F.interpolate(x, size=9, mode='bilinear', align_corners=True)");
    QApplication::processEvents();
    CHECK_FALSE(e->explanationText().contains("lands on an output pixel"));
    CHECK_FALSE(e->explanationText().contains("floor, not round"));
}

TEST_CASE("compare hover: the window's status line reads A, B and A - B under the pointer, by source position") {
    Fixture f;
    CompareWindow* cmp = openCompareOnArange(f);  // 4x4 arange
    // A: 8x8 of 100 + i; B: 4x4 of 10 i, a different size, lined up by source position.
    std::vector<float> a, b;
    for (int i = 0; i < 64; ++i) a.push_back(100.0f + static_cast<float>(i));
    for (int i = 0; i < 16; ++i) b.push_back(10.0f * static_cast<float>(i));
    REQUIRE(cmp->loadNpy(0, writeTensor(f, "a.npy", {1, 1, 8, 8}, a)));
    REQUIRE(cmp->loadNpy(1, writeTensor(f, "b.npy", {1, 1, 4, 4}, b)));
    REQUIRE(cmp->stats());
    settle();
    cmp->fit();
    settle();
    // Source point (1.3, 2.8): A's pixel (x 2, y 5) = 142, B's pixel (x 1, y 2) = 90, A - B = 52.
    const QPointF source(1.3, 2.8);
    const auto moveOver = [&](QWidget* v) {
        // The widget point of the source point, unrounded (the views map screen to source this way).
        const ViewSync* sync = cmp->viewSync();
        const QPointF at = (source - sync->center()) * sync->zoom() + QPointF(v->width() / 2.0, v->height() / 2.0);
        QMouseEvent move(QEvent::MouseMove, at, v->mapToGlobal(at), Qt::NoButton, Qt::NoButton, Qt::NoModifier);
        QApplication::sendEvent(v, &move);
        settle();
    };
    const QString expected = "x 1.30, y 2.80   A [0, 0, 5, 2] = 142   B [0, 0, 2, 1] = 90   A \u2212 B = 52";
    SECTION("difference") {
        cmp->setCompareView(CompareView::Difference);
        settle();
        moveOver(cmp->view());
        CHECK(cmp->hoverText().toStdString() == expected.toStdString());
    }
    SECTION("side by side, over B") {
        cmp->setCompareView(CompareView::SideBySide);
        settle();
        cmp->fit();
        settle();
        moveOver(cmp->sideView(1));
        CHECK(cmp->hoverText().toStdString() == expected.toStdString());
    }
    SECTION("flicker and swipe") {
        cmp->setCompareView(CompareView::Flicker);
        settle();
        moveOver(cmp->flickerView());
        CHECK(cmp->hoverText().toStdString() == expected.toStdString());
        cmp->setCompareView(CompareView::Swipe);
        settle();
        moveOver(cmp->swipeView());
        CHECK(cmp->hoverText().toStdString() == expected.toStdString());
    }
    // Leaving the view clears the line.
    QEvent leave(QEvent::Leave);
    QApplication::sendEvent(cmp->view(), &leave);
    QApplication::sendEvent(cmp->sideView(1), &leave);
    QApplication::sendEvent(cmp->flickerView(), &leave);
    QApplication::sendEvent(cmp->swipeView(), &leave);
    settle();
    CHECK(cmp->hoverText().isEmpty());
}
