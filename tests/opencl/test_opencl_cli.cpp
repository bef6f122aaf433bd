// upsample-cli with OpenCL: `devices`, `resize --backend/--device`, and the fallback when the
// ICD loader finds no platform (OCL_ICD_VENDORS pointing nowhere). Runs the built binary.
#include "opencl_support.hpp"
#include "../support/process.hpp"

#include "upsample/modes.hpp"
#include "upsample/npy.hpp"
#include "upsample/opencl.hpp"

#include <catch2/catch.hpp>

#include <filesystem>
#include <fstream>
#include <iterator>
#include <map>
#include <sstream>

using namespace upsample;

namespace {
using testproc::TempDir;

std::vector<std::string> lines(const std::string& text) {
    std::vector<std::string> out;
    std::istringstream in(text);
    for (std::string l; std::getline(in, l);) out.push_back(l);
    return out;
}

// Runs upsample-cli with the arguments; env is "NAME=value" for the child, or "".
testproc::Result cli(const std::string& env, std::vector<std::string> args) {
    args.insert(args.begin(), UPSAMPLE_CLI_PATH);
    std::map<std::string, std::string> vars;
    if (auto eq = env.find('='); eq != std::string::npos) vars[env.substr(0, eq)] = env.substr(eq + 1);
    return testproc::run(args, vars);
}

Tensor sample() {
    std::vector<float> v(2 * 3 * 7 * 6);
    for (std::size_t i = 0; i < v.size(); ++i) v[i] = static_cast<float>((i * 37) % 101) / 7.0f - 5.0f;
    return Tensor::fromValues({2, 3, 7, 6}, v);
}

const char* kNoPlatform = "OCL_ICD_VENDORS=/nonexistent";
}  // namespace

TEST_CASE("cli devices: lists every device with the default marked", "[opencl][cli]") {
    TempDir dir;
    const auto r = cli("", {"devices"});
    INFO(r.out << r.err);
    REQUIRE(r.exitCode == 0);
    const OpenCLInventory inv = listOpenCLDevices();
    REQUIRE_FALSE(inv.devices.empty());
    for (const char* column : {"index", "platform", "name", "type", "OpenCL", "global mem", "max alloc", "fp64"})
        CHECK_THAT(r.out, Catch::Contains(column));
    for (const auto& d : inv.devices) {
        CHECK_THAT(r.out, Catch::Contains(d.name));
        CHECK_THAT(r.out, Catch::Contains(d.platform));
    }
    CHECK_THAT(r.out, Catch::Contains("(default)"));
    CHECK(r.err.empty());
}

TEST_CASE("cli devices --calibrate: times every mode on the device and the CPU and keeps the ratios", "[opencl][cli][calibration]") {
    TempDir dir;
    const auto r = cli("UPSAMPLE_OPENCL_CACHE_DIR=" + dir.file("cache"), {"devices", "--calibrate", "--repeat", "1"});
    INFO(r.out << r.err);
    REQUIRE(r.exitCode == 0);
    const OpenCLInventory inv = listOpenCLDevices();
    const std::string name = inv.devices.at(static_cast<std::size_t>(inv.defaultDevice)).name;
    CHECK_THAT(r.out, Catch::Contains("calibrating OpenCL device") && Catch::Contains(name));
    std::string kept;
    for (const auto& l : lines(r.out))
        if (l.rfind("kept in ", 0) == 0) kept = l.substr(8);
    REQUIRE_FALSE(kept.empty());
    std::ifstream f(kept);
    const auto c = openclCalibrationFromText(std::string(std::istreambuf_iterator<char>(f), std::istreambuf_iterator<char>()));
    REQUIRE(c);
    CHECK(c->device == name);
    for (const char* mode : {"nearest", "nearest-exact", "linear", "bilinear", "bicubic", "trilinear", "area",
                             "bilinear antialias", "bicubic antialias"}) {
        INFO(mode);
        REQUIRE(c->ratio.count(mode) == 1);
        CHECK(c->ratio.at(mode) > 0);
        CHECK_THAT(r.out, Catch::Contains(std::string(mode) + " "));
    }
    // ...and every mode and antialias setting of the mode table (lanczos: antialias only), no more
    std::size_t settings = 0;
    for (upsample::Mode m : upsample::kAllModes)
        for (bool aa : {false, true}) {
            bool valid = false;
            for (const auto& v : upsample::optionVariants(m)) valid = valid || v.antialias == aa;
            if (!valid) continue;
            const std::string key = std::string(upsample::describe(m).name) + (aa ? " antialias" : "");
            INFO(key);
            CHECK(c->ratio.count(key) == 1);
            ++settings;
        }
    CHECK(c->ratio.size() == settings);
    const auto bad = cli("", {"devices", "--repeat", "2"});
    CHECK(bad.exitCode != 0);
    CHECK_THAT(bad.err, Catch::Contains("--device and --repeat go with --calibrate"));
}

