// A reduced copy of a large result for showing it where the full tensor may not be kept (the
// studio's modes grid when its results together exceed the result limit): every k-th sample along
// each spatial axis, starting at index 0, the batch and channel axes whole. Sample (i, j) of the
// preview is sample (k*i, k*j) of the tensor, so a value shown is a value of the result.
#pragma once

#include "upsample/tensor.hpp"

#include <cstdint>

namespace upsample {

// The smallest step k >= 1 with which the preview of a tensor of `shape` and `elementSize` bytes
// per element fits in `maxBytes` (at least one sample per axis is always kept).
int64_t previewStep(const Shape& shape, std::size_t elementSize, uint64_t maxBytes);

// Every `step`-th sample of `t` along its spatial axes (rank >= 3; dims 2..); step 1 returns t.
Tensor everyNth(const Tensor& t, int64_t step);

}  // namespace upsample
