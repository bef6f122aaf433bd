// core/src/analysis.cpp: difference statistics and line profiles.
#include "upsample/analysis.hpp"
#include "upsample/backend.hpp"
#include "upsample/error.hpp"

#include <catch2/catch.hpp>

#include <cmath>
#include <iomanip>

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

// ---- statistics, histograms, precision-aware ranges, overshoot, pairs of different sizes ----

namespace {
// 300 values on a 1/8 grid (exact in float32), many of them on the histogram's edges.
std::vector<float> gridValues() {
    std::vector<float> v;
    for (int i = 0; i < 300; ++i) v.push_back(static_cast<float>(((i * 37) % 101) / 8.0 - 3));
    return v;
}
}  // namespace

TEST_CASE("analysis: histograms match NumPy's np.histogram, edges included", "[analysis][histogram]") {
    const std::vector<float> v = gridValues();
    const Tensor t = Tensor::fromValues({1, 1, 15, 20}, v);
    // Expected counts from NumPy 1.24: np.histogram(v, bins=7) and bins=10 on the same float32 values,
    // np.histogram(v, bins=5, range=(0.0, 4.0)), and v.astype(float64) / 3 with bins=7.
    const Histogram h7 = channelHistogram(t, 0, 0, 7);
    CHECK(h7.counts == std::vector<int64_t>{45, 41, 42, 45, 41, 42, 44});
    CHECK(h7.low == -3);
    CHECK(h7.high == 9.5);
    CHECK(channelHistogram(t, 0, 0, 10).counts == std::vector<int64_t>{30, 30, 29, 30, 30, 30, 29, 30, 30, 32});
    const Histogram r = channelHistogram(t, 0, 0, 5, std::make_pair(0.0, 4.0));
    CHECK(r.counts == std::vector<int64_t>{20, 18, 21, 18, 21});
    CHECK(r.below == 72);
    CHECK(r.above == 130);
    std::vector<double> third;
    for (float x : v) third.push_back(static_cast<double>(x) / 3);
    CHECK(valuesHistogram(third, DType::Float64, 7).counts == std::vector<int64_t>{45, 41, 42, 45, 41, 42, 44});
    // A direct count: every finite value in exactly one bin.
    int64_t total = 0;
    for (int64_t c : h7.counts) total += c;
    CHECK(total == 300);
}

TEST_CASE("analysis: per-channel statistics with NaN and Inf counted apart", "[analysis][stats]") {
    const std::vector<double> v = {1, 2, 3, 4, NAN, INFINITY, -INFINITY, 10};
    const Tensor t = Tensor::fromValues({1, 2, 2, 2}, v);
    const ValueStats a = channelStats(t, 0, 0);
    CHECK(a.count == 4);
    CHECK(a.finite == 4);
    CHECK(a.min == 1);
    CHECK(a.max == 4);
    CHECK(a.mean == 2.5);
    CHECK(a.std == Approx(std::sqrt(1.25)).epsilon(1e-15));
    const ValueStats b = channelStats(t, 0, 1);
    CHECK(b.nan == 1);
    CHECK(b.posInf == 1);
    CHECK(b.negInf == 1);
    CHECK(b.finite == 1);
    CHECK(b.min == 10);
    CHECK(b.std == 0);
    CHECK_THROWS_AS(channelStats(t, 0, 2), Error);
}

