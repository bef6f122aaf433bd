// core/src/spec.cpp: resolving specs, output shapes, kernel scales and PyTorch's errors.
#include "support/golden.hpp"

#include "upsample/error.hpp"
#include "upsample/spec.hpp"

#include <catch2/catch.hpp>

using namespace upsample;

TEST_CASE("spec: every golden error case raises PyTorch's exception type and message", "[spec][golden]") {
    int errors = 0;
    for (const auto& c : golden::cases()) {
        if (!c.isError()) continue;
        ++errors;
        INFO(c.id << ": " << c.call << " on " << formatShape(c.input.shape()));
        try {
            resolve(c.spec, c.input.shape());
            FAIL_CHECK("no error; PyTorch raised " << c.errorType << ": " << c.errorMessage);
        } catch (const SpecError& e) {
            CHECK(std::string(pyErrorTypeName(e.pyType())) == c.errorType);
            CHECK(std::string(e.what()) == c.errorMessage);
        }
    }
    CHECK(errors >= 40);
}

TEST_CASE("spec: every golden success resolves to PyTorch's output shape", "[spec][golden]") {
    for (const auto& c : golden::cases()) {
        if (c.isError()) continue;
        INFO(c.id << ": " << c.call);
        CHECK(resolve(c.spec, c.input.shape()).outputShape == c.output->shape());
    }
}

TEST_CASE("spec: recompute_scale_factor changes the kernel scale (in=5, scale 1.7)", "[spec]") {
    Spec s;
    s.mode = Mode::Linear;
    s.scaleFactor = std::vector<double>{1.7};
    const auto plain = resolve(s, {1, 1, 5});
    CHECK(plain.outputShape == Shape{1, 1, 8});
    REQUIRE(plain.scales[0].has_value());
    CHECK(*plain.scales[0] == 1.7);
    s.recomputeScaleFactor = true;
    const auto re = resolve(s, {1, 1, 5});
    CHECK(re.outputShape == Shape{1, 1, 8});
    CHECK_FALSE(re.scales[0].has_value());
    CHECK(re.recomputed);
}

TEST_CASE("spec: the zero-size error names input and output sizes", "[spec]") {
    Spec s;
    s.mode = Mode::Nearest;
    s.size = std::vector<int64_t>{0};
    try {
        resolve(s, {1, 1, 5, 5});
        FAIL("expected SizeError");
    } catch (const SizeError& e) {
        CHECK(std::string(e.what()) ==
              "Input and output sizes should be greater than 0, but got input (H: 5, W: 5) output (H: 0, W: 0)");
        CHECK(e.inputSizes() == std::vector<int64_t>{5, 5});
        CHECK(e.outputSizes() == std::vector<int64_t>{0, 0});
    }
}

TEST_CASE("spec: area with an output size of 0 gives an empty result, as PyTorch 1.13 does", "[spec]") {
    Spec s;
    s.mode = Mode::Area;
    s.scaleFactor = std::vector<double>{0.1};
    const auto r = resolve(s, {1, 1, 5, 5});
    CHECK(r.outputShape == Shape{1, 1, 0, 0});
    CHECK(r.emptyOutput());
}

TEST_CASE("spec: modes and the options they allow", "[spec]") {
    CHECK(modesForSpatialDims(1) == std::vector<Mode>{Mode::Nearest, Mode::NearestExact, Mode::Linear, Mode::Area});
    CHECK(modesForSpatialDims(2) ==
          std::vector<Mode>{Mode::Nearest, Mode::NearestExact, Mode::Bilinear, Mode::Bicubic, Mode::Area, Mode::Lanczos});
    CHECK(modesForSpatialDims(3) == std::vector<Mode>{Mode::Nearest, Mode::NearestExact, Mode::Trilinear, Mode::Area});
    CHECK(modeAllowsAntialias(Mode::Bicubic));
    CHECK_FALSE(modeAllowsAntialias(Mode::Trilinear));
    CHECK(modeAllowsAlignCorners(Mode::Linear));
    CHECK_FALSE(modeAllowsAlignCorners(Mode::NearestExact));
    CHECK_FALSE(modeAllowsAlignCorners(Mode::Lanczos));  // False only
    CHECK(modeAllowsAntialias(Mode::Lanczos));
    CHECK(modeRequiresAntialias(Mode::Lanczos));
    CHECK_FALSE(modeRequiresAntialias(Mode::Bilinear));
    CHECK(modeFromName("nearest-exact") == Mode::NearestExact);
    CHECK_FALSE(modeFromName("cubic").has_value());
}

TEST_CASE("spec: Python float repr and the equivalent call", "[spec]") {
    CHECK(pyFloatRepr(2.0) == "2.0");
    CHECK(pyFloatRepr(1.7) == "1.7");
    CHECK(pyFloatRepr(0.1) == "0.1");
    CHECK(pyFloatRepr(1e16) == "1e+16");
    CHECK(pyFloatRepr(1e-5) == "1e-05");
    CHECK(pyFloatRepr(123456.5) == "123456.5");
    Spec s;
    s.mode = Mode::Bilinear;
    s.scaleFactor = std::vector<double>{2.0};
    s.alignCorners = true;
    CHECK(toPythonCall(s) == "F.interpolate(x, scale_factor=2.0, mode='bilinear', align_corners=True)");
    Spec t;
    t.mode = Mode::Bicubic;
    t.size = std::vector<int64_t>{7, 9};
    t.sizeIsSequence = true;
    t.antialias = true;
    CHECK(toPythonCall(t) == "F.interpolate(x, size=(7, 9), mode='bicubic', antialias=True)");
}
