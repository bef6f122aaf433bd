// app/cli: `upsample-cli resize` and `show` run as a user runs them.
#include "../support/golden.hpp"
#include "../support/process.hpp"

#include "upsample/backend.hpp"
#include "upsample/npy.hpp"

#include <catch2/catch.hpp>

#include <cerrno>
#include <cstring>
#include <fstream>
#include <iterator>
#include <utility>

#include <sys/mount.h>
#include <sys/stat.h>

using namespace upsample;
using testproc::run;
using testproc::TempDir;

namespace {
const std::string kCli = UPSAMPLE_CLI_PATH;

Tensor ramp(Shape shape) {
    Tensor t(std::move(shape), DType::Float32);
    for (int64_t i = 0; i < t.numel(); ++i) t.data<float>()[i] = static_cast<float>(i % 7) - 2.5f;
    return t;
}
}  // namespace

TEST_CASE("cli resize: the seed example gives (1, 1, 8, 8) of ones for nearest and bilinear", "[cli]") {
    TempDir dir;
    std::vector<float> ones(16, 1.0f);
    writeNpy(dir.file("ones.npy"), Tensor::fromValues({1, 1, 4, 4}, ones));
    for (const std::vector<std::string>& opts : {std::vector<std::string>{"--mode", "nearest", "--scale", "2"},
                                                 {"--mode", "bilinear", "--scale", "2", "--align-corners"}}) {
        std::vector<std::string> argv = {kCli, "resize", dir.file("ones.npy"), dir.file("out.npy")};
        argv.insert(argv.end(), opts.begin(), opts.end());
        const auto r = run(argv);
        INFO(r.err);
        REQUIRE(r.exitCode == 0);
        const auto y = readNpy(dir.file("out.npy")).tensor;
        CHECK(y.shape() == Shape{1, 1, 8, 8});
        for (int64_t i = 0; i < y.numel(); ++i) CHECK(y.at(i) == 1.0);
    }
}

TEST_CASE("cli resize: output equals the core's result for every mode", "[cli]") {
    TempDir dir;
    struct C {
        Shape shape;
        std::vector<std::string> opts;
        Spec spec;
    };
    auto spec = [](Mode m, std::vector<double> s, std::optional<bool> ac = std::nullopt, bool aa = false) {
        Spec x;
        x.mode = m;
        x.scaleFactor = s;
        x.scaleIsSequence = s.size() > 1;
        x.alignCorners = ac;
        x.antialias = aa;
        return x;
    };
    const std::vector<C> cases = {
        {{1, 2, 5}, {"--mode", "linear", "--scale", "1.7"}, spec(Mode::Linear, {1.7})},
        {{1, 2, 5, 6}, {"--mode", "bicubic", "--scale", "1.5,2.5", "--align-corners"}, spec(Mode::Bicubic, {1.5, 2.5}, true)},
        {{1, 1, 9, 9}, {"--mode", "bilinear", "--scale", "0.4", "--antialias"}, spec(Mode::Bilinear, {0.4}, std::nullopt, true)},
        {{1, 1, 3, 4, 5}, {"--mode", "trilinear", "--scale", "2"}, spec(Mode::Trilinear, {2.0})},
        {{2, 1, 7, 7}, {"--mode", "area", "--scale", "0.5"}, spec(Mode::Area, {0.5})},
        {{1, 3, 5, 5}, {"--mode", "nearest-exact", "--scale", "1.3"}, spec(Mode::NearestExact, {1.3})},
    };
    for (const auto& c : cases) {
        const Tensor x = ramp(c.shape);
        writeNpy(dir.file("in.npy"), x);
        std::vector<std::string> argv = {kCli, "resize", dir.file("in.npy"), dir.file("out.npy"), "--backend", "cpu"};
        argv.insert(argv.end(), c.opts.begin(), c.opts.end());
        const auto r = run(argv);
        INFO(toPythonCall(c.spec) << "\n" << r.err);
        REQUIRE(r.exitCode == 0);
        const Tensor got = readNpy(dir.file("out.npy")).tensor;
        const Tensor want = interpolate(x, c.spec);
        REQUIRE(got.shape() == want.shape());
        for (int64_t i = 0; i < want.numel(); ++i) CHECK(got.at(i) == want.at(i));
    }
}

