// upsample-cli resize IN OUT --mode M (--scale S | --size N) [...]
#include "args.hpp"
#include "commands.hpp"
#include "spec_args.hpp"

#include "upsample/backend.hpp"
#include "upsample/error.hpp"
#include "upsample/npy.hpp"
#include "upsample/spec.hpp"

#include <cstdio>

namespace cli {

using namespace upsample;

namespace {
const char* kHelp =
    "usage: upsample-cli resize IN.npy OUT.npy --mode M (--scale S[,S[,S]] | --size N[,N[,N]])\n"
    "                           [--align-corners] [--recompute-scale-factor] [--antialias]\n"
    "                           [--backend auto|cpu|opencl] [--device N] [--threads N] [--max-bytes B]\n"
    "\n"
    "Computes torch.nn.functional.interpolate(IN, ...) and writes the result to OUT.\n"
    "IN is a .npy tensor (N, C, L), (N, C, H, W) or (N, C, D, H, W); float32 and float64 are\n"
    "computed in their own precision, other dtypes are converted to float32 (with a notice).\n"
    "\n"
    "options:\n"
    "  --mode M                  nearest | nearest-exact | linear | bilinear | bicubic | trilinear | area\n"
    "  --scale S[,S[,S]]         scale_factor: one value for every spatial dim, or one per dim\n"
    "  --size N[,N[,N]]          size: one value for every spatial dim, or one per dim\n"
    "  --align-corners           align_corners=True (linear modes only; default None/False)\n"
    "  --no-align-corners        align_corners=False, passed explicitly (an error for nearest/area, as in PyTorch)\n"
    "  --recompute-scale-factor  recompute_scale_factor=True\n"
    "  --antialias               antialias=True (bilinear and bicubic, 4-D input)\n"
    "  --backend B               auto (default): OpenCL when a device is usable, else the CPU with a\n"
    "                            notice; cpu; opencl: the OpenCL device or an error saying why\n"
    "                            (float64 on a device without cl_khr_fp64 runs on the CPU, with a notice)\n"
    "  --device N                OpenCL device index (see 'upsample-cli devices'; default: the\n"
    "                            UPSAMPLE_OPENCL_DEVICE environment variable, else a GPU before a CPU)\n"
    "  --threads N               CPU threads (default: one per hardware thread)\n"
    "  --max-bytes B             refuse an input or output larger than B bytes (K/M/G suffixes; default 4G)\n"
    "  --verbose                 say which backend ran, why, and how long it took\n"
    "\n"
    "Errors go to stderr with PyTorch's message; the exit status is non-zero and OUT is not\n"
    "created (it is written to a temporary file beside it and renamed when complete).\n";
}  // namespace

int resizeCommand(const std::vector<std::string>& argv) {
    const Args a = resizeArgs(argv);
    if (a.has("help")) {
        std::fputs(kHelp, stdout);
        return 0;
    }
    if (a.positionals().size() != 2)
        throw UsageError("expected IN.npy and OUT.npy, got " + std::to_string(a.positionals().size()) +
                         " file arguments (see upsample-cli resize --help)");
    const std::string& inPath = a.positionals()[0];
    const std::string& outPath = a.positionals()[1];
    const Spec spec = specFromArgs(a);
    const RunOptions options = runOptionsFromArgs(a);

    NpyLoad load = readNpy(inPath, options.maxBytes);
    for (const auto& n : load.notices) std::fprintf(stderr, "upsample-cli resize: notice: %s\n", n.c_str());
    RunReport report;
    const Tensor out = interpolate(load.tensor, spec, options, &report);
    for (const auto& n : report.notices) std::fprintf(stderr, "upsample-cli resize: notice: %s\n", n.c_str());
    if (a.has("verbose"))
        std::fprintf(stderr, "upsample-cli resize: %s -> %s on %s in %.3f ms (%s)\n", formatShape(load.tensor.shape()).c_str(),
                     formatShape(out.shape()).c_str(), report.backend.c_str(), report.milliseconds, report.reason.c_str());
    writeNpy(outPath, out);
    return 0;
}

}  // namespace cli
