// What viewer users expect: region statistics (Shift+drag, and the live link's `stats`), a display
// range locked across slices and inputs, and Help ▸ Keyboard Shortcuts read from the actions.
// Offscreen.
#include "studio_fixture.hpp"

#include "dialogs/ShortcutsDialog.hpp"
#include "docks/DisplayDock.hpp"
#include "docks/RegionDock.hpp"
#include "scripting/LinkStats.hpp"
#include "tools/AnalysisTools.hpp"
#include "tools/CompareWindow.hpp"
#include "tools/LibrariesWindow.hpp"
#include "tools/RealLibraries.hpp"
#include "views/ImageView.hpp"
#include "views/ViewSync.hpp"

#include "upsample/npy.hpp"

#include <QApplication>
#include <QMenu>
#include <QMenuBar>
#include <QTableWidget>
#include <QTest>

#include <cmath>
#include <set>

using namespace studio;
using namespace studio::testing;
using namespace upsample;

namespace {

QString writeTensor(Fixture& f, const QString& name, const Tensor& t) {
    const QString path = f.dir.filePath(name);
    writeNpy(path.toStdString(), t);
    return path;
}

// The mean, min, max and population std of t's (0, 0) plane over rows y0..y1-1, columns x0..x1-1,
// computed here the plain way.
struct Expected {
    int64_t count = 0;
    double mean = 0, min = INFINITY, max = -INFINITY, std = 0;
};
Expected expected(const Tensor& t, int x0, int y0, int x1, int y1) {
    const int64_t w = t.dim(3);
    Expected e;
    double sum = 0;
    for (int y = y0; y < y1; ++y)
        for (int x = x0; x < x1; ++x) {
            const double v = t.at(y * w + x);
            sum += v;
            e.min = std::min(e.min, v);
            e.max = std::max(e.max, v);
            ++e.count;
        }
    e.mean = sum / static_cast<double>(e.count);
    double sq = 0;
    for (int y = y0; y < y1; ++y)
        for (int x = x0; x < x1; ++x) sq += (t.at(y * w + x) - e.mean) * (t.at(y * w + x) - e.mean);
    e.std = std::sqrt(sq / static_cast<double>(e.count));
    return e;
}

void checkStats(const PlaneStats& s, const Expected& e) {
    CHECK(s.count == e.count);
    CHECK(s.finite == e.count);
    CHECK(s.mean == Approx(e.mean).epsilon(1e-12));
    CHECK(s.min == e.min);
    CHECK(s.max == e.max);
    CHECK(s.std == Approx(e.std).epsilon(1e-12));
}

// A Shift+drag on a view from source point a to b.
void shiftDrag(ImageView* v, QPointF a, QPointF b) {
    const QPoint pa = v->sourceToWidget(a).toPoint(), pb = v->sourceToWidget(b).toPoint();
    QTest::mousePress(v, Qt::LeftButton, Qt::ShiftModifier, pa);
    QMouseEvent move(QEvent::MouseMove, QPointF(pb), v->mapToGlobal(QPointF(pb)), Qt::NoButton, Qt::LeftButton,
                     Qt::ShiftModifier);
    QApplication::sendEvent(v, &move);
    QTest::mouseRelease(v, Qt::LeftButton, Qt::ShiftModifier, pb);
}

}  // namespace

