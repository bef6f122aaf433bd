// The studio's one result limit (Preferences > Maximum result size) for the computations its tool
// windows start: one that holds `copies` tensors of the output's size at once (the modes grid and
// the A/B compare: one per mode variant; the Libraries window: each library's output and its
// difference to PyTorch's) needs copies x the output's bytes, and is refused before anything is
// allocated when that is over the limit. README "Memory" states the peak this gives.
#pragma once

#include "upsample/spec.hpp"
#include "upsample/tensor.hpp"

#include <QString>

#include <cstddef>
#include <cstdint>
#include <optional>

namespace studio {

// The bytes of the output of `spec` on `input` (its dtype), or nullopt when PyTorch refuses the
// spec (the computation then reports PyTorch's error itself) or the count overflows.
// With minElementSize, each element counts at least that many bytes (a float32 difference of uint8).
std::optional<uint64_t> outputBytes(const upsample::Spec& spec, const upsample::Tensor& input,
                                    std::size_t minElementSize = 1);

// Why `what` is refused: "The modes grid needs 12 results of 1.4 GiB (...) = 16.5 GiB (...), over
// the limit of 2.0 GiB (...) (Preferences > Maximum result size)"; empty when it fits.
QString budgetRefusal(const QString& what, const upsample::Spec& spec, const upsample::Tensor& input,
                      uint64_t copies, uint64_t limit, uint64_t* needed = nullptr, std::size_t minElementSize = 1);

}  // namespace studio
