// core/src/cpu/antialias.cpp: antialias windows, normalised weights and the separable passes.
#include "../support/golden.hpp"
#include "../support/uint8_golden.hpp"

#include "upsample/backend.hpp"
#include "upsample/error.hpp"
#include "upsample/taps.hpp"

#include <catch2/catch.hpp>

#include <cmath>
#include <cstdint>
#include <cstring>

using namespace upsample;

TEST_CASE("antialias: every golden case matches PyTorch", "[antialias][golden]") {
    const auto sel = golden::select({"bilinear", "bicubic"}, true);
    REQUIRE(sel.size() >= 40);
    const auto failures = golden::runCasesOnCpu(sel);
    for (const auto& f : failures) FAIL_CHECK(f);
    CHECK(failures.empty());
}

TEST_CASE("lanczos: every golden case matches PyTorch 2.14, and 1.13 refuses the mode", "[antialias][lanczos][golden]") {
    const auto sel = golden::select({"lanczos"}, true);
    REQUIRE(sel.size() >= 50);
    const auto failures = golden::runCasesOnCpu(sel);
    for (const auto& f : failures) FAIL_CHECK(f);
    CHECK(failures.empty());
}

TEST_CASE("lanczos: uint8 in fixed point equals PyTorch 2.14 byte for byte, 1.13 refuses it in its words",
          "[antialias][lanczos][uint8][golden]") {
    using namespace uint8golden;
    int computed = 0, refused = 0;
    const json doc = golden::mergedGolden("lanczos_uint8.json");
    for (const json& c : doc.at("cases")) {
        INFO(c.at("id").get<std::string>() << ": " << c.at("call").get<std::string>());
        const Tensor x = inputOf(c);
        for (int threads : {1, 3}) {
            RunOptions o;
            o.backend = BackendKind::Cpu;
            o.threads = threads;
            if (c.at("error").is_null()) {
                CHECK(differences(interpolate(x, specOf(c), o), c) == "");
                ++computed;
                continue;
            }
            try {
                interpolate(x, specOf(c), o);
                FAIL_CHECK("no error; PyTorch: " << c.at("error").at("message").get<std::string>());
            } catch (const SpecError& e) {
                CHECK(std::string(pyErrorTypeName(e.pyType())) == c.at("error").at("type").get<std::string>());
                CHECK(e.what() == c.at("error").at("message").get<std::string>());
                ++refused;
            }
        }
    }
    CHECK(computed >= 2 * 18);
    CHECK(refused >= 2 * 2);
}

// The bits of PyTorch 2.14.1's antialias bicubic weights (one-hot inputs, 6 -> 4 with
// align_corners=True, outputs 0 and 3). Its compiled filter fuses each a * b + c: at input 2 of
// output 0, x = 1 + 2^-23 and the fused cubic is 2^-45 (unfused: exactly 0, so an Inf there gave
// NaN where PyTorch gives Inf: scripts/parity.py seed 40, case #405).
TEST_CASE("antialias: bicubic weights are PyTorch's to the bit (fused multiply-add)", "[antialias][bicubic]") {
    const auto f = antialiasTable<float>(6, 4, true, std::nullopt, keysCubicFilter());
    const uint32_t want0[] = {0x3f15a95a, 0x3ee46e46, 0x28a41a41, 0xbcfc0faf};
    const uint32_t want3[] = {0xb4be79e6, 0xbd924922, 0x3e2aaab8, 0x3f679e7c};
    REQUIRE(f.tapCount(0) == 4);
    REQUIRE(f.tapIndex(3, 0) == 2);
    for (int j = 0; j < 4; ++j) {
        uint32_t got0 = 0, got3 = 0;
        const float w0 = f.tapWeight(0, j), w3 = f.tapWeight(3, j);
        std::memcpy(&got0, &w0, 4);
        std::memcpy(&got3, &w3, 4);
        CHECK(got0 == want0[j]);
        CHECK(got3 == want3[j]);
    }
    const auto d = antialiasTable<double>(6, 4, true, std::nullopt, keysCubicFilter());
    const uint64_t wantD[] = {0x3fe2b52b52b52b52, 0x3fdc8dc8dc8dc8dc, 0x3c94834834834833, 0xbf9f81f81f81f806};
    for (int j = 0; j < 4; ++j) {
        uint64_t got = 0;
        const double w = d.tapWeight(0, j);
        std::memcpy(&got, &w, 8);
        CHECK(got == wantD[j]);
    }
}

