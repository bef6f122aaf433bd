// The analysis tools, driven offscreen: the pixel inspector against hand-checked taps and
// weights per mode, pinning by click and arrow keys, the modes grid, the A/B compare and its
// statistics, the line profile, volume slices, and the exports.
#include <catch2/catch.hpp>

#include "tools/AnalysisTools.hpp"
#include "tools/CompareWindow.hpp"
#include "docks/DisplayDock.hpp"
#include "views/ImageView.hpp"
#include "docks/InspectorDock.hpp"
#include "session/ModeBatch.hpp"
#include "tools/ModesGridWindow.hpp"
#include "session/PinController.hpp"
#include "docks/ProfileDock.hpp"
#include "views/ViewOverlay.hpp"
#include "views/ViewPane.hpp"
#include "studio_fixture.hpp"

#include "upsample/analysis.hpp"
#include "upsample/backend.hpp"
#include "upsample/inspect.hpp"
#include "upsample/npy.hpp"

#include <QAction>
#include <QFile>
#include <QImage>
#include <QKeyEvent>
#include <QLabel>
#include <QMouseEvent>
#include <QSlider>
#include <QtCharts/QChart>
#include <QtCharts/QXYSeries>

#include <cmath>

using namespace studio;
using namespace studio::testing;
using namespace upsample;

namespace {

SpecState sizeSpec(Mode m, int64_t n) {
    SpecState st;
    st.mode = m;
    st.useSize = true;
    st.size = {n, n, n};
    return st;
}

const PinnedPixel& pinAt(Fixture& f, int x, int y) {
    f.w().analysis()->pin()->pin(QPoint(x, y));
    const auto& p = f.w().analysis()->pin()->pinned();
    REQUIRE(p);
    return *p;
}

// The output value at the pinned position, read straight from the result tensor.
double resultAt(const PinnedPixel& p, int64_t channel) {
    const Shape& s = p.output.shape();
    int64_t flat = p.batch * s[1] + channel;
    for (std::size_t k = 0; k < p.outPos.size(); ++k) flat = flat * s[2 + k] + p.outPos[k];
    return p.output.at(flat);
}

void checkAxis(const AxisInspection& a, std::vector<int64_t> taps, std::vector<double> weights) {
    INFO("axis " << a.name << ": " << a.sourceFormula);
    CHECK(a.taps == taps);
    REQUIRE(a.weights.size() == weights.size());
    for (std::size_t i = 0; i < weights.size(); ++i) CHECK(a.weights[i] == Approx(weights[i]).margin(1e-7));
}

void checkSumReproduces(const PinnedPixel& p, double expected) {
    REQUIRE(p.inspection.channels.size() == 1);
    const ChannelInspection& c = p.inspection.channels[0];
    INFO(c.sum);
    CHECK(c.value == resultAt(p, 0));
    CHECK(c.recomputed == c.value);
    CHECK(c.value == Approx(expected).margin(1e-5));
}

void click(QWidget* w, QPointF at) {
    QMouseEvent press(QEvent::MouseButtonPress, at, w->mapToGlobal(at), Qt::LeftButton, Qt::LeftButton, Qt::NoModifier);
    QApplication::sendEvent(w, &press);
    QMouseEvent release(QEvent::MouseButtonRelease, at, w->mapToGlobal(at), Qt::LeftButton, Qt::NoButton, Qt::NoModifier);
    QApplication::sendEvent(w, &release);
}

void key(QWidget* w, int k) {
    QKeyEvent e(QEvent::KeyPress, k, Qt::NoModifier);
    QApplication::sendEvent(w, &e);
}

QAction* actionNamed(MainWindow& w, const QString& text) {
    for (QAction* a : w.findChildren<QAction*>())
        if (a->text() == text) return a;
    return nullptr;
}

}  // namespace

