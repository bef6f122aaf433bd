// The explain tools in the studio, driven offscreen: the Explain dock (shape from the loaded
// tensor, call following the Spec dock, an edited call applied to it, PyTorch's errors with a
// caret), the coordinate map (the core's rows, axes, overlays) and Help ▸ The 4x4 ones example.
#include "studio_fixture.hpp"

#include "docks/CoordinateMapDock.hpp"
#include "docks/ExplainDock.hpp"
#include "dialogs/SeedExampleDialog.hpp"
#include "session/SpecState.hpp"

#include "upsample/explain.hpp"

#include <QAbstractSeries>
#include <QAction>
#include <QChart>
#include <QCheckBox>
#include <QComboBox>
#include <QLineEdit>
#include <QMenu>
#include <QMenuBar>
#include <QPushButton>
#include <QScrollBar>
#include <QTextBrowser>
#include <QTest>

using namespace studio;
using namespace studio::testing;
using namespace upsample;

namespace {

ExplainDock* explainDock(MainWindow& w) {
    auto* d = w.explainDock();
    REQUIRE(d);
    return d;
}

CoordinateMapDock* mapDock(MainWindow& w) {
    auto* d = w.mapDock();
    REQUIRE(d);
    return d;
}

QString call(const Spec& s) { return QString::fromStdString(toPythonCall(s)); }

QAction* menuAction(MainWindow& w, const QString& text) {
    for (QAction* top : w.menuBar()->actions())
        if (top->menu())
            for (QAction* a : top->menu()->actions())
                if (a->text().remove('&') == text) return a;
    return nullptr;
}

}  // namespace

TEST_CASE("the Explain dock starts from the loaded tensor and follows the Spec dock") {
    Fixture f;
    ExplainDock* ex = explainDock(f.w());
    CHECK(ex->isVisible());
    f.open("ones");
    CHECK(ex->shapeText() == "(1, 1, 4, 4)");
    CHECK(ex->callText() == call(f.w().specDock()->spec()));
    REQUIRE(ex->explanation().ok());
    CHECK(ex->explanation().outputShape() == Shape{1, 1, 8, 8});
    CHECK(ex->explanationText().contains("Output (1, 1, 8, 8)"));
    INFO("scroll " << ex->browser()->verticalScrollBar()->value() << " of " << ex->browser()->verticalScrollBar()->maximum());
    CHECK(ex->browser()->verticalScrollBar()->value() == 0);

    f.setSpec(scaleSpec(Mode::Bicubic, 1.7));
    CHECK(ex->callText() == "F.interpolate(x, scale_factor=1.7, mode='bicubic')");
    CHECK(ex->explanation().outputShape() == Shape{1, 1, 6, 6});
    CHECK(ex->explanationText().contains("floor(4 · 1.7) = floor(6.8) = 6"));

    f.open("chart");
    CHECK(ex->shapeText() == "(1, 3, 256, 256)");
    CHECK(ex->explanation().outputShape() == Shape{1, 3, 435, 435});
    // The shape can be edited to ask about another tensor; Loaded goes back.
    ex->setShapeText("(2, 3, 100, 50)");
    CHECK(ex->explanation().outputShape() == Shape{2, 3, 170, 85});
    ex->setShapeText("1, x, 4");
    CHECK(ex->shapeError().contains("'x' is not a size"));
    CHECK(ex->explanationText().contains("'x' is not a size"));
}

