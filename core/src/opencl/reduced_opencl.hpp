// float16 and bfloat16 on an OpenCL device (core/kernels/reduced.cl), the CPU backend's bits.
#pragma once

#include "runtime.hpp"

#include "upsample/spec.hpp"
#include "upsample/tensor.hpp"

namespace upsample::opencl {

// Whether the device kernels compute this float16 / bfloat16 spec: every computation of the CPU's
// reduced_float.cpp (cpu::reducedPath), and the float kernel's nearest, nearest-exact and 1-D /
// 2-D area; not PyTorch's channels-last trilinear kernel (the float32 tap order).
bool reducedOnDevice(const ResolvedSpec& spec);

// in and out: float16 or bfloat16 with the spec's shapes; reducedOnDevice(spec). Throws
// OpenCLError when the device fails or a buffer would pass its largest allocation. Returns the
// kernel's device time in milliseconds (0 where the queue cannot profile).
double runReducedFloat(DeviceState& d, const ResolvedSpec& spec, const Tensor& in, Tensor& out);

}  // namespace upsample::opencl
