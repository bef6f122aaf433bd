// float16 and bfloat16 on the OpenCL backend (core/kernels/reduced.cl): every golden case of
// PyTorch 2.14 (tests/golden/torch-*/{float16,bfloat16}.json) that the device computes gives the
// CPU backend's bits (which are PyTorch's, tests/cpu/test_float16.cpp, test_bfloat16.cpp); the
// rest (PyTorch's channels-last trilinear kernel) runs on the CPU with a notice.
#include "opencl_support.hpp"

#include "../support/reduced_golden.hpp"

#include "cpu/reduced_float.hpp"
#include "opencl/reduced_opencl.hpp"

#include <catch2/catch.hpp>

#include <filesystem>
#include <map>
#include <random>

#include <unistd.h>

using namespace upsample;
using nlohmann::json;

namespace {
struct Counts {
    std::map<std::string, int> byMode;
    int onCpu = 0;
};

// Every computed case of the dtype's goldens: the device's bits equal the CPU backend's.
Counts checkOnDevice(const char* file, DType dtype) {
    Counts n;
    RunOptions cpu;
    cpu.backend = BackendKind::Cpu;
    const json golden = golden::mergedGolden(file);
    for (const json& c : golden.at("cases")) {
        if (c.at("output").is_null() || !golden::torchOf(c).reducedFloats) continue;
        INFO(c.at("id").get<std::string>() << ": " << c.at("call").get<std::string>());
        const Tensor x = reducedgolden::inputOf(c, dtype);
        const Spec s = uint8golden::specOf(c);
        const ResolvedSpec r = resolve(s, x.shape());
        if (!opencl::reducedOnDevice(r)) {
            ++n.onCpu;
            continue;
        }
        Tensor y(r.outputShape, dtype);
        ocltest::backend().run(r, x, y);
        CHECK(ocltest::sameBits(y, interpolate(x, s, cpu)));
        ++n.byMode[c.at("mode").get<std::string>()];
    }
    return n;
}
}  // namespace

TEST_CASE("opencl float16: every mode gives the CPU backend's bits on the device", "[opencl][float16][golden]") {
    const Counts n = checkOnDevice("float16.json", DType::Float16);
    CHECK(n.byMode.size() == 7);
    for (const auto& [mode, count] : n.byMode) {
        INFO(mode);
        CHECK(count >= 6);
    }
    CHECK(n.onCpu == 0);  // the goldens have no case of PyTorch's channels-last trilinear kernel
}

TEST_CASE("opencl bfloat16: every mode gives the CPU backend's bits on the device", "[opencl][bfloat16][golden]") {
    const Counts n = checkOnDevice("bfloat16.json", DType::BFloat16);
    CHECK(n.byMode.size() == 7);
    for (const auto& [mode, count] : n.byMode) {
        INFO(mode);
        CHECK(count >= 6);
    }
}

namespace {
// Random bits (NaN, Inf, subnormals), or pairs of neighbours along W, a and -2a(1 + e) with e a
// few ulps: tripled along W (size 3 W), the output a third of the way between them weighs them
// 2/3 and 1/3 and nearly cancels, so a float rounding done in another order or without a fused
// multiply-add shows in the 16-bit result.
Tensor randomInput(const Shape& shape, DType dtype, bool cancelling, std::mt19937& rng) {
    Tensor x = Tensor::zeros(shape, dtype);
    auto* h = static_cast<uint16_t*>(x.raw());
    std::uniform_int_distribution<int> bits(0, 0xffff), ulps(1, 6);
    std::uniform_real_distribution<float> a(1.0f, 2.0f);
    const auto narrow = [&](float v) {
        return dtype == DType::Float16 ? cpu::floatToHalf(v) : cpu::BFloat16Format::narrow(v);
    };
    const float ulp = dtype == DType::Float16 ? 0x1p-10f : 0x1p-7f;
    for (int64_t i = 0; i < x.numel(); ++i) {
        if (!cancelling) {
            h[i] = static_cast<uint16_t>(bits(rng));
        } else if (i % shape[3] % 2 == 0) {
            h[i] = narrow(a(rng));
            if (i + 1 < x.numel() && (i + 1) % shape[3] != 0) {
                const float v = dtype == DType::Float16 ? cpu::halfFromBits(h[i]) : cpu::BFloat16Format::widen(h[i]);
                h[i + 1] = narrow(-2.0f * v * (1.0f + static_cast<float>(ulps(rng)) * ulp));
            }
        }
    }
    return x;
}

// The device's result against the CPU's, element by element (NaN by position); the count that differ.
int differences(const Tensor& y, const Tensor& want, DType dtype) {
    int differ = 0;
    for (int64_t i = 0; i < y.numel(); ++i) {
        const uint16_t a = static_cast<const uint16_t*>(y.raw())[i], b = static_cast<const uint16_t*>(want.raw())[i];
        differ += a != b && !(reducedgolden::isNan(a, dtype) && reducedgolden::isNan(b, dtype));
    }
    return differ;
}
}  // namespace

