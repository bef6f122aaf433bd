// core/kernels/*.cl through the OpenCL backend: the golden suite mode by mode, and OpenCL
// against the CPU backend on every golden input.
#include "../support/golden.hpp"
#include "opencl_support.hpp"

#include "upsample/backend.hpp"
#include "upsample/opencl.hpp"

#include <catch2/catch.hpp>

#include <cmath>
#include <cstring>

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

// Runs every golden input that the core resolves on both backends and calls f(case, cpu result,
// OpenCL result); returns how many ran. (A spec the core refuses where PyTorch does not is
// skipped: the spec tests report it.)
template <class F>
int onBothBackends(CpuBackend& cpu, OpenCLBackend& ocl, F f) {
    int cases = 0;
    for (const auto& c : golden::cases()) {
        if (c.isError()) continue;
        ResolvedSpec r;
        try {
            r = resolve(c.spec, c.input.shape());
        } catch (const std::exception&) {
            continue;
        }
        Tensor a(r.outputShape, c.input.dtype()), b(r.outputShape, c.input.dtype());
        cpu.run(r, c.input, a);
        ocl.run(r, c.input, b);
        ++cases;
        f(c, a, b);
    }
    return cases;
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

// bicubic's fused multiply-adds as fma() (taps.cl, TAP_FMA): PyTorch's bits, as on the CPU, on a
// device that rounds as IEEE says (a CPU device such as PoCL; elsewhere the case above).
TEST_CASE("opencl bicubic: float32 and float64 equal PyTorch bit for bit on a CPU device", "[opencl][bicubic][golden]") {
    OpenCLBackend& ocl = ocltest::backend();
    INFO("device: " << ocl.device().name << " (" << ocl.device().type << ")");
    if (ocl.device().type != "CPU") return;
    const auto sel = golden::select({"bicubic"}, false);
    REQUIRE(sel.size() >= 200);
    const auto failures = golden::runCasesBitExact(sel, ocl);
    for (const auto& f : failures) FAIL_CHECK(f);
    CHECK(failures.empty());
}

TEST_CASE("opencl area: every golden case matches PyTorch", "[opencl][area][golden]") {
    checkGolden({"area"}, std::nullopt, 100);
}

TEST_CASE("opencl antialias: every golden case matches PyTorch", "[opencl][antialias][golden]") {
    checkGolden({"bilinear", "bicubic"}, true, 50);
}

TEST_CASE("opencl lanczos: every golden case matches PyTorch", "[opencl][lanczos][golden]") {
    checkGolden({"lanczos"}, true, 50);
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
    int exact = 0;
    const int cases = onBothBackends(cpu, ocl, [&](const auto& c, const Tensor& a, const Tensor& b) {
        if (ocltest::sameBits(a, b)) {
            ++exact;
            return;
        }
        INFO(c.id << " (" << c.call << ")");
        if (c.isNearestMode() || exactDevice) {
            FAIL_CHECK("OpenCL differs from the CPU");
            return;
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
    });
    WARN(exact << " of " << cases << " golden cases bit-identical on the two backends");
    CHECK(cases > 800);
}

namespace {
// A tensor of values in [-4, 4) with NaN, +Inf and -Inf in some places (a fixed pattern).
Tensor nonFinite(const Shape& shape, DType dtype) {
    Tensor t(shape, dtype);
    const double special[] = {std::nan(""), HUGE_VAL, -HUGE_VAL};
    for (int64_t i = 0; i < t.numel(); ++i) {
        double v = static_cast<double>((i * 7919) % 1000) / 125.0 - 4.0;
        if (i % 11 == 3) v = special[(i / 11) % 3];
        if (dtype == DType::Float64) t.data<double>()[i] = v;
        else t.data<float>()[i] = static_cast<float>(v);
    }
    return t;
}

Spec specOf(Mode mode, std::vector<int64_t> size, std::optional<bool> alignCorners, bool antialias) {
    Spec s;
    s.mode = mode;
    s.size = std::move(size);
    s.sizeIsSequence = s.size->size() > 1;
    s.alignCorners = alignCorners;
    s.antialias = antialias;
    return s;
}

// The same bits at every element, or NaN on both. Which NaN an operation on two NaNs returns
// (the input's quiet NaN or the default NaN that 0 * Inf makes, whose sign bit is set on x86) is
// left open by IEEE 754 and follows the operand order the compiler picks for a commutative add;
// every other element, Inf included, must have the same bits.
bool sameBitsOrNaN(const Tensor& a, const Tensor& b) {
    if (a.shape() != b.shape() || a.dtype() != b.dtype()) return false;
    const std::size_t size = dtypeSize(a.dtype());
    const auto* p = static_cast<const unsigned char*>(a.raw());
    const auto* q = static_cast<const unsigned char*>(b.raw());
    for (int64_t i = 0; i < a.numel(); ++i) {
        if (std::isnan(a.at(i)) && std::isnan(b.at(i))) continue;
        if (std::memcmp(p + i * size, q + i * size, size) != 0) return false;
    }
    return true;
}

int64_t countNaN(const Tensor& t) {
    int64_t n = 0;
    for (int64_t i = 0; i < t.numel(); ++i) n += std::isnan(t.at(i));
    return n;
}

// One call of a table of cases: its name, the input shape and the spec.
struct Job {
    const char* name;
    Shape shape;
    Spec spec;
};

// Each job on both backends, float32 and float64 (finite values): the same bits.
void checkJobsOnBoth(const std::vector<Job>& jobs) {
    OpenCLBackend& ocl = ocltest::backend();
    if (ocl.device().type != "CPU") {
        SUCCEED("bit-for-bit parity is checked on CPU devices");
        return;
    }
    CpuBackend cpu(1);
    for (const auto& job : jobs) {
        for (DType dtype : {DType::Float32, DType::Float64}) {
            INFO(job.name << ", " << dtypeName(dtype));
            Tensor x(job.shape, dtype);
            for (int64_t i = 0; i < x.numel(); ++i) {
                const double v = static_cast<double>((i * 7919) % 1000) / 125.0 - 4.0;
                if (dtype == DType::Float64) x.data<double>()[i] = v;
                else x.data<float>()[i] = static_cast<float>(v);
            }
            const ResolvedSpec r = resolve(job.spec, x.shape());
            Tensor a(r.outputShape, dtype), b(r.outputShape, dtype);
            cpu.run(r, x, a);
            ocl.run(r, x, b);
            CHECK(ocltest::sameBits(a, b));
        }
    }
}
}  // namespace

// Where a weight is exactly 0, an Inf neighbour gives 0 * Inf = NaN on both backends (as in
// PyTorch): the same operations in the same order, so the same bits, Inf included, and NaN at
// the same elements (nearest: a copy, so the NaNs' bits too).
TEST_CASE("opencl equals the cpu backend on NaN and +-Inf inputs in every mode", "[opencl][cpu][nonfinite]") {
    const std::vector<Job> jobs = {
        {"nearest 2-D", {2, 3, 9, 7}, specOf(Mode::Nearest, {20, 5}, std::nullopt, false)},
        {"nearest 3-D", {1, 2, 4, 5, 6}, specOf(Mode::Nearest, {7, 9, 13}, std::nullopt, false)},
        {"nearest-exact 1-D", {1, 2, 11}, specOf(Mode::NearestExact, {25}, std::nullopt, false)},
        {"nearest-exact 2-D", {1, 2, 11, 6}, specOf(Mode::NearestExact, {4, 17}, std::nullopt, false)},
        {"linear", {2, 2, 13}, specOf(Mode::Linear, {29}, std::nullopt, false)},
        {"linear align_corners", {2, 2, 13}, specOf(Mode::Linear, {25}, true, false)},
        {"bilinear", {2, 2, 10, 9}, specOf(Mode::Bilinear, {23, 6}, std::nullopt, false)},
        {"bilinear align_corners", {1, 3, 5, 9}, specOf(Mode::Bilinear, {9, 17}, true, false)},
        {"bicubic", {1, 3, 8, 12}, specOf(Mode::Bicubic, {19, 17}, false, false)},
        // align_corners from 5 to 9 (and 9 to 17): every other output sits on an input exactly,
        // with weights (0, 1, 0, 0): an Inf or NaN neighbour still makes it NaN.
        {"bicubic align_corners at integer positions", {1, 2, 5, 9}, specOf(Mode::Bicubic, {9, 17}, true, false)},
        {"trilinear", {1, 2, 5, 6, 7}, specOf(Mode::Trilinear, {9, 4, 13}, std::nullopt, false)},
        {"trilinear align_corners", {1, 1, 3, 5, 5}, specOf(Mode::Trilinear, {5, 9, 9}, true, false)},
        {"area 1-D", {1, 3, 17}, specOf(Mode::Area, {5}, std::nullopt, false)},
        {"area 2-D", {2, 1, 13, 11}, specOf(Mode::Area, {5, 4}, std::nullopt, false)},
        {"area 3-D", {1, 2, 4, 13, 11}, specOf(Mode::Area, {3, 5, 4}, std::nullopt, false)},
        {"bilinear antialias", {2, 1, 21, 18}, specOf(Mode::Bilinear, {7, 25}, std::nullopt, true)},
        {"bicubic antialias", {1, 2, 21, 18}, specOf(Mode::Bicubic, {8, 5}, false, true)},
        {"bicubic antialias align_corners", {1, 2, 19, 19}, specOf(Mode::Bicubic, {10, 10}, true, true)},
        {"lanczos down", {1, 3, 21, 18}, specOf(Mode::Lanczos, {8, 5}, std::nullopt, true)},
        {"lanczos up", {2, 1, 7, 9}, specOf(Mode::Lanczos, {19, 23}, false, true)},
        // wide enough for the CPU devices' fast paths: integer scales (the W offsets repeat every
        // 8 outputs: shuffles), area x1/2 and x1/4 (vector windows)
        {"nearest x2, wide", {1, 2, 6, 40}, specOf(Mode::Nearest, {12, 80}, std::nullopt, false)},
        {"nearest-exact x4 3-D, wide", {1, 1, 2, 3, 24}, specOf(Mode::NearestExact, {4, 6, 96}, std::nullopt, false)},
        // the gather's row segments of up to 32 blocks of 8: a partial segment, a partial block
        // and a last block past the input's end (gathered) at the row end
        {"nearest x2, row segments", {1, 2, 5, 45}, specOf(Mode::Nearest, {10, 90}, std::nullopt, false)},
        {"nearest x2, several row segments", {1, 1, 4, 300}, specOf(Mode::Nearest, {8, 600}, std::nullopt, false)},
        {"bilinear x2, wide", {1, 2, 12, 40}, specOf(Mode::Bilinear, {24, 80}, std::nullopt, false)},
        {"bicubic x2, wide", {1, 2, 10, 40}, specOf(Mode::Bicubic, {20, 80}, false, false)},
        {"trilinear x2, wide", {1, 1, 4, 6, 40}, specOf(Mode::Trilinear, {8, 12, 80}, std::nullopt, false)},
        // wider: 32 outputs a work item read as pairs of 8-output blocks (16-wide shuffles)
        {"bilinear x2, wider", {1, 1, 6, 100}, specOf(Mode::Bilinear, {12, 200}, std::nullopt, false)},
        {"bilinear x4, wider", {1, 1, 4, 50}, specOf(Mode::Bilinear, {16, 200}, std::nullopt, false)},
        {"bicubic x2, wider", {1, 1, 6, 100}, specOf(Mode::Bicubic, {12, 200}, false, false)},
        {"bicubic x2 align_corners, wider", {1, 1, 6, 100}, specOf(Mode::Bicubic, {11, 199}, true, false)},
        {"trilinear x2, wider", {1, 1, 3, 4, 100}, specOf(Mode::Trilinear, {6, 8, 200}, std::nullopt, false)},
        {"area x1/4, wide", {1, 2, 12, 64}, specOf(Mode::Area, {3, 16}, std::nullopt, false)},
        {"area x1/2 3-D, wide", {1, 1, 4, 6, 32}, specOf(Mode::Area, {2, 3, 16}, std::nullopt, false)},
        // the antialias H pass in bands of four output rows (windows of 12 rows or more)
        {"lanczos x1/4, bands", {1, 2, 48, 140}, specOf(Mode::Lanczos, {12, 35}, std::nullopt, true)},
    };
    CpuBackend cpu(1);
    OpenCLBackend& ocl = ocltest::backend();
    const bool exactDevice = ocl.device().type == "CPU";
    INFO("device: " << ocl.device().name << " (" << ocl.device().type << ")");
    int64_t nans = 0;
    for (const auto& job : jobs) {
        for (DType dtype : {DType::Float32, DType::Float64}) {
            INFO(job.name << ", " << dtypeName(dtype));
            const Tensor x = nonFinite(job.shape, dtype);
            const ResolvedSpec r = resolve(job.spec, x.shape());
            Tensor a(r.outputShape, dtype), b(r.outputShape, dtype);
            cpu.run(r, x, a);
            ocl.run(r, x, b);
            REQUIRE(countNaN(a) > 0);  // the pattern reaches every mode's output
            nans += countNaN(a);
            CHECK(countNaN(a) == countNaN(b));
            if (job.spec.mode == Mode::Nearest || job.spec.mode == Mode::NearestExact) {
                CHECK(ocltest::sameBits(a, b));
                continue;
            }
            if (exactDevice) {
                CHECK(sameBitsOrNaN(a, b));
                continue;
            }
            for (int64_t i = 0; i < a.numel(); ++i) {  // other devices: NaN and Inf where the CPU has them
                const double u = a.at(i), v = b.at(i);
                if (std::isnan(u) || std::isinf(u)) CHECK((std::isnan(u) ? std::isnan(v) : u == v));
            }
        }
    }
    CHECK(nans > 100);
}

// Finite inputs wide and tall enough for every form the CPU devices' kernels take (the tap
// kernels' 32-output items and permutes, the antialias passes' 16-row blocks and 64-output rows,
// the full and the partial items at the right edge), where NaN patterns would fill whole windows:
// the same bits as the CPU backend.
TEST_CASE("opencl equals the cpu backend on wide finite inputs", "[opencl][cpu][wide]") {
    const std::vector<Job> jobs = {
        {"bilinear x2", {1, 2, 40, 100}, specOf(Mode::Bilinear, {80, 200}, std::nullopt, false)},
        {"bicubic x1.7 align_corners", {1, 1, 30, 90}, specOf(Mode::Bicubic, {51, 153}, true, false)},
        {"trilinear x2", {1, 1, 3, 20, 100}, specOf(Mode::Trilinear, {6, 40, 200}, std::nullopt, false)},
        {"bilinear antialias x1/3", {1, 2, 40, 300}, specOf(Mode::Bilinear, {13, 100}, std::nullopt, true)},
        {"bicubic antialias x1/2", {1, 1, 36, 260}, specOf(Mode::Bicubic, {18, 130}, false, true)},
        {"bicubic antialias x1/4 (H pass first)", {2, 3, 37, 600}, specOf(Mode::Bicubic, {9, 150}, false, true)},
        {"bilinear antialias W only (W pass first)", {1, 2, 20, 200}, specOf(Mode::Bilinear, {20, 50}, false, true)},
        {"lanczos x1/3", {1, 3, 45, 300}, specOf(Mode::Lanczos, {15, 100}, std::nullopt, true)},
        {"lanczos x2", {1, 2, 30, 100}, specOf(Mode::Lanczos, {60, 200}, std::nullopt, true)},
        // the gather's 16-output blocks (rows of 512 outputs or more): x2 (one load of 8 per
        // block) with runs of 3 output rows per input row, x1.6 (loads of 16), partial items and
        // blocks at the row end
        {"nearest x2 wide, x3 tall", {1, 2, 7, 300}, specOf(Mode::Nearest, {21, 600}, std::nullopt, false)},
        {"nearest-exact x1.6", {1, 1, 10, 340}, specOf(Mode::NearestExact, {16, 544}, std::nullopt, false)},
        // area's 16-window blocks, items of 8 blocks: a whole item, then 1 block and 3 windows
        {"area x1/4", {1, 2, 20, 4 * 147}, specOf(Mode::Area, {5, 147}, std::nullopt, false)},
        {"area x1/2 3-D", {1, 1, 4, 6, 2 * 147}, specOf(Mode::Area, {2, 3, 147}, std::nullopt, false)},
        // the tap kernels' row strips (planes up to 256 outputs wide): 2 and 4 taps, 1-D (one
        // H tap), a partial block at the row end
        {"bilinear x2 narrow planes", {2, 3, 24, 100}, specOf(Mode::Bilinear, {48, 200}, std::nullopt, false)},
        {"bicubic x2 narrow planes", {1, 2, 20, 64}, specOf(Mode::Bicubic, {40, 128}, false, false)},
        {"linear x2 1-D", {2, 3, 100}, specOf(Mode::Linear, {200}, std::nullopt, false)},
        {"bilinear x4 narrow planes", {1, 2, 9, 50}, specOf(Mode::Bilinear, {36, 200}, std::nullopt, false)},
        // the antialias H pass in bands of four output rows (windows of 12 rows or more, items of
        // 8 rows): whole bands, a tail of one row, windows cut at the edges, items of fewer than
        // 64 outputs at the row end
        {"lanczos x1/4, bands", {1, 2, 70, 520}, specOf(Mode::Lanczos, {17, 130}, std::nullopt, true)},
        {"bicubic antialias x1/4, bands", {2, 1, 45, 300}, specOf(Mode::Bicubic, {11, 75}, false, true)},
    };
    checkJobsOnBoth(jobs);
}

// The gather's 16-output form with streaming stores (from 32 MiB; here at every size), on rows
// of any width: rows on 64-byte lines (256 and 640 outputs, runs of 2 and 3 output rows per input
// row, 3-D) stream, rows off them (200 and 600 outputs) and partial blocks store plainly.
TEST_CASE("opencl nearest: the streamed gather gives the cpu backend's bits", "[opencl][cpu][nearest]") {
    ocltest::EnvVar stream("UPSAMPLE_OPENCL_STREAM_BYTES", std::optional<std::string>("0"));
    checkJobsOnBoth({
        {"nearest x2, rows of 256", {2, 3, 20, 128}, specOf(Mode::Nearest, {40, 256}, std::nullopt, false)},
        {"nearest x2 wide, x3 tall", {1, 2, 7, 320}, specOf(Mode::Nearest, {21, 640}, std::nullopt, false)},
        {"nearest 3-D x2", {1, 1, 4, 8, 128}, specOf(Mode::Nearest, {8, 16, 256}, std::nullopt, false)},
        {"nearest-exact x2, rows of 200", {1, 2, 10, 100}, specOf(Mode::NearestExact, {20, 200}, std::nullopt, false)},
        {"nearest x2 wide, rows of 600", {1, 2, 7, 300}, specOf(Mode::Nearest, {14, 600}, std::nullopt, false)},
        {"nearest-exact x1.6", {1, 1, 10, 400}, specOf(Mode::NearestExact, {16, 640}, std::nullopt, false)},
    });
}

// The tap kernels' row strips with streaming stores (where the store probe finds them faster,
// from 32 MiB; here at every size): rows on 64-byte lines (128 outputs) stream, rows of 200
// outputs every other row (800 bytes apart), the partial block at a row's end plainly.
TEST_CASE("opencl tap strips: streamed stores give the cpu backend's bits", "[opencl][cpu][linear]") {
    ocltest::EnvVar stream("UPSAMPLE_OPENCL_STREAM_BYTES", std::optional<std::string>("0"));
    checkJobsOnBoth({
        {"bilinear x2 narrow planes", {2, 3, 24, 100}, specOf(Mode::Bilinear, {48, 200}, std::nullopt, false)},
        {"bicubic x2 narrow planes", {1, 2, 20, 64}, specOf(Mode::Bicubic, {40, 128}, false, false)},
        {"bilinear x4, a partial block", {1, 2, 9, 50}, specOf(Mode::Bilinear, {36, 200}, std::nullopt, false)},
        {"linear x2 1-D", {2, 3, 100}, specOf(Mode::Linear, {200}, std::nullopt, false)},
    });
}

TEST_CASE("opencl bicubic align_corners: an input sample beside an Inf is NaN on both backends", "[opencl][nonfinite]") {
    // 5 x 5 ones with +Inf at (2, 1), to 9 x 9 with align_corners: output (4, 4) sits on input
    // (2, 2) exactly. Bicubic reads columns 1..4 there with the weights (0, 1, 0, 0): 0 * Inf = NaN,
    // as in PyTorch; bilinear reads columns 2 and 3 only and gives 1. Output (4, 2) sits on the Inf.
    Tensor x({1, 1, 5, 5}, DType::Float32);
    for (int i = 0; i < 25; ++i) x.data<float>()[i] = i == 2 * 5 + 1 ? HUGE_VALF : 1.0f;
    for (Mode mode : {Mode::Bilinear, Mode::Bicubic}) {
        INFO(modeName(mode));
        const ResolvedSpec r = resolve(specOf(mode, {9, 9}, true, false), x.shape());
        Tensor a(r.outputShape, x.dtype()), b(r.outputShape, x.dtype());
        CpuBackend(1).run(r, x, a);
        ocltest::backend().run(r, x, b);
        CHECK(sameBitsOrNaN(a, b));
        CHECK(countNaN(a) == countNaN(b));
        if (mode == Mode::Bicubic) CHECK(std::isnan(a.at(4 * 9 + 4)));
        else CHECK(a.at(4 * 9 + 4) == 1.0f);
        CHECK(std::isnan(b.at(4 * 9 + 4)) == std::isnan(a.at(4 * 9 + 4)));
        CHECK(a.at(4 * 9 + 2) == HUGE_VALF);  // on the Inf: Inf with weight 1, its neighbours with weight 0
        CHECK(b.at(4 * 9 + 2) == HUGE_VALF);
    }
}

// The shapes a GPU gets (two outputs and four rows per work item, device buffers) and others,
// forced on this device: every golden input gives the CPU backend's bits under each (a CPU device rounds as the
// host does), so the kernels' edges (row ends, partial row groups) are right for every shape.
TEST_CASE("opencl kernels: every outputs-per-item, rows-per-item and block shape gives the same bits", "[opencl][cpu][shapes]") {
    OpenCLBackend& ocl = ocltest::backend();
    if (ocl.device().type != "CPU") {
        SUCCEED("bit-for-bit parity is checked on CPU devices");
        return;
    }
    CpuBackend cpu(1);
    for (const char* shape : {"2,4", "4,3", "1,1", "16,5"}) {
        const std::string s(shape);
        ocltest::EnvVar vec("UPSAMPLE_OPENCL_VEC", s.substr(0, s.find(',')));
        ocltest::EnvVar rows("UPSAMPLE_OPENCL_ROWS", s.substr(s.find(',') + 1));
        // the CPU devices' 8 x 8 block kernels (taps, antialias W pass) with 1 and 5 rows per
        // item; the other kernels of the same programs (the GPUs') with VEC 2 and 4
        const bool blocks = s == "1,1" || s == "16,5";
        ocltest::EnvVar noBlocks("UPSAMPLE_OPENCL_BLOCKS", blocks ? std::nullopt : std::optional<std::string>("0"));
        // the tap blocks with 1, 2 and 4 blocks of 8 outputs per item (the other tests: the
        // default 8), and with streaming stores at every size (else none)
        ocltest::EnvVar groups("UPSAMPLE_OPENCL_GROUPS", s == "1,1" ? "1" : s == "16,5" ? "4" : "2");
        ocltest::EnvVar stream("UPSAMPLE_OPENCL_STREAM_BYTES", s == "16,5" ? std::optional<std::string>("0") : std::nullopt);
        // the GPU's shape also through the GPU's memory path: device buffers written and read
        ocltest::EnvVar buffers("UPSAMPLE_OPENCL_DEVICE_BUFFERS", s == "2,4" ? std::optional<std::string>("1") : std::nullopt);
        const int cases = onBothBackends(cpu, ocl, [&](const auto& c, const Tensor& a, const Tensor& b) {
            if (!sameBitsOrNaN(a, b)) FAIL_CHECK("VEC,ROWS = " << shape << ": " << c.id << " (" << c.call << ") differs");
        });
        CHECK(cases > 800);
    }
}
