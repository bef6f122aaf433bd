// The CPU backend: builds the tables once per call and runs the mode's kernel.
#include "kernels.hpp"
#include "parallel.hpp"

#include "upsample/backend.hpp"
#include "upsample/error.hpp"

#include <thread>

namespace upsample {
namespace cpu {

int defaultThreads() {
    const unsigned n = std::thread::hardware_concurrency();
    return n == 0 ? 1 : static_cast<int>(n);
}

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

namespace {
template <class T>
void runTyped(const ResolvedSpec& s, const T* in, T* out, int threads) {
    const Geometry g = geometryOf(s);
    const auto t = paddedTables<T>(s);
    switch (s.mode) {
    case Mode::Nearest:
    case Mode::NearestExact: gatherKernel<T>(g, t, in, out, threads); break;
    case Mode::Area: areaKernel<T>(g, t, in, out, threads); break;
    case Mode::Bilinear:
    case Mode::Bicubic:
        if (s.antialias) antialiasKernel<T>(g, t, in, out, threads);
        else tapKernel<T>(g, t, in, out, threads);
        break;
    case Mode::Linear:
    case Mode::Trilinear: tapKernel<T>(g, t, in, out, threads); break;
    }
}
}  // namespace

void run(const ResolvedSpec& s, const Tensor& in, Tensor& out, int threads) {
    if (out.shape() != s.outputShape || out.dtype() != in.dtype() || in.shape() != s.inputShape)
        throw Error(ErrorKind::Usage, "cpu::run: tensor shapes do not match the resolved spec");
    if (out.empty()) return;
    if (in.dtype() == DType::Float64) runTyped<double>(s, in.data<double>(), out.data<double>(), threads);
    else runTyped<float>(s, in.data<float>(), out.data<float>(), threads);
}

}  // namespace cpu

CpuBackend::CpuBackend(int threads) : threads_(threads > 0 ? threads : cpu::defaultThreads()) {}

std::string CpuBackend::description() const {
    return "cpu (" + std::to_string(threads_) + (threads_ == 1 ? " thread)" : " threads)");
}

void CpuBackend::run(const ResolvedSpec& spec, const Tensor& in, Tensor& out) { cpu::run(spec, in, out, threads_); }

}  // namespace upsample
