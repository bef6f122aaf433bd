// The studio's window, driven offscreen: samples, captions, synchronised zoom, exports equal to
// the core's output, error dialogs, cancel and supersede.
#include <catch2/catch.hpp>

#include "session/ComputeController.hpp"
#include "views/DisplayMapping.hpp"
#include "views/ImageView.hpp"
#include "MainWindow.hpp"
#include "session/SampleLibrary.hpp"
#include "session/Settings.hpp"
#include "docks/SpecDock.hpp"
#include "views/ViewSync.hpp"
#include "studio_fixture.hpp"

#include "imageio/image_io.hpp"
#include "upsample/backend.hpp"
#include "upsample/npy.hpp"
#include "upsample/opencl.hpp"
#include "upsample/version.hpp"

#include <QAction>
#include <QFileInfo>
#include <QImageReader>
#include <QApplication>
#include <QClipboard>
#include <QComboBox>
#include <QDir>
#include <QDockWidget>
#include <QDragEnterEvent>
#include <QDropEvent>
#include <QFile>
#include <QFileInfo>
#include <QMenu>
#include <QMenuBar>
#include <QMessageBox>
#include <QMimeData>
#include <QStandardItemModel>
#include <QTemporaryDir>
#include <QUrl>
#include <QWheelEvent>

#include <cmath>
#include <cstring>
#include <functional>
#include <memory>

using namespace studio;
using namespace studio::testing;
using namespace upsample;

namespace {

bool sameBytes(const Tensor& a, const Tensor& b) {
    return a.shape() == b.shape() && a.dtype() == b.dtype() && std::memcmp(a.raw(), b.raw(), a.nbytes()) == 0;
}

bool near(double a, double b) { return std::abs(a - b) < 1e-9 * std::max(1.0, std::abs(a)); }

}  // namespace

TEST_CASE("every bundled sample opens and gets a result") {
    Fixture f;
    for (const Sample& s : SampleLibrary::all()) {
        INFO(s.id.toStdString());
        f.open(s.id);
        REQUIRE(f.w().input());
        const int rank = f.w().input()->tensor.rank();
        CHECK(rank >= 4);
        CHECK(rank <= 5);
        REQUIRE(f.w().result());
        CHECK(f.w().lastError().isEmpty());
        CHECK(f.w().originalCaption().contains(QString::fromStdString(formatShape(f.w().input()->tensor.shape()))));
        CHECK(f.w().resultCaption().contains(QString::fromStdString(formatShape(f.w().result()->output.shape()))));
    }
    f.open("chart");
    CHECK(f.w().input()->tensor.shape() == Shape{1, 3, 256, 256});
    CHECK(f.w().input()->bitDepth == 8);
    f.open("volume");
    CHECK(f.w().input()->tensor.shape() == Shape{1, 1, 8, 16, 16});
    CHECK(f.w().specDock()->spatialDims() == 3);
}

TEST_CASE("switching modes and sizes updates the result shape caption") {
    Fixture f;
    f.open("ones");
    f.setSpec(scaleSpec(Mode::Nearest, 2));
    CHECK(f.w().resultCaption().contains("(1, 1, 8, 8)"));
    CHECK(f.w().resultCaption().contains("nearest"));

    QComboBox* mode = f.w().specDock()->modeCombo();
    mode->setCurrentIndex(mode->findText("bilinear"));
    f.w().waitForCompute();
    CHECK(f.w().resultCaption().contains("(1, 1, 8, 8)"));
    CHECK(f.w().resultCaption().contains("bilinear"));
    // A constant stays constant under every mode.
    const Tensor& out = f.w().result()->output;
    for (int64_t i = 0; i < out.numel(); ++i) CHECK(out.at(i) == 1.0);

    f.setSpec(scaleSpec(Mode::Bicubic, 3));
    CHECK(f.w().resultCaption().contains("(1, 1, 12, 12)"));
    SpecState sized;
    sized.useSize = true;
    sized.perDim = true;
    sized.size = {1, 5, 7};
    f.setSpec(sized);
    CHECK(f.w().resultCaption().contains("(1, 1, 5, 7)"));
}

