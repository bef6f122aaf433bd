// bfloat16 as PyTorch computes it on the CPU (tests/golden/torch-*/bfloat16.json, from real PyTorch
// by tests/golden/generate_float16.py): 2.14 in float, rounded to bfloat16, bit for bit in every
// mode, antialias refused word for word; 1.13's nearest (a copy) bit for bit, its refusals word for
// word, what it computes in bfloat16 arithmetic refused in plain words.
#include "../support/reduced_golden.hpp"

#include <catch2/catch.hpp>

#include <bit>
#include <cmath>
#include <cstring>
#include <limits>
#include <map>
#include <string>

using namespace upsample;
using nlohmann::json;

namespace {

const json& goldenCases() {
    static const json cases = golden::mergedGolden("bfloat16.json").at("cases");
    return cases;
}

Tensor inputOf(const json& c) { return reducedgolden::inputOf(c, DType::BFloat16); }

std::string runCase(const json& c, int threads, reducedgolden::Slack* slack = nullptr,
                    BackendKind backend = BackendKind::Cpu) {
    return reducedgolden::runCase(c, DType::BFloat16, threads, slack, backend);
}

bool computedHere(const json& c) {
    const Semantics& v = golden::torchOf(c);
    return v.reducedFloats || c.at("mode") == "nearest";
}

}  // namespace

TEST_CASE("bfloat16: float32 to bfloat16 rounds as c10::BFloat16 (nearest, ties to even, NaN 0x7fc0)", "[bfloat16]") {
    const auto bf = [](uint32_t bits) { return floatToBFloat16(std::bit_cast<float>(bits)); };
    CHECK(bf(0x3f808000u) == 0x3f80u);  // 1 + 2^-8: a tie, to the even 1
    CHECK(bf(0x3f818000u) == 0x3f82u);  // 1 + 3 * 2^-8: a tie, to the even 1 + 2^-6
    CHECK(bf(0x3f808001u) == 0x3f81u);  // just past the tie: up
    CHECK(bf(0x3f807fffu) == 0x3f80u);  // just below: down
    CHECK(bf(0x7f7fffffu) == 0x7f80u);  // float32's largest rounds to infinity
    CHECK(bf(0xff800000u) == 0xff80u);  // -inf stays
    CHECK(bf(0x00000001u) == 0x0000u);  // the smallest subnormal rounds to zero
    CHECK(bf(0x7fc00001u) == 0x7fc0u);  // any NaN: 0x7fc0
    CHECK(bf(0xffc00000u) == 0x7fc0u);
    CHECK(bfloat16ToFloat(0xc049u) == -3.140625f);
    Tensor d(Shape{2}, DType::Float64);
    d.data<double>()[0] = 1.0 + 0x1p-8 + 0x1p-40;  // x.to(torch.bfloat16): through float32 (a tie), to even
    d.data<double>()[1] = -2.5;
    const Tensor b = d.to(DType::BFloat16);
    CHECK(static_cast<const uint16_t*>(b.raw())[0] == 0x3f80u);
    CHECK(b.at(1) == -2.5);
    CHECK(dtypeName(DType::BFloat16) == "bfloat16");
    CHECK(dtypeSize(DType::BFloat16) == 2);
    CHECK(isFloatingDType(DType::BFloat16));
}

TEST_CASE("bfloat16: every mode equals PyTorch 2.14 bit for bit (in float, rounded to bfloat16), bicubic included",
          "[bfloat16][golden]") {
    std::map<std::string, int> byMode;
    reducedgolden::Slack bicubic;
    bicubic.ofInput = 0x1p-8;  // a bfloat16 ulp of the largest input: one weight's last bit
    for (const json& c : goldenCases()) {
        if (c.at("output").is_null() || !golden::torchOf(c).reducedFloats) continue;
        const bool cubic = c.at("mode") == "bicubic";
        INFO(c.at("id").get<std::string>() << ": " << c.at("call").get<std::string>());
        CHECK(runCase(c, 1, cubic ? &bicubic : nullptr) == "");
        CHECK(runCase(c, 2) == (cubic ? runCase(c, 1) : ""));  // threads change no bit
        ++byMode[c.at("mode").get<std::string>()];
    }
    // 6 of 23,548 bicubic elements differed (5 within 4 ulps, one near zero) while
    // cubic_convolution2 was taken as three fused multiply-adds; with PyTorch's contraction
    // (reduced_float.cpp) none does
    INFO(bicubic.used << " of " << bicubic.elements << " bicubic elements differ");
    CHECK(bicubic.used == 0);
    CHECK(bicubic.elements > 20000);
    CHECK(byMode.size() == 7);
    for (const auto& [mode, n] : byMode) {
        INFO(mode);
        CHECK(n >= 6);
    }
}

