// The float32 vector types the CPU kernels' SIMD bodies (rows_simd_body.inc, antialias_body.inc)
// are written against, one per instruction set: L::n floats a vector; load, store, mul, add,
// set1; stream (a non-temporal store); sel/pick for a permuted window of two vectors (sel8: from
// byte offsets; plus: every offset + c); mask/blend to merge lanes; gather. A body
// is included once per struct, inside a namespace that names it L and defines SIMD_TARGET.
#pragma once

#include "simd.hpp"

#include <cstdint>

#if UPSAMPLE_X86
namespace upsample::cpu::lanes {

// 8 lanes (AVX2): a window of two vectors is picked by two in-lane permutes and a blend.
struct Avx2 {
    static constexpr int n = 8;
    using V = __m256;
    struct Sel {
        __m256i o;
        __m256 upper;
    };
    using Mask = __m256;
    UPSAMPLE_TARGET_AVX2 static V load(const float* p) { return _mm256_loadu_ps(p); }
    UPSAMPLE_TARGET_AVX2 static void store(float* p, V v) { _mm256_storeu_ps(p, v); }
    // A non-temporal store (past the caches) to a 32-byte aligned address.
    UPSAMPLE_TARGET_AVX2 static void stream(float* p, V v) { _mm256_stream_ps(p, v); }
    UPSAMPLE_TARGET_AVX2 static V mul(V a, V b) { return _mm256_mul_ps(a, b); }
    UPSAMPLE_TARGET_AVX2 static V add(V a, V b) { return _mm256_add_ps(a, b); }
    UPSAMPLE_TARGET_AVX2 static V set1(float v) { return _mm256_set1_ps(v); }
    UPSAMPLE_TARGET_AVX2 static Sel sel(const int32_t* off) {
        const __m256i o = _mm256_loadu_si256(reinterpret_cast<const __m256i*>(off));
        return {o, _mm256_castsi256_ps(_mm256_cmpgt_epi32(o, _mm256_set1_epi32(7)))};
    }
    // The selector of offsets given as bytes, and of a selector's offsets plus c.
    UPSAMPLE_TARGET_AVX2 static Sel sel8(const uint8_t* off) {
        return selOf(_mm256_cvtepu8_epi32(_mm_loadl_epi64(reinterpret_cast<const __m128i*>(off))));
    }
    UPSAMPLE_TARGET_AVX2 static Sel plus(const Sel& s, int c) { return selOf(_mm256_add_epi32(s.o, _mm256_set1_epi32(c))); }
    UPSAMPLE_TARGET_AVX2 static Sel selOf(__m256i o) {
        return {o, _mm256_castsi256_ps(_mm256_cmpgt_epi32(o, _mm256_set1_epi32(7)))};
    }
    UPSAMPLE_TARGET_AVX2 static V pick(V lo, V hi, const Sel& s) {
        return _mm256_blendv_ps(_mm256_permutevar8x32_ps(lo, s.o), _mm256_permutevar8x32_ps(hi, s.o), s.upper);
    }
    // Lanes whose flag is non-zero.
    UPSAMPLE_TARGET_AVX2 static Mask mask(const int32_t* flags) {
        const __m256i f = _mm256_loadu_si256(reinterpret_cast<const __m256i*>(flags));
        return _mm256_castsi256_ps(_mm256_cmpgt_epi32(f, _mm256_setzero_si256()));
    }
    // a, with the lanes of m taken from b.
    UPSAMPLE_TARGET_AVX2 static V blend(V a, V b, Mask m) { return _mm256_blendv_ps(a, b, m); }
    UPSAMPLE_TARGET_AVX2 static V gather(const float* src, const int32_t* idx) {
        return _mm256_i32gather_ps(src, _mm256_loadu_si256(reinterpret_cast<const __m256i*>(idx)), 4);
    }
};

// 16 lanes (AVX-512): one two-vector permute picks from the window.
struct Avx512 {
    static constexpr int n = 16;
    using V = __m512;
    struct Sel {
        __m512i o;
    };
    using Mask = __mmask16;
    UPSAMPLE_TARGET_AVX512 static V load(const float* p) { return _mm512_loadu_ps(p); }
    UPSAMPLE_TARGET_AVX512 static void store(float* p, V v) { _mm512_storeu_ps(p, v); }
    // A non-temporal store (past the caches) to a 64-byte aligned address.
    UPSAMPLE_TARGET_AVX512 static void stream(float* p, V v) { _mm512_stream_ps(p, v); }
    UPSAMPLE_TARGET_AVX512 static V mul(V a, V b) { return _mm512_mul_ps(a, b); }
    UPSAMPLE_TARGET_AVX512 static V add(V a, V b) { return _mm512_add_ps(a, b); }
    UPSAMPLE_TARGET_AVX512 static V set1(float v) { return _mm512_set1_ps(v); }
    UPSAMPLE_TARGET_AVX512 static Sel sel(const int32_t* off) { return {_mm512_loadu_si512(off)}; }
    UPSAMPLE_TARGET_AVX512 static Sel sel8(const uint8_t* off) {
        // the zero-masked form: GCC 12 warns on the plain one's undefined source vector
        return {_mm512_maskz_cvtepu8_epi32(0xFFFF, _mm_loadu_si128(reinterpret_cast<const __m128i*>(off)))};
    }
    UPSAMPLE_TARGET_AVX512 static Sel plus(const Sel& s, int c) { return {_mm512_add_epi32(s.o, _mm512_set1_epi32(c))}; }
    UPSAMPLE_TARGET_AVX512 static V pick(V lo, V hi, const Sel& s) { return _mm512_permutex2var_ps(lo, s.o, hi); }
    UPSAMPLE_TARGET_AVX512 static Mask mask(const int32_t* flags) {
        return _mm512_cmpgt_epi32_mask(_mm512_loadu_si512(flags), _mm512_setzero_si512());
    }
    UPSAMPLE_TARGET_AVX512 static V blend(V a, V b, Mask m) { return _mm512_mask_mov_ps(a, m, b); }
    UPSAMPLE_TARGET_AVX512 static V gather(const float* src, const int32_t* idx) {
        return _mm512_mask_i32gather_ps(_mm512_setzero_ps(), 0xFFFF, _mm512_loadu_si512(idx), src, 4);
    }
};

}  // namespace upsample::cpu::lanes
#endif
