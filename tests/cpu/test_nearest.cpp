// core/src/cpu/nearest.cpp: the nearest table and the gather kernel.
#include "../support/golden.hpp"

#include "upsample/backend.hpp"
#include "upsample/taps.hpp"

#include <catch2/catch.hpp>

using namespace upsample;

TEST_CASE("nearest: every golden case equals PyTorch bit for bit", "[nearest][golden]") {
    const auto sel = golden::select({"nearest"});
    REQUIRE(sel.size() >= 100);
    const auto failures = golden::runCasesOnCpu(sel);
    for (const auto& f : failures) FAIL_CHECK(f);
    CHECK(failures.empty());
}

TEST_CASE("nearest: scale 2.1 with out == 2 * in: generic floor(d / 2.1), channels-last d >> 1", "[nearest]") {
    // PyTorch 1.13 takes its channels-last kernels for channels-last contiguous inputs (C == 1).
    CHECK(nearestTable<float>(5, 10, 2.1, false).index == std::vector<int64_t>{0, 0, 0, 1, 1, 2, 2, 3, 3, 4});
    CHECK(nearestTable<float>(5, 10, 2.1, true).index == std::vector<int64_t>{0, 0, 1, 1, 2, 2, 3, 3, 4, 4});
    // out == in with scale 1.1: the generic kernel still scales, the channels-last one copies
    CHECK(nearestTable<float>(5, 5, 1.1, false).index == std::vector<int64_t>{0, 0, 1, 2, 3});
    CHECK(nearestTable<float>(5, 5, 1.1, true).index == std::vector<int64_t>{0, 1, 2, 3, 4});
}

TEST_CASE("nearest: which inputs PyTorch runs through its channels-last kernels", "[nearest]") {
    CHECK(isChannelsLastContiguous({1, 1, 5, 5}));
    CHECK(isChannelsLastContiguous({2, 1, 5, 5, 5}));
    CHECK(isChannelsLastContiguous({1, 3, 1, 1}));
    CHECK_FALSE(isChannelsLastContiguous({1, 2, 5, 5}));
    CHECK_FALSE(isChannelsLastContiguous({1, 1, 5}));
}

TEST_CASE("nearest: size given uses in/out", "[nearest]") {
    const auto t = nearestTable<float>(3, 7, std::nullopt, false);  // scale 3/7
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
