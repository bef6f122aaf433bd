// Progress reports and cancellation of interpolate() (RunOptions::progress, RunOptions::cancel),
// on the CPU and, where a device is usable, on OpenCL: the reports rise to 1.0 at a bounded rate,
// a cancel stops the run promptly with CancelledError, and a run that reports gives the same bits.
#include <catch2/catch.hpp>

#include "upsample/backend.hpp"
#include "upsample/error.hpp"
#include "upsample/opencl.hpp"

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstring>
#include <mutex>
#include <random>
#include <thread>
#include <vector>

using namespace upsample;
using Clock = std::chrono::steady_clock;

namespace {
double secondsSince(Clock::time_point t0) { return std::chrono::duration<double>(Clock::now() - t0).count(); }

template <class T>
Tensor randomTensor(Shape shape, DType dtype) {
    Tensor t(std::move(shape), dtype);
    std::mt19937 rng(17);
    std::uniform_real_distribution<double> u(-1.0, 1.0);
    T* p = t.data<T>();
    for (int64_t i = 0; i < t.numel(); ++i) p[i] = static_cast<T>(u(rng));
    return t;
}

// W1: a 1080p RGB picture, bilinear x2.
const Tensor& w1Input() {
    static const Tensor t = randomTensor<float>(Shape{1, 3, 1080, 1920}, DType::Float32);
    return t;
}
Spec scaled(Mode mode, double factor, bool antialias = false) {
    Spec s;
    s.mode = mode;
    s.scaleFactor = std::vector<double>{factor};
    s.antialias = antialias;
    return s;
}

bool sameBits(const Tensor& a, const Tensor& b) {
    return a.shape() == b.shape() && a.dtype() == b.dtype() && std::memcmp(a.raw(), b.raw(), a.nbytes()) == 0;
}

struct Reports {
    std::vector<double> fractions;
    std::vector<Clock::time_point> times;
};

// Runs with a progress callback; checks the reports rise to 1.0 at no more than ~30 a second.
Tensor runReporting(const Tensor& x, const Spec& spec, RunOptions o) {
    Reports r;
    o.progress = [&r](double f) {
        r.fractions.push_back(f);
        r.times.push_back(Clock::now());
    };
    const auto t0 = Clock::now();
    Tensor out = interpolate(x, spec, o);
    const double seconds = secondsSince(t0);
    REQUIRE_FALSE(r.fractions.empty());
    CHECK(r.fractions.back() == 1.0);
    for (std::size_t i = 1; i < r.fractions.size(); ++i) {
        CHECK(r.fractions[i] > r.fractions[i - 1]);
        CHECK(r.fractions[i] <= 1.0);
        if (i + 1 < r.fractions.size())  // every report but the final 1.0 waits 1/30 s after the last
            CHECK(std::chrono::duration<double>(r.times[i] - r.times[i - 1]).count() >= 1.0 / 30 - 1e-4);
    }
    CHECK(r.fractions.front() >= 0.0);
    CHECK(static_cast<double>(r.fractions.size()) <= 2 + seconds * 30);
    return out;
}

// A run cancelled from another thread once its first report came; returns {the cancelled run's
// seconds, the seconds from cancel() to the CancelledError}.
std::pair<double, double> cancelMidRun(const Tensor& x, const Spec& spec, RunOptions o) {
    CancelToken token;
    o.cancel = token;
    std::mutex m;
    std::condition_variable cv;
    bool reported = false;
    o.progress = [&](double) {
        std::lock_guard lock(m);
        reported = true;
        cv.notify_all();
    };
    Clock::time_point cancelledAt{};
    std::thread canceller([&] {
        std::unique_lock lock(m);
        cv.wait(lock, [&] { return reported; });
        cancelledAt = Clock::now();
        token.cancel();
    });
    const auto t0 = Clock::now();
    bool threw = false;
    try {
        (void)interpolate(x, spec, o);
    } catch (const CancelledError& e) {
        threw = true;
        CHECK(e.kind() == ErrorKind::Cancelled);
    }
    const auto t1 = Clock::now();
    canceller.join();
    CHECK(threw);
    return {std::chrono::duration<double>(t1 - t0).count(), std::chrono::duration<double>(t1 - cancelledAt).count()};
}

// The cancelled run ends well before an uncancelled one (measured in the same test, so the
// bound holds on a loaded machine too).
void checkPromptCancel(const Tensor& x, const Spec& spec, const RunOptions& o) {
    const auto t0 = Clock::now();
    (void)interpolate(x, spec, o);
    const double full = secondsSince(t0);
    const auto [cancelled, latency] = cancelMidRun(x, spec, o);
    INFO("full run " << full * 1e3 << " ms, cancelled run " << cancelled * 1e3 << " ms, cancel to return "
                     << latency * 1e3 << " ms");
    CHECK(cancelled < 0.5 * full);
    CHECK(latency < 0.5 * full);
}

bool openclUsable() { return openclBuiltIn() && listOpenCLDevices().defaultDevice >= 0; }
RunOptions onOpenCL() {
    RunOptions o;
    o.backend = BackendKind::OpenCL;
    return o;
}
}  // namespace

