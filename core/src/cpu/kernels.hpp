// The CPU kernels. Every kernel works on contiguous (planes, D, H, W) data where missing
// leading spatial dims are 1, and on the tables of a plan (plan/plan.hpp). A mode names its
// kernel in its descriptor (KernelNames::cpu); cpu_backend.cpp lists the kernels by name.
#pragma once

#include "plan/plan.hpp"
#include "storage.hpp"

#include "upsample/backend.hpp"
#include "upsample/taps.hpp"
#include "upsample/tensor.hpp"

#include <array>
#include <string_view>

namespace upsample::cpu {

using plan::Geometry;

// Outputs of this many bytes or more are written with non-temporal stores where a kernel can
// (whole aligned vectors of wide rows): they are far larger than the caches, so the stores skip
// reading each line first (nearest.cpp, the tap kernel's vertical pass).
constexpr int64_t kStreamOutputBytes = int64_t{32} << 20;
// Whether an output of `bytes` at out is that large and its pages are already in: a block fresh
// from the allocator takes plain stores (storage::takeFreshPages says why). Asks the storage, so
// call it once per output (its block counts as written from then on).
inline bool streamLargeOutput(const void* out, int64_t bytes) {
    return bytes >= kStreamOutputBytes && !storage::takeFreshPages(out, static_cast<uint64_t>(bytes));
}

// nearest, nearest-exact: out = in[id][ih][iw]. E: the element type when it is not T (uint8
// data on float tables).
template <class T, class E = T>
void gatherKernel(const Geometry& g, const std::array<AxisTable<T>, 3>& t, const E* in, E* out, int threads);
// linear family and bicubic: nested weighted sums, first spatial dim outermost (PyTorch's order).
// Every axis has the same tap count: 2, 4, or 8 (8 on 1-D and 2-D data only).
template <class T>
void tapKernel(const Geometry& g, const std::array<AxisTable<T>, 3>& t, const T* in, T* out, int threads);
// area: window sum divided by each window extent in turn (adaptive average pooling).
template <class T>
void areaKernel(const Geometry& g, const std::array<AxisTable<T>, 3>& t, const T* in, T* out, int threads);
// antialias: one 1-D pass per resampled axis, W first, then H.
template <class T>
void antialiasKernel(const Geometry& g, const std::array<AxisTable<T>, 3>& t, const T* in, T* out, int threads);

// Runs a resolved spec on the CPU; out must have spec.outputShape and in's dtype. With a control:
// checked between chunks of rows (CancelledError), progress reported (parallel.hpp).
void run(const ResolvedSpec& spec, const Tensor& in, Tensor& out, int threads, RunControl* control = nullptr);
// True when the CPU backend has a kernel of this name (the names in the mode descriptors).
bool hasKernel(std::string_view name);

}  // namespace upsample::cpu
