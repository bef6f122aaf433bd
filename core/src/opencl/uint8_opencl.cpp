// uint8 bilinear and bicubic on an OpenCL device: the tables of fixed_point.hpp uploaded as
// 32-bit windows and int16 weights, one launch per resampled axis (W, then H, as the CPU), the
// intermediate kept on the device. Integer sums: the same bytes as the CPU backend.
#include "uint8_opencl.hpp"

#include "upsample/error.hpp"
#include "upsample/fixed_point.hpp"

#include <cstring>
#include <limits>
#include <vector>

namespace upsample::opencl {

namespace {
using fixedpoint::AxisFilter;

class Launcher {
public:
    Launcher(DeviceState& d) : d_(d), what_("OpenCL device '" + d.info.name + "'") {}

    Mem buffer(cl_mem_flags flags, std::size_t bytes, const void* host = nullptr) {
        if (bytes > d_.info.maxAllocation)
            throw OpenCLError(what_ + ": a uint8 buffer of " + std::to_string(bytes) + " bytes is over its largest allocation");
        cl_int status = CL_SUCCESS;
        Mem m(clCreateBuffer(d_.context, flags | (host ? CL_MEM_COPY_HOST_PTR : 0), std::max<std::size_t>(bytes, 1),
                             const_cast<void*>(host), &status));
        check(status, "clCreateBuffer", what_);
        return m;
    }

    // The axis's windows and weights on the device: start, count (int32) and the int16 weights.
    std::array<Mem, 3> tables(const AxisFilter& f) {
        std::vector<cl_int> start(f.start.begin(), f.start.end()), count(f.count.begin(), f.count.end());
        return {buffer(CL_MEM_READ_ONLY, start.size() * sizeof(cl_int), start.data()),
                buffer(CL_MEM_READ_ONLY, count.size() * sizeof(cl_int), count.data()),
                buffer(CL_MEM_READ_ONLY, f.fixed.size() * sizeof(int16_t), f.fixed.data())};
    }

    // Sets the arguments in order and runs the kernel over (columns, rows).
    template <class... A>
    void launch(cl_kernel k, std::size_t columns, std::size_t rows, const A&... args) {
        cl_uint i = 0;
        (check(clSetKernelArg(k, i++, sizeof(A), &args), "clSetKernelArg", what_), ...);
        const std::size_t global[2] = {columns, rows};
        check(clEnqueueNDRangeKernel(d_.queue, k, 2, nullptr, global, nullptr, 0, nullptr, nullptr),
              "clEnqueueNDRangeKernel", what_);
    }

    const std::string& what() const { return what_; }

private:
    DeviceState& d_;
    std::string what_;
};

cl_int narrow(int64_t v, const std::string& what) {
    if (v > std::numeric_limits<cl_int>::max())
        throw OpenCLError(what + ": the uint8 kernels index rows and columns in 32 bits");
    return static_cast<cl_int>(v);
}
}  // namespace

void runUint8FixedPoint(DeviceState& d, const ResolvedSpec& spec, const Tensor& in, Tensor& out) {
    const fixedpoint::Filters f = fixedpoint::filtersOf(spec);
    const int64_t planes = spec.planes();
    const int64_t inH = spec.inSize(0), inW = spec.inSize(1), outH = spec.outSize(0), outW = spec.outSize(1);
    const bool resizeW = inW != outW, resizeH = inH != outH;
    if (!resizeW && !resizeH) {
        std::memcpy(out.raw(), in.raw(), in.nbytes());
        return;
    }
    Launcher L(d);
    const std::string& what = L.what();
    const cl_int rowsW = narrow(planes * inH, what), rowsH = narrow(planes * outH, what);
    Program program = Runtime::instance().program(d, "uint8_fixed", false);
    std::lock_guard lock(d.session.mutex);
    Mem src = L.buffer(CL_MEM_READ_ONLY, in.nbytes(), in.raw());
    Mem between, dst = L.buffer(CL_MEM_WRITE_ONLY, out.nbytes());
    cl_mem hIn = src.get();
    std::array<Mem, 3> tw, th;
    if (resizeW) {
        tw = L.tables(f.w);
        if (resizeH) between = L.buffer(CL_MEM_READ_WRITE, static_cast<std::size_t>(planes * inH * outW));
        const cl_mem wOut = resizeH ? between.get() : dst.get();
        const cl_kernel k = Runtime::instance().kernel(d, program.get(), "uint8_w");
        L.launch(k, static_cast<std::size_t>(outW), static_cast<std::size_t>(rowsW), hIn, wOut, tw[0].get(), tw[1].get(),
                 tw[2].get(), cl_int(f.w.taps), cl_int(f.w.precision), narrow(inW, what), narrow(outW, what), rowsW);
        hIn = wOut;
    }
    if (resizeH) {
        th = L.tables(f.h);
        const cl_mem hOut = dst.get();
        const cl_kernel k = Runtime::instance().kernel(d, program.get(), "uint8_h");
        L.launch(k, static_cast<std::size_t>(outW), static_cast<std::size_t>(rowsH), hIn, hOut, th[0].get(), th[1].get(),
                 th[2].get(), cl_int(f.h.taps), cl_int(f.h.precision), narrow(inH, what), narrow(outH, what),
                 narrow(outW, what), rowsH, cl_int(fixedpoint::repeatsFirstRow(spec) ? 1 : 0));
    }
    check(clEnqueueReadBuffer(d.queue, dst.get(), CL_TRUE, 0, out.nbytes(), out.raw(), 0, nullptr, nullptr),
          "clEnqueueReadBuffer", what);
}

}  // namespace upsample::opencl
