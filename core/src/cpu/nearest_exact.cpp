// nearest-exact: out[d] = in[min(floor((d + 0.5) * scale), in - 1)] (Pillow, scikit-image).
// Runs on the nearest gather kernel with its own table.
#include "kernels.hpp"

#include "upsample/coords.hpp"

namespace upsample {

template <class T>
AxisTable<T> nearestExactTable(int64_t in, int64_t out, std::optional<double> scale, bool channelsLastKernel) {
    const T s = coords::areaPixelComputeScale<T>(in, out, /*alignCorners=*/false, scale);
    return cpu::gatherTable<T>(in, out, [&](int64_t d) {
        return channelsLastKernel ? coords::nearestExactIdx(d, in, out, scale) : coords::nearestExactSourceIndex<T>(s, d, in);
    });
}
template AxisTable<float> nearestExactTable<float>(int64_t, int64_t, std::optional<double>, bool);
template AxisTable<double> nearestExactTable<double>(int64_t, int64_t, std::optional<double>, bool);

}  // namespace upsample
