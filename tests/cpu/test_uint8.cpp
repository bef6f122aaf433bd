// uint8 bilinear and bicubic in fixed point, as PyTorch 2.x computes them (tests/golden/torch-*/
// uint8.json, from real PyTorch by tests/golden/generate_uint8.py): byte for byte in the newer
// version, refused word for word in the older one and in the modes neither computes.
#include "../support/golden.hpp"
#include "../support/uint8_golden.hpp"

#include "upsample/backend.hpp"
#include "upsample/error.hpp"
#include "upsample/fixed_point.hpp"
#include "upsample/inspect.hpp"
#include "upsample/spec.hpp"

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include <map>
#include <string>
#include <vector>

using namespace upsample;
using nlohmann::json;

namespace {
using namespace uint8golden;

// "" when interpolate() on the backend gives the golden's bytes or its error, else the difference.
std::string runCase(const json& c, const RunOptions& o) {
    const json& err = c.at("error");
    try {
        const Tensor y = interpolate(inputOf(c), specOf(c), o);
        if (!err.is_null()) return "no error; PyTorch: " + err.at("message").get<std::string>();
        return differences(y, c);
    } catch (const SpecError& e) {
        if (err.is_null()) return std::string("error ") + e.what() + "; PyTorch computes it";
        const std::string got = std::string(pyErrorTypeName(e.pyType())) + ": " + e.what();
        const std::string want = err.at("type").get<std::string>() + ": " + err.at("message").get<std::string>();
        return got == want ? "" : "got " + got + "; PyTorch " + want;
    }
}

}  // namespace

TEST_CASE("uint8: bilinear and bicubic equal PyTorch byte for byte, every option, C and layout", "[uint8][golden]") {
    std::map<std::string, int> byKind;
    int layoutOnly = 0;
    for (const json& c : goldenCases()) {
        if (c.at("output").is_null()) continue;
        if (layoutDecides(c)) {
            ++layoutOnly;
            continue;
        }
        for (int threads : {1, 3}) {
            INFO(c.at("id").get<std::string>() << ": " << c.at("call").get<std::string>() << " threads " << threads);
            RunOptions o;
            o.backend = BackendKind::Cpu;
            o.threads = threads;
            CHECK(runCase(c, o) == "");
        }
        ++byKind[c.at("mode").get<std::string>() + (c.at("antialias").get<bool>() ? " aa" : "") +
                 (c.at("align_corners") == true ? " ac" : "") + " C" + std::to_string(c.at("input_shape")[1].get<int>()) +
                 " " + c.at("layout").get<std::string>()];
    }
    // every mode x antialias x align_corners x C x layout of the grid
    CHECK(byKind.size() >= 64);
    CHECK(layoutOnly <= 4);
    for (const auto& [kind, n] : byKind) {
        INFO(kind);
        CHECK(n >= 1);
    }
}

TEST_CASE("uint8: the refusals are PyTorch's word for word (all of bilinear and bicubic in the older version)",
          "[uint8][golden][errors]") {
    std::map<std::string, int> byVersion;
    for (const json& c : goldenCases()) {
        if (c.at("error").is_null()) continue;
        INFO(c.at("id").get<std::string>() << ": " << c.at("call").get<std::string>());
        if (layoutDecides(c)) {  // refused all the same, naming the generic kernel
            CHECK_THROWS_AS(interpolate(inputOf(c), specOf(c)), SpecError);
            continue;
        }
        CHECK(runCase(c, RunOptions{}) == "");
        ++byVersion[c.at("torch").get<std::string>()];
    }
    CHECK(byVersion["1.13"] >= 250);
    CHECK(byVersion["2.14"] >= 10);
}

TEST_CASE("uint8: fixed-point weights of bilinear x2 (p = 14, int16 = w * 2^14)", "[uint8][weights]") {
    const fixedpoint::AxisFilter f = fixedpoint::axisFilter(4, 8, false, 2.0, /*cubic=*/false, /*antialias=*/false);
    CHECK(f.taps == 2);
    CHECK(f.precision == 14);  // the largest weight is 1 (output 0 reads input 0 alone)
    REQUIRE(f.start.size() == 8);
    // output 1: x = 0.25 -> inputs 0 and 1 with 0.75 and 0.25
    CHECK(f.start[1] == 0);
    CHECK(f.count[1] == 2);
    CHECK(f.fixedOf(1)[0] == 12288);
    CHECK(f.fixedOf(1)[1] == 4096);
    // output 7: x = 3.25 -> input 3 alone (its neighbour past the end folded into it)
    CHECK(f.start[7] == 3);
    CHECK(f.count[7] == 1);
    CHECK(f.fixedOf(7)[0] == 16384);
    CHECK(f.fixedOf(7)[1] == 0);
}

