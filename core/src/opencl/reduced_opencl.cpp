// float16 and bfloat16 on an OpenCL device (core/kernels/reduced.cl): the CPU's choice of
// computation (cpu::reducedPath), its tables (the weights rounded as PyTorch keeps them), one
// launch over the whole tensor, 16-bit buffers in and out. The same bits as the CPU backend.
#include "reduced_opencl.hpp"

#include "cpu/reduced_float.hpp"
#include "plan/plan.hpp"

#include "upsample/error.hpp"

#include <limits>
#include <vector>

namespace upsample::opencl {

namespace {
// One axis's tables on the host, output-major (entry d * taps + j), as reduced.cl reads them.
struct HostAxis {
    int taps = 1;
    std::vector<cl_int> index{0}, count{1};
    std::vector<float> weight{1.0f};
};

cl_int narrowInt(int64_t v, const std::string& what) {
    if (v > std::numeric_limits<cl_int>::max() || v < std::numeric_limits<cl_int>::min())
        throw OpenCLError(what + ": the float16 / bfloat16 kernels index axes and tables in 32 bits");
    return static_cast<cl_int>(v);
}

HostAxis hostAxis(const AxisTable<float>& t, const std::string& what) {
    HostAxis a;
    if (t.skip) return a;
    a.taps = t.taps;
    a.index.clear();
    for (int64_t i : t.index) a.index.push_back(narrowInt(i, what));
    a.weight = t.weight;
    a.count.clear();
    for (int64_t d = 0; d < t.out; ++d) a.count.push_back(t.tapCount(d));
    return a;
}

// The channels-last bilinear kernel's axis: two taps per output, the opmath weights.
HostAxis opmathAxis(const ResolvedSpec& s, int dim, const std::string& what) {
    const cpu::OpmathLinearAxis l = cpu::opmathLinearAxis(s, dim);
    HostAxis a;
    a.taps = 2;
    a.index.clear();
    a.weight.clear();
    for (std::size_t d = 0; d < l.i0.size(); ++d) {
        a.index.push_back(narrowInt(l.i0[d], what));
        a.index.push_back(narrowInt(l.i1[d], what));
        a.weight.push_back(l.l0[d]);
        a.weight.push_back(l.l1[d]);
    }
    return a;
}

const char* kernelOf(cpu::ReducedPath path, Sampling sampling) {
    switch (path) {
    case cpu::ReducedPath::Mean: return "reduced_mean";
    case cpu::ReducedPath::Area3d: return "reduced_area3d";
    case cpu::ReducedPath::BilinearChannelsLast: return "reduced_bilinear_cl";
    case cpu::ReducedPath::GenericTaps: return "reduced_taps";
    case cpu::ReducedPath::FloatKernel: break;
    }
    return sampling == Sampling::Gather ? "reduced_gather" : sampling == Sampling::Window ? "reduced_area" : nullptr;
}

class Buffers {
public:
    Buffers(DeviceState& d, std::string what) : d_(d), what_(std::move(what)) {}

