// Running a resolved spec on a tensor. A Backend computes; interpolate() resolves a Spec,
// checks the size cap, picks a backend and reports which one ran and why.
#pragma once

#include "upsample/spec.hpp"
#include "upsample/tensor.hpp"

#include <memory>
#include <string>
#include <vector>

namespace upsample {

enum class BackendKind { Auto, Cpu, OpenCL };
std::string_view backendKindName(BackendKind k);  // "auto", "cpu", "opencl"
std::optional<BackendKind> backendKindFromName(std::string_view name);

class Backend {
public:
    virtual ~Backend() = default;
    // "cpu (2 threads)", "opencl: <device name>"
    virtual std::string description() const = 0;
    // out has spec.outputShape and in's dtype; throws on failure.
    virtual void run(const ResolvedSpec& spec, const Tensor& in, Tensor& out) = 0;
    // Device time of the last run's kernels alone, or -1 where the backend does not measure it.
    virtual double kernelMilliseconds() const { return -1; }
};

class CpuBackend : public Backend {
public:
    explicit CpuBackend(int threads = 0);  // 0: one per hardware thread
    std::string description() const override;
    void run(const ResolvedSpec& spec, const Tensor& in, Tensor& out) override;
    int threads() const { return threads_; }

private:
    int threads_;
};

struct RunOptions {
    BackendKind backend = BackendKind::Auto;
    int threads = 0;                    // CPU threads, 0: one per hardware thread
    int device = -1;                    // OpenCL device index, -1: default choice
    uint64_t maxBytes = uint64_t{4} << 30;  // refuse outputs larger than this, before allocating
};

// Why the backend that ran was chosen.
enum class RunChoice {
    Requested,       // RunOptions::backend named it
    Preferred,       // auto: the best-scoring backend that could run the spec
    CpuDeviceOnly,   // auto: the only OpenCL device is a CPU device, and the native CPU backend is faster
    Fallback,        // auto (or a request that could not run): nothing better was usable
};

struct RunReport {
    BackendKind ran = BackendKind::Cpu;
    std::string backend;                // description() of the backend that ran
    std::vector<std::string> notices;   // one line each, e.g. "OpenCL unavailable: ...; computed on the CPU"
    RunChoice choice = RunChoice::Fallback;
    std::string device, deviceType;     // the OpenCL device behind the choice, where one is ("GPU", "CPU")
    // Why this backend ran, in the core's words, e.g. "auto: OpenCL GPU device"; the CLI and the
    // studio phrase a Requested choice in their own terms ("--backend opencl").
    std::string reason;
    double milliseconds = 0;            // the whole call (with transfers for OpenCL)
    double kernelMilliseconds = -1;     // OpenCL: device time of the kernels alone; -1 on the CPU
};

// Throws TooLargeError (with the size) when what a run of spec in dtype allocates is over
// maxBytes: the output, and for antialias the (N, C, H_in, W_out) result of its first pass.
// interpolate() checks it before it allocates anything.
void checkRunBytes(const ResolvedSpec& spec, DType dtype, uint64_t maxBytes);

// F.interpolate(input, spec): resolve, check the cap, compute. Backend choice:
//  * cpu: the native CPU backend;
//  * opencl: the OpenCL device (--device / UPSAMPLE_OPENCL_DEVICE / the default), or an error;
//  * auto: an OpenCL GPU or accelerator when one is usable; an OpenCL CPU device only when it
//    was chosen explicitly (device index or UPSAMPLE_OPENCL_DEVICE), since the native CPU
//    backend computes the same numbers faster on the same cores; else the CPU, with a notice
//    when OpenCL failed or is missing. Any OpenCL fault in auto falls back to the CPU.
// Throws SpecError,
// TooLargeError or (for an explicit OpenCL request that cannot run) an OpenCL error.
Tensor interpolate(const Tensor& input, const Spec& spec, const RunOptions& options = {}, RunReport* report = nullptr);
// The same with a spec resolved already.
Tensor interpolate(const Tensor& input, const ResolvedSpec& spec, const RunOptions& options = {},
                   RunReport* report = nullptr);

}  // namespace upsample