TEST_CASE("region statistics: Shift+drag a rectangle, the original's, result's and difference's numbers") {
    Fixture f;
    std::vector<float> v(24 * 32);
    for (std::size_t i = 0; i < v.size(); ++i) v[i] = static_cast<float>(std::sin(0.37 * static_cast<double>(i)) * 100);
    const Tensor input = Tensor::fromValues({1, 1, 24, 32}, v);
    REQUIRE(f.w().openFile(writeTensor(f, "in.npy", input)));
    f.setSpec(scaleSpec(Mode::Bilinear, 2));
    REQUIRE(f.w().result());
    f.w().viewSync()->setView(QPointF(16, 12), 8.0);
    QApplication::processEvents();
    RegionDock* dock = f.w().regionDock();
    // From inside pixel (4, 3) to inside pixel (9, 7): the region snaps out to x 4..10, y 3..8.
    shiftDrag(f.w().originalView(), QPointF(4.3, 3.6), QPointF(9.2, 7.5));
    REQUIRE(dock->report());
    const RegionReport& r = *dock->report();
    CHECK(r.source == QRectF(4, 3, 6, 5));
    REQUIRE(r.original);
    CHECK(r.original->pixels == QRect(4, 3, 6, 5));
    checkStats(*r.original, expected(input, 4, 3, 10, 8));
    // The result's pixels in the same source region: x 8..20, y 6..16 at x2.
    REQUIRE(r.result);
    CHECK(r.result->pixels == QRect(8, 6, 12, 10));
    checkStats(*r.result, expected(f.w().result()->output, 8, 6, 20, 16));
    CHECK_FALSE(r.difference);
    CHECK(dock->table()->rowCount() == 2);
    CHECK(dock->text().contains(QString::number(r.original->mean, 'g', 7)));
    // The drag did not pan.
    CHECK(f.w().viewSync()->center() == QPointF(16, 12));

    SECTION("with an A/B difference, over the live link's stats request") {
        AnalysisTools* tools = f.w().analysis();
        tools->showCompare();
        tools->waitForModes();
        CompareWindow* cmp = tools->compare();
        REQUIRE(cmp->setSources("current", "nearest"));
        REQUIRE(cmp->stats());
        const nlohmann::json reply = regionStatsReply(f.w(), {{"command", "stats"}, {"rect", {4, 3, 6, 5}}});
        CHECK(reply["rect"] == nlohmann::json({4.0, 3.0, 6.0, 5.0}));
        CHECK(reply["original"]["count"] == 30);
        CHECK(reply["original"]["mean"].get<double>() == Approx(r.original->mean).epsilon(1e-12));
        CHECK(reply["result"]["pixels"] == nlohmann::json({8, 6, 12, 10}));
        REQUIRE(reply.contains("difference"));
        checkStats(*dock->report()->difference, expected(cmp->difference(), 8, 6, 20, 16));
        CHECK(reply["difference"]["max"].get<double>() == dock->report()->difference->max);
        CHECK(dock->table()->rowCount() == 3);
        // Bad rectangles are refused with the reason.
        CHECK_THROWS_WITH(regionStatsReply(f.w(), {{"rect", {1, 2, 0, 4}}}), Catch::Contains("no area"));
        CHECK_THROWS_WITH(regionStatsReply(f.w(), {{"rect", {100, 200, 4, 4}}}), Catch::Contains("outside the original"));
        CHECK_THROWS_WITH(regionStatsReply(f.w(), {{"rect", "all"}}), Catch::Contains("[x, y, width, height]"));
    }
}

TEST_CASE("a locked display range stays across slices and inputs") {
    Fixture f;
    const Tensor a = Tensor::fromValues({1, 2, 4, 4}, [] {
        std::vector<float> v(32);
        for (int i = 0; i < 32; ++i) v[static_cast<std::size_t>(i)] = static_cast<float>(i < 16 ? i : 100 + i);
        return v;
    }());
    REQUIRE(f.w().openFile(writeTensor(f, "a.npy", a)));
    f.w().waitForCompute();
    const DisplayMapping before = f.w().currentMapping();
    REQUIRE(before.low() == 0);
    REQUIRE(before.high() == 15);
    DisplayDock* display = f.w().displayDock();
    display->setRangeLocked(true);
    CHECK(display->rangeLocked());
    // Channel 1 (116..131) would be its own Auto range; locked, it keeps 0..15.
    DisplayOptions o = display->options();
    o.slice.channel = 1;
    display->setOptions(o);
    f.w().waitForCompute();
    CHECK(f.w().currentMapping().low() == 0);
    CHECK(f.w().currentMapping().high() == 15);
    // Another input keeps it too.
    REQUIRE(f.w().openFile(writeTensor(f, "b.npy", Tensor::fromValues({1, 1, 4, 4}, std::vector<float>(16, 40.0f)))));
    f.w().waitForCompute();
    CHECK(f.w().currentMapping().low() == 0);
    CHECK(f.w().currentMapping().high() == 15);
    // Unlocked, the next input gets its own range again.
    display->setRangeLocked(false);
    REQUIRE(f.w().openFile(writeTensor(f, "a2.npy", a)));
    f.w().waitForCompute();
    CHECK(f.w().currentMapping().high() == 15);
    REQUIRE(f.w().openFile(writeTensor(f, "c.npy", Tensor::fromValues({1, 1, 2, 2}, std::vector<float>{1, 2, 3, 50}))));
    f.w().waitForCompute();
    CHECK(f.w().currentMapping().high() == 50);
}

namespace {
void collectMenuKeys(const QList<QAction*>& actions, std::set<std::pair<QString, QString>>& out) {
    for (QAction* a : actions) {
        if (a->menu()) collectMenuKeys(a->menu()->actions(), out);
        else if (!a->shortcuts().isEmpty()) {
            QStringList keys;
            for (const QKeySequence& k : a->shortcuts()) keys << k.toString(QKeySequence::NativeText);
            out.insert({keys.join(", "), QString(a->text()).remove('&')});
        }
    }
}
}  // namespace