TEST_CASE("analysis: a picture constant to float precision is called constant and drawn flat", "[analysis][range]") {
    // bicubic with align_corners=True on ones: float rounding gives values a few ulps from 1.
    Spec spec;
    spec.mode = Mode::Bicubic;
    spec.alignCorners = true;
    spec.size = std::vector<int64_t>{7, 7};
    std::vector<float> ones(16, 1.0f);
    const Tensor y = interpolate(Tensor::fromValues({1, 1, 4, 4}, ones), spec);
    REQUIRE(y.dim(2) == 7);
    const ValueStats s = tensorStats(y);
    INFO(std::setprecision(9) << s.min << " " << s.max);
    const DisplayRange r = precisionAwareRange(s.min, s.max, DType::Float32);
    CHECK(r.constant);
    CHECK(r.center == 1);
    CHECK(r.low == 0);
    CHECK(r.high == 1);
    CHECK(r.spread == std::max(s.max - 1, 1 - s.min));
    CHECK(r.note.rfind("constant 1", 0) == 0);
    // A real ramp is left alone; a span of 2 ulps of 1000 is constant, 200 ulps is not.
    CHECK_FALSE(precisionAwareRange(0, 15, DType::Float32).constant);
    CHECK(precisionAwareRange(0, 15, DType::Float32).low == 0);
    CHECK(precisionAwareRange(0, 15, DType::Float32).high == 15);
    const double u = ulpOf(1000, DType::Float32);
    CHECK(u == 6.103515625e-05);
    CHECK(precisionAwareRange(1000, 1000 + 2 * u, DType::Float32).constant);
    CHECK(precisionAwareRange(1000, 1000 + 2 * u, DType::Float32).note.rfind("constant 1000 ± 0.0002 (equal to float32", 0) == 0);
    CHECK_FALSE(precisionAwareRange(1000, 1000 + 200 * u, DType::Float32).constant);
    // float64 tells far smaller spans apart.
    CHECK_FALSE(precisionAwareRange(1, 1 + 1e-9, DType::Float64).constant);
    CHECK(precisionAwareRange(1, 1 + 1e-9, DType::Float32).constant);
    // Constant negative values draw at the low end: [value, 0].
    CHECK(precisionAwareRange(-2, -2, DType::Float32).low == -2);
    CHECK(precisionAwareRange(-2, -2, DType::Float32).high == 0);
}

TEST_CASE("analysis: percentile range and difference range", "[analysis][range]") {
    std::vector<double> v;
    for (int i = 0; i < 200; ++i) v.push_back(i);
    v.push_back(NAN);
    const auto r = percentileRange(v, DType::Float32);
    REQUIRE(r);
    // np.percentile(np.arange(200), [0.5, 99.5]) = [0.995, 198.005]
    CHECK(r->low == Approx(0.995).epsilon(1e-12));
    CHECK(r->high == Approx(198.005).epsilon(1e-12));
    CHECK_FALSE(percentileRange({NAN}, DType::Float32));
    // Differences of 3e-5 between values near 255 are float32 rounding (ulp(255) = 1.5e-5).
    const DifferenceRange d = differenceRange(3.0517578125e-05, 255, DType::Float32);
    CHECK(d.withinPrecision);
    CHECK(d.floor == 16 * 1.52587890625e-05);
    CHECK(d.limit == d.floor);
    CHECK(d.note.find("identical to float32 precision") == 0);
    const DifferenceRange big = differenceRange(2, 255, DType::Float32);
    CHECK_FALSE(big.withinPrecision);
    CHECK(big.limit == 2);
}

TEST_CASE("analysis: overshoot counts match a direct count, bicubic names A", "[analysis][overshoot]") {
    // A step edge: bicubic rings on both sides of it.
    std::vector<float> step;
    for (int y = 0; y < 6; ++y)
        for (int x = 0; x < 6; ++x) step.push_back(x < 3 ? 0.0f : 1.0f);
    const Tensor in = Tensor::fromValues({1, 1, 6, 6}, step);
    Spec spec;
    spec.mode = Mode::Bicubic;
    spec.scaleFactor = std::vector<double>{2.0, 2.0};
    const ResolvedSpec resolved = resolve(spec, in.shape());
    const Tensor out = interpolate(in, resolved);
    const OvershootReport r = overshootReport(in, out, &resolved);
    int64_t below = 0, above = 0;
    double maxBelow = 0, maxAbove = 0, lo = 1e9, hi = -1e9;
    for (int64_t i = 0; i < out.numel(); ++i) {
        const double v = out.at(i);
        lo = std::min(lo, v);
        hi = std::max(hi, v);
        if (v < 0) {
            ++below;
            maxBelow = std::max(maxBelow, -v);
        }
        if (v > 1) {
            ++above;
            maxAbove = std::max(maxAbove, v - 1);
        }
    }
    REQUIRE(below > 0);
    CHECK(r.below == below);
    CHECK(r.above == above);
    CHECK(r.maxBelow == maxBelow);
    CHECK(r.maxAbove == maxAbove);
    CHECK(r.outMin == lo);
    CHECK(r.outMax == hi);
    CHECK(r.inMin == 0);
    CHECK(r.inMax == 1);
    REQUIRE(r.cubicA);
    CHECK(*r.cubicA == -0.75);
    CHECK_FALSE(r.roundingOnly);
    CHECK(r.summary.find("A = -0.75") != std::string::npos);
    CHECK(static_cast<int64_t>(valuesOutside(out, 0, 1, 1000000).size()) == below + above);
    // Bilinear stays within the input's range.
    spec.mode = Mode::Bilinear;
    const ResolvedSpec lin = resolve(spec, in.shape());
    const OvershootReport l = overshootReport(in, interpolate(in, lin), &lin);
    CHECK(l.outside() == 0);
    CHECK_FALSE(l.cubicA);
    CHECK(l.summary.find("no value outside") != std::string::npos);
}

