// linear, bilinear, trilinear and bicubic on the CPU: the nested weighted-sum kernel (also the
// library conventions': 2, 4 or 8 taps per axis, the same on every axis). Tables: modes.cpp.
#include "kernels.hpp"
#include "parallel.hpp"
#include "tap_sum.hpp"
#include "rows_simd.hpp"

#include "upsample/error.hpp"

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <optional>
#include <string>
#include <type_traits>
#include <vector>

namespace upsample {

namespace cpu {

namespace {
// The W axis of a table in tap-major form with 32-bit indices: idx[c * outW + x].
template <class T>
struct RowPlan {
    int64_t outW = 0;
    int taps = 0;
    std::vector<int32_t> idx;
    std::vector<T> w;
    explicit RowPlan(const AxisTable<T>& t) : outW(t.out), taps(t.taps) {
        idx.resize(static_cast<std::size_t>(taps * outW));
        w.resize(static_cast<std::size_t>(taps * outW));
        for (int64_t x = 0; x < outW; ++x)
            for (int c = 0; c < taps; ++c) {
                idx[c * outW + x] = static_cast<int32_t>(t.tapIndex(x, c));
                w[c * outW + x] = t.tapWeight(x, c);
            }
    }
};

// row[x] = src[i0[x]] * w0[x] + src[i1[x]] * w1[x] (+ ...), the taps summed in order.
template <class T, int KW, bool F>
[[gnu::always_inline]] inline void horizontalBody(const T* __restrict src, const int32_t* __restrict idx,
                                                  const T* __restrict w, int64_t n, T* __restrict row) {
    for (int64_t x = 0; x < n; ++x) {
        T v = firstTwo<F>(src[idx[x]], w[x], src[idx[n + x]], w[n + x]);
        for (int c = 2; c < KW; ++c) v = nextTap<F>(v, src[idx[c * n + x]], w[c * n + x]);
        row[x] = v;
    }
}

// dst[x] = rows[0][x] * wv[0] + rows[1][x] * wv[1] (+ ...), the taps summed in order.
template <class T, int K, bool F>
[[gnu::always_inline]] inline void verticalBody(const T* const* rows, const T* wv, int64_t n, T* __restrict dst) {
    for (int64_t x = 0; x < n; ++x) {
        T v = firstTwo<F>(rows[0][x], wv[0], rows[1][x], wv[1]);
        for (int b = 2; b < K; ++b) v = nextTap<F>(v, rows[b][x], wv[b]);
        dst[x] = v;
    }
}

// Compiled for AVX2 and for the baseline; the loader picks one. The fused forms (`Fma`: bicubic's
// four taps) are compiled for FMA instead, where std::fma is one instruction. Not for Haswell's
// whole set ("avx2"): a CPU without one of its other features (some EPYC lack lzcnt)
// would take the baseline clone, where each std::fma is a library call (float64 bicubic 6.4x
// slower) and the plain loops lose AVX2 (float64 trilinear 1.21x, measured). Contraction stays
// off and std::fma rounds once on either (an instruction, or a library call), so every clone
// gives the same bits.
#define UPSAMPLE_ROW_KERNELS(T, K, F, Name, Clone)                                                                   \
    [[gnu::target_clones(Clone, "default")]] void horizontal##Name(const T* src, const int32_t* idx, const T* w,     \
                                                                   int64_t n, T* row) {                              \
        horizontalBody<T, K, F>(src, idx, w, n, row);                                                                \
    }                                                                                                                \
    [[gnu::target_clones(Clone, "default")]] void vertical##Name(const T* const* rows, const T* wv, int64_t n,      \
                                                                 T* dst) {                                           \
        verticalBody<T, K, F>(rows, wv, n, dst);                                                                     \
    }
UPSAMPLE_ROW_KERNELS(float, 2, false, 2, "avx2")
UPSAMPLE_ROW_KERNELS(float, 4, false, 4, "avx2")
UPSAMPLE_ROW_KERNELS(double, 2, false, 2, "avx2")
UPSAMPLE_ROW_KERNELS(double, 4, false, 4, "avx2")
UPSAMPLE_ROW_KERNELS(float, 8, false, 8, "avx2")
UPSAMPLE_ROW_KERNELS(double, 8, false, 8, "avx2")
UPSAMPLE_ROW_KERNELS(float, 4, true, Fma4, "fma")
UPSAMPLE_ROW_KERNELS(double, 4, true, Fma4, "fma")
#undef UPSAMPLE_ROW_KERNELS

template <class T, int K, bool F>
void horizontal(const T* src, const RowPlan<T>& plan, T* row) {
    static_assert(!F || K == 4, "fused sums: four taps (bicubic)");
    if constexpr (F) horizontalFma4(src, plan.idx.data(), plan.w.data(), plan.outW, row);
    else if constexpr (K == 2) horizontal2(src, plan.idx.data(), plan.w.data(), plan.outW, row);
    else if constexpr (K == 4) horizontal4(src, plan.idx.data(), plan.w.data(), plan.outW, row);
    else horizontal8(src, plan.idx.data(), plan.w.data(), plan.outW, row);
}
template <class T, int K, bool F>
void vertical(const T* const* rows, const T* wv, int64_t n, T* dst) {
    static_assert(!F || K == 4, "fused sums: four taps (bicubic)");
    if constexpr (F) verticalFma4(rows, wv, n, dst);
    else if constexpr (K == 2) vertical2(rows, wv, n, dst);
    else if constexpr (K == 4) vertical4(rows, wv, n, dst);
    else vertical8(rows, wv, n, dst);
}

// Horizontally interpolated input rows, kept while consecutive output rows need them again.
// Least recently used rows are replaced; with twice as many slots as one output row reads,
// a row in use by the current output row is never replaced.
template <class T>
class RowCache {
public:
    // Each row starts on a 64-byte line (whole-vector loads and stores never straddle two lines).
    RowCache(int slots, int64_t width)
        : keys_(static_cast<std::size_t>(slots), -1), used_(static_cast<std::size_t>(slots), 0),
          width_((width + kLineFloats - 1) / kLineFloats * kLineFloats),
          storage_(static_cast<std::size_t>(slots * width_ + kLineFloats)) {
        const auto misaligned = reinterpret_cast<std::uintptr_t>(storage_.data()) % 64;
        data_ = storage_.data() + (misaligned ? (64 - misaligned) / sizeof(T) : 0);
    }
    // The row for key, computing it with fill(row) when it is not cached.
    template <class Fill>
    const T* get(int64_t key, Fill&& fill) {
        ++clock_;
        for (std::size_t i = 0; i < keys_.size(); ++i)
            if (keys_[i] == key) {
                used_[i] = clock_;
                return data_ + i * width_;
            }
        T* row = reserve(key);
        fill(row);
        return row;
    }
    bool contains(int64_t key) const { return std::find(keys_.begin(), keys_.end(), key) != keys_.end(); }
    // The least recently used slot, now holding key: the caller computes its row before reading it.
    T* reserve(int64_t key) {
        ++clock_;
        const std::size_t victim = static_cast<std::size_t>(std::min_element(used_.begin(), used_.end()) - used_.begin());
        keys_[victim] = key;
        used_[victim] = clock_;
        return data_ + victim * width_;
    }

private:
    static constexpr int64_t kLineFloats = 64 / sizeof(T);
    std::vector<int64_t> keys_;
    std::vector<uint64_t> used_;
    int64_t width_;
    std::vector<T> storage_;
    T* data_ = nullptr;
    uint64_t clock_ = 0;
};

// Rows of the H pass (sums over H taps of W-interpolated rows) of a few input D planes, kept row by
// row while consecutive output planes read the same input planes again (on upscaling in D, each
// input plane's H pass serves several output planes). Least recently used planes are replaced.
template <class T>
class PlaneRows {
public:
    PlaneRows(int slots, int64_t rows, int64_t width)
        : keys_(static_cast<std::size_t>(slots), -1), used_(static_cast<std::size_t>(slots), 0),
          valid_(static_cast<std::size_t>(slots * rows), 0), data_(static_cast<std::size_t>(slots * rows * width)),
          rows_(rows), width_(width) {}
    // Row `row` of the plane `key`, computing it with fill(dst) when it is not kept.
    template <class Fill>
    const T* get(int64_t key, int64_t row, Fill&& fill) {
        ++clock_;
        std::size_t slot = 0;
        bool found = false;
        for (std::size_t i = 0; i < keys_.size() && !found; ++i) {
            if (keys_[i] == key) slot = i, found = true;
            else if (used_[i] < used_[slot]) slot = i;
        }
        if (!found) {
            keys_[slot] = key;
            std::fill_n(valid_.begin() + static_cast<std::ptrdiff_t>(slot * rows_), rows_, 0);
        }
        used_[slot] = clock_;
        T* dst = data_.data() + (slot * rows_ + row) * width_;
        if (!valid_[slot * rows_ + row]) {
            fill(dst);
            valid_[slot * rows_ + row] = 1;
        }
        return dst;
    }

private:
    std::vector<int64_t> keys_;
    std::vector<uint64_t> used_;
    std::vector<unsigned char> valid_;
    std::vector<T> data_;
    int64_t rows_, width_;
    uint64_t clock_ = 0;
};

// The float32 SIMD row passes (rows_simd.hpp), when the CPU has AVX2 or AVX-512.
struct FastRows {
    Isa isa = Isa::Baseline;
    simd::HorizontalPlan h;
    bool stream = false;  // output rows stored past the caches (simd::vertical)
};

template <class T, int KW, bool F>
void horizontalRow(const T* src, const RowPlan<T>& plan, const FastRows* fast, T* row) {
    if constexpr (std::is_same_v<T, float> && KW != 8)
        if (fast) return simd::horizontal(fast->h, src, row);
    horizontal<T, KW, F>(src, plan, row);
}
// `output`: dst is a row of the output (streamed where fast->stream), not a row kept for a sum.
template <class T, int K, bool F>
void verticalRow(const T* const* rows, const T* wv, int64_t n, const FastRows* fast, T* dst, bool output) {
    if constexpr (std::is_same_v<T, float> && K <= 4)
        if (fast) return simd::vertical(fast->isa, K, rows, wv, n, dst, F, output && fast->stream);
    vertical<T, K, F>(rows, wv, n, dst);
}

template <class T, int KH, int KW, bool F>
struct RowSource {
    const Geometry& g;
    const std::array<AxisTable<T>, 3>& t;
    const RowPlan<T>& plan;
    const FastRows* fast;
    const T* in;
    RowCache<T>& cache;
    // The input row (its index in the whole input) of H tap b of output row oh in input plane (p, d).
    int64_t key(int64_t p, int64_t d, int64_t oh, int b) const {
        return (p * g.in[0] + d) * g.in[1] + t[1].index[oh * KH + b];
    }
    // The W-interpolated input rows of the H taps of output row oh in input plane (p, d).
    void hrows(int64_t p, int64_t d, int64_t oh, const T* (&rows)[KH]) {
        for (int b = 0; b < KH; ++b) {
            const int64_t k = key(p, d, oh, b);
            rows[b] = cache.get(k, [&](T* row) { horizontalRow<T, KW, F>(in + k * g.in[2], plan, fast, row); });
        }
    }
};

// The rows a thread keeps from one chunk of output rows to the next (parallelForParts).
template <class T, int KD, int KH>
struct Workspace {
    RowCache<T> cache;
    std::vector<T> inner;
    std::optional<PlaneRows<T>> kept;
    Workspace(const Geometry& g, bool planes)
        : cache(2 * KD * KH, g.out[2]), inner(static_cast<std::size_t>(KD * g.out[2])) {
        if (KD > 1 && planes) kept.emplace(KD + 1, g.out[1], g.out[2]);  // one more than a row reads: never one in use
    }
};

// 2-D float32 with SIMD passes: output rows [begin, end), each one's vertical pass fused with the
// horizontal pass of the next row's first input row not yet cached (simd::verticalWith). The
// same operations as tapRows's, so the same bits.
template <int K, bool F>
void fusedRows(const Geometry& g, const std::array<AxisTable<float>, 3>& t, const FastRows& fast, const float* in,
               float* out, int64_t begin, int64_t end, RowSource<float, K, K, F>& source) {
    const int64_t outW = g.out[2];
    for (int64_t r = begin; r < end; ++r) {
        const int64_t oh = r % g.out[1], od = (r / g.out[1]) % g.out[0], p = r / (g.out[1] * g.out[0]);
        const float* hrows[K];
        source.hrows(p, t[0].index[od], oh, hrows);
        simd::HorizontalJob next{&fast.h, nullptr, nullptr};
        if (r + 1 < end) {
            const int64_t nh = (r + 1) % g.out[1], nd = ((r + 1) / g.out[1]) % g.out[0], np = (r + 1) / (g.out[1] * g.out[0]);
            for (int b = 0; b < K && !next.row; ++b) {
                const int64_t k = source.key(np, t[0].index[nd], nh, b);
                if (!source.cache.contains(k)) next = {&fast.h, in + k * g.in[2], source.cache.reserve(k)};
            }
        }
        const float* wv = t[1].weight.data() + oh * K;
        if (next.row) simd::verticalWith(fast.isa, K, hrows, wv, outW, out + r * outW, next, F, fast.stream);
        else simd::vertical(fast.isa, K, hrows, wv, outW, out + r * outW, F, fast.stream);
    }
}

// Output rows [begin, end): each is the nested sum over D taps a and H taps b of
// horizontally interpolated input rows (first spatial dim outermost, as PyTorch sums). With
// `planes` (3-D data), the sums over H taps are kept per input plane and reused: the same
// operations in the same order, so the same bits.
template <class T, int KD, int KH, int KW, bool F>
void tapRows(const Geometry& g, const std::array<AxisTable<T>, 3>& t, const RowPlan<T>& plan, const FastRows* fast,
             const T* in, T* out, int64_t begin, int64_t end, Workspace<T, KD, KH>& ws) {
    const int64_t outW = g.out[2];
    RowSource<T, KH, KW, F> source{g, t, plan, fast, in, ws.cache};
    if constexpr (std::is_same_v<T, float> && KD == 1 && KH > 1 && KH == KW && KH <= 4)
        if (fast) return fusedRows<KH, F>(g, t, *fast, in, out, begin, end, source);
    for (int64_t r = begin; r < end; ++r) {
        const int64_t oh = r % g.out[1];
        const int64_t od = (r / g.out[1]) % g.out[0];
        const int64_t p = r / (g.out[1] * g.out[0]);
        T* dst = out + r * outW;
        const T* hrows[KH];
        if constexpr (KD == 1) {
            source.hrows(p, t[0].index[od], oh, hrows);
            if constexpr (KH == 1) std::copy(hrows[0], hrows[0] + outW, dst);
            else verticalRow<T, KH, F>(hrows, t[1].weight.data() + oh * KH, outW, fast, dst, true);
        } else {
            const T* innerRows[KD];
            for (int a = 0; a < KD; ++a) {
                const int64_t d = t[0].index[od * KD + a];
                auto fill = [&](T* row) {
                    source.hrows(p, d, oh, hrows);
                    verticalRow<T, KH, F>(hrows, t[1].weight.data() + oh * KH, outW, fast, row, false);
                };
                if (ws.kept) {
                    innerRows[a] = ws.kept->get(p * g.in[0] + d, oh, fill);
                } else {
                    fill(ws.inner.data() + a * outW);
                    innerRows[a] = ws.inner.data() + a * outW;
                }
            }
            verticalRow<T, KD, F>(innerRows, t[0].weight.data() + od * KD, outW, fast, dst, true);
        }
    }
}

// The narrowest output row stored past the caches.
constexpr int64_t kStreamRowBytes = 8 << 10;
// UPSAMPLE_STREAM_ROWS=0: plain stores for every output (to compare the two).
bool streamOff() {
    static const bool off = [] {
        const char* e = std::getenv("UPSAMPLE_STREAM_ROWS");
        return e && std::string(e) == "0";
    }();
    return off;
}

// The largest H pass of one input plane kept for reuse (tapRows), a few of them per thread.
constexpr uint64_t kKeptPlaneBytes = uint64_t{512} << 10;

// tapRows over every output row, each thread with its workspace (kept over its chunks).
template <class T, int KD, int KH, int KW, bool F>
void tapParts(const Geometry& g, const std::array<AxisTable<T>, 3>& t, const RowPlan<T>& plan, const FastRows* fast,
              const T* in, T* out, int threads, bool planes) {
    const int64_t rows = g.planes * g.out[0] * g.out[1];
    std::vector<std::optional<Workspace<T, KD, KH>>> spaces(static_cast<std::size_t>(parallelParts(rows, threads)));
    parallelForParts(rows, threads, [&](int part, int64_t begin, int64_t end) {
        auto& ws = spaces[static_cast<std::size_t>(part)];
        if (!ws) ws.emplace(g, planes);
        tapRows<T, KD, KH, KW, F>(g, t, plan, fast, in, out, begin, end, *ws);
        if (fast && fast->stream) streamFence();
    });
}

// The output rows go past the caches: a large output (kStreamOutputBytes) of wide rows (W2
// bilinear's rows of 1 KiB took 1.43x the time streamed, trilinear W3's the same) whose rows
// start on 64-byte lines.
bool streamOutput(const Geometry& g, const float* out) {
    const int64_t rowBytes = g.out[2] * static_cast<int64_t>(sizeof(float));
    const int64_t bytes = g.planes * g.out[0] * g.out[1] * rowBytes;
    return rowBytes >= kStreamRowBytes && rowBytes % 64 == 0 && reinterpret_cast<uintptr_t>(out) % 64 == 0 &&
           !streamOff() && streamLargeOutput(out, bytes);
}

template <class T, int K, bool F>
void tapKernelK(const Geometry& g, const std::array<AxisTable<T>, 3>& t, const T* in, T* out, int threads) {
    const RowPlan<T> plan(t[2]);
    FastRows fastRows;
    const FastRows* fast = nullptr;
    if constexpr (std::is_same_v<T, float> && K != 8) {
        fastRows.isa = isa();
        if (fastRows.isa != Isa::Baseline && (!F || simd::hasFusedRows(fastRows.isa))) {
            fastRows.h = simd::makeHorizontalPlan(fastRows.isa, K, g.in[2], plan.outW, plan.idx.data(), plan.w.data(), F);
            fastRows.stream = streamOutput(g, out);
            fast = &fastRows;
        }
    }
    // 3-D: keep the H pass of input planes when D is upscaled and a plane's H pass fits the caches.
    const bool planes = g.dims == 3 && g.out[0] > g.in[0] &&
                        static_cast<uint64_t>(g.out[1] * g.out[2]) * sizeof(T) <= kKeptPlaneBytes;
    switch (g.dims) {
    case 1: return tapParts<T, 1, 1, K, F>(g, t, plan, fast, in, out, threads, false);
    case 2: return tapParts<T, 1, K, K, F>(g, t, plan, fast, in, out, threads, false);
    default:
        // 8 taps (OpenCV's Lanczos4) only ever run on 2-D images.
        if constexpr (K != 8) tapParts<T, K, K, K, F>(g, t, plan, fast, in, out, threads, planes);
    }
}
}  // namespace

template <class T>
void tapKernel(const Geometry& g, const std::array<AxisTable<T>, 3>& t, const T* in, T* out, int threads) {
    if (t[2].taps == 8 && g.dims == 3) throw InternalError("tapKernel: 8 taps run on 1-D and 2-D data only");
    const bool fused = t[2].fusedSums;
    for (int a = 3 - g.dims; a < 3; ++a)
        if (t[static_cast<std::size_t>(a)].fusedSums != fused || (fused && t[static_cast<std::size_t>(a)].taps != 4))
            throw InternalError("tapKernel: fused sums need four taps on every axis");
    if (fused) tapKernelK<T, 4, true>(g, t, in, out, threads);
    else if (t[2].taps == 8) tapKernelK<T, 8, false>(g, t, in, out, threads);
    else if (t[2].taps == 4) tapKernelK<T, 4, false>(g, t, in, out, threads);
    else tapKernelK<T, 2, false>(g, t, in, out, threads);
}
template void tapKernel<float>(const Geometry&, const std::array<AxisTable<float>, 3>&, const float*, float*, int);
template void tapKernel<double>(const Geometry&, const std::array<AxisTable<double>, 3>&, const double*, double*, int);

}  // namespace cpu
}  // namespace upsample