TEST_CASE("modes and options PyTorch refuses are disabled, with the reason") {
    Fixture f;
    f.open("arange");
    f.setSpec(scaleSpec(Mode::Nearest, 2));
    auto* align = f.w().specDock()->findChild<QComboBox*>("alignCornersCombo");
    REQUIRE(align);
    CHECK_FALSE(align->isEnabled());
    CHECK(align->toolTip().contains("align_corners option can only be set"));

    f.open("volume");  // 3 spatial dims: bilinear and bicubic are 2-D only
    QComboBox* mode = f.w().specDock()->modeCombo();
    auto* model = qobject_cast<QStandardItemModel*>(mode->model());
    REQUIRE(model);
    CHECK_FALSE(model->item(mode->findText("bilinear"))->isEnabled());
    CHECK(model->item(mode->findText("bilinear"))->toolTip().contains("4-D"));
    CHECK(model->item(mode->findText("trilinear"))->isEnabled());
}

TEST_CASE("zoom and pan stay synchronised by source position") {
    Fixture f;
    f.open("chart");
    f.setSpec(scaleSpec(Mode::Bilinear, 2));
    ImageView* a = f.w().originalView();
    ImageView* b = f.w().resultView();
    // The two halves may differ by a screen pixel in width; allow that much.
    auto sameRegion = [&] {
        const QRectF ra = a->visibleImageRect(), rb = b->visibleImageRect();
        const double onePixel = 2.0 / f.w().viewSync()->zoom() + 1e-9;  // one screen pixel, in result pixels
        // Both views are centred on the same source point...
        const QPointF ca = a->widgetToSource(QPointF(a->width() / 2.0, a->height() / 2.0));
        const QPointF cb = b->widgetToSource(QPointF(b->width() / 2.0, b->height() / 2.0));
        // ...and the result, with twice the pixels, shows twice the pixels of the same region.
        return near(ca.x(), cb.x()) && near(ca.y(), cb.y()) && std::abs(rb.left() - ra.left() * 2) <= onePixel &&
               std::abs(rb.top() - ra.top() * 2) <= onePixel && std::abs(rb.width() - ra.width() * 2) <= 2 * onePixel &&
               std::abs(rb.height() - ra.height() * 2) <= 2 * onePixel;
    };
    INFO(a->width() << "x" << a->height() << " vs " << b->width() << "x" << b->height());
    REQUIRE(std::abs(a->width() - b->width()) <= 1);
    REQUIRE(a->height() == b->height());
    CHECK(sameRegion());

    f.w().zoomIn();
    f.w().zoomIn();
    CHECK(sameRegion());

    // A wheel notch over the result zooms both views about the point under the cursor.
    const double before = f.w().viewSync()->zoom();
    const QPointF pos(b->width() * 0.25, b->height() * 0.4);
    const QPointF under = b->widgetToSource(pos);
    QWheelEvent wheel(pos, b->mapToGlobal(pos), QPoint(), QPoint(0, 120), Qt::NoButton, Qt::NoModifier,
                      Qt::NoScrollPhase, false);
    QApplication::sendEvent(b, &wheel);
    CHECK(f.w().viewSync()->zoom() > before);
    CHECK(near(b->widgetToSource(pos).x(), under.x()));
    CHECK(near(b->widgetToSource(pos).y(), under.y()));
    CHECK(sameRegion());

    // Dragging either view pans both.
    const QPointF centre = f.w().viewSync()->center();
    QMouseEvent press(QEvent::MouseButtonPress, QPointF(100, 100), a->mapToGlobal(QPointF(100, 100)), Qt::LeftButton,
                      Qt::LeftButton, Qt::NoModifier);
    QApplication::sendEvent(a, &press);
    QMouseEvent move(QEvent::MouseMove, QPointF(140, 120), a->mapToGlobal(QPointF(140, 120)), Qt::NoButton,
                     Qt::LeftButton, Qt::NoModifier);
    QApplication::sendEvent(a, &move);
    QMouseEvent release(QEvent::MouseButtonRelease, QPointF(140, 120), a->mapToGlobal(QPointF(140, 120)),
                        Qt::LeftButton, Qt::NoButton, Qt::NoModifier);
    QApplication::sendEvent(a, &release);
    CHECK(f.w().viewSync()->center() != centre);
    CHECK(sameRegion());

    f.w().fitToWindow();
    CHECK(sameRegion());
    const QRectF all = a->visibleImageRect();
    CHECK(all.contains(QRectF(0, 0, 256, 256)));
    f.w().actualSize();
    CHECK(f.w().viewSync()->zoom() == 1.0);
    CHECK(sameRegion());
}

