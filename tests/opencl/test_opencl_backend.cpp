// The OpenCL backend around the kernels: devices and their choice, the program cache, faults
// that fall back to the CPU, float64 without fp64, and work split into pieces.
#include "../support/golden.hpp"
#include "opencl_support.hpp"

#include "opencl/driver_threads.hpp"
#include "opencl/pieces.hpp"
#include "opencl/runtime.hpp"
#include "opencl/store_probe.hpp"

#include "upsample/backend.hpp"
#include "upsample/opencl.hpp"

#include <catch2/catch.hpp>

#include <filesystem>
#include <fstream>
#include <random>
#include <vector>
#include <sched.h>
#include <unistd.h>

using namespace upsample;
using ocltest::EnvVar;
using ocltest::sameBits;

namespace {
Tensor randomTensor(Shape shape, DType dtype, unsigned seed) {
    Tensor t(std::move(shape), dtype);
    std::mt19937 rng(seed);
    std::normal_distribution<double> dist(0.0, 10.0);
    for (int64_t i = 0; i < t.numel(); ++i) {
        if (dtype == DType::Float64) t.data<double>()[i] = dist(rng);
        else t.data<float>()[i] = static_cast<float>(dist(rng));
    }
    return t;
}

Spec sizeSpec(Mode mode, std::vector<int64_t> size, bool alignCorners = false, bool antialias = false) {
    Spec s;
    s.mode = mode;
    s.size = std::move(size);
    s.sizeIsSequence = s.size->size() > 1;
    if (alignCorners) s.alignCorners = true;
    s.antialias = antialias;
    return s;
}

// One resize per kernel: nearest, nearest-exact, bilinear, bicubic, area, antialias, trilinear.
struct Job {
    const char* name;
    Shape shape;
    Spec spec;
};
std::vector<Job> oneJobPerKernel() {
    return {
        {"nearest", {2, 3, 9, 7}, sizeSpec(Mode::Nearest, {20, 5})},
        {"nearest-exact", {1, 2, 11}, sizeSpec(Mode::NearestExact, {25})},
        {"bilinear", {2, 2, 10, 9}, sizeSpec(Mode::Bilinear, {23, 6})},
        {"bicubic", {1, 3, 8, 12}, sizeSpec(Mode::Bicubic, {19, 17}, true)},
        {"area", {1, 2, 4, 13, 11}, sizeSpec(Mode::Area, {3, 5, 4})},
        {"antialias", {2, 1, 21, 18}, sizeSpec(Mode::Bicubic, {7, 25}, false, true)},
        {"trilinear", {1, 2, 5, 6, 7}, sizeSpec(Mode::Trilinear, {9, 4, 13})},
    };
}

Tensor onCpu(const Tensor& in, const ResolvedSpec& r) {
    Tensor out(r.outputShape, in.dtype());
    CpuBackend(1).run(r, in, out);
    return out;
}

std::string tempDir(const std::string& tag) {
    const auto dir = std::filesystem::temp_directory_path() /
                     ("upsample-test-" + tag + "-" + std::to_string(::getpid()));
    std::filesystem::remove_all(dir);
    std::filesystem::create_directories(dir);
    return dir.string();
}
}  // namespace

TEST_CASE("opencl devices: the platform of CI has a device, and the default is usable", "[opencl][devices]") {
    REQUIRE(openclBuiltIn());
    const OpenCLInventory inv = listOpenCLDevices();
    INFO(inv.problem);
    REQUIRE_FALSE(inv.platforms.empty());
    REQUIRE_FALSE(inv.devices.empty());
    REQUIRE(inv.defaultDevice >= 0);
    for (std::size_t i = 0; i < inv.devices.size(); ++i) {
        const auto& d = inv.devices[i];
        CHECK(d.index == static_cast<int>(i));
        CHECK_FALSE(d.name.empty());
        CHECK(d.maxAllocation > 0);
        CHECK(d.globalMemory >= d.maxAllocation);
        CHECK_FALSE(d.openclVersion().empty());
    }
    CHECK(inv.devices[static_cast<std::size_t>(inv.defaultDevice)].usable);
    CHECK(ocltest::backend().description() == "opencl: " + inv.devices[static_cast<std::size_t>(inv.defaultDevice)].name);
}

TEST_CASE("opencl devices: a GPU before a CPU, usable ones only", "[opencl][devices]") {
    auto dev = [](int index, const char* type, bool usable = true) {
        OpenCLDeviceInfo d;
        d.index = index;
        d.type = type;
        d.usable = usable;
        return d;
    };
    CHECK(defaultOpenCLDevice({}) == -1);
    CHECK(defaultOpenCLDevice({dev(0, "CPU"), dev(1, "GPU")}) == 1);
    CHECK(defaultOpenCLDevice({dev(0, "CPU"), dev(1, "GPU", false)}) == 0);
    CHECK(defaultOpenCLDevice({dev(0, "accelerator"), dev(1, "CPU")}) == 1);
    CHECK(defaultOpenCLDevice({dev(0, "accelerator")}) == 0);
    CHECK(defaultOpenCLDevice({dev(0, "CPU", false)}) == -1);
}

