// upsample-cli devices: every OpenCL platform and device, and which one a run would use.
#include "args.hpp"
#include "commands.hpp"

#include "upsample/opencl.hpp"

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <string>

namespace cli {

using namespace upsample;

namespace {
const char* kHelp =
    "usage: upsample-cli devices\n"
    "\n"
    "Lists every OpenCL platform and device: index, platform, name, type, OpenCL version,\n"
    "global memory, largest allocation and float64 support (cl_khr_fp64). The index is what\n"
    "'resize --device N' and the UPSAMPLE_OPENCL_DEVICE environment variable take; by default\n"
    "a GPU is chosen before a CPU device. Without a usable device, '--backend auto' computes on\n"
    "the CPU and says so.\n";

std::string gib(uint64_t bytes) {
    char buf[32];
    std::snprintf(buf, sizeof buf, "%.1f GiB", static_cast<double>(bytes) / (1024.0 * 1024.0 * 1024.0));
    return buf;
}
}  // namespace

int devicesCommand(const std::vector<std::string>& argv) {
    const Args a(argv, {}, {"help"});
    if (a.has("help")) {
        std::fputs(kHelp, stdout);
        return 0;
    }
    if (!a.positionals().empty()) throw UsageError("devices takes no file arguments");
    const OpenCLInventory inv = listOpenCLDevices();
    if (inv.platforms.empty()) {
        std::printf("%s\n", inv.problem.c_str());
        std::printf("upsample-cli computes on the CPU (--backend auto or cpu).\n");
        return 0;
    }
    std::printf("OpenCL platforms: %zu\n", inv.platforms.size());
    for (const auto& p : inv.platforms)
        std::printf("  platform %d: %s (%s), %s\n", p.index, p.name.c_str(), p.vendor.c_str(), p.version.c_str());
    if (inv.devices.empty()) {
        std::printf("no OpenCL device: %s\n", inv.problem.c_str());
        return 0;
    }
    std::size_t nameWidth = 4, platformWidth = 8;
    for (const auto& d : inv.devices) {
        nameWidth = std::max(nameWidth, d.name.size());
        platformWidth = std::max(platformWidth, d.platform.size());
    }
    const int nw = static_cast<int>(nameWidth), pw = static_cast<int>(platformWidth);
    std::printf("\n%-5s  %-*s  %-*s  %-11s  %-6s  %-10s  %-9s  %s\n", "index", pw, "platform", nw, "name", "type",
                "OpenCL", "global mem", "max alloc", "fp64");
    for (const auto& d : inv.devices) {
        std::string flags;
        if (d.index == inv.defaultDevice) flags += "  (default)";
        if (!d.usable) flags += "  (unavailable)";
        std::printf("%-5d  %-*s  %-*s  %-11s  %-6s  %-10s  %-9s  %s%s\n", d.index, pw, d.platform.c_str(), nw,
                    d.name.c_str(), d.type.c_str(), d.openclVersion().c_str(), gib(d.globalMemory).c_str(),
                    gib(d.maxAllocation).c_str(), d.fp64 ? "yes" : "no", flags.c_str());
    }
    std::printf("\n");
    if (const char* env = std::getenv("UPSAMPLE_OPENCL_DEVICE"); env && *env) {
        try {
            const int chosen = chooseOpenCLDevice();
            std::printf("runs use device %d (UPSAMPLE_OPENCL_DEVICE=%s)\n", chosen, env);
        } catch (const OpenCLError& e) {
            std::printf("UPSAMPLE_OPENCL_DEVICE=%s: %s\n", env, e.what());
        }
    } else if (inv.defaultDevice >= 0) {
        std::printf("--backend opencl uses device %d by default (a GPU before a CPU); choose with --device N or "
                    "UPSAMPLE_OPENCL_DEVICE=N.\n--backend auto uses an OpenCL GPU or accelerator; a CPU device only when "
                    "chosen so, since the native CPU backend is faster on the same cores.\n",
                    inv.defaultDevice);
    } else {
        std::printf("%s\n", inv.problem.c_str());
    }
    return 0;
}

}  // namespace cli
