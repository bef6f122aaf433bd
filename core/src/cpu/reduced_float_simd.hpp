// SIMD passes of the float16 / bfloat16 2-D tap kernel (reduced_float.cpp). Each lane computes
// what the scalar loops there compute, in their order and with their fused multiply-adds:
// a row's W sums fma(t0, w0, t1 * w1), then fma(tj, wj, v); the rows blended the same way over
// the H taps; the result rounded to nearest even (F16C's vcvtps2ph for float16, the integer
// rounding of BFloat16Format for bfloat16). A fused multiply-add rounds once on every path, so
// the AVX2 + FMA + F16C path, the AVX-512 path and the scalar loops give the same bits.
#pragma once

#include "simd.hpp"

#include "upsample/taps.hpp"

#include <cstdint>
#include <vector>

namespace upsample::cpu::reducedsimd {

enum class Format16 { Half, BFloat16 };

// The SIMD level these passes use now: Avx512, Avx2 (with FMA and F16C), or Baseline (none:
// the callers keep their scalar loops). Follows isa() and its limit (limitIsa).
Isa level();

// A tap table split per tap (tap-major): index[j * stride + x] (int32) and weight[j * stride + x];
// stride = out rounded up to 16, the padding reading input 0 with weight 0.
struct SplitTaps {
    int taps = 0;
    int64_t out = 0, stride = 0;
    std::vector<int32_t> index;
    std::vector<float> weight;
};
// false where an index does not fit an int32 (the callers keep the scalar loops there).
bool splitTaps(const AxisTable<float>& t, SplitTaps& s);

// n 16-bit values widened exactly to float.
void widenRow(Isa l, Format16 f, const uint16_t* src, float* dst, int64_t n);
// The W sums of one widened input row: out[x] for x < W.stride (out holds W.stride floats).
void rowSums(Isa l, const float* wide, const SplitTaps& W, float* out);
// The H blend of `taps` rows (each holding a multiple of 16 floats, at least n) with weights w,
// rounded to the format into dst[0, n).
void blendNarrow(Isa l, Format16 f, const float* const* rows, const float* w, int taps, int64_t n, uint16_t* dst);

}  // namespace upsample::cpu::reducedsimd
