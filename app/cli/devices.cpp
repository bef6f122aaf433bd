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
    "usage: upsample-cli devices [--calibrate [--device N] [--repeat N]]\n"
    "\n"
    "Lists every OpenCL platform and device: index, platform, name, type, OpenCL version,\n"
    "global memory, largest allocation and float64 support (cl_khr_fp64). The index is what\n"
    "'resize --device N' and the UPSAMPLE_OPENCL_DEVICE environment variable take; by default\n"
    "a GPU is chosen before a CPU device. Without a usable device, '--backend auto' computes on\n"
    "the CPU and says so.\n"
    "\n"
    "--calibrate times every mode end to end on the device (default: as a run would choose) and\n"
    "on the native CPU backend, --repeat pairs of runs back to back (default 9) after a warm-up,\n"
    "prints the table (ratio: the median of the pairs' ratios) and keeps the ratios in the cache\n"
    "folder: '--backend auto' then runs a mode on an OpenCL CPU device where it took at most 0.9x\n"
    "the native time (a GPU is used whatever it measured).\n";

// --calibrate: measures, prints and stores the device's ratios.
int calibrate(const Args& a) {
    const int device = chooseOpenCLDevice(a.value("device") ? parseInt("device", *a.value("device")) : -1);
    const int repeat = a.value("repeat") ? parseInt("repeat", *a.value("repeat")) : 9;
    if (repeat < 1) throw UsageError("--repeat: must be at least 1");
    const OpenCLDeviceInfo info = listOpenCLDevices().devices.at(static_cast<std::size_t>(device));
    std::printf("calibrating OpenCL device %d, '%s' (%s), against the native CPU backend: %d runs each\n\n", device,
                info.name.c_str(), info.type.c_str(), repeat);
    OpenCLCalibration c;
    c.device = info.name;
    std::printf("%-20s  %10s  %10s  %6s  %s\n", "mode", "OpenCL ms", "CPU ms", "ratio", "auto");
    for (const auto& row : measureOpenCLCalibration(device, repeat)) {
        const double ratio = row.ratio;
        c.ratio[row.key] = ratio;
        const bool opencl = info.type != "CPU" || ratio <= kOpenCLCalibrationRule;
        std::printf("%-20s  %10.2f  %10.2f  %6.2f  %s   %s\n", row.key.c_str(), row.openclMs, row.cpuMs, ratio,
                    opencl ? "opencl" : "cpu", row.call.c_str());
    }
    if (!writeOpenCLCalibration(c)) {
        std::fprintf(stderr, "upsample-cli devices: the calibration could not be written (no cache folder: "
                             "UPSAMPLE_OPENCL_CACHE_DIR)\n");
        return 1;
    }
    std::printf("\nkept in %s\n", openclCalibrationPath(c.device).c_str());
    return 0;
}

std::string gib(uint64_t bytes) {
    char buf[32];
    std::snprintf(buf, sizeof buf, "%.1f GiB", static_cast<double>(bytes) / (1024.0 * 1024.0 * 1024.0));
    return buf;
}
}  // namespace

int devicesCommand(const std::vector<std::string>& argv) {
    const Args a(argv, {"device", "repeat"}, {"help", "calibrate"});
    if (a.has("help")) {
        std::fputs(kHelp, stdout);
        return 0;
    }
    if (!a.positionals().empty()) throw UsageError("devices takes no file arguments");
    if (a.has("calibrate")) return calibrate(a);
    if (a.value("device") || a.value("repeat")) throw UsageError("--device and --repeat go with --calibrate");
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
                    "UPSAMPLE_OPENCL_DEVICE=N.\n--backend auto uses an OpenCL GPU or accelerator; a CPU device when chosen so, "
                    "or for the modes\n'upsample-cli devices --calibrate' measured faster than the native CPU backend "
                    "on the same cores.\n",
                    inv.defaultDevice);
    } else {
        std::printf("%s\n", inv.problem.c_str());
    }
    return 0;
}

}  // namespace cli