TEST_CASE("opencl devices: --device and UPSAMPLE_OPENCL_DEVICE choose, bad indices say why", "[opencl][devices]") {
    const int n = static_cast<int>(listOpenCLDevices().devices.size());
    EnvVar clear("UPSAMPLE_OPENCL_DEVICE", std::nullopt);
    CHECK(chooseOpenCLDevice(0) == 0);
    CHECK(chooseOpenCLDevice() == listOpenCLDevices().defaultDevice);
    {
        EnvVar env("UPSAMPLE_OPENCL_DEVICE", "0");
        CHECK(chooseOpenCLDevice() == 0);
    }
    {
        EnvVar env("UPSAMPLE_OPENCL_DEVICE", std::to_string(n));
        CHECK_THROWS_WITH(chooseOpenCLDevice(), Catch::Contains("UPSAMPLE_OPENCL_DEVICE " + std::to_string(n)) &&
                                                    Catch::Contains("see upsample-cli devices"));
        CHECK(chooseOpenCLDevice(0) == 0);  // --device wins over the variable
    }
    {
        EnvVar env("UPSAMPLE_OPENCL_DEVICE", "gpu");
        CHECK_THROWS_AS(chooseOpenCLDevice(), OpenCLError);
    }
    CHECK_THROWS_WITH(chooseOpenCLDevice(n + 98), Catch::Contains("--device " + std::to_string(n + 98)));

    // Through interpolate(): auto falls back with a notice, explicit OpenCL fails.
    const Tensor x = randomTensor({1, 1, 4, 4}, DType::Float32, 1);
    RunOptions o;
    o.device = n + 98;
    RunReport report;
    const Tensor y = interpolate(x, sizeSpec(Mode::Bilinear, {7, 7}), o, &report);
    CHECK(report.ran == BackendKind::Cpu);
    REQUIRE(report.notices.size() == 1);
    CHECK_THAT(report.notices[0], Catch::StartsWith("OpenCL unavailable: ") && Catch::EndsWith("; computed on the CPU"));
    o.backend = BackendKind::OpenCL;
    CHECK_THROWS_AS(interpolate(x, sizeSpec(Mode::Bilinear, {7, 7}), o), OpenCLError);
}

TEST_CASE("opencl interpolate: auto runs on the device and reports it", "[opencl][backend]") {
    EnvVar fault("UPSAMPLE_OPENCL_FAULT", std::nullopt);
    const Tensor x = randomTensor({2, 3, 6, 5}, DType::Float32, 2);
    for (BackendKind kind : {BackendKind::Auto, BackendKind::OpenCL}) {
        RunOptions o = ocltest::autoOnDevice();
        o.backend = kind;
        RunReport report;
        const Tensor y = interpolate(x, sizeSpec(Mode::Bilinear, {11, 3}), o, &report);
        CHECK(report.ran == BackendKind::OpenCL);
        CHECK(report.backend == ocltest::backend().description());
        CHECK(report.notices.empty());
        CHECK(report.kernelMilliseconds >= 0);  // the kernels' device time, from profiling events
        CHECK(report.kernelMilliseconds <= report.milliseconds);
        CHECK(sameBits(y, onCpu(x, resolve(sizeSpec(Mode::Bilinear, {11, 3}), x.shape()))));
    }
}

TEST_CASE("opencl interpolate: auto leaves an OpenCL CPU device to the native CPU backend unless chosen", "[opencl][backend]") {
    EnvVar fault("UPSAMPLE_OPENCL_FAULT", std::nullopt);
    EnvVar device("UPSAMPLE_OPENCL_DEVICE", std::nullopt);
    EnvVar cacheDir("UPSAMPLE_OPENCL_CACHE_DIR", tempDir("uncalibrated"));  // no calibration there
    const Tensor x = randomTensor({1, 2, 6, 5}, DType::Float32, 3);
    const Spec s = sizeSpec(Mode::Bicubic, {9, 4});
    RunReport report;
    const Tensor y = interpolate(x, s, {}, &report);
    CHECK(report.notices.empty());
    if (ocltest::backend().device().type == "CPU") {
        CHECK(report.ran == BackendKind::Cpu);
        CHECK_THAT(report.reason, Catch::Contains("is a CPU device") && Catch::Contains(ocltest::backend().device().name));
    } else {
        CHECK(report.ran == BackendKind::OpenCL);
    }
    // chosen by index, or through UPSAMPLE_OPENCL_DEVICE, auto runs on it
    RunReport chosen;
    const Tensor z = interpolate(x, s, ocltest::autoOnDevice(), &chosen);
    CHECK(chosen.ran == BackendKind::OpenCL);
    EnvVar env("UPSAMPLE_OPENCL_DEVICE", std::to_string(ocltest::backend().device().index));
    RunReport viaEnv;
    interpolate(x, s, {}, &viaEnv);
    CHECK(viaEnv.ran == BackendKind::OpenCL);
    CHECK(sameBits(y, z));
}