TEST_CASE("inspector: hand-checked taps and weights per mode on the 4x4 ramp, and the sum equals the value") {
    Fixture f;
    f.open("arange");  // x[h, w] = 4h + w

    SECTION("bilinear 4 -> 8 without align_corners, output 3: taps 1 and 2, weights 0.75 / 0.25") {
        f.setSpec(scaleSpec(Mode::Bilinear, 2));
        const PinnedPixel& p = pinAt(f, 3, 3);
        for (const auto& a : p.inspection.axes) {
            checkAxis(a, {1, 2}, {0.75, 0.25});
            CHECK(a.source == 1.25);
        }
        checkSumReproduces(p, 6.25);
        const QString text = f.w().analysis()->inspector()->text();
        INFO(text.toStdString());
        CHECK(text.contains("x = (d + 0.5) * scale - 0.5 = (3 + 0.5) * 0.5 - 0.5 = 1.25"));
        CHECK(text.contains("0.75 * (0.75 * 5 + 0.25 * 6) + 0.25 * (0.75 * 9 + 0.25 * 10) = 6.25"));
        CHECK(text.contains("channel 0 = 6.25"));
        CHECK(text.contains("the weighted sum of the taps reproduces it"));
        // The four taps are highlighted on the original view, the pinned pixel on the result.
        const OverlayMarks& taps = f.w().analysis()->tapOverlay()->marks();
        CHECK(taps.cells == QList<QRect>{QRect(1, 1, 1, 1), QRect(2, 1, 1, 1), QRect(1, 2, 1, 1), QRect(2, 2, 1, 1)});
        REQUIRE(taps.cross);
        CHECK(*taps.cross == QPointF(1.75, 1.75));  // the output pixel's centre, in input pixels
        CHECK(f.w().analysis()->pinOverlay()->marks().frame == QRect(3, 3, 1, 1));
    }
    SECTION("bilinear with align_corners: x = 3 * 3/7, weights 5/7 and 2/7") {
        SpecState s = scaleSpec(Mode::Bilinear, 2);
        s.alignCorners = true;
        f.setSpec(s);
        const PinnedPixel& p = pinAt(f, 3, 3);
        for (const auto& a : p.inspection.axes) {
            checkAxis(a, {1, 2}, {5.0 / 7, 2.0 / 7});
            CHECK(a.source == Approx(9.0 / 7));
        }
        checkSumReproduces(p, 5 * 9.0 / 7);
    }
    SECTION("bicubic 4 -> 8, output 3: four taps with the A = -0.75 weights at t = 0.25") {
        f.setSpec(scaleSpec(Mode::Bicubic, 2));
        const PinnedPixel& p = pinAt(f, 3, 3);
        for (const auto& a : p.inspection.axes) checkAxis(a, {0, 1, 2, 3}, {-0.10546875, 0.87890625, 0.26171875, -0.03515625});
        checkSumReproduces(p, 6.484375);
        CHECK(f.w().analysis()->tapOverlay()->marks().cells.size() == 16);
    }
    SECTION("nearest and nearest-exact 4 -> 5, output 1: floor(0.8) = 0 but floor(1.2) = 1") {
        f.setSpec(sizeSpec(Mode::Nearest, 5));
        const PinnedPixel& n = pinAt(f, 1, 1);
        for (const auto& a : n.inspection.axes) checkAxis(a, {0}, {1.0});
        checkSumReproduces(n, 0);
        CHECK(f.w().analysis()->inspector()->text().contains("input[0, 0] = 0"));
        CHECK(f.w().analysis()->tapOverlay()->marks().cells == QList<QRect>{QRect(0, 0, 1, 1)});
        f.setSpec(sizeSpec(Mode::NearestExact, 5));
        const PinnedPixel& e = *f.w().analysis()->pin()->pinned();  // the pin stays
        for (const auto& a : e.inspection.axes) checkAxis(a, {1}, {1.0});
        checkSumReproduces(e, 5);
    }
    SECTION("area 4 -> 2, output 1: the window [2, 4) on both axes, the mean of 10, 11, 14, 15") {
        f.setSpec(scaleSpec(Mode::Area, 0.5));
        const PinnedPixel& p = pinAt(f, 1, 1);
        for (const auto& a : p.inspection.axes) {
            checkAxis(a, {2, 3}, {0.5, 0.5});
            CHECK(a.note == "window [2, 4) of 2 pixels, averaged");
        }
        checkSumReproduces(p, 12.5);
        CHECK(f.w().analysis()->tapOverlay()->marks().cells.size() == 4);
    }
    SECTION("antialiased bilinear 4 -> 2, output 1: support 2 about centre 3, weights 1/7, 3/7, 3/7") {
        SpecState s = scaleSpec(Mode::Bilinear, 0.5);
        s.antialias = true;
        f.setSpec(s);
        const PinnedPixel& p = pinAt(f, 1, 1);
        for (const auto& a : p.inspection.axes) {
            checkAxis(a, {1, 2, 3}, {1.0 / 7, 3.0 / 7, 3.0 / 7});
            REQUIRE(a.support);
            CHECK(*a.support == 2.0);
            CHECK(*a.center == 3.0);
        }
        checkSumReproduces(p, 4 * 16.0 / 7 + 16.0 / 7);
        CHECK(f.w().analysis()->inspector()->text().contains("support"));
    }
}

