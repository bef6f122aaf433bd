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

bool antialiasHFirst(const Geometry& g, int tapsH, int tapsW) {
    if (g.dims != 2) return false;
    const double inH = static_cast<double>(g.in[1]), inW = static_cast<double>(g.in[2]);
    const double outH = static_cast<double>(g.out[1]), outW = static_cast<double>(g.out[2]);
    const double wFirst = 2 * inH * outW * tapsW + outH * outW * tapsH;
    const double hFirst = outH * inW * tapsH + 2 * outH * outW * tapsW;
    return hFirst < wFirst;
}

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