TEST_CASE("opencl calibration: text form, and files that are not one", "[opencl][calibration]") {
    OpenCLCalibration c;
    c.device = "pthread-some cpu";
    c.ratio = {{"bilinear", 0.8125}, {"bicubic antialias", 1.5}, {"nearest", 0.25}};
    const auto back = openclCalibrationFromText(openclCalibrationText(c));
    REQUIRE(back);
    CHECK(back->device == c.device);
    CHECK(back->ratio == c.ratio);
    for (const char* bad : {"", "upsample-studio opencl calibration 2\ndevice\tx\n",
                            "upsample-studio opencl calibration 1\nname\tx\n",
                            "upsample-studio opencl calibration 1\ndevice\tx\nbilinear\t-1\n",
                            "upsample-studio opencl calibration 1\ndevice\tx\nbilinear\tfast\n",
                            "upsample-studio opencl calibration 1\ndevice\tx\nbilinear 0.5\n"}) {
        INFO(bad);
        CHECK_FALSE(openclCalibrationFromText(bad));
    }
    Spec s = sizeSpec(Mode::Bicubic, {4, 4});
    s.antialias = true;
    CHECK(openclCalibrationKey(resolve(s, {1, 1, 9, 9})) == "bicubic antialias");
    CHECK(openclCalibrationKey(resolve(sizeSpec(Mode::NearestExact, {4, 4}), {1, 1, 9, 9})) == "nearest-exact");
}

TEST_CASE("opencl interpolate: auto runs a mode on an OpenCL CPU device where its calibration measured it faster",
          "[opencl][backend][calibration]") {
    if (ocltest::backend().device().type != "CPU") {
        SUCCEED("the measured rule is for CPU devices; a GPU is taken by type");
        return;
    }
    EnvVar fault("UPSAMPLE_OPENCL_FAULT", std::nullopt);
    EnvVar device("UPSAMPLE_OPENCL_DEVICE", std::nullopt);
    EnvVar cacheDir("UPSAMPLE_OPENCL_CACHE_DIR", tempDir("calibrated"));
    const std::string name = ocltest::backend().device().name;
    OpenCLCalibration c;
    c.device = name;
    c.ratio = {{"bilinear", 0.5}, {"bicubic", 1.25}, {"nearest", 0.95}};
    REQUIRE(writeOpenCLCalibration(c));
    REQUIRE(readOpenCLCalibration(name));
    const Tensor x = randomTensor({1, 2, 6, 5}, DType::Float32, 3);
    RunReport bilinear, bicubic, nearest, area;
    const Tensor a = interpolate(x, sizeSpec(Mode::Bilinear, {9, 4}), {}, &bilinear);
    CHECK(bilinear.ran == BackendKind::OpenCL);
    CHECK_THAT(bilinear.reason, Catch::Contains("measured 0.50x") && Catch::Contains(name));
    interpolate(x, sizeSpec(Mode::Bicubic, {9, 4}), {}, &bicubic);
    CHECK(bicubic.ran == BackendKind::Cpu);
    CHECK_THAT(bicubic.reason, Catch::Contains("measured 1.25x") && Catch::Contains("bicubic"));
    interpolate(x, sizeSpec(Mode::Nearest, {9, 4}), {}, &nearest);  // 0.95: not below the rule's 0.9
    CHECK(nearest.ran == BackendKind::Cpu);
    interpolate(x, sizeSpec(Mode::Area, {3, 2}), {}, &area);  // not measured
    CHECK(area.ran == BackendKind::Cpu);
    CHECK_THAT(area.reason, Catch::Contains("not calibrated"));
    // the same numbers as the native backend
    Tensor b(a.shape(), a.dtype());
    CpuBackend(1).run(resolve(sizeSpec(Mode::Bilinear, {9, 4}), x.shape()), x, b);
    CHECK(sameBits(a, b));
}