TEST_CASE("at high zoom the grid and the values appear") {
    Fixture f;
    f.open("arange");
    f.setSpec(scaleSpec(Mode::Bilinear, 2));
    f.w().fitToWindow();
    // 4x4 source in a view of several hundred pixels: both views are far past the values threshold.
    CHECK(f.w().originalView()->cellSize().width() >= ImageView::kValuesMinCell);
    CHECK(f.w().resultView()->cellSize().width() >= ImageView::kValuesMinCell);
    // The result view draws the value 0.25 of result pixel (1, 0) in black or white on its grey.
    const QImage shot = f.w().resultView()->grab().toImage();
    CHECK_FALSE(shot.isNull());
}

TEST_CASE("hover reports both views' pixels and values") {
    Fixture f;
    f.open("arange");
    f.setSpec(scaleSpec(Mode::Nearest, 2));
    f.w().setHover(QPointF(1.5, 2.5));
    const QString text = f.w().hoverText();
    INFO(text.toStdString());
    CHECK(text.contains("original [0, 0, 2, 1] = 9"));
    CHECK(text.contains("result [0, 0, 5, 3] = 9"));
    f.w().setHover(std::nullopt);
    CHECK(f.w().hoverText().isEmpty());
}

TEST_CASE("exports write what the core computed") {
    Fixture f;
    QTemporaryDir out;
    f.open("arange");
    f.setSpec(scaleSpec(Mode::Bicubic, 1.7));
    REQUIRE(f.w().result());
    const Tensor expected = interpolate(f.w().input()->tensor, f.w().specDock()->spec());

    const QString npy = out.filePath("r.npy");
    REQUIRE(f.w().exportResultNpyTo(npy));
    CHECK(sameBytes(readNpy(npy.toStdString()).tensor, expected));
    // Overwriting replaces the file in one step (no temporary left beside it).
    REQUIRE(f.w().exportResultNpyTo(npy));
    CHECK(QDir(out.path()).entryList(QDir::Files) == QStringList{"r.npy"});

    f.open("chart");
    f.setSpec(scaleSpec(Mode::Bicubic, 1.5));
    const Tensor chart = interpolate(f.w().input()->tensor, f.w().specDock()->spec());
    const QString png = out.filePath("r.png");
    REQUIRE(f.w().exportResultImageTo(png));
    const auto back = imageio::readImage(png);
    REQUIRE(back.tensor.shape() == chart.shape());
    int64_t mismatches = 0;
    for (int64_t i = 0; i < chart.numel(); ++i) {
        const float v = chart.data<float>()[i];
        const float want = std::isnan(v) ? 0.f : std::clamp(std::nearbyint(v), 0.f, 255.f);
        if (back.tensor.data<float>()[i] != want) ++mismatches;
    }
    CHECK(mismatches == 0);

    const QString fig = out.filePath("fig.png");
    REQUIRE(f.w().exportFigureTo(fig));
    QImageReader figReader(fig);
    const QImage figure = figReader.read();
    INFO(figReader.errorString().toStdString() << " " << QFileInfo(fig).size() << " bytes");
    CHECK(figure.width() > 2 * 256);

    // Copy as PyTorch code gives a script around core's call.
    const QString call = QString::fromStdString(toPythonCall(f.w().specDock()->spec()));
    CHECK(call == "F.interpolate(x, scale_factor=1.5, mode='bicubic')");
    for (QAction* act : f.w().findChildren<QAction*>())
        if (act->text().contains("Copy as PyTorch")) act->trigger();
    CHECK(QApplication::clipboard()->text().contains("\ny = " + call + "\n"));
}

