// float16 as PyTorch 2.x computes it on the CPU (tests/golden/torch-*/float16.json, from real
// PyTorch by tests/golden/generate_float16.py): in float, rounded to float16, bit for bit in every
// mode; antialias refused word for word; the older version's refusals word for word.
#include "../support/golden.hpp"
#include "../support/uint8_golden.hpp"

#include "upsample/backend.hpp"
#include "upsample/error.hpp"
#include "upsample/spec.hpp"

#include <catch2/catch.hpp>

#include <algorithm>
#include <cmath>
#include <cstring>

#include <map>
#include <string>
#include <vector>

using namespace upsample;
using nlohmann::json;

namespace {

const json& goldenCases() {
    static const json cases = golden::mergedGolden("float16.json").at("cases");
    return cases;
}

// Four hex digits per element: its IEEE half bits.
std::vector<uint16_t> halvesOf(const std::string& hex) {
    std::vector<uint16_t> h(hex.size() / 4);
    for (std::size_t i = 0; i < h.size(); ++i) h[i] = static_cast<uint16_t>(std::stoul(hex.substr(4 * i, 4), nullptr, 16));
    return h;
}

Tensor inputOf(const json& c) {
    Tensor t = Tensor::zeros(c.at("input_shape").get<Shape>(), DType::Float16);
    const std::vector<uint16_t> h = halvesOf(c.at("input").get<std::string>());
    if (!h.empty()) std::memcpy(t.raw(), h.data(), t.nbytes());
    return t;
}

double halfBitsValue(uint16_t h) {
    Tensor t = Tensor::zeros(Shape{1}, DType::Float16);
    std::memcpy(t.raw(), &h, sizeof h);
    return t.at(0);
}

bool isNan(uint16_t h) { return (h & 0x7c00u) == 0x7c00u && (h & 0x3ffu) != 0; }

// Elements of bicubic results that differ from PyTorch's by a few float16 ulps (a float weight at
// a float16 rounding tie that PyTorch's compiled arithmetic resolves the other way), counted.
struct Slack {
    int64_t allowed = 0;  // differing elements accepted, within 4 ulps
    int64_t used = 0, elements = 0;
};

bool withinUlps(double got, double want, int ulps) {
    const double magnitude = std::max(std::abs(want), 0x1p-14);
    const double ulp = std::ldexp(1.0, static_cast<int>(std::floor(std::log2(magnitude))) - 10);
    return std::abs(got - want) <= ulps * ulp;
}

// "" when interpolate() gives the golden's bits (NaN by position) or its error, else the difference.
// With slack: differing elements within 4 ulps are counted there instead.
std::string runCase(const json& c, int threads, Slack* slack = nullptr) {
    const json& err = c.at("error");
    RunOptions o;
    o.backend = BackendKind::Cpu;
    o.threads = threads;
    try {
        const Tensor y = interpolate(inputOf(c), uint8golden::specOf(c), o);
        if (!err.is_null()) return "no error; PyTorch: " + err.at("message").get<std::string>();
        if (y.dtype() != DType::Float16) return "dtype " + std::string(dtypeName(y.dtype()));
        if (y.shape() != c.at("output_shape").get<Shape>()) return "shape " + formatShape(y.shape());
        const std::vector<uint16_t> want = halvesOf(c.at("output").get<std::string>());
        const auto* got = static_cast<const uint16_t*>(y.raw());
        int differ = 0;
        std::string first;
        if (slack) slack->elements += static_cast<int64_t>(want.size());
        for (std::size_t i = 0; i < want.size(); ++i) {
            const bool same = isNan(want[i]) ? isNan(got[i]) : got[i] == want[i];
            if (!same && slack && withinUlps(halfBitsValue(got[i]), halfBitsValue(want[i]), 4)) {
                ++slack->used;
                continue;
            }
            if (!same && differ++ == 0)
                first = "element " + std::to_string(i) + ": got " + std::to_string(halfBitsValue(got[i])) + ", PyTorch " +
                        std::to_string(halfBitsValue(want[i]));
        }
        return differ ? std::to_string(differ) + " of " + std::to_string(want.size()) + " differ, first " + first : "";
    } catch (const SpecError& e) {
        if (err.is_null()) return std::string("error ") + e.what() + "; PyTorch computes it";
        const std::string got = std::string(pyErrorTypeName(e.pyType())) + ": " + e.what();
        const std::string want = err.at("type").get<std::string>() + ": " + err.at("message").get<std::string>();
        return got == want ? "" : "got " + got + "; PyTorch " + want;
    }
}

}  // namespace

TEST_CASE("float16: every mode equals PyTorch bit for bit (in float, rounded to float16); bicubic all but 18 elements",
          "[float16][golden]") {
    std::map<std::string, int> byMode;
    Slack bicubic;
    for (const json& c : goldenCases()) {
        if (c.at("output").is_null() || !golden::torchOf(c).reducedFloats) continue;
        const bool cubic = c.at("mode") == "bicubic";
        INFO(c.at("id").get<std::string>() << ": " << c.at("call").get<std::string>());
        CHECK(runCase(c, 1, cubic ? &bicubic : nullptr) == "");
        CHECK(runCase(c, 2, nullptr) == (cubic ? runCase(c, 1, nullptr) : ""));  // threads change no bit
        ++byMode[c.at("mode").get<std::string>()];
    }
    // measured: 18 of 23,548 bicubic elements differ from PyTorch 2.14.1's, each within 4 ulps
    INFO(bicubic.used << " of " << bicubic.elements << " bicubic elements differ");
    CHECK(bicubic.used <= 18);
    CHECK(bicubic.elements > 20000);
    CHECK(byMode.size() == 7);
    for (const auto& [mode, n] : byMode) {
        INFO(mode);
        CHECK(n >= 6);
    }
}

TEST_CASE("float16: the refusals are PyTorch's word for word (antialias; every mode but 3-D area in the older version)",
          "[float16][golden][errors]") {
    std::map<std::string, int> byVersion;
    for (const json& c : goldenCases()) {
        if (c.at("error").is_null()) continue;
        INFO(c.at("id").get<std::string>() << ": " << c.at("call").get<std::string>());
        CHECK(runCase(c, 1) == "");
        ++byVersion[c.at("torch").get<std::string>()];
    }
    CHECK(byVersion["2.14"] == 4);
    CHECK(byVersion["1.13"] >= 150);
}

TEST_CASE("float16: what the older version computes and this program does not is refused in plain words",
          "[float16][golden]") {
    int n = 0;
    for (const json& c : goldenCases()) {
        if (c.at("output").is_null() || golden::torchOf(c).reducedFloats) continue;
        INFO(c.at("id").get<std::string>());
        CHECK_THROWS_WITH(interpolate(inputOf(c), uint8golden::specOf(c)),
                          Catch::Contains("which this program does not reproduce; convert the input to float32"));
        ++n;
    }
    CHECK(n >= 1);  // 3-D area
}
