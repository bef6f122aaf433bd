// uint8 bilinear and bicubic on an OpenCL device, in fixed point (core/kernels/uint8_fixed.cl).
#pragma once

#include "runtime.hpp"

#include "upsample/spec.hpp"
#include "upsample/tensor.hpp"

namespace upsample::opencl {

// in and out: uint8 with the spec's shapes; the spec takes the fixed-point path. Throws
// OpenCLError when the device fails or a buffer would pass its largest allocation.
void runUint8FixedPoint(DeviceState& d, const ResolvedSpec& spec, const Tensor& in, Tensor& out);

}  // namespace upsample::opencl
