#include "rows_simd.hpp"
#include "simd_lanes.hpp"
#include "tap_sum.hpp"

#include "upsample/error.hpp"

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <cstring>

namespace upsample::cpu::simd {

namespace {
// True when block b repeats block b - 1's offsets and weights (its window `step` pixels on).
bool repeatsPrevious(const HorizontalPlan& p, int64_t b, int32_t step) {
    const std::size_t lanes = static_cast<std::size_t>(p.lanes), taps = static_cast<std::size_t>(p.taps);
    const std::size_t ub = static_cast<std::size_t>(b);
    if (p.start[ub] < 0 || p.start[ub - 1] < 0 || p.start[ub] - p.start[ub - 1] != step) return false;
    if (!std::equal(p.off.begin() + static_cast<std::ptrdiff_t>(ub * taps * lanes),
                    p.off.begin() + static_cast<std::ptrdiff_t>((ub + 1) * taps * lanes),
                    p.off.begin() + static_cast<std::ptrdiff_t>((ub - 1) * taps * lanes)))
        return false;
    for (int c = 0; c < p.taps; ++c) {
        const float* w = p.w + c * p.outW + b * p.lanes;
        if (std::memcmp(w, w - p.lanes, lanes * sizeof(float)) != 0) return false;
    }
    return true;
}

// The longest run of repeating blocks (HorizontalPlan::runBegin).
void findRun(HorizontalPlan& p, int64_t blocks) {
    int64_t begin = 0;
    for (int64_t b = 1; b <= blocks; ++b) {
        const int32_t step = b - begin >= 2 ? p.start[static_cast<std::size_t>(begin + 1)] - p.start[static_cast<std::size_t>(begin)]
                             : b < blocks  ? p.start[static_cast<std::size_t>(b)] - p.start[static_cast<std::size_t>(b - 1)]
                                           : 0;
        if (b < blocks && repeatsPrevious(p, b, step)) continue;
        if (b - begin >= 4 && b - begin > p.runEnd - p.runBegin) {
            p.runBegin = begin;
            p.runEnd = b;
            p.runStep = p.start[static_cast<std::size_t>(begin + 1)] - p.start[static_cast<std::size_t>(begin)];
        }
        begin = b;
    }
}
}  // namespace

HorizontalPlan makeHorizontalPlan(Isa isa, int taps, int64_t inW, int64_t outW, const int32_t* idx, const float* w,
                                  bool fused) {
    HorizontalPlan p;
    p.isa = isa;
    p.fused = fused;
    p.lanes = isa == Isa::Avx512 ? 16 : isa == Isa::Avx2 ? 8 : 1;
    p.taps = taps;
    p.inW = inW;
    p.outW = outW;
    p.idx = idx;
    p.w = w;
    if (p.lanes == 1) return p;
    const int64_t lanes = p.lanes, window = 2 * lanes, blocks = outW / lanes;
    p.start.assign(static_cast<std::size_t>(blocks), -1);
    p.off.assign(static_cast<std::size_t>(blocks * taps * lanes), 0);
    p.consecutive.assign(static_cast<std::size_t>(blocks), 0);
    p.off8.assign(static_cast<std::size_t>(blocks * lanes), 0);
    for (int64_t b = 0; b < blocks; ++b) {
        int64_t lo = INT64_MAX, hi = INT64_MIN;
        for (int c = 0; c < taps; ++c)
            for (int64_t l = 0; l < lanes; ++l) {
                const int64_t i = idx[c * outW + b * lanes + l];
                lo = std::min(lo, i);
                hi = std::max(hi, i);
            }
        if (inW < window) continue;
        const int64_t start = std::min(lo, inW - window);
        if (hi - start >= window) continue;
        p.start[static_cast<std::size_t>(b)] = static_cast<int32_t>(start);
        bool consecutive = true;
        for (int c = 0; c < taps; ++c)
            for (int64_t l = 0; l < lanes; ++l) {
                const int32_t o = static_cast<int32_t>(idx[c * outW + b * lanes + l] - start);
                p.off[static_cast<std::size_t>((b * taps + c) * lanes + l)] = o;
                consecutive = consecutive && o == p.off[static_cast<std::size_t>(b * taps * lanes + l)] + c;
            }
        if (!consecutive) continue;
        p.consecutive[static_cast<std::size_t>(b)] = 1;
        for (int64_t l = 0; l < lanes; ++l)
            p.off8[static_cast<std::size_t>(b * lanes + l)] = static_cast<uint8_t>(p.off[static_cast<std::size_t>(b * taps * lanes + l)]);
    }
    findRun(p, blocks);
    return p;
}

namespace {

template <bool F>
inline float horizontalOne(const float* src, const HorizontalPlan& p, int64_t x) {
    const int64_t n = p.outW;
    float v = firstTwo<F>(src[p.idx[x]], p.w[x], src[p.idx[n + x]], p.w[n + x]);
    for (int c = 2; c < p.taps; ++c) v = nextTap<F>(v, src[p.idx[c * n + x]], p.w[c * n + x]);
    return v;
}

template <int K, bool F>
inline float verticalOne(const float* const* rows, const float* wv, int64_t x) {
    if constexpr (K == 1) return rows[0][x] * wv[0];
    float v = firstTwo<F>(rows[0][x], wv[0], rows[1][x], wv[1]);
    for (int b = 2; b < K; ++b) v = nextTap<F>(v, rows[b][x], wv[b]);
    return v;
}

// The vertical pass fetches its destination's lines this many floats ahead of its stores.
constexpr int64_t kAhead = 256;
// The fused pass (verticalWithRow) alternates segments of this many columns.
constexpr int64_t kSegment = 256;

// Each instruction set's passes (rows_simd_body.inc), with its fused multiply-add (fmadd): AVX2
// twice, for the unfused passes alone (AVX2 may come without FMA) and with FMA for the fused ones.
#if UPSAMPLE_X86
#define UPSAMPLE_TARGET_AVX2_FMA __attribute__((target("avx2,fma")))
namespace avx2 {
using L = lanes::Avx2;
#define SIMD_TARGET UPSAMPLE_TARGET_AVX2
UPSAMPLE_TARGET_AVX2_FMA inline __m256 fmadd(__m256 a, __m256 b, __m256 c) { return _mm256_fmadd_ps(a, b, c); }
#include "rows_simd_body.inc"
#undef SIMD_TARGET
}  // namespace avx2

namespace avx2fma {
using L = lanes::Avx2;
#define SIMD_TARGET UPSAMPLE_TARGET_AVX2_FMA
UPSAMPLE_TARGET_AVX2_FMA inline __m256 fmadd(__m256 a, __m256 b, __m256 c) { return _mm256_fmadd_ps(a, b, c); }
#include "rows_simd_body.inc"
#undef SIMD_TARGET
}  // namespace avx2fma

namespace avx512 {
using L = lanes::Avx512;
#define SIMD_TARGET UPSAMPLE_TARGET_AVX512
UPSAMPLE_TARGET_AVX512 inline __m512 fmadd(__m512 a, __m512 b, __m512 c) { return _mm512_fmadd_ps(a, b, c); }
#include "rows_simd_body.inc"
#undef SIMD_TARGET
}  // namespace avx512

bool cpuHasFma() {
    static const bool has = [] {
        __builtin_cpu_init();
        return __builtin_cpu_supports("fma") != 0;
    }();
    return has;
}
#endif

template <int K, bool F>
void verticalScalar(const float* const* rows, const float* wv, int64_t n, float* dst) {
    for (int64_t x = 0; x < n; ++x) dst[x] = verticalOne<K, F>(rows, wv, x);
}

template <int K, bool S>
void verticalAny(Isa isa, const float* const* rows, const float* wv, int64_t n, float* dst) {
#if UPSAMPLE_X86
    if (isa == Isa::Avx512) return avx512::verticalRow<K, false, S>(rows, wv, n, dst);
    if (isa == Isa::Avx2) return avx2::verticalRow<K, false, S>(rows, wv, n, dst);
#else
    (void)isa;
#endif
    verticalScalar<K, false>(rows, wv, n, dst);
}

// bicubic's fused vertical blend (four rows).
template <bool S>
void verticalFused(Isa isa, const float* const* rows, const float* wv, int64_t n, float* dst) {
#if UPSAMPLE_X86
    if (isa == Isa::Avx512) return avx512::verticalRow<4, true, S>(rows, wv, n, dst);
    if (isa == Isa::Avx2 && cpuHasFma()) return avx2fma::verticalRow<4, true, S>(rows, wv, n, dst);
#else
    (void)isa;
#endif
    verticalScalar<4, true>(rows, wv, n, dst);
}

template <bool S>
void verticalStored(Isa isa, int k, const float* const* rows, const float* wv, int64_t n, float* dst, bool fused) {
    if (fused) return verticalFused<S>(isa, rows, wv, n, dst);
    switch (k) {
    case 1: return verticalAny<1, S>(isa, rows, wv, n, dst);
    case 2: return verticalAny<2, S>(isa, rows, wv, n, dst);
    case 3: return verticalAny<3, S>(isa, rows, wv, n, dst);
    default: return verticalAny<4, S>(isa, rows, wv, n, dst);
    }
}

template <bool S>
bool verticalWithStored(Isa isa, int k, const float* const* rows, const float* wv, int64_t n, float* dst,
                        const HorizontalJob& job, bool fused) {
#if UPSAMPLE_X86
    const bool same = job.plan->isa == isa && job.plan->taps == k && job.plan->outW == n && job.plan->fused == fused;
    if (!same) return false;
    if (fused && k == 4 && isa == Isa::Avx512) return avx512::verticalWithRow<4, true, S>(rows, wv, n, dst, job), true;
    if (fused && k == 4 && isa == Isa::Avx2 && cpuHasFma())
        return avx2fma::verticalWithRow<4, true, S>(rows, wv, n, dst, job), true;
    if (!fused && isa == Isa::Avx512 && k == 2) return avx512::verticalWithRow<2, false, S>(rows, wv, n, dst, job), true;
    if (!fused && isa == Isa::Avx512 && k == 4) return avx512::verticalWithRow<4, false, S>(rows, wv, n, dst, job), true;
    if (!fused && isa == Isa::Avx2 && k == 2) return avx2::verticalWithRow<2, false, S>(rows, wv, n, dst, job), true;
    if (!fused && isa == Isa::Avx2 && k == 4) return avx2::verticalWithRow<4, false, S>(rows, wv, n, dst, job), true;
#else
    (void)isa, (void)k, (void)rows, (void)wv, (void)n, (void)dst, (void)job, (void)fused;
#endif
    return false;
}

}  // namespace

bool hasFusedRows(Isa isa) {
#if UPSAMPLE_X86
    return isa == Isa::Avx512 || (isa == Isa::Avx2 && cpuHasFma());
#else
    (void)isa;
    return false;
#endif
}

void horizontal(const HorizontalPlan& p, const float* src, float* row) {
#if UPSAMPLE_X86
    if (p.fused) {
        if (p.isa == Isa::Avx512 && p.taps == 4) return avx512::horizontalRow<4, true>(p, src, row);
        if (p.isa == Isa::Avx2 && p.taps == 4 && cpuHasFma()) return avx2fma::horizontalRow<4, true>(p, src, row);
    } else if (p.isa == Isa::Avx512) {
        if (p.taps == 2) return avx512::horizontalRow<2, false>(p, src, row);
        if (p.taps == 4) return avx512::horizontalRow<4, false>(p, src, row);
    } else if (p.isa == Isa::Avx2) {
        if (p.taps == 2) return avx2::horizontalRow<2, false>(p, src, row);
        if (p.taps == 4) return avx2::horizontalRow<4, false>(p, src, row);
    }
#endif
    for (int64_t x = 0; x < p.outW; ++x) row[x] = p.fused ? horizontalOne<true>(src, p, x) : horizontalOne<false>(src, p, x);
}

void vertical(Isa isa, int k, const float* const* rows, const float* wv, int64_t n, float* dst, bool fused,
              bool stream) {
    if (fused && k != 4) throw InternalError("simd::vertical: fused sums need four rows");
    if (stream) verticalStored<true>(isa, k, rows, wv, n, dst, fused);
    else verticalStored<false>(isa, k, rows, wv, n, dst, fused);
}

void verticalWith(Isa isa, int k, const float* const* rows, const float* wv, int64_t n, float* dst,
                  const HorizontalJob& job, bool fused, bool stream) {
    if (stream ? verticalWithStored<true>(isa, k, rows, wv, n, dst, job, fused)
               : verticalWithStored<false>(isa, k, rows, wv, n, dst, job, fused))
        return;
    horizontal(*job.plan, job.src, job.row);
    vertical(isa, k, rows, wv, n, dst, fused, stream);
}

}  // namespace upsample::cpu::simd
