// No read past the end of an axis: the linear family with align_corners=True on an axis longer
// than 2^24, where the float32 scale (in-1)/(out-1) rounds up and PyTorch 1.13 reads input `in`
// (as in newer PyTorch's test_interpolate_buffer_overflow), and every mode's tables over a sweep.
#include "upsample/backend.hpp"
#include "upsample/error.hpp"
#include "upsample/explain.hpp"
#include "upsample/inspect.hpp"
#include "upsample/opencl.hpp"
#include "upsample/spec.hpp"
#include "upsample/modes.hpp"
#include "upsample/taps.hpp"

#include <catch2/catch.hpp>

#include <fstream>
#include <optional>
#include <sstream>
#include <string>

using namespace upsample;

namespace {

constexpr int64_t kLong = 16777220;  // 2^24 + 4: (kLong - 1) / 1 rounds to kLong in float

// MemAvailable from /proc/meminfo, in bytes (nullopt when it cannot be read).
std::optional<uint64_t> availableMemory() {
    std::ifstream f("/proc/meminfo");
    std::string key;
    uint64_t kib = 0;
    std::string unit;
    while (f >> key >> kib >> unit)
        if (key == "MemAvailable:") return kib * 1024;
    return std::nullopt;
}

bool enoughMemory() {
    const auto avail = availableMemory();
    if (avail && *avail < (uint64_t{1} << 30)) {
        WARN("skipped: under 1 GiB of memory free (" << *avail << " bytes)");
        return false;
    }
    return true;
}

// An all-ones float32 input of `spatial` with its last element 0.5.
Tensor onesWithLastHalf(const Shape& shape) {
    Tensor x(shape, DType::Float32);
    float* p = x.data<float>();
    std::fill(p, p + x.numel(), 1.0f);
    p[x.numel() - 1] = 0.5f;
    return x;
}

// The older PyTorch version (1.13), which reads past the end; the newer clamps (guard_index_and_lambda).
const Semantics& older() { return *allSemantics().back(); }

Spec alignedToSize2(Mode mode, int dims, const Semantics& torch = older()) {
    Spec s;
    s.torch = &torch;
    s.mode = mode;
    s.size = std::vector<int64_t>(static_cast<std::size_t>(dims), 2);
    s.sizeIsSequence = dims > 1;
    s.alignCorners = true;
    return s;
}

struct LongCase {
    Mode mode;
    Shape shape;
};
const LongCase kLongCases[] = {
    {Mode::Linear, {1, 1, kLong}},
    {Mode::Bilinear, {1, 1, 1, kLong}},
    {Mode::Trilinear, {1, 1, 1, 1, kLong}},
};

// The corner output (the last element) of the case, on a backend.
float corner(const LongCase& c, BackendKind backend, int device = -1) {
    RunOptions o;
    o.backend = backend;
    o.device = device;
    const Tensor x = onesWithLastHalf(c.shape);
    const Tensor y = interpolate(x, alignedToSize2(c.mode, static_cast<int>(c.shape.size()) - 2), o);
    return y.data<float>()[y.numel() - 1];
}

}  // namespace

TEST_CASE("bounds: the long axis's table is clamped and says PyTorch 1.13 reads past the end", "[bounds]") {
    const ResolvedSpec r = resolve(alignedToSize2(Mode::Linear, 1), Shape{1, 1, kLong});
    const AxisTable<float> t = axisTable<float>(r, 0);
    CHECK(t.pastEnd == 1);
    CHECK(t.firstPastEnd == 1);
    CHECK(t.tapIndex(1, 0) == kLong - 1);
    CHECK(t.tapIndex(1, 1) == kLong - 1);
    CHECK(t.tapWeight(1, 0) == 0.0f);
    CHECK(t.tapWeight(1, 1) == 1.0f);
    // float64 computes the scale exactly: no read past the end there
    const AxisTable<double> d = axisTable<double>(r, 0);
    CHECK(d.pastEnd == 0);
    CHECK(d.tapIndex(1, 0) == kLong - 1);
    CHECK(d.tapWeight(1, 1) == 0.0);
    // The newer version clamps the index to in - 1 and the weight to [0, 1] itself: the same taps.
    const ResolvedSpec n = resolve(alignedToSize2(Mode::Linear, 1, defaultSemantics()), Shape{1, 1, kLong});
    const AxisTable<float> tn = axisTable<float>(n, 0);
    CHECK(tn.pastEnd == 0);
    CHECK(tn.tapIndex(1, 0) == kLong - 1);
    CHECK(tn.tapIndex(1, 1) == kLong - 1);
    CHECK(tn.tapWeight(1, 0) + tn.tapWeight(1, 1) == 1.0f);
}

TEST_CASE("bounds: linear, bilinear, trilinear on an axis over 2^24 give the last input at the corner (CPU)",
          "[bounds][cpu]") {
    if (!enoughMemory()) return;
    for (const LongCase& c : kLongCases) {
        INFO(modeName(c.mode));
        CHECK(corner(c, BackendKind::Cpu) == 0.5f);
    }
}

TEST_CASE("bounds: the same on the OpenCL backend", "[bounds][opencl]") {
    if (!enoughMemory()) return;
    int device = -1;
    try {
        OpenCLBackend probe;
        device = probe.device().index;
    } catch (const OpenCLError& e) {
        WARN("skipped: no OpenCL device (" << e.what() << ")");
        return;
    }
    for (const LongCase& c : kLongCases) {
        INFO(modeName(c.mode));
        RunReport report;
        RunOptions o;
        o.backend = BackendKind::OpenCL;
        o.device = device;
        const Tensor x = onesWithLastHalf(c.shape);
        const Tensor y = interpolate(x, alignedToSize2(c.mode, static_cast<int>(c.shape.size()) - 2), o, &report);
        CHECK(report.ran == BackendKind::OpenCL);
        CHECK(y.data<float>()[y.numel() - 1] == 0.5f);
        CHECK(y.data<float>()[0] == 1.0f);
    }
}

