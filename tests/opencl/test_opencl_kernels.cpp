// core/kernels/*.cl through the OpenCL backend: the golden suite mode by mode, and OpenCL
// against the CPU backend on every golden input.
#include "../support/golden.hpp"
#include "opencl_support.hpp"

#include "upsample/backend.hpp"
#include "upsample/opencl.hpp"

#include <catch2/catch.hpp>

#include <cmath>

using namespace upsample;

namespace {
void checkGolden(const std::vector<std::string>& modes, std::optional<bool> antialias, std::size_t atLeast) {
    const auto sel = golden::select(modes, antialias);
    REQUIRE(sel.size() >= atLeast);
    INFO("device: " << ocltest::backend().device().name);
    const auto failures = golden::runCases(sel, ocltest::backend());
    for (const auto& f : failures) FAIL_CHECK(f);
    CHECK(failures.empty());
}
}  // namespace

TEST_CASE("opencl nearest: every golden case equals PyTorch bit for bit", "[opencl][nearest][golden]") {
    checkGolden({"nearest"}, std::nullopt, 100);
}

TEST_CASE("opencl nearest-exact: every golden case equals PyTorch bit for bit", "[opencl][nearest_exact][golden]") {
    checkGolden({"nearest-exact"}, std::nullopt, 100);
}

TEST_CASE("opencl linear family: every golden case matches PyTorch", "[opencl][linear][golden]") {
    checkGolden({"linear", "bilinear", "trilinear"}, false, 200);
}

TEST_CASE("opencl bicubic: every golden case matches PyTorch", "[opencl][bicubic][golden]") {
    checkGolden({"bicubic"}, false, 50);
}

TEST_CASE("opencl area: every golden case matches PyTorch", "[opencl][area][golden]") {
    checkGolden({"area"}, std::nullopt, 100);
}

TEST_CASE("opencl antialias: every golden case matches PyTorch", "[opencl][antialias][golden]") {
    checkGolden({"bilinear", "bicubic"}, true, 50);
}

// The two backends share the tables and the order of operations, so they agree on every
// input: bit for bit on nearest modes anywhere, and on every mode where the device computes
// with IEEE rounding and denormals as the host does (a CPU device such as PoCL); within the
// golden tolerance on any device.
TEST_CASE("opencl equals the cpu backend on every golden input", "[opencl][cpu][golden]") {
    CpuBackend cpu(1);
    OpenCLBackend& ocl = ocltest::backend();
    const bool exactDevice = ocl.device().type == "CPU";
    INFO("device: " << ocl.device().name << " (" << ocl.device().type << ")");
    int cases = 0, exact = 0;
    for (const auto& c : golden::cases()) {
        if (c.isError()) continue;
        ResolvedSpec r;
        try {
            r = resolve(c.spec, c.input.shape());
        } catch (const std::exception&) {
            continue;  // a spec the core refuses where PyTorch does not: the spec tests report it
        }
        Tensor a(r.outputShape, c.input.dtype()), b(r.outputShape, c.input.dtype());
        cpu.run(r, c.input, a);
        ocl.run(r, c.input, b);
        ++cases;
        if (ocltest::sameBits(a, b)) {
            ++exact;
            continue;
        }
        INFO(c.id << " (" << c.call << ")");
        if (c.isNearestMode() || exactDevice) {
            FAIL_CHECK("OpenCL differs from the CPU");
            continue;
        }
        for (int64_t i = 0; i < a.numel(); ++i) {
            const double x = a.at(i), y = b.at(i);
            const bool ok = (std::isnan(x) && std::isnan(y)) || x == y ||
                            std::fabs(x - y) <= 2e-5 * std::max(1.0, std::fabs(x));
            if (!ok) {
                FAIL_CHECK("element " << i << ": cpu " << x << ", opencl " << y);
                break;
            }
        }
    }
    WARN(exact << " of " << cases << " golden cases bit-identical on the two backends");
    CHECK(cases > 800);
}
