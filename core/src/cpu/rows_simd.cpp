#include "rows_simd.hpp"

#include <algorithm>
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

HorizontalPlan makeHorizontalPlan(Isa isa, int taps, int64_t inW, int64_t outW, const int32_t* idx, const float* w) {
    HorizontalPlan p;
    p.isa = isa;
    p.lanes = isa == Isa::Avx512 ? 16 : isa == Isa::Avx2 ? 8 : 1;
    p.taps = taps;
    p.outW = outW;
    p.idx = idx;
    p.w = w;
    if (p.lanes == 1) return p;
    const int64_t lanes = p.lanes, window = 2 * lanes, blocks = outW / lanes;
    p.start.assign(static_cast<std::size_t>(blocks), -1);
    p.off.assign(static_cast<std::size_t>(blocks * taps * lanes), 0);
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
        for (int c = 0; c < taps; ++c)
            for (int64_t l = 0; l < lanes; ++l)
                p.off[static_cast<std::size_t>((b * taps + c) * lanes + l)] =
                    static_cast<int32_t>(idx[c * outW + b * lanes + l] - start);
    }
    findRun(p, blocks);
    return p;
}

namespace {

inline float horizontalOne(const float* src, const HorizontalPlan& p, int64_t x) {
    const int64_t n = p.outW;
    float v = src[p.idx[x]] * p.w[x];
    for (int c = 1; c < p.taps; ++c) v += src[p.idx[c * n + x]] * p.w[c * n + x];
    return v;
}

template <int K>
inline float verticalOne(const float* const* rows, const float* wv, int64_t x) {
    float v = rows[0][x] * wv[0];
    for (int b = 1; b < K; ++b) v += rows[b][x] * wv[b];
    return v;
}

#if UPSAMPLE_X86
// One block of 8 outputs: a permuted window or a gather.
template <int K>
UPSAMPLE_TARGET_AVX2 inline void blockAvx2(const HorizontalPlan& p, const float* src, float* row, int64_t b) {
    const int64_t n = p.outW, x = b * 8;
    const int32_t start = p.start[static_cast<std::size_t>(b)];
    __m256 v = _mm256_setzero_ps();
    if (start >= 0) {
        const __m256 lo = _mm256_loadu_ps(src + start), hi = _mm256_loadu_ps(src + start + 8);
        const int32_t* off = p.off.data() + b * K * 8;
        for (int c = 0; c < K; ++c) {
            const __m256i o = _mm256_loadu_si256(reinterpret_cast<const __m256i*>(off + c * 8));
            const __m256 upper = _mm256_castsi256_ps(_mm256_cmpgt_epi32(o, _mm256_set1_epi32(7)));
            const __m256 s = _mm256_blendv_ps(_mm256_permutevar8x32_ps(lo, o), _mm256_permutevar8x32_ps(hi, o), upper);
            const __m256 prod = _mm256_mul_ps(s, _mm256_loadu_ps(p.w + c * n + x));
            v = c == 0 ? prod : _mm256_add_ps(v, prod);
        }
    } else {
        for (int c = 0; c < K; ++c) {
            const __m256i i = _mm256_loadu_si256(reinterpret_cast<const __m256i*>(p.idx + c * n + x));
            const __m256 prod = _mm256_mul_ps(_mm256_i32gather_ps(src, i, 4), _mm256_loadu_ps(p.w + c * n + x));
            v = c == 0 ? prod : _mm256_add_ps(v, prod);
        }
    }
    _mm256_storeu_ps(row + x, v);
}

// The repeating blocks [p.runBegin, p.runEnd): offsets, masks and weights kept in registers.
template <int K>
UPSAMPLE_TARGET_AVX2 void runAvx2(const HorizontalPlan& p, const float* src, float* row) {
    const int64_t n = p.outW, b0 = p.runBegin;
    __m256i o[K];
    __m256 upper[K], w[K];
    for (int c = 0; c < K; ++c) {
        o[c] = _mm256_loadu_si256(reinterpret_cast<const __m256i*>(p.off.data() + (b0 * K + c) * 8));
        upper[c] = _mm256_castsi256_ps(_mm256_cmpgt_epi32(o[c], _mm256_set1_epi32(7)));
        w[c] = _mm256_loadu_ps(p.w + c * n + b0 * 8);
    }
    const float* s = src + p.start[static_cast<std::size_t>(b0)];
    for (int64_t b = b0; b < p.runEnd; ++b, s += p.runStep) {
        const __m256 lo = _mm256_loadu_ps(s), hi = _mm256_loadu_ps(s + 8);
        __m256 v = _mm256_mul_ps(_mm256_blendv_ps(_mm256_permutevar8x32_ps(lo, o[0]), _mm256_permutevar8x32_ps(hi, o[0]), upper[0]), w[0]);
        for (int c = 1; c < K; ++c)
            v = _mm256_add_ps(v, _mm256_mul_ps(_mm256_blendv_ps(_mm256_permutevar8x32_ps(lo, o[c]),
                                                                _mm256_permutevar8x32_ps(hi, o[c]), upper[c]),
                                               w[c]));
        _mm256_storeu_ps(row + b * 8, v);
    }
}

template <int K>
UPSAMPLE_TARGET_AVX2 void horizontalAvx2(const HorizontalPlan& p, const float* src, float* row) {
    const int64_t n = p.outW, blocks = n / 8;
    for (int64_t b = 0; b < p.runBegin; ++b) blockAvx2<K>(p, src, row, b);
    if (p.runEnd > p.runBegin) runAvx2<K>(p, src, row);
    for (int64_t b = std::max(p.runBegin, p.runEnd); b < blocks; ++b) blockAvx2<K>(p, src, row, b);
    for (int64_t x = blocks * 8; x < n; ++x) row[x] = horizontalOne(src, p, x);
}

// One block of 16 outputs: a permuted window or a gather.
template <int K>
UPSAMPLE_TARGET_AVX512 inline void blockAvx512(const HorizontalPlan& p, const float* src, float* row, int64_t b) {
    const int64_t n = p.outW, x = b * 16;
    const int32_t start = p.start[static_cast<std::size_t>(b)];
    __m512 v = _mm512_setzero_ps();
    if (start >= 0) {
        const __m512 lo = _mm512_loadu_ps(src + start), hi = _mm512_loadu_ps(src + start + 16);
        const int32_t* off = p.off.data() + b * K * 16;
        for (int c = 0; c < K; ++c) {
            const __m512i o = _mm512_loadu_si512(off + c * 16);
            const __m512 prod = _mm512_mul_ps(_mm512_permutex2var_ps(lo, o, hi), _mm512_loadu_ps(p.w + c * n + x));
            v = c == 0 ? prod : _mm512_add_ps(v, prod);
        }
    } else {
        for (int c = 0; c < K; ++c) {
            const __m512i i = _mm512_loadu_si512(p.idx + c * n + x);
            const __m512 prod = _mm512_mul_ps(_mm512_mask_i32gather_ps(_mm512_setzero_ps(), 0xFFFF, i, src, 4), _mm512_loadu_ps(p.w + c * n + x));
            v = c == 0 ? prod : _mm512_add_ps(v, prod);
        }
    }
    _mm512_storeu_ps(row + x, v);
}

template <int K>
UPSAMPLE_TARGET_AVX512 void runAvx512(const HorizontalPlan& p, const float* src, float* row) {
    const int64_t n = p.outW, b0 = p.runBegin;
    __m512i o[K];
    __m512 w[K];
    for (int c = 0; c < K; ++c) {
        o[c] = _mm512_loadu_si512(p.off.data() + (b0 * K + c) * 16);
        w[c] = _mm512_loadu_ps(p.w + c * n + b0 * 16);
    }
    const float* s = src + p.start[static_cast<std::size_t>(b0)];
    for (int64_t b = b0; b < p.runEnd; ++b, s += p.runStep) {
        const __m512 lo = _mm512_loadu_ps(s), hi = _mm512_loadu_ps(s + 16);
        __m512 v = _mm512_mul_ps(_mm512_permutex2var_ps(lo, o[0], hi), w[0]);
        for (int c = 1; c < K; ++c) v = _mm512_add_ps(v, _mm512_mul_ps(_mm512_permutex2var_ps(lo, o[c], hi), w[c]));
        _mm512_storeu_ps(row + b * 16, v);
    }
}

template <int K>
UPSAMPLE_TARGET_AVX512 void horizontalAvx512(const HorizontalPlan& p, const float* src, float* row) {
    const int64_t n = p.outW, blocks = n / 16;
    for (int64_t b = 0; b < p.runBegin; ++b) blockAvx512<K>(p, src, row, b);
    if (p.runEnd > p.runBegin) runAvx512<K>(p, src, row);
    for (int64_t b = std::max(p.runBegin, p.runEnd); b < blocks; ++b) blockAvx512<K>(p, src, row, b);
    for (int64_t x = blocks * 16; x < n; ++x) row[x] = horizontalOne(src, p, x);
}

template <int K>
UPSAMPLE_TARGET_AVX2 void verticalAvx2(const float* const* rows, const float* wv, int64_t n, float* dst, bool stream) {
    int64_t x = 0;
    if (stream)
        for (; x < n && reinterpret_cast<uintptr_t>(dst + x) % 32 != 0; ++x) dst[x] = verticalOne<K>(rows, wv, x);
    __m256 w[K];
    for (int b = 0; b < K; ++b) w[b] = _mm256_set1_ps(wv[b]);
    if (stream) {
        for (; x + 8 <= n; x += 8) {
            __m256 v = _mm256_mul_ps(_mm256_loadu_ps(rows[0] + x), w[0]);
            for (int b = 1; b < K; ++b) v = _mm256_add_ps(v, _mm256_mul_ps(_mm256_loadu_ps(rows[b] + x), w[b]));
            _mm256_stream_ps(dst + x, v);
        }
    } else {
        for (; x + 8 <= n; x += 8) {
            __m256 v = _mm256_mul_ps(_mm256_loadu_ps(rows[0] + x), w[0]);
            for (int b = 1; b < K; ++b) v = _mm256_add_ps(v, _mm256_mul_ps(_mm256_loadu_ps(rows[b] + x), w[b]));
            _mm256_storeu_ps(dst + x, v);
        }
    }
    for (; x < n; ++x) dst[x] = verticalOne<K>(rows, wv, x);
}

template <int K>
UPSAMPLE_TARGET_AVX512 void verticalAvx512(const float* const* rows, const float* wv, int64_t n, float* dst,
                                           bool stream) {
    int64_t x = 0;
    if (stream)
        for (; x < n && reinterpret_cast<uintptr_t>(dst + x) % 64 != 0; ++x) dst[x] = verticalOne<K>(rows, wv, x);
    __m512 w[K];
    for (int b = 0; b < K; ++b) w[b] = _mm512_set1_ps(wv[b]);
    if (stream) {
        for (; x + 16 <= n; x += 16) {
            __m512 v = _mm512_mul_ps(_mm512_loadu_ps(rows[0] + x), w[0]);
            for (int b = 1; b < K; ++b) v = _mm512_add_ps(v, _mm512_mul_ps(_mm512_loadu_ps(rows[b] + x), w[b]));
            _mm512_stream_ps(dst + x, v);
        }
    } else {
        for (; x + 16 <= n; x += 16) {
            __m512 v = _mm512_mul_ps(_mm512_loadu_ps(rows[0] + x), w[0]);
            for (int b = 1; b < K; ++b) v = _mm512_add_ps(v, _mm512_mul_ps(_mm512_loadu_ps(rows[b] + x), w[b]));
            _mm512_storeu_ps(dst + x, v);
        }
    }
    for (; x < n; ++x) dst[x] = verticalOne<K>(rows, wv, x);
}
#endif

template <int K>
void verticalScalar(const float* const* rows, const float* wv, int64_t n, float* dst) {
    for (int64_t x = 0; x < n; ++x) dst[x] = verticalOne<K>(rows, wv, x);
}

}  // namespace

