// Backend choice through the registry (backends/), the reasons interpolate() reports, and the
// internal error kind.
#include "backends/registry.hpp"

#include "upsample/backend.hpp"
#include "upsample/error.hpp"

#include <catch2/catch.hpp>

#include <cstdlib>
#include <string>

using namespace upsample;

namespace {
Spec twice() {
    Spec s;
    s.mode = Mode::Bilinear;
    s.scaleFactor = std::vector<double>{2.0};
    return s;
}
}  // namespace

TEST_CASE("the registry ends with the CPU, which runs every spec") {
    const auto& r = backends::registry();
    REQUIRE_FALSE(r.empty());
    CHECK(r.back().kind == BackendKind::Cpu);
    const Tensor x(Shape{1, 1, 2, 2}, DType::Float32);
    RunOptions o;
    o.threads = 1;
    const backends::Offer offer = r.back().assess(resolve(twice(), x.shape()), DType::Float64, o);
    REQUIRE(offer.backend);
    CHECK(offer.score == backends::kScoreFallback);
}

TEST_CASE("a requested CPU runs, with a reason in the core's words") {
    const Tensor x(Shape{1, 1, 2, 2}, DType::Float32);
    RunOptions o;
    o.backend = BackendKind::Cpu;
    o.threads = 1;
    RunReport report;
    interpolate(x, twice(), o, &report);
    CHECK(report.ran == BackendKind::Cpu);
    CHECK(report.choice == RunChoice::Requested);
    CHECK(report.reason == "cpu as requested");
    CHECK(report.reason.find("--") == std::string::npos);
    CHECK(report.kernelMilliseconds == -1);
}

TEST_CASE("auto without a usable OpenCL device falls back to the CPU, with a notice") {
    ::setenv("UPSAMPLE_OPENCL_FAULT", "nodevice", 1);
    const Tensor x(Shape{1, 1, 2, 2}, DType::Float32);
    RunOptions o;
    o.threads = 1;
    RunReport report;
    interpolate(x, twice(), o, &report);
    ::unsetenv("UPSAMPLE_OPENCL_FAULT");
    CHECK(report.ran == BackendKind::Cpu);
    CHECK(report.choice == RunChoice::Fallback);
    CHECK(report.reason == "auto: no usable OpenCL device");
    REQUIRE(report.notices.size() == 1);
    CHECK(report.notices[0].rfind("OpenCL unavailable: ", 0) == 0);
}

TEST_CASE("a broken internal contract is its own error kind and asks for a bug report") {
    const InternalError e("cpu::run: tensor shapes do not match the resolved spec");
    CHECK(e.kind() == ErrorKind::Internal);
    CHECK(e.detail() == "cpu::run: tensor shapes do not match the resolved spec");
    CHECK_THAT(std::string(e.what()), Catch::StartsWith(e.detail()) && Catch::EndsWith("please report it as a bug)"));

    const Tensor x(Shape{1, 1, 2, 2}, DType::Float32);
    const ResolvedSpec s = resolve(twice(), x.shape());
    Tensor wrong(Shape{1, 1, 3, 3}, DType::Float32);
    CpuBackend cpu(1);
    try {
        cpu.run(s, x, wrong);
        FAIL("no error");
    } catch (const Error& err) {
        CHECK(err.kind() == ErrorKind::Internal);
        CHECK_THAT(std::string(err.what()), Catch::Contains("report it as a bug"));
    }
}
