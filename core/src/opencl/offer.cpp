// The OpenCL backend's answer to the registry (backends/): an OpenCL GPU or accelerator when one
// is usable; an OpenCL CPU device when chosen (device index or UPSAMPLE_OPENCL_DEVICE), or for a
// mode its calibration measured faster than the native CPU backend on the same cores
// (kOpenCLCalibrationRule; `upsample-cli devices --calibrate`). Built with and without OpenCL
// (without, the backend's constructor says why it cannot run).
#include "backends/registry.hpp"
#include "cpu/reduced_float.hpp"

#include "upsample/fixed_point.hpp"
#include "upsample/opencl.hpp"

#include <cstdio>
#include <cstdlib>

namespace upsample::opencl {

namespace {
// auto and an OpenCL CPU device: the measured ratio for the spec's mode, when calibrated.
std::optional<double> measuredRatio(const std::string& device, const ResolvedSpec& spec) {
    const auto c = readOpenCLCalibration(device);
    if (!c) return std::nullopt;
    const auto it = c->ratio.find(openclCalibrationKey(spec));
    if (it == c->ratio.end()) return std::nullopt;
    return it->second;
}

std::string ratioText(double ratio) {
    char text[32];
    std::snprintf(text, sizeof text, "%.2fx", ratio);
    return text;
}

std::string cpuDeviceReason(const std::string& device, const ResolvedSpec& spec, std::optional<double> ratio, DType dtype) {
    const std::string head = "auto: the only OpenCL device, '" + device + "', is a CPU device; ";
    if (dtype == DType::Float16 || dtype == DType::BFloat16)  // calibrated on float32; these kernels are slower
        return head + "the native CPU backend computes " + std::string(dtypeName(dtype)) +
               " (the calibration times float32, and the device's 16-bit kernels are written for exactness)";
    if (!ratio)
        return head + "the native CPU backend computes the same numbers on the same cores (not calibrated: "
                      "upsample-cli devices --calibrate measures both)";
    return head + "it measured " + ratioText(*ratio) + " the native CPU backend's time for " + openclCalibrationKey(spec) +
           " (upsample-cli devices --calibrate), so the native CPU backend computes";
}
}  // namespace

// float16 / bfloat16 specs the device kernels compute (reduced_opencl.hpp): all that the CPU's
// reduced_float.cpp computes itself, and the float kernel's gather and 1-D / 2-D area; not
// PyTorch's channels-last trilinear kernel (the newer version takes it with C > 3 on a 1x1x1
// input), which the CPU computes with the float32 tap kernel's order.
bool reducedOnDevice(const ResolvedSpec& spec) {
    if (spec.antialias) return false;
    return cpu::reducedPath(spec) != cpu::ReducedPath::FloatKernel || describe(spec.mode).sampling != Sampling::Taps;
}

namespace {
std::string refusalOf(const ResolvedSpec& spec, DType dtype) {
    if (dtype == DType::UInt8) return "OpenCL computes uint8 in bilinear and bicubic only";
    if (dtype == DType::Float16 || dtype == DType::BFloat16)
        return "OpenCL computes float16 and bfloat16 in every mode but PyTorch's channels-last " +
               std::string(modeName(spec.mode)) + " kernel";
    return "OpenCL computes float32, float64, float16, bfloat16 and uint8 only";
}
}  // namespace

backends::Offer assess(const ResolvedSpec& spec, DType dtype, const RunOptions& options) {
    // float kernels, uint8 in fixed point (bilinear and bicubic), float16 / bfloat16 (reduced.cl)
    const bool uint8Fixed = dtype == DType::UInt8 && fixedpoint::takesFixedPoint(spec);
    const bool reduced = (dtype == DType::Float16 || dtype == DType::BFloat16) && reducedOnDevice(spec);
    if (dtype != DType::Float32 && dtype != DType::Float64 && !uint8Fixed && !reduced) {
        backends::Offer o;
        o.choice = RunChoice::Fallback;
        o.reason = refusalOf(spec, dtype);
        if (options.backend == BackendKind::OpenCL) o.notice = o.reason + "; " + std::string(dtypeName(dtype)) + " computed on the CPU";
        return o;
    }
    const bool requested = options.backend == BackendKind::OpenCL;
    const bool deviceChosen = options.device >= 0 || std::getenv("UPSAMPLE_OPENCL_DEVICE") != nullptr;
    backends::Offer o;
    // auto on a machine with no usable OpenCL device, or whose only one is a CPU device: decided
    // from the cached device list (probeOpenCL) and the device's calibration, without loading the
    // driver on every run.
    std::optional<double> measured;  // the CPU device's calibration for this mode (float32; none for 16-bit floats)
    const bool reduced16 = dtype == DType::Float16 || dtype == DType::BFloat16;
    if (!requested && !deviceChosen && !std::getenv("UPSAMPLE_OPENCL_FAULT")) {
        const OpenCLProbe probe = probeOpenCL();
        const auto& inv = probe.inventory;
        if (inv.defaultDevice < 0) {
            // No OpenCL platform or no usable device, the usual machine without a driver: the
            // CPU computes, said by --verbose (the reason) and the studio's About, not per run.
            o.choice = RunChoice::Fallback;
            o.reason = "auto: OpenCL unavailable (" + (inv.problem.empty() ? std::string("no usable OpenCL device") : inv.problem) + ")";
            return o;
        }
        if (inv.devices[static_cast<std::size_t>(inv.defaultDevice)].type == "CPU") {
            const OpenCLDeviceInfo& d = inv.devices[static_cast<std::size_t>(inv.defaultDevice)];
            if (!reduced16) measured = measuredRatio(d.name, spec);
            if (!measured || *measured > kOpenCLCalibrationRule) {
                o.device = d.name;
                o.deviceType = d.type;
                o.choice = RunChoice::CpuDeviceOnly;
                o.reason = cpuDeviceReason(d.name, spec, measured, dtype);
                return o;
            }
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
    const bool calibrated = measured && *measured <= kOpenCLCalibrationRule;
    if (!requested && !deviceChosen && ocl->device().type == "CPU" && !calibrated) {
        o.choice = RunChoice::CpuDeviceOnly;
        o.reason = cpuDeviceReason(ocl->device().name, spec, measuredRatio(ocl->device().name, spec), dtype);
        return o;
    }
    if (!ocl->supports(dtype)) {
        o.notice = "OpenCL device '" + ocl->device().name + "' has no float64 support (cl_khr_fp64); computed on the CPU";
        return o;
    }
    o.choice = requested ? RunChoice::Requested : RunChoice::Preferred;
    o.reason = requested ? "opencl as requested"
               : calibrated ? "auto: OpenCL CPU device '" + ocl->device().name + "', measured " + ratioText(*measured) +
                                  " the native CPU backend's time for " + openclCalibrationKey(spec) +
                                  " (upsample-cli devices --calibrate)"
                            : "auto: OpenCL " + ocl->device().type + " device";
    o.score = backends::kScoreAccelerator;
    o.recoverable = ErrorKind::OpenCL;
    o.label = "OpenCL";
    o.backend = std::move(ocl);
    return o;
}

}  // namespace upsample::opencl