// PyTorch 1.13.1's float64 antialias bicubic weights (7 -> 3, output 1): its polynomial form, fused
// too (the unfused form differs in the last bits of four of the seven).
TEST_CASE("antialias: 1.13's bicubic weights are its bits in float64 (fused polynomial form)", "[antialias][bicubic]") {
    const SeparableFilter& cubic = keysCubicFilter().in(*semanticsNamed("1.13"));
    const auto d = antialiasTable<double>(7, 3, false, std::nullopt, cubic);
    const uint64_t want[] = {0xbf9f41f41f41f42c, 0x3fa7217217217218, 0x3fd1a91a91a91a92, 0x3fdacdacdacdacdc,
                             0x3fd1a91a91a91a92, 0x3fa7217217217218, 0xbf9f41f41f41f42c};
    REQUIRE(d.tapCount(1) == 7);
    for (int j = 0; j < 7; ++j) {
        uint64_t got = 0;
        const double w = d.tapWeight(1, j);
        std::memcpy(&got, &w, 8);
        CHECK(got == want[j]);
    }
}

TEST_CASE("lanczos: Lanczos-3 weights, support 3 widened by the downscale factor, normalised", "[antialias][lanczos]") {
    auto lanczos = [](double x) {
        const double pi = 3.14159265358979323846;
        if (x == 0) return 1.0;
        return std::abs(x) < 3 ? std::sin(pi * x) / (pi * x) * std::sin(pi * x / 3) / (pi * x / 3) : 0.0;
    };
    // 12 -> 4: scale 3, support 9, centre of output 1 at 4.5: window [0, 12) clipped to 12 inputs
    const auto down = antialiasTable<double>(12, 4, false, std::nullopt, lanczos3Filter());
    REQUIRE(down.tapCount(1) == 12);
    double raw[12], total = 0;
    for (int j = 0; j < 12; ++j) total += raw[j] = lanczos((j - 4.5 + 0.5) / 3.0);
    for (int j = 0; j < 12; ++j) CHECK(down.tapWeight(1, j) == Approx(raw[j] / total).epsilon(1e-14));
    // 4 -> 8: upscaling keeps support 3 (6 taps inside the axis at most); negative lobes
    const auto up = antialiasTable<double>(4, 8, false, std::nullopt, lanczos3Filter());
    CHECK(up.tapIndex(3, 0) == 0);
    CHECK(up.tapCount(3) == 4);
    bool negative = false;
    for (int d = 0; d < 8; ++d)
        for (int j = 0; j < up.tapCount(d); ++j) negative = negative || up.tapWeight(d, j) < 0;
    CHECK(negative);
    CHECK(lanczos3Filter().taps() == 6);
    CHECK(lanczos3Filter().negativeLobes);
}

TEST_CASE("antialias: bilinear 8 -> 2 has a support of 4 and triangle weights", "[antialias]") {
    const auto t = antialiasTable<double>(8, 2, false, std::nullopt, triangleFilter());
    // scale 4, support 4, center 2: window [0, 6); weights f((j - 2 + 0.5) / 4), normalised
    CHECK(t.tapIndex(0, 0) == 0);
    CHECK(t.tapCount(0) == 6);
    double raw[6], total = 0;
    for (int j = 0; j < 6; ++j) {
        const double x = std::fabs((j - 2.0 + 0.5) / 4.0);
        raw[j] = x < 1 ? 1 - x : 0;
        total += raw[j];
    }
    for (int j = 0; j < 6; ++j) CHECK(t.tapWeight(0, j) == Approx(raw[j] / total).epsilon(1e-12));
}

TEST_CASE("antialias: an axis that keeps its size is still resampled, with weights 1 and 0", "[antialias]") {
    // bilinear: support 1, output 2 reads inputs 2 and 3 with weights 1 and 0 (so a NaN or Inf
    // at input 3 still reaches output 2 as NaN, as in PyTorch)
    const auto t = antialiasTable<float>(5, 5, false, std::nullopt, triangleFilter());
    CHECK_FALSE(t.skip);
    CHECK(t.tapIndex(2, 0) == 2);
    CHECK(t.tapCount(2) == 2);
    CHECK(t.tapWeight(2, 0) == 1.0f);
    CHECK(t.tapWeight(2, 1) == 0.0f);
}

#include "../support/reference.hpp"

TEST_CASE("antialias: the row kernels equal the per-pixel sum on larger tensors", "[antialias]") {
    for (Mode m : {Mode::Bilinear, Mode::Bicubic}) {
        for (auto size : {std::vector<int64_t>{13, 29}, std::vector<int64_t>{70, 9}}) {
            Spec s;
            s.mode = m;
            s.size = size;
            s.sizeIsSequence = true;
            s.antialias = true;
            const Tensor x = reference::randomTensor({2, 3, 37, 101}, 5);
            const auto r = resolve(s, x.shape());
            for (int threads : {1, 2}) {
                const Tensor y = interpolate(x, r, RunOptions{BackendKind::Cpu, threads});
                INFO(toPythonCall(s) << ", " << threads << " threads");
                CHECK(reference::checkEveryPixel(r, x, y) == "");
            }
        }
    }
}
