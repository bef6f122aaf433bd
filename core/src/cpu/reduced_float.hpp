// float16 as PyTorch 2.x computes it on the CPU: in float ("opmath"), the result rounded to
// float16. The input widens exactly; the generic kernels of the linear family and bicubic keep
// their weights in the tensor's type (compute_indices_weights stores them as scalar_t), so those
// are rounded to float16 first; the channels-last kernel keeps them in float.
#pragma once

#include "plan/plan.hpp"

#include "upsample/spec.hpp"
#include "upsample/tensor.hpp"

#include <cstdint>

namespace upsample::cpu {

// IEEE binary16 <-> binary32: to half rounds to nearest, ties to even (as c10::Half); a NaN stays
// a NaN of the same sign. Widening is exact.
uint16_t floatToHalf(float f);
float halfFromBits(uint16_t h);
float roundedHalfValue(float v);  // v rounded to the nearest float16, as a float

// The float16 kernels that differ from "the float kernel, rounded": 3-D area (PyTorch's
// adaptive_avg_pool3d sums in float16: each addition and each of its three divisions rounded)
// and bilinear in the channels-last kernel (weights h * w, four products summed from the left).
// Returns false for every other spec.
bool runHalfDirect(const ResolvedSpec& spec, const Tensor& in, Tensor& out, int threads);

// The spec's tables as PyTorch's float16 kernel holds them: for the generic linear-family and
// bicubic kernels each weight rounded to float16 (linear: lambda1 rounded, then lambda0 = 1 -
// lambda1 rounded), else unchanged.
void roundWeightsAsHalf(const ResolvedSpec& spec, plan::Plan<float>& plan);

// float16 <-> float32 tensors (the same shape).
Tensor widenHalf(const Tensor& half);
void narrowToHalf(const Tensor& single, Tensor& half);

}  // namespace upsample::cpu
