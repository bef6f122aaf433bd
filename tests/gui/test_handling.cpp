// Everyday handling in the studio: arrays as people have them ((L), (H, W), (C, H, W), (D, H, W)),
// feature maps, the size controls, navigation keys, exports and remembered settings.
#include <catch2/catch.hpp>

#include "MainWindow.hpp"
#include "docks/DisplayDock.hpp"
#include "docks/SpecDock.hpp"
#include "session/Settings.hpp"
#include "studio_fixture.hpp"

#include "upsample/npy.hpp"

#include <QRadioButton>

#include <numeric>
#include <vector>

using namespace studio;
using namespace studio::testing;
using namespace upsample;

namespace {
QString writeArray(Fixture& f, const QString& name, const Shape& shape) {
    int64_t n = 1;
    for (int64_t d : shape) n *= d;
    std::vector<float> v(static_cast<std::size_t>(n));
    std::iota(v.begin(), v.end(), 0.0f);
    const QString path = f.dir.filePath(name);
    writeNpy(path.toStdString(), Tensor::fromValues(shape, v));
    return path;
}
}  // namespace

TEST_CASE("an (H, W) array opens as (1, 1, H, W), with the dims added named") {
    Fixture f;
    REQUIRE(f.w().openFile(writeArray(f, "hw.npy", {5, 7})));
    f.w().waitForCompute();
    REQUIRE(f.w().input());
    CHECK(f.w().input()->tensor.shape() == Shape{1, 1, 5, 7});
    CHECK(f.w().input()->fileShape == Shape{5, 7});
    CHECK(f.w().input()->addedDims == "x[None, None]");
    CHECK(f.w().input()->notices.last() == "(5, 7) array read as (H, W): x[None, None] gives (1, 1, 5, 7)");
    CHECK(f.w().input()->tensor.at(34) == 34.0);
    CHECK(f.w().specDock()->spatialDims() == 2);
    REQUIRE(f.w().result());
    CHECK(f.w().result()->output.shape() == Shape{1, 1, 10, 14});
}

TEST_CASE("an (L) array opens as (1, 1, L)") {
    Fixture f;
    REQUIRE(f.w().openFile(writeArray(f, "l.npy", {6})));
    f.w().waitForCompute();
    CHECK(f.w().input()->tensor.shape() == Shape{1, 1, 6});
    CHECK(f.w().input()->notices.last().contains("(L): x[None, None] gives (1, 1, 6)"));
    REQUIRE(f.w().result());
    CHECK(f.w().result()->output.shape() == Shape{1, 1, 12});
}

TEST_CASE("a (C, H, W) array opens as (1, C, H, W), with (D, H, W) and (N, C, L) as choices") {
    Fixture f;
    REQUIRE(f.w().openFile(writeArray(f, "chw.npy", {3, 4, 5})));
    f.w().waitForCompute();
    CHECK(f.w().input()->tensor.shape() == Shape{1, 3, 4, 5});
    CHECK(f.w().input()->addedDims == "x[None]");
    CHECK(f.w().input()->notices.last().startsWith("(3, 4, 5) array read as (C, H, W): x[None] gives (1, 3, 4, 5)"));
    CHECK(f.w().input()->readingIsAmbiguous());
    REQUIRE(f.w().result());
    CHECK(f.w().result()->output.shape() == Shape{1, 3, 8, 10});

    REQUIRE(f.w().rereadAs(ArrayReading::DepthHW));
    f.w().waitForCompute();
    CHECK(f.w().input()->tensor.shape() == Shape{1, 1, 3, 4, 5});
    CHECK(f.w().specDock()->spatialDims() == 3);
    REQUIRE(f.w().result());
    CHECK(f.w().result()->output.shape() == Shape{1, 1, 6, 8, 10});

    REQUIRE(f.w().rereadAs(ArrayReading::AsPyTorch));
    f.w().waitForCompute();
    CHECK(f.w().input()->tensor.shape() == Shape{3, 4, 5});
    CHECK(f.w().input()->addedDims.isEmpty());
    REQUIRE(f.w().result());
    CHECK(f.w().result()->output.shape() == Shape{3, 4, 10});
}

TEST_CASE("a many-channel tensor opens one channel at a time, through a colour map") {
    Fixture f;
    REQUIRE(f.w().openFile(writeArray(f, "features.npy", {1, 16, 4, 4})));
    f.w().waitForCompute();
    const DisplayOptions o = f.w().displayDock()->options();
    CHECK_FALSE(o.slice.rgb);
    CHECK(o.slice.channel == 0);
    CHECK(o.colorMap == ColorMap::Viridis);
    // A 3-channel tensor is still shown as RGB.
    REQUIRE(f.w().openFile(writeArray(f, "rgb.npy", {1, 3, 4, 4})));
    CHECK(f.w().displayDock()->options().slice.rgb);
}

TEST_CASE("choosing size starts at the current output size") {
    Fixture f;
    REQUIRE(f.w().openFile(writeArray(f, "hw.npy", {50, 70})));
    f.w().waitForCompute();
    SpecState s = f.w().specDock()->state();
    s.scale = {3.0, 3.0, 3.0};
    f.setSpec(s);
    f.w().specDock()->sizeRadio()->click();
    f.w().waitForCompute();
    const SpecState now = f.w().specDock()->state();
    CHECK(now.useSize);
    CHECK(now.perDim);
    CHECK(now.size[1] == 150);
    CHECK(now.size[2] == 210);
    REQUIRE(f.w().result());
    CHECK(f.w().result()->output.shape() == Shape{1, 1, 150, 210});
}