TEST_CASE("opencl program cache: a second call does not build again, and binaries are kept on disk", "[opencl][cache]") {
    const std::string dir = tempDir("cache");
    EnvVar cacheDir("UPSAMPLE_OPENCL_CACHE_DIR", dir);
    clearOpenCLProgramCache();
    OpenCLBackend& ocl = ocltest::backend();
    const Tensor x = randomTensor({1, 2, 5, 6}, DType::Float32, 3);
    const auto r = resolve(sizeSpec(Mode::Bicubic, {9, 4}), x.shape());
    Tensor y(r.outputShape, x.dtype());

    const auto s0 = openclCacheStats();
    ocl.run(r, x, y);
    const auto s1 = openclCacheStats();
    CHECK(s1.builds == s0.builds + 1);
    CHECK(s1.diskStores == s0.diskStores + 1);
    CHECK(std::distance(std::filesystem::directory_iterator(dir), std::filesystem::directory_iterator()) == 1);

    ocl.run(r, x, y);  // same process: the program cache
    const auto s2 = openclCacheStats();
    CHECK(s2.builds == s1.builds);
    CHECK(s2.hits == s1.hits + 1);

    clearOpenCLProgramCache();  // as a new process: the disk cache
    Tensor z(r.outputShape, x.dtype());
    ocl.run(r, x, z);
    const auto s3 = openclCacheStats();
    CHECK(s3.builds == s2.builds);
    CHECK(s3.diskLoads == s2.diskLoads + 1);
    CHECK(sameBits(y, z));

    // A damaged binary is rebuilt from source and replaced.
    for (const auto& e : std::filesystem::directory_iterator(dir)) std::ofstream(e.path(), std::ios::trunc) << "junk";
    clearOpenCLProgramCache();
    ocl.run(r, x, z);
    const auto s4 = openclCacheStats();
    CHECK(s4.builds == s3.builds + 1);
    CHECK(s4.diskStores == s3.diskStores + 1);
    CHECK(sameBits(y, z));

    // float64 is another program.
    const Tensor x64 = x.to(DType::Float64);
    Tensor y64(r.outputShape, DType::Float64);
    ocl.run(r, x64, y64);
    CHECK(openclCacheStats().builds == s4.builds + 1);
    std::filesystem::remove_all(dir);
}

TEST_CASE("opencl faults: build, alloc, enqueue and read failures fall back to the CPU's result", "[opencl][faults]") {
    struct Fault {
        const char* name;
        const char* says;
    };
    // The result comes back mapped where the device shares host memory, else read.
    const char* readBack = ocltest::backend().device().sharesHostMemory ? "clEnqueueMapBuffer" : "clEnqueueReadBuffer";
    for (const Fault f : {Fault{"build", "CL_BUILD_PROGRAM_FAILURE"}, Fault{"alloc", "CL_MEM_OBJECT_ALLOCATION_FAILURE"},
                          Fault{"enqueue", "clEnqueueNDRangeKernel"}, Fault{"read", readBack}}) {
        EnvVar fault("UPSAMPLE_OPENCL_FAULT", f.name);
        for (const auto& job : oneJobPerKernel()) {
            for (DType dtype : {DType::Float32, DType::Float64}) {
                INFO("fault " << f.name << ", " << job.name << ", " << dtypeName(dtype));
                const Tensor x = randomTensor(job.shape, dtype, 4);
                RunReport report;
                const Tensor y = interpolate(x, job.spec, ocltest::autoOnDevice(), &report);
                CHECK(report.ran == BackendKind::Cpu);
                REQUIRE(report.notices.size() == 1);
                CHECK_THAT(report.notices[0], Catch::StartsWith("OpenCL failed: ") && Catch::Contains(f.says) &&
                                                  Catch::Contains("UPSAMPLE_OPENCL_FAULT=" + std::string(f.name)) &&
                                                  Catch::EndsWith("; computed on the CPU"));
                CHECK(report.notices[0].find('\n') == std::string::npos);
                CHECK(sameBits(y, onCpu(x, resolve(job.spec, x.shape()))));

                RunOptions strict;
                strict.backend = BackendKind::OpenCL;
                CHECK_THROWS_AS(interpolate(x, job.spec, strict), OpenCLError);
            }
        }
    }
    // A failed build carries the compiler's log.
    EnvVar fault("UPSAMPLE_OPENCL_FAULT", "build");
    const Tensor x = randomTensor({1, 1, 3, 3}, DType::Float32, 5);
    const auto r = resolve(sizeSpec(Mode::Area, {2, 2}), x.shape());
    Tensor y(r.outputShape, x.dtype());
    try {
        ocltest::backend().run(r, x, y);
        FAIL("no error");
    } catch (const OpenCLError& e) {
        CHECK(e.call() == "clBuildProgram");
        CHECK(e.status() == -11);  // CL_BUILD_PROGRAM_FAILURE
        CHECK_THAT(e.buildLog(), Catch::Contains("injected build failure"));
        CHECK_THAT(e.what(), Catch::Contains("area.cl"));
    }
}

