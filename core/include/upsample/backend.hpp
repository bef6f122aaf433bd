// Running a resolved spec on a tensor. A Backend computes; interpolate() resolves a Spec,
// checks the size cap, picks a backend and reports which one ran and why.
#pragma once

#include "upsample/spec.hpp"
#include "upsample/tensor.hpp"

#include <atomic>
#include <chrono>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

namespace upsample {

enum class BackendKind { Auto, Cpu, OpenCL };
std::string_view backendKindName(BackendKind k);  // "auto", "cpu", "opencl"
std::optional<BackendKind> backendKindFromName(std::string_view name);

// Fraction of a run done, in [0, 1]. See RunOptions::progress.
using ProgressCallback = std::function<void(double fraction)>;

// A cancellation flag shared between the code that asks for a stop and a run. Copies share it.
class CancelToken {
public:
    CancelToken() : flag_(std::make_shared<std::atomic<bool>>(false)) {}
    void cancel() const noexcept { flag_->store(true, std::memory_order_release); }
    bool cancelled() const noexcept { return flag_->load(std::memory_order_acquire); }

private:
    std::shared_ptr<std::atomic<bool>> flag_;
};

// The progress and cancellation of one run as the backends see it; interpolate() makes one from
// RunOptions. Safe to use from several threads at once. report() forwards a fraction to the
// callback only when it is larger than the last one forwarded and at least 1/30 s after it (so the
// callback runs at most ~30 times a second, never on two threads at once); finish() forwards 1.0.
class RunControl {
public:
    RunControl() = default;
    RunControl(ProgressCallback progress, std::optional<CancelToken> cancel)
        : progress_(std::move(progress)), cancel_(std::move(cancel)) {}
    RunControl(const RunControl&) = delete;
    RunControl& operator=(const RunControl&) = delete;

    // Progress or cancellation asked for: backends then check and report as they go.
    bool active() const noexcept { return progress_ || cancel_; }
    bool cancelled() const noexcept { return cancel_ && cancel_->cancelled(); }
    // Throws CancelledError once the token is set.
    void throwIfCancelled() const;
    void report(double fraction);
    void finish();

private:
    ProgressCallback progress_;
    std::optional<CancelToken> cancel_;
    std::mutex mutex_;
    double last_ = -1;
    std::atomic<int64_t> nextNs_{0};  // steady-clock time before which report() forwards nothing
};

class Backend {
public:
    virtual ~Backend() = default;
    // "cpu (2 threads)", "opencl: <device name>"
    virtual std::string description() const = 0;
    // out has spec.outputShape and in's dtype; throws on failure. With a control, checks it
    // between rows or pieces and throws CancelledError once it is cancelled (out is then partly
    // written), and reports progress through it (never finish(): interpolate() does).
    virtual void run(const ResolvedSpec& spec, const Tensor& in, Tensor& out, RunControl* control) = 0;
    void run(const ResolvedSpec& spec, const Tensor& in, Tensor& out) { run(spec, in, out, nullptr); }
    // Device time of the last run's kernels alone, or -1 where the backend does not measure it.
    virtual double kernelMilliseconds() const { return -1; }
};

class CpuBackend : public Backend {
public:
    explicit CpuBackend(int threads = 0);  // 0: one per hardware thread
    std::string description() const override;
    using Backend::run;
    void run(const ResolvedSpec& spec, const Tensor& in, Tensor& out, RunControl* control) override;
    int threads() const { return threads_; }

private:
    int threads_;
};

struct RunOptions {
    BackendKind backend = BackendKind::Auto;
    int threads = 0;                    // CPU threads, 0: one per hardware thread
    int device = -1;                    // OpenCL device index, -1: default choice
    uint64_t maxBytes = uint64_t{4} << 30;  // refuse outputs larger than this, before allocating
    // Called with the fraction done, from the thread that called interpolate() or one of its
    // workers (never two at once), at most ~30 times a second, increasing, the last call 1.0 on
    // success. Empty: no reports.
    ProgressCallback progress = nullptr;
    // Set from any thread to stop the run: interpolate() then throws CancelledError promptly
    // (it checks between output rows on the CPU, between pieces on OpenCL) and frees what it
    // allocated. Empty: the run cannot be cancelled.
    std::optional<CancelToken> cancel = std::nullopt;
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
