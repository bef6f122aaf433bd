#include "upsample/taps.hpp"

namespace upsample {

template <class T>
AxisTable<T> axisTable(const ResolvedSpec& s, int dim) {
    const int64_t in = s.inSize(dim), out = s.outSize(dim);
    const auto scale = s.scales[static_cast<std::size_t>(dim)];
    switch (s.mode) {
    case Mode::Nearest: return nearestTable<T>(in, out, scale, s.channelsLastKernel);
    case Mode::NearestExact: return nearestExactTable<T>(in, out, scale, s.channelsLastKernel);
    case Mode::Area: return areaTable<T>(in, out);
    case Mode::Bicubic:
        if (s.antialias) return antialiasTable<T>(in, out, s.alignCorners, scale, 4);
        return bicubicTable<T>(in, out, s.alignCorners, scale);
    case Mode::Bilinear:
        if (s.antialias) return antialiasTable<T>(in, out, s.alignCorners, scale, 2);
        return linearTable<T>(in, out, s.alignCorners, scale);
    case Mode::Linear:
    case Mode::Trilinear: return linearTable<T>(in, out, s.alignCorners, scale);
    }
    return {};
}
template AxisTable<float> axisTable<float>(const ResolvedSpec&, int);
template AxisTable<double> axisTable<double>(const ResolvedSpec&, int);

}  // namespace upsample