TEST_CASE("cli resize: PyTorch's error on stderr, non-zero exit, no output file", "[cli]") {
    TempDir dir;
    writeNpy(dir.file("in.npy"), ramp({1, 1, 5, 5}));
    struct E {
        std::vector<std::string> opts;
        std::string message;
    };
    const std::vector<E> errors = {
        {{"--mode", "nearest", "--size", "0"},
         "RuntimeError: Input and output sizes should be greater than 0, but got input (H: 5, W: 5) output (H: 0, W: 0)"},
        {{"--mode", "nearest", "--scale", "2", "--align-corners"},
         "ValueError: align_corners option can only be set with the interpolating modes: linear | bilinear | bicubic | trilinear"},
        {{"--mode", "linear", "--scale", "2"}, "NotImplementedError: Got 4D input, but linear mode needs 3D input"},
        {{"--mode", "trilinear", "--scale", "2", "--antialias"},
         "ValueError: Anti-alias option is restricted to bilinear, bicubic, and lanczos modes and requires a 4-D "
         "tensor as input"},
        {{"--mode", "trilinear", "--scale", "2", "--antialias", "--torch", "1.13"},
         "ValueError: Anti-alias option is only supported for bilinear and bicubic modes"},
        {{"--mode", "bilinear", "--scale", "2", "--size", "3"}, "ValueError: only one of size or scale_factor should be defined"},
        {{"--mode", "bilinear"}, "ValueError: either size or scale_factor should be defined"},
        {{"--mode", "bilinear", "--size", "3,3,3"},
         "ValueError: Input and output must have the same number of spatial dimensions, but got input with spatial "
         "dimensions of [5, 5] and output size of (3, 3, 3)."},
        {{"--mode", "cubic", "--scale", "2"}, "(got cubic)"},
        {{"--mode", "nearest", "--scale", "nan"}, "RuntimeError: value cannot be converted to type int64_t without overflow"},
        {{"--mode", "nearest", "--scale", "nan", "--torch", "1.13"},
         "RuntimeError: IntArrayRef contains an int that cannot be represented as a SymInt: -9223372036854775808"},
        {{"--mode", "nearest", "--scale", "2", "--torch", "1.12"},
         "--torch: '1.12' is not one of the PyTorch versions this program reproduces (2.14, 1.13)"},
        {{"--mode", "nearest", "--scale", "1e6"}, "over the limit"},
    };
    for (const auto& e : errors) {
        std::vector<std::string> argv = {kCli, "resize", dir.file("in.npy"), dir.file("out.npy")};
        argv.insert(argv.end(), e.opts.begin(), e.opts.end());
        const auto r = run(argv);
        INFO(r.err);
        CHECK(r.exitCode != 0);
        CHECK(r.err.find(e.message) != std::string::npos);
        CHECK(std::count(r.err.begin(), r.err.end(), '\n') == 1);
        CHECK_FALSE(testproc::fileExists(dir.file("out.npy")));
        CHECK(dir.entries().size() == 1);  // only in.npy: no temporary file left behind
    }
}

