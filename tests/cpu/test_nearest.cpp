// core/src/cpu/nearest.cpp: the nearest table and the gather kernel.
#include "../support/golden.hpp"

#include "upsample/backend.hpp"
#include "upsample/taps.hpp"

#include <catch2/catch.hpp>

using namespace upsample;

TEST_CASE("nearest: every golden case equals PyTorch bit for bit", "[nearest][golden]") {
    const auto sel = golden::select({"nearest"});
    REQUIRE(sel.size() >= 100);
    for (int threads : {1, 2}) {
        CpuBackend cpu(threads);
        const auto failures = golden::runCases(sel, cpu);
        INFO("threads " << threads);
        for (const auto& f : failures) FAIL_CHECK(f);
        CHECK(failures.empty());
    }
}

TEST_CASE("nearest: floor(d * 1/scale), not d >> 1, when out == 2 * in with scale 2.1", "[nearest]") {
    const auto t = nearestTable<float>(5, 10, 2.1);
    const std::vector<int64_t> expected = {0, 0, 0, 1, 1, 2, 2, 3, 3, 4};
    CHECK(t.index == expected);
}

TEST_CASE("nearest: size given uses in/out", "[nearest]") {
    const auto t = nearestTable<float>(3, 7, std::nullopt);  // scale 3/7
    const std::vector<int64_t> expected = {0, 0, 0, 1, 1, 2, 2};
    CHECK(t.index == expected);
}

TEST_CASE("nearest: a 4x4 ones tensor at scale 2 is an 8x8 of ones", "[nearest]") {
    std::vector<float> ones(16, 1.0f);
    const Tensor x = Tensor::fromValues({1, 1, 4, 4}, ones);
    Spec s;
    s.mode = Mode::Nearest;
    s.scaleFactor = std::vector<double>{2.0};
    const Tensor y = interpolate(x, s);
    REQUIRE(y.shape() == Shape{1, 1, 8, 8});
    for (int64_t i = 0; i < y.numel(); ++i) CHECK(y.at(i) == 1.0);
}
