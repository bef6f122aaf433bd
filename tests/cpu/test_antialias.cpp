// core/src/cpu/antialias.cpp: antialias windows, normalised weights and the separable passes.
#include "../support/golden.hpp"

#include "upsample/backend.hpp"
#include "upsample/taps.hpp"

#include <catch2/catch.hpp>

using namespace upsample;

TEST_CASE("antialias: every golden case matches PyTorch", "[antialias][golden]") {
    const auto sel = golden::select({"bilinear", "bicubic"}, true);
    REQUIRE(sel.size() >= 40);
    const auto failures = golden::runCasesOnCpu(sel);
    for (const auto& f : failures) FAIL_CHECK(f);
    CHECK(failures.empty());
}

TEST_CASE("antialias: bilinear 8 -> 2 has a support of 4 and triangle weights", "[antialias]") {
    const auto t = antialiasTable<double>(8, 2, false, std::nullopt, 2, CubicFilterForm::Convolution);
    // scale 4, support 4, center 2: window [0, 6); weights f((j - 2 + 0.5) / 4), normalised
    CHECK(t.tapIndex(0, 0) == 0);
    CHECK(t.tapCount(0) == 6);
    double raw[6], total = 0;
    for (int j = 0; j < 6; ++j) {
        const double x = std::fabs((j - 2.0 + 0.5) / 4.0);
        raw[j] = x < 1 ? 1 - x : 0;
        total += raw[j];
    }
    for (int j = 0; j < 6; ++j) CHECK(t.tapWeight(0, j) == Approx(raw[j] / total).epsilon(1e-12));
}

TEST_CASE("antialias: an axis that keeps its size is still resampled, with weights 1 and 0", "[antialias]") {
    // bilinear: support 1, output 2 reads inputs 2 and 3 with weights 1 and 0 (so a NaN or Inf
    // at input 3 still reaches output 2 as NaN, as in PyTorch)
    const auto t = antialiasTable<float>(5, 5, false, std::nullopt, 2, CubicFilterForm::Convolution);
    CHECK_FALSE(t.skip);
    CHECK(t.tapIndex(2, 0) == 2);
    CHECK(t.tapCount(2) == 2);
    CHECK(t.tapWeight(2, 0) == 1.0f);
    CHECK(t.tapWeight(2, 1) == 0.0f);
}

#include "../support/reference.hpp"

TEST_CASE("antialias: the row kernels equal the per-pixel sum on larger tensors", "[antialias]") {
    for (Mode m : {Mode::Bilinear, Mode::Bicubic}) {
        for (auto size : {std::vector<int64_t>{13, 29}, std::vector<int64_t>{70, 9}}) {
            Spec s;
            s.mode = m;
            s.size = size;
            s.sizeIsSequence = true;
            s.antialias = true;
            const Tensor x = reference::randomTensor({2, 3, 37, 101}, 5);
            const auto r = resolve(s, x.shape());
            for (int threads : {1, 2}) {
                const Tensor y = interpolate(x, r, RunOptions{BackendKind::Cpu, threads});
                INFO(toPythonCall(s) << ", " << threads << " threads");
                CHECK(reference::checkEveryPixel(r, x, y) == "");
            }
        }
    }
}
