// The libraries view, driven offscreen: one row per library with the verdicts and statistics the
// core's closestCalls() gives, tiles for the libraries with an equivalent and the note for those
// without, Copy as code, and every library's value at a clicked output pixel.
#include <catch2/catch.hpp>

#include "tools/AnalysisTools.hpp"
#include "views/ImageView.hpp"
#include "tools/LibrariesWindow.hpp"
#include "views/ValueFormat.hpp"
#include "views/ViewPane.hpp"
#include "studio_fixture.hpp"

#include "upsample/analysis.hpp"
#include "upsample/conventions.hpp"

#include <QAction>
#include <QClipboard>
#include <QLabel>
#include <QMenu>
#include <QMenuBar>
#include <QPushButton>
#include <QTest>

using namespace studio;
using namespace studio::testing;
using namespace upsample;

namespace {

LibrariesWindow* openLibraries(Fixture& f) {
    AnalysisTools* tools = f.w().analysis();
    tools->showLibraries();
    tools->libraries()->waitForIdle();
    QApplication::processEvents();
    return tools->libraries();
}

// The rows against the core's own answer for the same input and spec.
void checkAgainstCore(Fixture& f, LibrariesWindow* win) {
    const std::vector<LibraryCall> expected =
        closestCalls(f.w().specDock()->spec(), f.w().input()->tensor, true);
    REQUIRE(win->rowCount() == static_cast<int>(expected.size()));
    REQUIRE(win->rowCount() == static_cast<int>(kAllLibraries.size()));
    const Tensor& reference = *expected.front().output;
    for (int i = 0; i < win->rowCount(); ++i) {
        const LibraryCall& e = expected[static_cast<std::size_t>(i)];
        const LibraryRow& r = win->rows()[static_cast<std::size_t>(i)];
        const QString text = win->rowText(i);
        INFO(text.toStdString());
        CHECK(r.call.library == e.library);
        CHECK(r.call.verdict == e.verdict);
        CHECK(r.call.code == e.code);
        CHECK(r.call.differing == e.differing);
        CHECK(text.contains(QString::fromUtf8(libraryDisplayName(e.library).data())));
        CHECK(text.contains(QString::fromUtf8(verdictName(e.verdict).data())));
        CHECK(text.contains(QString::fromStdString(e.code)));
        if (e.verdict == Verdict::NoEquivalent) {
            CHECK(win->resultTile(i) == nullptr);
            CHECK(win->copyButton(i) == nullptr);
            continue;
        }
        REQUIRE(win->resultTile(i));
        CHECK(win->resultTile(i)->view()->hasPlane());
        REQUIRE(win->copyButton(i));
        if (e.library == Library::PyTorch || !e.output || e.output->shape() != reference.shape()) continue;
        // The statistics shown are the core's.
        const DiffStats s = diffStats(*e.output, reference);
        REQUIRE(r.stats);
        CHECK(r.stats->maxAbs == s.maxAbs);
        CHECK(r.stats->meanAbs == s.meanAbs);
        CHECK(text.contains(QString("max |diff| = %1").arg(QString::number(s.maxAbs, 'g', 6))));
        CHECK(text.contains(QString("mean |diff| = %1").arg(QString::number(s.meanAbs, 'g', 6))));
        CHECK(text.contains(QString("%1 of %2 values differ").arg(e.differing).arg(e.compared)));
        CHECK(text.contains("PSNR"));
        REQUIRE(r.difference);
        CHECK(win->differenceTile(i)->view()->hasPlane());
    }
}

}  // namespace

TEST_CASE("libraries view: one row per library with the core's verdicts, on the arange sample in bilinear") {
    Fixture f;
    f.open("arange");
    f.setSpec(scaleSpec(Mode::Bilinear, 2));
    LibrariesWindow* win = openLibraries(f);
    CHECK(win->isVisible());
    checkAgainstCore(f, win);
    // OpenCV's INTER_LINEAR is PyTorch's bilinear with align_corners=False.
    CHECK(win->rows()[1].call.library == Library::OpenCV);
    CHECK(win->rows()[1].call.code.find("INTER_LINEAR") != std::string::npos);

    SECTION("a spec change recomputes") {
        f.setSpec(scaleSpec(Mode::NearestExact, 1.7));
        win->waitForIdle();
        QApplication::processEvents();
        checkAgainstCore(f, win);
    }
    SECTION("volumes: the 2-D image libraries have no equivalent and show their note") {
        f.open("volume");
        f.setSpec(scaleSpec(Mode::Trilinear, 2));
        win->waitForIdle();
        QApplication::processEvents();
        checkAgainstCore(f, win);
        CHECK(win->rows()[1].call.verdict == Verdict::NoEquivalent);
        CHECK(win->findChild<QLabel*>("libraryNote:opencv"));
    }
}

TEST_CASE("libraries view: Copy as code puts each call on the clipboard") {
    Fixture f;
    f.open("arange");
    f.setSpec(scaleSpec(Mode::Bicubic, 2));
    LibrariesWindow* win = openLibraries(f);
    for (int i = 0; i < win->rowCount(); ++i) {
        QPushButton* b = win->copyButton(i);
        if (!b) continue;
        QApplication::clipboard()->clear();
        b->click();
        CHECK(QApplication::clipboard()->text().toStdString() == win->rows()[static_cast<std::size_t>(i)].call.code);
    }
}

TEST_CASE("libraries view: clicking a tile pixel shows every library's value there and its difference") {
    Fixture f;
    f.open("arange");
    f.setSpec(scaleSpec(Mode::Nearest, 2));
    LibrariesWindow* win = openLibraries(f);
    win->resize(1400, 900);
    for (int i = 0; i < 5; ++i) QApplication::processEvents();
    win->fit();
    ImageView* view = win->resultTile(0)->view();
    // Output pixel (5, 2) of the 8x8 result: source point (2.75, 1.25).
    const QPointF at = view->sourceToWidget(QPointF(2.75, 1.25));
    QTest::mouseClick(view, Qt::LeftButton, Qt::NoModifier, at.toPoint());
    const QString text = win->probeText();
    INFO(text.toStdString());
    CHECK(text.contains("[0, 0, 2, 5]"));
    const Tensor& ref = *win->rows()[0].call.output;
    CHECK(text.contains("PyTorch = " + formatValue(ref.at(2 * 8 + 5), ref.dtype())));
    for (std::size_t i = 1; i < win->rows().size(); ++i) {
        const LibraryRow& r = win->rows()[i];
        const QString lib = QString::fromUtf8(libraryDisplayName(r.call.library).data());
        CHECK(text.contains(lib));
        if (r.difference) CHECK(text.contains(lib + " = "));
        // OpenCV and Pillow also show the inputs they read there, as the core lists them
        const auto taps = libraryPixelTaps(r.call, 4, 4, 2, 5);
        if (!taps.empty()) CHECK(text.contains("reads " + LibrariesWindow::tapsText(taps)));
    }
}

TEST_CASE("Analysis > Libraries has a shortcut and needs an input") {
    Fixture f;
    QAction* act = nullptr;
    for (QAction* a : f.w().findChildren<QAction*>())
        if (a->text().contains("Libraries")) act = a;
    REQUIRE(act);
    CHECK(act->shortcut() == QKeySequence("Ctrl+L"));
    CHECK_FALSE(act->isEnabled());
    f.open("arange");
    CHECK(act->isEnabled());
    act->trigger();
    f.w().analysis()->libraries()->waitForIdle();
    CHECK(f.w().analysis()->libraries()->isVisible());
    CHECK(f.w().analysis()->libraries()->rowCount() == static_cast<int>(kAllLibraries.size()));
}