    cl_mem add(cl_mem_flags flags, std::size_t bytes, const void* host = nullptr) {
        if (bytes > d_.info.maxAllocation)
            throw OpenCLError(what_ + ": a float16 / bfloat16 buffer of " + std::to_string(bytes) +
                              " bytes is over its largest allocation");
        cl_int status = CL_SUCCESS;
        mems_.emplace_back(clCreateBuffer(d_.context, flags | (host ? CL_MEM_COPY_HOST_PTR : 0),
                                          std::max<std::size_t>(bytes, 4), const_cast<void*>(host), &status));
        check(status, "clCreateBuffer", what_);
        return mems_.back().get();
    }
    template <class V>
    cl_mem table(const std::vector<V>& v) { return add(CL_MEM_READ_ONLY, v.size() * sizeof(V), v.data()); }

private:
    DeviceState& d_;
    std::string what_;
    std::vector<Mem> mems_;
};
}  // namespace

double runReducedFloat(DeviceState& d, const ResolvedSpec& spec, const Tensor& in, Tensor& out) {
    const std::string what = "OpenCL device '" + d.info.name + "'";
    const cpu::ReducedPath path = cpu::reducedPath(spec);
    plan::Plan<float> p = plan::makePlan<float>(spec);
    const char* kernelName = kernelOf(path, p.mode->sampling);
    if (!kernelName || !reducedOnDevice(spec)) throw InternalError("runReducedFloat: no device kernel for this spec");
    if (path == cpu::ReducedPath::GenericTaps) cpu::roundWeightsAsReduced(spec, p, in.dtype());
    std::array<HostAxis, 3> axes{hostAxis(p.tables[0], what), hostAxis(p.tables[1], what), hostAxis(p.tables[2], what)};
    if (path == cpu::ReducedPath::BilinearChannelsLast) {
        axes[1] = opmathAxis(spec, 0, what);
        axes[2] = opmathAxis(spec, 1, what);
    }
    const plan::Geometry& g = p.geometry;
    const cl_int planes = narrowInt(g.planes, what), oD = narrowInt(g.out[0], what), oH = narrowInt(g.out[1], what),
                 oW = narrowInt(g.out[2], what);
    narrowInt(g.planes * g.out[0], what);
    const cl_int first = 3 - spec.spatialDims, bf = in.dtype() == DType::BFloat16 ? 1 : 0;
    const std::string options = "-DBF=" + std::to_string(bf) + " -DKD=" + std::to_string(axes[0].taps) +
                                " -DKH=" + std::to_string(axes[1].taps) + " -DKW=" + std::to_string(axes[2].taps);
    Program program = Runtime::instance().program(d, "reduced", false, options);
    std::lock_guard lock(d.session.mutex);
    Buffers B(d, what);
    const cl_mem src = B.add(CL_MEM_READ_ONLY, in.nbytes(), in.raw());
    const cl_mem dst = B.add(CL_MEM_WRITE_ONLY, out.nbytes());
    std::array<cl_mem, 9> tables{};
    for (std::size_t a = 0; a < 3; ++a) {
        tables[a * 3] = B.table(axes[a].index);
        tables[a * 3 + 1] = B.table(axes[a].weight);
        tables[a * 3 + 2] = B.table(axes[a].count);
    }
    const cl_kernel k = Runtime::instance().kernel(d, program.get(), kernelName);
    cl_uint arg = 0;
    const auto set = [&](const auto& v) { check(clSetKernelArg(k, arg++, sizeof v, &v), "clSetKernelArg", what); };
    set(src);
    set(dst);
    for (const cl_mem t : tables) set(t);
    for (const HostAxis& a : axes) set(cl_int(a.taps));
    for (const cl_int v : {first, bf, planes, narrowInt(g.in[0], what), narrowInt(g.in[1], what), narrowInt(g.in[2], what),
                           oD, oH, oW})
        set(v);
    // a work item computes up to 32 outputs of a row (reduced.cl's SEG)
    const std::size_t global[3] = {static_cast<std::size_t>((oW + 31) / 32), static_cast<std::size_t>(oH),
                                   static_cast<std::size_t>(g.planes * g.out[0])};
    cl_event done = nullptr;
    check(clEnqueueNDRangeKernel(d.queue, k, 3, nullptr, global, nullptr, 0, nullptr, &done), "clEnqueueNDRangeKernel", what);
    uint64_t ns = 0;
    finishEvent(done, ns);  // (a failed run is reported by the read below)
    const double kernelMs = static_cast<double>(ns) / 1e6;
    check(clEnqueueReadBuffer(d.queue, dst, CL_TRUE, 0, out.nbytes(), out.raw(), 0, nullptr, nullptr),
          "clEnqueueReadBuffer", what);
    return kernelMs;
}

}  // namespace upsample::opencl
