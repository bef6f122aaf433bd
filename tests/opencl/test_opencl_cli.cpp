// upsample-cli with OpenCL: `devices`, `resize --backend/--device`, and the fallback when the
// ICD loader finds no platform (OCL_ICD_VENDORS pointing nowhere). Runs the built binary.
#include "opencl_support.hpp"

#include "upsample/npy.hpp"
#include "upsample/opencl.hpp"

#include <catch2/catch.hpp>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <sys/wait.h>
#include <unistd.h>

using namespace upsample;

namespace {
struct Result {
    int status = -1;
    std::string out, err;
    std::vector<std::string> errLines() const {
        std::vector<std::string> lines;
        std::istringstream in(err);
        for (std::string l; std::getline(in, l);) lines.push_back(l);
        return lines;
    }
};

std::string quote(const std::string& s) {
    std::string q = "'";
    for (char c : s) q += c == '\'' ? std::string("'\\''") : std::string(1, c);
    return q + "'";
}

class Dir {
public:
    Dir() : path_(std::filesystem::temp_directory_path() / ("upsample-cli-test-" + std::to_string(::getpid()))) {
        std::filesystem::create_directories(path_);
    }
    ~Dir() { std::filesystem::remove_all(path_); }
    std::string file(const std::string& name) const { return (path_ / name).string(); }

private:
    std::filesystem::path path_;
};

std::string slurp(const std::string& path) {
    std::ifstream f(path);
    std::stringstream ss;
    ss << f.rdbuf();
    return ss.str();
}

// Runs `env upsample-cli args` through sh; stderr is captured through a file.
Result cli(const Dir& dir, const std::string& env, const std::string& args) {
    const std::string errFile = dir.file("stderr.txt");
    const std::string cmd = env + (env.empty() ? "" : " ") + quote(UPSAMPLE_CLI_PATH) + " " + args + " 2>" + quote(errFile);
    Result r;
    FILE* p = ::popen(cmd.c_str(), "r");
    REQUIRE(p != nullptr);
    char buf[4096];
    std::size_t n;
    while ((n = std::fread(buf, 1, sizeof buf, p)) > 0) r.out.append(buf, n);
    const int status = ::pclose(p);
    r.status = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
    r.err = slurp(errFile);
    return r;
}

Tensor sample() {
    std::vector<float> v(2 * 3 * 7 * 6);
    for (std::size_t i = 0; i < v.size(); ++i) v[i] = static_cast<float>((i * 37) % 101) / 7.0f - 5.0f;
    return Tensor::fromValues({2, 3, 7, 6}, v);
}

const char* kNoPlatform = "OCL_ICD_VENDORS=/nonexistent";
}  // namespace

