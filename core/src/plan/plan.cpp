#include "plan/plan.hpp"

namespace upsample::plan {

Geometry geometryOf(const ResolvedSpec& s) {
    Geometry g;
    g.dims = s.spatialDims;
    g.planes = s.planes();
    for (int i = 0; i < s.spatialDims; ++i) {
        g.in[3 - s.spatialDims + i] = s.inSize(i);
        g.out[3 - s.spatialDims + i] = s.outSize(i);
    }
    return g;
}

template <class T>
std::array<AxisTable<T>, 3> paddedTables(const ResolvedSpec& s) {
    std::array<AxisTable<T>, 3> t;
    for (auto& a : t) {  // identity for padded leading dims
        a.index = {0};
        a.weight = {T(1)};
        a.skip = true;
    }
    for (int i = 0; i < s.spatialDims; ++i) t[3 - s.spatialDims + i] = axisTable<T>(s, i);
    return t;
}
template std::array<AxisTable<float>, 3> paddedTables<float>(const ResolvedSpec&);
template std::array<AxisTable<double>, 3> paddedTables<double>(const ResolvedSpec&);

template <class T>
Plan<T> makePlan(const ResolvedSpec& s) {
    Plan<T> p;
    p.mode = &describe(s.mode);
    p.kernels = s.antialias ? &p.mode->antialiasKernels : &p.mode->kernels;
    p.geometry = geometryOf(s);
    p.tables = paddedTables<T>(s);
    return p;
}
template Plan<float> makePlan<float>(const ResolvedSpec&);
template Plan<double> makePlan<double>(const ResolvedSpec&);

}  // namespace upsample::plan
