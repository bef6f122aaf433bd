// The OpenCL backend: a plan's tables (plan/) on the device, one launch per piece; the program
// and kernels are the ones the mode's descriptor names.
#include "pieces.hpp"
#include "runtime.hpp"

#include "plan/plan.hpp"

#include "upsample/opencl.hpp"

#include <algorithm>
#include <cstdlib>
#include <cstring>

namespace upsample {
namespace opencl {
namespace {

// One spatial axis as the kernels see it: a table of taps.hpp with the tap counts spelled out.
template <class T>
struct DeviceAxis {
    int64_t in = 1, out = 1;
    int taps = 1;
    std::vector<int64_t> index;
    std::vector<T> weight;
    std::vector<int32_t> count;
    bool window = false;  // area: index[d] is the first of count[d] consecutive inputs

    // The inputs [lo, hi) that output d reads.
    std::pair<int64_t, int64_t> reads(int64_t d) const {
        if (window) return {index[static_cast<std::size_t>(d)], index[static_cast<std::size_t>(d)] + count[static_cast<std::size_t>(d)]};
        const auto first = index.begin() + d * taps;
        const auto [lo, hi] = std::minmax_element(first, first + taps);
        return {*lo, *hi + 1};
    }
};

template <class T>
DeviceAxis<T> deviceAxis(const AxisTable<T>& t, bool window) {
    DeviceAxis<T> a;
    a.in = t.in;
    a.out = t.out;
    a.taps = t.taps;
    a.index = t.index;
    a.weight = t.weight;
    a.count.resize(static_cast<std::size_t>(t.out));
    for (int64_t d = 0; d < t.out; ++d) a.count[static_cast<std::size_t>(d)] = t.tapCount(d);
    a.window = window;
    return a;
}

// The axis that a pass leaves alone: output d reads input d with weight 1.
template <class T>
DeviceAxis<T> identityAxis(int64_t n) {
    DeviceAxis<T> a;
    a.in = a.out = n;
    a.index.resize(static_cast<std::size_t>(n));
    for (int64_t d = 0; d < n; ++d) a.index[static_cast<std::size_t>(d)] = d;
    a.weight.assign(static_cast<std::size_t>(n), T(1));
    a.count.assign(static_cast<std::size_t>(n), 1);
    return a;
}

// One kernel over the whole output, in pieces.
template <class T>
struct Launch {
    std::string program;  // core/kernels/<program>.cl
    std::string kernel;
    int dims = 0;
    int64_t planes = 0;
    std::array<DeviceAxis<T>, 3> axes;  // D, H, W
};

class Runner {
public:
    Runner(DeviceState& d, uint64_t limit) : d_(d), limit_(limit), faults_(injectedFaults()), what_("OpenCL device '" + d.info.name + "'") {}

