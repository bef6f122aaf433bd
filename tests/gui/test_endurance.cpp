// The studio under load: 1,000 quick spec changes and 100 file opens, requests superseding
// each other while older jobs still finish on the worker thread. Memory must stay flat and the
// result shown must be the last request's.
#include "studio_fixture.hpp"

#include "upsample/backend.hpp"
#include "upsample/npy.hpp"

#include <QApplication>
#include <QTemporaryDir>

#include <catch2/catch.hpp>

#include <cstddef>
#include <cstdio>
#include <random>
#include <unistd.h>

#if defined(__SANITIZE_ADDRESS__)
// From ASan's runtime (sanitizer/allocator_interface.h, which GCC 12 does not install).
extern "C" std::size_t __sanitizer_get_current_allocated_bytes();
#endif

using namespace studio;
using namespace studio::testing;
using namespace upsample;

namespace {
// Resident set size of this process in bytes. Under AddressSanitizer freed blocks stay resident in
// its quarantine (256 MiB by default), so there the live heap as ASan's allocator counts it stands in
// for the RSS: what the studio still holds, which is what must stay flat.
long long residentBytes() {
#if defined(__SANITIZE_ADDRESS__)
    return static_cast<long long>(__sanitizer_get_current_allocated_bytes());
#else
    long long pages = 0, resident = 0;
    if (FILE* f = std::fopen("/proc/self/statm", "r")) {
        if (std::fscanf(f, "%lld %lld", &pages, &resident) != 2) resident = 0;
        std::fclose(f);
    }
    return resident * sysconf(_SC_PAGESIZE);
#endif
}

SpecState randomSpec(std::mt19937& rng) {
    static const Mode modes[] = {Mode::Nearest, Mode::NearestExact, Mode::Bilinear, Mode::Bicubic, Mode::Area};
    SpecState s;
    s.mode = modes[rng() % 5];
    s.scale = {2.0, 1.0 + (rng() % 300) / 100.0, 1.0 + (rng() % 300) / 100.0};
    s.perDim = rng() % 2;
    if (modeAllowsAlignCorners(s.mode) && rng() % 2) s.alignCorners = true;
    return s;
}
}  // namespace

TEST_CASE("endurance: 1,000 spec changes and 100 opens keep memory flat and end on the last request", "[endurance]") {
    QTemporaryDir dir;
    std::vector<QString> files;
    for (int i = 0; i < 4; ++i) {
        Tensor t(Shape{1, 3, 24 + 8 * i, 40 - 4 * i}, DType::Float32);
        for (int64_t k = 0; k < t.numel(); ++k) t.data<float>()[k] = static_cast<float>((k * 31 + i) % 97);
        const QString path = dir.filePath(QString("input%1.npy").arg(i));
        writeNpy(path.toStdString(), t);
        files.push_back(path);
    }
    Fixture f;
    std::mt19937 rng(42);
    auto churn = [&](int changes) {
        for (int i = 0; i < changes; ++i) {
            f.w().specDock()->setState(randomSpec(rng));  // supersedes the request before it
            if (i % 10 == 0) REQUIRE(f.w().openFile(files[static_cast<std::size_t>(i / 10) % files.size()]));
            if (i % 7 == 0) QApplication::processEvents();  // let some older results arrive, out of date
        }
        f.w().waitForCompute();
        QApplication::processEvents();
    };
    churn(100);  // warm-up: caches, thread pool, fonts
    const long long before = residentBytes();
    churn(1000);
    const long long after = residentBytes();
    INFO("resident before " << before / 1024 << " KiB, after " << after / 1024 << " KiB");
    CHECK(after - before < 32ll * 1024 * 1024);

    // the result is the last request's, on the last file opened
    const SpecState last = randomSpec(rng);
    f.w().specDock()->setState(last);
    f.w().waitForCompute();
    QApplication::processEvents();
    REQUIRE(f.w().input());
    REQUIRE(f.w().result());
    REQUIRE(f.w().result()->ok);
    const Spec spec = f.w().specDock()->spec();  // the last request, as the controls hold it
    CHECK(spec.mode == last.mode);
    const Tensor want = interpolate(f.w().input()->tensor, spec, RunOptions{BackendKind::Cpu});
    const Tensor& got = f.w().result()->output;
    REQUIRE(got.shape() == want.shape());
    for (int64_t i = 0; i < want.numel(); ++i) REQUIRE(got.at(i) == want.at(i));
    CHECK(toPythonCall(f.w().result()->spec) == toPythonCall(spec));
}