TEST_CASE("Help > Keyboard Shortcuts lists every key of the menus and the compare window, read from them") {
    Fixture f;
    ShortcutsDialog* d = f.w().showShortcuts();
    REQUIRE(d->isVisible());
    std::set<std::pair<QString, QString>> menu;
    collectMenuKeys(f.w().menuBar()->actions(), menu);
    REQUIRE(menu.size() > 30);
    std::set<std::pair<QString, QString>> listed;
    for (const ShortcutRow& r : d->rows()) listed.insert({r.keys, r.what});
    for (const auto& k : menu) {
        INFO(k.first.toStdString() << " " << k.second.toStdString());
        CHECK(listed.count(k) == 1);
    }
    CHECK(d->table()->rowCount() == static_cast<int>(d->rows().size()));
    auto has = [&](const QString& keys, const QString& where) {
        for (const ShortcutRow& r : d->rows())
            if (r.keys == keys && r.where == where && !r.what.isEmpty()) return true;
        return false;
    };
    CHECK(has("Ctrl+B", "Analysis"));
    CHECK(has("Ctrl+Alt+R", "View"));  // the region statistics dock
    CHECK(has("Space", "A/B Compare window"));
    CHECK(has("Esc", "A/B Compare window"));
    CHECK(has("Ctrl+W", "A/B Compare window"));
    // Read again when it opens: an action added later is listed.
    QMenu* help = nullptr;
    for (QAction* a : f.w().menuBar()->actions())
        if (a->menu() && a->menu()->title().remove('&') == "Help") help = a->menu();
    REQUIRE(help);
    QAction* later = help->addAction("A later action");
    later->setShortcut(QKeySequence("Ctrl+Alt+Shift+F9"));
    d->hide();
    f.w().showShortcuts();
    CHECK(has("Ctrl+Alt+Shift+F9", "Help"));
}

TEST_CASE("libraries view: emulations say so, and where cv2 or Pillow is installed its own output is measured") {
    Fixture f;
    f.open("chart");
    f.setSpec(scaleSpec(Mode::Bicubic, 2));
    AnalysisTools* tools = f.w().analysis();
    tools->showLibraries();
    LibrariesWindow* win = tools->libraries();
    win->waitForIdle();
    QApplication::processEvents();
    REQUIRE(win->rowCount() >= 2);
    const Tensor& torch = *win->rows().front().call.output;
    for (int i = 0; i < win->rowCount(); ++i) {
        const LibraryRow& r = win->rows()[static_cast<std::size_t>(i)];
        const QString lib = QString::fromUtf8(libraryDisplayName(r.call.library).data());
        const QString text = win->rowText(i);
        INFO(text.toStdString());
        if (r.call.library == Library::PyTorch || r.call.code.empty()) {
            CHECK_FALSE(text.contains("Emulated"));
            continue;
        }
        CHECK(text.startsWith(lib + "  " + QString::fromUtf8(verdictName(r.call.verdict).data()) + " emulated"));
        CHECK(text.contains("Emulated: " + lib + " as this program computes it, not the installed library."));
        if (!measurable(r.call.library)) continue;
        const bool pil = r.call.library == Library::Pillow;
        const auto& cv = pil ? installedPillow() : installedOpenCv();
        const QString module = pil ? "Pillow" : "cv2";
        if (!cv) {
            CHECK(text.contains(module + " is not installed for Python 3 here"));  // and the real library is not measured
            continue;
        }
        // The installed library's own figure, the same as running its call here.
        REQUIRE(r.real);
        REQUIRE(r.real->vsPyTorch);
        REQUIRE(r.real->vsEmulation);
        QString why;
        const auto out = runInstalled(*cv, f.w().input()->tensor, r.call.code, &why);
        REQUIRE(out);
        const DiffStats s = diffStats(*out, torch);
        CHECK(r.real->vsPyTorch->differing == s.differing);
        CHECK(r.real->vsPyTorch->maxAbs == s.maxAbs);
        // The emulation is close to the library (float rounding), which is what makes it worth showing.
        CHECK(r.real->vsEmulation->maxAbs < 1e-3);
        CHECK(text.contains(QString("Measured with the installed %1 %2 (%3): %4 of %5 values differ from PyTorch's")
                                .arg(module, cv->version, cv->python)
                                .arg(s.differing)
                                .arg(s.count)));
    }
}