TEST_CASE("cli devices: lists every device with the default marked", "[opencl][cli]") {
    Dir dir;
    const Result r = cli(dir, "", "devices");
    INFO(r.out << r.err);
    REQUIRE(r.status == 0);
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

TEST_CASE("cli devices: says clearly that there is no OpenCL platform", "[opencl][cli]") {
    Dir dir;
    const Result r = cli(dir, kNoPlatform, "devices");
    INFO(r.out << r.err);
    CHECK(r.status == 0);
    CHECK_THAT(r.out, Catch::StartsWith("no OpenCL platform found"));
    CHECK_THAT(r.out, Catch::Contains("computes on the CPU"));
}

TEST_CASE("cli resize: without a platform, auto computes the CPU's result with a one-line notice", "[opencl][cli]") {
    Dir dir;
    writeNpy(dir.file("in.npy"), sample());
    const std::string args = " --mode bicubic --size 11,9 --align-corners";
    const Result cpu = cli(dir, "", "resize " + quote(dir.file("in.npy")) + " " + quote(dir.file("cpu.npy")) + args +
                                        " --backend cpu");
    REQUIRE(cpu.status == 0);
    CHECK(cpu.err.empty());

    const Result autoRun = cli(dir, kNoPlatform, "resize " + quote(dir.file("in.npy")) + " " +
                                                     quote(dir.file("auto.npy")) + args + " --backend auto");
    INFO(autoRun.err);
    CHECK(autoRun.status == 0);
    const auto lines = autoRun.errLines();
    REQUIRE(lines.size() == 1);
    CHECK_THAT(lines[0], Catch::StartsWith("upsample-cli resize: notice: OpenCL unavailable: no OpenCL platform found") &&
                             Catch::EndsWith("; computed on the CPU"));
    CHECK(ocltest::sameBits(readNpy(dir.file("auto.npy")).tensor, readNpy(dir.file("cpu.npy")).tensor));

    const Result strict = cli(dir, kNoPlatform, "resize " + quote(dir.file("in.npy")) + " " +
                                                    quote(dir.file("strict.npy")) + args + " --backend opencl");
    CHECK(strict.status == 1);
    CHECK_THAT(strict.err, Catch::Contains("no OpenCL platform found"));
    CHECK_FALSE(std::filesystem::exists(dir.file("strict.npy")));
}

TEST_CASE("cli resize: --backend opencl and --device", "[opencl][cli]") {
    Dir dir;
    writeNpy(dir.file("in.npy"), sample());
    const std::string io = "resize " + quote(dir.file("in.npy")) + " " + quote(dir.file("out.npy"));
    const std::string args = " --mode nearest-exact --scale 1.7";
    const Result cpu = cli(dir, "", "resize " + quote(dir.file("in.npy")) + " " + quote(dir.file("cpu.npy")) + args +
                                        " --backend cpu");
    REQUIRE(cpu.status == 0);

    const Result ocl = cli(dir, "", io + args + " --backend opencl --device 0");
    INFO(ocl.err);
    CHECK(ocl.status == 0);
    CHECK(ocl.err.empty());
    CHECK(ocltest::sameBits(readNpy(dir.file("out.npy")).tensor, readNpy(dir.file("cpu.npy")).tensor));

    const Result missing = cli(dir, "", io + args + " --backend opencl --device 99");
    CHECK(missing.status == 1);
    CHECK_THAT(missing.err, Catch::Contains("--device 99: there is no OpenCL device 99"));

    const Result autoMissing = cli(dir, "UPSAMPLE_OPENCL_DEVICE=99", io + args);
    CHECK(autoMissing.status == 0);
    REQUIRE(autoMissing.errLines().size() == 1);
    CHECK_THAT(autoMissing.err, Catch::Contains("UPSAMPLE_OPENCL_DEVICE 99"));

    const Result bad = cli(dir, "", io + args + " --device -1");
    CHECK(bad.status == 2);
}

TEST_CASE("cli resize: an injected enqueue fault falls back with one notice", "[opencl][cli]") {
    Dir dir;
    writeNpy(dir.file("in.npy"), sample());
    const std::string args = " --mode area --size 3,4";
    const Result cpu = cli(dir, "", "resize " + quote(dir.file("in.npy")) + " " + quote(dir.file("cpu.npy")) + args +
                                        " --backend cpu");
    REQUIRE(cpu.status == 0);
    const Result r = cli(dir, "UPSAMPLE_OPENCL_FAULT=enqueue",
                         "resize " + quote(dir.file("in.npy")) + " " + quote(dir.file("out.npy")) + args);
    INFO(r.err);
    CHECK(r.status == 0);
    const auto lines = r.errLines();
    REQUIRE(lines.size() == 1);
    CHECK_THAT(lines[0], Catch::StartsWith("upsample-cli resize: notice: OpenCL failed: ") &&
                             Catch::Contains("clEnqueueNDRangeKernel"));
    CHECK(ocltest::sameBits(readNpy(dir.file("out.npy")).tensor, readNpy(dir.file("cpu.npy")).tensor));
}
