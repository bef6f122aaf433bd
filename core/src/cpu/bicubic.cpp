// bicubic: four taps per axis around x = (d + 0.5) * scale - 0.5 (not clamped), indices clamped
// to the border, Keys' cubic convolution weights with A = -0.75. Runs on the nested tap kernel.
#include "kernels.hpp"

#include "upsample/coords.hpp"

namespace upsample {

template <class T>
AxisTable<T> bicubicTable(int64_t in, int64_t out, bool alignCorners, std::optional<double> scale) {
    AxisTable<T> t;
    t.in = in;
    t.out = out;
    t.taps = 4;
    t.index.resize(static_cast<std::size_t>(out * 4));
    t.weight.resize(static_cast<std::size_t>(out * 4));
    const T s = coords::areaPixelComputeScale<T>(in, out, alignCorners, scale);
    for (int64_t d = 0; d < out; ++d) {
        const auto c = coords::cubicTaps<T>(s, d, in, alignCorners);
        for (int j = 0; j < 4; ++j) {
            t.index[4 * d + j] = c.index[j];
            t.weight[4 * d + j] = c.weight[j];
        }
    }
    return t;
}
template AxisTable<float> bicubicTable<float>(int64_t, int64_t, bool, std::optional<double>);
template AxisTable<double> bicubicTable<double>(int64_t, int64_t, bool, std::optional<double>);

}  // namespace upsample
