// The studio's handling at common window sizes: the left docks lay out without clipping, tool
// windows open on screen and close on Esc, NaN and infinities are marked by patterns, the modes
// grid reads values under the cursor, the save dialog starts in a user folder, and "Show in the
// Studio" asks before replacing the open work.
#include <catch2/catch.hpp>

#include "MainWindow.hpp"
#include "dialogs/SeedExampleDialog.hpp"
#include "docks/DisplayDock.hpp"
#include "docks/SpecDock.hpp"
#include "session/Settings.hpp"
#include "studio_fixture.hpp"
#include "tools/AnalysisTools.hpp"
#include "tools/CompareWindow.hpp"
#include "tools/LibrariesWindow.hpp"
#include "tools/ModesGridWindow.hpp"
#include "views/DisplayMapping.hpp"
#include "views/ImageView.hpp"
#include "views/ValueFormat.hpp"
#include "views/ViewPane.hpp"
#include "views/ViewSync.hpp"

#include "upsample/tensor.hpp"

#include <QAbstractButton>
#include <QAbstractSpinBox>
#include <QApplication>
#include <QComboBox>
#include <QDir>
#include <QDockWidget>
#include <QMouseEvent>
#include <QPushButton>
#include <QScreen>
#include <QScrollArea>
#include <QSet>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>

#include <cmath>
#include <limits>
#include <vector>

using namespace studio;
using namespace studio::testing;

namespace {

// Every visible widget of the dock, scrolled into view, lies fully inside the scroll area's
// viewport: nothing cut off at the right, nothing under the scroll bar. Returns the offenders.
QStringList clippedWidgets(QDockWidget* dock) {
    QStringList out;
    auto* scroll = qobject_cast<QScrollArea*>(dock->widget());
    if (!scroll || !scroll->widget()) return {dock->objectName() + ": no scroll area"};
    const QRect port = scroll->viewport()->rect();
    for (QWidget* c : scroll->widget()->findChildren<QWidget*>()) {
        if (!c->isVisibleTo(scroll->widget()) || c->parentWidget() == nullptr) continue;
        if (c->width() <= 0 || c->height() <= 0) continue;
        scroll->ensureWidgetVisible(c, 0, 0);
        QApplication::processEvents();
        const QRect g(c->mapTo(scroll->viewport(), QPoint(0, 0)), c->size());
        if (!port.contains(g))
            out << QString("%1 %2 %3 at %4,%5 %6x%7 outside %8x%9")
                       .arg(dock->objectName(), c->metaObject()->className(), c->objectName())
                       .arg(g.x()).arg(g.y()).arg(g.width()).arg(g.height())
                       .arg(port.width()).arg(port.height());
    }
    return out;
}

// Every visible control of a window lies inside it and is at least as wide as it needs to be
// (its minimumSizeHint): nothing cut off at the right, nothing squeezed. Returns the offenders.
QStringList squeezedControls(QWidget* window) {
    QStringList out;
    const QRect inside = window->rect();
    for (QWidget* c : window->findChildren<QWidget*>()) {
        if (!c->isVisibleTo(window)) continue;
        if (!qobject_cast<QAbstractButton*>(c) && !qobject_cast<QComboBox*>(c) && !qobject_cast<QAbstractSpinBox*>(c))
            continue;
        const QRect g(c->mapTo(window, QPoint(0, 0)), c->size());
        if (!inside.contains(g) || c->width() < c->minimumSizeHint().width())
            out << QString("%1 %2 at %3,%4 %5x%6 (needs %7) in %8x%9")
                       .arg(c->metaObject()->className(), c->objectName())
                       .arg(g.x()).arg(g.y()).arg(g.width()).arg(g.height()).arg(c->minimumSizeHint().width())
                       .arg(inside.width()).arg(inside.height());
    }
    return out;
}

void checkDocksAt(Fixture& f, QSize size) {
    f.w().resize(size);
    QApplication::processEvents();
    for (QDockWidget* dock : {static_cast<QDockWidget*>(f.w().specDock()),
                              static_cast<QDockWidget*>(f.w().displayDock())}) {
        INFO("window " << size.width() << "x" << size.height());
        REQUIRE(dock->isVisible());
        const QStringList bad = clippedWidgets(dock);
        INFO(bad.join("\n").toStdString());
        CHECK(bad.isEmpty());
    }
}

// ctest runs this file on a 1280x800 offscreen screen (tests/gui/screen-1280x800.json).
void checkOnScreen(QWidget* window) {
    QApplication::processEvents();
    REQUIRE(window->isVisible());
    const QRect avail = window->screen()->availableGeometry();
    INFO("frame " << window->frameGeometry().width() << "x" << window->frameGeometry().height() << " at "
                  << window->frameGeometry().x() << "," << window->frameGeometry().y() << "; available "
                  << avail.width() << "x" << avail.height());
    CHECK(avail.contains(window->frameGeometry()));
}

}  // namespace