TEST_CASE("cli devices: says clearly that there is no OpenCL platform", "[opencl][cli]") {
    TempDir dir;
    const auto r = cli(kNoPlatform, {"devices"});
    INFO(r.out << r.err);
    CHECK(r.exitCode == 0);
    CHECK_THAT(r.out, Catch::StartsWith("no OpenCL platform found"));
    CHECK_THAT(r.out, Catch::Contains("computes on the CPU"));
}

TEST_CASE("cli resize: without a platform, auto computes the CPU's result silently, and --verbose says why", "[opencl][cli]") {
    TempDir dir;
    writeNpy(dir.file("in.npy"), sample());
    const std::vector<std::string> args = {"--mode", "bicubic", "--size", "11,9", "--align-corners"};
    auto resize = [&](const std::string& env, const std::string& out, const std::string& backend,
                      std::vector<std::string> extra = {}) {
        std::vector<std::string> a = {"resize", dir.file("in.npy"), dir.file(out)};
        a.insert(a.end(), args.begin(), args.end());
        a.insert(a.end(), {"--backend", backend});
        a.insert(a.end(), extra.begin(), extra.end());
        return cli(env, a);
    };
    const auto cpu = resize("", "cpu.npy", "cpu");
    REQUIRE(cpu.exitCode == 0);
    CHECK(cpu.err.empty());

    // No OpenCL driver is the usual machine: nothing on stderr.
    const auto autoRun = resize(kNoPlatform, "auto.npy", "auto");
    INFO(autoRun.err);
    CHECK(autoRun.exitCode == 0);
    CHECK(autoRun.err.empty());
    CHECK(ocltest::sameBits(readNpy(dir.file("auto.npy")).tensor, readNpy(dir.file("cpu.npy")).tensor));

    const auto verbose = resize(kNoPlatform, "verbose.npy", "auto", {"--verbose"});
    INFO(verbose.err);
    CHECK(verbose.exitCode == 0);
    const auto errLines = lines(verbose.err);
    REQUIRE(errLines.size() == 1);
    CHECK_THAT(errLines[0], Catch::StartsWith("upsample-cli resize: (2, 3, 7, 6) -> (2, 3, 11, 9) on cpu") &&
                             Catch::EndsWith("(auto: OpenCL unavailable (no OpenCL platform found, clGetPlatformIDs "
                                             "returned CL_PLATFORM_NOT_FOUND_KHR (-1001)))"));

    const auto strict = resize(kNoPlatform, "strict.npy", "opencl");
    CHECK(strict.exitCode == 1);
    CHECK_THAT(strict.err, Catch::Contains("no OpenCL platform found"));
    CHECK_FALSE(std::filesystem::exists(dir.file("strict.npy")));
}

TEST_CASE("cli resize: --backend opencl and --device", "[opencl][cli]") {
    TempDir dir;
    writeNpy(dir.file("in.npy"), sample());
    auto resize = [&](const std::string& env, const std::string& out, std::vector<std::string> extra) {
        std::vector<std::string> a = {"resize", dir.file("in.npy"), dir.file(out), "--mode", "nearest-exact", "--scale", "1.7"};
        a.insert(a.end(), extra.begin(), extra.end());
        return cli(env, a);
    };
    const auto cpu = resize("", "cpu.npy", {"--backend", "cpu"});
    REQUIRE(cpu.exitCode == 0);

    const auto ocl = resize("", "out.npy", {"--backend", "opencl", "--device", "0"});
    INFO(ocl.err);
    CHECK(ocl.exitCode == 0);
    CHECK(ocl.err.empty());
    CHECK(ocltest::sameBits(readNpy(dir.file("out.npy")).tensor, readNpy(dir.file("cpu.npy")).tensor));

    const auto missing = resize("", "out.npy", {"--backend", "opencl", "--device", "99"});
    CHECK(missing.exitCode == 1);
    CHECK_THAT(missing.err, Catch::Contains("--device 99: there is no OpenCL device 99"));

    const auto autoMissing = resize("UPSAMPLE_OPENCL_DEVICE=99", "out.npy", {});
    CHECK(autoMissing.exitCode == 0);
    REQUIRE(lines(autoMissing.err).size() == 1);
    CHECK_THAT(autoMissing.err, Catch::Contains("UPSAMPLE_OPENCL_DEVICE 99"));

    const auto bad = resize("", "out.npy", {"--device", "-1"});
    CHECK(bad.exitCode == 2);
}

