// The OpenCL backend: a plan's tables (plan/) on the device, one launch per piece; the program
// and kernels are the ones the mode's descriptor names.
#include "pieces.hpp"
#include "runtime.hpp"
#include "reduced_opencl.hpp"
#include "store_probe.hpp"
#include "uint8_opencl.hpp"

#include "plan/plan.hpp"
#include "storage.hpp"

#include "upsample/fixed_point.hpp"
#include "upsample/opencl.hpp"

#include <algorithm>
#include <cstdlib>
#include <cstring>
#include <deque>
#include <limits>
#include <memory>
#include <optional>
#include <string_view>
#include <tuple>

namespace upsample {
namespace opencl {
namespace {

// One spatial axis as the kernels see it: a table of taps.hpp with the tap counts spelled out.
template <class T>
struct DeviceAxis {
    int64_t in = 1, out = 1;
    int taps = 1;
    std::vector<int64_t> index;
    std::vector<T> weight;
    std::vector<int32_t> count;
    bool window = false;  // area: index[d] is the first of count[d] consecutive inputs

    // The inputs [lo, hi) that output d reads.
    std::pair<int64_t, int64_t> reads(int64_t d) const {
        if (window) return {index[static_cast<std::size_t>(d)], index[static_cast<std::size_t>(d)] + count[static_cast<std::size_t>(d)]};
        const auto first = index.begin() + d * taps;
        const auto [lo, hi] = std::minmax_element(first, first + taps);
        return {*lo, *hi + 1};
    }
};

template <class T>
DeviceAxis<T> deviceAxis(const AxisTable<T>& t, bool window) {
    DeviceAxis<T> a;
    a.in = t.in;
    a.out = t.out;
    a.taps = t.taps;
    a.index = t.index;
    a.weight = t.weight;
    a.count.resize(static_cast<std::size_t>(t.out));
    for (int64_t d = 0; d < t.out; ++d) a.count[static_cast<std::size_t>(d)] = t.tapCount(d);
    a.window = window;
    return a;
}

// The axis that a pass leaves alone: output d reads input d with weight 1.
template <class T>
DeviceAxis<T> identityAxis(int64_t n) {
    DeviceAxis<T> a;
    a.in = a.out = n;
    a.index.resize(static_cast<std::size_t>(n));
    for (int64_t d = 0; d < n; ++d) a.index[static_cast<std::size_t>(d)] = d;
    a.weight.assign(static_cast<std::size_t>(n), T(1));
    a.count.assign(static_cast<std::size_t>(n), 1);
    return a;
}

// One kernel over the whole output, in pieces.
template <class T>
struct Launch {
    std::string program;  // core/kernels/<program>.cl
    std::string kernel;
    int dims = 0;
    int64_t planes = 0;
    std::array<DeviceAxis<T>, 3> axes;  // D, H, W
};

// Outputs per work item along W. Several, for vector loads and stores and fewer index loads
// per output: eight floats (a 256-bit vector) on CPU devices, whose compilers vectorise the
// work item; two on GPUs, where neighbouring work items already make the accesses contiguous.
// Area keeps one output per item on CPU devices (its per-output windows gain nothing from
// vectors); the antialias passes take VEC outputs as one vector (measured: 8 beats 1 on PoCL).
int outputsPerItem(const DeviceState& d, std::size_t elementSize, const std::string& program, const std::string& kernel) {
    if (const char* env = std::getenv("UPSAMPLE_OPENCL_VEC"); env && *env) {  // tuning knob
        const int v = std::atoi(env);
        if (v == 1 || v == 2 || v == 4 || v == 8 || v == 16) return v;
    }
    if (d.info.type == "CPU") return programHasForm(program, kernel, "ONE_PER_ITEM") ? 1 : elementSize == 8 ? 4 : 8;
    return 2;
}

// Output rows per work item of the tap kernels (taps.cl), which keep the W sums of the input
// rows an output row reads for the next one, and of the gather (gather.cl), which keeps the
// values of a repeated input row. The CPU devices' tap blocks (tall) take up to 128 (their input rows
// kept to 64, below): with streaming stores, the taller the tile the fewer W sums computed twice
// (PoCL, W1 x2: 125 rows take 0.65x the time of 29 for bilinear, 0.75x for bicubic).
int rowsPerItem(const DeviceState& d, bool tall = false) {
    if (const char* env = std::getenv("UPSAMPLE_OPENCL_ROWS"); env && *env) {  // tuning knob
        const int v = std::atoi(env);
        if (v >= 1 && v <= 128) return v;
    }
    return d.info.type != "CPU" ? 4 : tall ? 128 : 32;
}

// Blocks of `width` outputs a work item writes along a row on CPU devices (GROUPS): `groups` (or
// the tuning knob `env`), halved while they would pass the row's end.
int groupsAlong(const char* env, int groups, int64_t width, int64_t outW) {
    if (const char* v = std::getenv(env); v && *v) groups = std::max(1, std::atoi(v));
    while (groups > 1 && width * groups > outW) groups /= 2;
    return groups;
}
// The gather's blocks of 8 (gather.cl): up to 32, a 1 KiB row segment.
int gatherGroups(int64_t outW) { return groupsAlong("UPSAMPLE_OPENCL_GATHER_GROUPS", 32, 8, outW); }
// The gather's 16-output form (GATHER16): up to 16, a 1 KiB row segment.
int gatherGroups16(int64_t outW) { return groupsAlong("UPSAMPLE_OPENCL_GATHER_GROUPS", 16, 16, outW); }
// Area's 16-output form (area.cl, AREA_K with VEC 16): up to 8 (PoCL CPU time, W4 area x1/4,
// 4 rounds: 8 blocks 4.7-4.9 ms, 4 blocks 5.1-5.7, 15 blocks 5.2-5.4).
int areaGroups16(int64_t outW) { return groupsAlong("UPSAMPLE_OPENCL_AREA_GROUPS", 8, 16, outW); }

// Outputs from this size on (UPSAMPLE_OPENCL_STREAM_BYTES, a tuning and test knob, 0: every
// output and tile) are written with streaming stores by the CPU devices' tap kernels and gather;
// else `byDefault`, the kernel's own rule (kGatherStreamBytes, tapStreamBytes).
std::optional<int64_t> streamBytesKnob() {
    if (const char* env = std::getenv("UPSAMPLE_OPENCL_STREAM_BYTES"); env && *env) return std::atoll(env);
    return std::nullopt;
}
int64_t streamBytes(int64_t byDefault) { return streamBytesKnob().value_or(byDefault); }
// As the CPU backend's nearest kernel (cpu::kStreamOutputBytes).
constexpr int64_t kGatherStreamBytes = int64_t{32} << 20;

// The output size from which the tap blocks stream their stores (UPSAMPLE_OPENCL_STREAM_BYTES
// where set): on a CPU device whose store probe found streamed stores faster (store_probe.hpp;
// PoCL on an Intel Xeon, kernel time, W1 x2: bilinear 0.44-0.51 of the plain time, bicubic 0.44,
// align_corners 0.32-0.50, W3 trilinear 0.62), outputs from kTapStreamBytes on; elsewhere none
// (on an AMD EPYC plain stores measured faster: PoCL, kernel time, medians of 6 interleaved
// rounds, W1 bilinear x2 9.4 against 14.3 ms streamed, W2 bilinear 15.4 against 19.9, W1 bicubic
// 15.9 against 19.8). A device that fails the probe keeps plain stores; its own kernel then
// reports what fails.
// (8 MiB: W5's 12 MB output took 0.91-0.96 ms streamed against 1.16-1.20 plain there.)
constexpr int64_t kTapStreamBytes = int64_t{8} << 20;
int64_t tapStreamBytes(DeviceState& d, int64_t outBytes) {
    constexpr int64_t kNone = std::numeric_limits<int64_t>::max();
    if (const auto knob = streamBytesKnob()) return *knob;
    if (d.info.type != "CPU" || outBytes < kTapStreamBytes) return kNone;
    try {
        return storeProbe(d).stream() ? kTapStreamBytes : kNone;
    } catch (const OpenCLError&) {
        return kNone;
    }
}

// UPSAMPLE_OPENCL_BLOCKS=0: the CPU devices' block, shuffle and vector-window paths off (the
// kernels the GPUs run, for tests and comparisons).
bool blocksOff() {
    const char* env = std::getenv("UPSAMPLE_OPENCL_BLOCKS");
    return env && std::string_view(env) == "0";
}

// The antialias W pass in blocks of 16 rows (antialias.cl, AA_BLOCKS), on CPU devices: the input
// columns that 8 consecutive outputs read, rounded up to a multiple of 8 (CSPAN); 0 for the
// item-per-row kernel (GPUs, UPSAMPLE_OPENCL_BLOCKS=0, windows that do not move forward, or
// windows so wide that the block's columns would not stay in the cache: 16 KiB of them).
template <class T>
int antialiasBlockSpan(const DeviceState& d, const DeviceAxis<T>& w) {
    if (d.info.type != "CPU") return 0;
    if (blocksOff()) return 0;
    int64_t span = 1;
    for (int64_t x = 0; x < w.out; ++x) {
        const int64_t lo = w.index[static_cast<std::size_t>(x * w.taps)];
        int64_t hi = lo;
        for (int64_t k = x; k < std::min(w.out, x + 8); ++k) {
            const int64_t start = w.index[static_cast<std::size_t>(k * w.taps)];
            if (start < lo) return 0;
            hi = std::max(hi, start + w.count[static_cast<std::size_t>(k)]);
        }
        span = std::max(span, hi - lo);
    }
    const int64_t rounded = (span + 7) / 8 * 8;
    return rounded * 16 * static_cast<int64_t>(sizeof(T)) <= 16384 ? static_cast<int>(rounded) : 0;
}

// Area with every W window [K * x, K * x + K), K 2 or 4 (x1/2, x1/4): area.cl's vector windows
// (AREA_K), 8 outputs an item, on CPU devices; else 0.
template <class T>
int uniformAreaRatio(const DeviceState& d, const DeviceAxis<T>& w) {
    if (d.info.type != "CPU") return 0;
    if (blocksOff()) return 0;
    const int64_t k = w.in / std::max<int64_t>(w.out, 1);
    if ((k != 2 && k != 4) || k * w.out != w.in) return 0;
    for (int64_t x = 0; x < w.out; ++x)
        if (w.index[static_cast<std::size_t>(x)] != k * x || w.count[static_cast<std::size_t>(x)] != k) return 0;
    return static_cast<int>(k);
}

// The most input indices that `window` consecutive outputs of an axis read, first to last,
// rounded up to a multiple of 8, for one axis and many windows: each output's reads once; where
// they never move back (the usual table) a window's reach is its last output's end less its
// first's start, else a sliding minimum and maximum; linear in the axis length per window.
class BlockReach {
public:
    template <class T>
    explicit BlockReach(const DeviceAxis<T>& a) : lo_(static_cast<std::size_t>(a.out)), hi_(lo_.size()) {
        for (std::size_t o = 0; o < lo_.size(); ++o) {
            std::tie(lo_[o], hi_[o]) = a.reads(static_cast<int64_t>(o));
            if (o > 0 && (lo_[o] < lo_[o - 1] || hi_[o] < hi_[o - 1])) monotone_ = false;
        }
    }
    int64_t operator()(int64_t window) const {
        const std::size_t w = static_cast<std::size_t>(std::max<int64_t>(window, 1));
        int64_t reach = 1;
        if (monotone_) {
            for (std::size_t o = 0; o < lo_.size(); ++o) reach = std::max(reach, hi_[std::min(o + w, lo_.size()) - 1] - lo_[o]);
            return (reach + 7) / 8 * 8;
        }
        std::deque<std::size_t> mins, maxs;  // indices of increasing lo / decreasing hi in the window
        for (std::size_t o = 0; o < lo_.size(); ++o) {
            while (!mins.empty() && lo_[mins.back()] >= lo_[o]) mins.pop_back();
            while (!maxs.empty() && hi_[maxs.back()] <= hi_[o]) maxs.pop_back();
            mins.push_back(o);
            maxs.push_back(o);
            const std::size_t first = o + 1 >= w ? o + 1 - w : 0;
            while (mins.front() < first) mins.pop_front();
            while (maxs.front() < first) maxs.pop_front();
            reach = std::max(reach, hi_[maxs.front()] - lo_[mins.front()]);
        }
        return (reach + 7) / 8 * 8;
    }

private:
    std::vector<int64_t> lo_, hi_;
    bool monotone_ = true;
};

// The tap kernel in 8 x 8 blocks (taps.cl, TAP_BLOCKS), on CPU devices: a work item's `groups`
// blocks of 8 outputs each read `columns` input columns at most, and its `rows` output rows
// `inputRows` input rows (both multiples of 8, kept to 64: its private arrays); columns 0 for
// the item-per-row-cache kernel (GPUs, UPSAMPLE_OPENCL_BLOCKS=0, tables that jump too far).
struct TapBlocks {
    int columns = 0, inputRows = 0, rows = 1, groups = 1;
};
template <class T>
TapBlocks tapBlockShape(const DeviceState& d, const DeviceAxis<T>& depth, const DeviceAxis<T>& h, const DeviceAxis<T>& w,
                        int rows) {
    TapBlocks b;
    if (d.info.type != "CPU") return b;
    if (blocksOff()) return b;
    constexpr int64_t kMax = 64;
    const int64_t columns = BlockReach(w)(8);
    if (columns > kMax) return b;
    // The W sums are computed 8 input rows at a time: of the tile heights from `rows` down to
    // half of it (then halving), the one with the fewest input rows computed per output row
    // (the most rows on a tie).
    double best = 0;
    const BlockReach reachH(h);
    for (int r = rows; r >= 1; r = (r > rows / 2 ? r - 1 : r / 2)) {
        const int64_t inputRows = reachH(r);
        const double perRow = static_cast<double>(r) / static_cast<double>(inputRows);
        if (inputRows <= kMax && perRow > best * 1.0001) {
            best = perRow;
            b.columns = static_cast<int>(columns);
            b.inputRows = static_cast<int>(inputRows);
            b.rows = r;
        }
    }
    // Blocks of 8 outputs per item: 8 (on PoCL, W1 x2, 4 blocks took 0.6-0.75x the time of 1,
    // from the H taps of a row read once per 32 outputs and longer runs of stores; 8 blocks,
    // paired against 4 after later rounds: bilinear 0.83, align_corners 0.78, bicubic 0.79,
    // align_corners 0.80; 16, with 32 KiB, 1.0-1.04), fewer where the W sums would take more
    // than 16 KiB of private memory.
    b.groups = 8;
    if (const char* env = std::getenv("UPSAMPLE_OPENCL_GROUPS"); env && *env) {  // tuning knob
        const int v = std::atoi(env);
        if (v == 1 || v == 2 || v == 4 || v == 8) b.groups = v;
    }
    while (b.groups > 1 && depth.taps * b.inputRows * b.groups * 8 * static_cast<int64_t>(sizeof(T)) > 16384) b.groups /= 2;
    return b;
}

// The W offsets an integer scale repeats every `width` outputs: those of the block in the middle
// of the axis, from its first input, tap by tap (width offsets a tap), where they are all below
// `reach` and at least half of the blocks have them; else empty.
template <class T>
std::vector<int64_t> blockPattern(const DeviceAxis<T>& w, int64_t width, int64_t reach) {
    const int64_t blocks = w.out / width;
    if (blocks < 4) return {};
    auto first = [&w, width](int64_t x0) {  // the first input column of the block from output x0
        int64_t c0 = std::numeric_limits<int64_t>::max();
        for (int64_t k = 0; k < width; ++k)
            for (int c = 0; c < w.taps; ++c) c0 = std::min(c0, w.index[static_cast<std::size_t>((x0 + k) * w.taps + c)]);
        return c0;
    };
    auto offsets = [&w, &first, width](int64_t x0, std::vector<int64_t>& pat) {
        const int64_t c0 = first(x0);
        pat.clear();
        for (int c = 0; c < w.taps; ++c)
            for (int64_t k = 0; k < width; ++k) pat.push_back(w.index[static_cast<std::size_t>((x0 + k) * w.taps + c)] - c0);
    };
    std::vector<int64_t> pattern, other;
    offsets(blocks / 2 * width, pattern);
    for (const int64_t v : pattern)
        if (v < 0 || v >= reach) return {};
    int64_t same = 0;
    for (int64_t b = 0; b < blocks; ++b) {
        offsets(b * width, other);
        same += other == pattern;
    }
    if (same * 2 < blocks) return {};
    return pattern;
}

// The W offsets an integer scale repeats every 8 outputs (taps.cl, TAP_PATTERN): blockPattern's
// for blocks of 8 within 16 inputs, as build options; else "".
template <class T>
std::string tapPattern(const DeviceAxis<T>& w) {
    if (w.taps != 1 && w.taps != 2 && w.taps != 4 && w.taps != 8) return {};
    const std::vector<int64_t> pattern = blockPattern(w, 8, 16);
    if (pattern.empty()) return {};
    std::string o = " -DTAP_PATTERN=1";
    for (int c = 0; c < w.taps; ++c) {
        o += " -DPAT" + std::to_string(c) + "=";
        for (int k = 0; k < 8; ++k) o += (k ? "," : "") + std::to_string(pattern[static_cast<std::size_t>(c * 8 + k)]);
    }
    return o;
}

// The gather's 16-output blocks on CPU devices (gather.cl, GATHER16), float, rows of 512 outputs
// or more, or of any width where the output streams (`stream`): where 16 consecutive outputs read
// within 16 inputs with the offsets that most blocks share, the build options for them (GATHER16:
// 8 where those inputs fit one load of 8, else 16); else "". (PoCL CPU time, W1 nearest x2: 0.7x
// the 8-output blocks; on rows of 256, where one item of either form writes whole rows, 1.0x on
// W2 and 1.07x on W3 nearest, which keep those unless they stream: only this form streams.)
template <class T>
std::string gatherPattern16(const DeviceState& d, const DeviceAxis<T>& w, bool stream) {
    if (!std::is_same_v<T, float> || d.info.type != "CPU" || blocksOff() || w.taps != 1 || (w.out < 512 && !stream))
        return {};
    const std::vector<int64_t> pattern = blockPattern(w, 16, 16);
    if (pattern.empty()) return {};
    const int64_t reach = *std::max_element(pattern.begin(), pattern.end()) < 8 ? 8 : 16;
    std::string o = " -DGATHER16=" + std::to_string(reach) + " -DPAT16=";
    for (std::size_t k = 0; k < pattern.size(); ++k) o += (k ? "," : "") + std::to_string(pattern[k]);
    return o;
}

// The tap kernels' row strips (taps.cl, TAP_STRIPS), on CPU devices, float, 2-D, for planes at
// most 256 outputs wide: where 16 consecutive outputs read within 16 inputs with the offsets
// that most blocks share (an integer scale) and each output row's H taps are consecutive input
// rows (or repeats), a work item computes whole output rows (up to 16 blocks of 16), down a
// plane: its stores are one sequential run (PoCL, W2 8x64x128x128 bilinear x2: 0.57x the CPU
// time of the 8 x 8 blocks, whose items write 32-output columns of rows; on wider rows, row
// segments of 256 outputs took as long as the blocks, 1.05x for bicubic, so those keep them).
// The rows of an item: the whole plane, halved while the launch would have under 64 items
// (UPSAMPLE_OPENCL_ROWS, where set).
struct TapStrips {
    std::string options;  // "" where the form does not apply
    int groups = 1, rows = 1;
};
template <class T>
TapStrips tapStripShape(const DeviceState& d, int64_t planes, const std::array<DeviceAxis<T>, 3>& axes) {
    TapStrips s;
    const DeviceAxis<T>& h = axes[1];
    const DeviceAxis<T>& w = axes[2];
    if (!std::is_same_v<T, float> || d.info.type != "CPU" || blocksOff()) return s;
    if (axes[0].taps != 1 || (w.taps != 2 && w.taps != 4) || h.taps > 4 || w.out > 256) return s;
    for (int64_t y = 0; y < h.out; ++y) {  // the H taps of a row within h.taps consecutive rows
        const auto [lo, hi] = h.reads(y);
        if (hi - lo > h.taps) return s;
    }
    const std::vector<int64_t> pattern = blockPattern(w, 16, 16);
    if (pattern.empty()) return s;
    const int64_t reach = *std::max_element(pattern.begin(), pattern.end()) < 8 ? 8 : 16;
    s.options = " -DTAP_STRIPS=" + std::to_string(reach);
    for (int c = 0; c < w.taps; ++c) {
        s.options += " -DPAT16_" + std::to_string(c) + "=";
        for (int k = 0; k < 16; ++k) s.options += (k ? "," : "") + std::to_string(pattern[static_cast<std::size_t>(c * 16 + k)]);
    }
    s.groups = static_cast<int>((w.out + 15) / 16);
    int64_t rows = std::min<int64_t>(h.out, 1 << 16);
    while (rows > 16 && planes * ((h.out + rows - 1) / rows) < 64) rows = (rows + 1) / 2;
    s.rows = static_cast<int>(rows);
    if (const char* env = std::getenv("UPSAMPLE_OPENCL_ROWS"); env && *env) s.rows = rowsPerItem(d);
    return s;
}

// The work-group shape of a launch over (items along W, rows, planes * D), from the device's
// limits: on a CPU device whole rows of items (its compiler loops over dimension 0); on a GPU
// a multiple of the warp / wavefront along W and the rest of the group along H.
std::array<std::size_t, 3> workGroup(const DeviceState& d, std::size_t kernelMax, std::size_t multiple,
                                     const std::array<std::size_t, 3>& items, std::size_t leastItems = 1) {
    const std::size_t cap = std::max<std::size_t>(1, std::min(kernelMax, d.maxWorkGroup));
    auto pow2Below = [](std::size_t v) {
        std::size_t p = 1;
        while (p * 2 <= v) p *= 2;
        return p;
    };
    std::array<std::size_t, 3> local{1, 1, 1};
    if (d.info.type == "CPU") {
        local[0] = std::min({cap, d.maxItems[0], pow2Below(std::max<std::size_t>(items[0], 1)), std::size_t{256}});
        // at least leastItems a group where the rows are short (then down the rows, then the planes)
        for (std::size_t k = 1; k < 3; ++k)
            while (local[0] * local[1] * local[2] < leastItems && local[k] * 2 <= std::min(items[k], d.maxItems[k]) &&
                   local[0] * local[1] * local[2] * 2 <= cap)
                local[k] *= 2;
        return local;
    }
    const std::size_t warp = std::max<std::size_t>(1, multiple);
    local[0] = std::min({cap, d.maxItems[0], std::max(warp, pow2Below(std::min<std::size_t>(items[0], 64)))});
    local[1] = std::max<std::size_t>(1, std::min({cap / local[0], d.maxItems[1], pow2Below(items[1]), std::size_t{8}}));
    return local;
}

class Runner {
public:
    Runner(DeviceState& d, uint64_t limit)
        : d_(d), limit_(limit), faults_(injectedFaults()), what_("OpenCL device '" + d.info.name + "'"),
          shared_(d.hostUnified && !std::getenv("UPSAMPLE_OPENCL_DEVICE_BUFFERS")) {}

