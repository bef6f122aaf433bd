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

// Waits for a launch's event and releases it: returns the wait's status and sets ns to the
// kernel's run time from the profiling counters (0 where the device gives none).
cl_int finishEvent(cl_event e, uint64_t& ns);

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

// One table axis on the device (tap-major 32-bit indices, weights, tap counts), uploaded once and
// kept while specs with the same table come back.
struct DeviceAxisTables {
    Handle<cl_mem, clReleaseMemObject> index, weight, count;
};

// What lives on a device across calls: the kernels of the built programs, the tap tables of
// recent specs, and (on devices that do not share host memory) the input and output buffers.
struct Session {
    std::mutex mutex;  // one run at a time per device (kernel arguments are per kernel object)
    std::map<std::pair<cl_program, std::string>, cl_kernel> kernels;
    // Tables by content (a hash of the bytes plus the bytes' size), least recently used last.
    std::vector<std::pair<std::string, std::shared_ptr<DeviceAxisTables>>> tables;
    Handle<cl_mem, clReleaseMemObject> in, out;  // non-shared memory only
    std::size_t inBytes = 0, outBytes = 0;
};

struct DeviceState {
    OpenCLDeviceInfo info;
    cl_platform_id platform = nullptr;
    cl_device_id id = nullptr;
    bool correctlyRoundedDivide = false;  // CL_FP_CORRECTLY_ROUNDED_DIVIDE_SQRT for float
    cl_context context = nullptr;         // created on first use
    cl_command_queue queue = nullptr;
    // Properties the launches are shaped by (read on first use).
    bool hostUnified = false;           // a CPU device or CL_DEVICE_HOST_UNIFIED_MEMORY: buffers wrap host memory
    std::size_t maxWorkGroup = 1;       // CL_DEVICE_MAX_WORK_GROUP_SIZE
    std::size_t maxItems[3] = {1, 1, 1};  // CL_DEVICE_MAX_WORK_ITEM_SIZES
    cl_uint computeUnits = 1;
    Session session;
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
    // options: further build options (-DVEC=4 ...), part of the cache key.
    Program program(DeviceState& device, const std::string& name, bool fp64, const std::string& options = {});
    // The kernel `kernel` of a built program, created once per program and kept in the device's
    // session (not a new reference: the session owns it). Call with the session's mutex held.
    cl_kernel kernel(DeviceState& device, cl_program program, const std::string& kernel);
    void countTableUpload(bool hit);

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
// The helper files program `name` pulls in (its "// needs: " lines).
std::vector<std::string> programParts(const std::string& name);
// Whether program `program` declares CPU-device form `form` for `kernel`: a line
// "// cpu form: <kernel> <FORM>" in its .cl file. The backend sets a form's build options only
// where the program says it has that form, never by matching program or kernel names.
bool programHasForm(const std::string& program, const std::string& kernel, const std::string& form);

}  // namespace upsample::opencl
