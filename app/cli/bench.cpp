// upsample-cli bench: times the in-process core call alone (no file I/O) on a generated tensor.
#include "args.hpp"
#include "commands.hpp"
#include "spec_args.hpp"

#include "upsample/backend.hpp"
#include "upsample/error.hpp"

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <random>

namespace cli {

using namespace upsample;

namespace {
const char* kHelp =
    "usage: upsample-cli bench --shape N,C,[D,]H,W --mode M (--scale S | --size N) [--align-corners]\n"
    "                          [--antialias] [--recompute-scale-factor] [--dtype float32|float64]\n"
    "                          [--backend auto|cpu|opencl] [--threads N] [--repeat N] [--warmup N] [--json]\n"
    "\n"
    "Times interpolate() on a tensor of uniform random values (seed 0), after --warmup untimed runs\n"
    "(default 1), --repeat timed runs (default 10). Prints median and min milliseconds, the backend\n"
    "that ran, the thread count and the bytes moved (input + output). --json prints one object.\n";

Tensor randomTensor(const Shape& shape, DType dtype) {
    Tensor t(shape, dtype);
    std::mt19937 rng(0);
    std::uniform_real_distribution<double> dist(-1.0, 1.0);
    for (int64_t i = 0; i < t.numel(); ++i) {
        if (dtype == DType::Float64) t.data<double>()[i] = dist(rng);
        else t.data<float>()[i] = static_cast<float>(dist(rng));
    }
    return t;
}
}  // namespace

int benchCommand(const std::vector<std::string>& argv) {
    const Args a(argv, {"shape", "mode", "scale", "size", "backend", "threads", "repeat", "warmup", "dtype", "device", "max-bytes"},
                 {"align-corners", "no-align-corners", "recompute-scale-factor", "antialias", "json", "help"});
    if (a.has("help")) {
        std::fputs(kHelp, stdout);
        return 0;
    }
    const auto shapeText = a.value("shape");
    if (!shapeText) throw UsageError("--shape is required, e.g. --shape 1,3,1080,1920");
    const std::vector<int64_t> shape = parseInts("shape", *shapeText, 5);
    const Spec spec = specFromArgs(a);
    RunOptions options = runOptionsFromArgs(a);
    if (!a.value("max-bytes")) options.maxBytes = uint64_t{64} << 30;
    const int repeat = a.value("repeat") ? parseInt("repeat", *a.value("repeat")) : 10;
    const int warmup = a.value("warmup") ? parseInt("warmup", *a.value("warmup")) : 1;
    if (repeat < 1) throw UsageError("--repeat: must be at least 1");
    DType dtype = DType::Float32;
    if (auto d = a.value("dtype")) {
        if (*d == "float64") dtype = DType::Float64;
        else if (*d != "float32") throw UsageError("--dtype: float32 or float64, got '" + *d + "'");
    }

    const Tensor input = randomTensor(shape, dtype);
    const ResolvedSpec resolved = resolve(spec, input.shape());
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
    if (a.has("json")) {
        char kernel[64] = "null";
        if (kernelMedian >= 0) std::snprintf(kernel, sizeof kernel, "%.4f", kernelMedian);
        std::printf("{\"median_ms\": %.4f, \"min_ms\": %.4f, \"kernel_median_ms\": %s, \"backend\": \"%s\", "
                    "\"threads\": %d, \"bytes\": %llu, "
                    "\"repeat\": %d, \"input_shape\": \"%s\", \"output_shape\": \"%s\", \"call\": \"%s\"}\n",
                    medianMs, minMs, kernel, report.backend.c_str(), threads, static_cast<unsigned long long>(bytes), repeat,
                    formatShape(resolved.inputShape).c_str(), formatShape(resolved.outputShape).c_str(),
                    toPythonCall(spec).c_str());
    } else {
        std::printf("%s on %s -> %s\n", toPythonCall(spec).c_str(), formatShape(resolved.inputShape).c_str(),
                    formatShape(resolved.outputShape).c_str());
        std::printf("backend %s, %d threads, %d runs: median %.3f ms, min %.3f ms, %.1f MB moved (%.2f GB/s at the median)\n",
                    report.backend.c_str(), threads, repeat, medianMs, minMs, bytes / 1e6, bytes / 1e6 / medianMs);
        if (kernelMedian >= 0)
            std::printf("OpenCL kernels alone: median %.3f ms (the rest is table upload, transfers and setup)\n", kernelMedian);
    }
    for (const auto& n : report.notices) std::fprintf(stderr, "upsample-cli bench: notice: %s\n", n.c_str());
    return 0;
}

}  // namespace cli
