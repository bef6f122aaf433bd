// What the studio exports is what it shows: the A/B compare's Export PNG… (the channel and view
// shown), the difference colour bar on a degenerate range, the side-by-side figure at the zoom on
// screen, the view at true pixels without a band or a grid the screen did not have, the compare's
// side-by-side panes and title, and the compare window's close keys. Offscreen.
#include "studio_fixture.hpp"

#include "export/ResultExports.hpp"
#include "tools/AnalysisTools.hpp"
#include "tools/CompareWindow.hpp"
#include "views/ColorLegend.hpp"
#include "views/ImageView.hpp"
#include "views/ViewSync.hpp"

#include "upsample/npy.hpp"

#include <QApplication>
#include <QDoubleSpinBox>
#include <QImage>
#include <QPainter>
#include <QTest>

#include <cmath>

using namespace studio;
using namespace studio::testing;
using namespace upsample;

namespace {

void settle() {
    for (int i = 0; i < 5; ++i) QApplication::processEvents();
}

int64_t numel(const Shape& shape) {
    int64_t n = 1;
    for (int64_t d : shape) n *= d;
    return n;
}

// (N, C, ...) with channel c holding perChannel[c] everywhere.
Tensor perChannel(const Shape& shape, const std::vector<float>& perChannel) {
    std::vector<float> v(static_cast<std::size_t>(numel(shape)));
    const int64_t plane = numel(shape) / (shape[0] * shape[1]);
    for (std::size_t i = 0; i < v.size(); ++i)
        v[i] = perChannel[static_cast<std::size_t>((static_cast<int64_t>(i) / plane) % shape[1])];
    return Tensor::fromValues(shape, v);
}

int64_t countColour(const QImage& img, QRgb c) {
    int64_t n = 0;
    for (int y = 0; y < img.height(); ++y)
        for (int x = 0; x < img.width(); ++x) n += img.pixel(x, y) == c;
    return n;
}

// The longest horizontal run of exactly this colour in the image.
int longestRun(const QImage& img, QRgb c) {
    int best = 0;
    for (int y = 0; y < img.height(); ++y)
        for (int x = 0, run = 0; x < img.width(); ++x) {
            run = img.pixel(x, y) == c ? run + 1 : 0;
            best = std::max(best, run);
        }
    return best;
}

QString writeTensor(Fixture& f, const QString& name, const Tensor& t) {
    const QString path = f.dir.filePath(name);
    writeNpy(path.toStdString(), t);
    return path;
}

}  // namespace

TEST_CASE("compare Export PNG writes the channel and the view shown") {
    Fixture f;
    f.open("chart");  // RGB: A and B show as RGB, the difference one channel
    f.setSpec(scaleSpec(Mode::Nearest, 2));
    REQUIRE(f.w().result());
    AnalysisTools* tools = f.w().analysis();
    tools->showCompare();
    tools->waitForModes();
    CompareWindow* cmp = tools->compare();
    cmp->resize(900, 800);
    const Shape shape = f.w().result()->output.shape();
    REQUIRE(shape[1] == 3);
    cmp->setTensor(0, perChannel(shape, {2, 4, 6}), "a");
    cmp->setTensor(1, perChannel(shape, {1, 4, 9}), "b");  // A - B: 1, 0, -3 by channel
    cmp->setCompareView(CompareView::Difference);
    settle();
    cmp->fit();
    settle();
    const QString path = f.dir.filePath("cmp.png");
    auto exported = [&] {
        REQUIRE(tools->exportDifferenceTo(path));
        return QImage(path).convertToFormat(QImage::Format_RGB32);
    };
    const DisplayMapping d = cmp->differenceMapping();
    REQUIRE(d.low() == -3);
    cmp->setChannel(2);
    settle();
    const QImage ch2 = exported();
    cmp->setChannel(0);
    settle();
    const QImage ch0 = exported();
    // The picture is the channel's constant difference (the colour bar adds a few hundred pixels).
    CHECK(countColour(ch2, d.mapValue(-3)) > 20000);
    CHECK(countColour(ch2, d.mapValue(1)) < 2000);
    CHECK(countColour(ch0, d.mapValue(1)) > 20000);
    CHECK(ch0 != ch2);
    SECTION("side by side: A and B in their RGB colours, no difference colours") {
        cmp->setCompareView(CompareView::SideBySide);
        settle();
        const QImage side = exported();
        const DisplayMapping v = cmp->valueMapping();
        CHECK(countColour(side, v.mapRgb(2, 4, 6)) > 10000);
        CHECK(countColour(side, v.mapRgb(1, 4, 9)) > 10000);
        CHECK(countColour(side, d.mapValue(1)) == 0);
    }
    SECTION("flicker: the side shown") {
        cmp->setCompareView(CompareView::Flicker);
        cmp->toggleFlicker();  // B
        settle();
        const QImage b = exported();
        const DisplayMapping v = cmp->valueMapping();
        CHECK(countColour(b, v.mapRgb(1, 4, 9)) > 20000);
        CHECK(countColour(b, v.mapRgb(2, 4, 6)) == 0);
    }
}

