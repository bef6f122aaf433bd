// core/src/analysis.cpp: difference statistics and line profiles.
#include "upsample/analysis.hpp"
#include "upsample/backend.hpp"
#include "upsample/error.hpp"

#include <catch2/catch.hpp>

#include <cmath>

using namespace upsample;

TEST_CASE("analysis: identical tensors have zero error and infinite PSNR", "[analysis]") {
    const std::vector<float> v = {1, 2, NAN, 4};
    const Tensor a = Tensor::fromValues({1, 1, 2, 2}, v);
    const auto s = diffStats(a, a.clone());
    CHECK(s.differing == 0);
    CHECK(s.maxAbs == 0);
    CHECK(std::isinf(s.psnr));
    CHECK(s.psnr > 0);
}

TEST_CASE("analysis: statistics of a known pair", "[analysis]") {
    const std::vector<float> ref = {0, 10, 20, 30};
    const std::vector<float> got = {1, 10, 18, 30};
    const Tensor a = Tensor::fromValues({4}, got), b = Tensor::fromValues({4}, ref);
    const auto s = diffStats(a, b);
    CHECK(s.count == 4);
    CHECK(s.differing == 2);
    CHECK(s.maxAbs == 2);
    CHECK(s.argMaxAbs == 2);
    CHECK(s.meanAbs == 0.75);
    CHECK(s.rmse == Approx(std::sqrt(5.0 / 4.0)));
    CHECK(s.peak == 30);
    CHECK(s.psnr == Approx(20 * std::log10(30.0) - 20 * std::log10(std::sqrt(1.25))));
    const auto p255 = diffStats(a, b, 255.0);
    CHECK(p255.psnr == Approx(20 * std::log10(255.0) - 20 * std::log10(std::sqrt(1.25))));
    const Tensor d = signedDifference(a, b);
    CHECK(d.at(0) == 1);
    CHECK(d.at(2) == -2);
}

TEST_CASE("analysis: a NaN on one side counts as a non-finite mismatch", "[analysis]") {
    const std::vector<float> x = {1, NAN, 3}, y = {1, 2, INFINITY};
    const auto s = diffStats(Tensor::fromValues({3}, x), Tensor::fromValues({3}, y));
    CHECK(s.nonFiniteMismatch == 2);
    CHECK(s.differing == 2);
    CHECK(s.maxAbs == 0);
}

TEST_CASE("analysis: shapes that differ give a clear message", "[analysis]") {
    const std::vector<float> x = {1, 2, 3, 4};
    try {
        diffStats(Tensor::fromValues({1, 1, 4}, x), Tensor::fromValues({1, 1, 2, 2}, x));
        FAIL("expected an error");
    } catch (const Error& e) {
        CHECK(std::string(e.what()) == "cannot compare tensors of different shapes: (1, 1, 4) and (1, 1, 2, 2)");
    }
}

TEST_CASE("analysis: a line profile through a pixel", "[analysis]") {
    std::vector<float> v(16);
    for (int i = 0; i < 16; ++i) v[i] = static_cast<float>(i);
    const Tensor x = Tensor::fromValues({1, 1, 4, 4}, v);
    Spec s;
    s.mode = Mode::Bilinear;
    s.scaleFactor = std::vector<double>{2.0};
    const auto r = resolve(s, x.shape());
    const Tensor y = interpolate(x, r);
    const auto p = lineProfile(r, x, y, 0, {3, 5}, 1);  // along W through output row 3
    REQUIRE(p.input.size() == 1);
    CHECK(p.input[0].coord == std::vector<double>{0, 1, 2, 3});
    CHECK(p.inputLine[0] == 1);  // output row 3 sits at source 1.25 -> input row 1
    CHECK(p.input[0].value == std::vector<double>{4, 5, 6, 7});
    REQUIRE(p.output[0].coord.size() == 8);
    CHECK(p.output[0].coord.front() == -0.25);
    CHECK(p.output[0].coord.back() == 3.25);
    CHECK(p.output[0].value[3] == y.at(3 * 8 + 3));
    const std::string csv = profileCsv(p);
    CHECK(csv.rfind("series,channel,coord,value\ninput,0,0,4\n", 0) == 0);
    CHECK(csv.find("output,0,-0.25,") != std::string::npos);
}
