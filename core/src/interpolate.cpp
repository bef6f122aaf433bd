// interpolate(): resolve, cap, pick a backend, compute, report.
#include "upsample/backend.hpp"
#include "upsample/error.hpp"
#include "upsample/opencl.hpp"

#include <chrono>
#include <cstdlib>
#include <optional>

namespace upsample {

std::string_view backendKindName(BackendKind k) {
    switch (k) {
    case BackendKind::Auto: return "auto";
    case BackendKind::Cpu: return "cpu";
    case BackendKind::OpenCL: return "opencl";
    }
    return "auto";
}

std::optional<BackendKind> backendKindFromName(std::string_view name) {
    for (BackendKind k : {BackendKind::Auto, BackendKind::Cpu, BackendKind::OpenCL})
        if (backendKindName(k) == name) return k;
    return std::nullopt;
}

void checkRunBytes(const ResolvedSpec& spec, DType dtype, uint64_t maxBytes) {
    checkByteCap("the output " + formatShape(spec.outputShape) + " " + std::string(dtypeName(dtype)),
                 shapeBytes(spec.outputShape, dtype), maxBytes);
    if (spec.antialias && spec.spatialDims == 2) {  // both backends resample W first, then H
        const Shape pass = {spec.inputShape[0], spec.inputShape[1], spec.inSize(0), spec.outSize(1)};
        checkByteCap("the antialias pass " + formatShape(pass) + " " + std::string(dtypeName(dtype)),
                     shapeBytes(pass, dtype), maxBytes);
    }
}

Tensor interpolate(const Tensor& input, const Spec& spec, const RunOptions& options, RunReport* report) {
    return interpolate(input, resolve(spec, input.shape()), options, report);
}

Tensor interpolate(const Tensor& input, const ResolvedSpec& spec, const RunOptions& options, RunReport* report) {
    checkRunBytes(spec, input.dtype(), options.maxBytes);
    Tensor out(spec.outputShape, input.dtype());
    const auto t0 = std::chrono::steady_clock::now();
    RunReport local;
    bool done = false;
    if (options.backend != BackendKind::Cpu) {
        const bool explicitOpenCL = options.backend == BackendKind::OpenCL;
        const bool deviceChosen = options.device >= 0 || std::getenv("UPSAMPLE_OPENCL_DEVICE") != nullptr;
        std::optional<OpenCLBackend> ocl;
        try {
            ocl.emplace(options.device);
        } catch (const OpenCLError& e) {
            if (explicitOpenCL) throw;
            local.notices.push_back(std::string("OpenCL unavailable: ") + e.what() + "; computed on the CPU");
        }
        if (ocl && !explicitOpenCL && !deviceChosen && ocl->device().type == "CPU") {
            local.reason = "auto: the only OpenCL device, '" + ocl->device().name +
                           "', is a CPU device; the native CPU backend computes the same numbers faster";
        } else if (ocl && !ocl->supports(input.dtype())) {
            local.notices.push_back("OpenCL device '" + ocl->device().name +
                                    "' has no float64 support (cl_khr_fp64); computed on the CPU");
        } else if (ocl) {
            try {
                ocl->run(spec, input, out);
                local.ran = BackendKind::OpenCL;
                local.backend = ocl->description();
                local.kernelMilliseconds = ocl->lastKernelMilliseconds();
                local.reason = explicitOpenCL ? "--backend opencl" : "auto: OpenCL " + ocl->device().type + " device";
                done = true;
            } catch (const OpenCLError& e) {
                if (explicitOpenCL) throw;
                local.notices.push_back(std::string("OpenCL failed: ") + e.what() + "; computed on the CPU");
            }
        }
    }
    if (!done) {
        CpuBackend cpu(options.threads);
        cpu.run(spec, input, out);
        local.ran = BackendKind::Cpu;
        local.backend = cpu.description();
        if (local.reason.empty()) local.reason = options.backend == BackendKind::Cpu ? "--backend cpu" : "auto: no usable OpenCL device";
    }
    local.milliseconds = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t0).count();
    if (report) *report = std::move(local);
    return out;
}

}  // namespace upsample
