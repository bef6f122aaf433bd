// The studio's progress and Cancel: the status bar shows a percentage while the core computes or
// a file is read (off the GUI thread), Cancel stops the computation or the read itself (its
// cancellation token) and the previous result or input stays on show; a refused size keeps the
// last good result too; a newer open supersedes a read still running.
#include <catch2/catch.hpp>

#include "MainWindow.hpp"
#include "session/ComputeController.hpp"
#include "session/LoadController.hpp"
#include "studio_fixture.hpp"

#include "upsample/backend.hpp"
#include "upsample/error.hpp"
#include "upsample/npy.hpp"

#include <QCoreApplication>
#include <QElapsedTimer>
#include <QFile>
#include <QTimer>

#include <atomic>
#include <chrono>
#include <thread>

#ifdef Q_OS_UNIX
#include <sys/stat.h>
#endif

using namespace studio;
using namespace studio::testing;
using namespace upsample;

namespace {
// Runs the event loop until `done` or 20 s.
template <class F>
void spinUntil(F done) {
    QElapsedTimer t;
    t.start();
    while (!done() && t.elapsed() < 20000) QCoreApplication::processEvents(QEventLoop::AllEvents, 5);
}

ComputeRequest bigRequest() {
    ComputeRequest r;
    r.input = Tensor::zeros(Shape{1, 3, 64, 64}, DType::Float32);
    r.spec.mode = Mode::Bicubic;
    r.spec.scaleFactor = std::vector<double>{80.0};  // (1, 3, 5120, 5120): long enough to cancel mid-run
    r.options.threads = 2;
    return r;
}
}  // namespace

TEST_CASE("the compute controller reports progress and its cancel stops the running job") {
    ComputeController c;
    std::vector<double> fractions;
    int finished = 0, stopped = 0;
    QObject::connect(&c, &ComputeController::progress, [&](quint64, double f, double) {
        fractions.push_back(f);
        c.cancel();
    });
    QObject::connect(&c, &ComputeController::finished, [&](const ComputeOutcome&) { ++finished; });
    QObject::connect(&c, &ComputeController::stopped, [&](quint64) { ++stopped; });
    const quint64 g = c.request(bigRequest());
    spinUntil([&] { return !fractions.empty(); });
    REQUIRE_FALSE(fractions.empty());
    CHECK(fractions.front() > 0.0);
    CHECK(fractions.front() < 1.0);
    c.waitForIdle();
    CHECK(stopped == 1);   // the job itself stopped, not merely its result dropped
    CHECK(finished == 0);  // nothing delivered
    CHECK(c.generation() > g);
    CHECK_FALSE(c.busy());
}

TEST_CASE("an uncancelled job's progress rises to 1.0 before its result") {
    ComputeController c;
    std::vector<double> fractions;
    bool done = false;
    QObject::connect(&c, &ComputeController::progress, [&](quint64, double f, double) { fractions.push_back(f); });
    QObject::connect(&c, &ComputeController::finished, [&](const ComputeOutcome& o) {
        CHECK(o.ok);
        done = true;
    });
    ComputeRequest r = bigRequest();
    r.spec.scaleFactor = std::vector<double>{20.0};
    c.request(std::move(r));
    c.waitForIdle();
    REQUIRE(done);
    REQUIRE_FALSE(fractions.empty());
    CHECK(fractions.back() == 1.0);
    for (std::size_t i = 1; i < fractions.size(); ++i) CHECK(fractions[i] > fractions[i - 1]);
}

TEST_CASE("Cancel mid-run keeps the previous result on show and no new result appears") {
    Fixture f;
    f.settings->setCpuThreads(1);  // a long run: the window catches its first report mid-run
    const QString path = f.dir.filePath("w1.npy");  // a 1080p RGB picture as a tensor
    writeNpy(path.toStdString(), Tensor::zeros(Shape{1, 3, 1080, 1920}, DType::Float64));
    REQUIRE(f.w().openFile(path));
    f.w().waitForCompute();
    f.setSpec(scaleSpec(Mode::Nearest, 0.25));
    REQUIRE(f.w().result());
    const quint64 before = f.w().result()->generation;
    ComputeController* c = f.w().computeController();
    bool reported = false;
    int stopped = 0, finished = 0;
    QString progressText;
    QObject::connect(c, &ComputeController::progress, &f.w(), [&](quint64, double, double) {
        if (reported) return;
        reported = true;
        progressText = f.w().progressText();
        f.w().cancelCompute();
    });
    QObject::connect(c, &ComputeController::stopped, [&](quint64) { ++stopped; });
    QObject::connect(c, &ComputeController::finished, [&](const ComputeOutcome&) { ++finished; });
    f.w().specDock()->setState(scaleSpec(Mode::Bicubic, 3));  // (1, 3, 3240, 5760)
    spinUntil([&] { return reported; });
    REQUIRE(reported);
    f.w().waitForCompute();
    CHECK(progressText.contains('%'));
    CHECK(stopped == 1);
    CHECK(finished == 0);
    REQUIRE(f.w().result());
    CHECK(f.w().result()->generation == before);
    CHECK(f.w().result()->output.shape() == Shape{1, 3, 270, 480});
    CHECK(f.w().resultCaption().contains("(1, 3, 270, 480)"));
}