TEST_CASE("an edited call sets the Spec dock and the result recomputes") {
    Fixture f;
    f.open("ones");
    ExplainDock* ex = explainDock(f.w());
    ex->setCallText("nn.UpsamplingBilinear2d(scale_factor=2)");
    CHECK(ex->explanation().ok());
    CHECK(f.w().specDock()->spec().mode == Mode::Nearest);  // not applied before Enter
    REQUIRE(ex->applyCall());
    f.w().waitForCompute();
    const Spec spec = f.w().specDock()->spec();
    CHECK(spec.mode == Mode::Bilinear);
    CHECK(spec.alignCorners == std::optional<bool>(true));
    REQUIRE(f.w().result());
    CHECK(f.w().result()->resolved.mode == Mode::Bilinear);
    CHECK(f.w().result()->resolved.alignCorners);
    CHECK(f.w().resultCaption().contains("align_corners"));
    // The module call stays as written: it says what the Spec dock runs.
    CHECK(ex->callText() == "nn.UpsamplingBilinear2d(scale_factor=2)");
    CHECK(ex->statusText().contains("Applied"));
    const QString text = ex->explanationText();
    CHECK(text.contains("Output (1, 1, 8, 8)"));
    CHECK(text.contains("3/7 = 0.428571"));
    CHECK(text.contains("align_corners=True"));

    // Typing a call and pressing Enter does the same.
    QLineEdit* edit = ex->callEdit();
    edit->selectAll();
    QTest::keyClicks(edit, "F.interpolate(x, size=(3, 5), mode='area')");
    QTest::keyClick(edit, Qt::Key_Return);
    f.w().waitForCompute();
    CHECK(f.w().specDock()->spec().mode == Mode::Area);
    REQUIRE(f.w().result());
    CHECK(f.w().result()->output.shape() == Shape{1, 1, 3, 5});
    CHECK(ex->callText() == "F.interpolate(x, size=(3, 5), mode='area')");

    // A Spec dock change replaces the call when the call says something else.
    f.setSpec(scaleSpec(Mode::NearestExact, 3));
    CHECK(ex->callText() == "F.interpolate(x, scale_factor=3.0, mode='nearest-exact')");
}

TEST_CASE("an invalid call shows PyTorch's error, with a caret, and leaves the spec") {
    Fixture f;
    f.open("ones");
    f.setSpec(scaleSpec(Mode::Bilinear, 2));
    ExplainDock* ex = explainDock(f.w());
    const QString before = call(f.w().specDock()->spec());

    ex->setCallText("nn.Upsample(scale_factor=2, mode='trilinear')");
    CHECK_FALSE(ex->applyCall());
    REQUIRE(ex->explanation().error);
    CHECK(ex->explanation().error->type == "NotImplementedError");
    CHECK(ex->explanationText().contains("NotImplementedError: Got 4D input, but trilinear mode needs 5D input"));
    CHECK(ex->statusText().contains("Not applied: PyTorch refuses this call"));
    CHECK(call(f.w().specDock()->spec()) == before);

    ex->setCallText("nn.Upsample(scale=2)");
    CHECK_FALSE(ex->applyCall());
    REQUIRE(ex->explanation().error);
    CHECK(ex->explanation().error->type == "TypeError");
    CHECK(ex->explanation().error->column == std::optional<std::size_t>(13));
    const QString text = ex->explanationText();
    CHECK(text.contains("unexpected keyword argument 'scale'"));
    CHECK(text.contains("nn.Upsample(scale=2)\n"));
    CHECK(text.contains("            ^^^^^"));
    CHECK(ex->statusText().contains("Not applied: Python refuses this call"));
    CHECK(call(f.w().specDock()->spec()) == before);

    // A call that runs, but on a tensor of another rank than the loaded one.
    ex->setShapeText("(1, 1, 4, 4, 4)");
    ex->setCallText("F.interpolate(x, scale_factor=2, mode='trilinear')");
    CHECK(ex->explanation().ok());
    CHECK_FALSE(ex->applyCall());
    CHECK(ex->statusText().contains("5-D"));
    // A tuple the controls cannot hold for this rank.
    ex->setShapeText("(1, 1, 4, 4)");
    ex->setCallText("F.interpolate(x, scale_factor=1.23456789)");
    CHECK_FALSE(ex->applyCall());
    CHECK(ex->statusText().contains("more than 6 decimals"));
    CHECK(call(f.w().specDock()->spec()) == before);
}

