// float16 and bfloat16 as PyTorch 2.x computes them on the CPU: in float ("opmath"), the result
// rounded to the tensor's type. The input widens exactly; the generic kernels of the linear family
// and bicubic keep their weights in the tensor's type (compute_indices_weights stores them as
// scalar_t), so those are rounded first; the channels-last kernel keeps them in float.
#pragma once

#include "plan/plan.hpp"

#include "upsample/spec.hpp"
#include "upsample/tensor.hpp"

#include <bit>
#include <cstdint>
#include <vector>

namespace upsample::cpu {

// IEEE binary16 <-> binary32: to half rounds to nearest, ties to even (as c10::Half); a NaN stays
// a NaN of the same sign. Widening is exact.
uint16_t floatToHalf(float f);
float halfFromBits(uint16_t h);
float roundedHalfValue(float v);  // v rounded to the nearest float16, as a float

// The two formats: narrow rounds a float to nearest, ties to even; widen is exact.
struct HalfFormat {
    static uint16_t narrow(float f);
    static float widen(uint16_t h);
};
struct BFloat16Format {  // c10::BFloat16: the top half of a float32; a NaN narrows to 0x7fc0
    static uint16_t narrow(float f) {
        if (f != f) return 0x7fc0u;
        const auto bits = std::bit_cast<uint32_t>(f);
        return static_cast<uint16_t>((bits + ((bits >> 16) & 1u) + 0x7fffu) >> 16);
    }
    static float widen(uint16_t b) { return std::bit_cast<float>(static_cast<uint32_t>(b) << 16); }
};
bool isReducedFloat(DType t);  // float16 or bfloat16

// The reduced-float kernels that differ from "the float kernel, rounded": area to one output
// (input.mean(): a float sum, one rounding), 3-D area (PyTorch's adaptive_avg_pool3d sums in the
// tensor's type: each addition and each of its three divisions rounded), bilinear in the
// channels-last kernel (weights h * w, four products summed from the left) and the generic
// linear-family and bicubic kernel (weights in the tensor's type, nested fused sums). Returns
// false for every other spec.
bool runReducedDirect(const ResolvedSpec& spec, const Tensor& in, Tensor& out, int threads);

// Which of the computations above a float16 / bfloat16 spec takes (the OpenCL backend follows
// the same choice): FloatKernel is the float32 kernel on the widened input, rounded.
enum class ReducedPath { Mean, Area3d, BilinearChannelsLast, GenericTaps, FloatKernel };
ReducedPath reducedPath(const ResolvedSpec& spec);

// One axis of the channels-last bilinear kernel: indices and weights in float (opmath).
struct OpmathLinearAxis {
    std::vector<int64_t> i0, i1;
    std::vector<float> l0, l1;
};
OpmathLinearAxis opmathLinearAxis(const ResolvedSpec& spec, int dim);

// The spec's tables as PyTorch's float16 / bfloat16 kernel holds them: for the generic
// linear-family and bicubic kernels each weight rounded to the dtype (linear: lambda1 rounded,
// then lambda0 = 1 - lambda1 rounded), else unchanged.
void roundWeightsAsReduced(const ResolvedSpec& spec, plan::Plan<float>& plan, DType dtype);

// float16 / bfloat16 <-> float32 tensors (the same shape).
Tensor widenReduced(const Tensor& reduced);
void narrowToReduced(const Tensor& single, Tensor& reduced);

}  // namespace upsample::cpu
