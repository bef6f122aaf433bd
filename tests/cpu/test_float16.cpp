// float16 as PyTorch 2.x computes it on the CPU (tests/golden/torch-*/float16.json, from real
// PyTorch by tests/golden/generate_float16.py): in float, rounded to float16, bit for bit in every
// mode; antialias refused word for word; the older version's refusals word for word. Also: every
// SIMD path of the float16 / bfloat16 2-D tap kernel gives the baseline loops' bits.
#include "../support/isa.hpp"
#include "../support/reduced_golden.hpp"

#include "cpu/reduced_float.hpp"
#include "cpu/simd.hpp"

#include <catch2/catch.hpp>

#include <array>
#include <map>
#include <random>
#include <string>

using namespace upsample;
using nlohmann::json;

namespace {

const json& goldenCases() {
    static const json cases = golden::mergedGolden("float16.json").at("cases");
    return cases;
}

Tensor inputOf(const json& c) { return reducedgolden::inputOf(c, DType::Float16); }

using Slack = reducedgolden::Slack;
std::string runCase(const json& c, int threads, Slack* slack = nullptr) {
    return reducedgolden::runCase(c, DType::Float16, threads, slack);
}

}  // namespace

TEST_CASE("float16: every mode equals PyTorch bit for bit (in float, rounded to float16), bicubic included",
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
    // 18 of 23,548 bicubic elements differed (within 4 ulps) while cubic_convolution2 was taken as
    // three fused multiply-adds; with PyTorch's contraction (reduced_float.cpp) none does
    INFO(bicubic.used << " of " << bicubic.elements << " bicubic elements differ");
    CHECK(bicubic.used == 0);
    CHECK(bicubic.elements > 20000);
    CHECK(byMode.size() == 7);
    for (const auto& [mode, n] : byMode) {
        INFO(mode);
        CHECK(n >= 6);
    }
}

TEST_CASE("float16: the refusals are PyTorch's word for word (antialias, every mode but 3-D area in the older version)",
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

namespace {
using testisa::IsaScope;

// Random 16-bit values, mostly finite, with NaN, +-Inf, +-0 and subnormals sprinkled in.
Tensor randomReduced(const Shape& shape, DType dtype, std::mt19937& rng) {
    Tensor t = Tensor::zeros(shape, dtype);
    auto* h = static_cast<uint16_t*>(t.raw());
    const bool half = dtype == DType::Float16;
    const uint16_t specials[] = {0x0000, 0x8000, half ? uint16_t{0x7c00} : uint16_t{0x7f80},
                                 half ? uint16_t{0xfc00} : uint16_t{0xff80}, half ? uint16_t{0x7e01} : uint16_t{0x7fc1},
                                 half ? uint16_t{0x0001} : uint16_t{0x0001}, half ? uint16_t{0x83ff} : uint16_t{0x807f}};
    std::uniform_int_distribution<int> pick(0, 99), special(0, 6);
    std::uniform_real_distribution<float> value(-4.0f, 4.0f);
    for (int64_t i = 0; i < t.numel(); ++i) {
        const float v = value(rng);
        h[i] = pick(rng) < 3 ? specials[special(rng)] : half ? cpu::floatToHalf(v) : cpu::BFloat16Format::narrow(v);
    }
    return t;
}
}  // namespace

TEST_CASE("float16 and bfloat16: every SIMD path of the 2-D tap kernel gives the baseline's bits", "[float16][bfloat16][simd]") {
    const std::vector<cpu::Isa> isas = testisa::available();
    std::mt19937 rng(27);
    int compared = 0;
    for (const DType dtype : {DType::Float16, DType::BFloat16})
        for (const Mode mode : {Mode::Bilinear, Mode::Bicubic})
            for (const auto& [inH, inW, outH, outW] : std::vector<std::array<int64_t, 4>>{
                     {1, 1, 3, 5}, {3, 7, 6, 14}, {5, 16, 9, 17}, {8, 17, 16, 34}, {9, 33, 4, 15}, {6, 40, 13, 31}, {4, 23, 8, 1}})
                for (const bool ac : {false, true}) {
                    const Tensor x = randomReduced(Shape{2, 3, inH, inW}, dtype, rng);
                    Spec s;
                    s.mode = mode;
                    s.sizeIsSequence = true;
                    s.size = {outH, outW};
                    s.alignCorners = ac;
                    RunOptions o;
                    o.backend = BackendKind::Cpu;
                    std::vector<uint16_t> first;
                    for (const cpu::Isa i : isas)
                        for (const int threads : {1, 2}) {
                            const IsaScope scope(i);
                            o.threads = threads;
                            const Tensor y = interpolate(x, s, o);
                            const auto* h = static_cast<const uint16_t*>(y.raw());
                            std::vector<uint16_t> got(h, h + y.numel());
                            if (first.empty()) {
                                first = got;
                                continue;
                            }
                            INFO(dtypeName(dtype) << " " << (mode == Mode::Bilinear ? "bilinear" : "bicubic") << " " << inH << "x"
                                                  << inW << " -> " << outH << "x" << outW << " ac " << ac << " isa "
                                                  << cpu::isaName(i) << " threads " << threads);
                            int differ = 0;
                            for (std::size_t k = 0; k < got.size(); ++k) {
                                const bool nan = reducedgolden::isNan(first[k], dtype) && reducedgolden::isNan(got[k], dtype);
                                differ += !nan && got[k] != first[k];
                            }
                            CHECK(differ == 0);
                            ++compared;
                        }
                }
    CHECK(compared == 2 * 2 * 7 * 2 * (2 * static_cast<int>(isas.size()) - 1));
}