TEST_CASE("clicking a result pixel pins it, arrow keys move it, the profile follows and Unpin clears it") {
    Fixture f;
    f.open("arange");
    f.setSpec(scaleSpec(Mode::Bilinear, 2));
    ImageView* result = f.w().resultView();
    PinController* pin = f.w().analysis()->pin();
    click(result, result->sourceToWidget(QPointF(3.5 / 2, 3.5 / 2)));  // the centre of result pixel (3, 3)
    REQUIRE(pin->pixel());
    CHECK(*pin->pixel() == QPoint(3, 3));
    key(result, Qt::Key_Right);
    CHECK(*pin->pixel() == QPoint(4, 3));
    key(f.w().originalView(), Qt::Key_Up);  // either view
    CHECK(*pin->pixel() == QPoint(4, 2));
    REQUIRE(pin->pinned());
    CHECK(pin->pinned()->outPos == std::vector<int64_t>{2, 4});
    // The profile runs along the pinned row: output row 2 of the result.
    const auto& profile = f.w().analysis()->profile()->profile();
    REQUIRE(profile);
    const Tensor& out = f.w().result()->output;
    for (int64_t x = 0; x < 8; ++x) CHECK(profile->output[0].value[x] == out.at(2 * 8 + x));
    // Arrows stop at the edge.
    pin->pin(QPoint(0, 0));
    key(result, Qt::Key_Left);
    CHECK(*pin->pixel() == QPoint(0, 0));
    QAction* unpin = actionNamed(f.w(), "&Unpin Pixel");
    REQUIRE(unpin);
    unpin->trigger();
    CHECK_FALSE(pin->pixel());
    CHECK(f.w().analysis()->tapOverlay()->marks().empty());
    CHECK_FALSE(f.w().analysis()->profile()->profile());
    // Another input drops the pin.
    pin->pin(QPoint(1, 1));
    f.open("ones");
    CHECK_FALSE(pin->pixel());
}

