// nearest and nearest-exact on the CPU: the gather kernel (their tables: modes.cpp).
#include "kernels.hpp"
#include "parallel.hpp"
#include "simd.hpp"

#include <algorithm>
#include <cstring>
#include <vector>

namespace upsample {

namespace cpu {

namespace {
// dst[x] = src[idx[x]]: compiled for AVX2 (gathers) and for the baseline; copies only.
template <class T>
[[gnu::always_inline]] inline void gatherBody(const T* __restrict src, const int32_t* __restrict idx, int64_t n,
                                              T* __restrict dst) {
    for (int64_t x = 0; x < n; ++x) dst[x] = src[idx[x]];
}
[[gnu::target_clones("avx2", "default")]] void gatherRow(const float* src, const int32_t* idx, int64_t n, float* dst) {
    gatherBody(src, idx, n, dst);
}
[[gnu::target_clones("avx2", "default")]] void gatherRow(const double* src, const int32_t* idx, int64_t n, double* dst) {
    gatherBody(src, idx, n, dst);
}
void gatherRow(const uint8_t* src, const int32_t* idx, int64_t n, uint8_t* dst) { gatherBody(src, idx, n, dst); }

// Upscales read, a vector's width of outputs at a time, a window of at most a vector's width of
// the input: such a block is one unaligned load and one permute (its lane offsets from the
// block's first index) instead of a gather. A block is taken this way when its offsets fit the
// vector and its load stays inside the row; the others keep the element loop. The same values
// are copied either way.
struct PermuteRow {
    int lanes = 0;                 // outputs a block (0: no block is permuted)
    std::vector<int32_t> offsets;  // per output: idx[x] - start[its block]
    std::vector<int32_t> start;    // per block: the first input of its load
    std::vector<uint8_t> fast;     // per block: permuted
};

PermuteRow permutePlan(const std::vector<int32_t>& idx, int64_t inW, int lanes) {
    PermuteRow p;
    const int64_t n = static_cast<int64_t>(idx.size());
    const int64_t blocks = n / lanes;
    p.offsets.assign(static_cast<std::size_t>(n), 0);
    p.start.assign(static_cast<std::size_t>(blocks), 0);
    p.fast.assign(static_cast<std::size_t>(blocks), 0);
    int64_t taken = 0;
    for (int64_t b = 0; b < blocks; ++b) {
        // the load starts at the block's first index, or earlier where that would pass the row's
        // end (the row's last block: at ×2 its 16 outputs read the row's last 8 inputs, which a
        // load from inW - lanes holds too, so that block is permuted and streamed like the rest)
        const int64_t first = b * lanes, base = std::min<int64_t>(idx[static_cast<std::size_t>(first)], inW - lanes);
        p.start[static_cast<std::size_t>(b)] = static_cast<int32_t>(base);
        bool ok = base >= 0;
        for (int k = 0; k < lanes && ok; ++k) {
            const int64_t off = idx[static_cast<std::size_t>(first + k)] - base;
            ok = off >= 0 && off < lanes;
            p.offsets[static_cast<std::size_t>(first + k)] = static_cast<int32_t>(off);
        }
        p.fast[static_cast<std::size_t>(b)] = ok ? 1 : 0;
        taken += ok ? 1 : 0;
    }
    if (taken > 0) p.lanes = lanes;
    return p;
}

#if UPSAMPLE_X86
// Each row function stores a block into `copies` output rows `stride` elements apart (output rows
// of one source row), streamed past the caches when `stream` is asked and the rows are aligned.
template <class E>
bool alignedRows(const E* dst, int64_t stride, int bytes) {
    return reinterpret_cast<uintptr_t>(dst) % static_cast<uintptr_t>(bytes) == 0 &&
           (stride * static_cast<int64_t>(sizeof(E))) % bytes == 0;
}
template <class E>
void tailRows(const E* src, const int32_t* idx, int64_t from, int64_t to, E* dst, int64_t copies, int64_t stride) {
    for (int64_t c = 0; c < copies; ++c)
        for (int64_t k = from; k < to; ++k) dst[c * stride + k] = src[idx[k]];
}

// One block: the permuted vector of `L` outputs, a plain store and a streamed one, per instruction
// set and element type; the row loop is nearest_rows.inc, compiled once per instruction set.
#define UPSAMPLE_INLINE_AVX512 __attribute__((target("avx2,avx512f,avx512vl,avx512bw,avx512dq"), always_inline)) inline
#define UPSAMPLE_INLINE_AVX2 __attribute__((target("avx2"), always_inline)) inline
// (GCC 12's AVX-512 intrinsics start from _mm512_undefined_*(), which -Wmaybe-uninitialized flags.)
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wmaybe-uninitialized"
template <class E>
struct Avx512Block;
template <>
struct Avx512Block<float> {
    static constexpr int L = 16;
    UPSAMPLE_INLINE_AVX512 static __m512 get(const float* s, const int32_t* off) {
        return _mm512_permutexvar_ps(_mm512_loadu_si512(off), _mm512_loadu_ps(s));
    }
    UPSAMPLE_INLINE_AVX512 static void put(float* d, __m512 v) { _mm512_storeu_ps(d, v); }
    UPSAMPLE_INLINE_AVX512 static void stream(float* d, __m512 v) { _mm512_stream_ps(d, v); }
};
template <>
struct Avx512Block<double> {
    static constexpr int L = 8;
    UPSAMPLE_INLINE_AVX512 static __m512d get(const double* s, const int32_t* off) {
        const __m512i o = _mm512_cvtepi32_epi64(_mm256_loadu_si256(reinterpret_cast<const __m256i*>(off)));
        return _mm512_permutexvar_pd(o, _mm512_loadu_pd(s));
    }
    UPSAMPLE_INLINE_AVX512 static void put(double* d, __m512d v) { _mm512_storeu_pd(d, v); }
    UPSAMPLE_INLINE_AVX512 static void stream(double* d, __m512d v) { _mm512_stream_pd(d, v); }
};
template <class E>
struct Avx2Block;
template <>
struct Avx2Block<float> {
    static constexpr int L = 8;
    UPSAMPLE_INLINE_AVX2 static __m256 get(const float* s, const int32_t* off) {
        return _mm256_permutevar8x32_ps(_mm256_loadu_ps(s), _mm256_loadu_si256(reinterpret_cast<const __m256i*>(off)));
    }
    UPSAMPLE_INLINE_AVX2 static void put(float* d, __m256 v) { _mm256_storeu_ps(d, v); }
    UPSAMPLE_INLINE_AVX2 static void stream(float* d, __m256 v) { _mm256_stream_ps(d, v); }
};
// Doubles as pairs of 32-bit lanes: lane k of 4 takes the pair (2·off, 2·off + 1).
template <>
struct Avx2Block<double> {
    static constexpr int L = 4;
    UPSAMPLE_INLINE_AVX2 static __m256d get(const double* s, const int32_t* off) {
        const __m256i lo = _mm256_slli_epi64(_mm256_cvtepu32_epi64(_mm_loadu_si128(reinterpret_cast<const __m128i*>(off))), 1);
        const __m256i pairs = _mm256_or_si256(lo, _mm256_slli_epi64(_mm256_add_epi64(lo, _mm256_set1_epi64x(1)), 32));
        return _mm256_castps_pd(_mm256_permutevar8x32_ps(_mm256_castpd_ps(_mm256_loadu_pd(s)), pairs));
    }
    UPSAMPLE_INLINE_AVX2 static void put(double* d, __m256d v) { _mm256_storeu_pd(d, v); }
    UPSAMPLE_INLINE_AVX2 static void stream(double* d, __m256d v) { _mm256_stream_pd(d, v); }
};

#define UPSAMPLE_NEAREST_TARGET UPSAMPLE_TARGET_AVX512
#define UPSAMPLE_NEAREST_ROWS permuteRows512
#define UPSAMPLE_NEAREST_BLOCK Avx512Block
#include "nearest_rows.inc"
#undef UPSAMPLE_NEAREST_TARGET
#undef UPSAMPLE_NEAREST_ROWS
#undef UPSAMPLE_NEAREST_BLOCK
#pragma GCC diagnostic pop
#define UPSAMPLE_NEAREST_TARGET UPSAMPLE_TARGET_AVX2
#define UPSAMPLE_NEAREST_ROWS permuteRows256
#define UPSAMPLE_NEAREST_BLOCK Avx2Block
#include "nearest_rows.inc"
#undef UPSAMPLE_NEAREST_TARGET
#undef UPSAMPLE_NEAREST_ROWS
#undef UPSAMPLE_NEAREST_BLOCK
#endif

// The permute path's width for this instruction set and element (0: none).
template <class E>
int permuteLanes(Isa i) {
    if constexpr (sizeof(E) == 4 || sizeof(E) == 8) {
#if UPSAMPLE_X86
        if (i == Isa::Avx512) return 64 / static_cast<int>(sizeof(E));
        if (i == Isa::Avx2) return 32 / static_cast<int>(sizeof(E));
#endif
    }
    (void)i;
    return 0;
}

// Fills `copies` output rows `stride` apart from one source row.
template <class E>
void copyRows(const E* src, const int32_t* idx, const PermuteRow& p, int64_t n, E* dst, int64_t copies,
              int64_t stride, bool stream) {
#if UPSAMPLE_X86
    if constexpr (sizeof(E) == 4 || sizeof(E) == 8) {
        if (p.lanes == 64 / static_cast<int>(sizeof(E))) return permuteRows512(src, idx, p, n, dst, copies, stride, stream);
        if (p.lanes == 32 / static_cast<int>(sizeof(E))) return permuteRows256(src, idx, p, n, dst, copies, stride, stream);
    }
#endif
    (void)p;
    (void)stream;
    gatherRow(src, idx, n, dst);
    for (int64_t c = 1; c < copies; ++c)  // the same source row: copy the first
        std::memcpy(dst + c * stride, dst, static_cast<std::size_t>(n) * sizeof(E));
}
}  // namespace

constexpr int64_t kWideRowBytes = 8 << 10;

// A copy, never arithmetic: nearest results are bit-identical to the input values.
template <class T, class E>
void gatherKernel(const Geometry& g, const std::array<AxisTable<T>, 3>& t, const E* in, E* out, int threads) {
    const int64_t rows = g.planes * g.out[0] * g.out[1];
    const int64_t outW = g.out[2], inW = g.in[2];
    const std::vector<int32_t> iw(t[2].index.begin(), t[2].index.end());
    const int lanes = permuteLanes<E>(isa());
    const PermuteRow perm = lanes > 0 ? permutePlan(iw, inW, lanes) : PermuteRow{};
    const auto srcRowOf = [&](int64_t r) {
        const int64_t oh = r % g.out[1];
        const int64_t od = (r / g.out[1]) % g.out[0];
        const int64_t p = r / (g.out[1] * g.out[0]);
        return (p * g.in[0] + t[0].index[od]) * g.in[1] + t[1].index[oh];
    };
    // Output rows of one source row: when the whole output is much larger than the caches, all
    // are stored from the permuted registers and streamed past the caches (no read for
    // ownership), whatever their width (a thread's share of them fenced once, at its end: rows of
    // 1 KB took 0.61 of the plain time); otherwise wide rows are stored from the registers too
    // and narrow ones copied from the first (measured faster for rows of 1 KB).
    const int64_t rowBytes = outW * static_cast<int64_t>(sizeof(E));
    const bool stream = streamLargeOutput(out, rows * rowBytes);
    const bool direct = rowBytes >= kWideRowBytes || stream;  // every output row from the registers
    parallelFor(rows, threads, [&](int64_t begin, int64_t end) {
        for (int64_t r = begin; r < end;) {
            const int64_t srcRow = srcRowOf(r);
            int64_t next = r + 1;  // output rows from the same source row
            while (next < end && srcRowOf(next) == srcRow) ++next;
            E* dst = out + r * outW;
            copyRows(in + srcRow * inW, iw.data(), perm, outW, dst, direct ? next - r : 1, outW, stream);
            for (int64_t c = direct ? next - r : 1; c < next - r; ++c)
                std::memcpy(dst + c * outW, dst, static_cast<std::size_t>(rowBytes));
            r = next;
        }
        if (stream) streamFence();
    });
}
template void gatherKernel<float>(const Geometry&, const std::array<AxisTable<float>, 3>&, const float*, float*, int);
template void gatherKernel<double>(const Geometry&, const std::array<AxisTable<double>, 3>&, const double*, double*, int);
template void gatherKernel<float, uint8_t>(const Geometry&, const std::array<AxisTable<float>, 3>&, const uint8_t*,
                                           uint8_t*, int);

}  // namespace cpu
}  // namespace upsample
