// upsample-cli bench: times the in-process core call alone (no file I/O) on a generated tensor.
#include "args.hpp"
#include "commands.hpp"
#include "spec_args.hpp"

#include "upsample/backend.hpp"
#include "upsample/error.hpp"
#include "upsample/opencl.hpp"

#include <algorithm>
#include <chrono>
#include <cstdlib>
#include <cstdio>
#include <limits>
#include <random>
#include <thread>
#include <vector>

namespace cli {

using namespace upsample;

namespace {
const char* kHelp =
    "usage: upsample-cli bench --shape N,C,[D,]H,W --mode M (--scale S | --size N) [--align-corners]\n"
    "                          [--antialias] [--recompute-scale-factor] [--dtype D]\n"
    "                          [--fill normal|denormal|zero] [--backend auto|cpu|opencl] [--threads N]\n"
    "                          [--repeat N] [--warmup N] [--fresh-output] [--fault-cost] [--max-bytes B]\n"
    "                          [--torch V] [--json]\n"
    "\n"
    "Times interpolate() on a generated tensor, after --warmup untimed runs (default 1), --repeat\n"
    "timed runs (default 10). Prints median and min milliseconds, the backend that ran, the thread\n"
    "count and the bytes moved (input + output). On OpenCL also the kernels' device time and the\n"
    "device's floor: a copy kernel moving the same bytes, with both in GB/s. --json prints one object.\n"
    "Also the process's first call (the first warmup run, or the first timed one without warmup).\n"
    "\n"
    "  --fresh-output    every call writes into fresh pages, as a first call does (the storage kept\n"
    "                    for reuse is dropped before each call): what a fresh output costs each time\n"
    "  --fault-cost      also the page-fault cost of an output: the time the same threads take to\n"
    "                    first touch as many fresh bytes, one write a page (with the first call:\n"
    "                    how much of a cold start the page faults are)\n"
    "  --dtype D         float32 (default) | float64 | uint8 (the values v as (v + 1) * 127.5, truncated) |\n"
    "                    float16 | bfloat16 (the values rounded)\n"
    "  --fill normal     uniform random values in [-1, 1) (seed 0; the default)\n"
    "  --fill denormal   the same values scaled into the subnormal range (every value subnormal or 0)\n"
    "  --fill zero       all zeros\n"
    "  --max-bytes B     refuse an input or output larger than B bytes (K/M/G suffixes; default 4G)\n"
    "  --torch V         the PyTorch version whose arithmetic to time (see 'upsample-cli resize --help')\n";

Tensor generatedTensor(const BenchRequest& r) {
    if (r.dtype != DType::Float32 && r.dtype != DType::Float64) {  // uint8: (v + 1) · 127.5; reduced floats: rounded
        BenchRequest wide = r;
        wide.dtype = DType::Float32;
        Tensor f = generatedTensor(wide);
        if (r.dtype == DType::UInt8)
            for (int64_t i = 0; i < f.numel(); ++i) f.data<float>()[i] = (f.data<float>()[i] + 1.0f) * 127.5f;
        return f.to(r.dtype);
    }
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

// Milliseconds the given threads take to first touch `bytes` of fresh memory, one write a 4 KiB
// page (each thread its own slice, as a kernel's threads split an output): the page faults alone.
double faultMilliseconds(uint64_t bytes, int threads) {
    releaseStorageCache();
    const std::size_t size = (static_cast<std::size_t>(bytes) + 4095) / 4096 * 4096;
    auto* p = static_cast<unsigned char*>(std::aligned_alloc(4096, std::max<std::size_t>(size, 4096)));
    if (!p) return -1;
    const std::size_t pages = size / 4096;
    const int parts = std::max(1, std::min<int>(threads, static_cast<int>(std::max<std::size_t>(pages, 1))));
    auto touch = [&](int part) {
        for (std::size_t i = pages * part / parts; i < pages * (part + 1) / parts; ++i) p[i * 4096] = 1;
    };
    const auto t0 = std::chrono::steady_clock::now();
    std::vector<std::thread> pool;
    for (int i = 1; i < parts; ++i) pool.emplace_back(touch, i);
    touch(0);
    for (auto& t : pool) t.join();
    const double ms = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t0).count();
    std::free(p);
    return ms;
}

struct Timings {
    std::vector<double> ms, kernelMs;
    double firstMs = -1;  // the process's first call
};

Timings timeCalls(const Tensor& input, const ResolvedSpec& resolved, const RunOptions& options, const BenchRequest& req,
                  RunReport& report) {
    Timings t;
    for (int i = 0; i < req.warmup + req.repeat; ++i) {
        if (req.freshOutput) releaseStorageCache();
        const auto t0 = std::chrono::steady_clock::now();
        const Tensor out = interpolate(input, resolved, options, &report);
        const double ms = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t0).count();
        if (i == 0) t.firstMs = ms;
        if (i < req.warmup) continue;
        t.ms.push_back(ms);
        if (report.kernelMilliseconds >= 0) t.kernelMs.push_back(report.kernelMilliseconds);
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
    const int repeat = req.repeat;
    const DType dtype = req.dtype;
    const ResolvedSpec resolved = resolve(spec, req.shape);
    checkRunBytes(resolved, dtype, options.maxBytes);  // before the input is generated
    const Tensor input = generatedTensor(req);
    RunReport report;
    const Timings timings = timeCalls(input, resolved, options, req, report);
    const std::vector<double>& ms = timings.ms;
    auto median = [](std::vector<double> v) {
        std::sort(v.begin(), v.end());
        return v.empty() ? -1.0 : v.size() % 2 ? v[v.size() / 2] : 0.5 * (v[v.size() / 2 - 1] + v[v.size() / 2]);
    };
    const double medianMs = median(ms), kernelMedian = median(timings.kernelMs);
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
    const double faultMs = req.faultCost ? faultMilliseconds(shapeBytes(resolved.outputShape, dtype), threads) : -1;
    auto gbps = [bytes](double ms) { return ms > 0 ? bytes / 1e6 / ms : 0.0; };
    if (a.has("json")) {
        char kernel[64] = "null", copy[64] = "null", fault[64] = "null";
        if (faultMs >= 0) std::snprintf(fault, sizeof fault, "%.4f", faultMs);
        if (kernelMedian >= 0) std::snprintf(kernel, sizeof kernel, "%.4f", kernelMedian);
        if (copyMs >= 0) std::snprintf(copy, sizeof copy, "%.4f", copyMs);
        std::printf("{\"median_ms\": %.4f, \"min_ms\": %.4f, \"kernel_median_ms\": %s, \"copy_kernel_median_ms\": %s, "
                    "\"first_ms\": %.4f, \"fault_ms\": %s, \"fresh_output\": %s, \"backend\": \"%s\", "
                    "\"threads\": %d, \"bytes\": %llu, \"repeat\": %d, \"fill\": \"%s\", "
                    "\"input_shape\": \"%s\", \"output_shape\": \"%s\", \"call\": \"%s\"}\n",
                    medianMs, minMs, kernel, copy, timings.firstMs, fault, req.freshOutput ? "true" : "false",
                    report.backend.c_str(), threads, static_cast<unsigned long long>(bytes), repeat,
                    fillName(req.fill),
                    formatShape(resolved.inputShape).c_str(), formatShape(resolved.outputShape).c_str(),
                    toPythonCall(spec).c_str());
    } else {
        std::printf("%s on %s -> %s\n", toPythonCall(spec).c_str(), formatShape(resolved.inputShape).c_str(),
                    formatShape(resolved.outputShape).c_str());
        std::printf("backend %s, %d threads, %d runs: median %.3f ms, min %.3f ms, %.1f MB moved (%.2f GB/s at the median)\n",
                    report.backend.c_str(), threads, repeat, medianMs, minMs, bytes / 1e6, bytes / 1e6 / medianMs);
        std::printf("first call in this process %.3f ms%s\n", timings.firstMs,
                    req.freshOutput ? "; every call into fresh pages" : "");
        if (faultMs >= 0)
            std::printf("first touch of a fresh output's pages (%d threads): %.3f ms\n", threads, faultMs);
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