TEST_CASE("A/B compare: one PSNR peak for a pair, whichever side each result is on") {
    Fixture f;
    f.open("chart");  // an 8-bit picture: peak 255
    f.setSpec(scaleSpec(Mode::Bicubic, 2));
    AnalysisTools* tools = f.w().analysis();
    tools->showCompare();
    tools->waitForModes();
    CompareWindow* cmp = tools->compare();
    REQUIRE(cmp->setSources("nearest", "bicubic"));  // bicubic overshoots 0..255: B's range was the peak
    REQUIRE(cmp->stats());
    const DiffStats byModes = *cmp->stats();
    CHECK(byModes.peak == 255);
    // The old rule, B's range, gave another peak here: bicubic's result overshoots 0..255.
    const ValueStats bicubic = tensorStats(f.w().result()->output);
    CHECK(bicubic.max - bicubic.min > 255);
    CHECK(cmp->statsText().contains("(peak 255, the 8-bit input's maximum)"));
    REQUIRE(cmp->setSources("current", "nearest"));  // the same pair, the other way round
    REQUIRE(cmp->stats());
    CHECK(cmp->stats()->peak == 255);
    CHECK(cmp->stats()->psnr == Approx(byModes.psnr));
    CHECK(cmp->statsText().contains(QString("PSNR = %1 dB (peak 255").arg(QString::number(byModes.psnr, 'f', 2))));
    // By hand: 20 log10(255 / RMSE).
    CHECK(byModes.psnr == Approx(20 * std::log10(255.0 / byModes.rmse)));
}

TEST_CASE("a pinned pixel follows its source position when the scale changes") {
    Fixture f;
    f.open("chart");  // 256 x 256
    f.setSpec(scaleSpec(Mode::Bilinear, 2));
    PinController* pin = f.w().analysis()->pin();
    pin->pin(QPoint(444, 206));  // centre (444.5, 206.5) at x2: source (222.25, 103.25)
    REQUIRE(pin->pinned());
    f.setSpec(scaleSpec(Mode::Bilinear, 0.25));  // 64 x 64: source / 4 = (55.6, 25.8)
    REQUIRE(pin->pixel());
    CHECK(*pin->pixel() == QPoint(55, 25));
    REQUIRE(pin->pinned());
    CHECK(pin->pinned()->outPos == std::vector<int64_t>{25, 55});
    // Back to x2: the same source position, so the pixel pinned at first (no drift through x0.25).
    f.setSpec(scaleSpec(Mode::Bilinear, 2));
    CHECK(*pin->pixel() == QPoint(444, 206));
    // Same size, other mode: the pin stays; a move then pins the new pixel's position.
    f.setSpec(scaleSpec(Mode::Nearest, 2));
    CHECK(*pin->pixel() == QPoint(444, 206));
    pin->move(QPoint(1, 0));
    f.setSpec(scaleSpec(Mode::Nearest, 1));  // 445.5 / 2 = 222.75
    CHECK(*pin->pixel() == QPoint(222, 103));
}