TEST_CASE("cli resize: an injected enqueue fault falls back with one notice", "[opencl][cli]") {
    TempDir dir;
    writeNpy(dir.file("in.npy"), sample());
    auto resize = [&](const std::string& env, const std::string& out, std::vector<std::string> extra) {
        std::vector<std::string> a = {"resize", dir.file("in.npy"), dir.file(out), "--mode", "area", "--size", "3,4"};
        a.insert(a.end(), extra.begin(), extra.end());
        return cli(env, a);
    };
    const auto cpu = resize("", "cpu.npy", {"--backend", "cpu"});
    REQUIRE(cpu.exitCode == 0);
    const auto r = resize("UPSAMPLE_OPENCL_FAULT=enqueue", "out.npy", {"--device", "0"});
    INFO(r.err);
    CHECK(r.exitCode == 0);
    const auto errLines = lines(r.err);
    REQUIRE(errLines.size() == 1);
    CHECK_THAT(errLines[0], Catch::StartsWith("upsample-cli resize: notice: OpenCL failed: ") &&
                             Catch::Contains("clEnqueueNDRangeKernel"));
    CHECK(ocltest::sameBits(readNpy(dir.file("out.npy")).tensor, readNpy(dir.file("cpu.npy")).tensor));
}

// auto on a machine whose only device is a CPU device decides from the device list cached on
// disk (keyed by the ICD files and drivers), without probing OpenCL on every run: a second run
// reports the device name the cache file holds.
TEST_CASE("cli resize: auto reads the OpenCL device list from the disk cache", "[opencl][cli][probe]") {
    ocltest::EnvVar unchosen("UPSAMPLE_OPENCL_DEVICE", std::nullopt);  // auto's own choice
    const OpenCLInventory inv = listOpenCLDevices();
    REQUIRE(inv.defaultDevice >= 0);
    if (inv.devices[static_cast<std::size_t>(inv.defaultDevice)].type != "CPU") {
        SUCCEED("the default device is not a CPU device: auto runs on it");
        return;
    }
    TempDir dir;
    writeNpy(dir.file("in.npy"), sample());
    const std::string cacheEnv = "UPSAMPLE_OPENCL_CACHE_DIR=" + dir.file("cache");
    const std::vector<std::string> args = {"resize", dir.file("in.npy"), dir.file("out.npy"), "--mode", "bilinear",
                                           "--scale", "2", "--verbose"};
    const auto first = cli(cacheEnv, args);
    REQUIRE(first.exitCode == 0);
    const std::string name = inv.devices[static_cast<std::size_t>(inv.defaultDevice)].name;
    CHECK_THAT(first.err, Catch::Contains("'" + name + "', is a CPU device"));
    std::vector<std::filesystem::path> files;
    for (const auto& e : std::filesystem::directory_iterator(dir.file("cache")))
        if (e.path().filename().string().rfind("devices-", 0) == 0) files.push_back(e.path());
    REQUIRE(files.size() == 1);
    CHECK(files[0].filename().string() == "devices-" + openclDriverKey() + ".txt");
    std::string text;
    {
        std::ifstream f(files[0]);
        text.assign(std::istreambuf_iterator<char>(f), std::istreambuf_iterator<char>());
    }
    const auto parsed = openclInventoryFromText(text);
    REQUIRE(parsed);
    CHECK(openclInventoryText(*parsed) == text);
    CHECK(parsed->devices.size() == inv.devices.size());
    // The cached list is what the next run believes: a renamed device shows up in its reason.
    const auto at = text.find("\t" + name + "\t");
    REQUIRE(at != std::string::npos);
    text.replace(at + 1, name.size(), "cached-device");
    std::ofstream(files[0], std::ios::trunc) << text;
    const auto second = cli(cacheEnv, args);
    REQUIRE(second.exitCode == 0);
    CHECK_THAT(second.err, Catch::Contains("'cached-device', is a CPU device"));
    CHECK(ocltest::sameBits(readNpy(dir.file("out.npy")).tensor, interpolate(sample(), [] {
                                Spec s;
                                s.mode = Mode::Bilinear;
                                s.scaleFactor = std::vector<double>{2.0};
                                return s;
                            }(), RunOptions{})));
    // A damaged file is probed again and rewritten.
    std::ofstream(files[0], std::ios::trunc) << "junk";
    const auto third = cli(cacheEnv, args);
    CHECK_THAT(third.err, Catch::Contains("'" + name + "', is a CPU device"));
    CHECK_FALSE(openclInventoryFromText("junk"));
}