TEST_CASE("the Spec and Display docks show every control whole at 1280x800 and at the default size") {
    Fixture f;
    f.open("chart");
    checkDocksAt(f, QSize(1280, 800));
    checkDocksAt(f, QSize(1440, 880));  // MainWindow's default size
    // A many-channel input shows the channel slider and its spin box: both whole.
    DisplayOptions o = f.w().displayDock()->options();
    o.slice.rgb = false;
    f.w().displayDock()->setOptions(o);
    REQUIRE_FALSE(f.w().displayDock()->options().slice.rgb);
    checkDocksAt(f, QSize(1280, 800));
}

TEST_CASE("the A/B and Libraries windows open within the screen's available area") {
    Fixture f;
    f.open("chart");
    f.w().analysis()->showCompare();
    checkOnScreen(f.w().analysis()->compare());
    f.w().analysis()->showLibraries();
    checkOnScreen(f.w().analysis()->libraries());
    f.w().analysis()->showModesGrid();
    checkOnScreen(f.w().analysis()->modesGrid());
}

TEST_CASE("NaN and infinities render as patterns no colour map draws, whatever the colour map") {
    const float nan = std::numeric_limits<float>::quiet_NaN(), inf = std::numeric_limits<float>::infinity();
    const upsample::Tensor t = upsample::Tensor::fromValues({1, 1, 1, 4}, std::vector<float>{0.5f, nan, inf, -inf});
    const PlaneView p(t, SliceSelection{});
    constexpr int kZoom = 8;  // screen pixels per plane pixel
    for (ColorMap map : {ColorMap::Grey, ColorMap::Viridis, ColorMap::Turbo}) {
        INFO("colour map " << colorMapName(map).toStdString());
        const DisplayMapping m(0, 1, map);
        const QImage img = m.render(p, QSize(4 * kZoom, kZoom), 0, 0, 1.0 / kZoom, 1.0 / kZoom, qRgb(1, 2, 3));
        auto block = [&](int x) {
            QSet<QRgb> colours;
            for (int j = 0; j < kZoom; ++j)
                for (int i = 0; i < kZoom; ++i) colours.insert(img.pixel(x * kZoom + i, j));
            return colours;
        };
        CHECK(block(0).size() == 1);  // a finite value: one colour
        CHECK(block(0).contains(m.mapValue(0.5)));
        const QSet<QRgb> nanBlock = block(1), posBlock = block(2), negBlock = block(3);
        CHECK(nanBlock == QSet<QRgb>{DisplayMapping::nanColor(), qRgb(0, 0, 0)});
        CHECK(posBlock == QSet<QRgb>{DisplayMapping::posInfColor(), qRgb(0, 0, 0)});
        CHECK(negBlock == QSet<QRgb>{DisplayMapping::negInfColor(), qRgb(255, 255, 255)});
        // The NaN checker and the +inf stripes differ in shape, not only in colour.
        CHECK(img.pixel(kZoom + 0, 0) == DisplayMapping::nanColor());
        CHECK(img.pixel(kZoom + 3, 0) == qRgb(0, 0, 0));
        CHECK(img.pixel(kZoom + 3, 3) == DisplayMapping::nanColor());
    }
}