TEST_CASE("opencl faults: no usable device falls back, explicit OpenCL says why", "[opencl][faults]") {
    EnvVar fault("UPSAMPLE_OPENCL_FAULT", "nodevice");
    const Tensor x = randomTensor({1, 2, 5, 5}, DType::Float32, 6);
    const Spec s = sizeSpec(Mode::Nearest, {8, 3});
    RunReport report;
    const Tensor y = interpolate(x, s, {}, &report);
    CHECK(report.ran == BackendKind::Cpu);
    REQUIRE(report.notices.size() == 1);
    CHECK(report.notices[0] == "OpenCL unavailable: no usable OpenCL device (injected by UPSAMPLE_OPENCL_FAULT=nodevice); "
                               "computed on the CPU");
    CHECK(sameBits(y, onCpu(x, resolve(s, x.shape()))));
    RunOptions strict;
    strict.backend = BackendKind::OpenCL;
    CHECK_THROWS_WITH(interpolate(x, s, strict), Catch::Contains("no usable OpenCL device"));
    RunOptions cpu;
    cpu.backend = BackendKind::Cpu;
    RunReport quiet;
    interpolate(x, s, cpu, &quiet);
    CHECK(quiet.notices.empty());
}

TEST_CASE("opencl float64: on the device with cl_khr_fp64, else on the CPU with a notice", "[opencl][fp64]") {
    const Spec s = sizeSpec(Mode::Bicubic, {7, 9});
    const Tensor x64 = randomTensor({1, 2, 4, 5}, DType::Float64, 7);
    {
        EnvVar fault("UPSAMPLE_OPENCL_FAULT", std::nullopt);
        REQUIRE(ocltest::backend().device().fp64);  // PoCL has it
        RunReport report;
        interpolate(x64, s, ocltest::autoOnDevice(), &report);
        CHECK(report.ran == BackendKind::OpenCL);
    }
    EnvVar fault("UPSAMPLE_OPENCL_FAULT", "nofp64");
    for (BackendKind kind : {BackendKind::Auto, BackendKind::OpenCL}) {
        RunOptions o = ocltest::autoOnDevice();
        o.backend = kind;
        RunReport report;
        const Tensor y = interpolate(x64, s, o, &report);
        CHECK(report.ran == BackendKind::Cpu);
        REQUIRE(report.notices.size() == 1);
        CHECK_THAT(report.notices[0], Catch::Contains("has no float64 support (cl_khr_fp64); computed on the CPU"));
        CHECK(sameBits(y, onCpu(x64, resolve(s, x64.shape()))));
        RunReport f32;
        interpolate(x64.to(DType::Float32), s, o, &f32);
        CHECK(f32.ran == BackendKind::OpenCL);
    }
    OpenCLBackend noFp64;
    CHECK_FALSE(noFp64.supports(DType::Float64));
    Tensor y(resolve(s, x64.shape()).outputShape, DType::Float64);
    CHECK_THROWS_AS(noFp64.run(resolve(s, x64.shape()), x64, y), OpenCLError);
}

TEST_CASE("opencl pieces: cover the output once, each box within the limit", "[opencl][tiling]") {
    using opencl::AxisReads;
    // W: 2-tap linear reads around d/2; H: windows of 3; D: one padded index.
    const AxisReads d{1, 1, [](int64_t) { return std::pair<int64_t, int64_t>{0, 1}; }};
    const AxisReads h{12, 4, [](int64_t o) { return std::pair<int64_t, int64_t>{3 * o, 3 * o + 3}; }};
    const AxisReads w{10, 20, [](int64_t o) {
                          const int64_t i = o / 2;
                          return std::pair<int64_t, int64_t>{i, std::min<int64_t>(i + 2, 10)};
                      }};
    for (uint64_t limit : {uint64_t{1} << 20, uint64_t{480}, uint64_t{160}, uint64_t{100}, uint64_t{40}, uint64_t{24}}) {
        INFO("limit " << limit);
        const auto pieces = opencl::splitIntoPieces(3, {d, h, w}, 4, limit);
        std::vector<int> covered(3 * 4 * 20, 0);
        for (const auto& p : pieces) {
            CHECK(static_cast<uint64_t>(p.inElements()) * 4 <= limit);
            CHECK(static_cast<uint64_t>(p.outElements()) * 4 <= limit);
            for (int64_t pl = p.plane0; pl < p.plane0 + p.planes; ++pl)
                for (int64_t y = p.out0[1]; y < p.out0[1] + p.outSize[1]; ++y)
                    for (int64_t x = p.out0[2]; x < p.out0[2] + p.outSize[2]; ++x) {
                        ++covered[static_cast<std::size_t>((pl * 4 + y) * 20 + x)];
                        // every input the element reads is inside the box
                        CHECK(h.reads(y).first >= p.in0[1]);
                        CHECK(h.reads(y).second <= p.in0[1] + p.inSize[1]);
                        CHECK(w.reads(x).first >= p.in0[2]);
                        CHECK(w.reads(x).second <= p.in0[2] + p.inSize[2]);
                    }
        }
        for (int c : covered) CHECK(c == 1);
        // a plane reads 480 bytes and writes 320: all three planes at once, one by one, or boxes
        if (limit > 3 * 480) CHECK(pieces.size() == 1);
        else if (limit == 480) CHECK(pieces.size() == 3);
        else CHECK(pieces.size() > 3);
        for (const auto& p : pieces) CHECK(p.whole == (limit >= 480));
    }
    CHECK_THROWS_AS(opencl::splitIntoPieces(1, {d, h, w}, 4, 8), OpenCLError);  // one element reads 3 x 2 inputs
}

