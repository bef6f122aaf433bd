// uint8 bilinear and bicubic on the OpenCL backend (core/kernels/uint8_fixed.cl): the bytes of
// PyTorch 2.14 (tests/golden/torch-2.14/uint8.json), as the CPU backend gives them.
#include "opencl_support.hpp"

#include "../support/golden.hpp"
#include "../support/uint8_golden.hpp"

#include "upsample/backend.hpp"
#include "upsample/error.hpp"

#include <catch2/catch.hpp>

using namespace upsample;
using namespace uint8golden;

namespace {
// Every case of `cases` with an output, on the device: PyTorch's bytes. Returns how many ran.
int checkOnDevice(const json& cases) {
    int n = 0;
    for (const json& c : cases) {
        if (c.at("output").is_null() || layoutDecides(c)) continue;
        INFO(c.at("id").get<std::string>() << ": " << c.at("call").get<std::string>());
        const Tensor x = inputOf(c);
        const ResolvedSpec r = resolve(specOf(c), x.shape());
        Tensor y(r.outputShape, DType::UInt8);
        ocltest::backend().run(r, x, y);
        CHECK(differences(y, c) == "");
        ++n;
    }
    return n;
}
}  // namespace

TEST_CASE("opencl uint8: bilinear and bicubic equal PyTorch byte for byte", "[opencl][uint8][golden]") {
    CHECK(checkOnDevice(goldenCases()) >= 450);
}

TEST_CASE("opencl uint8: lanczos equals PyTorch 2.14 byte for byte", "[opencl][lanczos][uint8][golden]") {
    CHECK(checkOnDevice(golden::mergedGolden("lanczos_uint8.json").at("cases")) >= 18);
}

TEST_CASE("opencl uint8: interpolate() runs it on the requested device, and nearest on the CPU", "[opencl][uint8]") {
    std::vector<uint8_t> v(3 * 5 * 6);
    for (std::size_t i = 0; i < v.size(); ++i) v[i] = static_cast<uint8_t>(i * 37 % 256);
    const Tensor x = Tensor::fromValues(Shape{1, 3, 5, 6}, std::span<const uint8_t>(v));
    Spec s;
    s.mode = Mode::Bicubic;
    s.antialias = true;
    s.size = std::vector<int64_t>{3, 11};
    s.sizeIsSequence = true;
    RunOptions ocl;
    ocl.backend = BackendKind::OpenCL;
    RunReport report;
    const Tensor y = interpolate(x, s, ocl, &report);
    CHECK(report.ran == BackendKind::OpenCL);
    RunOptions cpu;
    cpu.backend = BackendKind::Cpu;
    CHECK(ocltest::sameBits(y, interpolate(x, s, cpu)));
    s.mode = Mode::Nearest;
    s.antialias = false;
    interpolate(x, s, ocl, &report);
    CHECK(report.ran == BackendKind::Cpu);
    REQUIRE(!report.notices.empty());
    CHECK(report.notices[0] == "OpenCL computes uint8 in bilinear and bicubic only; uint8 computed on the CPU");
}