TEST_CASE("every tile of the modes grid reads the value under the cursor in its caption") {
    Fixture f;
    f.open("chart");
    AnalysisTools* tools = f.w().analysis();
    tools->showModesGrid();
    tools->waitForModes();
    ModesGridWindow* grid = tools->modesGrid();
    QApplication::processEvents();
    REQUIRE(grid->tileCount() >= 4);
    ImageView* first = grid->tile(0)->view();
    REQUIRE(first->hasPlane());
    const QPoint at = first->rect().center() + QPoint(7, 3);
    // The cursor moves over the first tile (a plain move event: no button held).
    QMouseEvent move(QEvent::MouseMove, QPointF(at), first->mapToGlobal(QPointF(at)), Qt::NoButton, Qt::NoButton,
                     Qt::NoModifier);
    QApplication::sendEvent(first, &move);
    QApplication::processEvents();
    const QPointF source = first->widgetToSource(at);
    REQUIRE(grid->viewSync()->hover());
    CHECK(grid->viewSync()->hover()->x() == Approx(source.x()));
    for (int i = 0; i < grid->tileCount(); ++i) {
        INFO("tile " << i << ": " << grid->tile(i)->caption().toStdString());
        const ImageView* view = grid->tile(i)->view();
        REQUIRE(view->hasPlane());
        const auto px = view->pixelAt(source);
        REQUIRE(px);
        const PlaneView& plane = view->plane();
        REQUIRE(plane.channels() == 3);
        const QString expected = QString("(%1, %2) = (%3, %4, %5)")
                                     .arg(px->x())
                                     .arg(px->y())
                                     .arg(formatValue(plane.value(px->x(), px->y(), 0), plane.dtype()),
                                          formatValue(plane.value(px->x(), px->y(), 1), plane.dtype()),
                                          formatValue(plane.value(px->x(), px->y(), 2), plane.dtype()));
        CHECK(grid->hoverReadout(i) == expected);
        CHECK(grid->tile(i)->caption().contains(expected));
    }
    // Off the image: no readout.
    grid->viewSync()->setHover(std::nullopt);
    CHECK(grid->hoverReadout(0).isEmpty());
    CHECK_FALSE(grid->tile(0)->caption().contains(" = "));
}

TEST_CASE("the save dialog starts in a user folder: the last export folder, else Pictures, else home") {
    QTemporaryDir tmp;
    REQUIRE(tmp.isValid());
    const QString exports = tmp.filePath("exports"), pictures = tmp.filePath("Pictures"), home = tmp.filePath("home");
    for (const QString& d : {exports, pictures, home}) REQUIRE(QDir().mkpath(d));

    CHECK(chooseSaveStartFolder(exports, pictures, home) == exports);
    // A system folder (a sample opened from /usr/share, say) is never the start.
    CHECK(chooseSaveStartFolder("/usr/share", pictures, home) == pictures);
    CHECK(chooseSaveStartFolder("/usr/share/upsample-studio", pictures, home) == pictures);
    CHECK(chooseSaveStartFolder("/etc", pictures, home) == pictures);
    // Gone, or never set: Pictures; without Pictures: home.
    CHECK(chooseSaveStartFolder(tmp.filePath("gone"), pictures, home) == pictures);
    CHECK(chooseSaveStartFolder(QString(), pictures, home) == pictures);
    CHECK(chooseSaveStartFolder("/usr/share", tmp.filePath("no-pictures"), home) == home);
    CHECK(chooseSaveStartFolder(QString(), QString(), home) == home);

    CHECK(isSystemFolder("/usr"));
    CHECK(isSystemFolder("/usr/share/pixmaps"));
    CHECK(isSystemFolder("/"));
    CHECK_FALSE(isSystemFolder("/usrdata/pictures"));
    CHECK_FALSE(isSystemFolder(exports));

    // The settings' start folder follows the last export folder, and skips a system one.
    Settings settings(tmp.filePath("settings.ini"));
    settings.setLastExportFolder(exports);
    CHECK(settings.saveStartFolder() == exports);
    settings.setLastExportFolder("/usr/share");
    const QString start = settings.saveStartFolder();
    CHECK_FALSE(isSystemFolder(start));
    CHECK((start == QStandardPaths::writableLocation(QStandardPaths::PicturesLocation) || start == QDir::homePath()));
}