TEST_CASE("opencl tiling: pieces give the same bits as one launch, for every kernel", "[opencl][tiling]") {
    OpenCLBackend tiled;
    for (const auto& job : oneJobPerKernel()) {
        for (DType dtype : {DType::Float32, DType::Float64}) {
            const Tensor x = randomTensor(job.shape, dtype, 8);
            const auto r = resolve(job.spec, x.shape());
            Tensor whole(r.outputShape, dtype);
            ocltest::backend().setPieceLimit(0);
            ocltest::backend().run(r, x, whole);
            const int wholeLaunches = ocltest::backend().lastLaunches();
            // whole planes in groups, then single planes cut into boxes
            const uint64_t plane = static_cast<uint64_t>(std::max(shapeNumel(x.shape()) / (x.dim(0) * x.dim(1)),
                                                                  shapeNumel(r.outputShape) / (x.dim(0) * x.dim(1)))) *
                                   dtypeSize(dtype);
            for (uint64_t limit : {plane, plane / 3, std::min<uint64_t>(256, plane / 2)}) {
                INFO(job.name << ", " << dtypeName(dtype) << ", limit " << limit);
                tiled.setPieceLimit(limit);
                Tensor y(r.outputShape, dtype);
                tiled.run(r, x, y);
                CHECK(tiled.lastLaunches() > wholeLaunches);
                CHECK(sameBits(whole, y));
                if (ocltest::backend().device().type == "CPU") CHECK(sameBits(onCpu(x, r), y));
            }
        }
    }
    // A 1-D row longer than the limit is cut along W.
    const Tensor x = randomTensor({1, 1, 300}, DType::Float32, 9);
    const auto r = resolve(sizeSpec(Mode::Linear, {1000}, true), x.shape());
    tiled.setPieceLimit(64);
    Tensor y(r.outputShape, x.dtype());
    tiled.run(r, x, y);
    CHECK(tiled.lastLaunches() >= 1000 / 16);
    Tensor whole(r.outputShape, x.dtype());
    ocltest::backend().run(r, x, whole);
    CHECK(sameBits(whole, y));
}

TEST_CASE("opencl tiling: the golden suite in tiny pieces", "[opencl][tiling][golden]") {
    OpenCLBackend tiled;
    int split = 0, cases = 0;
    for (const auto& c : golden::cases()) {
        if (c.isError()) continue;
        INFO(c.id << " (" << c.call << ")");
        ResolvedSpec r;
        try {
            r = resolve(c.spec, c.input.shape());
        } catch (const std::exception&) {
            continue;  // a spec the core refuses where PyTorch does not: the spec tests report it
        }
        Tensor whole(r.outputShape, c.input.dtype()), y(r.outputShape, c.input.dtype());
        ocltest::backend().run(r, c.input, whole);
        // the smallest power-of-two limit from 64 bytes that one output element fits in
        for (uint64_t limit = 64;; limit *= 2) {
            tiled.setPieceLimit(limit);
            try {
                tiled.run(r, c.input, y);
                break;
            } catch (const OpenCLError& e) {
                REQUIRE_THAT(e.what(), Catch::Contains("piece limit"));
            }
        }
        ++cases;
        if (tiled.lastLaunches() > 2) ++split;
        if (!whole.empty() && !sameBits(whole, y)) FAIL_CHECK("pieces differ from one launch");
    }
    CHECK(cases > 800);
    CHECK(split > 300);
}

TEST_CASE("opencl tiling: UPSAMPLE_OPENCL_MAX_ALLOC forces pieces through interpolate()", "[opencl][tiling]") {
    const Tensor x = randomTensor({2, 2, 16, 16}, DType::Float32, 10);
    const Spec s = sizeSpec(Mode::Bilinear, {40, 24}, false, true);
    RunReport plain;
    const Tensor a = interpolate(x, s, ocltest::autoOnDevice(), &plain);
    EnvVar limit("UPSAMPLE_OPENCL_MAX_ALLOC", "512");
    RunReport tiledReport;
    const Tensor b = interpolate(x, s, ocltest::autoOnDevice(), &tiledReport);
    CHECK(tiledReport.ran == BackendKind::OpenCL);
    CHECK(tiledReport.notices.empty());
    CHECK(sameBits(a, b));
    EnvVar bad("UPSAMPLE_OPENCL_MAX_ALLOC", "lots");
    RunReport fallback;
    interpolate(x, s, ocltest::autoOnDevice(), &fallback);
    CHECK(fallback.ran == BackendKind::Cpu);
    REQUIRE(fallback.notices.size() == 1);
    CHECK_THAT(fallback.notices[0], Catch::Contains("UPSAMPLE_OPENCL_MAX_ALLOC='lots'"));
}

