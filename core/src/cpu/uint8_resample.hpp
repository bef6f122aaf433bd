// uint8 bilinear and bicubic on the CPU, in fixed point (upsample/fixed_point.hpp).
#pragma once

#include "upsample/spec.hpp"
#include "upsample/tensor.hpp"

namespace upsample::cpu {

// in and out: uint8, the spec's shapes; the spec must take the fixed-point path (takesFixedPoint).
void runUint8FixedPoint(const ResolvedSpec& spec, const Tensor& in, Tensor& out, int threads);

}  // namespace upsample::cpu