TEST_CASE("Show in the Studio asks before it replaces an input that is not the example's sample") {
    Fixture f;
    f.open("chart");
    int asked = 0;
    bool answer = false;
    QString question;
    f.w().setConfirmHook([&](const QString&, const QString& q) {
        ++asked;
        question = q;
        return answer;
    });
    SeedExampleDialog* dialog = f.w().showSeedExample();
    REQUIRE(dialog);
    dialog->setExample("ones4x4");

    // Declined: the chart stays.
    dialog->showButton()->click();
    f.w().waitForCompute();
    CHECK(asked == 1);
    CHECK(question.contains("Test chart"));
    REQUIRE(f.w().input());
    CHECK(f.w().input()->tensor.shape() == upsample::Shape{1, 3, 256, 256});

    // Accepted: the example's sample replaces it.
    answer = true;
    dialog->showButton()->click();
    f.w().waitForCompute();
    CHECK(asked == 2);
    REQUIRE(f.w().input());
    CHECK(f.w().input()->tensor.shape() == upsample::Shape{1, 1, 4, 4});
    CHECK(f.w().input()->tensor.at(0) == 1.0);

    // The example's own sample open: nothing to lose, no question.
    dialog->showButton()->click();
    f.w().waitForCompute();
    CHECK(asked == 2);
    // The other example replaces the ones sample: asked again.
    answer = false;
    dialog->setExample("arange4x4");
    dialog->showButton()->click();
    f.w().waitForCompute();
    CHECK(asked == 3);
    CHECK(f.w().input()->tensor.at(5) == 1.0);  // still the ones
}

TEST_CASE("Esc closes the tool windows") {
    Fixture f;
    f.open("chart");
    AnalysisTools* tools = f.w().analysis();
    tools->showModesGrid();
    tools->showCompare();
    tools->showLibraries();
    for (QWidget* window : {static_cast<QWidget*>(tools->modesGrid()), static_cast<QWidget*>(tools->compare()),
                            static_cast<QWidget*>(tools->libraries())}) {
        INFO(window->objectName().toStdString());
        REQUIRE(window->isVisible());
        window->activateWindow();
        QApplication::processEvents();
        REQUIRE(QTest::qWaitForWindowActive(window));
        QWidget* target = QApplication::focusWidget() && QApplication::focusWidget()->window() == window
                              ? QApplication::focusWidget()
                              : window;
        QTest::keyClick(target, Qt::Key_Escape);
        QApplication::processEvents();
        CHECK_FALSE(window->isVisible());
    }
    CHECK(f.w().isVisible());  // the studio's own window stays
}

TEST_CASE("the A/B window fits a 1280x800 screen and stays usable down to 800 px wide") {
    Fixture f;
    f.open("chart");
    f.w().analysis()->showCompare();
    f.w().analysis()->waitForModes();
    CompareWindow* cmp = f.w().analysis()->compare();
    // The longest labels the pickers offer (every mode of the grid) are in them now.
    cmp->refresh();
    QApplication::processEvents();
    checkOnScreen(cmp);
    const QRect avail = cmp->screen()->availableGeometry();
    CHECK(avail.width() == 1280);
    INFO("minimumSizeHint " << cmp->minimumSizeHint().width() << "x" << cmp->minimumSizeHint().height());
    CHECK(cmp->minimumSizeHint().width() <= 800);
    CHECK(cmp->minimumSizeHint().height() <= avail.height());
    // At 800 px every control is whole, in every view (each shows its own options).
    cmp->resize(800, 700);
    for (CompareView v : {CompareView::Difference, CompareView::Flicker, CompareView::Swipe, CompareView::SideBySide}) {
        cmp->setCompareView(v);
        QApplication::processEvents();
        CHECK(cmp->width() == 800);
        const QStringList bad = squeezedControls(cmp);
        INFO(bad.join("\n").toStdString());
        CHECK(bad.isEmpty());
    }
}