namespace {
// The colour bar of a mapping painted at 560 x 48: both end labels must sit inside the bar's width,
// apart, and the bar must show colours.
void checkLegend(const DisplayMapping& m) {
    QImage img(600, 60, QImage::Format_RGB32);
    img.fill(Qt::white);
    QPainter p(&img);
    QFont font("DejaVu Sans");
    font.setPixelSize(13);
    p.setFont(font);
    const QRect r(20, 4, 560, 48);
    ColorLegend::paint(p, r, m, DType::Float32, "A \u2212 B");
    const ColorLegend::Layout l = ColorLegend::layout(p.fontMetrics(), r, m, DType::Float32, "A \u2212 B");
    p.end();
    REQUIRE(l.ticks.size() >= 2);
    const QRect low = l.ticks.front().label, high = l.ticks.back().label;
    INFO("bar " << l.bar.left() << ".." << l.bar.right() << ", low label " << low.left() << ".." << low.right()
                << ", high label " << high.left() << ".." << high.right());
    CHECK(low.left() >= l.bar.left());
    CHECK(low.right() <= l.bar.right());
    CHECK(high.left() >= l.bar.left());
    CHECK(high.right() <= l.bar.right());
    CHECK(low.right() < high.left());
    // Text pixels (dark) under the bar's first and last fifth: the end labels are drawn there.
    auto darkIn = [&](int x0, int x1) {
        int n = 0;
        for (int y = l.bar.bottom() + 2; y < r.bottom(); ++y)
            for (int x = x0; x < x1; ++x) n += qGray(img.pixel(x, y)) < 100;
        return n;
    };
    const int fifth = l.bar.width() / 5;
    CHECK(darkIn(l.bar.left(), l.bar.left() + fifth) > 10);
    CHECK(darkIn(l.bar.right() - fifth, l.bar.right()) > 10);
    // The bar is drawn: bluish at its left end, reddish at its right end.
    const QRgb left = img.pixel(l.bar.left() + 3, l.bar.center().y());
    const QRgb right = img.pixel(l.bar.right() - 3, l.bar.center().y());
    CHECK(qBlue(left) > qRed(left) + 20);
    CHECK(qRed(right) > qBlue(right) + 20);
}
}  // namespace

TEST_CASE("the difference colour bar on a degenerate range: drawn, both end labels inside it") {
    Fixture f;
    f.open("arange");
    f.setSpec(scaleSpec(Mode::Nearest, 2));
    AnalysisTools* tools = f.w().analysis();
    tools->showCompare();
    tools->waitForModes();
    CompareWindow* cmp = tools->compare();
    std::vector<float> a(64, 100.0f), b(64, 100.0f);
    b[10] = std::nextafter(100.0f, 200.0f);  // equal to float precision
    cmp->setTensor(0, Tensor::fromValues({1, 1, 8, 8}, a), "a");
    cmp->setTensor(1, Tensor::fromValues({1, 1, 8, 8}, b), "b");
    cmp->setCompareView(CompareView::Difference);
    REQUIRE(cmp->stats());
    SECTION("A == B to float precision") { checkLegend(cmp->differenceMapping()); }
    SECTION("exposure +3 stops with a threshold") {
        b[10] = 101;
        cmp->setTensor(1, Tensor::fromValues({1, 1, 8, 8}, b), "b2");
        cmp->setExposure(3);
        cmp->setThreshold(0.5);
        REQUIRE(cmp->differenceMapping().deadZone() >= cmp->differenceMapping().high());
        checkLegend(cmp->differenceMapping());
    }
}

TEST_CASE("compare side by side: equal pane widths whatever the captions, and the title names the view") {
    Fixture f;
    CompareWindow* cmp = openCompareOnArange(f);
    cmp->setTensor(0, Tensor::fromValues({1, 1, 8, 8}, std::vector<float>(64, 1.0f)),
                   "a_tensor_with_a_rather_long_name_from_a_training_run_epoch_0042_checkpoint_final_v2.npy");
    cmp->setTensor(1, Tensor::fromValues({1, 1, 8, 8}, std::vector<float>(64, 2.0f)), "b");
    cmp->setCompareView(CompareView::SideBySide);
    settle();
    CHECK(std::abs(cmp->sideView(0)->width() - cmp->sideView(1)->width()) <= 1);
    CHECK(cmp->shownTitle().startsWith("A | B: "));
    CHECK_FALSE(cmp->shownTitle().contains("A \u2212 B"));
    cmp->setCompareView(CompareView::Difference);
    CHECK(cmp->shownTitle().startsWith("A \u2212 B: "));
}

