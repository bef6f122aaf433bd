// The CPU backend: runs the kernel a plan names, and answers the registry (backends/).
#include "kernels.hpp"
#include "parallel.hpp"
#include "reduced_float.hpp"
#include "uint8_resample.hpp"

#include "backends/registry.hpp"
#include "plan/plan.hpp"

#include "upsample/backend.hpp"
#include "upsample/error.hpp"
#include "upsample/fixed_point.hpp"

#include <string_view>
#include <thread>

namespace upsample {
namespace cpu {

int defaultThreads() {
    const unsigned n = std::thread::hardware_concurrency();
    return n == 0 ? 1 : static_cast<int>(n);
}

namespace {
template <class T>
using Kernel = void (*)(const Geometry&, const std::array<AxisTable<T>, 3>&, const T*, T*, int);

// The CPU kernels by the names the mode descriptors use (KernelNames::cpu).
struct NamedKernel {
    std::string_view name;
    Kernel<float> f;
    Kernel<double> d;
};
constexpr NamedKernel kKernels[] = {
    {"gather", gatherKernel<float>, gatherKernel<double>},
    {"taps", tapKernel<float>, tapKernel<double>},
    {"area", areaKernel<float>, areaKernel<double>},
    {"antialias", antialiasKernel<float>, antialiasKernel<double>},
};

const NamedKernel& kernelNamed(std::string_view name) {
    for (const NamedKernel& k : kKernels)
        if (k.name == name) return k;
    throw InternalError("the CPU backend has no kernel '" + std::string(name) + "'");
}

template <class T>
void runPlan(const plan::Plan<T>& p, const T* in, T* out, int threads) {
    const NamedKernel& k = kernelNamed(p.kernels->cpu);
    if constexpr (std::is_same_v<T, double>) k.d(p.geometry, p.tables, in, out, threads);
    else k.f(p.geometry, p.tables, in, out, threads);
}

template <class T>
void runTyped(const ResolvedSpec& s, const T* in, T* out, int threads) {
    runPlan<T>(plan::makePlan<T>(s), in, out, threads);
}

// float16, bfloat16: computed in float on the float kernels, rounded to the dtype (reduced_float.hpp).
void runReduced(const ResolvedSpec& s, const Tensor& in, Tensor& out, int threads) {
    if (runReducedDirect(s, in, out, threads)) return;
    const plan::Plan<float> p = plan::makePlan<float>(s);  // nearest, 1-D/2-D area: the float kernel, rounded
    const Tensor wide = widenReduced(in);
    Tensor result(out.shape(), DType::Float32);
    runPlan<float>(p, wide.data<float>(), result.data<float>(), threads);
    narrowToReduced(result, out);
}
}  // namespace

void run(const ResolvedSpec& s, const Tensor& in, Tensor& out, int threads, RunControl* control) {
    const RunScope scope(control);
    if (out.shape() != s.outputShape || out.dtype() != in.dtype() || in.shape() != s.inputShape)
        throw InternalError("cpu::run: tensor shapes do not match the resolved spec");
    if (out.empty()) return;
    if (in.dtype() == DType::UInt8 && fixedpoint::takesFixedPoint(s)) return runUint8FixedPoint(s, in, out, threads);
    if (isReducedFloat(in.dtype())) return runReduced(s, in, out, threads);
    if (in.dtype() == DType::UInt8) {  // the nearest modes, on float tables as PyTorch
        const plan::Plan<float> p = plan::makePlan<float>(s);
        if (p.kernels->cpu != "gather") throw InternalError("cpu::run: uint8 needs the gather kernel");
        gatherKernel<float, uint8_t>(p.geometry, p.tables, in.data<uint8_t>(), out.data<uint8_t>(), threads);
        return;
    }
    if (in.dtype() != DType::Float32 && in.dtype() != DType::Float64)
        throw InternalError("cpu::run: no kernel for " + std::string(dtypeName(in.dtype())));
    if (in.dtype() == DType::Float64) runTyped<double>(s, in.data<double>(), out.data<double>(), threads);
    else runTyped<float>(s, in.data<float>(), out.data<float>(), threads);
}

bool hasKernel(std::string_view name) {
    for (const NamedKernel& k : kKernels)
        if (k.name == name) return true;
    return false;
}

// Registry entry: the CPU runs every spec, as the fallback of every other backend.
backends::Offer assess(const ResolvedSpec&, DType, const RunOptions& options) {
    backends::Offer o;
    o.backend = std::make_unique<CpuBackend>(options.threads);
    o.score = backends::kScoreFallback;
    return o;
}

}  // namespace cpu

CpuBackend::CpuBackend(int threads) : threads_(threads > 0 ? threads : cpu::defaultThreads()) {}

std::string CpuBackend::description() const {
    return "cpu (" + std::to_string(threads_) + (threads_ == 1 ? " thread)" : " threads)");
}

void CpuBackend::run(const ResolvedSpec& spec, const Tensor& in, Tensor& out, RunControl* control) {
    cpu::run(spec, in, out, threads_, control);
}

}  // namespace upsample