TEST_CASE("analysis: a pair of different sizes aligned by source position", "[analysis]") {
    const std::vector<float> v = {1, 2, 3, 4};
    const Tensor b = Tensor::fromValues({1, 1, 2, 2}, v);
    const Tensor a = alignBySourcePosition(b, {1, 1, 4, 4});
    // Each 2x2 block of the 4x4 grid covers one pixel of b.
    CHECK(a.at(0) == 1);
    CHECK(a.at(1) == 1);
    CHECK(a.at(2) == 2);
    CHECK(a.at(5) == 1);
    CHECK(a.at(10) == 4);
    CHECK(a.at(15) == 4);
    CHECK(a.at(8) == 3);
    // 3 wide from 2: centres 0.5/3·2 = 0.33 -> 0, 1.5/3·2 = 1 -> 1, 2.5/3·2 = 1.67 -> 1.
    const Tensor c = alignBySourcePosition(b, {1, 1, 2, 3});
    CHECK(c.at(0) == 1);
    CHECK(c.at(1) == 2);
    CHECK(c.at(2) == 2);
    CHECK_THROWS_AS(alignBySourcePosition(b, {1, 2, 4, 4}), Error);
}

TEST_CASE("analysis: uint8 pairs (nearest results of a uint8 input) difference in float32", "[analysis]") {
    const std::vector<uint8_t> av{0, 10, 200, 255}, bv{5, 10, 100, 0};
    const Tensor a = Tensor::fromValues({1, 1, 2, 2}, av), b = Tensor::fromValues({1, 1, 2, 2}, bv);
    const Tensor d = signedDifference(a, b);
    CHECK(d.dtype() == DType::Float32);
    CHECK(d.at(0) == -5.0);  // negative, not wrapped around
    CHECK(d.at(1) == 0.0);
    CHECK(d.at(2) == 100.0);
    CHECK(d.at(3) == 255.0);
    // B on a 4x4 grid by source position keeps its dtype and values.
    const Tensor up = alignBySourcePosition(b, {1, 1, 4, 4});
    CHECK(up.dtype() == DType::UInt8);
    CHECK(up.at(0) == 5.0);
    CHECK(up.at(15) == 0.0);
    CHECK(up.at(10) == 0.0);  // (2, 2) reads b's (1, 1)
    CHECK(up.at(8) == 100.0);  // (2, 0) reads b's (1, 0)
}

TEST_CASE("psnrPeak: one peak per input, stated, diffStats carries it", "[analysis][psnr]") {
    const std::vector<float> v = {-2.5f, 1.0f, NAN, 4.0f};
    const Tensor x = Tensor::fromValues({1, 1, 2, 2}, v);
    const PsnrPeak range = psnrPeak(x);
    CHECK(range.value == 6.5);  // max − min of the finite values
    CHECK(range.rule == "the input's range, max − min");
    CHECK(psnrPeak(x, 8).value == 255);
    CHECK(psnrPeak(x, 8).rule == "the 8-bit input's maximum");
    CHECK(psnrPeak(x, 16).value == 65535);
    const std::vector<uint8_t> bytes = {0, 7};
    CHECK(psnrPeak(Tensor::fromValues({1, 1, 1, 2}, bytes)).value == 255);
    const std::vector<float> flat = {3, 3};
    CHECK(psnrPeak(Tensor::fromValues({1, 1, 1, 2}, flat)).value == 1);
    // A against B and B against A: the same peak and PSNR (the reference's range would differ: 6 vs 4).
    const std::vector<float> a = {0, 1, 2, 4}, b = {0, 1, 2, -4};
    const Tensor ta = Tensor::fromValues({1, 1, 2, 2}, a), tb = Tensor::fromValues({1, 1, 2, 2}, b);
    const DiffStats ab = diffStats(ta, tb, range), ba = diffStats(tb, ta, range);
    CHECK(ab.peak == 6.5);
    CHECK(ab.psnr == ba.psnr);
    CHECK(ab.psnr == Approx(20 * std::log10(6.5 / 4.0)));  // RMSE = sqrt(64 / 4) = 4
    CHECK(ab.peakRule == range.rule);
    CHECK(diffStats(ta, tb).peak != diffStats(tb, ta).peak);  // what one rule avoids
}