TEST_CASE("the controls' state of a spec: presets round-trip, the rest is refused with a reason") {
    for (const SpecPreset& p : specPresets()) {
        INFO(p.name.toStdString());
        const auto s = SpecState::fromSpec(p.state.toSpec(2), 2);
        REQUIRE(s);
        CHECK(toPythonCall(s->toSpec(2)) == toPythonCall(p.state.toSpec(2)));
    }
    Spec tuple;
    tuple.scaleFactor = std::vector<double>{2.0, 3.0};
    tuple.scaleIsSequence = true;
    const auto t = SpecState::fromSpec(tuple, 2);
    REQUIRE(t);
    CHECK(t->perDim);
    CHECK(t->scale[1] == 2.0);
    CHECK(t->scale[2] == 3.0);
    QString why;
    CHECK_FALSE(SpecState::fromSpec(tuple, 3, &why));
    CHECK(why == "scale_factor has 2 values for 3 spatial dims");
    Spec big;
    big.size = std::vector<int64_t>{int64_t{1} << 40};
    CHECK_FALSE(SpecState::fromSpec(big, 2, &why));
    CHECK(why.contains("outside the Spec dock's range"));
    Spec unknown;
    unknown.scaleFactor = std::vector<double>{2.0};
    unknown.unknownModeName = "bilinearr";
    CHECK_FALSE(SpecState::fromSpec(unknown, 2, &why));
    CHECK(why == "'bilinearr' is not one of PyTorch's modes");
}

TEST_CASE("the coordinate map plots the core's rows for the chosen axis") {
    Fixture f;
    CoordinateMapDock* map = mapDock(f.w());
    CHECK(map->isVisible());
    CHECK(map->curves().empty());
    CHECK(map->message().contains("Open a tensor"));

    f.open("arange");
    SpecState s = scaleSpec(Mode::Bilinear, 2);
    s.perDim = true;
    s.scale = {2.0, 1.5, 2.5};  // H: 4 -> 6, W: 4 -> 10
    f.setSpec(s);
    REQUIRE(map->curves().size() == 1);
    CHECK(map->axisCombo()->count() == 2);
    CHECK(map->axisCombo()->currentText() == "W");
    const ResolvedSpec r = resolve(f.w().specDock()->spec(), {1, 1, 4, 4});
    auto sameRows = [](const std::vector<CoordinateRow>& a, const std::vector<CoordinateRow>& b) {
        if (a.size() != b.size()) return false;
        for (std::size_t i = 0; i < a.size(); ++i)
            if (a[i].out != b[i].out || a[i].source != b[i].source || a[i].taps != b[i].taps) return false;
        return true;
    };
    CHECK(sameRows(map->curves()[0].rows, coordinateRows(r, 1, 100)));
    CHECK(map->curves()[0].rows.size() == 10);
    CHECK(map->chart()->series().size() == 6);  // band, source line, taps in four dot sizes
    map->setAxis(0);
    CHECK(sameRows(map->curves()[0].rows, coordinateRows(r, 0, 100)));
    CHECK(map->curves()[0].rows.size() == 6);

    // align_corners overlay: the same call with align_corners flipped.
    CHECK(map->alignOverlayCheck()->isEnabled());
    CHECK_FALSE(map->nearestOverlayCheck()->isEnabled());
    CHECK(map->alignOverlayCheck()->text() == "Overlay align_corners=True");
    map->setOverlayAlignCorners(true);
    REQUIRE(map->curves().size() == 2);
    CHECK_FALSE(map->curves()[0].spec.alignCorners);
    CHECK(map->curves()[1].spec.alignCorners);
    CHECK(map->curves()[1].rows.front().source == 0.0);
    CHECK(map->curves()[1].rows.back().source == Approx(3.0));
    CHECK(map->chart()->series().size() == 12);

    // nearest vs nearest-exact at a non-integer ratio: the picks differ.
    f.setSpec(scaleSpec(Mode::Nearest, 1.7));
    CHECK_FALSE(map->alignOverlayCheck()->isEnabled());
    CHECK(map->nearestOverlayCheck()->isEnabled());
    CHECK(map->curves().size() == 1);
    map->setOverlayNearest(true);
    REQUIRE(map->curves().size() == 2);
    CHECK(map->curves()[1].spec.mode == Mode::NearestExact);
    std::vector<int64_t> nearest, exact;
    for (const auto& row : map->curves()[0].rows) nearest.push_back(row.taps.at(0).first);
    for (const auto& row : map->curves()[1].rows) exact.push_back(row.taps.at(0).first);
    CHECK(nearest == std::vector<int64_t>{0, 0, 1, 1, 2, 2});
    CHECK(exact == std::vector<int64_t>{0, 0, 1, 2, 2, 3});

    // A spec PyTorch refuses: nothing plotted, PyTorch's reason instead.
    f.setSpec(scaleSpec(Mode::Nearest, 0.1));
    CHECK(map->curves().empty());
    CHECK(map->message().contains("Input and output sizes should be greater than 0"));

    f.open("volume");
    CHECK(map->axisCombo()->count() == 3);
    CHECK(map->axisCombo()->itemText(0) == "D");
}

