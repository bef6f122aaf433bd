// SIMD passes of the float16 / bfloat16 2-D tap kernel (reduced_float_simd.hpp).
#include "reduced_float_simd.hpp"

#include "reduced_float.hpp"

#include <cmath>
#include <cstring>
#include <limits>

namespace upsample::cpu::reducedsimd {

Isa level() {
#if UPSAMPLE_X86
    static const bool fmaF16c = [] {
        __builtin_cpu_init();
        return __builtin_cpu_supports("fma") != 0 && __builtin_cpu_supports("f16c") != 0;
    }();
    return fmaF16c ? isa() : Isa::Baseline;
#else
    return Isa::Baseline;
#endif
}

bool splitTaps(const AxisTable<float>& t, SplitTaps& s) {
    if (t.in > std::numeric_limits<int32_t>::max()) return false;
    s.taps = t.taps;
    s.out = t.out;
    s.stride = (t.out + 15) / 16 * 16;
    const auto size = static_cast<std::size_t>(s.stride * t.taps);
    s.index.assign(size, 0);
    s.weight.assign(size, 0.0f);
    for (int64_t x = 0; x < t.out; ++x)
        for (int j = 0; j < t.taps; ++j) {
            const auto k = static_cast<std::size_t>(j * s.stride + x);
            s.index[k] = static_cast<int32_t>(t.tapIndex(x, j));
            s.weight[k] = t.tapWeight(x, j);
        }
    return true;
}

namespace {
float widenOne(Format16 f, uint16_t v) { return f == Format16::Half ? halfFromBits(v) : BFloat16Format::widen(v); }
uint16_t narrowOne(Format16 f, float v) { return f == Format16::Half ? floatToHalf(v) : BFloat16Format::narrow(v); }
}  // namespace

#if UPSAMPLE_X86
#define UPSAMPLE_TARGET_FMA_F16C __attribute__((target("avx2,fma,f16c")))
#define UPSAMPLE_INLINE_FMA_F16C __attribute__((target("avx2,fma,f16c"), always_inline)) inline
#define UPSAMPLE_TARGET_512 __attribute__((target("avx2,fma,f16c,avx512f,avx512vl,avx512bw,avx512dq")))
#define UPSAMPLE_INLINE_512 __attribute__((target("avx2,fma,f16c,avx512f,avx512vl,avx512bw,avx512dq"), always_inline)) inline

namespace {
// ---- AVX2 + FMA + F16C: 8 lanes ----
UPSAMPLE_INLINE_FMA_F16C __m256 widen8(Format16 f, const uint16_t* src) {
    const __m128i h = _mm_loadu_si128(reinterpret_cast<const __m128i*>(src));
    if (f == Format16::Half) return _mm256_cvtph_ps(h);
    return _mm256_castsi256_ps(_mm256_slli_epi32(_mm256_cvtepu16_epi32(h), 16));
}
// BFloat16Format::narrow on 8 lanes: (bits + ((bits >> 16) & 1) + 0x7fff) >> 16, a NaN 0x7fc0.
UPSAMPLE_INLINE_FMA_F16C __m128i narrow8(Format16 f, __m256 v) {
    if (f == Format16::Half) return _mm256_cvtps_ph(v, _MM_FROUND_TO_NEAREST_INT);
    const __m256i b = _mm256_castps_si256(v);
    const __m256i lsb = _mm256_and_si256(_mm256_srli_epi32(b, 16), _mm256_set1_epi32(1));
    __m256i r = _mm256_srli_epi32(_mm256_add_epi32(_mm256_add_epi32(b, lsb), _mm256_set1_epi32(0x7fff)), 16);
    const __m256 nan = _mm256_cmp_ps(v, v, _CMP_UNORD_Q);
    r = _mm256_castps_si256(_mm256_blendv_ps(_mm256_castsi256_ps(r), _mm256_castsi256_ps(_mm256_set1_epi32(0x7fc0)), nan));
    return _mm_packus_epi32(_mm256_castsi256_si128(r), _mm256_extracti128_si256(r, 1));
}
UPSAMPLE_TARGET_FMA_F16C void widenRow8(Format16 f, const uint16_t* src, float* dst, int64_t n) {
    int64_t x = 0;
    for (; x + 8 <= n; x += 8) _mm256_storeu_ps(dst + x, widen8(f, src + x));
    for (; x < n; ++x) dst[x] = widenOne(f, src[x]);
}
UPSAMPLE_INLINE_FMA_F16C __m256 tap8(const float* wide, const int32_t* idx) {
    return _mm256_i32gather_ps(wide, _mm256_loadu_si256(reinterpret_cast<const __m256i*>(idx)), 4);
}
UPSAMPLE_TARGET_FMA_F16C void rowSums8(const float* wide, const SplitTaps& W, float* out) {
    const int32_t* idx = W.index.data();
    const float* w = W.weight.data();
    const int64_t s = W.stride;
    for (int64_t x = 0; x < s; x += 8) {
        __m256 v = _mm256_fmadd_ps(tap8(wide, idx + x), _mm256_loadu_ps(w + x),
                                   _mm256_mul_ps(tap8(wide, idx + s + x), _mm256_loadu_ps(w + s + x)));
        for (int j = 2; j < W.taps; ++j) v = _mm256_fmadd_ps(tap8(wide, idx + j * s + x), _mm256_loadu_ps(w + j * s + x), v);
        _mm256_storeu_ps(out + x, v);
    }
}
UPSAMPLE_TARGET_FMA_F16C void blendNarrow8(Format16 f, const float* const* rows, const float* w, int taps, int64_t n,
                                           uint16_t* dst) {
    const __m256 w0 = _mm256_set1_ps(w[0]), w1 = _mm256_set1_ps(w[1]);
    for (int64_t x = 0; x < n; x += 8) {
        __m256 v = _mm256_fmadd_ps(_mm256_loadu_ps(rows[0] + x), w0, _mm256_mul_ps(_mm256_loadu_ps(rows[1] + x), w1));
        for (int j = 2; j < taps; ++j) v = _mm256_fmadd_ps(_mm256_loadu_ps(rows[j] + x), _mm256_set1_ps(w[j]), v);
        const __m128i h = narrow8(f, v);
        if (x + 8 <= n) {
            _mm_storeu_si128(reinterpret_cast<__m128i*>(dst + x), h);
        } else {
            alignas(16) uint16_t tail[8];
            _mm_store_si128(reinterpret_cast<__m128i*>(tail), h);
            std::memcpy(dst + x, tail, static_cast<std::size_t>(n - x) * sizeof(uint16_t));
        }
    }
}

// ---- AVX-512: 16 lanes ----
// (GCC 12's AVX-512 intrinsics start from _mm512_undefined_*(), which -Wmaybe-uninitialized flags.)
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wmaybe-uninitialized"
UPSAMPLE_INLINE_512 __m512 widen16(Format16 f, const uint16_t* src) {
    const __m256i h = _mm256_loadu_si256(reinterpret_cast<const __m256i*>(src));
    if (f == Format16::Half) return _mm512_cvtph_ps(h);
    return _mm512_castsi512_ps(_mm512_slli_epi32(_mm512_cvtepu16_epi32(h), 16));
}
UPSAMPLE_INLINE_512 __m256i narrow16(Format16 f, __m512 v) {
    if (f == Format16::Half) return _mm512_cvtps_ph(v, _MM_FROUND_TO_NEAREST_INT);
    const __m512i b = _mm512_castps_si512(v);
    const __m512i lsb = _mm512_and_si512(_mm512_srli_epi32(b, 16), _mm512_set1_epi32(1));
    __m512i r = _mm512_srli_epi32(_mm512_add_epi32(_mm512_add_epi32(b, lsb), _mm512_set1_epi32(0x7fff)), 16);
    r = _mm512_mask_mov_epi32(r, _mm512_cmp_ps_mask(v, v, _CMP_UNORD_Q), _mm512_set1_epi32(0x7fc0));
    return _mm512_cvtepi32_epi16(r);
}
UPSAMPLE_TARGET_512 void widenRow16(Format16 f, const uint16_t* src, float* dst, int64_t n) {
    int64_t x = 0;
    for (; x + 16 <= n; x += 16) _mm512_storeu_ps(dst + x, widen16(f, src + x));
    for (; x < n; ++x) dst[x] = widenOne(f, src[x]);
}
UPSAMPLE_INLINE_512 __m512 tap16(const float* wide, const int32_t* idx) {
    return _mm512_i32gather_ps(_mm512_loadu_si512(idx), wide, 4);
}
UPSAMPLE_TARGET_512 void rowSums16(const float* wide, const SplitTaps& W, float* out) {
    const int32_t* idx = W.index.data();
    const float* w = W.weight.data();
    const int64_t s = W.stride;
    for (int64_t x = 0; x < s; x += 16) {
        __m512 v = _mm512_fmadd_ps(tap16(wide, idx + x), _mm512_loadu_ps(w + x),
                                   _mm512_mul_ps(tap16(wide, idx + s + x), _mm512_loadu_ps(w + s + x)));
        for (int j = 2; j < W.taps; ++j) v = _mm512_fmadd_ps(tap16(wide, idx + j * s + x), _mm512_loadu_ps(w + j * s + x), v);
        _mm512_storeu_ps(out + x, v);
    }
}
UPSAMPLE_TARGET_512 void blendNarrow16(Format16 f, const float* const* rows, const float* w, int taps, int64_t n,
                                       uint16_t* dst) {
    const __m512 w0 = _mm512_set1_ps(w[0]), w1 = _mm512_set1_ps(w[1]);
    for (int64_t x = 0; x < n; x += 16) {
        __m512 v = _mm512_fmadd_ps(_mm512_loadu_ps(rows[0] + x), w0, _mm512_mul_ps(_mm512_loadu_ps(rows[1] + x), w1));
        for (int j = 2; j < taps; ++j) v = _mm512_fmadd_ps(_mm512_loadu_ps(rows[j] + x), _mm512_set1_ps(w[j]), v);
        const __m256i h = narrow16(f, v);
        if (x + 16 <= n) _mm256_storeu_si256(reinterpret_cast<__m256i*>(dst + x), h);
        else _mm256_mask_storeu_epi16(dst + x, static_cast<__mmask16>((1u << (n - x)) - 1u), h);
    }
}
#pragma GCC diagnostic pop
}  // namespace
#endif

void widenRow(Isa l, Format16 f, const uint16_t* src, float* dst, int64_t n) {
#if UPSAMPLE_X86
    if (l == Isa::Avx512) return widenRow16(f, src, dst, n);
    if (l == Isa::Avx2) return widenRow8(f, src, dst, n);
#endif
    (void)l;
    for (int64_t x = 0; x < n; ++x) dst[x] = widenOne(f, src[x]);
}

void rowSums(Isa l, const float* wide, const SplitTaps& W, float* out) {
#if UPSAMPLE_X86
    if (l == Isa::Avx512) return rowSums16(wide, W, out);
    if (l == Isa::Avx2) return rowSums8(wide, W, out);
#endif
    (void)l;
    const int64_t s = W.stride;
    for (int64_t x = 0; x < s; ++x) {
        const auto at = [&](int j) { return wide[W.index[static_cast<std::size_t>(j * s + x)]]; };
        const auto w = [&](int j) { return W.weight[static_cast<std::size_t>(j * s + x)]; };
        float v = std::fma(at(0), w(0), at(1) * w(1));
        for (int j = 2; j < W.taps; ++j) v = std::fma(at(j), w(j), v);
        out[x] = v;
    }
}

void blendNarrow(Isa l, Format16 f, const float* const* rows, const float* w, int taps, int64_t n, uint16_t* dst) {
#if UPSAMPLE_X86
    if (l == Isa::Avx512) return blendNarrow16(f, rows, w, taps, n, dst);
    if (l == Isa::Avx2) return blendNarrow8(f, rows, w, taps, n, dst);
#endif
    (void)l;
    for (int64_t x = 0; x < n; ++x) {
        float v = std::fma(rows[0][x], w[0], rows[1][x] * w[1]);
        for (int j = 2; j < taps; ++j) v = std::fma(rows[j][x], w[j], v);
        dst[x] = narrowOne(f, v);
    }
}

}  // namespace upsample::cpu::reducedsimd