TEST_CASE("cli resize: bad files and destinations are refused without damage", "[cli]") {
    TempDir dir;
    writeNpy(dir.file("in.npy"), ramp({1, 1, 4, 4}));
    SECTION("missing input") {
        const auto r = run({kCli, "resize", dir.file("nope.npy"), dir.file("out.npy"), "--mode", "nearest", "--scale", "2"});
        CHECK(r.exitCode != 0);
        CHECK(r.err.find("nope.npy") != std::string::npos);
        CHECK_FALSE(testproc::fileExists(dir.file("out.npy")));
    }
    SECTION("a directory as output is refused, not replaced") {
        REQUIRE(::mkdir(dir.file("outdir").c_str(), 0755) == 0);
        const auto r = run({kCli, "resize", dir.file("in.npy"), dir.file("outdir"), "--mode", "nearest", "--scale", "2"});
        CHECK(r.exitCode != 0);
        struct stat st {};
        REQUIRE(::stat(dir.file("outdir").c_str(), &st) == 0);
        CHECK(S_ISDIR(st.st_mode));
    }
    SECTION("an existing output stays intact when the spec is bad") {
        writeNpy(dir.file("out.npy"), ramp({1, 1, 2, 2}));
        const auto r = run({kCli, "resize", dir.file("in.npy"), dir.file("out.npy"), "--mode", "nearest", "--size", "-1"});
        CHECK(r.exitCode != 0);
        CHECK(readNpy(dir.file("out.npy")).tensor.shape() == Shape{1, 1, 2, 2});
    }
    SECTION("unknown option and missing mode are usage errors (exit 2)") {
        auto r = run({kCli, "resize", dir.file("in.npy"), dir.file("out.npy"), "--mode", "nearest", "--scal", "2"});
        CHECK(r.exitCode == 2);
        CHECK(r.err.find("unknown option --scal") != std::string::npos);
        r = run({kCli, "resize", dir.file("in.npy"), dir.file("out.npy"), "--scale", "2"});
        CHECK(r.exitCode == 2);
        CHECK(r.err.find("--mode is required") != std::string::npos);
    }
}

TEST_CASE("cli: help documents every resize option", "[cli]") {
    const auto top = run({kCli, "--help"});
    CHECK(top.exitCode == 0);
    CHECK(top.out.find("resize") != std::string::npos);
    const auto r = run({kCli, "resize", "--help"});
    CHECK(r.exitCode == 0);
    for (const char* opt : {"--mode", "--scale", "--size", "--align-corners", "--recompute-scale-factor", "--antialias",
                            "--backend", "--threads", "--max-bytes"})
        CHECK(r.out.find(opt) != std::string::npos);
}

TEST_CASE("cli resize: --read-as and the shape guesses of the core", "[cli]") {
    TempDir dir;
    // (5, 6, 3): an (H, W, C) picture. As given, F.interpolate reads (N, C, L) and says why it looks wrong.
    Tensor hwc({5, 6, 3}, DType::Float32);
    for (int64_t i = 0; i < hwc.numel(); ++i) hwc.data<float>()[i] = static_cast<float>(i);
    writeNpy(dir.file("hwc.npy"), hwc);
    Tensor big({16, 16, 3}, DType::Float32);
    for (int64_t i = 0; i < big.numel(); ++i) big.data<float>()[i] = static_cast<float>(i);
    writeNpy(dir.file("big.npy"), big);
    const auto asGiven = run({kCli, "resize", dir.file("big.npy"), dir.file("o.npy"), "--mode", "nearest", "--scale", "2"});
    REQUIRE(asGiven.exitCode == 0);
    CHECK(readNpy(dir.file("o.npy")).tensor.shape() == Shape{16, 16, 6});
    CHECK(asGiven.err.find("(16, 16, 3) looks like (H, W, C), channels-last: x.permute(2, 0, 1)[None] is (1, 3, 16, 16)") !=
          std::string::npos);
    // --read-as hwc: x.permute(2, 0, 1)[None], then nearest x2.
    const auto r = run({kCli, "resize", dir.file("hwc.npy"), dir.file("p.npy"), "--mode", "nearest", "--scale", "2",
                        "--read-as", "hwc"});
    INFO(r.err);
    REQUIRE(r.exitCode == 0);
    const Tensor y = readNpy(dir.file("p.npy")).tensor;
    REQUIRE(y.shape() == Shape{1, 3, 10, 12});
    for (int64_t c = 0; c < 3; ++c)
        for (int64_t oy = 0; oy < 10; ++oy)
            for (int64_t ox = 0; ox < 12; ++ox)
                CHECK(y.at((c * 10 + oy) * 12 + ox) == static_cast<double>(((oy / 2) * 6 + ox / 2) * 3 + c));
    // auto: (1, 1, L) stays (N, C, L), so bicubic is refused as PyTorch refuses it.
    writeNpy(dir.file("signal.npy"), Tensor::zeros({1, 1, 9}, DType::Float32));
    const auto sig = run({kCli, "resize", dir.file("signal.npy"), dir.file("s.npy"), "--mode", "bicubic", "--scale", "2",
                          "--read-as", "auto"});
    CHECK(sig.exitCode != 0);
    CHECK(sig.err.find("NotImplementedError") != std::string::npos);
    const auto chw = run({kCli, "resize", dir.file("signal.npy"), dir.file("s.npy"), "--mode", "bicubic", "--scale", "2",
                          "--read-as", "chw"});
    CHECK(chw.exitCode == 0);
    CHECK(readNpy(dir.file("s.npy")).tensor.shape() == Shape{1, 1, 2, 18});
    const auto bad = run({kCli, "resize", dir.file("hwc.npy"), dir.file("q.npy"), "--mode", "nearest", "--scale", "2",
                          "--read-as", "whc"});
    CHECK(bad.exitCode == 2);
    CHECK(bad.err.find("--read-as: 'whc' is not one of auto, chw") != std::string::npos);
}