TEST_CASE("Help > The 4x4 Ones Example shows the seed page and loads the ones sample when nothing is open") {
    Fixture f;
    QAction* act = menuAction(f.w(), "The 4x4 Ones Example");
    REQUIRE(act);
    CHECK_FALSE(act->shortcut().isEmpty());
    act->trigger();
    f.w().waitForCompute();
    auto* dialog = f.w().seedExampleDialog();
    REQUIRE(dialog);
    CHECK(dialog->isVisible());
    CHECK(dialog->pageText() == QString::fromStdString(seedExamplePage("ones4x4")));
    REQUIRE(f.w().input());
    CHECK(f.w().input()->tensor.shape() == Shape{1, 1, 4, 4});
    CHECK(f.w().input()->tensor.at(0) == 1.0);
    ExplainDock* ex = explainDock(f.w());
    CHECK(ex->callText() == "nn.UpsamplingBilinear2d(scale_factor=2)");
    CHECK(f.w().specDock()->spec().mode == Mode::Bilinear);
    REQUIRE(f.w().result());
    CHECK(f.w().result()->output.shape() == Shape{1, 1, 8, 8});

    // With something open, the dialog offers to load the example instead of doing it.
    f.open("chart");
    f.w().showSeedExample();
    CHECK(f.w().input()->tensor.shape() == Shape{1, 3, 256, 256});
    dialog->setExample("arange4x4");
    CHECK(dialog->pageText().contains("torch.arange(16.).reshape(1, 1, 4, 4)"));
    // The chart is open, so Show in the Studio asks first; the user says yes.
    int asked = 0;
    f.w().setConfirmHook([&](const QString&, const QString&) { ++asked; return true; });
    dialog->showButton()->click();
    f.w().waitForCompute();
    CHECK(asked == 1);
    CHECK(f.w().input()->tensor.shape() == Shape{1, 1, 4, 4});
    CHECK(f.w().input()->tensor.at(15) == 15.0);
    dialog->close();
}

TEST_CASE("the dock's size note with align_corners=True says the kernel maps by (in-1)/(out-1)") {
    Fixture f;
    f.open("ones");
    ExplainDock* ex = explainDock(f.w());
    ex->setShapeText("1, 1, 5");
    ex->setCallText("F.interpolate(x, scale_factor=1.5, mode='linear', align_corners=True)");
    QApplication::processEvents();
    const QString text = ex->explanationText();
    INFO(text.toStdString());
    CHECK(text.contains(QString::fromUtf8("For 8 pass size=8 (the kernel then maps coordinates by (5\u22121)/(8\u22121) = 4/7, "
                                          "as align_corners=True)")));
    CHECK_FALSE(text.contains("maps coordinates by 5/8"));
}