// ---- reading files off the GUI thread ----

namespace {
// A (1, 3, 4000, 4000) float32 .npy (192 MB): long enough to read that progress shows.
QString bigNpy(Fixture& f) {
    const QString path = f.dir.filePath("big.npy");
    Tensor t(Shape{1, 3, 4000, 4000}, DType::Float32);
    float* v = t.data<float>();
    for (int64_t i = 0; i < t.numel(); ++i) v[i] = static_cast<float>(i % 251);
    writeNpy(path.toStdString(), t);
    return path;
}
}  // namespace

#ifdef Q_OS_UNIX
TEST_CASE("a file is read on a worker: the window keeps processing events until the bytes arrive") {
    Fixture f;
    f.open("ones");
    // A named pipe: its read blocks until this test writes the .npy into it, which it does only
    // after it has seen the window handle events while the read waits (or after 5 s, so that a
    // read on the GUI thread fails the checks below rather than hanging).
    const QString fifo = f.dir.filePath("pipe.npy");
    REQUIRE(::mkfifo(fifo.toLocal8Bit().constData(), 0600) == 0);
    const std::vector<std::byte> bytes = encodeNpy(Tensor::fromValues(Shape{1, 2, 3, 5}, std::vector<float>(30, 7.0f)));
    std::atomic<bool> go{false};
    std::thread writer([&] {
        for (int i = 0; i < 500 && !go; ++i) std::this_thread::sleep_for(std::chrono::milliseconds(10));
        QFile out(fifo);
        if (out.open(QIODevice::WriteOnly)) out.write(reinterpret_cast<const char*>(bytes.data()), static_cast<qint64>(bytes.size()));
    });
    int ticks = 0;
    QTimer timer;
    QObject::connect(&timer, &QTimer::timeout, [&] { ++ticks; });
    timer.start(5);
    int delivered = 0;
    QObject::connect(f.w().loadController(), &LoadController::finished, [&](const LoadOutcome&) { ++delivered; });
    QElapsedTimer clock;
    clock.start();
    f.w().startOpen(fifo);
    CHECK(clock.elapsed() < 1000);  // returned at once
    CHECK(f.w().loadController()->busy());
    spinUntil([&] { return ticks >= 10; });
    CHECK(ticks >= 10);                                   // the event loop ran meanwhile...
    CHECK(f.w().input()->displayName == "torch.ones(1, 1, 4, 4)");  // ...with the previous input on show
    CHECK(delivered == 0);
    go = true;
    f.w().waitForCompute();
    writer.join();
    CHECK(delivered == 1);
    REQUIRE(f.w().input());
    CHECK(f.w().input()->path == fifo);
    CHECK(f.w().input()->tensor.shape() == Shape{1, 2, 3, 5});
    CHECK(f.w().input()->tensor.at(29) == 7.0);
    REQUIRE(f.w().result());
    CHECK(f.w().result()->output.dim(1) == 2);
}
#endif

