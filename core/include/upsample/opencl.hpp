// The OpenCL backend. The host builds the same per-axis tables as the CPU backend (taps.hpp)
// and uploads them; one kernel per mode (core/kernels/<mode>.cl, embedded at build time,
// compiled at run time) gathers and sums in the CPU kernels' order, so nearest modes are bit
// for bit and the others equal the CPU's results wherever the device rounds as IEEE says.
//
// Environment:
//   UPSAMPLE_OPENCL_DEVICE=N      the device index (as `upsample-cli devices` lists it)
//   UPSAMPLE_OPENCL_CACHE_DIR=D   where built program binaries are kept ("off": nowhere);
//                                 default $XDG_CACHE_HOME/upsample-studio/opencl or
//                                 ~/.cache/upsample-studio/opencl
//   UPSAMPLE_OPENCL_MAX_ALLOC=B   the largest buffer of one piece, in bytes (forces tiling)
//   UPSAMPLE_OPENCL_KERNEL_DIR=D  read the kernel files from D instead of the embedded copies
//                                 (work on core/kernels without a rebuild)
//   UPSAMPLE_OPENCL_VEC=N         outputs per work item (1, 2, 4 or 8) instead of the device's choice
//   UPSAMPLE_OPENCL_ROWS=N        output rows per work item (1-128) of the tap kernels and the gather
//   UPSAMPLE_OPENCL_GROUPS=N      blocks of 8 outputs per work item of a CPU device's tap kernels
//                                 (1, 2, 4 or 8; default 8)
//   UPSAMPLE_OPENCL_STREAM_BYTES=B  outputs from B bytes on are written with streaming stores by a
//                                 CPU device's tap kernels and nearest gather (default: the
//                                 gather's from 32 MiB, the tap kernels' none)
//   UPSAMPLE_OPENCL_BLOCKS=0      a CPU device runs the GPUs' plain kernel forms
//   UPSAMPLE_OPENCL_DEVICE_BUFFERS=1  device buffers written and read, as on a discrete GPU, even
//                                 where the device shares host memory (tests the GPU's path)
//   UPSAMPLE_OPENCL_FAULT=F[,F]   injects a fault for tests: build, alloc, enqueue, read,
//                                 nodevice (no usable device), nofp64 (device without fp64)
#pragma once