TEST_CASE("modes grid: one tile per mode PyTorch allows for the rank, and a click makes a tile current") {
    Fixture f;
    AnalysisTools* tools = f.w().analysis();
    SECTION("4-D: nearest, nearest-exact, bilinear x2, bicubic x2, area, lanczos") {
        f.open("arange");
        f.setSpec(scaleSpec(Mode::Nearest, 2));
        tools->showModesGrid();
        tools->waitForModes();
        ModesGridWindow* grid = tools->modesGrid();
        REQUIRE(grid->tileCount() == 8);
        QStringList labels, others;
        const auto& variants = tools->modes()->variants();
        for (std::size_t i = 0; i < variants.size(); ++i)
            (static_cast<int>(i) < grid->tileCount() ? labels : others) << variants[i].label();
        CHECK(labels == QStringList{"nearest", "nearest-exact", "bilinear, align_corners=False",
                                    "bilinear, align_corners=True", "bicubic, align_corners=False",
                                    "bicubic, align_corners=True", "area", "lanczos, antialias=True"});
        // After the grid's tiles, the interpolating modes under the other version, for the A/B compare.
        CHECK(others == QStringList{"bilinear, align_corners=False (PyTorch 1.13)", "bilinear, align_corners=True (PyTorch 1.13)",
                                    "bicubic, align_corners=False (PyTorch 1.13)", "bicubic, align_corners=True (PyTorch 1.13)"});
        for (int i = 0; i < grid->tileCount(); ++i) {
            const auto& o = tools->modes()->outcomes()[static_cast<std::size_t>(i)];
            REQUIRE(o);
            REQUIRE(o->ok);
            const Tensor expected = interpolate(f.w().input()->tensor, o->spec);
            CHECK(std::memcmp(expected.raw(), o->output.raw(), expected.nbytes()) == 0);
            CHECK(grid->tile(i)->caption().contains(labels[i]));
            CHECK(grid->tile(i)->caption().contains(" ms"));
        }
        CHECK(grid->currentTile() == 0);
        CHECK(grid->tile(0)->caption().contains("current result"));
        // Clicking the bicubic align_corners tile recomputes the main result with it.
        ImageView* tile = grid->tile(5)->view();
        QApplication::processEvents();
        click(tile, tile->sourceToWidget(QPointF(2, 2)));
        f.w().waitForCompute();
        REQUIRE(f.w().result());
        CHECK(f.w().result()->resolved.mode == Mode::Bicubic);
        CHECK(f.w().result()->resolved.alignCorners);
        CHECK(grid->currentTile() == 5);
        // The batch is not recomputed for a new mode: it shares everything but the mode.
        CHECK_FALSE(tools->modes()->busy());
    }
    SECTION("5-D: nearest, nearest-exact, trilinear x2, area; 3-D: nearest, nearest-exact, linear x2, area") {
        f.open("volume");
        tools->showModesGrid();
        tools->waitForModes();
        CHECK(tools->modesGrid()->tileCount() == 5);
        CHECK(tools->modes()->variants()[2].label() == "trilinear, align_corners=False");
        const QString path = f.dir.filePath("ncl.npy");
        writeNpy(path.toStdString(), Tensor::zeros({1, 2, 6}, DType::Float32));
        REQUIRE(f.w().openFile(path, ArrayReading::AsPyTorch));  // (N, C, L), not (C, H, W)
        f.w().waitForCompute();
        tools->waitForModes();
        CHECK(tools->modesGrid()->tileCount() == 5);
        CHECK(tools->modes()->variants()[3].label() == "linear, align_corners=True");
    }
}