TEST_CASE("a large .npy shows its reading progress, and Cancel stops the read and keeps the input") {
    Fixture f;
    f.open("ones");
    f.setSpec(scaleSpec(Mode::Nearest, 0.25));
    const QString path = bigNpy(f);
    LoadController* loader = f.w().loadController();
    std::vector<double> fractions;
    QString text;
    int stopped = 0, delivered = 0;
    QObject::connect(loader, &LoadController::stopped, [&](quint64) { ++stopped; });
    QObject::connect(loader, &LoadController::finished, [&](const LoadOutcome&) { ++delivered; });
    SECTION("read to the end: the progress rises, the result has the file's shape") {
        QObject::connect(loader, &LoadController::progress, &f.w(), [&](quint64, double fr, double) {
            if (fractions.empty()) text = f.w().progressText();
            fractions.push_back(fr);
        });
        REQUIRE(f.w().openFile(path));
        f.w().waitForCompute();
        REQUIRE(fractions.size() >= 2);
        CHECK(fractions.front() > 0.0);
        CHECK(fractions.front() < 1.0);
        CHECK(fractions.back() == 1.0);
        for (std::size_t i = 1; i < fractions.size(); ++i) CHECK(fractions[i] > fractions[i - 1]);
        CHECK(text.startsWith("reading big.npy: "));
        CHECK(text.contains('%'));
        CHECK(delivered == 1);
        CHECK(f.w().input()->tensor.shape() == Shape{1, 3, 4000, 4000});
        CHECK(f.w().input()->tensor.at(252) == 1.0);
        REQUIRE(f.w().result());
        CHECK(f.w().result()->output.shape() == Shape{1, 3, 1000, 1000});
    }
    SECTION("Cancel at the first report") {
        QObject::connect(loader, &LoadController::progress, &f.w(), [&](quint64, double fr, double) {
            fractions.push_back(fr);
            f.w().cancelCompute();  // what the status bar's Cancel and Esc do
        });
        f.w().startOpen(path);
        f.w().waitForCompute();
        REQUIRE(fractions.size() == 1);
        CHECK(fractions.front() < 1.0);
        CHECK(stopped == 1);  // the read itself stopped
        CHECK(delivered == 0);
        CHECK(f.w().input()->displayName == "torch.ones(1, 1, 4, 4)");
        CHECK(f.w().input()->tensor.shape() == Shape{1, 1, 4, 4});
        CHECK_FALSE(loader->busy());
    }
}

TEST_CASE("a newer open supersedes a file still being read, only the newest opens") {
    Fixture f;
    f.open("ones");
    f.setSpec(scaleSpec(Mode::Nearest, 0.25));
    const QString big = bigNpy(f);
    const QString small = f.dir.filePath("small.npy");
    writeNpy(small.toStdString(), Tensor::zeros(Shape{1, 1, 8, 12}, DType::Float32));
    std::vector<QString> delivered;
    QObject::connect(f.w().loadController(), &LoadController::finished,
                     [&](const LoadOutcome& o) { delivered.push_back(o.request.path); });
    f.w().startOpen(big);
    REQUIRE(f.w().openFile(small));
    f.w().waitForCompute();
    REQUIRE(delivered.size() == 1);
    CHECK(delivered.front() == small);
    CHECK(f.w().input()->path == small);
    CHECK(f.w().input()->tensor.shape() == Shape{1, 1, 8, 12});
    REQUIRE(f.w().result());
    CHECK(f.w().result()->output.shape() == Shape{1, 1, 2, 3});
}

TEST_CASE("a file that cannot be read, opened from the menu's path, shows the error naming it") {
    Fixture f;
    f.open("ones");
    QFile bad(f.dir.filePath("corrupt.npy"));
    REQUIRE(bad.open(QIODevice::WriteOnly));
    bad.write("\x93NUMPY\x01\x00\x10\x00{'descr': '<f4',", 25);
    bad.close();
    f.w().startOpen(bad.fileName());  // what File > Open and drops do
    f.w().waitForLoad();
    REQUIRE(f.w().errorDialog());
    CHECK(f.w().errorDialog()->isVisible());
    CHECK(f.w().errorDialog()->text().contains("corrupt.npy"));
    CHECK(f.w().input()->displayName == "torch.ones(1, 1, 4, 4)");  // the previous input stays
}

TEST_CASE("a file larger than the byte limit is refused before it is read, naming the file") {
    QTemporaryDir dir;
    const QString path = dir.filePath("big.npy");
    const std::vector<float> values(3 << 20 >> 2, 1.0f);  // 3 MiB of values
    writeNpy(path.toStdString(), upsample::Tensor::fromValues({1, 1, 768, 1024}, values));
    std::atomic<int> reports{0};
    LoadControl control;
    control.progress = [&](double) { ++reports; };
    try {
        (void)loadInput(path, /*maxBytes=*/1024, ArrayReading::Auto, control);
        FAIL("loaded a 3 MiB file under a 1 KiB limit");
    } catch (const upsample::TooLargeError& e) {
        const std::string m = e.what();
        INFO(m);
        CHECK(m.find("big.npy' (the whole file) needs 3.0 MiB") != std::string::npos);
        CHECK(m.find("over the limit of 1.0 KiB") != std::string::npos);
    }
    CHECK(reports == 0);  // nothing was read
    // within the limit plus the header's room it loads
    CHECK(loadInput(path, uint64_t{3} << 20).tensor.shape() == upsample::Shape{1, 1, 768, 1024});
}