    template <class T>
    void run(const Launch<T>& L, const T* in, T* out) {
        Program program = Runtime::instance().program(d_, L.program, std::is_same_v<T, double>);
        cl_int status = CL_SUCCESS;
        Kernel kernel(clCreateKernel(program.get(), L.kernel.c_str(), &status));
        check(status, "clCreateKernel", what_);

        std::array<AxisReads, 3> reads;
        for (std::size_t a = 0; a < 3; ++a) {
            const DeviceAxis<T>& ax = L.axes[a];
            reads[a] = {ax.in, ax.out, [&ax](int64_t d) { return ax.reads(d); }};
        }
        const auto pieces = splitIntoPieces(L.planes, reads, sizeof(T), limit_);

        // Tables, whole, once per launch.
        std::array<Mem, 9> tables;
        for (std::size_t a = 0; a < 3; ++a) {
            const DeviceAxis<T>& ax = L.axes[a];
            tables[3 * a] = buffer(ax.index.size() * sizeof(int64_t), ax.index.data());
            tables[3 * a + 1] = buffer(ax.weight.size() * sizeof(T), ax.weight.data());
            tables[3 * a + 2] = buffer(ax.count.size() * sizeof(int32_t), ax.count.data());
        }
        int64_t maxIn = 0, maxOut = 0;
        for (const auto& p : pieces) {
            maxIn = std::max(maxIn, p.inElements());
            maxOut = std::max(maxOut, p.outElements());
        }
        Mem inBuf = buffer(static_cast<std::size_t>(maxIn) * sizeof(T), nullptr);
        Mem outBuf = buffer(static_cast<std::size_t>(maxOut) * sizeof(T), nullptr);

        std::size_t wg = 0;
        check(clGetKernelWorkGroupInfo(kernel.get(), d_.id, CL_KERNEL_WORK_GROUP_SIZE, sizeof wg, &wg, nullptr),
              "clGetKernelWorkGroupInfo", what_);
        const std::size_t local = std::max<std::size_t>(1, std::min<std::size_t>(64, wg));

        const std::array<int64_t, 3> inDims{L.axes[0].in, L.axes[1].in, L.axes[2].in};
        const std::array<int64_t, 3> outDims{L.axes[0].out, L.axes[1].out, L.axes[2].out};
        const int64_t inPlane = inDims[0] * inDims[1] * inDims[2];
        const int64_t outPlane = outDims[0] * outDims[1] * outDims[2];
        std::vector<T> staging;
        for (const Piece& p : pieces) {
            // Input box: straight from the tensor when whole planes, else packed.
            const T* src = in + p.plane0 * inPlane;
            if (!p.whole) {
                staging.resize(static_cast<std::size_t>(p.inElements()));
                T* s = staging.data();
                for (int64_t z = 0; z < p.inSize[0]; ++z)
                    for (int64_t y = 0; y < p.inSize[1]; ++y, s += p.inSize[2])
                        std::memcpy(s, src + ((p.in0[0] + z) * inDims[1] + p.in0[1] + y) * inDims[2] + p.in0[2],
                                    static_cast<std::size_t>(p.inSize[2]) * sizeof(T));
                src = staging.data();
            }
            check(clEnqueueWriteBuffer(d_.queue, inBuf.get(), CL_TRUE, 0, static_cast<std::size_t>(p.inElements()) * sizeof(T),
                                       src, 0, nullptr, nullptr),
                  "clEnqueueWriteBuffer", what_);

            cl_uint i = 0;
            auto arg = [&](std::size_t size, const void* value) {
                check(clSetKernelArg(kernel.get(), i++, size, value), "clSetKernelArg", what_);
            };
            const cl_mem inMem = inBuf.get(), outMem = outBuf.get();
            arg(sizeof inMem, &inMem);
            arg(sizeof outMem, &outMem);
            for (std::size_t a = 0; a < 3; ++a) {
                for (std::size_t k = 0; k < 3; ++k) {
                    const cl_mem m = tables[3 * a + k].get();
                    arg(sizeof m, &m);
                }
                const cl_int taps = L.axes[a].taps;
                arg(sizeof taps, &taps);
            }
            const cl_int dims = L.dims;
            arg(sizeof dims, &dims);
            const cl_long longs[13] = {p.planes,   p.outSize[0], p.outSize[1], p.outSize[2], p.out0[0],
                                       p.out0[1],  p.out0[2],    p.inSize[0],  p.inSize[1],  p.inSize[2],
                                       p.in0[0],   p.in0[1],     p.in0[2]};
            for (const cl_long& v : longs) arg(sizeof v, &v);

            const std::size_t n = static_cast<std::size_t>(p.outElements());
            const std::size_t global = (n + local - 1) / local * local;
            if (faults_.enqueue)
                check(CL_OUT_OF_RESOURCES, "clEnqueueNDRangeKernel", what_ + " (injected by UPSAMPLE_OPENCL_FAULT=enqueue)");
            cl_event done = nullptr;
            check(clEnqueueNDRangeKernel(d_.queue, kernel.get(), 1, nullptr, &global, &local, 0, nullptr, &done),
                  "clEnqueueNDRangeKernel", what_);
            ++launches_;
            kernelNs_ += kernelNanoseconds(done);

            // Output box: straight into the tensor when whole planes, else through staging.
            T* dst = out + p.plane0 * outPlane;
            if (!p.whole) {
                staging.resize(static_cast<std::size_t>(p.outElements()));
                dst = staging.data();
            }
            if (faults_.read)
                check(CL_OUT_OF_RESOURCES, "clEnqueueReadBuffer", what_ + " (injected by UPSAMPLE_OPENCL_FAULT=read)");
            check(clEnqueueReadBuffer(d_.queue, outMem, CL_TRUE, 0, n * sizeof(T), dst, 0, nullptr, nullptr),
                  "clEnqueueReadBuffer", what_);
            if (!p.whole) {
                const T* s = staging.data();
                T* o = out + p.plane0 * outPlane;
                for (int64_t z = 0; z < p.outSize[0]; ++z)
                    for (int64_t y = 0; y < p.outSize[1]; ++y, s += p.outSize[2])
                        std::memcpy(o + ((p.out0[0] + z) * outDims[1] + p.out0[1] + y) * outDims[2] + p.out0[2], s,
                                    static_cast<std::size_t>(p.outSize[2]) * sizeof(T));
            }
        }
    }

    int launches() const { return launches_; }
    double kernelMilliseconds() const { return static_cast<double>(kernelNs_) / 1e6; }

private:
    Mem buffer(std::size_t bytes, const void* host) {
        if (faults_.alloc)
            check(CL_MEM_OBJECT_ALLOCATION_FAILURE, "clCreateBuffer", what_ + " (injected by UPSAMPLE_OPENCL_FAULT=alloc)");
        cl_int status = CL_SUCCESS;
        const cl_mem_flags flags = host ? (CL_MEM_READ_ONLY | CL_MEM_COPY_HOST_PTR) : CL_MEM_READ_WRITE;
        Mem m(clCreateBuffer(d_.context, flags, bytes, const_cast<void*>(host), &status));
        check(status, "clCreateBuffer", what_ + " (" + std::to_string(bytes) + " bytes)");
        return m;
    }

