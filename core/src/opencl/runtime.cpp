#include "runtime.hpp"

#include "opencl_kernels.hpp"  // generated from core/kernels/*.cl

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string_view>

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

// FNV-1a, 64 bits: a stable name for a cache entry.
uint64_t fnv1a(const std::string& s, uint64_t h = 1469598103934665603ull) {
    for (unsigned char c : s) {
        h ^= c;
        h *= 1099511628211ull;
    }
    return h;
}

std::filesystem::path cacheDirectory() {
    if (const char* dir = std::getenv("UPSAMPLE_OPENCL_CACHE_DIR")) {
        if (!*dir || std::strcmp(dir, "off") == 0) return {};
        return dir;
    }
    if (const char* xdg = std::getenv("XDG_CACHE_HOME"); xdg && *xdg)
        return std::filesystem::path(xdg) / "upsample-studio" / "opencl";
    if (const char* home = std::getenv("HOME"); home && *home)
        return std::filesystem::path(home) / ".cache" / "upsample-studio" / "opencl";
    return {};
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

// Reads a whole file; empty when it cannot.
std::vector<unsigned char> readFile(const std::filesystem::path& path) {
    std::ifstream f(path, std::ios::binary);
    if (!f) return {};
    return std::vector<unsigned char>(std::istreambuf_iterator<char>(f), std::istreambuf_iterator<char>());
}

// Writes beside path and renames, so readers never see half a file. Best effort.
bool writeFileAtomically(const std::filesystem::path& path, const std::vector<unsigned char>& bytes) {
    std::error_code ec;
    std::filesystem::create_directories(path.parent_path(), ec);
    const auto tmp = path.string() + ".tmp" + std::to_string(std::hash<std::string>{}(path.string()) ^
                                                            static_cast<std::size_t>(std::rand()));
    {
        std::ofstream f(tmp, std::ios::binary | std::ios::trunc);
        if (!f) return false;
        f.write(reinterpret_cast<const char*>(bytes.data()), static_cast<std::streamsize>(bytes.size()));
        if (!f) {
            std::filesystem::remove(tmp, ec);
            return false;
        }
    }
    std::filesystem::rename(tmp, path, ec);
    if (ec) std::filesystem::remove(tmp, ec);
    return !ec;
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
const EmbeddedKernelFile& kernelFile(const std::string& part) {
    for (const auto& f : kEmbeddedKernelFiles)
        if (f.name == part) return f;
    throw OpenCLError("no OpenCL kernel file " + part + " in this build");
}

// The helper files a program's .cl file asks for on lines "// needs: taps.cl" (before its own text).
std::vector<std::string> neededParts(std::string_view text) {
    std::vector<std::string> parts;
    constexpr std::string_view kNeeds = "// needs: ";
    for (std::size_t pos = 0; pos < text.size();) {
        const std::size_t end = std::min(text.find('\n', pos), text.size());
        const std::string_view line = text.substr(pos, end - pos);
        if (line.substr(0, kNeeds.size()) == kNeeds) parts.emplace_back(line.substr(kNeeds.size()));
        pos = end + 1;
    }
    return parts;
}
}  // namespace

std::string programSource(const std::string& name) {
    const EmbeddedKernelFile& own = kernelFile(name + ".cl");
    std::vector<std::string> parts = {"common.cl"};
    for (auto& part : neededParts(own.text)) parts.push_back(std::move(part));
    parts.push_back(name + ".cl");
    std::string source;
    for (const auto& part : parts) {
        const EmbeddedKernelFile& file = kernelFile(part);
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
    }
    return d;
}

Program Runtime::program(DeviceState& d, const std::string& name, bool fp64) {
    std::string options = fp64 ? "-DT=double -DUPSAMPLE_FP64=1" : "-DT=float";
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

void Runtime::clearPrograms() {
    std::lock_guard lock(mutex_);
    for (auto& [key, p] : programs_) clReleaseProgram(p);
    programs_.clear();
}

}  // namespace opencl
}  // namespace upsample