TEST_CASE("a failed export shows a dialog and leaves no file") {
    Fixture f;
    QTemporaryDir out;
    f.open("volume");  // a 5-D result is not a picture
    const QString png = out.filePath("v.png");
    CHECK_FALSE(f.w().exportResultImageTo(png));
    REQUIRE(f.w().errorDialog());
    CHECK(f.w().errorDialog()->isVisible());
    CHECK(f.w().lastError().contains("(1, 1, 16, 32, 32)"));
    f.w().errorDialog()->close();
    CHECK_FALSE(f.w().exportResultNpyTo(out.filePath("missing-folder/v.npy")));
    CHECK(f.w().lastError().contains("missing-folder"));
    CHECK(QDir(out.path()).entryList(QDir::AllEntries | QDir::NoDotAndDotDot | QDir::Hidden).isEmpty());
}

TEST_CASE("a bad spec shows PyTorch's error in a dialog") {
    Fixture f;
    f.open("ones");
    f.setSpec(scaleSpec(Mode::Nearest, 0.1));
    QMessageBox* box = f.w().errorDialog();
    REQUIRE(box);
    CHECK(box->isVisible());
    CHECK(box->text().contains("RuntimeError: Input and output sizes should be greater than 0, but got input (H: 4, "
                               "W: 4) output (H: 0, W: 0)"));
    CHECK(box->text().contains("scale_factor=0.1"));
    CHECK_FALSE(f.w().result());
    CHECK(f.w().resultCaption().contains("Input and output sizes"));
    box->close();
    CHECK_FALSE(box->isVisible());

    // The window recovers with the next good spec.
    f.setSpec(scaleSpec(Mode::Nearest, 2));
    REQUIRE(f.w().result());
    CHECK(f.w().resultCaption().contains("(1, 1, 8, 8)"));
}

TEST_CASE("an unreadable file shows a dialog naming it") {
    Fixture f;
    QFile bad(f.dir.filePath("bad.npy"));
    REQUIRE(bad.open(QIODevice::WriteOnly));
    bad.write("definitely not numpy");
    bad.close();
    CHECK_FALSE(f.w().openFile(bad.fileName()));
    REQUIRE(f.w().errorDialog());
    CHECK(f.w().errorDialog()->isVisible());
    CHECK(f.w().lastError().contains("bad.npy"));
    CHECK(f.w().lastError().contains("magic"));
    f.w().errorDialog()->close();
    CHECK_FALSE(f.w().openFile(f.dir.filePath("absent.png")));
    CHECK(f.w().lastError().contains("absent.png"));
}

TEST_CASE("results over the size limit are refused with their size") {
    Fixture f;
    f.settings->setMaxResultBytes(1024);
    f.open("ones");  // (1, 1, 8, 8) float32 is 256 bytes: allowed
    REQUIRE(f.w().result());
    const quint64 good = f.w().result()->generation;
    f.setSpec(scaleSpec(Mode::Nearest, 10));  // (1, 1, 40, 40): 6400 bytes
    REQUIRE(f.w().errorDialog());
    CHECK(f.w().errorDialog()->windowTitle() == "Result too large");
    CHECK(f.w().lastError().contains("6400 bytes"));
    CHECK(f.w().lastError().contains("(1, 1, 40, 40)"));
    // The last good result stays on show under a "Refused" header...
    REQUIRE(f.w().result());
    CHECK(f.w().result()->generation == good);
    CHECK(f.w().result()->output.shape() == Shape{1, 1, 8, 8});
    CHECK(f.w().resultCaption().contains("Refused"));
    CHECK(f.w().resultCaption().contains("(1, 1, 8, 8)"));
    // ...which goes as soon as an allowed spec is computed.
    f.w().errorDialog()->close();
    f.setSpec(scaleSpec(Mode::Nearest, 3));
    REQUIRE(f.w().result());
    CHECK(f.w().result()->output.shape() == Shape{1, 1, 12, 12});
    CHECK_FALSE(f.w().resultCaption().contains("Refused"));
}