// The studio recomputes through interpolate() on every spec change, each time with a new
// OpenCLBackend: the device's context, queue, programs, kernels and tap tables stay.
TEST_CASE("opencl session: a second compute creates no new context, program, kernel or table", "[opencl][session]") {
    EnvVar fault("UPSAMPLE_OPENCL_FAULT", std::nullopt);
    RunOptions o = ocltest::autoOnDevice();
    o.backend = BackendKind::OpenCL;
    for (const auto& job : oneJobPerKernel()) {
        INFO(job.name);
        const Tensor x = randomTensor(job.shape, DType::Float32, 11);
        RunReport first;
        const Tensor a = interpolate(x, job.spec, o, &first);
        REQUIRE(first.ran == BackendKind::OpenCL);
        const auto s1 = openclCacheStats();
        CHECK(s1.contexts == 1);
        const Tensor y = randomTensor(job.shape, DType::Float32, 12);  // new values, the same spec
        RunReport second;
        const Tensor b = interpolate(y, job.spec, o, &second);
        CHECK(second.ran == BackendKind::OpenCL);
        const auto s2 = openclCacheStats();
        CHECK(s2.contexts == s1.contexts);
        CHECK(s2.builds == s1.builds);
        CHECK(s2.diskLoads == s1.diskLoads);
        CHECK(s2.kernels == s1.kernels);
        CHECK(s2.tableUploads == s1.tableUploads);
        CHECK(s2.tableHits > s1.tableHits);
        CHECK(s2.hits > s1.hits);  // the program came from the process's cache
        CHECK(sameBits(b, onCpu(y, resolve(job.spec, y.shape()))));
    }
}

TEST_CASE("opencl programs: the CPU-device forms are the ones each .cl file declares", "[opencl][forms]") {
    using upsample::opencl::programHasForm;
    CHECK(programHasForm("antialias", "antialias_w", "AA_BLOCKS"));
    CHECK(programHasForm("antialias", "antialias_h", "AA_HBLOCKS"));
    CHECK_FALSE(programHasForm("antialias", "antialias_h", "AA_BLOCKS"));  // per kernel, not per file
    CHECK(programHasForm("area", "area", "AREA_K"));
    CHECK(programHasForm("area", "area", "ONE_PER_ITEM"));
    for (const char* program : {"nearest", "nearest_exact", "linear", "bicubic", "uint8_fixed"})
        for (const char* form : {"AA_BLOCKS", "AA_HBLOCKS", "AREA_K", "ONE_PER_ITEM"}) {
            INFO(program << " " << form);
            CHECK_FALSE(programHasForm(program, program, form));
        }
}

// The store probe (core/src/opencl/store_probe.hpp): which stores the CPU devices' tap kernels
// write large outputs with, measured once per device and kept in the cache folder.
TEST_CASE("opencl store probe: its file form, and anything else refused", "[opencl][stores]") {
    const std::string dev = "pthread-some-cpu";
    opencl::StoreProbe p;
    p.plainMs = 2.5;
    p.streamMs = 1.25;
    const std::string text = opencl::storeProbeText(dev, p);
    CHECK(text == "upsample-studio opencl stores 1\ndevice\tpthread-some-cpu\nplain\t2.5000\nstream\t1.2500\n");
    const auto back = opencl::storeProbeFromText(text, dev);
    REQUIRE(back);
    CHECK(back->plainMs == 2.5);
    CHECK(back->streamMs == 1.25);
    CHECK(back->stream());
    CHECK_FALSE(opencl::storeProbeFromText(text, "another device"));
    for (const std::string& bad : std::vector<std::string>{"", "upsample-studio opencl stores 2\n",
                                  text.substr(0, text.size() - 8), text + "more\t1\n",
                                  "upsample-studio opencl stores 1\ndevice\tpthread-some-cpu\nplain\t-1\nstream\t1\n",
                                  "upsample-studio opencl stores 1\ndevice\tpthread-some-cpu\nplain\t2x\nstream\t1\n",
                                  "upsample-studio opencl stores 1\ndevice\tpthread-some-cpu\nstream\t1\nplain\t2\n"}) {
        INFO(bad);
        CHECK_FALSE(opencl::storeProbeFromText(bad, dev));
    }
    // streamed only by a clear margin: 0.85 of the plain time
    p.streamMs = 2.2;
    CHECK_FALSE(p.stream());
    p.streamMs = 2.0;
    CHECK(p.stream());
    CHECK_FALSE(opencl::StoreProbe{}.stream());
}

