#include "upsample/taps.hpp"

#include "upsample/modes.hpp"

#include <type_traits>

namespace upsample {

namespace {
AxisRequest requestOf(const ResolvedSpec& s, int dim) {
    AxisRequest r;
    r.in = s.inSize(dim);
    r.out = s.outSize(dim);
    r.scale = s.scales[static_cast<std::size_t>(dim)];
    r.alignCorners = s.alignCorners;
    r.antialias = s.antialias;
    r.channelsLastKernel = s.channelsLastKernel;
    return r;
}
}  // namespace

template <class T>
AxisTable<T> axisTable(const ResolvedSpec& s, int dim) {
    const ModeDescriptor& m = describe(s.mode);
    if constexpr (std::is_same_v<T, double>) return m.tableDouble(requestOf(s, dim));
    else return m.tableFloat(requestOf(s, dim));
}
template AxisTable<float> axisTable<float>(const ResolvedSpec&, int);
template AxisTable<double> axisTable<double>(const ResolvedSpec&, int);

}  // namespace upsample