void horizontal(const HorizontalPlan& p, const float* src, float* row) {
#if UPSAMPLE_X86
    if (p.isa == Isa::Avx512) {
        if (p.taps == 2) return horizontalAvx512<2>(p, src, row);
        if (p.taps == 4) return horizontalAvx512<4>(p, src, row);
    } else if (p.isa == Isa::Avx2) {
        if (p.taps == 2) return horizontalAvx2<2>(p, src, row);
        if (p.taps == 4) return horizontalAvx2<4>(p, src, row);
    }
#endif
    for (int64_t x = 0; x < p.outW; ++x) row[x] = horizontalOne(src, p, x);
}

void vertical(Isa isa, int k, const float* const* rows, const float* wv, int64_t n, float* dst, bool stream) {
#if UPSAMPLE_X86
    if (isa == Isa::Avx512) {
        switch (k) {
        case 1: return verticalAvx512<1>(rows, wv, n, dst, stream);
        case 2: return verticalAvx512<2>(rows, wv, n, dst, stream);
        case 3: return verticalAvx512<3>(rows, wv, n, dst, stream);
        default: return verticalAvx512<4>(rows, wv, n, dst, stream);
        }
    }
    if (isa == Isa::Avx2) {
        switch (k) {
        case 1: return verticalAvx2<1>(rows, wv, n, dst, stream);
        case 2: return verticalAvx2<2>(rows, wv, n, dst, stream);
        case 3: return verticalAvx2<3>(rows, wv, n, dst, stream);
        default: return verticalAvx2<4>(rows, wv, n, dst, stream);
        }
    }
#endif
    (void)stream;
    switch (k) {
    case 1: return verticalScalar<1>(rows, wv, n, dst);
    case 2: return verticalScalar<2>(rows, wv, n, dst);
    case 3: return verticalScalar<3>(rows, wv, n, dst);
    default: return verticalScalar<4>(rows, wv, n, dst);
    }
}

void storeFence() {
#if UPSAMPLE_X86
    _mm_sfence();
#endif
}

}  // namespace upsample::cpu::simd
