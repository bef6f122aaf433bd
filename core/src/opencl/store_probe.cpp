// The store probe (store_probe.hpp): plain against streamed stores on a CPU device.
#include "store_probe.hpp"

#include "cache_files.hpp"
#include "upsample/opencl.hpp"

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <map>
#include <mutex>
#include <sstream>
#include <utility>
#include <vector>

namespace upsample::opencl {

namespace {
constexpr const char* kHeader = "upsample-studio opencl stores 1";
// 4096 x 2048 floats: 32 MiB, as large as the outputs the gather streams from; items of 64 floats
// x 128 rows, as the tap blocks' (8 blocks of 8 outputs, up to 128 rows).
constexpr int kWidth = 4096, kHeight = 2048, kGroups = 4, kRows = 128;
constexpr int kRuns = 7;  // each form, alternating, after one warm-up run of each (the fastest counts)

double runMs(DeviceState& d, cl_kernel kernel, const std::string& what) {
    const std::size_t local[2] = {std::min<std::size_t>({16, d.maxItems[0], d.maxWorkGroup}), 1};
    const std::size_t global[2] = {(kWidth / (16 * kGroups) + local[0] - 1) / local[0] * local[0],
                                   static_cast<std::size_t>(kHeight / kRows)};
    cl_event done = nullptr;
    check(clEnqueueNDRangeKernel(d.queue, kernel, 2, nullptr, global, local, 0, nullptr, &done),
          "clEnqueueNDRangeKernel", what);
    uint64_t ns = 0;
    check(finishEvent(done, ns), "clWaitForEvents", what);
    return static_cast<double>(ns) / 1e6;
}
}  // namespace

std::string storeProbePath(const std::string& device) {
    const auto dir = cacheDirectory();
    if (dir.empty()) return {};
    char hex[17];
    std::snprintf(hex, sizeof hex, "%016llx", static_cast<unsigned long long>(fnv1a(device)));
    return (dir / ("stores-" + openclDriverKey() + "-" + hex + ".txt")).string();
}

StoreProbe measureStoreProbe(DeviceState& d) {
    const std::string what = "OpenCL device '" + d.info.name + "' (store probe)";
    const std::string shape = "-DPROBE_GROUPS=" + std::to_string(kGroups) + " -DPROBE_ROWS=" + std::to_string(kRows);
    Program plain = Runtime::instance().program(d, "copy", false, shape);
    Program streamed = Runtime::instance().program(d, "copy", false, shape + " -DSTREAM_STORES=1");
    std::lock_guard lock(d.session.mutex);
    const cl_kernel kernels[2] = {Runtime::instance().kernel(d, plain.get(), "store_probe"),
                                  Runtime::instance().kernel(d, streamed.get(), "store_probe")};
    cl_int status = CL_SUCCESS;
    // (the device's own allocations: aligned for its widest vectors, as the streamed stores need)
    const std::size_t bytes = static_cast<std::size_t>(kWidth) * kHeight * sizeof(float);
    const cl_mem_flags host = d.hostUnified ? CL_MEM_ALLOC_HOST_PTR : 0;
    // (zeros in: no denormal or NaN to slow one form; copied at creation, OpenCL 1.0's way)
    const std::vector<float> zeros(bytes / 2 / sizeof(float), 0.0f);
    Mem in(clCreateBuffer(d.context, CL_MEM_READ_ONLY | CL_MEM_COPY_HOST_PTR | host, bytes / 2,
                          const_cast<float*>(zeros.data()), &status));
    check(status, "clCreateBuffer", what);
    Mem out(clCreateBuffer(d.context, CL_MEM_WRITE_ONLY | host, bytes, nullptr, &status));
    check(status, "clCreateBuffer", what);
    const cl_mem inMem = in.get(), outMem = out.get();
    const cl_int width = kWidth, height = kHeight;
    for (const cl_kernel k : kernels) {
        check(clSetKernelArg(k, 0, sizeof inMem, &inMem), "clSetKernelArg", what);
        check(clSetKernelArg(k, 1, sizeof outMem, &outMem), "clSetKernelArg", what);
        check(clSetKernelArg(k, 2, sizeof width, &width), "clSetKernelArg", what);
        check(clSetKernelArg(k, 3, sizeof height, &height), "clSetKernelArg", what);
    }
    StoreProbe p;
    for (int r = 0; r <= kRuns; ++r)
        for (int form = 0; form < 2; ++form) {
            const double ms = runMs(d, kernels[(r + form) % 2], what);  // the order alternates
            if (r == 0) continue;  // warm-up: the pages' first touch, the kernels' first run
            double& best = (r + form) % 2 == 0 ? p.plainMs : p.streamMs;
            best = best > 0 ? std::min(best, ms) : ms;
        }
    return p;
}

std::string storeProbeText(const std::string& device, const StoreProbe& p) {
    char values[96];
    std::snprintf(values, sizeof values, "plain\t%.4f\nstream\t%.4f\n", p.plainMs, p.streamMs);
    return std::string(kHeader) + "\ndevice\t" + device + "\n" + values;
}

std::optional<StoreProbe> storeProbeFromText(const std::string& text, const std::string& device) {
    std::istringstream in(text);
    std::string line;
    if (!std::getline(in, line) || line != kHeader) return std::nullopt;
    if (!std::getline(in, line) || line != "device\t" + device) return std::nullopt;
    StoreProbe p;
    for (auto [key, value] : {std::pair{"plain\t", &p.plainMs}, std::pair{"stream\t", &p.streamMs}}) {
        const std::string k = key;
        if (!std::getline(in, line) || line.rfind(k, 0) != 0) return std::nullopt;
        const std::string number = line.substr(k.size());
        char* end = nullptr;
        *value = std::strtod(number.c_str(), &end);
        if (number.empty() || *end != '\0' || !(*value > 0) || *value > 1e6) return std::nullopt;
    }
    if (std::getline(in, line)) return std::nullopt;  // nothing after them
    return p;
}

StoreProbe storeProbe(DeviceState& d) {
    static std::mutex mutex;
    // by device and cache folder (the file's name also holds the driver key, which reads the ICD
    // files: asked only when this process has no answer yet, not on every run)
    static std::map<std::pair<const DeviceState*, std::string>, StoreProbe> known;
    std::lock_guard lock(mutex);
    const std::pair<const DeviceState*, std::string> key{&d, cacheDirectory().string()};
    if (auto it = known.find(key); it != known.end()) return it->second;
    const std::string path = storeProbePath(d.info.name);
    std::optional<StoreProbe> p;
    if (!path.empty()) {
        const auto bytes = readFile(path);
        p = storeProbeFromText(std::string(bytes.begin(), bytes.end()), d.info.name);
    }
    if (!p) {
        p = measureStoreProbe(d);
        if (!path.empty()) {
            const std::string text = storeProbeText(d.info.name, *p);
            writeFileAtomically(path, std::vector<unsigned char>(text.begin(), text.end()));
        }
    }
    known[key] = *p;
    return *p;
}

}  // namespace upsample::opencl