TEST_CASE("A/B compare: a known pair's statistics, identical tensors, different shapes") {
    Fixture f;
    CompareWindow* cmp = openCompareOnArange(f);

    SECTION("two loaded files with a hand-checked difference") {
        const QString a = f.dir.filePath("a.npy"), b = f.dir.filePath("b.npy");
        const std::vector<float> va = {1, 2, 3, 4}, vb = {1, 2, 3, 6};
        writeNpy(a.toStdString(), Tensor::fromValues({1, 1, 2, 2}, va));
        writeNpy(b.toStdString(), Tensor::fromValues({1, 1, 2, 2}, vb));
        REQUIRE(cmp->loadNpy(0, a));
        REQUIRE(cmp->loadNpy(1, b));
        REQUIRE(cmp->stats());
        const DiffStats& s = *cmp->stats();
        CHECK(s.maxAbs == 2);
        CHECK(s.argMaxAbs == 3);
        CHECK(s.meanAbs == 0.5);
        CHECK(s.rmse == 1);
        CHECK(s.peak == 15);  // the input's range (the arange sample, 0 to 15), whatever A and B hold
        CHECK(s.psnr == Approx(20 * std::log10(15.0)));
        CHECK(s.differing == 1);
        CHECK(cmp->difference().at(3) == -2);
        const QString text = cmp->statsText();
        INFO(text.toStdString());
        CHECK(text.contains("max |A \u2212 B| = 2 at [0, 0, 1, 1]"));
        CHECK(text.contains("RMSE = 1"));
        CHECK(text.contains(QString::fromUtf8("PSNR = 23.52 dB (peak 15, the input's range, max − min)")));
        CHECK(text.contains("1 of 4 values differ"));
        // Blue-white-red, symmetric about 0: an unchanged pixel is white.
        const DisplayMapping& m = cmp->view()->mapping();
        CHECK(m.colorMap() == ColorMap::Diverging);
        CHECK(m.low() == -2);
        CHECK(m.high() == 2);
        CHECK(m.mapValue(0) == qRgb(255, 255, 255));
        CHECK(qBlue(m.mapValue(-2)) > qRed(m.mapValue(-2)));
    }
    SECTION("two modes, and a mode against itself: PSNR is infinite") {
        REQUIRE(cmp->setSources("nearest", "bilinear"));
        const auto& outcomes = f.w().analysis()->modes()->outcomes();
        const DiffStats expected = diffStats(outcomes[0]->output, outcomes[2]->output);
        REQUIRE(cmp->stats());
        CHECK(cmp->stats()->maxAbs == expected.maxAbs);
        CHECK(cmp->stats()->rmse == expected.rmse);
        CHECK(cmp->title() == "A \u2212 B: nearest \u2212 bilinear, align_corners=False");
        REQUIRE(cmp->setSources("current", "nearest"));
        REQUIRE(cmp->stats());
        CHECK(std::isinf(cmp->stats()->psnr));
        CHECK(cmp->stats()->differing == 0);
        CHECK(cmp->statsText().contains("PSNR = \u221e (identical)"));
    }
    SECTION("a user's .npy with other channels gives the core's message") {
        // Other spatial sizes compare by source position (test_compare); other channels cannot.
        const QString other = f.dir.filePath("other.npy");
        writeNpy(other.toStdString(), Tensor::zeros({1, 2, 3, 3}, DType::Float32));
        REQUIRE(cmp->loadNpy(1, other));
        CHECK_FALSE(cmp->stats());
        CHECK(cmp->message().contains("cannot compare tensors of different shapes: (1, 1, 8, 8) and (1, 2, 3, 3)"));
        CHECK_FALSE(cmp->view()->hasPlane());
        CHECK_FALSE(cmp->setSources("current", "no-such-mode"));
    }
}

TEST_CASE("line profile: series lengths and source coordinates, on every axis") {
    Fixture f;
    f.open("arange");
    f.setSpec(scaleSpec(Mode::Bilinear, 2));
    pinAt(f, 3, 3);
    ProfileDock* dock = f.w().analysis()->profile();
    REQUIRE(dock->axis() == 1);  // W, the row
    for (int axis : {1, 0}) {
        dock->setAxis(axis);
        const auto& p = dock->profile();
        REQUIRE(p);
        CHECK(p->dim == axis);
        REQUIRE(p->input.size() == 1);
        CHECK(p->input[0].coord == std::vector<double>{0, 1, 2, 3});
        REQUIRE(p->output[0].coord.size() == 8);
        for (int d = 0; d < 8; ++d) CHECK(p->output[0].coord[d] == (d + 0.5) * 0.5 - 0.5);
        CHECK(p->inputLine[1 - axis] == 1);  // source 1.25 on the other axis: input line 1
        // One output line, one input scatter and the pinned marker.
        const auto series = dock->chart()->series();
        REQUIRE(series.size() == 3);
        CHECK(qobject_cast<QXYSeries*>(series[0])->count() == 8);
        CHECK(qobject_cast<QXYSeries*>(series[1])->count() == 4);
        CHECK(qobject_cast<QXYSeries*>(series[2])->count() == 1);
    }
    // Three channels: one input and one output series each.
    f.open("chart");
    pinAt(f, 10, 20);
    REQUIRE(dock->profile());
    CHECK(dock->profile()->input.size() == 3);
    CHECK(dock->chart()->series().size() == 7);
}