#include "upsample/backend.hpp"
#include "upsample/error.hpp"

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace upsample {

// The OpenCL backend failed or cannot run. what() is one line; a failed program build also
// carries the compiler's log.
class OpenCLError : public Error {
public:
    explicit OpenCLError(const std::string& message, int status = 0, std::string call = {}, std::string buildLog = {})
        : Error(ErrorKind::OpenCL, message), status_(status), call_(std::move(call)), buildLog_(std::move(buildLog)) {}
    int status() const noexcept { return status_; }                  // the cl_int status; 0 when none
    const std::string& call() const noexcept { return call_; }       // e.g. "clBuildProgram"
    const std::string& buildLog() const noexcept { return buildLog_; }

private:
    int status_;
    std::string call_;
    std::string buildLog_;
};

// "CL_OUT_OF_RESOURCES (-5)"; unknown codes as "OpenCL status -N".
std::string openclStatusName(int status);

struct OpenCLPlatformInfo {
    int index = 0;
    std::string name, vendor, version;
};

struct OpenCLDeviceInfo {
    int index = 0;          // over all platforms, in the order they are listed: what --device takes
    int platformIndex = 0;
    std::string platform;   // the platform's name
    std::string name;
    std::string type;       // "GPU", "CPU", "accelerator", "custom"
    std::string version;    // CL_DEVICE_VERSION, e.g. "OpenCL 3.0 PoCL HSTR: ..."
    std::string driverVersion;
    uint64_t globalMemory = 0;
    uint64_t maxAllocation = 0;
    bool fp64 = false;      // cl_khr_fp64: float64 runs on the device
    bool usable = true;     // available and has a compiler
    // A CPU device or one with CL_DEVICE_HOST_UNIFIED_MEMORY: buffers wrap the tensors' memory
    // (CL_MEM_USE_HOST_PTR) and results are mapped, not copied (clEnqueueMapBuffer).
    bool sharesHostMemory = false;
    // "3.0" out of version
    std::string openclVersion() const;
};

struct OpenCLInventory {
    std::vector<OpenCLPlatformInfo> platforms;
    std::vector<OpenCLDeviceInfo> devices;
    int defaultDevice = -1;  // the default choice, -1 when there is no usable device
    std::string problem;     // why there is no usable device ("no OpenCL platform (...)"), else ""
};

// False when the library was built with UPSAMPLE_WITH_OPENCL=OFF.
bool openclBuiltIn();
// Every platform and device, found once per process.
OpenCLInventory listOpenCLDevices();
// Prepares the environment of an OpenCL CPU driver before its first use: where PoCL may pin its
// workers (this process may run on every CPU, and POCL_AFFINITY is not set), sets
// POCL_AFFINITY=1, so that a short kernel runs on every core rather than, by chance, on one. The
// first OpenCL call does this itself; a program calls it first in main, before it starts threads
// (setenv is not safe beside other threads reading the environment).
void prepareOpenCLDriver();
// The device list as `auto` reads it without paying for a probe on every run: this process's
// list when it has one, else the disk cache's (UPSAMPLE_OPENCL_CACHE_DIR's folder, a file per
// key) when its key still matches, else a probe, stored there. The key covers the ICD files
// (OCL_ICD_VENDORS or /etc/OpenCL/vendors: names, contents), the size and time of each driver
// library they name, and the OCL_* / POCL_* environment: a new or updated driver probes again.
struct OpenCLProbe {
    OpenCLInventory inventory;
    bool fromDisk = false;  // read from the disk cache, with no probe in this process
    std::string key;        // the cache key (16 hex digits)
};
OpenCLProbe probeOpenCL();
// The cache key of this machine's OpenCL drivers (see probeOpenCL), and the text form of an
// inventory in the disk cache; exposed for tests.
std::string openclDriverKey();
std::string openclInventoryText(const OpenCLInventory& inventory);
std::optional<OpenCLInventory> openclInventoryFromText(const std::string& text);

// The rule of `auto` for an OpenCL CPU device, measured: `upsample-cli devices --calibrate`
// times every mode end to end on the device and on the native CPU backend
// (measureOpenCLCalibration) and keeps the ratios in the cache folder, a file per driver key and
// device; `auto` then runs a mode on that device where it took at most kOpenCLCalibrationRule
// of the native time, else on the native backend; without a calibration, on the native
// backend. A GPU or accelerator is taken by type.
constexpr double kOpenCLCalibrationRule = 0.9;
struct OpenCLCalibration {
    std::string device;                   // the device's name
    std::map<std::string, double> ratio;  // openclCalibrationKey -> device time / native time
};
// "bilinear", "bicubic antialias", ...: what a calibration measures a spec by.
std::string openclCalibrationKey(const ResolvedSpec& spec);
std::string openclCalibrationText(const OpenCLCalibration& c);
std::optional<OpenCLCalibration> openclCalibrationFromText(const std::string& text);
// The calibration file of a device in the cache folder ("" without a cache folder), its contents.
std::string openclCalibrationPath(const std::string& device);
std::optional<OpenCLCalibration> readOpenCLCalibration(const std::string& device);
// Writes it; false when it cannot.
bool writeOpenCLCalibration(const OpenCLCalibration& c);
// One measured workload: the call, medians of the end-to-end times on the device and on the
// native CPU backend (its default threads), and the median of the runs' ratios (each device run
// paired with the native run after it).
struct OpenCLCalibrationRow {
    std::string key, call;
    double openclMs = 0, cpuMs = 0, ratio = 0;
};
// Times every mode's workload (a 540 x 960 picture upsampled x2, 128^3 trilinear, 1080 x 1920
// down to 270 x 480 for area and antialias) on device `device` and on the native CPU backend,
// `repeat` runs each after one warm-up, in turn. Throws OpenCLError when the device is unusable.
std::vector<OpenCLCalibrationRow> measureOpenCLCalibration(int device, int repeat);

// The default among these: the first usable GPU, else the first usable CPU, else the first
// usable device; -1 when none is usable.
int defaultOpenCLDevice(const std::vector<OpenCLDeviceInfo>& devices);
// The device a run uses: `requested` when >= 0, else UPSAMPLE_OPENCL_DEVICE when set, else the
// default. Throws OpenCLError saying why when there is no such usable device.
int chooseOpenCLDevice(int requested = -1);

// Counters of the process's program cache (keyed by context, device, program, build options).
struct OpenCLCacheStats {
    int builds = 0;      // programs compiled from source
    int hits = 0;        // programs found already built in this process
    int diskLoads = 0;   // programs built from a binary of the disk cache
    int diskStores = 0;  // binaries written to the disk cache
    int contexts = 0;    // contexts (with their queues) created: one per device in use
    int kernels = 0;     // kernel objects created (kept in the device's session)
    int tableUploads = 0;  // tap-table axes uploaded to a device
    int tableHits = 0;     // tap-table axes found on the device already
};
OpenCLCacheStats openclCacheStats();
// Releases the built programs and their kernels of this process (the disk cache stays); for tests.
void clearOpenCLProgramCache();

class OpenCLBackend : public Backend {
public:
    // device: an index as listed, or -1 for chooseOpenCLDevice(). Throws OpenCLError when
    // OpenCL or the device is unusable.
    explicit OpenCLBackend(int device = -1);
    std::string description() const override;  // "opencl: <device name>"
    // Throws OpenCLError on any OpenCL failure (build, allocation, enqueue, read) and for
    // float64 on a device without cl_khr_fp64.
    // With a control: pieces of at most 1/32 of the output (1 MiB or more), the token checked
    // between them.
    using Backend::run;
    void run(const ResolvedSpec& spec, const Tensor& in, Tensor& out, RunControl* control) override;

    const OpenCLDeviceInfo& device() const { return info_; }
    bool supports(DType dtype) const;
    // Largest input or output buffer of one piece in bytes; 0 (the default) means
    // UPSAMPLE_OPENCL_MAX_ALLOC when set, else min(max allocation, global memory / 4).
    // Tensors over the limit run in pieces: groups of planes, or boxes of one plane.
    void setPieceLimit(uint64_t bytes) { pieceLimit_ = bytes; }
    // Kernel launches of the last run (antialias counts both passes).
    int lastLaunches() const { return lastLaunches_; }
    // Device time of the last run's kernels, from the queue's profiling events (no transfers).
    double lastKernelMilliseconds() const { return lastKernelMs_; }
    double kernelMilliseconds() const override { return lastKernelMs_; }
    // The device's floor: the median device time of `repeat` runs of a copy kernel (core/kernels/
    // copy.cl) that reads bytes / 2 and writes bytes / 2, in the memory the resize kernels use.
    double copyKernelMilliseconds(uint64_t bytes, int repeat = 5);

private:
    OpenCLDeviceInfo info_;
    uint64_t pieceLimit_ = 0;
    int lastLaunches_ = 0;
    double lastKernelMs_ = 0;
};

}  // namespace upsample
