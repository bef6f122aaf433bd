// antialias (bilinear and bicubic, 2-D) on the CPU; its tables (modes.cpp) hold a window of
// input pixels per output with weights normalised to sum 1. Separable: two passes in the order the
// plan chooses (plan::antialiasHFirst; W first as PyTorch, or H first where that costs less), always
// both, even where an axis keeps its size (its weights are then 1 and 0, and an Inf or NaN
// neighbour still turns into NaN, as in PyTorch); an intermediate in T between them.
#include "kernels.hpp"
#include "parallel.hpp"
#include "simd_lanes.hpp"

#include <algorithm>
#include <cstring>
#include <memory>
#include <optional>
#include <type_traits>
#include <vector>

namespace upsample {

namespace cpu {

namespace {
// Resample the last axis: (rows, inW) -> (rows, outW).
template <class T>
void passW(const AxisTable<T>& t, int64_t rows, const T* in, T* out, int threads) {
    parallelFor(rows, threads, [&](int64_t begin, int64_t end) {
        for (int64_t r = begin; r < end; ++r) {
            const T* src = in + r * t.in;
            T* dst = out + r * t.out;
            for (int64_t x = 0; x < t.out; ++x) {
                const T* w = t.weight.data() + x * t.taps;
                const T* s = src + t.index[x * t.taps];
                T v = s[0] * w[0];
                for (int j = 1, n = t.tapCount(x); j < n; ++j) v += s[j] * w[j];
                dst[x] = v;
            }
        }
    });
}

// Resample the middle axis: (planes, inH, W) -> (planes, outH, W).
template <class T>
void passH(const AxisTable<T>& t, int64_t planes, int64_t width, const T* in, T* out, int threads) {
    parallelFor(planes * t.out, threads, [&](int64_t begin, int64_t end) {
        for (int64_t r = begin; r < end; ++r) {
            const int64_t p = r / t.out, y = r % t.out;
            const T* w = t.weight.data() + y * t.taps;
            const T* src = in + (p * t.in + t.index[y * t.taps]) * width;
            T* dst = out + r * width;
            for (int64_t x = 0; x < width; ++x) dst[x] = src[x] * w[0];
            for (int j = 1, n = t.tapCount(y); j < n; ++j) {
                const T* s = src + j * width;
                for (int64_t x = 0; x < width; ++x) dst[x] += s[x] * w[j];
            }
        }
    });
}

// Output x of the W pass on one input row, as passW computes it.
inline float sumW(const AxisTable<float>& t, const float* src, int64_t x) {
    const float* w = t.weight.data() + x * t.taps;
    const float* s = src + t.index[static_cast<std::size_t>(x * t.taps)];
    float v = s[0] * w[0];
    for (int j = 1, n = t.tapCount(x); j < n; ++j) v += s[j] * w[j];
    return v;
}

// A W axis whose outputs, in blocks of `lanes`, start `f` input pixels apart (integer downscales
// away from the edges: every output of a block has the same tap count, and lane l's first tap is
// the block's first plus f * l). Tap j of a block is then one contiguous run of the input's phase
// (first + j) % f, so the W pass needs no transposes (antialias_body.inc: phaseRows). The blocks
// start where the stride holds, not on multiples of `lanes`: only the outputs no block covers
// (the few at each edge whose windows the edge cuts) are summed one by one, and a block may
// overlap the one before it (its outputs are then computed twice, to the same bits).
struct PhasePlan {
    int lanes = 0, f = 0, maxCount = 0;
    int64_t inW = 0, outW = 0, blocks = 0, qStride = 0;
    std::vector<int64_t> start;   // per block: its first output
    std::vector<int32_t> qPos;    // per block: where its first tap's phase run starts in q
    std::vector<int32_t> tapRow;  // per block: its row of tapOff
    std::vector<int32_t> count;   // per block: its tap count
    std::vector<int64_t> wOff;    // per block: its weights in `weights` (tap-major, lanes a tap)
    std::vector<float> weights;   // consecutive blocks with the same weights share them
    std::vector<int64_t> need;    // per block: the last chunk of f * lanes inputs it reads (phaseRowsOf)
    std::vector<int64_t> single;  // the outputs no block covers, summed one by one
    std::vector<int32_t> tapOff;  // per phase of a block's first tap: maxCount offsets in q
    std::vector<int32_t> sel, flag;  // phaseSplit: per phase, per pair of input vectors, lanes each
};

// phaseSplit's selectors: lane m of phase r is input f * m + r of a chunk of f vectors, picked
// from the pair of vectors holding it.
void phaseSelectors(PhasePlan& p) {
    const int f = p.f, pairs = (f + 1) / 2, n = p.lanes;
    p.sel.assign(static_cast<std::size_t>(f * pairs * n), 0);
    p.flag.assign(p.sel.size(), 0);
    for (int r = 0; r < f; ++r)
        for (int m = 0; m < n; ++m) {
            const int e = f * m + r, k = e / n / 2;
            const std::size_t i = static_cast<std::size_t>((r * pairs + k) * n + m);
            p.sel[i] = e - 2 * k * n;
            p.flag[i] = 1;
        }
}

// Block x0 of t into p.
void addBlock(PhasePlan& p, const AxisTable<float>& t, int64_t x0) {
    const int lanes = p.lanes, n = t.tapCount(x0);
    const int64_t f = p.f, first = t.tapIndex(x0, 0);
    p.start.push_back(x0);
    p.need.push_back(std::max(p.need.empty() ? 0 : p.need.back(), (first + f * (lanes - 1) + n - 1) / (f * lanes)));
    std::vector<float> w(static_cast<std::size_t>(n * lanes));
    for (int j = 0; j < n; ++j)
        for (int l = 0; l < lanes; ++l) w[static_cast<std::size_t>(j * lanes + l)] = t.tapWeight(x0 + l, j);
    // the same bits (a weight of -0 is not one of +0)
    const bool same = !p.count.empty() && p.count.back() == n &&
                      std::memcmp(w.data(), p.weights.data() + p.weights.size() - w.size(), w.size() * sizeof(float)) == 0;
    p.wOff.push_back(same ? p.wOff.back() : static_cast<int64_t>(p.weights.size()));
    if (!same) p.weights.insert(p.weights.end(), w.begin(), w.end());
    p.qPos.push_back(static_cast<int32_t>(first / f));
    p.tapRow.push_back(static_cast<int32_t>(first % f * p.maxCount));
    p.count.push_back(n);
}

// The plan of t for vectors of `lanes`, or nothing where its blocks would cover fewer than half
// its outputs with one stride of 1 to 8 pixels.
std::optional<PhasePlan> makePhasePlan(const AxisTable<float>& t, int lanes) {
    PhasePlan p;
    p.lanes = lanes;
    p.inW = t.in;
    p.outW = t.out;
    const int64_t outW = t.out;
    if (outW < lanes || t.in >= (int64_t{1} << 28)) return std::nullopt;
    const int64_t mid = outW / lanes / 2 * lanes;
    const int64_t f = t.tapIndex(mid + 1, 0) - t.tapIndex(mid, 0);
    if (f < 1 || f > 8) return std::nullopt;
    p.f = static_cast<int>(f);
    p.qStride = f == 1 ? 0 : ((t.in + f - 1) / f + lanes + 15) / 16 * 16;
    for (int64_t x = 0; x < outW; ++x) p.maxCount = std::max(p.maxCount, t.tapCount(x));
    // run[x]: how many outputs from x on follow the output before them by the stride, so a block
    // may start at x where run[x] >= lanes - 1
    std::vector<int32_t> run(static_cast<std::size_t>(outW), 0);
    for (int64_t x = outW - 2; x >= 0; --x) {
        const bool next = t.tapCount(x + 1) == t.tapCount(x) && t.tapIndex(x + 1, 0) == t.tapIndex(x, 0) + f;
        run[static_cast<std::size_t>(x)] = next ? run[static_cast<std::size_t>(x + 1)] + 1 : 0;
    }
    auto blockAt = [&](int64_t s) { return s >= 0 && s + lanes <= outW && run[static_cast<std::size_t>(s)] >= lanes - 1; };
    int64_t covered = 0;
    for (int64_t x = 0; x < outW;) {
        // the block covering x that reaches furthest
        int64_t s = x;
        while (s > x - lanes && !blockAt(s)) --s;
        if (s > x - lanes) {
            addBlock(p, t, s);
            covered += s + lanes - x;
            x = s + lanes;
        } else {
            p.single.push_back(x++);
        }
    }
    p.blocks = static_cast<int64_t>(p.start.size());
    if (covered * 2 < outW) return std::nullopt;
    for (int ph = 0; ph < p.f; ++ph)
        for (int j = 0; j < p.maxCount; ++j)
            p.tapOff.push_back(static_cast<int32_t>((ph + j) % f * p.qStride + (ph + j) / f));
    if (p.f > 1) phaseSelectors(p);
    return p;
}

#if UPSAMPLE_X86
// The float32 SIMD path, fused: per output row, the W pass of the input rows its H window reads
// (each computed once, kept in a ring) then the H pass into the output, so the intermediate never
// leaves the cache. The W pass runs on a PhasePlan where the W axis has one (phaseRows, 4 rows at once), else on
// L::n input rows at once, transposed (passWRows). The H pass is SIMD across W in the tap order
// of passH. Every element gets passW's and passH's operations in their order.
UPSAMPLE_TARGET_AVX2 inline void transpose8(__m256& r0, __m256& r1, __m256& r2, __m256& r3, __m256& r4, __m256& r5,
                                            __m256& r6, __m256& r7) {
    const __m256 t0 = _mm256_unpacklo_ps(r0, r1), t1 = _mm256_unpackhi_ps(r0, r1);
    const __m256 t2 = _mm256_unpacklo_ps(r2, r3), t3 = _mm256_unpackhi_ps(r2, r3);
    const __m256 t4 = _mm256_unpacklo_ps(r4, r5), t5 = _mm256_unpackhi_ps(r4, r5);
    const __m256 t6 = _mm256_unpacklo_ps(r6, r7), t7 = _mm256_unpackhi_ps(r6, r7);
    const __m256 u0 = _mm256_shuffle_ps(t0, t2, 0x44), u1 = _mm256_shuffle_ps(t0, t2, 0xEE);
    const __m256 u2 = _mm256_shuffle_ps(t1, t3, 0x44), u3 = _mm256_shuffle_ps(t1, t3, 0xEE);
    const __m256 u4 = _mm256_shuffle_ps(t4, t6, 0x44), u5 = _mm256_shuffle_ps(t4, t6, 0xEE);
    const __m256 u6 = _mm256_shuffle_ps(t5, t7, 0x44), u7 = _mm256_shuffle_ps(t5, t7, 0xEE);
    r0 = _mm256_permute2f128_ps(u0, u4, 0x20);
    r1 = _mm256_permute2f128_ps(u1, u5, 0x20);
    r2 = _mm256_permute2f128_ps(u2, u6, 0x20);
    r3 = _mm256_permute2f128_ps(u3, u7, 0x20);
    r4 = _mm256_permute2f128_ps(u0, u4, 0x31);
    r5 = _mm256_permute2f128_ps(u1, u5, 0x31);
    r6 = _mm256_permute2f128_ps(u2, u6, 0x31);
    r7 = _mm256_permute2f128_ps(u3, u7, 0x31);
}

// Columns [x, x + 8) of rows r[0..8), transposed: column k at c + k * stride.
UPSAMPLE_TARGET_AVX2 inline void tileIn(const float* const* r, int64_t x, float* c, int64_t stride) {
    __m256 v[8];
    for (int k = 0; k < 8; ++k) v[k] = _mm256_loadu_ps(r[k] + x);
    transpose8(v[0], v[1], v[2], v[3], v[4], v[5], v[6], v[7]);
    for (int k = 0; k < 8; ++k) _mm256_storeu_ps(c + k * stride, v[k]);
}

// 8 columns of 8 lanes (column k at v + k * stride), transposed into rows d[0..8) at ox.
UPSAMPLE_TARGET_AVX2 inline void tileOut(const float* v, int64_t stride, float* const* d, int64_t ox) {
    __m256 r[8];
    for (int k = 0; k < 8; ++k) r[k] = _mm256_loadu_ps(v + k * stride);
    transpose8(r[0], r[1], r[2], r[3], r[4], r[5], r[6], r[7]);
    for (int k = 0; k < 8; ++k) _mm256_storeu_ps(d[k] + ox, r[k]);
}

// Lines of the next band's input rows to fetch into L2, handed out a few at a time from inside
// the loop of a strip's H sums (hBandVectors), so that their misses overlap the arithmetic
// instead of stalling it in one burst a strip (paired, 10 pairs, W4 x1/4: bicubic 0.85 with 2
// threads and 0.82 with 1, lanczos 0.91).
struct Fetches {
    const float* const* rows = nullptr;  // the lines: rows[i] + x + c for c in [0, width), 16 floats apart
    int count = 0, row = 0;
    int64_t x = 0, width = 0, c = 0;
    // Up to k of the lines not fetched yet.
    void some(int k) {
        for (; k > 0 && row < count; --k) {
            _mm_prefetch(reinterpret_cast<const char*>(rows[row] + x + c), _MM_HINT_T1);
            if ((c += 16) >= width) c = 0, ++row;
        }
    }
    void rest() {
        while (row < count) some(64);
    }
};

namespace avx2 {
using L = lanes::Avx2;
#define SIMD_TARGET UPSAMPLE_TARGET_AVX2
#include "antialias_body.inc"
#undef SIMD_TARGET
}  // namespace avx2

namespace avx512 {
using L = lanes::Avx512;
#define SIMD_TARGET UPSAMPLE_TARGET_AVX512
#include "antialias_body.inc"
#undef SIMD_TARGET
}  // namespace avx512

// One instruction set's passes (antialias_body.inc) and the W plan they run on.
struct Passes {
    int group = 8;  // input rows one passWRows call takes
    void (*rows)(const AxisTable<float>&, const float* const*, int, float*, float* const*);
    void (*phase)(const PhasePlan&, const AxisTable<float>&, const float* const*, int, float*, float* const*);
    void (*h)(const float* const*, const float*, int, int64_t, float*);
    // The H passes of up to 4 output rows of a band at once (H first).
    void (*band)(const float*, int64_t, const int*, const int*, const float* const*, int, int64_t, float* const*,
                 Fetches*);
    std::optional<PhasePlan> plan;