TEST_CASE("bfloat16: bicubic gives PyTorch's NaN where a clamped edge tap meets an infinity", "[bfloat16]") {
    // Found by scripts/parity.py (seed 71, case 3058): align_corners=True, scale_factor 3.3388...,
    // the last output column sits 9.5e-7 past the last input; its clamped taps' weights are 0 or
    // negative in PyTorch's float arithmetic, so -inf there gives NaN in every output row (PyTorch
    // 2.14.1: all ten NaN). With cubic_convolution2 as three fused multiply-adds one weight was
    // +6.8e-13 and rows 1-8 gave -inf.
    const float rows[3][12] = {{3.453125f, 4.84375f, -8.5625f, -9.5f, -5.96875f, 0.458984375f, -2.96875f, 0.72265625f,
                                5.71875f, -2.640625f, -6.15625f, 9.25f},
                               {1.375f, -3.390625f, 6.875f, 1.3203125f, -9.625f, 0.91015625f, 5.53125f, 6.75f, -3.71875f,
                                7.9375f, 2.703125f, -std::numeric_limits<float>::infinity()},
                               {-7.96875f, -1.8125f, 4.0f, 4.75f, 8.3125f, -9.5f, 1.46875f, -2.859375f, 9.6875f,
                                -0.470703125f, -9.0f, -5.15625f}};
    Tensor x(Shape{1, 1, 3, 12}, DType::BFloat16);
    for (int r = 0; r < 3; ++r)
        for (int c = 0; c < 12; ++c) static_cast<uint16_t*>(x.raw())[r * 12 + c] = floatToBFloat16(rows[r][c]);
    Spec s;
    s.mode = Mode::Bicubic;
    s.scaleFactor = std::vector<double>{3.3388281039325918};
    s.alignCorners = true;
    RunOptions o;
    o.backend = BackendKind::Cpu;  // the OpenCL device takes the same weight tables (test_opencl_reduced)
    const Tensor y = interpolate(x, s, o);
    REQUIRE(y.shape() == Shape{1, 1, 10, 40});
    for (int64_t h = 0; h < 10; ++h) {
        INFO("row " << h);
        CHECK(std::isnan(y.at(h * 40 + 39)));
    }
}

TEST_CASE("bfloat16: --backend opencl leaves PyTorch's channels-last trilinear kernel to the CPU, with a notice, the same bits",
          "[bfloat16]") {
    // (every other bfloat16 computation runs on the device: tests/opencl/test_opencl_reduced.cpp)
    RunOptions o;
    o.backend = BackendKind::OpenCL;
    RunReport report;
    Spec s;
    s.mode = Mode::Trilinear;
    s.size = std::vector<int64_t>{2, 3, 2};
    s.sizeIsSequence = true;
    Tensor x = Tensor::zeros(Shape{1, 5, 1, 1, 1}, DType::BFloat16);  // C = 5 > 3, channels-last contiguous
    for (int64_t i = 0; i < 5; ++i) static_cast<uint16_t*>(x.raw())[i] = static_cast<uint16_t>(0x3f80 + 3 * i);
    const Tensor y = interpolate(x, s, o, &report);
    CHECK(report.ran == BackendKind::Cpu);
    REQUIRE(report.notices.size() == 1);
    CHECK(report.notices[0] ==
          "OpenCL computes float16 and bfloat16 in every mode but PyTorch's channels-last trilinear kernel; bfloat16 computed "
          "on the CPU");
    RunOptions cpu;
    cpu.backend = BackendKind::Cpu;
    const Tensor want = interpolate(x, s, cpu);
    CHECK(std::memcmp(y.raw(), want.raw(), want.nbytes()) == 0);
    CHECK(static_cast<const uint16_t*>(y.raw())[y.numel() - 1] == 0x3f80 + 12);
}

TEST_CASE("bfloat16: the refusals are PyTorch's word for word (antialias, 1.13: nearest-exact, 3-D area)",
          "[bfloat16][golden][errors]") {
    std::map<std::string, int> byVersion;
    std::map<std::string, int> messages;
    for (const json& c : goldenCases()) {
        if (c.at("error").is_null()) continue;
        INFO(c.at("id").get<std::string>() << ": " << c.at("call").get<std::string>());
        CHECK(runCase(c, 1) == "");
        ++byVersion[c.at("torch").get<std::string>()];
        ++messages[c.at("error").at("message").get<std::string>()];
    }
    CHECK(byVersion["2.14"] == 4);
    CHECK(byVersion["1.13"] >= 30);
    CHECK(messages["\"compute_index_ranges_weights\" not implemented for 'BFloat16'"] == 4);
    CHECK(messages["\"compute_indices_weights_aa\" not implemented for 'BFloat16'"] == 4);
    CHECK(messages["\"compute_indices_weights_nearest\" not implemented for 'BFloat16'"] > 0);
    CHECK(messages["\"adaptive_avg_pool3d_cpu\" not implemented for 'BFloat16'"] > 0);
}

TEST_CASE("bfloat16 in 1.13: nearest bit for bit, what it computes in bfloat16 arithmetic refused in plain words",
          "[bfloat16][golden]") {
    int copied = 0, refused = 0;
    for (const json& c : goldenCases()) {
        if (c.at("output").is_null() || golden::torchOf(c).reducedFloats) continue;
        INFO(c.at("id").get<std::string>() << ": " << c.at("call").get<std::string>());
        if (computedHere(c)) {
            CHECK(runCase(c, 1) == "");
            ++copied;
        } else {
            CHECK_THROWS_WITH(interpolate(inputOf(c), uint8golden::specOf(c)),
                              Catch::Contains("which this program does not reproduce; convert the input to float32"));
            ++refused;
        }
    }
    CHECK(copied >= 20);
    CHECK(refused >= 60);
}