TEST_CASE("opencl store probe: measured on the device, then read from the cache folder", "[opencl][stores]") {
    if (ocltest::backend().device().type != "CPU") {
        SUCCEED("the probe is for CPU devices");
        return;
    }
    opencl::DeviceState& d = opencl::Runtime::instance().open(ocltest::backend().device().index);
    const opencl::StoreProbe measured = opencl::measureStoreProbe(d);
    CHECK(measured.plainMs > 0);
    CHECK(measured.streamMs > 0);
    CHECK(measured.plainMs < 1000);
    // a file in the cache folder is what storeProbe answers (here one that says "streamed",
    // whatever this machine measures), not a new measurement
    const std::string dir = tempDir("stores");
    ocltest::EnvVar cache("UPSAMPLE_OPENCL_CACHE_DIR", dir);
    const std::string path = opencl::storeProbePath(d.info.name);
    REQUIRE(path.rfind(dir, 0) == 0);
    {
        std::ofstream f(path, std::ios::binary);
        f << opencl::storeProbeText(d.info.name, {9.0, 1.0});
    }
    const opencl::StoreProbe read = opencl::storeProbe(d);
    CHECK(read.plainMs == 9.0);
    CHECK(read.streamMs == 1.0);
    CHECK(read.stream());
    std::filesystem::remove_all(dir);
}

TEST_CASE("opencl driver threads: POCL_AFFINITY=1 only where every CPU is the process's and nothing says otherwise",
          "[opencl][threads]") {
    opencl::DriverThreadsFacts f;
    f.cpus = 2;
    f.everyCpuAllowed = true;
    CHECK(opencl::shouldPinDriverThreads(f));
    opencl::DriverThreadsFacts g = f;
    g.affinitySet = true;  // POCL_AFFINITY=0 or 1 set by the user
    CHECK_FALSE(opencl::shouldPinDriverThreads(g));
    g = f;
    g.maxCountSet = true;  // more workers than CPUs: worker i would have no CPU i
    CHECK_FALSE(opencl::shouldPinDriverThreads(g));
    g = f;
    g.everyCpuAllowed = false;  // taskset, a container's cpuset
    CHECK_FALSE(opencl::shouldPinDriverThreads(g));
    g = f;
    g.cpus = 0;
    CHECK_FALSE(opencl::shouldPinDriverThreads(g));

    // this process's facts: POCL_MAX_PTHREAD_COUNT above the CPU count is seen, a count within it is not
    const long cpus = sysconf(_SC_NPROCESSORS_CONF);
    {
        ocltest::EnvVar max("POCL_MAX_PTHREAD_COUNT", std::to_string(cpus + 1));
        CHECK(opencl::driverThreadsFacts().maxCountSet);
    }
    {
        ocltest::EnvVar max("POCL_MAX_PTHREAD_COUNT", std::to_string(cpus));
        CHECK_FALSE(opencl::driverThreadsFacts().maxCountSet);
    }
    {
        ocltest::EnvVar affinity("POCL_AFFINITY", std::string("0"));
        CHECK(opencl::driverThreadsFacts().affinitySet);
        CHECK_FALSE(opencl::pinDriverThreads());
        CHECK(std::string(std::getenv("POCL_AFFINITY")) == "0");  // the user's value stays
    }
    // a process confined to fewer CPUs than the system has is not every CPU's
    cpu_set_t all;
    REQUIRE(sched_getaffinity(0, sizeof all, &all) == 0);
    if (cpus >= 2 && CPU_COUNT(&all) == cpus) {
        CHECK(opencl::driverThreadsFacts().everyCpuAllowed);
        cpu_set_t one;
        CPU_ZERO(&one);
        CPU_SET(1, &one);
        REQUIRE(sched_setaffinity(0, sizeof one, &one) == 0);
        const opencl::DriverThreadsFacts confined = opencl::driverThreadsFacts();
        REQUIRE(sched_setaffinity(0, sizeof all, &all) == 0);
        CHECK_FALSE(confined.everyCpuAllowed);
    }
}

TEST_CASE("opencl driver threads: listing the devices sets POCL_AFFINITY=1 where the facts allow it", "[opencl][threads]") {
    const char* before = std::getenv("POCL_AFFINITY");
    const std::optional<std::string> was = before ? std::optional<std::string>(before) : std::nullopt;
    const bool pin = opencl::shouldPinDriverThreads(opencl::driverThreadsFacts());
    const OpenCLInventory inv = listOpenCLDevices();
    INFO(inv.problem);
    const char* after = std::getenv("POCL_AFFINITY");
    if (was) {
        REQUIRE(after);
        CHECK(std::string(after) == *was);
    } else if (pin) {
        REQUIRE(after);
        CHECK(std::string(after) == "1");
    } else {
        CHECK_FALSE(after);
    }
}
