// Pillow's Image.resize on mode "F" against real Pillow outputs (tests/golden/libraries/pillow.json).
#include "../support/golden.hpp"
#include "../support/library_golden.hpp"

#include "upsample/conventions.hpp"
#include "upsample/error.hpp"

#include <catch2/catch.hpp>

#include <map>

using namespace upsample;

TEST_CASE("pillow: every golden case of Image.resize", "[pillow][golden]") {
    const auto& cases = libgolden::pillowCases();
    REQUIRE(cases.size() >= 150);
    std::map<std::string, int> passed;
    const auto failures = libgolden::runCases(
        cases, [](const auto& c) { return resizePillow(c.input, c.resize); },
        [](const auto& c) { return pilResampleName(c.resize.resample); }, passed);
    for (const auto& f : failures) UNSCOPED_INFO(f);
    CHECK(failures.empty());
    CHECK(passed.size() == kAllPilResamples.size());
}

TEST_CASE("pillow: names, call text, sizes", "[pillow]") {
    CHECK(pilResampleFromName("Image.Resampling.LANCZOS") == PilResample::Lanczos);
    CHECK(pilResampleFromName("Image.BOX") == PilResample::Box);
    CHECK(pilResampleFromName("ANTIALIAS") == PilResample::Lanczos);
    CHECK_FALSE(pilResampleFromName("bicubic"));
    CHECK(pillowCallText({PilResample::Hamming, 16, 9}) == "img.resize((16, 9), Image.Resampling.HAMMING)");
    const Tensor img = probeInput({2, 3, 5, 4});
    const Tensor out = resizePillow(img, {PilResample::Bilinear, 7, 3});
    CHECK(out.shape() == Shape{2, 3, 3, 7});
    CHECK_THROWS_WITH(resizePillow(img, {PilResample::Bilinear, 0, 3}), "Image.resize: height and width must be > 0");
    // only the width changes: the rows are untouched by a vertical pass
    const Tensor wide = resizePillow(img, {PilResample::Lanczos, 9, 5});
    CHECK(wide.shape() == Shape{2, 3, 5, 9});
    CHECK(golden::compareTensors(resizePillow(img, {PilResample::Lanczos, 4, 5}), img, true).empty());
}
