// The studio's progress and Cancel: the status bar shows a percentage while the core computes,
// Cancel stops the computation itself (its cancellation token) and the previous result stays on
// show; a refused size keeps the last good result too.
#include <catch2/catch.hpp>

#include "MainWindow.hpp"
#include "session/ComputeController.hpp"
#include "studio_fixture.hpp"

#include "upsample/backend.hpp"
#include "upsample/npy.hpp"

#include <QCoreApplication>
#include <QElapsedTimer>

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
