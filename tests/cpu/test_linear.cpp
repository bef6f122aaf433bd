// core/src/cpu/linear.cpp: linear/bilinear/trilinear tables and the nested tap kernel.
#include "../support/golden.hpp"

#include "upsample/backend.hpp"
#include "upsample/taps.hpp"

#include <catch2/catch.hpp>

using namespace upsample;

TEST_CASE("linear family: every golden case matches PyTorch", "[linear][golden]") {
    const auto sel = golden::select({"linear", "bilinear", "trilinear"}, false);
    REQUIRE(sel.size() >= 200);
    const auto failures = golden::runCasesOnCpu(sel);
    for (const auto& f : failures) FAIL_CHECK(f);
    CHECK(failures.empty());
}

TEST_CASE("linear: 4 -> 8 without align_corners, output 3 reads 1 and 2 with 0.75 / 0.25", "[linear]") {
    const auto t = linearTable<float>(4, 8, false, std::nullopt, IndexPrecision::Opmath);
    CHECK(t.tapIndex(3, 0) == 1);
    CHECK(t.tapIndex(3, 1) == 2);
    CHECK(t.tapWeight(3, 0) == 0.75f);
    CHECK(t.tapWeight(3, 1) == 0.25f);
    // output 0: x = -0.25 clamped to 0
    CHECK(t.tapIndex(0, 0) == 0);
    CHECK(t.tapWeight(0, 0) == 1.0f);
}

TEST_CASE("linear: align_corners maps ends onto ends", "[linear]") {
    const auto t = linearTable<double>(4, 7, true, std::nullopt, IndexPrecision::Opmath);  // scale 3/6 = 0.5
    CHECK(t.tapIndex(6, 0) == 3);
    CHECK(t.tapWeight(6, 0) == 1.0);
    CHECK(t.tapIndex(3, 0) == 1);
    CHECK(t.tapWeight(3, 1) == 0.5);
}

TEST_CASE("linear: out == in copies even when a scale_factor is passed", "[linear]") {
    const auto t = linearTable<float>(5, 5, false, 1.1, IndexPrecision::Opmath);
    for (int64_t d = 0; d < 5; ++d) {
        CHECK(t.tapIndex(d, 0) == d);
        CHECK(t.tapWeight(d, 0) == 1.0f);
    }
}

TEST_CASE("bilinear: UpsamplingBilinear2d(scale_factor=2) on ones(1,1,4,4) is (1,1,8,8) of ones", "[linear]") {
    std::vector<float> ones(16, 1.0f);
    Spec s;
    s.mode = Mode::Bilinear;
    s.scaleFactor = std::vector<double>{2.0};
    s.alignCorners = true;
    const Tensor y = interpolate(Tensor::fromValues({1, 1, 4, 4}, ones), s);
    REQUIRE(y.shape() == Shape{1, 1, 8, 8});
    for (int64_t i = 0; i < y.numel(); ++i) CHECK(y.at(i) == 1.0);
}

#include "../support/reference.hpp"

TEST_CASE("linear family: the row kernels equal the per-pixel sum on larger tensors", "[linear]") {
    struct C {
        Mode mode;
        Shape shape;
        std::vector<int64_t> size;
        bool ac;
    };
    const std::vector<C> cases = {
        {Mode::Trilinear, {2, 3, 9, 17, 13}, {14, 9, 30}, false},
        {Mode::Trilinear, {1, 2, 5, 4, 7}, {9, 13, 8}, true},
        {Mode::Trilinear, {1, 2, 12, 9, 10}, {5, 17, 21}, false},  // D downscaled: no H pass kept
        {Mode::Trilinear, {3, 1, 4, 6, 5}, {11, 6, 9}, false},      // D upscaled: H passes kept per plane
        {Mode::Bilinear, {2, 2, 37, 53}, {80, 41}, false},
        {Mode::Bilinear, {1, 3, 20, 20}, {61, 7}, true},
        {Mode::Linear, {3, 2, 101}, {257}, false},
    };
    for (const auto& c : cases) {
        Spec s;
        s.mode = c.mode;
        s.size = c.size;
        s.sizeIsSequence = c.size.size() > 1;
        s.alignCorners = c.ac;
        const Tensor x = reference::randomTensor(c.shape, 7);
        const auto r = resolve(s, x.shape());
        for (int threads : {1, 2, 3}) {
            const Tensor y = interpolate(x, r, RunOptions{BackendKind::Cpu, threads});
            INFO(toPythonCall(s) << " on " << formatShape(c.shape) << ", " << threads << " threads");
            CHECK(reference::checkEveryPixel(r, x, y) == "");
        }
    }
}