    template <class T>
    void run(const Launch<T>& L, const T* in, T* out) {
        std::array<AxisReads, 3> reads;
        for (std::size_t a = 0; a < 3; ++a) {
            const DeviceAxis<T>& ax = L.axes[a];
            reads[a] = {ax.in, ax.out, [&ax](int64_t d) { return ax.reads(d); }};
        }
        const auto pieces = splitIntoPieces(L.planes, reads, sizeof(T), limit_);
        int64_t maxIn = 0, maxOut = 0;
        for (const auto& p : pieces) {
            maxIn = std::max(maxIn, p.inElements());
            maxOut = std::max(maxOut, p.outElements());
        }
        constexpr int64_t kInt = std::numeric_limits<int32_t>::max();
        for (const auto& ax : L.axes)
            if (ax.in > kInt || ax.out > kInt)
                throw OpenCLError(what_ + ": an axis of 2^31 or more elements is beyond the OpenCL kernels' 32-bit tables");
        const bool index64 = maxIn > kInt || maxOut > kInt;

        const auto parts = programParts(L.program);
        const bool taps = std::find(parts.begin(), parts.end(), "taps.cl") != parts.end();
        const bool rowsKernel = taps || std::find(parts.begin(), parts.end(), "gather.cl") != parts.end();
        // the CPU-device forms the program declares for this kernel ("// cpu form:" lines)
        const auto form = [&L](const char* f) { return programHasForm(L.program, L.kernel, f); };
        const int blockSpan = form("AA_BLOCKS") ? antialiasBlockSpan(d_, L.axes[2]) : 0;
        // the tap kernels' row strips (CPU devices, float, 2-D, integer scales), else their 8 x 8 blocks
        const TapStrips strips = taps ? tapStripShape(d_, L.planes, L.axes) : TapStrips{};
        const TapBlocks tapBlocks =
            taps && strips.options.empty() ? tapBlockShape(d_, L.axes[0], L.axes[1], L.axes[2], rowsPerItem(d_, true)) : TapBlocks{};
        const int areaRatio = form("AREA_K") ? uniformAreaRatio(d_, L.axes[2]) : 0;
        // the antialias H pass in 64-output rows on CPU devices (antialias.cl, AA_HBLOCKS)
        const bool aaRows = form("AA_HBLOCKS") && d_.info.type == "CPU" && !blocksOff();
        // the whole output's bytes (all pieces together: a cancellable run's pieces are small, and
        // written one after the other)
        const int64_t outBytes = L.planes * L.axes[0].out * L.axes[1].out * L.axes[2].out * static_cast<int64_t>(sizeof(T));
        // the gather's 16-output blocks (CPU devices, float, integer scales), streamed past the
        // caches for large outputs (then on rows of any width)
        const bool gatherStream = outBytes >= streamBytes(kGatherStreamBytes);
        const std::string gather16 = rowsKernel && !taps ? gatherPattern16(d_, L.axes[2], gatherStream) : std::string();
        // area's 16-output blocks (CPU devices, float, x1/2 and x1/4 along W)
        const int areaGroups = areaRatio && std::is_same_v<T, float> ? areaGroups16(L.axes[2].out) : 0;
        const int vec = !gather16.empty() || areaGroups || !strips.options.empty() ? 16
                        : blockSpan || tapBlocks.columns || areaRatio || aaRows ? 8
                                                                                 : outputsPerItem(d_, sizeof(T), L.program, L.kernel);
        std::string options = "-DVEC=" + std::to_string(vec);
        if (index64) options += " -DUPSAMPLE_INDEX64=1";
        int rows = 1;    // output rows per work item
        int groups = 1;  // blocks of vec outputs per work item
        if (rowsKernel) {
            // (the gather's 16-output blocks: 128 rows, as the tap blocks; PoCL CPU time, W1
            // nearest x2, 4 rounds: 4.8-5.2 ms against 5.1-5.6 with 32 rows, 6.2-6.8 with 16)
            rows = tapBlocks.columns ? tapBlocks.rows
                   : !strips.options.empty() ? strips.rows
                                             : rowsPerItem(d_, !gather16.empty());
            options += " -DROWS=" + std::to_string(rows);
            // the gather's shuffles on CPU devices (float, 8 outputs an item), in row segments of
            // gatherGroups() blocks of 8
            if (!gather16.empty()) {
                groups = gatherGroups16(L.axes[2].out);
                options += gather16 + " -DGROUPS=" + std::to_string(groups);
                if (gatherStream) options += " -DSTREAM_STORES=1";
            } else if (!taps && vec == 8 && std::is_same_v<T, float> && d_.info.type == "CPU" && !blocksOff()) {
                const std::string pattern = tapPattern(L.axes[2]);
                options += pattern;
                if (!pattern.empty()) {
                    groups = gatherGroups(L.axes[2].out);
                    options += " -DGROUPS=" + std::to_string(groups);
                }
            }
        }
        if (!strips.options.empty()) {  // taps.cl's row strips (rows: set above)
            groups = strips.groups;
            options += strips.options + " -DGROUPS=" + std::to_string(groups);
            // streamed stores where the store probe found them faster (the strips' items write
            // whole rows one after the other: W2 bilinear, PoCL on an Intel Xeon, kernel time 9.5
            // ms plain against 4.0 streamed)
            const int64_t threshold = tapStreamBytes(d_, outBytes);
            if (threshold == 0 || outBytes >= threshold) options += " -DSTREAM_STORES=1";
        }
        if (taps && tapBlocks.columns) {  // taps.cl's 8 x 8 blocks (rows: set above)
            groups = tapBlocks.groups;
            options += " -DTAP_BLOCKS=1 -DGROUPS=" + std::to_string(groups) + " -DCSPAN=" + std::to_string(tapBlocks.columns) +
                       " -DRSPAN=" + std::to_string(tapBlocks.inputRows);
            if (std::is_same_v<T, float>) options += tapPattern(L.axes[2]);
            // outputs larger than the caches: streaming stores (whole aligned lines), as the CPU
            // backend writes such outputs, where a work item writes 32 rows or more (its closing
            // fence costs as much as a few dozen lines: 1-D, 1 row an item, took 2.9x the time
            // with them); by default where the store probe found streamed stores faster
            const int64_t threshold = tapStreamBytes(d_, outBytes);  // 0: always (the tests' setting)
            if (threshold == 0 || (outBytes >= threshold && std::min<int64_t>(rows, L.axes[1].out) >= 32))
                options += " -DSTREAM_STORES=1";
        }
        if (areaRatio) options += " -DAREA_K=" + std::to_string(areaRatio);  // area.cl's vector windows
        if (areaGroups) {
            groups = areaGroups;
            options += " -DGROUPS=" + std::to_string(groups);
        }
        if (blockSpan) {  // antialias.cl's blocks of 16 rows
            rows = 16;
            options += " -DROWS=16 -DAA_BLOCKS=1 -DCSPAN=" + std::to_string(blockSpan);
        }
        if (aaRows) {  // 8 rows of 64 outputs a work item (PoCL, W4: 0.4-0.6x the time of 8 outputs of 1 row)
            rows = 8;
            groups = 8;
            options += " -DROWS=8 -DGROUPS=8 -DAA_HBLOCKS=1";
            // four output rows at a time where the windows can be wide enough for it (elsewhere
            // the kernel is built without the band and its test a row)
            if (L.axes[1].taps >= 12) options += " -DAA_HBANDS=1";
        }
        if (taps)  // tap counts fixed at build time
            options += " -DKD=" + std::to_string(L.axes[0].taps) + " -DKH=" + std::to_string(L.axes[1].taps) +
                       " -DKW=" + std::to_string(L.axes[2].taps);
        Program program = Runtime::instance().program(d_, L.program, std::is_same_v<T, double>, options);

        std::lock_guard lock(d_.session.mutex);
        const cl_kernel kernel = Runtime::instance().kernel(d_, program.get(), L.kernel);
        std::array<std::shared_ptr<DeviceAxisTables>, 3> tables;
        for (std::size_t a = 0; a < 3; ++a) tables[a] = axisTables(L.axes[a]);

        std::size_t kernelMax = 0, multiple = 1;
        check(clGetKernelWorkGroupInfo(kernel, d_.id, CL_KERNEL_WORK_GROUP_SIZE, sizeof kernelMax, &kernelMax, nullptr),
              "clGetKernelWorkGroupInfo", what_);
        clGetKernelWorkGroupInfo(kernel, d_.id, CL_KERNEL_PREFERRED_WORK_GROUP_SIZE_MULTIPLE, sizeof multiple, &multiple,
                                 nullptr);

        const std::array<int64_t, 3> inDims{L.axes[0].in, L.axes[1].in, L.axes[2].in};
        const std::array<int64_t, 3> outDims{L.axes[0].out, L.axes[1].out, L.axes[2].out};
        const int64_t inPlane = inDims[0] * inDims[1] * inDims[2];
        const int64_t outPlane = outDims[0] * outDims[1] * outDims[2];
        // A box of one plane is one run of host memory when its rows are whole and, over more
        // than one D index, so are its planes of rows: then it is used in place, not packed.
        auto flat = [](const std::array<int64_t, 3>& size, const std::array<int64_t, 3>& dims) {
            return size[2] == dims[2] && (size[0] == 1 || size[1] == dims[1]);
        };
        auto offset = [](const std::array<int64_t, 3>& at, const std::array<int64_t, 3>& dims) {
            return (at[0] * dims[1] + at[1]) * dims[2] + at[2];
        };
        std::vector<T> staging;
        for (std::size_t piece = 0; piece < pieces.size(); ++piece) {
            const Piece& p = pieces[piece];
            if (control_) {  // between pieces: the launches are synchronous
                control_->throwIfCancelled();
                if (piece > 0) control_->report((pass_ + static_cast<double>(piece) / pieces.size()) / passes_);
            }
            // Input box: straight from the tensor when whole planes or one run, else packed.
            const T* src = in + p.plane0 * inPlane;
            const bool inFlat = !p.whole && flat(p.inSize, inDims), outFlat = !p.whole && flat(p.outSize, outDims);
            if (inFlat) {
                src += offset(p.in0, inDims);
            } else if (!p.whole) {
                staging.resize(static_cast<std::size_t>(p.inElements()));
                T* s = staging.data();
                for (int64_t z = 0; z < p.inSize[0]; ++z)
                    for (int64_t y = 0; y < p.inSize[1]; ++y, s += p.inSize[2])
                        std::memcpy(s, src + ((p.in0[0] + z) * inDims[1] + p.in0[1] + y) * inDims[2] + p.in0[2],
                                    static_cast<std::size_t>(p.inSize[2]) * sizeof(T));
                src = staging.data();
            }
            const std::size_t inBytes = static_cast<std::size_t>(p.inElements()) * sizeof(T);
            const std::size_t n = static_cast<std::size_t>(p.outElements());
            std::vector<T> outStaging;
            T* dst = out + p.plane0 * outPlane;  // output box: straight into the tensor when whole planes or one run
            if (outFlat) {
                dst += offset(p.out0, outDims);
            } else if (!p.whole) {
                outStaging.resize(n);
                dst = outStaging.data();
            }
            Mem inWrap, outWrap;
            cl_mem inMem = nullptr, outMem = nullptr;
            if (faults_.alloc)
                check(CL_MEM_OBJECT_ALLOCATION_FAILURE, "clCreateBuffer", what_ + " (injected by UPSAMPLE_OPENCL_FAULT=alloc)");
            if (shared_) {  // the device reads and writes host memory in place
                inWrap = wrap(const_cast<T*>(src), inBytes, CL_MEM_READ_ONLY);
                outWrap = wrap(dst, n * sizeof(T), CL_MEM_WRITE_ONLY);
                inMem = inWrap.get();
                outMem = outWrap.get();
            } else {
                inMem = persistent(d_.session.in, d_.session.inBytes, inBytes);
                outMem = persistent(d_.session.out, d_.session.outBytes, n * sizeof(T));
                check(clEnqueueWriteBuffer(d_.queue, inMem, CL_FALSE, 0, inBytes, src, 0, nullptr, nullptr),
                      "clEnqueueWriteBuffer", what_);
            }

            cl_uint i = 0;
            auto arg = [&](std::size_t size, const void* value) {
                check(clSetKernelArg(kernel, i++, size, value), "clSetKernelArg", what_);
            };
            arg(sizeof inMem, &inMem);
            arg(sizeof outMem, &outMem);
            for (std::size_t a = 0; a < 3; ++a)
                for (const Mem* m : {&tables[a]->index, &tables[a]->weight, &tables[a]->count}) {
                    const cl_mem h = m->get();
                    arg(sizeof h, &h);
                }
            const cl_int ints[] = {static_cast<cl_int>(outDims[0]), static_cast<cl_int>(outDims[1]),
                                   static_cast<cl_int>(outDims[2]), L.dims,
                                   static_cast<cl_int>(p.planes), static_cast<cl_int>(p.outSize[0]),
                                   static_cast<cl_int>(p.outSize[1]), static_cast<cl_int>(p.outSize[2]),
                                   static_cast<cl_int>(p.out0[0]), static_cast<cl_int>(p.out0[1]),
                                   static_cast<cl_int>(p.out0[2]), static_cast<cl_int>(p.inSize[0]),
                                   static_cast<cl_int>(p.inSize[1]), static_cast<cl_int>(p.inSize[2]),
                                   static_cast<cl_int>(p.in0[0]), static_cast<cl_int>(p.in0[1]),
                                   static_cast<cl_int>(p.in0[2])};
            for (const cl_int& v : ints) arg(sizeof v, &v);

            const std::array<std::size_t, 3> items{
                static_cast<std::size_t>((p.outSize[2] + vec * groups - 1) / (vec * groups)),
                static_cast<std::size_t>((p.outSize[1] + rows - 1) / rows),
                static_cast<std::size_t>(p.planes * p.outSize[0])};
            if (items[2] > static_cast<std::size_t>(kInt))
                throw OpenCLError(what_ + ": 2^31 or more planes in one launch");
            // the gather's 16-output form: groups of 16 items or more (PoCL kernel time, paired
            // medians of 8: W2 nearest 0.76, whose items each write whole rows, one to a group
            // before; W3 nearest 0.99; the tap strips, antialias and area 0.97-1.08, so not those)
            const auto local = workGroup(d_, kernelMax, multiple, items, gather16.empty() ? 1 : 16);
            std::array<std::size_t, 3> global{};
            for (int k = 0; k < 3; ++k) global[k] = (items[k] + local[k] - 1) / local[k] * local[k];
            if (faults_.enqueue)
                check(CL_OUT_OF_RESOURCES, "clEnqueueNDRangeKernel", what_ + " (injected by UPSAMPLE_OPENCL_FAULT=enqueue)");
            cl_event done = nullptr;
            check(clEnqueueNDRangeKernel(d_.queue, kernel, 3, nullptr, global.data(), local.data(), 0, nullptr, &done),
                  "clEnqueueNDRangeKernel", what_);
            ++launches_;
            uint64_t ns = 0;
            finishEvent(done, ns);  // (a failed run is reported by the read below)
            kernelNs_ += ns;

            const char* readCall = shared_ ? "clEnqueueMapBuffer" : "clEnqueueReadBuffer";
            if (faults_.read)
                check(CL_OUT_OF_RESOURCES, readCall, what_ + " (injected by UPSAMPLE_OPENCL_FAULT=read)");
            if (shared_) {  // map and unmap: the host sees what the device wrote
                cl_int status = CL_SUCCESS;
                void* mapped = clEnqueueMapBuffer(d_.queue, outMem, CL_TRUE, CL_MAP_READ, 0, n * sizeof(T), 0, nullptr,
                                                  nullptr, &status);
                check(status, readCall, what_);
                check(clEnqueueUnmapMemObject(d_.queue, outMem, mapped, 0, nullptr, nullptr), "clEnqueueUnmapMemObject",
                      what_);
                check(clFinish(d_.queue), "clFinish", what_);
            } else {
                check(clEnqueueReadBuffer(d_.queue, outMem, CL_TRUE, 0, n * sizeof(T), dst, 0, nullptr, nullptr),
                      readCall, what_);
            }
            if (!p.whole && !outFlat) {
                const T* s = outStaging.data();
                T* o = out + p.plane0 * outPlane;
                for (int64_t z = 0; z < p.outSize[0]; ++z)
                    for (int64_t y = 0; y < p.outSize[1]; ++y, s += p.outSize[2])
                        std::memcpy(o + ((p.out0[0] + z) * outDims[1] + p.out0[1] + y) * outDims[2] + p.out0[2], s,
                                    static_cast<std::size_t>(p.outSize[2]) * sizeof(T));
            }
        }
    }

