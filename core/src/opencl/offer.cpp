// The OpenCL backend's answer to the registry (backends/): an OpenCL GPU or accelerator when one
// is usable; an OpenCL CPU device only when chosen (device index or UPSAMPLE_OPENCL_DEVICE),
// since the native CPU backend computes the same numbers faster on the same cores. Built with
// and without OpenCL (without, the backend's constructor says why it cannot run).
#include "backends/registry.hpp"

#include "upsample/opencl.hpp"

#include <cstdlib>

namespace upsample::opencl {

namespace {
std::string cpuDeviceReason(const std::string& device) {
    return "auto: the only OpenCL device, '" + device + "', is a CPU device; the native CPU backend computes the same numbers faster";
}
}  // namespace

backends::Offer assess(const ResolvedSpec&, DType dtype, const RunOptions& options) {
    if (dtype != DType::Float32 && dtype != DType::Float64) {  // the kernels are float only
        backends::Offer o;
        o.choice = RunChoice::Fallback;
        o.reason = "OpenCL computes float32 and float64 only";
        if (options.backend == BackendKind::OpenCL) o.notice = o.reason + "; " + std::string(dtypeName(dtype)) + " computed on the CPU";
        return o;
    }
    const bool requested = options.backend == BackendKind::OpenCL;
    const bool deviceChosen = options.device >= 0 || std::getenv("UPSAMPLE_OPENCL_DEVICE") != nullptr;
    backends::Offer o;
    // auto on a machine whose only OpenCL device is a CPU device: decided from the cached device
    // list (probeOpenCL), without loading the driver on every run.
    if (!requested && !deviceChosen && !std::getenv("UPSAMPLE_OPENCL_FAULT")) {
        const OpenCLProbe probe = probeOpenCL();
        const auto& inv = probe.inventory;
        if (inv.defaultDevice >= 0 && inv.devices[static_cast<std::size_t>(inv.defaultDevice)].type == "CPU") {
            const OpenCLDeviceInfo& d = inv.devices[static_cast<std::size_t>(inv.defaultDevice)];
            o.device = d.name;
            o.deviceType = d.type;
            o.choice = RunChoice::CpuDeviceOnly;
            o.reason = cpuDeviceReason(d.name);
            return o;
        }
    }
    std::unique_ptr<OpenCLBackend> ocl;
    try {
        ocl = std::make_unique<OpenCLBackend>(options.device);
    } catch (const OpenCLError& e) {
        if (requested) throw;
        o.notice = std::string("OpenCL unavailable: ") + e.what() + "; computed on the CPU";
        return o;
    }
    o.device = ocl->device().name;
    o.deviceType = ocl->device().type;
    if (!requested && !deviceChosen && ocl->device().type == "CPU") {
        o.choice = RunChoice::CpuDeviceOnly;
        o.reason = cpuDeviceReason(ocl->device().name);
        return o;
    }
    if (!ocl->supports(dtype)) {
        o.notice = "OpenCL device '" + ocl->device().name + "' has no float64 support (cl_khr_fp64); computed on the CPU";
        return o;
    }
    o.choice = requested ? RunChoice::Requested : RunChoice::Preferred;
    o.reason = requested ? "opencl as requested" : "auto: OpenCL " + ocl->device().type + " device";
    o.score = backends::kScoreAccelerator;
    o.recoverable = ErrorKind::OpenCL;
    o.label = "OpenCL";
    o.backend = std::move(ocl);
    return o;
}

}  // namespace upsample::opencl