TEST_CASE("volumes: the depth slider shows the same source depth in both views and the inspector covers D, H and W") {
    Fixture f;
    f.open("volume");  // (1, 1, 8, 16, 16)
    f.setSpec(scaleSpec(Mode::Trilinear, 2));
    auto* slider = f.w().displayDock()->findChild<QSlider*>("depthSlider");
    REQUIRE(slider);
    CHECK(slider->isVisible());
    CHECK(slider->maximum() == 7);
    const ResolvedSpec& r = f.w().result()->resolved;
    for (int depth : {0, 4, 5, 7}) {
        slider->setValue(depth);
        CHECK(f.w().displayDock()->options().slice.depth == depth);
        CHECK(f.w().originalView()->plane().selection().depth == depth);
        const int shown = f.w().resultView()->plane().selection().depth;
        CHECK(shown == outputIndexNearestSource(r, 0, depth));
        // The result slice's centre lies within half an output slice of the source slice.
        CHECK(std::abs(outputCenterInSource(r, 0, shown) - depth) <= 0.25);
    }
    slider->setValue(5);  // centres 4.75 (slice 10) and 5.25 (slice 11): the first
    CHECK(f.w().resultView()->plane().selection().depth == 10);
    CHECK(f.w().resultCaption().contains("depth slice 10"));
    const auto* label = f.w().displayDock()->findChild<QLabel*>("resultDepthLabel");
    REQUIRE(label);
    CHECK(label->text().contains("depth slice 10 of 16, centred at source depth 4.75"));
    const PinnedPixel& p = pinAt(f, 7, 9);
    REQUIRE(p.inspection.axes.size() == 3);
    CHECK(p.inspection.axes[0].name == "D");
    CHECK(p.inspection.axes[1].name == "H");
    CHECK(p.inspection.axes[2].name == "W");
    CHECK(p.outPos == std::vector<int64_t>{10, 9, 7});
    checkAxis(p.inspection.axes[0], {4, 5}, {0.25, 0.75});  // source 4.75
    CHECK(p.inspection.channels[0].recomputed == p.inspection.channels[0].value);
    CHECK(f.w().analysis()->inspector()->text().contains("D  output index d = 10 of 16"));
    // The profile can run across the slices.
    f.w().analysis()->profile()->setAxis(0);
    REQUIRE(f.w().analysis()->profile()->profile());
    CHECK(f.w().analysis()->profile()->profile()->input[0].coord.size() == 8);
    CHECK(f.w().analysis()->profile()->profile()->output[0].coord.size() == 16);
}

TEST_CASE("exports: the modes grid and the difference as PNG, the profile as CSV and PNG") {
    Fixture f;
    QTemporaryDir out;
    f.open("arange");
    f.setSpec(scaleSpec(Mode::Bilinear, 2));
    AnalysisTools* tools = f.w().analysis();

    // Nothing pinned: no profile to write.
    CHECK_FALSE(tools->exportProfileCsvTo(out.filePath("none.csv")));
    REQUIRE(f.w().errorDialog());
    f.w().errorDialog()->close();

    REQUIRE(tools->exportModesGridTo(out.filePath("grid.png")));
    const QImage grid(out.filePath("grid.png"));
    CHECK(grid.width() > 4 * 256);  // 4 columns of 4x4 inputs at 80 screen pixels per pixel
    CHECK(grid.height() > 2 * 256);

    REQUIRE(tools->compare()->setSources("nearest", "bilinear"));
    REQUIRE(tools->exportDifferenceTo(out.filePath("diff.png")));
    CHECK(QImage(out.filePath("diff.png")).width() >= 512);

    pinAt(f, 3, 3);
    REQUIRE(tools->exportProfileCsvTo(out.filePath("profile.csv")));
    QFile csv(out.filePath("profile.csv"));
    REQUIRE(csv.open(QIODevice::ReadOnly));
    const std::string text = csv.readAll().toStdString();
    CHECK(text == profileCsv(*tools->profile()->profile()));
    CHECK(text.rfind("series,channel,coord,value\ninput,0,0,4\n", 0) == 0);
    REQUIRE(tools->exportProfilePngTo(out.filePath("profile.png")));
    CHECK(QImage(out.filePath("profile.png")).size() == QSize(900, 520));
}