TEST_CASE("uint8: bicubic folds the taps outside the axis and rounds negative weights away from zero",
          "[uint8][weights]") {
    const fixedpoint::AxisFilter f = fixedpoint::axisFilter(5, 10, false, std::nullopt, /*cubic=*/true, false);
    // output 0: x = -0.25, index -1 clamped... taps -2..1 (t = 0.75) folded onto inputs 0 and 1
    CHECK(f.start[0] == 0);
    CHECK(f.count[0] == 2);
    // output 1: x = 0.25: taps -1..2 with t = 0.25; tap -1 folded into input 0
    const double t = 0.25, a = -0.75;
    const double w0 = ((a * (t + 1) - 5 * a) * (t + 1) + 8 * a) * (t + 1) - 4 * a;
    const double w1 = ((a + 2) * t - (a + 3)) * t * t + 1;
    const double w3 = ((a * (2 - t) - 5 * a) * (2 - t) + 8 * a) * (2 - t) - 4 * a;
    CHECK(f.start[1] == 0);
    CHECK(f.count[1] == 3);
    CHECK(f.weightsOf(1)[0] == Approx(w0 + w1).epsilon(1e-15));
    CHECK(w3 < 0);
    const double unit = static_cast<double>(1 << f.precision);
    CHECK(f.fixedOf(3)[3] == static_cast<int>(-0.5 + f.weightsOf(3)[3] * unit));
    CHECK(f.fixedOf(3)[3] < 0);
    // the sum of an output's int16 weights is 2^p give or take the rounding of each
    for (int64_t d = 0; d < f.out; ++d) {
        int sum = 0;
        for (int j = 0; j < f.taps; ++j) sum += f.fixedOf(d)[j];
        CHECK(std::abs(sum - (1 << f.precision)) <= f.taps);
    }
}

TEST_CASE("uint8: the inspector shows the fixed-point weights and recomputes every pixel of the goldens",
          "[uint8][inspect]") {
    int n = 0;
    for (const json& c : goldenCases()) {
        if (c.at("output").is_null() || c.at("torch") != "2.14" || layoutDecides(c) || n >= 60) continue;
        const Tensor x = inputOf(c);
        const ResolvedSpec r = resolve(specOf(c), x.shape());
        const Tensor y = interpolate(x, r);
        INFO(c.at("id").get<std::string>() << ": " << c.at("call").get<std::string>());
        for (int64_t oy = 0; oy < r.outSize(0); ++oy)
            for (int64_t ox = 0; ox < r.outSize(1); ++ox) {
                const PixelInspection p = inspectPixel(r, x, y, 0, {oy, ox});
                for (const ChannelInspection& ch : p.channels) REQUIRE(ch.recomputed == ch.value);
                for (const AxisInspection& a : p.axes)
                    if (a.in != a.out) CHECK(a.note.rfind("uint8 fixed point: p = ", 0) == 0);
            }
        ++n;
    }
    CHECK(n == 60);
    // bilinear x2 on 4 pixels: p = 14, output 1 reads inputs 0 and 1 with 12288 and 4096
    const std::vector<uint8_t> v{10, 20, 30, 40};
    const Tensor x = Tensor::fromValues(Shape{1, 1, 1, 4}, std::span<const uint8_t>(v));
    Spec s;
    s.mode = Mode::Bilinear;
    s.size = std::vector<int64_t>{1, 8};
    s.sizeIsSequence = true;
    const ResolvedSpec r = resolve(s, x.shape());
    const PixelInspection p = inspectPixel(r, x, interpolate(x, r), 0, {0, 1});
    CHECK(p.axes[1].note == "uint8 fixed point: p = 14, int16 weights 12288, 4096 (w * 2^14 rounded half away from zero)");
    CHECK(p.axes[1].taps == std::vector<int64_t>{0, 1});
    CHECK(p.channels[0].sum == "W, row 0: (2^13 + 12288*10 + 4096*20) >> 14 = 13");
    CHECK(p.channels[0].value == 13);
}

TEST_CASE("uint8: the width pass's buffer is capped like the output, before anything is allocated", "[uint8][bounds]") {
    const Tensor x = Tensor::zeros(Shape{1, 1, 1000, 10}, DType::UInt8);
    Spec s;
    s.mode = Mode::Bilinear;
    s.size = std::vector<int64_t>{1, 100000};  // output 100 kB, the width pass (1000 rows) 100 MB
    s.sizeIsSequence = true;
    RunOptions o;
    o.maxBytes = 1 << 20;
    try {
        interpolate(x, s, o);
        FAIL("computed");
    } catch (const TooLargeError& e) {
        CHECK(std::string(e.what()).rfind("the uint8 width pass (1, 1, 1000, 100000) needs", 0) == 0);
    }
    s.size = std::vector<int64_t>{1000, 1000};  // one axis kept: no buffer, and 1 MB fits
    CHECK(interpolate(x, s, o).numel() == 1000000);
}