TEST_CASE("cancel leaves the previous result intact") {
    Fixture f;
    f.open("ones");
    f.setSpec(scaleSpec(Mode::Nearest, 2));
    REQUIRE(f.w().result());
    const quint64 before = f.w().result()->generation;
    f.w().specDock()->setState(scaleSpec(Mode::Nearest, 3));  // starts a computation...
    f.w().cancelCompute();                                     // ...that is dropped
    f.w().waitForCompute();
    REQUIRE(f.w().result());
    CHECK(f.w().result()->generation == before);
    CHECK(f.w().result()->output.shape() == Shape{1, 1, 8, 8});
    CHECK(f.w().resultCaption().contains("(1, 1, 8, 8)"));
}

TEST_CASE("a newer request supersedes older ones") {
    ComputeController c;
    int delivered = 0;
    quint64 last = 0;
    QObject::connect(&c, &ComputeController::finished, [&](const ComputeOutcome& o) {
        ++delivered;
        last = o.generation;
    });
    const Tensor x = Tensor::zeros({1, 1, 64, 64}, DType::Float32);
    ComputeRequest r;
    r.input = x;
    r.spec.scaleFactor = std::vector<double>{2.0};
    c.request(r);
    c.request(r);
    r.spec.scaleFactor = std::vector<double>{3.0};
    const quint64 newest = c.request(r);
    c.waitForIdle();
    CHECK(delivered == 1);
    CHECK(last == newest);
    CHECK_FALSE(c.busy());
}

TEST_CASE("a (C, H, W) array is read as PyTorch does, (N, C, L), on request") {
    Fixture f;
    const Tensor t = Tensor::zeros({3, 4, 5}, DType::Float32);
    const QString path = f.dir.filePath("chw.npy");
    writeNpy(path.toStdString(), t);
    REQUIRE(f.w().openFile(path, ArrayReading::AsPyTorch));
    f.w().waitForCompute();
    CHECK(f.w().specDock()->spatialDims() == 1);
    CHECK(f.w().input()->notices.join(" ").contains("(N, C, L)"));
    REQUIRE(f.w().result());
    CHECK(f.w().result()->output.shape() == Shape{3, 4, 10});
}

TEST_CASE("settings remember recent files and the last spec") {
    QTemporaryDir dir;
    const QString ini = dir.filePath("s.ini");
    const QString file = dir.filePath("t.npy");
    writeNpy(file.toStdString(), Tensor::zeros({1, 1, 2, 2}, DType::Float32));
    {
        Settings s(ini);
        MainWindow w(s);
        REQUIRE(w.openFile(file));
        w.specDock()->setState(scaleSpec(Mode::Bicubic, 1.7));
        w.waitForCompute();
        w.close();
    }
    Settings s(ini);
    CHECK(s.recentFiles().value(0) == QFileInfo(file).absoluteFilePath());
    REQUIRE(s.lastSpec());
    CHECK(s.lastSpec()->mode == Mode::Bicubic);
    CHECK(s.lastSpec()->scale[2] == 1.7);
    CHECK(s.maxResultBytes() == Settings::kDefaultMaxResultBytes);
    MainWindow again(s);
    CHECK(again.specDock()->state().mode == Mode::Bicubic);
}

