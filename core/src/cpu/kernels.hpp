// CPU kernels shared by the mode files. Every kernel works on contiguous (planes, D, H, W)
// data where missing leading spatial dims are 1, and on tables from taps.hpp.
#pragma once

#include "upsample/taps.hpp"
#include "upsample/tensor.hpp"

#include <array>

namespace upsample::cpu {

// The input/output geometry with spatial dims padded to three (D, H, W).
struct Geometry {
    int dims = 0;
    int64_t planes = 0;
    std::array<int64_t, 3> in{1, 1, 1}, out{1, 1, 1};
    int64_t inPlane() const { return in[0] * in[1] * in[2]; }
    int64_t outPlane() const { return out[0] * out[1] * out[2]; }
};
Geometry geometryOf(const ResolvedSpec& spec);

// The three tables D, H, W (identity tables for padded dims).
template <class T>
std::array<AxisTable<T>, 3> paddedTables(const ResolvedSpec& spec);

// nearest, nearest-exact: out = in[id][ih][iw].
template <class T>
void gatherKernel(const Geometry& g, const std::array<AxisTable<T>, 3>& t, const T* in, T* out, int threads);
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

// A one-tap table (nearest, nearest-exact): index(d) for every output d, weight 1.
template <class T, class IndexOf>
AxisTable<T> gatherTable(int64_t in, int64_t out, IndexOf index) {
    AxisTable<T> t;
    t.in = in;
    t.out = out;
    t.taps = 1;
    t.index.resize(static_cast<std::size_t>(out));
    t.weight.assign(static_cast<std::size_t>(out), T(1));
    for (int64_t d = 0; d < out; ++d) t.index[static_cast<std::size_t>(d)] = index(d);
    return t;
}

// Runs a resolved spec on the CPU; out must have spec.outputShape and in's dtype.
void run(const ResolvedSpec& spec, const Tensor& in, Tensor& out, int threads);

}  // namespace upsample::cpu