    // Progress and cancellation: run() checks the control between pieces. Two launches in one
    // run (antialias): setPasses(2) before the first, nextPass() before the second.
    void setControl(RunControl* control) { control_ = control; }
    void setPasses(int passes) { passes_ = passes; }
    void nextPass() { ++pass_; }
    // With a control, a piece's output is at most this many bytes, so a cancel waits for one
    // piece only; the pieces compute the same bits as one launch.
    static uint64_t controlledLimit(uint64_t limit, uint64_t outBytes) {
        return std::min(limit, std::max<uint64_t>(outBytes / 32, uint64_t{1} << 20));
    }

    int launches() const { return launches_; }
    double kernelMilliseconds() const { return static_cast<double>(kernelNs_) / 1e6; }

private:
    // A buffer over host memory (no copy where the device shares it).
    Mem wrap(void* host, std::size_t bytes, cl_mem_flags access) {
        cl_int status = CL_SUCCESS;
        Mem m(clCreateBuffer(d_.context, access | CL_MEM_USE_HOST_PTR, std::max<std::size_t>(bytes, 1), host, &status));
        check(status, "clCreateBuffer", what_ + " (" + std::to_string(bytes) + " bytes)");
        return m;
    }

    // The session's buffer, grown when too small.
    cl_mem persistent(Mem& m, std::size_t& size, std::size_t bytes) {
        if (!m || size < bytes) {
            m.reset();
            cl_int status = CL_SUCCESS;
            m = Mem(clCreateBuffer(d_.context, CL_MEM_READ_WRITE, std::max<std::size_t>(bytes, 1), nullptr, &status));
            check(status, "clCreateBuffer", what_ + " (" + std::to_string(bytes) + " bytes)");
            size = bytes;
        }
        return m.get();
    }

