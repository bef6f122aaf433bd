// nearest-exact: out[d] = in[min(floor((d + 0.5) * scale), in - 1)] (Pillow, scikit-image).
// Runs on the nearest gather kernel with its own table.
#include "kernels.hpp"

#include "upsample/coords.hpp"

namespace upsample {

template <class T>
AxisTable<T> nearestExactTable(int64_t in, int64_t out, std::optional<double> scale, bool channelsLastKernel) {
    AxisTable<T> t;
    t.in = in;
    t.out = out;
    t.taps = 1;
    t.index.resize(static_cast<std::size_t>(out));
    t.weight.assign(static_cast<std::size_t>(out), T(1));
    const T s = coords::areaPixelComputeScale<T>(in, out, /*alignCorners=*/false, scale);
    for (int64_t d = 0; d < out; ++d)
        t.index[d] = !channelsLastKernel ? coords::nearestExactSourceIndex<T>(s, d, in) : coords::nearestExactIdx(d, in, out, scale);
    return t;
}
template AxisTable<float> nearestExactTable<float>(int64_t, int64_t, std::optional<double>, bool);
template AxisTable<double> nearestExactTable<double>(int64_t, int64_t, std::optional<double>, bool);

}  // namespace upsample
