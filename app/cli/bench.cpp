// upsample-cli bench: times the in-process core call alone (no file I/O) on a generated tensor.
#include "args.hpp"
#include "commands.hpp"
#include "spec_args.hpp"

#include "upsample/backend.hpp"
#include "upsample/error.hpp"
#include "upsample/opencl.hpp"

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <limits>
#include <random>

namespace cli {

using namespace upsample;

namespace {
const char* kHelp =
    "usage: upsample-cli bench --shape N,C,[D,]H,W --mode M (--scale S | --size N) [--align-corners]\n"
    "                          [--antialias] [--recompute-scale-factor] [--dtype float32|float64]\n"
    "                          [--fill normal|denormal|zero] [--backend auto|cpu|opencl] [--threads N]\n"
    "                          [--repeat N] [--warmup N] [--max-bytes B] [--torch V] [--json]\n"
    "\n"
    "Times interpolate() on a generated tensor, after --warmup untimed runs (default 1), --repeat\n"
    "timed runs (default 10). Prints median and min milliseconds, the backend that ran, the thread\n"
    "count and the bytes moved (input + output). On OpenCL also the kernels' device time and the\n"
    "device's floor: a copy kernel moving the same bytes, with both in GB/s. --json prints one object.\n"
    "\n"
    "  --fill normal     uniform random values in [-1, 1) (seed 0; the default)\n"
    "  --fill denormal   the same values scaled into the subnormal range (every value subnormal or 0)\n"
    "  --fill zero       all zeros\n"
    "  --max-bytes B     refuse an input or output larger than B bytes (K/M/G suffixes; default 4G)\n"
    "  --torch V         the PyTorch version whose arithmetic to time (see 'upsample-cli resize --help')\n";

Tensor generatedTensor(const BenchRequest& r) {
    Tensor t(r.shape, r.dtype);
    std::mt19937 rng(0);
    std::uniform_real_distribution<double> dist(-1.0, 1.0);
    // Scaling by the smallest normal number keeps |v| < 1 below it: subnormal (or zero).
    const double scale = r.fill == BenchFill::Zero       ? 0.0
                         : r.fill == BenchFill::Normal   ? 1.0
                         : r.dtype == DType::Float64     ? std::numeric_limits<double>::min()
                                                         : static_cast<double>(std::numeric_limits<float>::min());
    for (int64_t i = 0; i < t.numel(); ++i) {
        const double v = dist(rng) * scale;
        if (r.dtype == DType::Float64) t.data<double>()[i] = v;
        else t.data<float>()[i] = static_cast<float>(v);
    }
    return t;
}

const char* fillName(BenchFill f) {
    return f == BenchFill::Zero ? "zero" : f == BenchFill::Denormal ? "denormal" : "normal";
}
}  // namespace

int benchCommand(const std::vector<std::string>& argv) {
    const Args a = benchArgs(argv);
    if (a.has("help")) {
        std::fputs(kHelp, stdout);
        return 0;
    }
    const Spec spec = specFromArgs(a);
    const RunOptions options = runOptionsFromArgs(a);
    const BenchRequest req = benchRequestFromArgs(a, options);
    const int repeat = req.repeat, warmup = req.warmup;
    const DType dtype = req.dtype;
    const ResolvedSpec resolved = resolve(spec, req.shape);
    checkRunBytes(resolved, dtype, options.maxBytes);  // before the input is generated
    const Tensor input = generatedTensor(req);
    RunReport report;
    for (int i = 0; i < warmup; ++i) interpolate(input, resolved, options, &report);
    std::vector<double> ms, kernelMs;
    for (int i = 0; i < repeat; ++i) {
        const auto t0 = std::chrono::steady_clock::now();
        const Tensor out = interpolate(input, resolved, options, &report);
        ms.push_back(std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t0).count());
        if (report.kernelMilliseconds >= 0) kernelMs.push_back(report.kernelMilliseconds);
    }
    auto median = [](std::vector<double> v) {
        std::sort(v.begin(), v.end());
        return v.empty() ? -1.0 : v.size() % 2 ? v[v.size() / 2] : 0.5 * (v[v.size() / 2 - 1] + v[v.size() / 2]);
    };
    const double medianMs = median(ms), kernelMedian = median(kernelMs);
    const double minMs = *std::min_element(ms.begin(), ms.end());
    const uint64_t bytes = shapeBytes(resolved.inputShape, dtype) + shapeBytes(resolved.outputShape, dtype);
    const int threads = options.threads > 0 ? options.threads : CpuBackend().threads();
    // The device's floor: a copy kernel moving the same bytes on the same device.
    double copyMs = -1;
    if (report.ran == BackendKind::OpenCL && kernelMedian >= 0) {
        try {
            copyMs = OpenCLBackend(options.device).copyKernelMilliseconds(bytes, std::max(repeat, 3));
        } catch (const Error& e) {
            std::fprintf(stderr, "upsample-cli bench: notice: no copy kernel: %s\n", e.what());
        }
    }
    auto gbps = [bytes](double ms) { return ms > 0 ? bytes / 1e6 / ms : 0.0; };
    if (a.has("json")) {
        char kernel[64] = "null", copy[64] = "null";
        if (kernelMedian >= 0) std::snprintf(kernel, sizeof kernel, "%.4f", kernelMedian);
        if (copyMs >= 0) std::snprintf(copy, sizeof copy, "%.4f", copyMs);
        std::printf("{\"median_ms\": %.4f, \"min_ms\": %.4f, \"kernel_median_ms\": %s, \"copy_kernel_median_ms\": %s, "
                    "\"backend\": \"%s\", "
                    "\"threads\": %d, \"bytes\": %llu, \"repeat\": %d, \"fill\": \"%s\", "
                    "\"input_shape\": \"%s\", \"output_shape\": \"%s\", \"call\": \"%s\"}\n",
                    medianMs, minMs, kernel, copy, report.backend.c_str(), threads, static_cast<unsigned long long>(bytes), repeat,
                    fillName(req.fill),
                    formatShape(resolved.inputShape).c_str(), formatShape(resolved.outputShape).c_str(),
                    toPythonCall(spec).c_str());
    } else {
        std::printf("%s on %s -> %s\n", toPythonCall(spec).c_str(), formatShape(resolved.inputShape).c_str(),
                    formatShape(resolved.outputShape).c_str());
        std::printf("backend %s, %d threads, %d runs: median %.3f ms, min %.3f ms, %.1f MB moved (%.2f GB/s at the median)\n",
                    report.backend.c_str(), threads, repeat, medianMs, minMs, bytes / 1e6, bytes / 1e6 / medianMs);
        if (kernelMedian >= 0)
            std::printf("OpenCL kernels alone: median %.3f ms, %.2f GB/s (the rest is table upload, transfers and setup)\n",
                        kernelMedian, gbps(kernelMedian));
        if (copyMs >= 0)
            std::printf("copy kernel, same bytes, same device: median %.3f ms, %.2f GB/s: the kernels take %.2fx the copy's time\n",
                        copyMs, gbps(copyMs), kernelMedian / copyMs);
    }
    for (const auto& n : report.notices) std::fprintf(stderr, "upsample-cli bench: notice: %s\n", n.c_str());
    return 0;
}

}  // namespace cli