    // The device copy of one axis table, uploaded the first time its contents are seen.
    template <class T>
    std::shared_ptr<DeviceAxisTables> axisTables(const DeviceAxis<T>& ax) {
        // Tap-major 32-bit indices: consecutive outputs (work items) read consecutive entries.
        const std::size_t taps = static_cast<std::size_t>(ax.taps), outs = static_cast<std::size_t>(ax.out);
        std::vector<int32_t> index(taps * outs);
        std::vector<T> weight(taps * outs);
        for (std::size_t d = 0; d < outs; ++d)
            for (std::size_t j = 0; j < taps; ++j) {
                index[j * outs + d] = static_cast<int32_t>(ax.index[d * taps + j]);
                weight[j * outs + d] = ax.weight[d * taps + j];
            }
        std::string key(sizeof(T) == 8 ? "d" : "f");
        auto append = [&key](const void* p, std::size_t bytes) {
            key += std::to_string(bytes) + ':' +
                   std::to_string(std::hash<std::string_view>{}(std::string_view(static_cast<const char*>(p), bytes))) + ';';
        };
        append(index.data(), index.size() * sizeof(int32_t));
        append(weight.data(), weight.size() * sizeof(T));
        append(ax.count.data(), ax.count.size() * sizeof(int32_t));
        auto& cache = d_.session.tables;
        for (auto it = cache.begin(); it != cache.end(); ++it)
            if (it->first == key) {
                auto hit = it->second;
                cache.erase(it);
                cache.emplace(cache.begin(), key, hit);
                Runtime::instance().countTableUpload(true);
                return hit;
            }
        auto t = std::make_shared<DeviceAxisTables>();
        t->index = upload(index.data(), index.size() * sizeof(int32_t));
        t->weight = upload(weight.data(), weight.size() * sizeof(T));
        t->count = upload(ax.count.data(), ax.count.size() * sizeof(int32_t));
        cache.emplace(cache.begin(), key, t);
        constexpr std::size_t kKeep = 24;  // axes of the last few specs
        if (cache.size() > kKeep) cache.resize(kKeep);
        Runtime::instance().countTableUpload(false);
        return t;
    }