TEST_CASE("display mapping: stored range, NaN and Inf colours") {
    const float nan = std::numeric_limits<float>::quiet_NaN(), inf = std::numeric_limits<float>::infinity();
    const std::vector<float> v = {0.f, 255.f, nan, inf, -inf, 128.f};
    const Tensor t = Tensor::fromValues({1, 1, 1, 6}, v);
    const PlaneView p(t, SliceSelection{});
    const DisplayMapping m(0, 255, ColorMap::Grey);
    CHECK(m.mapPixel(p, 0, 0) == qRgb(0, 0, 0));
    CHECK(m.mapPixel(p, 1, 0) == qRgb(255, 255, 255));
    CHECK(m.mapPixel(p, 5, 0) == qRgb(128, 128, 128));
    CHECK(m.mapPixel(p, 2, 0) == DisplayMapping::nanColor());
    CHECK(m.mapPixel(p, 3, 0) == DisplayMapping::posInfColor());
    CHECK(m.mapPixel(p, 4, 0) == DisplayMapping::negInfColor());
    const auto r = DisplayMapping::finiteRange(p);
    REQUIRE(r);
    CHECK(r->first == 0);
    CHECK(r->second == 255);
    // Nearest-neighbour rendering: 6 pixels drawn 3 screen pixels wide each.
    const QImage img = m.render(p, QSize(18, 1), 0, 0, 1.0 / 3, 1, qRgb(1, 2, 3));
    CHECK(img.pixel(0, 0) == qRgb(0, 0, 0));
    CHECK(img.pixel(2, 0) == qRgb(0, 0, 0));
    CHECK(img.pixel(3, 0) == qRgb(255, 255, 255));
    CHECK(img.pixel(17, 0) == qRgb(128, 128, 128));
}

TEST_CASE("dropping a file opens it") {
    Fixture f;
    const QString path = f.dir.filePath("dropped.npy");
    writeNpy(path.toStdString(), Tensor::zeros({1, 2, 3, 3}, DType::Float32));
    QMimeData mime;
    mime.setUrls({QUrl::fromLocalFile(path)});
    const QPoint at(400, 300);
    QDragEnterEvent enter(at, Qt::CopyAction, &mime, Qt::LeftButton, Qt::NoModifier);
    QApplication::sendEvent(&f.w(), &enter);
    CHECK(enter.isAccepted());
    QDropEvent drop(QPointF(at), Qt::CopyAction, &mime, Qt::LeftButton, Qt::NoModifier);
    QApplication::sendEvent(&f.w(), &drop);
    f.w().waitForCompute();
    REQUIRE(f.w().input());
    CHECK(f.w().input()->path == path);
    CHECK(f.settings->recentFiles().value(0) == QFileInfo(path).absoluteFilePath());
}

TEST_CASE("every menu command has a shortcut, and the View menu toggles each dock") {
    Fixture f;
    f.open("ones");
    QStringList missing;
    std::function<void(QMenu*)> walk = [&](QMenu* m) {
        for (QAction* a : m->actions()) {
            if (a->isSeparator()) continue;
            if (a->menu()) walk(a->menu());
            else if (a->shortcut().isEmpty()) missing << m->title() + " > " + a->text();
        }
    };
    for (QAction* top : f.w().menuBar()->actions())
        if (top->menu()) walk(top->menu());
    INFO(missing.join(", ").toStdString());
    CHECK(missing.isEmpty());

    QMenu* view = f.w().menuBar()->findChild<QMenu*>("viewMenu");
    REQUIRE(view);
    for (QDockWidget* dock : f.w().findChildren<QDockWidget*>()) {
        INFO(dock->windowTitle().toStdString());
        CHECK(view->actions().contains(dock->toggleViewAction()));
        CHECK(dock->isVisible());
        dock->toggleViewAction()->trigger();
        CHECK_FALSE(dock->isVisible());
        dock->toggleViewAction()->trigger();
        CHECK(dock->isVisible());
    }
}

TEST_CASE("Help > About shows the core's version") {
    Fixture f;
    // main() sets the application version; the About text must not depend on it.
    const QString text = f.w().aboutText();
    INFO(text.toStdString());
    REQUIRE(std::strlen(upsample::kVersion) > 0);
    CHECK(text.contains(QString("Upsample Studio %1").arg(QString::fromLatin1(upsample::kVersion))));
    // Where results are computed, said once here: the OpenCL device auto uses, or why there is none.
    const upsample::OpenCLInventory inv = upsample::listOpenCLDevices();
    CHECK(text.contains(f.w().backendText()));
    if (inv.defaultDevice < 0) {
        CHECK(f.w().backendText().startsWith("<p>Backend: the CPU. OpenCL is unavailable ("));
    } else {
        const auto& d = inv.devices[static_cast<std::size_t>(inv.defaultDevice)];
        CHECK(f.w().backendText().contains(QString::fromStdString(d.name).toHtmlEscaped()));
    }
}
