// core/src/inspect.cpp: the pixel inspector's taps, weights, formulas and sums.
#include "support/golden.hpp"

#include "upsample/backend.hpp"
#include "upsample/inspect.hpp"

#include <catch2/catch.hpp>

using namespace upsample;

namespace {
Tensor ramp(Shape shape) {
    Tensor t(std::move(shape), DType::Float32);
    for (int64_t i = 0; i < t.numel(); ++i) t.data<float>()[i] = static_cast<float>(i);
    return t;
}
Spec spec(Mode m, std::vector<double> scale, std::optional<bool> ac = std::nullopt, bool aa = false) {
    Spec s;
    s.mode = m;
    s.scaleFactor = scale;
    s.alignCorners = ac;
    s.antialias = aa;
    return s;
}
}  // namespace

TEST_CASE("inspect: bilinear 4 -> 8 at output 3 reads inputs 1 and 2 with 0.75 and 0.25", "[inspect]") {
    const Tensor x = ramp({1, 1, 4, 4});
    const auto r = resolve(spec(Mode::Bilinear, {2.0}), x.shape());
    const Tensor y = interpolate(x, r);
    const auto p = inspectPixel(r, x, y, 0, {3, 3});
    REQUIRE(p.axes.size() == 2);
    for (const auto& a : p.axes) {
        CHECK(a.taps == std::vector<int64_t>{1, 2});
        CHECK(a.weights == std::vector<double>{0.75, 0.25});
        CHECK(a.source == 1.25);
        CHECK(a.sourceFormula == "x = (d + 0.5) * scale - 0.5 = (3 + 0.5) * 0.5 - 0.5 = 1.25");
        CHECK(a.scaleFormula == "1/scale_factor = 1/2.0 = 0.5");
    }
    CHECK(p.axes[0].name == "H");
    CHECK(p.axes[1].name == "W");
    REQUIRE(p.channels.size() == 1);
    CHECK(p.channels[0].value == 6.25);  // x[1.25, 1.25] on a ramp 4*h + w
    CHECK(p.channels[0].recomputed == p.channels[0].value);
    CHECK(p.channels[0].sum == "0.75 * (0.75 * 5 + 0.25 * 6) + 0.25 * (0.75 * 9 + 0.25 * 10) = 6.25");
}

TEST_CASE("inspect: nearest shows the single source pixel", "[inspect]") {
    const Tensor x = ramp({1, 2, 3});
    const auto r = resolve(spec(Mode::Nearest, {1.7}), x.shape());
    const Tensor y = interpolate(x, r);
    const auto p = inspectPixel(r, x, y, 0, {4});
    CHECK(p.axes[0].taps == std::vector<int64_t>{2});
    CHECK(p.axes[0].weights == std::vector<double>{1.0});
    CHECK(p.channels.size() == 2);
    CHECK(p.channels[1].value == 5.0);
    CHECK(p.channels[1].sum == "input[2] = 5");
}

TEST_CASE("inspect: area shows its window and the mean", "[inspect]") {
    const Tensor x = ramp({1, 1, 6});
    const auto r = resolve(spec(Mode::Area, {0.5}), x.shape());
    const Tensor y = interpolate(x, r);
    const auto p = inspectPixel(r, x, y, 0, {1});
    CHECK(p.axes[0].taps == std::vector<int64_t>{2, 3});
    CHECK(p.channels[0].value == 2.5);
    CHECK(p.channels[0].sum == "(2 + 3) / 2 = 2.5");
    CHECK(p.axes[0].note == "window [2, 4) of 2 pixels, averaged");
}

TEST_CASE("inspect: antialias shows support, centre and normalised weights", "[inspect]") {
    const Tensor x = ramp({1, 1, 8, 8});
    const auto r = resolve(spec(Mode::Bilinear, {0.25}, std::nullopt, true), x.shape());
    const Tensor y = interpolate(x, r);
    const auto p = inspectPixel(r, x, y, 0, {0, 1});
    const auto& w = p.axes[1];
    REQUIRE(w.support.has_value());
    CHECK(*w.support == 4.0);
    CHECK(*w.center == 6.0);
    double total = 0;
    for (double v : w.weights) total += v;
    CHECK(total == Approx(1.0));
    CHECK(p.channels[0].recomputed == p.channels[0].value);
}

TEST_CASE("inspect: a lanczos pixel names its filter, its support and window", "[inspect][lanczos]") {
    const Tensor x = ramp({1, 1, 12, 12});
    const auto r = resolve(spec(Mode::Lanczos, {0.25}, std::nullopt, true), x.shape());
    const Tensor y = interpolate(x, r);
    const auto p = inspectPixel(r, x, y, 0, {1, 1});
    const auto& w = p.axes[1];
    REQUIRE(w.support.has_value());
    CHECK(*w.support == 12.0);  // 3 * scale 4
    CHECK(*w.center == 6.0);
    CHECK(w.note == "antialias: support 12, window [0, 12), Lanczos-3 (lobes = 3, support 3) filter, weights "
                    "normalised to sum 1");
    CHECK(w.taps.size() == 12);
    CHECK(p.channels[0].recomputed == p.channels[0].value);
}

TEST_CASE("inspect: the written-out sum reproduces every golden output value", "[inspect][golden]") {
    int checked = 0;
    for (const auto& c : golden::cases()) {
        if (c.isError() || c.output->numel() == 0) continue;
        const auto r = resolve(c.spec, c.input.shape());
        const Tensor y = interpolate(c.input, r);
        // the last output pixel of the first batch
        std::vector<int64_t> pos;
        for (int d = 0; d < r.spatialDims; ++d) pos.push_back(r.outSize(d) - 1);
        const auto p = inspectPixel(r, c.input, y, 0, pos);
        for (const auto& ch : p.channels) {
            INFO(c.id << " " << c.call << " channel " << ch.channel << ": " << ch.sum);
            if (std::isnan(ch.value)) CHECK(std::isnan(ch.recomputed));
            else CHECK(ch.recomputed == ch.value);
        }
        ++checked;
    }
    CHECK(checked > 800);
}

TEST_CASE("inspect: output centres on the source axis and the volume slice mapping", "[inspect]") {
    Spec s = spec(Mode::Trilinear, {2.0});
    const auto r = resolve(s, {1, 1, 4, 4, 4});
    CHECK(outputCenterInSource(r, 0, 0) == -0.25);
    CHECK(outputCenterInSource(r, 0, 3) == 1.25);
    CHECK(outputIndexNearestSource(r, 0, 2.0) == 4);  // centre 1.75 vs 2.25 tie -> first
    s.alignCorners = true;
    const auto ra = resolve(s, {1, 1, 4, 4, 4});
    CHECK(outputCenterInSource(ra, 0, 7) == Approx(3.0));
    CHECK(outputIndexNearestSource(ra, 0, 3.0) == 7);
}