TEST_CASE("cli resize: a multi-page TIFF is the (1, C, D, H, W) stack of its pages", "[cli]") {
    TempDir dir;
    const std::string stack = std::string(UPSAMPLE_TESTS_DIR) + "/images/stack_gray8.tif";  // 3 pages of 8x6
    const auto r = run({kCli, "resize", stack, dir.file("v.npy"), "--mode", "nearest", "--scale", "2"});
    INFO(r.err);
    REQUIRE(r.exitCode == 0);
    CHECK(r.err.find("3 pages of 8x6, 1 channel, 8-bit read as one stack (1, 1, 3, 6, 8)") != std::string::npos);
    const Tensor y = readNpy(dir.file("v.npy")).tensor;
    REQUIRE(y.shape() == Shape{1, 1, 6, 12, 16});
    CHECK(y.at((5 * 12 + 11) * 16 + 15) == 2 * 64 + 5 * 8 + 7);  // the last page's last pixel
}

TEST_CASE("cli show: prints the shape and the values as PyTorch does", "[cli]") {
    TempDir dir;
    std::vector<float> v = {0, 1, 2, 3};
    writeNpy(dir.file("t.npy"), Tensor::fromValues({1, 1, 2, 2}, v));
    const auto r = run({kCli, "show", dir.file("t.npy")});
    CHECK(r.exitCode == 0);
    CHECK(r.out == "shape (1, 1, 2, 2), float32\ntensor([[[[0., 1.],\n          [2., 3.]]]])\n");
}

