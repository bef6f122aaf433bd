// interpolate(): resolve, cap, pick a backend, compute, report.
#include "backends/registry.hpp"

#include "upsample/backend.hpp"
#include "upsample/error.hpp"
#include "upsample/fixed_point.hpp"

#include <chrono>
#include <algorithm>
#include <optional>
#include <vector>

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

void RunControl::throwIfCancelled() const {
    if (cancelled()) throw CancelledError();
}

void RunControl::report(double fraction) {
    if (!progress_) return;
    const int64_t now = std::chrono::duration_cast<std::chrono::nanoseconds>(
                            std::chrono::steady_clock::now().time_since_epoch()).count();
    if (now < nextNs_.load(std::memory_order_relaxed)) return;
    std::unique_lock lock(mutex_, std::try_to_lock);
    if (!lock.owns_lock()) return;  // another thread is reporting
    fraction = std::clamp(fraction, 0.0, 1.0);
    if (fraction <= last_ || now < nextNs_.load(std::memory_order_relaxed)) return;
    constexpr int64_t kIntervalNs = 1'000'000'000 / 30;
    nextNs_.store(now + kIntervalNs, std::memory_order_relaxed);
    last_ = fraction;
    progress_(fraction);
}

void RunControl::finish() {
    if (!progress_) return;
    std::lock_guard lock(mutex_);
    if (last_ >= 1.0) return;
    last_ = 1.0;
    progress_(1.0);
}

void checkRunBytes(const ResolvedSpec& spec, DType dtype, uint64_t maxBytes) {
    checkByteCap("the output " + formatShape(spec.outputShape) + " " + std::string(dtypeName(dtype)),
                 shapeBytes(spec.outputShape, dtype), maxBytes);
    if (spec.antialias && spec.spatialDims == 2) {  // both backends resample W first, then H
        const Shape pass = {spec.inputShape[0], spec.inputShape[1], spec.inSize(0), spec.outSize(1)};
        checkByteCap("the antialias pass " + formatShape(pass) + " " + std::string(dtypeName(dtype)),
                     shapeBytes(pass, dtype), maxBytes);
    } else if (dtype == DType::UInt8 && fixedpoint::takesFixedPoint(spec)) {  // uint8: W first, into a buffer
        const Shape pass = {spec.inputShape[0], spec.inputShape[1], spec.inSize(0), spec.outSize(1)};
        checkByteCap("the uint8 width pass " + formatShape(pass), shapeBytes(pass, dtype), maxBytes);
    }
}

Tensor interpolate(const Tensor& input, const Spec& spec, const RunOptions& options, RunReport* report) {
    return interpolate(input, resolve(spec, input.shape()), options, report);
}

namespace {
// PyTorch 2.x's uint8 kernel (UpSampleKernelAVXAntialias.h) fails an internal assertion, a bug of
// its own, for three channels resized to a 1 x 1 output when the height is resized (found by
// parity.py against 2.14.1: N = 1 and 2, both modes, antialias or not, align_corners either).
void checkUint8Assertion(const ResolvedSpec& s, DType dtype) {
    if (dtype != DType::UInt8 || !fixedpoint::takesFixedPoint(s) || s.inputShape[1] != 3) return;
    if (s.emptyOutput() || s.outSize(0) != 1 || s.outSize(1) != 1 || s.inSize(0) == 1) return;
    throw SpecError(PyErrorType::RuntimeError,
                    "num_channels == unpacked_output.size(0) INTERNAL ASSERT FAILED at "
                    "\"./aten/src/ATen/native/cpu/UpSampleKernelAVXAntialias.h\":269, please report a bug to PyTorch. ");
}
}  // namespace

Tensor interpolate(const Tensor& input, const ResolvedSpec& spec, const RunOptions& options, RunReport* report) {
    RunControl control(options.progress, options.cancel);
    control.throwIfCancelled();
    if (const auto refusal = dtypeRefusal(spec, input.dtype())) throw SpecError(dtypeRefusalType(spec), *refusal);
    checkUint8Assertion(spec, input.dtype());
    checkRunBytes(spec, input.dtype(), options.maxBytes);
    Tensor out(spec.outputShape, input.dtype());
    if (!dtypeComputed(spec, input.dtype())) {
        if (spec.emptyOutput()) {  // PyTorch returns it before it looks at the dtype
            control.finish();
            if (report) *report = RunReport{};
            return out;
        }
        throw Error(ErrorKind::Usage, "PyTorch " + std::string(spec.semantics->version) + " computes " + std::string(modeName(spec.mode)) + " on " +
                                          std::to_string(spec.spatialDims) + "-D " + std::string(dtypeName(input.dtype())) +
                                          " input in " + std::string(dtypeName(input.dtype())) +
                                          ", which this program does not reproduce; convert the input to float32");
    }
    const auto t0 = std::chrono::steady_clock::now();
    RunReport local;

    // Ask every backend (only the requested one, and the last-resort one, when one is named).
    const auto& entries = backends::registry();
    std::vector<backends::Offer> offers;
    const backends::Offer* declined = nullptr;  // a decline that explains a fallback
    for (std::size_t i = 0; i < entries.size(); ++i) {
        const bool last = i + 1 == entries.size();
        if (options.backend != BackendKind::Auto && entries[i].kind != options.backend && !last) continue;
        offers.push_back(entries[i].assess(spec, input.dtype(), options));
        offers.back().kind = entries[i].kind;
        if (!offers.back().backend && !offers.back().notice.empty()) local.notices.push_back(offers.back().notice);
        if (entries[i].kind == options.backend && offers.back().backend) {
            offers.back().choice = RunChoice::Requested;
            break;  // the requested backend can run: the rest are not asked
        }
    }
    for (const auto& o : offers)
        if (!o.backend && !o.reason.empty() && !declined) declined = &o;
    std::vector<backends::Offer*> ranked;
    for (auto& o : offers)
        if (o.backend) ranked.push_back(&o);
    std::stable_sort(ranked.begin(), ranked.end(), [](const auto* a, const auto* b) { return a->score > b->score; });

    bool done = false;
    for (std::size_t i = 0; i < ranked.size() && !done; ++i) {
        backends::Offer& o = *ranked[i];
        try {
            o.backend->run(spec, input, out, control.active() ? &control : nullptr);
        } catch (const Error& e) {
            const bool last = i + 1 == ranked.size();
            if (last || o.choice == RunChoice::Requested || !o.recoverable || e.kind() != *o.recoverable) throw;
            local.notices.push_back(o.label + " failed: " + e.what() + "; computed on the CPU");
            continue;
        }
        done = true;
        local.ran = o.kind;
        local.backend = o.backend->description();
        local.kernelMilliseconds = o.backend->kernelMilliseconds();
        if (i == 0 && (o.choice == RunChoice::Requested || o.score > backends::kScoreFallback)) {
            local.choice = o.choice;
            local.reason = o.reason;
            if (local.reason.empty()) local.reason = std::string(backendKindName(o.kind)) + " as requested";
            local.device = o.device;
            local.deviceType = o.deviceType;
        } else if (declined) {
            local.choice = declined->choice;
            local.reason = declined->reason;
            local.device = declined->device;
            local.deviceType = declined->deviceType;
        } else {
            local.choice = RunChoice::Fallback;
            local.reason = "auto: no usable OpenCL device";
        }
    }
    control.throwIfCancelled();  // a backend that finished as the token was set
    control.finish();
    local.milliseconds = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t0).count();
    if (report) *report = std::move(local);
    return out;
}

}  // namespace upsample