TEST_CASE("bounds: explain says PyTorch 1.13 reads out of bounds there", "[bounds][explain]") {
    const Explanation e =
        explain(Shape{1, 1, kLong}, "F.interpolate(x, size=2, mode='linear', align_corners=True)", older());
    REQUIRE(e.ok());
    std::string notes;
    for (const auto& n : e.notes) notes += n + "\n";
    CHECK_THAT(notes, Catch::Contains("PyTorch 1.13 reads out of bounds here (float32): in dim L the scale rounds to "
                                      "16777220 in float, so output 1 reads input 16777220, past the last input "
                                      "16777219"));
    CHECK_THAT(notes, Catch::Contains("Newer PyTorch clamps the index to the last input, and so does this program."));
    CHECK_THAT(formatExplanation(e), Catch::Contains("PyTorch 1.13 reads out of bounds here"));
    // and not where the index stays inside
    const Explanation fine =
        explain(Shape{1, 1, 1000}, "F.interpolate(x, size=2, mode='linear', align_corners=True)", older());
    for (const auto& n : fine.notes) CHECK_THAT(n, !Catch::Contains("out of bounds"));
    // nor in the newer version, which clamps
    const Explanation newer = explain(Shape{1, 1, kLong}, "F.interpolate(x, size=2, mode='linear', align_corners=True)");
    for (const auto& n : newer.notes) CHECK_THAT(n, !Catch::Contains("out of bounds"));
}

TEST_CASE("bounds: the inspector says PyTorch 1.13 reads out of bounds at that output", "[bounds][inspect]") {
    if (!enoughMemory()) return;
    const Shape shape{1, 1, kLong};
    const ResolvedSpec r = resolve(alignedToSize2(Mode::Linear, 1), shape);
    const Tensor x = onesWithLastHalf(shape);
    RunOptions o;
    o.backend = BackendKind::Cpu;
    const Tensor y = interpolate(x, r, o);
    const PixelInspection p = inspectPixel(r, x, y, 0, {1});
    REQUIRE(p.axes.size() == 1);
    CHECK(p.axes[0].taps == std::vector<int64_t>{kLong - 1, kLong - 1});
    CHECK_THAT(p.axes[0].note, Catch::Contains("PyTorch 1.13 reads input 16777220 here, past the last input 16777219"));
    REQUIRE(p.channels.size() == 1);
    CHECK(p.channels[0].value == 0.5);
    CHECK(p.channels[0].recomputed == 0.5);
    const PixelInspection first = inspectPixel(r, x, y, 0, {0});
    CHECK_THAT(first.axes[0].note, !Catch::Contains("out of bounds"));
}

TEST_CASE("bounds: every mode's tables stay inside the axis over a sweep of sizes and scales", "[bounds]") {
    const int64_t sizes[] = {1, 2, 3, 5, 7, 16, 31, 100, 257, 16777217, 33554435};
    const double scales[] = {0.3, 0.5, 1.0, 1.7, 2.0, 3.3};
    int checked = 0;
    for (Mode mode : kAllModes) {
        const int dims = modeSpatialDims(mode) == 0 ? 1 : modeSpatialDims(mode);
        for (int64_t in : sizes)
            for (int64_t out : {int64_t{1}, int64_t{2}, int64_t{3}, int64_t{8}, int64_t{37}})
                for (const OptionVariant& variant : optionVariants(mode)) {
                        const bool aa = variant.antialias;
                        if (aa && in > 100000) continue;  // a window per output over the whole axis
                        for (std::optional<double> scale : {std::optional<double>{}, std::optional(scales[checked % 6])}) {
                            Spec s;
                            s.mode = mode;
                            Shape shape{1, 1};
                            for (int i = 0; i < dims; ++i) shape.push_back(i + 1 == dims ? in : 1);
                            if (scale) {
                                s.scaleFactor = std::vector<double>(static_cast<std::size_t>(dims), *scale);
                                s.scaleIsSequence = dims > 1;
                            } else {
                                s.size = std::vector<int64_t>(static_cast<std::size_t>(dims), out);
                                s.sizeIsSequence = dims > 1;
                                for (int i = 0; i + 1 < dims; ++i) (*s.size)[static_cast<std::size_t>(i)] = 1;
                            }
                            s.alignCorners = variant.alignCorners;
                            s.antialias = aa;
                            ResolvedSpec r;
                            try {
                                r = resolve(s, shape);
                            } catch (const SpecError&) {
                                continue;
                            }
                            if (r.emptyOutput() || r.outSize(dims - 1) > 1000000) continue;
                            const auto f = axisTable<float>(r, dims - 1);
                            const auto d = axisTable<double>(r, dims - 1);
                            for (int64_t o = 0; o < f.out; ++o)
                                for (int j = 0; j < f.taps; ++j) {
                                    INFO(modeName(mode) << " in " << in << " out " << f.out << " output " << o);
                                    REQUIRE(f.tapIndex(o, j) >= 0);
                                    REQUIRE(f.tapIndex(o, j) + (f.count.empty() || f.taps > 1 ? 1 : f.tapCount(o)) <= in);
                                    REQUIRE(d.tapIndex(o, j) >= 0);
                                    REQUIRE(d.tapIndex(o, j) + (d.count.empty() || d.taps > 1 ? 1 : d.tapCount(o)) <= in);
                                }
                            ++checked;
                        }
                    }
    }
    CHECK(checked > 300);
}
