// core/src/cpu/area.cpp: adaptive average pooling windows and kernel.
#include "../support/golden.hpp"

#include "upsample/backend.hpp"
#include "upsample/taps.hpp"

#include <catch2/catch.hpp>

using namespace upsample;

TEST_CASE("area: every golden case matches PyTorch", "[area][golden]") {
    const auto sel = golden::select({"area"});
    REQUIRE(sel.size() >= 100);
    const auto failures = golden::runCasesOnCpu(sel);
    for (const auto& f : failures) FAIL_CHECK(f);
    CHECK(failures.empty());
}

TEST_CASE("area: windows are [floor(d*in/out), ceil((d+1)*in/out))", "[area]") {
    const auto t = areaTable<float>(5, 3);
    // d=0: [0, 2), d=1: [1, 4), d=2: [3, 5)
    CHECK(t.tapIndex(0, 0) == 0);
    CHECK(t.tapCount(0) == 2);
    CHECK(t.tapIndex(1, 0) == 1);
    CHECK(t.tapCount(1) == 3);
    CHECK(t.tapIndex(2, 0) == 3);
    CHECK(t.tapCount(2) == 2);
}

TEST_CASE("area: scale_factor is ignored, the mean of each window is taken", "[area]") {
    const std::vector<float> v = {1, 2, 3, 4, 5, 6};
    Spec s;
    s.mode = Mode::Area;
    s.scaleFactor = std::vector<double>{0.5};
    const Tensor y = interpolate(Tensor::fromValues({1, 1, 6}, v), s);
    REQUIRE(y.shape() == Shape{1, 1, 3});
    CHECK(y.at(0) == 1.5);
    CHECK(y.at(1) == 3.5);
    CHECK(y.at(2) == 5.5);
}
