#include "runtime.hpp"

#include "cache_files.hpp"
#include "driver_threads.hpp"

#include "opencl_kernels.hpp"  // generated from core/kernels/*.cl

#include <algorithm>
#include <cctype>
#include <optional>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string_view>

extern char** environ;

namespace upsample {

std::string openclStatusName(int status) {
    static const std::map<int, const char*> names = {
        {CL_SUCCESS, "CL_SUCCESS"},
        {CL_DEVICE_NOT_FOUND, "CL_DEVICE_NOT_FOUND"},
        {CL_DEVICE_NOT_AVAILABLE, "CL_DEVICE_NOT_AVAILABLE"},
        {CL_COMPILER_NOT_AVAILABLE, "CL_COMPILER_NOT_AVAILABLE"},
        {CL_MEM_OBJECT_ALLOCATION_FAILURE, "CL_MEM_OBJECT_ALLOCATION_FAILURE"},
        {CL_OUT_OF_RESOURCES, "CL_OUT_OF_RESOURCES"},
        {CL_OUT_OF_HOST_MEMORY, "CL_OUT_OF_HOST_MEMORY"},
        {CL_BUILD_PROGRAM_FAILURE, "CL_BUILD_PROGRAM_FAILURE"},
        {CL_MAP_FAILURE, "CL_MAP_FAILURE"},
        {CL_EXEC_STATUS_ERROR_FOR_EVENTS_IN_WAIT_LIST, "CL_EXEC_STATUS_ERROR_FOR_EVENTS_IN_WAIT_LIST"},
        {CL_INVALID_VALUE, "CL_INVALID_VALUE"},
        {CL_INVALID_DEVICE_TYPE, "CL_INVALID_DEVICE_TYPE"},
        {CL_INVALID_PLATFORM, "CL_INVALID_PLATFORM"},
        {CL_INVALID_DEVICE, "CL_INVALID_DEVICE"},
        {CL_INVALID_CONTEXT, "CL_INVALID_CONTEXT"},
        {CL_INVALID_COMMAND_QUEUE, "CL_INVALID_COMMAND_QUEUE"},
        {CL_INVALID_MEM_OBJECT, "CL_INVALID_MEM_OBJECT"},
        {CL_INVALID_BINARY, "CL_INVALID_BINARY"},
        {CL_INVALID_BUILD_OPTIONS, "CL_INVALID_BUILD_OPTIONS"},
        {CL_INVALID_PROGRAM, "CL_INVALID_PROGRAM"},
        {CL_INVALID_PROGRAM_EXECUTABLE, "CL_INVALID_PROGRAM_EXECUTABLE"},
        {CL_INVALID_KERNEL_NAME, "CL_INVALID_KERNEL_NAME"},
        {CL_INVALID_KERNEL, "CL_INVALID_KERNEL"},
        {CL_INVALID_ARG_INDEX, "CL_INVALID_ARG_INDEX"},
        {CL_INVALID_ARG_VALUE, "CL_INVALID_ARG_VALUE"},
        {CL_INVALID_ARG_SIZE, "CL_INVALID_ARG_SIZE"},
        {CL_INVALID_KERNEL_ARGS, "CL_INVALID_KERNEL_ARGS"},
        {CL_INVALID_WORK_DIMENSION, "CL_INVALID_WORK_DIMENSION"},
        {CL_INVALID_WORK_GROUP_SIZE, "CL_INVALID_WORK_GROUP_SIZE"},
        {CL_INVALID_WORK_ITEM_SIZE, "CL_INVALID_WORK_ITEM_SIZE"},
        {CL_INVALID_GLOBAL_OFFSET, "CL_INVALID_GLOBAL_OFFSET"},
        {CL_INVALID_BUFFER_SIZE, "CL_INVALID_BUFFER_SIZE"},
        {CL_INVALID_GLOBAL_WORK_SIZE, "CL_INVALID_GLOBAL_WORK_SIZE"},
        {CL_INVALID_OPERATION, "CL_INVALID_OPERATION"},
        {-1001, "CL_PLATFORM_NOT_FOUND_KHR"},
    };
    const auto it = names.find(status);
    if (it == names.end()) return "OpenCL status " + std::to_string(status);
    return std::string(it->second) + " (" + std::to_string(status) + ")";
}

std::string OpenCLDeviceInfo::openclVersion() const {
    // "OpenCL <major.minor> <vendor text>"
    const std::string prefix = "OpenCL ";
    if (version.rfind(prefix, 0) != 0) return version;
    const auto end = version.find(' ', prefix.size());
    return version.substr(prefix.size(), end == std::string::npos ? std::string::npos : end - prefix.size());
}

bool openclBuiltIn() { return true; }

OpenCLInventory listOpenCLDevices() { return opencl::Runtime::instance().inventory(); }

int chooseOpenCLDevice(int requested) {
    const OpenCLInventory inv = listOpenCLDevices();
    if (opencl::injectedFaults().noDevice)
        throw OpenCLError("no usable OpenCL device (injected by UPSAMPLE_OPENCL_FAULT=nodevice)");
    if (!inv.problem.empty() && inv.devices.empty()) throw OpenCLError(inv.problem);
    int index = requested;
    std::string from = "--device";
    if (index < 0) {
        if (const char* env = std::getenv("UPSAMPLE_OPENCL_DEVICE"); env && *env) {
            char* end = nullptr;
            const long v = std::strtol(env, &end, 10);
            if (*end != '\0' || v < 0 || v > 1000000)
                throw OpenCLError(std::string("UPSAMPLE_OPENCL_DEVICE='") + env + "' is not a device index");
            index = static_cast<int>(v);
            from = "UPSAMPLE_OPENCL_DEVICE";
        }
    }
    if (index < 0) {
        if (inv.defaultDevice < 0) throw OpenCLError(inv.problem.empty() ? "no usable OpenCL device" : inv.problem);
        return inv.defaultDevice;
    }
    if (index >= static_cast<int>(inv.devices.size()))
        throw OpenCLError(from + " " + std::to_string(index) + ": there is no OpenCL device " + std::to_string(index) +
                          " (" + std::to_string(inv.devices.size()) + " found; see upsample-cli devices)");
    const auto& d = inv.devices[static_cast<std::size_t>(index)];
    if (!d.usable)
        throw OpenCLError(from + " " + std::to_string(index) + ": OpenCL device '" + d.name +
                          "' is not available or has no compiler");
    return index;
}

OpenCLCacheStats openclCacheStats() { return opencl::Runtime::instance().stats(); }
void clearOpenCLProgramCache() { opencl::Runtime::instance().clearPrograms(); }

namespace opencl {

Faults injectedFaults() {
    Faults f;
    const char* env = std::getenv("UPSAMPLE_OPENCL_FAULT");
    if (!env) return f;
    std::stringstream ss(env);
    std::string item;
    while (std::getline(ss, item, ',')) {
        if (item == "build") f.build = true;
        else if (item == "alloc") f.alloc = true;
        else if (item == "enqueue") f.enqueue = true;
        else if (item == "read") f.read = true;
        else if (item == "nodevice") f.noDevice = true;
        else if (item == "nofp64") f.noFp64 = true;
    }
    return f;
}

void check(cl_int status, const char* call, const std::string& what) {
    if (status != CL_SUCCESS)
        throw OpenCLError(what + ": " + call + " failed with " + openclStatusName(status), status, call);
}

cl_int finishEvent(cl_event e, uint64_t& ns) {
    ns = 0;
    if (!e) return CL_INVALID_EVENT;
    cl_ulong start = 0, end = 0;
    const cl_int status = clWaitForEvents(1, &e);
    if (status == CL_SUCCESS &&
        clGetEventProfilingInfo(e, CL_PROFILING_COMMAND_START, sizeof start, &start, nullptr) == CL_SUCCESS &&
        clGetEventProfilingInfo(e, CL_PROFILING_COMMAND_END, sizeof end, &end, nullptr) == CL_SUCCESS && end >= start)
        ns = end - start;
    clReleaseEvent(e);
    return status;
}

namespace {

std::string platformString(cl_platform_id p, cl_platform_info what) {
    std::size_t n = 0;
    if (clGetPlatformInfo(p, what, 0, nullptr, &n) != CL_SUCCESS || n == 0) return {};
    std::string s(n, '\0');
    if (clGetPlatformInfo(p, what, n, s.data(), nullptr) != CL_SUCCESS) return {};
    s.resize(std::strlen(s.c_str()));
    return s;
}

std::string deviceString(cl_device_id d, cl_device_info what) {
    std::size_t n = 0;
    if (clGetDeviceInfo(d, what, 0, nullptr, &n) != CL_SUCCESS || n == 0) return {};
    std::string s(n, '\0');
    if (clGetDeviceInfo(d, what, n, s.data(), nullptr) != CL_SUCCESS) return {};
    s.resize(std::strlen(s.c_str()));
    return s;
}

template <class V>
V deviceValue(cl_device_id d, cl_device_info what) {
    V v{};
    if (clGetDeviceInfo(d, what, sizeof v, &v, nullptr) != CL_SUCCESS) return V{};
    return v;
}

std::string typeName(cl_device_type t) {
    if (t & CL_DEVICE_TYPE_GPU) return "GPU";
    if (t & CL_DEVICE_TYPE_CPU) return "CPU";
    if (t & CL_DEVICE_TYPE_ACCELERATOR) return "accelerator";
    return "custom";
}

std::string buildLog(cl_program program, cl_device_id device) {
    std::size_t n = 0;
    if (clGetProgramBuildInfo(program, device, CL_PROGRAM_BUILD_LOG, 0, nullptr, &n) != CL_SUCCESS || n == 0) return {};
    std::string log(n, '\0');
    if (clGetProgramBuildInfo(program, device, CL_PROGRAM_BUILD_LOG, n, log.data(), nullptr) != CL_SUCCESS) return {};
    log.resize(std::strlen(log.c_str()));
    return log;
}

// The first line of a build log that reports an error (else its first line), shortened.
std::string firstError(const std::string& log) {
    std::istringstream in(log);
    std::string line, first;
    while (std::getline(in, line)) {
        if (first.empty() && !line.empty()) first = line;
        if (line.find("error") != std::string::npos) {
            first = line;
            break;
        }
    }
    if (first.size() > 200) first = first.substr(0, 197) + "...";
    return first;
}

std::vector<unsigned char> programBinary(cl_program program) {
    std::size_t size = 0;
    if (clGetProgramInfo(program, CL_PROGRAM_BINARY_SIZES, sizeof size, &size, nullptr) != CL_SUCCESS || size == 0)
        return {};
    std::vector<unsigned char> bytes(size);
    unsigned char* ptr = bytes.data();
    if (clGetProgramInfo(program, CL_PROGRAM_BINARIES, sizeof ptr, &ptr, nullptr) != CL_SUCCESS) return {};
    return bytes;
}

}  // namespace

namespace {
// The text of a kernel file: the embedded one, or with UPSAMPLE_OPENCL_KERNEL_DIR set (for work
// on the kernels without a rebuild) the file of that name in that folder.
EmbeddedKernelFile kernelFile(const std::string& part) {
    if (const char* dir = std::getenv("UPSAMPLE_OPENCL_KERNEL_DIR"); dir && *dir) {
        static std::map<std::string, std::string>* texts = new std::map<std::string, std::string>;
        static std::mutex mutex;
        std::lock_guard lock(mutex);
        const auto bytes = readFile(std::filesystem::path(dir) / part);
        if (bytes.empty()) throw OpenCLError("no OpenCL kernel file " + part + " in UPSAMPLE_OPENCL_KERNEL_DIR");
        std::string& text = (*texts)[part];
        text.assign(bytes.begin(), bytes.end());
        return {"", text};
    }
    for (const auto& f : kEmbeddedKernelFiles)
        if (f.name == part) return f;
    throw OpenCLError("no OpenCL kernel file " + part + " in this build");
}

// The helper files a program's .cl file asks for on lines "// needs: taps.cl" (before its own text).
// What follows `prefix` on each line of a kernel file that starts with it ("// needs: ").
std::vector<std::string> directives(std::string_view text, std::string_view prefix) {
    std::vector<std::string> found;
    for (std::size_t pos = 0; pos < text.size();) {
        const std::size_t end = std::min(text.find('\n', pos), text.size());
        const std::string_view line = text.substr(pos, end - pos);
        if (line.substr(0, prefix.size()) == prefix) found.emplace_back(line.substr(prefix.size()));
        pos = end + 1;
    }
    return found;
}
}  // namespace

std::vector<std::string> programParts(const std::string& name) {
    return directives(kernelFile(name + ".cl").text, "// needs: ");
}

bool programHasForm(const std::string& program, const std::string& kernel, const std::string& form) {
    const std::string wanted = kernel + " " + form;
    for (const auto& line : directives(kernelFile(program + ".cl").text, "// cpu form: "))
        if (line == wanted) return true;
    return false;
}

std::string programSource(const std::string& name) {
    std::vector<std::string> parts = {"common.cl"};
    for (auto& part : programParts(name)) parts.push_back(std::move(part));
    parts.push_back(name + ".cl");
    std::string source;
    for (const auto& part : parts) {
        const EmbeddedKernelFile file = kernelFile(part);
        source += "#line 1 \"" + part + "\"\n";
        source += file.text;
        source += "\n";
    }
    return source;
}

Runtime& Runtime::instance() {
    static Runtime* runtime = new Runtime;  // never destroyed, see runtime.hpp
    return *runtime;
}

void Runtime::discover() {
    if (discovered_) return;
    discovered_ = true;
    pinDriverThreads();  // before the driver starts its threads (driver_threads.hpp)
    cl_uint count = 0;
    const cl_int status = clGetPlatformIDs(0, nullptr, &count);
    if (status != CL_SUCCESS || count == 0) {
        inventory_.problem = "no OpenCL platform found" +
                             (status == CL_SUCCESS ? std::string() : ", clGetPlatformIDs returned " + openclStatusName(status));
        return;
    }
    std::vector<cl_platform_id> platforms(count);
    if (cl_int s = clGetPlatformIDs(count, platforms.data(), nullptr); s != CL_SUCCESS) {
        inventory_.problem = "no OpenCL platform found, clGetPlatformIDs returned " + openclStatusName(s);
        return;
    }
    for (cl_uint p = 0; p < count; ++p) {
        OpenCLPlatformInfo pi;
        pi.index = static_cast<int>(p);
        pi.name = platformString(platforms[p], CL_PLATFORM_NAME);
        pi.vendor = platformString(platforms[p], CL_PLATFORM_VENDOR);
        pi.version = platformString(platforms[p], CL_PLATFORM_VERSION);
        inventory_.platforms.push_back(pi);
        cl_uint n = 0;
        if (clGetDeviceIDs(platforms[p], CL_DEVICE_TYPE_ALL, 0, nullptr, &n) != CL_SUCCESS || n == 0) continue;
        std::vector<cl_device_id> ids(n);
        if (clGetDeviceIDs(platforms[p], CL_DEVICE_TYPE_ALL, n, ids.data(), nullptr) != CL_SUCCESS) continue;
        for (cl_device_id id : ids) {
            auto d = std::make_unique<DeviceState>();
            d->platform = platforms[p];
            d->id = id;
            OpenCLDeviceInfo& info = d->info;
            info.index = static_cast<int>(devices_.size());
            info.platformIndex = pi.index;
            info.platform = pi.name;
            info.name = deviceString(id, CL_DEVICE_NAME);
            info.type = typeName(deviceValue<cl_device_type>(id, CL_DEVICE_TYPE));
            info.version = deviceString(id, CL_DEVICE_VERSION);
            info.driverVersion = deviceString(id, CL_DRIVER_VERSION);
            info.globalMemory = deviceValue<cl_ulong>(id, CL_DEVICE_GLOBAL_MEM_SIZE);
            info.maxAllocation = deviceValue<cl_ulong>(id, CL_DEVICE_MAX_MEM_ALLOC_SIZE);
            const std::string extensions = " " + deviceString(id, CL_DEVICE_EXTENSIONS) + " ";
            info.fp64 = extensions.find(" cl_khr_fp64 ") != std::string::npos ||
                        deviceValue<cl_device_fp_config>(id, CL_DEVICE_DOUBLE_FP_CONFIG) != 0;
            info.sharesHostMemory = (deviceValue<cl_device_type>(id, CL_DEVICE_TYPE) & CL_DEVICE_TYPE_CPU) != 0 ||
                                    deviceValue<cl_bool>(id, CL_DEVICE_HOST_UNIFIED_MEMORY) == CL_TRUE;
            info.usable = deviceValue<cl_bool>(id, CL_DEVICE_AVAILABLE) == CL_TRUE &&
                          deviceValue<cl_bool>(id, CL_DEVICE_COMPILER_AVAILABLE) == CL_TRUE;
            d->correctlyRoundedDivide =
                (deviceValue<cl_device_fp_config>(id, CL_DEVICE_SINGLE_FP_CONFIG) & CL_FP_CORRECTLY_ROUNDED_DIVIDE_SQRT) != 0;
            inventory_.devices.push_back(info);
            devices_.push_back(std::move(d));
        }
    }
    inventory_.defaultDevice = defaultOpenCLDevice(inventory_.devices);
    if (inventory_.devices.empty()) inventory_.problem = "no OpenCL device on " + std::to_string(count) + " platform(s)";
    else if (inventory_.defaultDevice < 0) inventory_.problem = "no usable OpenCL device (none available with a compiler)";
}

OpenCLInventory Runtime::inventory() {
    std::lock_guard lock(mutex_);
    discover();
    return inventory_;
}

DeviceState& Runtime::open(int index) {
    std::lock_guard lock(mutex_);
    discover();
    if (index < 0 || index >= static_cast<int>(devices_.size()))
        throw OpenCLError("there is no OpenCL device " + std::to_string(index));
    DeviceState& d = *devices_[static_cast<std::size_t>(index)];
    const std::string what = "OpenCL device '" + d.info.name + "'";
    if (!d.context) {
        const cl_context_properties props[] = {CL_CONTEXT_PLATFORM, reinterpret_cast<cl_context_properties>(d.platform),
                                               0};
        cl_int status = CL_SUCCESS;
        cl_context context = clCreateContext(props, 1, &d.id, nullptr, nullptr, &status);
        check(status, "clCreateContext", what);
        cl_command_queue queue = clCreateCommandQueue(context, d.id, CL_QUEUE_PROFILING_ENABLE, &status);
        if (status != CL_SUCCESS) {
            clReleaseContext(context);
            check(status, "clCreateCommandQueue", what);
        }
        d.context = context;
        d.queue = queue;
        ++stats_.contexts;
        d.hostUnified = d.info.sharesHostMemory;
        d.maxWorkGroup = std::max<std::size_t>(1, deviceValue<std::size_t>(d.id, CL_DEVICE_MAX_WORK_GROUP_SIZE));
        std::size_t items[3] = {1, 1, 1};
        if (clGetDeviceInfo(d.id, CL_DEVICE_MAX_WORK_ITEM_SIZES, sizeof items, items, nullptr) == CL_SUCCESS)
            for (int i = 0; i < 3; ++i) d.maxItems[i] = std::max<std::size_t>(1, items[i]);
        d.computeUnits = std::max<cl_uint>(1, deviceValue<cl_uint>(d.id, CL_DEVICE_MAX_COMPUTE_UNITS));
    }
    return d;
}

Program Runtime::program(DeviceState& d, const std::string& name, bool fp64, const std::string& extra) {
    std::string options = fp64 ? "-DT=double -DUPSAMPLE_FP64=1" : "-DT=float";
    if (!extra.empty()) options += " " + extra;
    if (d.correctlyRoundedDivide) options += " -cl-fp32-correctly-rounded-divide-sqrt";
    std::string source = programSource(name);
    const std::string what = "building " + name + ".cl (" + (fp64 ? "double" : "float") + ") for '" + d.info.name + "'";
    const bool broken = injectedFaults().build;
    if (broken) source += "#error \"injected build failure (UPSAMPLE_OPENCL_FAULT=build)\"\n";

    std::lock_guard lock(mutex_);
    const auto key = std::make_tuple(d.context, d.id, name, options);
    if (!broken) {
        if (auto it = programs_.find(key); it != programs_.end()) {
            ++stats_.hits;
            clRetainProgram(it->second);
            return Program(it->second);
        }
    }

    // The disk cache: a binary per (device, driver, options, source).
    std::filesystem::path cacheFile;
    if (!broken) {
        if (const auto dir = cacheDirectory(); !dir.empty()) {
            const uint64_t h = fnv1a(source, fnv1a(options, fnv1a(d.info.platform + '\n' + d.info.name + '\n' +
                                                                  d.info.version + '\n' + d.info.driverVersion)));
            char hex[17];
            std::snprintf(hex, sizeof hex, "%016llx", static_cast<unsigned long long>(h));
            cacheFile = dir / (name + (fp64 ? "-f64-" : "-f32-") + hex + ".bin");
            const auto bytes = readFile(cacheFile);
            if (!bytes.empty()) {
                const unsigned char* ptr = bytes.data();
                const std::size_t size = bytes.size();
                cl_int binaryStatus = CL_SUCCESS, status = CL_SUCCESS;
                cl_program p = clCreateProgramWithBinary(d.context, 1, &d.id, &size, &ptr, &binaryStatus, &status);
                if (status == CL_SUCCESS && binaryStatus == CL_SUCCESS &&
                    clBuildProgram(p, 1, &d.id, options.c_str(), nullptr, nullptr) == CL_SUCCESS) {
                    ++stats_.diskLoads;
                    programs_[key] = p;
                    clRetainProgram(p);
                    return Program(p);
                }
                if (p) clReleaseProgram(p);  // stale or foreign: build from source and replace it
            }
        }
    }

    const char* text = source.c_str();
    const std::size_t length = source.size();
    cl_int status = CL_SUCCESS;
    Program p(clCreateProgramWithSource(d.context, 1, &text, &length, &status));
    check(status, "clCreateProgramWithSource", what);
    status = clBuildProgram(p.get(), 1, &d.id, options.c_str(), nullptr, nullptr);
    if (status != CL_SUCCESS) {
        const std::string log = buildLog(p.get(), d.id);
        const std::string first = firstError(log);
        throw OpenCLError(what + " failed with " + openclStatusName(status) + (first.empty() ? "" : ": " + first),
                          status, "clBuildProgram", log);
    }
    ++stats_.builds;
    if (!cacheFile.empty()) {
        const auto bytes = programBinary(p.get());
        if (!bytes.empty() && writeFileAtomically(cacheFile, bytes)) ++stats_.diskStores;
    }
    if (broken) return p;  // never cached
    clRetainProgram(p.get());
    programs_[key] = p.get();
    return p;
}

OpenCLCacheStats Runtime::stats() {
    std::lock_guard lock(mutex_);
    return stats_;
}

cl_kernel Runtime::kernel(DeviceState& d, cl_program program, const std::string& name) {
    auto& kernels = d.session.kernels;
    if (auto it = kernels.find({program, name}); it != kernels.end()) return it->second;
    cl_int status = CL_SUCCESS;
    cl_kernel k = clCreateKernel(program, name.c_str(), &status);
    check(status, "clCreateKernel", "OpenCL device '" + d.info.name + "'");
    kernels[{program, name}] = k;
    std::lock_guard lock(mutex_);
    ++stats_.kernels;
    return k;
}

void Runtime::countTableUpload(bool hit) {
    std::lock_guard lock(mutex_);
    ++(hit ? stats_.tableHits : stats_.tableUploads);
}

void Runtime::clearPrograms() {
    for (auto& dev : devices_) {  // kernels hold their programs
        std::lock_guard run(dev->session.mutex);
        for (auto& [key, k] : dev->session.kernels) clReleaseKernel(k);
        dev->session.kernels.clear();
        dev->session.tables.clear();
    }
    std::lock_guard lock(mutex_);
    for (auto& [key, p] : programs_) clReleaseProgram(p);
    programs_.clear();
}

}  // namespace opencl

// The device list for auto, cached per process and on disk.
namespace {
std::string clean(std::string s) {  // one field of a line
    for (char& c : s)
        if (c == '\t' || c == '\n' || c == '\r') c = ' ';
    return s;
}

std::vector<std::string> splitTabs(const std::string& line) {
    std::vector<std::string> f;
    std::size_t pos = 0;
    for (;;) {
        const std::size_t end = line.find('\t', pos);
        f.push_back(line.substr(pos, end == std::string::npos ? std::string::npos : end - pos));
        if (end == std::string::npos) return f;
        pos = end + 1;
    }
}
}  // namespace

std::string openclInventoryText(const OpenCLInventory& inv) {
    std::ostringstream o;
    o << "upsample-opencl-devices 1\n";
    o << "default\t" << inv.defaultDevice << "\n";
    o << "problem\t" << clean(inv.problem) << "\n";
    for (const auto& p : inv.platforms)
        o << "platform\t" << p.index << '\t' << clean(p.name) << '\t' << clean(p.vendor) << '\t' << clean(p.version) << "\n";
    for (const auto& d : inv.devices)
        o << "device\t" << d.index << '\t' << d.platformIndex << '\t' << clean(d.platform) << '\t' << clean(d.name) << '\t'
          << clean(d.type) << '\t' << clean(d.version) << '\t' << clean(d.driverVersion) << '\t' << d.globalMemory << '\t'
          << d.maxAllocation << '\t' << d.fp64 << '\t' << d.usable << '\t' << d.sharesHostMemory << "\n";
    o << "end\n";
    return o.str();
}

std::optional<OpenCLInventory> openclInventoryFromText(const std::string& text) {
    std::istringstream in(text);
    std::string line;
    if (!std::getline(in, line) || line != "upsample-opencl-devices 1") return std::nullopt;
    OpenCLInventory inv;
    bool end = false;
    try {
        while (std::getline(in, line)) {
            const auto f = splitTabs(line);
            if (f[0] == "default" && f.size() == 2) inv.defaultDevice = std::stoi(f[1]);
            else if (f[0] == "problem" && f.size() == 2) inv.problem = f[1];
            else if (f[0] == "platform" && f.size() == 5) inv.platforms.push_back({std::stoi(f[1]), f[2], f[3], f[4]});
            else if (f[0] == "device" && f.size() == 13) {
                OpenCLDeviceInfo d;
                d.index = std::stoi(f[1]);
                d.platformIndex = std::stoi(f[2]);
                d.platform = f[3];
                d.name = f[4];
                d.type = f[5];
                d.version = f[6];
                d.driverVersion = f[7];
                d.globalMemory = std::stoull(f[8]);
                d.maxAllocation = std::stoull(f[9]);
                d.fp64 = f[10] == "1";
                d.usable = f[11] == "1";
                d.sharesHostMemory = f[12] == "1";
                if (d.index != static_cast<int>(inv.devices.size())) return std::nullopt;
                inv.devices.push_back(d);
            } else if (f[0] == "end" && f.size() == 1) {
                end = true;
                break;
            } else {
                return std::nullopt;
            }
        }
    } catch (const std::exception&) {
        return std::nullopt;
    }
    if (!end || inv.defaultDevice >= static_cast<int>(inv.devices.size())) return std::nullopt;
    return inv;
}

void prepareOpenCLDriver() { opencl::pinDriverThreads(); }

std::string openclDriverKey() {
    std::string material = "upsample-opencl-devices 1\n";
    std::vector<std::string> env;
    for (char** e = environ; e && *e; ++e) {
        const std::string_view v(*e);
        if (v.rfind("POCL_AFFINITY=", 0) == 0) continue;  // pins threads: the devices and programs are the same
        if (v.rfind("OCL_", 0) == 0 || v.rfind("POCL_", 0) == 0 || v.rfind("OPENCL_", 0) == 0 ||
            v.rfind("CUDA_VISIBLE_DEVICES=", 0) == 0 || v.rfind("ROCR_VISIBLE_DEVICES=", 0) == 0)
            env.emplace_back(v);
    }
    std::sort(env.begin(), env.end());
    for (const auto& e : env) material += e + "\n";
    namespace fs = std::filesystem;
    std::error_code ec;
    fs::path vendors = "/etc/OpenCL/vendors";
    if (const char* v = std::getenv("OCL_ICD_VENDORS"); v && *v && fs::is_directory(v, ec)) vendors = v;
    std::vector<fs::path> icds;
    for (fs::directory_iterator it(vendors, ec), end; !ec && it != end; it.increment(ec))
        if (it->path().extension() == ".icd") icds.push_back(it->path());
    std::sort(icds.begin(), icds.end());
    auto stamp = [&](const fs::path& p) {
        std::error_code e2;
        const auto size = fs::file_size(p, e2);
        if (e2) return std::string("-");
        const auto time = fs::last_write_time(p, e2).time_since_epoch().count();
        return std::to_string(size) + "@" + std::to_string(time);
    };
    for (const auto& icd : icds) {
        const auto bytes = opencl::readFile(icd);
        std::string library(bytes.begin(), bytes.end());
        while (!library.empty() && std::isspace(static_cast<unsigned char>(library.back()))) library.pop_back();
        material += icd.filename().string() + "=" + library + ":" + stamp(icd) + "\n";
        fs::path lib = library;
        if (!lib.is_absolute())
            for (const char* dir : {"/usr/lib/x86_64-linux-gnu", "/usr/lib/aarch64-linux-gnu", "/usr/lib64", "/usr/lib",
                                    "/usr/local/lib", "/lib/x86_64-linux-gnu"})
                if (fs::exists(fs::path(dir) / library, ec)) {
                    lib = fs::path(dir) / library;
                    break;
                }
        material += "  " + lib.string() + ":" + stamp(fs::canonical(lib, ec).empty() ? lib : fs::canonical(lib, ec)) + "\n";
    }
    char hex[17];
    std::snprintf(hex, sizeof hex, "%016llx", static_cast<unsigned long long>(opencl::fnv1a(material)));
    return hex;
}

OpenCLProbe probeOpenCL() {
    static std::mutex mutex;
    static std::optional<OpenCLProbe> cached;  // this process's answer
    std::lock_guard lock(mutex);
    if (cached) return *cached;
    OpenCLProbe p;
    p.key = openclDriverKey();
    const auto dir = opencl::cacheDirectory();
    const auto file = dir.empty() ? std::filesystem::path() : dir / ("devices-" + p.key + ".txt");
    if (!file.empty()) {
        const auto bytes = opencl::readFile(file);
        if (auto inv = openclInventoryFromText(std::string(bytes.begin(), bytes.end()))) {
            p.inventory = std::move(*inv);
            p.fromDisk = true;
        }
    }
    if (!p.fromDisk) {
        p.inventory = listOpenCLDevices();
        if (!file.empty()) {
            const std::string text = openclInventoryText(p.inventory);
            opencl::writeFileAtomically(file, std::vector<unsigned char>(text.begin(), text.end()));
        }
    }
    cached = p;
    return p;
}

}  // namespace upsample