    // Floats of per-thread scratch the W pass needs (its phase split, or its transposed rows).
    int64_t scratchFloats(int64_t inW) const { return plan ? group * plan->f * plan->qStride : inW * group; }
    // The W pass of `count` (at most group) rows src into dst, by the phase plan where there is one.
    void w(const AxisTable<float>& tw, const float* const* src, int count, float* scratch, float* const* dst) const {
        if (plan) phase(*plan, tw, src, count, scratch, dst);
        else rows(tw, src, count, scratch, dst);
    }
};

// A thread's W-pass scratch, on a 64-byte line.
class WScratch {
public:
    WScratch(const Passes& p, int64_t inW) : owner_(new float[static_cast<std::size_t>(p.scratchFloats(inW) + 16)]) {
        data_ = owner_.get();
        while (reinterpret_cast<uintptr_t>(data_) % 64 != 0) ++data_;
    }
    float* get() const { return data_; }

private:
    std::unique_ptr<float[]> owner_;
    float* data_ = nullptr;
};

Passes passesFor(Isa isa, const AxisTable<float>& tw) {
    Passes p = isa == Isa::Avx512
                   ? Passes{16, avx512::passWRows, avx512::phaseRows, avx512::passHRow, avx512::passHBand, {}}
                   : Passes{8, avx2::passWRows, avx2::phaseRows, avx2::passHRow, avx2::passHBand, {}};
    p.plan = makePhasePlan(tw, p.group);
    if (p.plan) p.group = 4;
    return p;
}

// One output row: the H window of n rows from y0 (weights w) of the W-passed rows in the ring.
void hPass(const Passes& passes, const float* ringData, int64_t ring, int64_t y0, int n, const float* w, int64_t outW,
           float* dst) {
    auto slot = [&](int64_t y) { return ringData + (y % ring) * outW; };
    if (n <= 64) {
        const float* hrows[64];
        for (int j = 0; j < n; ++j) hrows[j] = slot(y0 + j);
        return passes.h(hrows, w, n, outW, dst);
    }
    // very large windows: accumulate in passH's order
    const float* s0 = slot(y0);
    for (int64_t x = 0; x < outW; ++x) dst[x] = s0[x] * w[0];
    for (int j = 1; j < n; ++j) {
        const float* s = slot(y0 + j);
        for (int64_t x = 0; x < outW; ++x) dst[x] += s[x] * w[j];
    }
}

// The H passes of a band of `count` output rows of the H-first order into mid[0..count) (inW
// floats each), from the input plane `src`: strip by strip of `kStrip` columns, every row of the
// band, so that the input rows the band's windows share (12 of 16 for bicubic x1/4) are read
// from L2 once a strip and then from L1. Each output gets passHRow's operations, in passH's order.
// 128 columns (one step of 8 AVX-512 vectors): the window of a lanczos band (36 rows at x1/4)
// stays well inside L1 (paired against 256: 0.93 lanczos, 0.91 bicubic, 0.94 bilinear; 512 and
// 192 were slower).
constexpr int64_t kStrip = 128;

// ahead[0..aheads): input rows the next band reads first (none this one reads), fetched into L2
// strip by strip, so that their loads from memory overlap this band's arithmetic.
struct Ahead {
    const float* rows[16];
    int count = 0;
};

// Windows of at least this many taps take the band's H passes four rows at once (passes.band);
// narrower ones row by row (passes.h), where the shared loads save less than the per-row tap
// bookkeeping costs (bilinear x1/4, 8 taps: 1.09-1.16x the time four at a time; bicubic, 16 taps:
// 0.95; lanczos, 24: 0.92).
constexpr int kBandTaps = 12;

// Output rows [k0, k0 + g) of the band (y, mid) in the strip at x, four at a time: their windows
// as offsets from the first row they read.
void hBandRows(const Passes& passes, const AxisTable<float>& th, const float* src, int64_t inW, int64_t y, int k0,
               int g, int64_t x, int64_t width, float* const* mid, Fetches& fetches) {
    int64_t base = INT64_MAX;
    for (int k = 0; k < g; ++k) base = std::min(base, th.tapIndex(y + k0 + k, 0));
    int first[4], n[4];
    const float* w[4];
    float* dst[4];
    for (int k = 0; k < g; ++k) {
        const int64_t oy = y + k0 + k;
        first[k] = static_cast<int>(th.tapIndex(oy, 0) - base);
        n[k] = th.tapCount(oy);
        w[k] = th.weight.data() + oy * th.taps;
        dst[k] = mid[k0 + k] + x;
    }
    passes.band(src + base * inW + x, inW, first, n, w, g, width, dst, &fetches);
}

void hBand(const Passes& passes, const AxisTable<float>& th, const float* src, int64_t inW, int64_t y, int count,
           float* const* mid, const Ahead& ahead) {
    int maxN = 0;
    for (int k = 0; k < count; ++k) maxN = std::max(maxN, th.tapCount(y + k));
    const bool together = maxN >= kBandTaps;
    const float* local[64];
    std::vector<const float*> heap;
    const float** rows = local;
    if (maxN > 64) {
        heap.resize(static_cast<std::size_t>(maxN));
        rows = heap.data();
    }
    for (int64_t x = 0; x < inW; x += kStrip) {
        const int64_t width = std::min(kStrip, inW - x);
        // the next band's lines of this strip: from inside the sums where the band goes four rows
        // at a time, else all at once here
        Fetches fetches{ahead.rows, ahead.count, 0, x, width};
        if (!together) fetches.rest();
        // row by row: the band's window in the next strip, into L1 while this strip is summed (the
        // rows it shares with the band before are in L2 at best; paired, 10 pairs: bilinear 0.97);
        // four rows at a time, hBandVectors fetches each row's next lines itself
        if (!together && x + kStrip < inW) {
            const int64_t last = y + count - 1, next = std::min(kStrip, inW - x - kStrip);
            for (int64_t row = th.tapIndex(y, 0); row < th.tapIndex(last, 0) + th.tapCount(last); ++row)
                for (int64_t c = 0; c < next; c += 16)
                    _mm_prefetch(reinterpret_cast<const char*>(src + row * inW + x + kStrip + c), _MM_HINT_T0);
        }
        if (together) {
            for (int k0 = 0; k0 < count; k0 += 4)
                hBandRows(passes, th, src, inW, y, k0, std::min(4, count - k0), x, width, mid, fetches);
            fetches.rest();
            continue;
        }
        for (int k = 0; k < count; ++k) {
            const int64_t oy = y + k;
            const int n = th.tapCount(oy);
            const float* first = src + th.tapIndex(oy, 0) * inW + x;
            for (int j = 0; j < n; ++j) rows[j] = first + j * inW;
            passes.h(rows, th.weight.data() + oy * th.taps, n, width, mid[k] + x);
        }
    }
}

// The input rows band r + 1 (of end) reads past those band r reads (at most 16).
Ahead aheadOf(const AxisTable<float>& th, const float* in, int64_t inH, int64_t inW, int64_t bands, int group, int64_t r,
              int64_t end) {
    Ahead a;
    if (r + 1 >= end) return a;
    const int64_t outH = th.out, p = r / bands, y = r % bands * group, np = (r + 1) / bands, ny = (r + 1) % bands * group;
    auto rowsOf = [&](int64_t y0, int64_t y1) {  // [first, last] input row of output rows [y0, y1)
        int64_t lo = inH, hi = -1;
        for (int64_t oy = y0; oy < std::min(y1, outH); ++oy) {
            lo = std::min(lo, th.tapIndex(oy, 0));
            hi = std::max(hi, th.tapIndex(oy, 0) + th.tapCount(oy) - 1);
        }
        return std::pair{lo, hi};
    };
    const auto [lo, hi] = rowsOf(ny, ny + group);
    const int64_t from = np == p ? std::max(lo, rowsOf(y, y + group).second + 1) : lo;
    for (int64_t row = from; row <= hi && a.count < 16; ++row) a.rows[a.count++] = in + (np * inH + row) * inW;
    return a;
}

// The H-first order (plan::antialiasHFirst), fused: per band of `group` output rows, their H
// passes from the input rows into intermediate rows of inW floats (hBand), then the W pass of the band's rows into the output, so the
// intermediate never leaves the cache. The same operations as passH then passW.
void antialiasFusedHFirst(const Geometry& g, const std::array<AxisTable<float>, 3>& t, const float* in, float* out,
                          int threads, Isa isa) {
    const AxisTable<float>& th = t[1];
    const AxisTable<float>& tw = t[2];
    const Passes passes = passesFor(isa, tw);
    const int group = passes.group;
    const int64_t inH = g.in[1], inW = g.in[2], outH = g.out[1], outW = g.out[2];
    const int64_t bands = (outH + group - 1) / group;
    parallelFor(g.planes * bands, threads, [&](int64_t begin, int64_t end) {
        std::vector<float> mid(static_cast<std::size_t>(group * inW));
        const WScratch cols(passes, inW);
        for (int64_t r = begin; r < end; ++r) {
            const int64_t p = r / bands, y = r % bands * group;
            const int count = static_cast<int>(std::min<int64_t>(group, outH - y));
            float* rows[16];
            float* dst[16];
            for (int k = 0; k < count; ++k) {
                rows[k] = mid.data() + k * inW;
                dst[k] = out + (p * outH + y + k) * outW;
            }
            hBand(passes, th, in + p * inH * inW, inW, y, count, rows, aheadOf(th, in, inH, inW, bands, group, r, end));
            passes.w(tw, rows, count, cols.get(), dst);
        }
    });
}

void antialiasFused(const Geometry& g, const std::array<AxisTable<float>, 3>& t, const float* in, float* out,
                    int threads, Isa isa) {
    const AxisTable<float>& th = t[1];
    const AxisTable<float>& tw = t[2];
    const Passes passes = passesFor(isa, tw);
    const int group = passes.group;
    const int64_t inH = g.in[1], inW = g.in[2], outH = g.out[1], outW = g.out[2];
    int maxCount = 1;
    for (int64_t y = 0; y < outH; ++y) maxCount = std::max(maxCount, th.tapCount(y));
    const int64_t ring = maxCount + group;  // rows [first row of the window, last computed row]
    parallelFor(g.planes * outH, threads, [&](int64_t begin, int64_t end) {
        std::vector<float> ringData(static_cast<std::size_t>(ring * outW));
        const WScratch cols(passes, inW);
        auto slot = [&](int64_t y) { return ringData.data() + (y % ring) * outW; };
        int64_t plane = -1, next = 0, lastY0 = 0;  // next: the first input row of `plane` not yet in the ring
        for (int64_t r = begin; r < end; ++r) {
            const int64_t p = r / outH, oy = r % outH;
            const int64_t y0 = th.index[static_cast<std::size_t>(oy * th.taps)];
            const int n = th.tapCount(oy);
            if (p != plane || y0 > next || y0 < lastY0) {
                plane = p;
                next = y0;
            }
            lastY0 = y0;
            const float* src = in + p * inH * inW;
            while (next < y0 + n) {
                const int count = static_cast<int>(std::min<int64_t>(group, inH - next));
                const float* rows[16];
                float* dst[16];
                for (int l = 0; l < count; ++l) {
                    rows[l] = src + (next + l) * inW;
                    dst[l] = slot(next + l);
                }
                passes.w(tw, rows, count, cols.get(), dst);
                next += count;
            }
            hPass(passes, ringData.data(), ring, y0, n, th.weight.data() + oy * th.taps, outW, out + r * outW);
        }
    });
}
#endif
}  // namespace

template <class T>
void antialiasKernel(const Geometry& g, const std::array<AxisTable<T>, 3>& t, const T* in, T* out, int threads) {
#if UPSAMPLE_X86
    if constexpr (std::is_same_v<T, float>)
        if (isa() != Isa::Baseline && g.dims == 2) {
            if (plan::antialiasHFirst(g, t)) return antialiasFusedHFirst(g, t, in, out, threads, isa());
            return antialiasFused(g, t, in, out, threads, isa());
        }
#endif
    expectPasses(2);
    if (plan::antialiasHFirst(g, t)) {
        std::unique_ptr<T[]> tmp(new T[static_cast<std::size_t>(g.planes * g.out[1] * g.in[2])]);
        passH(t[1], g.planes, g.in[2], in, tmp.get(), threads);
        passW(t[2], g.planes * g.out[1], tmp.get(), out, threads);
        return;
    }
    std::unique_ptr<T[]> tmp(new T[static_cast<std::size_t>(g.planes * g.in[1] * g.out[2])]);
    passW(t[2], g.planes * g.in[1], in, tmp.get(), threads);
    passH(t[1], g.planes, g.out[2], tmp.get(), out, threads);
}
template void antialiasKernel<float>(const Geometry&, const std::array<AxisTable<float>, 3>&, const float*, float*, int);
template void antialiasKernel<double>(const Geometry&, const std::array<AxisTable<double>, 3>&, const double*, double*,
                                      int);

}  // namespace cpu
}  // namespace upsample
