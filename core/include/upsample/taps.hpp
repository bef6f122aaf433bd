// Per-axis tap tables: for every output index of one spatial axis, the input indices it reads
// and their weights, computed once per call from the coordinate helpers (coords.hpp).
// The CPU kernels and the OpenCL kernels both consume these tables, and the pixel inspector
// reads single rows of them, so all three agree by construction.
#pragma once

#include "upsample/spec.hpp"

#include <cstdint>
#include <vector>

namespace upsample {

template <class T>
struct AxisTable {
    int64_t in = 1, out = 1;
    int taps = 1;                // stride of index/weight per output
    std::vector<int64_t> index;  // out * taps input indices (area: index[d*taps] is the window start)
    std::vector<T> weight;       // out * taps weights (nearest: 1; area: 1/count, informative only)
    std::vector<int32_t> count;  // taps in use per output (antialias windows, area windows)
    bool skip = false;           // a padded axis (the input has fewer spatial dims): identity
    // The sum over this axis's taps as fused multiply-adds, fma(x0, w0, x1 * w1), then
    // fma(xj, wj, v), as PyTorch's compiled kernel contracts it (bicubic); else x0 * w0 + x1 * w1,
    // then v + xj * wj, each product and sum rounded.
    bool fusedSums = false;
    // Outputs where the older PyTorch version reads one input past the end of the axis (linear
    // family with align_corners=True on an axis longer than 2^24; coords::linearTaps). The table
    // reads the last input there instead, as the newer version does. firstPastEnd: the first such output, or -1.
    int64_t pastEnd = 0;
    int64_t firstPastEnd = -1;

    int64_t tapIndex(int64_t d, int j) const { return index[static_cast<std::size_t>(d * taps + j)]; }
    T tapWeight(int64_t d, int j) const { return weight[static_cast<std::size_t>(d * taps + j)]; }
    int tapCount(int64_t d) const { return count.empty() ? taps : count[static_cast<std::size_t>(d)]; }
};

// axisTable(spec, dim), the table of one axis of a resolved spec, is in modes.hpp: the spec's
// mode builds it.

// The builders the mode table (modes.hpp, core/src/modes.cpp) uses.
// nearest and nearest-exact index differently in PyTorch's channels-last kernels (see
// coords.hpp and isChannelsLastContiguous()).
template <class T>
AxisTable<T> nearestTable(int64_t in, int64_t out, std::optional<double> scale, bool channelsLastKernel);
template <class T>
AxisTable<T> nearestExactTable(int64_t in, int64_t out, std::optional<double> scale, bool channelsLastKernel);
// The linear family and bicubic compute the source coordinate in the version's precision.
template <class T>
AxisTable<T> linearTable(int64_t in, int64_t out, bool alignCorners, std::optional<double> scale, IndexPrecision p);
template <class T>
AxisTable<T> bicubicTable(int64_t in, int64_t out, bool alignCorners, std::optional<double> scale, IndexPrecision p);
template <class T> AxisTable<T> areaTable(int64_t in, int64_t out);
// antialias with a separable filter (filters.hpp: triangle for bilinear, Keys cubic for bicubic in
// the version's form, Lanczos-3 for lanczos). identityAntialiasTable: an antialias axis the kernel
// leaves as it is (in == out in the newer version), in the antialias tables' layout (the same tap
// stride, one tap of weight 1).
template <class T>
AxisTable<T> identityAntialiasTable(int64_t in, int64_t out, bool alignCorners, std::optional<double> scale,
                                    const SeparableFilter& filter);
template <class T>
AxisTable<T> antialiasTable(int64_t in, int64_t out, bool alignCorners, std::optional<double> scale,
                            const SeparableFilter& filter);

}  // namespace upsample