TEST_CASE("opencl float16 / bfloat16: random and cancelling inputs, the CPU's bits in every mode, both kernels",
          "[opencl][float16][bfloat16]") {
    std::mt19937 rng(26);
    RunOptions cpu, ocl;
    cpu.backend = BackendKind::Cpu;
    ocl.backend = BackendKind::OpenCL;
    int onDevice = 0;
    for (const DType dtype : {DType::Float16, DType::BFloat16})
        for (const Mode mode : {Mode::Nearest, Mode::NearestExact, Mode::Bilinear, Mode::Bicubic, Mode::Area})
            for (const int64_t channels : {3, 1})  // one channel: PyTorch's channels-last kernel
                for (const bool cancelling : {false, true}) {
                    const Tensor x = randomInput(Shape{2, channels, 23, 37}, dtype, cancelling, rng);
                    for (const std::vector<int64_t>& size : {std::vector<int64_t>{61, 45}, std::vector<int64_t>{1, 1},
                                                             std::vector<int64_t>{9, 100}, std::vector<int64_t>{29, 17},
                                                             std::vector<int64_t>{23, 111}}) {
                        Spec s;
                        s.mode = mode;
                        s.size = size;
                        s.sizeIsSequence = true;
                        INFO(dtypeName(dtype) << " " << modeName(mode) << " C " << channels << " cancelling " << cancelling
                                              << " to " << size[0] << "x" << size[1]);
                        RunReport report;
                        const Tensor y = interpolate(x, s, ocl, &report);
                        CHECK(differences(y, interpolate(x, s, cpu), dtype) == 0);
                        onDevice += report.ran == BackendKind::OpenCL;
                    }
                }
    CHECK(onDevice == 2 * 5 * 2 * 2 * 5);
}

TEST_CASE("opencl float16: PyTorch's channels-last trilinear kernel runs on the CPU with a notice", "[opencl][float16]") {
    Spec s;
    s.mode = Mode::Trilinear;
    s.size = std::vector<int64_t>{2, 3, 4};
    s.sizeIsSequence = true;
    RunOptions o;
    o.backend = BackendKind::OpenCL;
    RunReport report;
    // channels-last contiguous with C = 5 > 3: PyTorch 2.14's channels-last kernel (the float32 tap order)
    const Tensor x = Tensor::zeros(Shape{1, 5, 1, 1, 1}, DType::Float16);
    interpolate(x, s, o, &report);
    CHECK(report.ran == BackendKind::Cpu);
    REQUIRE(report.notices.size() == 1);
    CHECK(report.notices[0] ==
          "OpenCL computes float16 and bfloat16 in every mode but PyTorch's channels-last trilinear kernel; float16 computed on the CPU");
    s.mode = Mode::Nearest;  // its channels-last kernel only indexes differently: on the device
    RunReport onDevice;
    interpolate(x, s, o, &onDevice);
    CHECK(onDevice.ran == BackendKind::OpenCL);
    CHECK(onDevice.notices.empty());
}

TEST_CASE("opencl float16 / bfloat16: auto leaves them to the native CPU backend on a CPU device, calibrated or not",
          "[opencl][float16][bfloat16][calibration]") {
    if (ocltest::backend().device().type != "CPU") {
        SUCCEED("the measured rule is for CPU devices; a GPU is taken by type");
        return;
    }
    const auto dir = std::filesystem::temp_directory_path() / ("upsample-reduced-calibrated-" + std::to_string(::getpid()));
    std::filesystem::create_directories(dir);
    ocltest::EnvVar fault("UPSAMPLE_OPENCL_FAULT", std::nullopt);
    ocltest::EnvVar device("UPSAMPLE_OPENCL_DEVICE", std::nullopt);
    ocltest::EnvVar cacheDir("UPSAMPLE_OPENCL_CACHE_DIR", dir.string());
    OpenCLCalibration c;
    c.device = ocltest::backend().device().name;
    c.ratio = {{"bilinear", 0.5}};  // float32 bilinear measured faster on the device
    REQUIRE(writeOpenCLCalibration(c));
    Spec s;
    s.mode = Mode::Bilinear;
    s.size = std::vector<int64_t>{9, 4};
    s.sizeIsSequence = true;
    for (const DType dtype : {DType::Float16, DType::BFloat16}) {
        RunReport report;
        interpolate(Tensor::zeros(Shape{1, 2, 6, 5}, dtype), s, {}, &report);
        CHECK(report.ran == BackendKind::Cpu);
        CHECK_THAT(report.reason, Catch::Contains("the native CPU backend computes " + std::string(dtypeName(dtype))));
    }
    RunReport single;
    interpolate(Tensor::zeros(Shape{1, 2, 6, 5}, DType::Float32), s, {}, &single);
    CHECK(single.ran == BackendKind::OpenCL);
    std::filesystem::remove_all(dir);
}
