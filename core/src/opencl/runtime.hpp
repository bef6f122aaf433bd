// The process's OpenCL state: platforms and devices found once, one context and queue per
// device in use, and the program cache keyed by (context, device, program, build options),
// with an optional binary cache on disk. Thread-safe; never destroyed (drivers may be gone by
// the time static destructors run).
#pragma once

#define CL_TARGET_OPENCL_VERSION 120
#include <CL/cl.h>

#include "upsample/opencl.hpp"

#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <tuple>
#include <vector>

namespace upsample::opencl {

// Faults injected through UPSAMPLE_OPENCL_FAULT (read at every run).
struct Faults {
    bool build = false, alloc = false, enqueue = false, read = false, noDevice = false, noFp64 = false;
};
Faults injectedFaults();

// Throws OpenCLError "<what>: <call> failed with CL_... (-N)" unless status is CL_SUCCESS.
void check(cl_int status, const char* call, const std::string& what);

// A handle released by its clRelease* function.
template <class H, cl_int (*Release)(H)>
class Handle {
public:
    Handle() = default;
    explicit Handle(H h) : h_(h) {}
    Handle(const Handle&) = delete;
    Handle& operator=(const Handle&) = delete;
    Handle(Handle&& o) noexcept : h_(o.h_) { o.h_ = nullptr; }
    Handle& operator=(Handle&& o) noexcept {
        if (this != &o) {
            reset();
            h_ = o.h_;
            o.h_ = nullptr;
        }
        return *this;
    }
    ~Handle() { reset(); }
    void reset() {
        if (h_) Release(h_);
        h_ = nullptr;
    }
    H get() const { return h_; }
    H release() {  // gives up ownership
        H h = h_;
        h_ = nullptr;
        return h;
    }
    explicit operator bool() const { return h_ != nullptr; }

private:
    H h_ = nullptr;
};
using Mem = Handle<cl_mem, clReleaseMemObject>;
using Kernel = Handle<cl_kernel, clReleaseKernel>;
using Program = Handle<cl_program, clReleaseProgram>;

struct DeviceState {
    OpenCLDeviceInfo info;
    cl_platform_id platform = nullptr;
    cl_device_id id = nullptr;
    bool correctlyRoundedDivide = false;  // CL_FP_CORRECTLY_ROUNDED_DIVIDE_SQRT for float
    cl_context context = nullptr;         // created on first use
    cl_command_queue queue = nullptr;
};

class Runtime {
public:
    static Runtime& instance();

    OpenCLInventory inventory();
    // The device with its context and queue (created on first use). Throws OpenCLError.
    DeviceState& open(int index);
    // The built program `name` ("linear": common.cl + taps.cl + linear.cl) for T = float or
    // double on the device (a new reference). Throws OpenCLError with the build log when the
    // build fails.
    Program program(DeviceState& device, const std::string& name, bool fp64);

    OpenCLCacheStats stats();
    void clearPrograms();

private:
    Runtime() = default;
    void discover();  // under mutex_

    std::mutex mutex_;
    bool discovered_ = false;
    OpenCLInventory inventory_;
    std::vector<std::unique_ptr<DeviceState>> devices_;
    std::map<std::tuple<cl_context, cl_device_id, std::string, std::string>, cl_program> programs_;
    OpenCLCacheStats stats_;
};

// The source of program `name`: its parts with #line markers; throws for an unknown name.
std::string programSource(const std::string& name);

}  // namespace upsample::opencl