namespace {
// A file system mounted for the test's lifetime: a small tmpfs, or a read-only bind mount of a
// folder onto itself. ok() is false where mounting is not permitted (not root, no CAP_SYS_ADMIN).
class Mount {
public:
    static Mount tmpfs(const std::string& dir, const std::string& size) {
        Mount m(dir);
        m.ok_ = ::mount("tmpfs", dir.c_str(), "tmpfs", 0, ("size=" + size).c_str()) == 0;
        return m;
    }
    static Mount readOnly(const std::string& dir) {
        Mount m(dir);
        m.ok_ = ::mount(dir.c_str(), dir.c_str(), nullptr, MS_BIND, nullptr) == 0;
        if (m.ok_ && ::mount(nullptr, dir.c_str(), nullptr, MS_REMOUNT | MS_BIND | MS_RDONLY, nullptr) != 0) {
            ::umount2(dir.c_str(), MNT_DETACH);
            m.ok_ = false;
        }
        return m;
    }
    Mount(Mount&& o) noexcept : dir_(std::move(o.dir_)), ok_(std::exchange(o.ok_, false)) {}
    ~Mount() {
        if (ok_) ::umount2(dir_.c_str(), MNT_DETACH);
    }
    bool ok() const { return ok_; }

private:
    explicit Mount(std::string dir) : dir_(std::move(dir)) {}
    std::string dir_;
    bool ok_ = false;
};

std::string fileBytes(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    return std::string((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
}
}  // namespace

TEST_CASE("cli resize: a really full disk and a read-only folder leave the previous output (when mounts are allowed)",
          "[cli][mount]") {
    TempDir dir;
    writeNpy(dir.file("in.npy"), ramp({1, 1, 64, 64}));
    const std::string folder = dir.file("mnt");
    REQUIRE(::mkdir(folder.c_str(), 0755) == 0);
    const std::string out = folder + "/out.npy";

    SECTION("a 64 KiB tmpfs: the 64 KiB result does not fit") {
        const Mount m = Mount::tmpfs(folder, "64k");
        if (!m.ok()) {
            WARN("cannot mount a tmpfs here (" << std::strerror(errno) << "): UPSAMPLE_FAULT_WRITE=enospc covers it");
            return;
        }
        writeNpy(out, ramp({1, 1, 2, 2}));
        const std::string previous = fileBytes(out);
        const auto r = run({kCli, "resize", dir.file("in.npy"), out, "--mode", "nearest", "--size", "128"});
        CHECK(r.exitCode == 1);
        CHECK(r.err == "upsample-cli resize: cannot write '" + out + "': No space left on device\n");
        CHECK(fileBytes(out) == previous);
        CHECK(testproc::dirEntries(folder) == std::vector<std::string>{"out.npy"});
    }
    SECTION("a read-only bind mount") {
        writeNpy(out, ramp({1, 1, 2, 2}));
        const std::string previous = fileBytes(out);
        const Mount m = Mount::readOnly(folder);
        if (!m.ok()) {
            WARN("cannot bind-mount read-only here (" << std::strerror(errno) << "): UPSAMPLE_FAULT_WRITE=eacces covers it");
            return;
        }
        const auto r = run({kCli, "resize", dir.file("in.npy"), out, "--mode", "nearest", "--scale", "2"});
        CHECK(r.exitCode == 1);
        CHECK(r.err == "upsample-cli resize: cannot create a temporary file beside '" + out + "': Read-only file system\n");
        CHECK(fileBytes(out) == previous);
        CHECK(testproc::dirEntries(folder) == std::vector<std::string>{"out.npy"});
    }
}

#if defined(__SANITIZE_ADDRESS__)
#define UPSAMPLE_TEST_ASAN 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define UPSAMPLE_TEST_ASAN 1
#endif
#endif

TEST_CASE("cli resize: threads the system refuses are not fatal, the result is the same", "[cli]") {
#ifdef UPSAMPLE_TEST_ASAN
    WARN("skipped under AddressSanitizer, which cannot run with a small address-space limit");
#else
    TempDir dir;
    writeNpy(dir.file("in.npy"), ramp({1, 1, 300, 300}));
    const auto one = run({kCli, "resize", dir.file("in.npy"), dir.file("one.npy"), "--mode", "bilinear", "--scale", "1.5",
                          "--backend", "cpu", "--threads", "1"});
    REQUIRE(one.exitCode == 0);
    // 1000 threads of 8 MiB stacks do not fit in 1 GB of address space.
    const auto many = run({"/bin/sh", "-c", "ulimit -v 1000000 && exec \"$0\" \"$@\"", kCli, "resize", dir.file("in.npy"),
                           dir.file("many.npy"), "--mode", "bilinear", "--scale", "1.5", "--backend", "cpu", "--threads",
                           "1000"});
    INFO(many.err);
    CHECK(many.exitCode == 0);
    CHECK(fileBytes(dir.file("many.npy")) == fileBytes(dir.file("one.npy")));
#endif
}