TEST_CASE("progress rises to 1.0, at most ~30 reports a second, on the CPU") {
    RunOptions o;
    o.backend = BackendKind::Cpu;
    o.threads = 2;
    (void)runReporting(w1Input(), scaled(Mode::Bilinear, 2.0), o);
    const Tensor x64 = randomTensor<double>(Shape{1, 3, 540, 960}, DType::Float64);
    (void)runReporting(x64, scaled(Mode::Bilinear, 0.37, true), o);  // antialias: two passes
}

TEST_CASE("a run that reports and can be cancelled gives the same bits on the CPU") {
    RunOptions plain;
    plain.backend = BackendKind::Cpu;
    plain.threads = 2;
    RunOptions watched = plain;
    watched.cancel = CancelToken();
    const Tensor x = randomTensor<float>(Shape{2, 3, 301, 257}, DType::Float32);
    const Tensor x64 = randomTensor<double>(Shape{2, 3, 301, 257}, DType::Float64);
    for (const Spec& s : {scaled(Mode::Bilinear, 2.3), scaled(Mode::Bicubic, 1.7), scaled(Mode::Nearest, 3.1),
                          scaled(Mode::Area, 0.5), scaled(Mode::Area, 0.3), scaled(Mode::Bilinear, 0.4, true),
                          scaled(Mode::Bicubic, 0.6, true)}) {
        INFO(modeName(s.mode) << " x" << (*s.scaleFactor)[0] << (s.antialias ? " antialias" : ""));
        CHECK(sameBits(runReporting(x, s, watched), interpolate(x, s, plain)));
        CHECK(sameBits(runReporting(x64, s, watched), interpolate(x64, s, plain)));
    }
}

TEST_CASE("a token cancelled before the run stops it before it allocates") {
    RunOptions o;
    CancelToken token;
    token.cancel();
    o.cancel = token;
    RunOptions huge = o;
    huge.maxBytes = ~uint64_t{0};
    const Tensor x(Shape{1, 1, 4, 4}, DType::Float32);
    CHECK_THROWS_AS(interpolate(x, scaled(Mode::Bilinear, 100000.0), huge), CancelledError);
}

TEST_CASE("a cancel mid-run returns promptly on the CPU (W1 on 2 threads)") {
    RunOptions o;
    o.backend = BackendKind::Cpu;
    o.threads = 2;
    checkPromptCancel(w1Input(), scaled(Mode::Bilinear, 2.0), o);
    const Tensor x64 = randomTensor<double>(Shape{1, 3, 1080, 1920}, DType::Float64);
    checkPromptCancel(x64, scaled(Mode::Bilinear, 0.45, true), o);  // between the two passes too
}

TEST_CASE("progress, the same bits and a prompt cancel on OpenCL") {
    if (!openclUsable()) {
        WARN("no usable OpenCL device: skipped");
        return;
    }
    RunOptions cpu;
    cpu.backend = BackendKind::Cpu;
    const Spec twice = scaled(Mode::Bilinear, 2.0);
    CHECK(sameBits(runReporting(w1Input(), twice, onOpenCL()), interpolate(w1Input(), twice, cpu)));
    const Spec aa = scaled(Mode::Bicubic, 0.45, true);
    CHECK(sameBits(runReporting(w1Input(), aa, onOpenCL()), interpolate(w1Input(), aa, cpu)));
    checkPromptCancel(w1Input(), scaled(Mode::Bicubic, 2.0), onOpenCL());
}