    DeviceState& d_;
    uint64_t limit_;
    Faults faults_;
    std::string what_;
    int launches_ = 0;
    uint64_t kernelNs_ = 0;

    // The device time of one launch (0 where the queue cannot profile); releases the event.
    static uint64_t kernelNanoseconds(cl_event e) {
        if (!e) return 0;
        cl_ulong start = 0, end = 0;
        uint64_t ns = 0;
        if (clWaitForEvents(1, &e) == CL_SUCCESS &&
            clGetEventProfilingInfo(e, CL_PROFILING_COMMAND_START, sizeof start, &start, nullptr) == CL_SUCCESS &&
            clGetEventProfilingInfo(e, CL_PROFILING_COMMAND_END, sizeof end, &end, nullptr) == CL_SUCCESS && end >= start)
            ns = end - start;
        clReleaseEvent(e);
        return ns;
    }
};

template <class T>
void runTyped(Runner& runner, const ResolvedSpec& s, const T* in, T* out) {
    const plan::Plan<T> p = plan::makePlan<T>(s);
    const plan::Geometry& g = p.geometry;
    const auto& t = p.tables;
    const std::string program(p.kernels->openclProgram), kernel(p.kernels->openclKernel);
    const bool window = p.mode->sampling == Sampling::Window;  // index[d] starts a window of count[d]
    if (p.kernels->openclSecondPass.empty()) {
        Launch<T> L{program, kernel, g.dims, g.planes, {}};
        for (std::size_t a = 0; a < 3; ++a) L.axes[a] = deviceAxis(t[a], window);
        runner.run(L, in, out);
        return;
    }
    // Two passes (antialias): the W pass, then the H pass, each where its axis is resampled (as the CPU).
    const bool doW = !t[2].skip, doH = !t[1].skip;
    if (!doW && !doH) {
        std::memcpy(out, in, static_cast<std::size_t>(g.planes * g.inPlane()) * sizeof(T));
        return;
    }
    Launch<T> passW{program, kernel, g.dims, g.planes,
                    {deviceAxis(t[0], false), identityAxis<T>(g.in[1]), deviceAxis(t[2], false)}};
    Launch<T> passH{program, std::string(p.kernels->openclSecondPass), g.dims, g.planes,
                    {deviceAxis(t[0], false), deviceAxis(t[1], false), identityAxis<T>(doW ? g.out[2] : g.in[2])}};
    if (doW && doH) {
        std::vector<T> tmp(static_cast<std::size_t>(g.planes * g.in[1] * g.out[2]));
        runner.run(passW, in, tmp.data());
        runner.run(passH, tmp.data(), out);
    } else if (doW) {
        runner.run(passW, in, out);
    } else {
        runner.run(passH, in, out);
    }
}

uint64_t envPieceLimit() {
    const char* env = std::getenv("UPSAMPLE_OPENCL_MAX_ALLOC");
    if (!env || !*env) return 0;
    char* end = nullptr;
    const unsigned long long v = std::strtoull(env, &end, 10);
    if (*end != '\0' || v == 0) throw OpenCLError(std::string("UPSAMPLE_OPENCL_MAX_ALLOC='") + env + "' is not a byte count");
    return v;
}

}  // namespace
}  // namespace opencl

OpenCLBackend::OpenCLBackend(int device) {
    const int index = chooseOpenCLDevice(device);
    info_ = listOpenCLDevices().devices.at(static_cast<std::size_t>(index));
    if (opencl::injectedFaults().noFp64) info_.fp64 = false;
}

std::string OpenCLBackend::description() const { return "opencl: " + info_.name; }

bool OpenCLBackend::supports(DType dtype) const { return dtype == DType::Float32 || info_.fp64; }

void OpenCLBackend::run(const ResolvedSpec& spec, const Tensor& in, Tensor& out) {
    if (out.shape() != spec.outputShape || out.dtype() != in.dtype() || in.shape() != spec.inputShape)
        throw InternalError("OpenCLBackend::run: tensor shapes do not match the resolved spec");
    lastLaunches_ = 0;
    lastKernelMs_ = 0;
    if (out.empty()) return;
    if (!supports(in.dtype()))
        throw OpenCLError("OpenCL device '" + info_.name + "' has no float64 support (cl_khr_fp64)");
    opencl::DeviceState& d = opencl::Runtime::instance().open(info_.index);
    uint64_t limit = pieceLimit_ ? pieceLimit_ : opencl::envPieceLimit();
    if (limit == 0) limit = std::min<uint64_t>(info_.maxAllocation, info_.globalMemory / 4);
    opencl::Runner runner(d, std::max<uint64_t>(limit, 1));
    try {
        if (in.dtype() == DType::Float64) opencl::runTyped<double>(runner, spec, in.data<double>(), out.data<double>());
        else opencl::runTyped<float>(runner, spec, in.data<float>(), out.data<float>());
    } catch (...) {
        lastLaunches_ = runner.launches();
        throw;
    }
    lastLaunches_ = runner.launches();
    lastKernelMs_ = runner.kernelMilliseconds();
}

}  // namespace upsample