    Mem upload(const void* host, std::size_t bytes) {
        cl_int status = CL_SUCCESS;
        Mem m(clCreateBuffer(d_.context, CL_MEM_READ_ONLY | CL_MEM_COPY_HOST_PTR, std::max<std::size_t>(bytes, 4),
                             bytes ? const_cast<void*>(host) : &status, &status));
        check(status, "clCreateBuffer", what_ + " (" + std::to_string(bytes) + " bytes)");
        return m;
    }

    DeviceState& d_;
    uint64_t limit_;
    Faults faults_;
    std::string what_;
    bool shared_;  // buffers wrap host memory; else the session's device buffers, written and read
    int launches_ = 0;
    uint64_t kernelNs_ = 0;
    RunControl* control_ = nullptr;
    int passes_ = 1, pass_ = 0;
};

template <class T>
void runTyped(Runner& runner, const ResolvedSpec& s, const T* in, T* out) {
    const plan::Plan<T> p = plan::makePlan<T>(s);
    const plan::Geometry& g = p.geometry;
    const auto& t = p.tables;
    const std::string program(p.kernels->openclProgram), kernel(p.kernels->openclKernel);
    const bool window = p.mode->sampling == Sampling::Window;  // index[d] starts a window of count[d]
    if (p.kernels->openclSecondPass.empty()) {
        Launch<T> L{program, kernel, g.dims, g.planes, {}};
        for (std::size_t a = 0; a < 3; ++a) L.axes[a] = deviceAxis(t[a], window);
        runner.run(L, in, out);
        return;
    }
    // Two passes (antialias), each where its axis is resampled, in the plan's order (as the CPU):
    // W then H, or H then W (plan::antialiasHFirst).
    const bool doW = !t[2].skip, doH = !t[1].skip;
    if (!doW && !doH) {
        std::memcpy(out, in, static_cast<std::size_t>(g.planes * g.inPlane()) * sizeof(T));
        return;
    }
    const bool hFirst = doW && doH && plan::antialiasHFirst(g, t);
    // the axis a pass leaves alone has the size it has when that pass runs
    const int64_t hDuringW = hFirst ? g.out[1] : g.in[1], wDuringH = hFirst || !doW ? g.in[2] : g.out[2];
    Launch<T> passW{program, kernel, g.dims, g.planes,
                    {deviceAxis(t[0], false), identityAxis<T>(hDuringW), deviceAxis(t[2], false)}};
    Launch<T> passH{program, std::string(p.kernels->openclSecondPass), g.dims, g.planes,
                    {deviceAxis(t[0], false), deviceAxis(t[1], false), identityAxis<T>(wDuringH)}};
    if (doW && doH) {
        // the intermediate, not zero-filled first (the first pass writes all of it): a storage
        // block, aligned and reused from call to call (a fresh one would fault its pages in, in the kernel)
        const int64_t mid = hFirst ? g.out[1] * g.in[2] : g.in[1] * g.out[2];
        const auto block = storage::allocate(static_cast<uint64_t>(g.planes * mid) * sizeof(T));
        T* tmp = reinterpret_cast<T*>(block.get());
        runner.setPasses(2);
        runner.run(hFirst ? passH : passW, in, tmp);
        runner.nextPass();
        runner.run(hFirst ? passW : passH, tmp, out);
    } else if (doW) {
        runner.run(passW, in, out);
    } else {
        runner.run(passH, in, out);
    }
}

uint64_t envPieceLimit() {
    const char* env = std::getenv("UPSAMPLE_OPENCL_MAX_ALLOC");
    if (!env || !*env) return 0;
    char* end = nullptr;
    const unsigned long long v = std::strtoull(env, &end, 10);
    if (*end != '\0' || v == 0) throw OpenCLError(std::string("UPSAMPLE_OPENCL_MAX_ALLOC='") + env + "' is not a byte count");
    return v;
}

}  // namespace
}  // namespace opencl

OpenCLBackend::OpenCLBackend(int device) {
    const int index = chooseOpenCLDevice(device);
    info_ = listOpenCLDevices().devices.at(static_cast<std::size_t>(index));
    if (opencl::injectedFaults().noFp64) info_.fp64 = false;
}

std::string OpenCLBackend::description() const { return "opencl: " + info_.name; }

bool OpenCLBackend::supports(DType dtype) const {
    // uint8: integer kernels (bilinear, bicubic); float16, bfloat16: reduced.cl (not every spec: reducedOnDevice)
    return dtype == DType::Float32 || dtype == DType::UInt8 || dtype == DType::Float16 || dtype == DType::BFloat16 ||
           info_.fp64;
}

void OpenCLBackend::run(const ResolvedSpec& spec, const Tensor& in, Tensor& out, RunControl* control) {
    if (out.shape() != spec.outputShape || out.dtype() != in.dtype() || in.shape() != spec.inputShape)
        throw InternalError("OpenCLBackend::run: tensor shapes do not match the resolved spec");
    lastLaunches_ = 0;
    lastKernelMs_ = 0;
    if (out.empty()) return;
    if (in.dtype() == DType::UInt8) {
        if (!fixedpoint::takesFixedPoint(spec)) throw OpenCLError("OpenCL computes uint8 in bilinear and bicubic only");
        if (control) control->throwIfCancelled();
        opencl::runUint8FixedPoint(opencl::Runtime::instance().open(info_.index), spec, in, out);
        lastLaunches_ = 1 + (spec.inSize(0) != spec.outSize(0) && spec.inSize(1) != spec.outSize(1));
        return;
    }
    if (in.dtype() == DType::Float16 || in.dtype() == DType::BFloat16) {
        if (!opencl::reducedOnDevice(spec))
            throw OpenCLError("OpenCL computes " + std::string(dtypeName(in.dtype())) + " " + std::string(modeName(spec.mode)) +
                              " in PyTorch's channels-last kernel on the CPU only");
        if (control) control->throwIfCancelled();
        lastKernelMs_ = opencl::runReducedFloat(opencl::Runtime::instance().open(info_.index), spec, in, out);
        lastLaunches_ = 1;
        return;
    }
    if (!supports(in.dtype()))
        throw OpenCLError("OpenCL device '" + info_.name + "' has no float64 support (cl_khr_fp64)");
    opencl::DeviceState& d = opencl::Runtime::instance().open(info_.index);
    uint64_t limit = pieceLimit_ ? pieceLimit_ : opencl::envPieceLimit();
    if (limit == 0) limit = std::min<uint64_t>(info_.maxAllocation, info_.globalMemory / 4);
    if (control) limit = opencl::Runner::controlledLimit(limit, out.nbytes());
    opencl::Runner runner(d, std::max<uint64_t>(limit, 1));
    runner.setControl(control);
    try {
        if (in.dtype() == DType::Float64) opencl::runTyped<double>(runner, spec, in.data<double>(), out.data<double>());
        else opencl::runTyped<float>(runner, spec, in.data<float>(), out.data<float>());
    } catch (...) {
        lastLaunches_ = runner.launches();
        throw;
    }
    lastLaunches_ = runner.launches();
    lastKernelMs_ = runner.kernelMilliseconds();
}

double OpenCLBackend::copyKernelMilliseconds(uint64_t bytes, int repeat) {
    opencl::DeviceState& d = opencl::Runtime::instance().open(info_.index);
    const std::string what = "OpenCL device '" + info_.name + "'";
    const uint64_t quads = std::max<uint64_t>(1, bytes / 2 / 16);  // float4s read (and written)
    if (quads > static_cast<uint64_t>(std::numeric_limits<int32_t>::max()))
        throw OpenCLError(what + ": the copy kernel takes under 32 GiB");
    opencl::Program program = opencl::Runtime::instance().program(d, "copy", false);
    std::lock_guard lock(d.session.mutex);
    const cl_kernel kernel = opencl::Runtime::instance().kernel(d, program.get(), "copy");
    const std::size_t size = static_cast<std::size_t>(quads) * 16;
    std::vector<float> a(size / sizeof(float), 1.0f), b(size / sizeof(float), 0.0f);
    cl_int status = CL_SUCCESS;
    const cl_mem_flags where = info_.sharesHostMemory ? CL_MEM_USE_HOST_PTR : CL_MEM_COPY_HOST_PTR;
    opencl::Mem in(clCreateBuffer(d.context, CL_MEM_READ_ONLY | where, size, a.data(), &status));
    opencl::check(status, "clCreateBuffer", what);
    opencl::Mem out(clCreateBuffer(d.context, CL_MEM_WRITE_ONLY | where, size, b.data(), &status));
    opencl::check(status, "clCreateBuffer", what);
    const cl_mem inMem = in.get(), outMem = out.get();
    const cl_int n = static_cast<cl_int>(quads);
    opencl::check(clSetKernelArg(kernel, 0, sizeof inMem, &inMem), "clSetKernelArg", what);
    opencl::check(clSetKernelArg(kernel, 1, sizeof outMem, &outMem), "clSetKernelArg", what);
    opencl::check(clSetKernelArg(kernel, 2, sizeof n, &n), "clSetKernelArg", what);
    std::size_t kernelMax = 1;
    clGetKernelWorkGroupInfo(kernel, d.id, CL_KERNEL_WORK_GROUP_SIZE, sizeof kernelMax, &kernelMax, nullptr);
    const std::size_t local = std::max<std::size_t>(1, std::min<std::size_t>({256, kernelMax, d.maxWorkGroup}));
    const std::size_t global = (static_cast<std::size_t>(quads) + local - 1) / local * local;
    std::vector<double> ms;
    for (int r = 0; r < std::max(1, repeat) + 1; ++r) {  // the first run is a warm-up
        cl_event done = nullptr;
        opencl::check(clEnqueueNDRangeKernel(d.queue, kernel, 1, nullptr, &global, &local, 0, nullptr, &done),
                      "clEnqueueNDRangeKernel", what);
        uint64_t ns = 0;
        opencl::check(opencl::finishEvent(done, ns), "clWaitForEvents", what);
        if (r > 0) ms.push_back(static_cast<double>(ns) / 1e6);
    }
    std::sort(ms.begin(), ms.end());
    return ms.size() % 2 ? ms[ms.size() / 2] : 0.5 * (ms[ms.size() / 2 - 1] + ms[ms.size() / 2]);
}

}  // namespace upsample
