// core/src/cpu/nearest_exact.cpp: the nearest-exact table (gather kernel shared with nearest).
#include "../support/golden.hpp"

#include "upsample/backend.hpp"
#include "upsample/taps.hpp"

#include <catch2/catch.hpp>

using namespace upsample;

TEST_CASE("nearest-exact: every golden case equals PyTorch bit for bit", "[nearest-exact][golden]") {
    const auto sel = golden::select({"nearest-exact"});
    REQUIRE(sel.size() >= 100);
    const auto failures = golden::runCasesOnCpu(sel);
    for (const auto& f : failures) FAIL_CHECK(f);
    CHECK(failures.empty());
}

TEST_CASE("nearest-exact: floor((d + 0.5) * in/out) differs from nearest at non-integer ratios", "[nearest-exact]") {
    // 3 -> 5: scale 0.6; nearest-exact reads 0,0,1,2,2; nearest reads 0,0,1,1,2
    CHECK(nearestExactTable<float>(3, 5, std::nullopt, false).index == std::vector<int64_t>{0, 0, 1, 2, 2});
    CHECK(nearestTable<float>(3, 5, std::nullopt, false).index == std::vector<int64_t>{0, 0, 1, 1, 2});
}