TEST_CASE("the side-by-side figure draws at the zoom on screen") {
    Fixture f;
    // 16 x 16 of 0, one pixel 10 (the range's top), one 5: drawn mid grey.
    std::vector<float> v(256, 0.0f);
    v[3 * 16 + 3] = 5;
    v[12 * 16 + 12] = 10;
    REQUIRE(f.w().openFile(writeTensor(f, "in.npy", Tensor::fromValues({1, 1, 16, 16}, v))));
    f.setSpec(scaleSpec(Mode::Nearest, 2));
    REQUIRE(f.w().result());
    for (double zoom : {6.0, 10.0}) {
        f.w().viewSync()->setView(QPointF(8, 8), zoom);
        const QString path = f.dir.filePath("fig.png");
        REQUIRE(f.w().exportFigureTo(path));
        const QImage fig = QImage(path).convertToFormat(QImage::Format_RGB32);
        // The grey pixel is `zoom` figure pixels wide in the original, and its 2 x 2 result
        // pixels too: as on screen.
        INFO("zoom " << zoom);
        CHECK(longestRun(fig, f.w().currentMapping().mapValue(5)) == static_cast<int>(zoom));
    }
}

TEST_CASE("the view at true pixels: both panels the same height, the grid only where the screen has it") {
    Fixture f;
    std::vector<float> v(256);
    for (int i = 0; i < 256; ++i) v[static_cast<std::size_t>(i)] = static_cast<float>((i * 37) % 11);
    REQUIRE(f.w().openFile(writeTensor(f, "in.npy", Tensor::fromValues({1, 1, 16, 16}, v))));
    f.setSpec(scaleSpec(Mode::Bilinear, 2));
    REQUIRE(f.w().result());
    const QString path = f.dir.filePath("view.png");
    const DisplayMapping m = f.w().currentMapping();
    const PlaneView op = f.w().originalPlane();
    SECTION("zoom 3: no white band under the original") {
        f.w().viewSync()->setView(QPointF(8, 8), 3.0);
        REQUIRE(f.w().exports()->writeViewFigure(path, {0, true, true}));  // the menu's options
        const QImage fig = QImage(path).convertToFormat(QImage::Format_RGB32);
        // The whole 16 x 16 is visible: the result's 32 rows at 2, the original's 16 at 4.
        REQUIRE(fig.height() == 64);
        for (int y : {1, 30, 62})
            for (int x : {1, 30, 62}) CHECK(fig.pixel(x, y) == m.mapPixel(op, x / 4, y / 4));
    }
    SECTION("zoom 6: the screen draws no grid (cells under 12 px), nor does the figure") {
        f.w().viewSync()->setView(QPointF(8, 8), 6.0);
        REQUIRE(f.w().originalView()->cellSize().width() < ImageView::kGridMinCell);
        REQUIRE(f.w().exports()->writeViewFigure(path, {0, true, true}));
        const QImage fig = QImage(path).convertToFormat(QImage::Format_RGB32);
        for (int j : {1, 5})
            for (int i : {1, 5, 9}) {
                INFO("cell " << i << ", " << j);
                CHECK(fig.pixel(i * 6, j * 6 + 3) == m.mapPixel(op, i, j));  // its left edge
                CHECK(fig.pixel(i * 6 + 3, j * 6) == m.mapPixel(op, i, j));  // its top edge
            }
    }
}

TEST_CASE("the compare window closes with Esc and with Ctrl+W, whatever has the focus") {
    Fixture f;
    CompareWindow* cmp = openCompareOnArange(f);
    for (int key : {static_cast<int>(Qt::Key_Escape), static_cast<int>(Qt::Key_W)}) {
        const Qt::KeyboardModifiers mods = key == Qt::Key_W ? Qt::ControlModifier : Qt::NoModifier;
        f.w().analysis()->showCompare();
        cmp->activateWindow();
        QApplication::processEvents();
        REQUIRE(QTest::qWaitForWindowActive(cmp));
        cmp->sideView(0)->setFocus();  // a view, as after a click on it
        cmp->setCompareView(CompareView::Difference);
        cmp->view()->setFocus();
        QApplication::processEvents();
        QWidget* target = QApplication::focusWidget() ? QApplication::focusWidget() : cmp;
        INFO("key " << key << " to " << target->metaObject()->className());
        QTest::keyClick(target, static_cast<Qt::Key>(key), mods);
        QApplication::processEvents();
        CHECK_FALSE(cmp->isVisible());
    }
    CHECK(f.w().isVisible());
}
