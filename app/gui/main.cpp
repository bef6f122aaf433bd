// upsample-studio: the Qt window. `upsample-studio [FILE]` opens a picture or a .npy tensor;
// `--screenshot OUT.png` renders the window (offscreen where no display exists), writes it and
// exits, which is what `make run` does on a machine without a display. --explain CALL puts a
// call into the Explain dock (and the Spec dock, when it runs on the input); --map-axis and
// --overlay set up the coordinate map; --screenshot-of grabs one dock instead of the window;
// --inspect, --profile-axis, --depth, --modes-grid, --compare and --libraries set up the analysis
// tools.
#include "tools/AnalysisTools.hpp"
#include "tools/CompareWindow.hpp"
#include "docks/CoordinateMapDock.hpp"
#include "docks/ExplainDock.hpp"
#include "export/ExportActions.hpp"
#include "tools/LibrariesWindow.hpp"
#include "MainWindow.hpp"
#include "tools/ModesGridWindow.hpp"
#include "tools/PinController.hpp"
#include "docks/ProfileDock.hpp"
#include "session/SampleLibrary.hpp"
#include "session/Settings.hpp"
#include "docks/SpecDock.hpp"
#include "views/ViewSync.hpp"

#include <QApplication>
#include <QCheckBox>
#include <QComboBox>
#include <QDockWidget>
#include <QCommandLineParser>
#include <QDir>
#include <QFileInfo>
#include <QTemporaryDir>
#include <QTimer>

#include <algorithm>
#include <cstdio>
#include <memory>

using namespace studio;

namespace {

struct Options {
    QString file, sample, screenshot, mode, scale, size;
    QString explainCall, explainShape, mapAxis, overlay, screenshotOf;
    bool alignCorners = false, antialias = false;
    double zoom = 0;
    std::optional<QPointF> center, hover, inspect;
    QSize window;
    QString profileAxis, compare;
    int depth = -1;
    bool modesGrid = false;
    bool libraries = false;
};

std::optional<QPointF> parsePoint(const QString& text) {
    const QStringList p = text.split(',');
    if (p.size() != 2) return std::nullopt;
    bool a = false, b = false;
    const double x = p[0].toDouble(&a), y = p[1].toDouble(&b);
    if (!a || !b) return std::nullopt;
    return QPointF(x, y);
}

// Applies --mode/--scale/--size/--align-corners/--antialias on top of the dock's state.
bool applySpecOptions(const Options& o, SpecDock* dock, QString* error) {
    SpecState s = dock->state();
    if (!o.mode.isEmpty()) {
        const auto m = upsample::modeFromName(o.mode.toStdString());
        if (!m) {
            *error = QString("--mode: '%1' is not one of PyTorch's modes").arg(o.mode);
            return false;
        }
        s.mode = *m;
    }
    auto values = [&](const QString& text, auto setter) {
        const QStringList parts = text.split(',');
        if (parts.size() > 3) return false;
        s.perDim = parts.size() > 1;
        for (int i = 0; i < parts.size(); ++i) {
            bool ok = false;
            const double v = parts[i].toDouble(&ok);
            if (!ok) return false;
            // A tuple fills the last dims (…, H, W); a single value every dim.
            const int at = parts.size() == 1 ? 2 : 3 - static_cast<int>(parts.size()) + i;
            setter(at, v);
            if (parts.size() == 1)
                for (int k = 0; k < 3; ++k) setter(k, v);
        }
        return true;
    };
    if (!o.scale.isEmpty()) {
        s.useSize = false;
        if (!values(o.scale, [&](int i, double v) { s.scale[i] = v; })) {
            *error = QString("--scale: '%1' is not a number or a list of up to 3 numbers").arg(o.scale);
            return false;
        }
    }
    if (!o.size.isEmpty()) {
        s.useSize = true;
        if (!values(o.size, [&](int i, double v) { s.size[i] = static_cast<int64_t>(v); })) {
            *error = QString("--size: '%1' is not an integer or a list of up to 3 integers").arg(o.size);
            return false;
        }
    }
    if (o.alignCorners) s.alignCorners = true;
    if (o.antialias) s.antialias = true;
    dock->setState(s);
    return true;
}

// Applies --explain/--explain-shape/--map-axis/--overlay to the explain docks.
bool applyExplainOptions(const Options& o, MainWindow& w, QString* error) {
    auto* explain = w.findChild<ExplainDock*>();
    auto* map = w.findChild<CoordinateMapDock*>();
    if (!o.explainShape.isEmpty()) explain->setShapeText(o.explainShape);
    if (!o.explainCall.isEmpty()) {
        explain->setCallText(o.explainCall);
        explain->applyCall();
    }
    if (!o.mapAxis.isEmpty()) {
        const int i = map->axisCombo()->findText(o.mapAxis.toUpper());
        if (i < 0) {
            *error = QString("--map-axis: '%1' is not an axis of this input").arg(o.mapAxis);
            return false;
        }
        map->setAxis(i);
    }
    if (o.overlay == "align-corners") map->setOverlayAlignCorners(true);
    else if (o.overlay == "nearest") map->setOverlayNearest(true);
    else if (!o.overlay.isEmpty()) {
        *error = QString("--overlay: expected align-corners or nearest, got '%1'").arg(o.overlay);
        return false;
    }
    return true;
}

// The window, or one dock undocked at the --window-size (default 1000x560).
QWidget* screenshotTarget(const Options& o, MainWindow& w, QString* error) {
    if (o.screenshotOf.isEmpty() || o.screenshotOf == "window") return &w;
    QDockWidget* dock = nullptr;
    if (o.screenshotOf == "explain") dock = w.findChild<ExplainDock*>();
    else if (o.screenshotOf == "map") dock = w.findChild<CoordinateMapDock*>();
    if (!dock) {
        *error = QString("--screenshot-of: expected window, explain or map, got '%1'").arg(o.screenshotOf);
        return nullptr;
    }
    dock->setFloating(true);
    dock->resize(o.window.isEmpty() ? QSize(1000, 560) : o.window);
    return dock;
}

// Applies --depth/--inspect/--profile-axis/--modes-grid/--compare/--libraries once the window has its
// result; returns the window the screenshot should show.
QWidget* applyAnalysisOptions(const Options& o, MainWindow& window, QString* error) {
    AnalysisTools* tools = window.analysis();
    if (o.depth >= 0) {
        DisplayOptions d = window.displayDock()->options();
        d.slice.depth = o.depth;
        window.displayDock()->setOptions(d);
    }
    if (o.inspect) tools->pin()->pin(QPoint(static_cast<int>(o.inspect->x()), static_cast<int>(o.inspect->y())));
    if (!o.profileAxis.isEmpty() && window.input()) {
        const auto names = upsample::axisNames(window.input()->spatialDims());
        const auto it = std::find(names.begin(), names.end(), o.profileAxis.toUpper().toStdString());
        if (it == names.end()) {
            *error = QString("--profile-axis: '%1' is not an axis of this input").arg(o.profileAxis);
            return nullptr;
        }
        tools->profile()->setAxis(static_cast<int>(it - names.begin()));
    }
    QWidget* shown = &window;
    if (o.modesGrid) {
        tools->showModesGrid();
        shown = tools->modesGrid();
    }
    if (!o.compare.isEmpty()) {
        tools->showCompare();
        tools->waitForModes();
        const QStringList ab = o.compare.split(',');
        QStringList keys;
        for (const QString& s : ab) {
            if (s.endsWith(".npy")) {
                if (!tools->compare()->loadNpy(0, s)) return nullptr;
                keys << "file:" + s;
            } else {
                keys << s;
            }
        }
        if (keys.size() != 2 || !tools->compare()->setSources(keys[0], keys[1])) {
            *error = QString("--compare: expected A,B with each 'current', a mode key (nearest, bilinear+ac, ...) or a "
                             ".npy file, got '%1'").arg(o.compare);
            return nullptr;
        }
        shown = tools->compare();
    }
    if (o.libraries) {
        tools->showLibraries();
        shown = tools->libraries();
    }
    return shown;
}

}  // namespace

int main(int argc, char** argv) {
    QApplication app(argc, argv);
    QApplication::setOrganizationName("UpsampleStudio");
    QApplication::setApplicationName("upsample-studio");
    QApplication::setApplicationDisplayName("Upsample Studio");
    QApplication::setApplicationVersion(UPSAMPLE_VERSION);
    QApplication::setWindowIcon(QIcon(":/icons/upsample-studio.svg"));

    QStringList sampleIds;
    for (const auto& s : SampleLibrary::all()) sampleIds << s.id;
    QCommandLineParser parser;
    parser.setApplicationDescription("Shows exactly what PyTorch's F.interpolate does to a picture or a tensor.");
    parser.addHelpOption();
    parser.addVersionOption();
    parser.addPositionalArgument("file", "A picture (PNG, JPEG, BMP, TIFF, WebP) or a .npy tensor to open.");
    const QCommandLineOption screenshotOpt("screenshot", "Render the window to FILE (PNG), print its path and exit.",
                                           "FILE");
    const QCommandLineOption sampleOpt("sample", "Open a bundled sample: " + sampleIds.join(", ") + ".", "ID");
    const QCommandLineOption modeOpt("mode", "Start with this mode (nearest, bilinear, ...).", "MODE");
    const QCommandLineOption scaleOpt("scale", "Start with scale_factor S (or S,S[,S] per dim).", "S");
    const QCommandLineOption sizeOpt("size", "Start with size N (or N,N[,N] per dim).", "N");
    const QCommandLineOption alignOpt("align-corners", "Start with align_corners=True.");
    const QCommandLineOption aaOpt("antialias", "Start with antialias=True.");
    const QCommandLineOption zoomOpt("zoom", "Screen pixels per original pixel (default: fit).", "Z");
    const QCommandLineOption centerOpt("center", "Centre the views on this original-pixel point (the A/B compare: a result pixel).", "X,Y");
    const QCommandLineOption hoverOpt("hover", "Mark this original-pixel point as hovered.", "X,Y");
    const QCommandLineOption windowOpt("window-size", "Window size for the screenshot (default 1440x880; 1000x560 for a "
                                       "dock alone).", "WxH");
    const QCommandLineOption explainOpt("explain", "Explain this call (Python, e.g. \"nn.UpsamplingBilinear2d("
                                        "scale_factor=2)\") and apply it to the spec when it runs on the input.",
                                        "CALL");
    const QCommandLineOption explainShapeOpt("explain-shape", "The Explain dock's input shape (default: the input's).",
                                             "SHAPE");
    const QCommandLineOption mapAxisOpt("map-axis", "The coordinate map's axis: L, D, H or W (default: the last).",
                                        "AXIS");
    const QCommandLineOption overlayOpt("overlay", "Overlay on the coordinate map: align-corners or nearest.", "WHAT");
    const QCommandLineOption screenshotOfOpt("screenshot-of", "What --screenshot grabs: window (default), or the "
                                             "explain or map dock alone, undocked at the --window-size.", "WHAT");
    const QCommandLineOption depthOpt("depth", "Show this depth slice of a volume.", "D");
    const QCommandLineOption inspectOpt("inspect", "Pin result pixel X,Y (column, row) in the inspector.", "X,Y");
    const QCommandLineOption axisOpt("profile-axis", "Run the line profile along W, H or D.", "AXIS");
    const QCommandLineOption gridOpt("modes-grid", "Open the modes grid (the screenshot shows it).");
    const QCommandLineOption compareOpt("compare",
                                        "Open the A/B compare of A and B: 'current', a mode key (nearest, "
                                        "bilinear+ac, ...) or a .npy file (the screenshot shows it).",
                                        "A,B");
    const QCommandLineOption librariesOpt("libraries", "Open the libraries view: the input through PyTorch and each "
                                          "library's closest call (the screenshot shows it).");
    parser.addOptions({screenshotOpt, sampleOpt, modeOpt, scaleOpt, sizeOpt, alignOpt, aaOpt, zoomOpt, centerOpt,
                       hoverOpt, windowOpt, explainOpt, explainShapeOpt, mapAxisOpt, overlayOpt, screenshotOfOpt,
                       depthOpt, inspectOpt, axisOpt, gridOpt, compareOpt, librariesOpt});
    parser.process(app);

    Options o;
    if (!parser.positionalArguments().isEmpty()) o.file = parser.positionalArguments().first();
    o.sample = parser.value(sampleOpt);
    o.screenshot = parser.value(screenshotOpt);
    o.mode = parser.value(modeOpt);
    o.scale = parser.value(scaleOpt);
    o.size = parser.value(sizeOpt);
    o.alignCorners = parser.isSet(alignOpt);
    o.antialias = parser.isSet(aaOpt);
    o.explainCall = parser.value(explainOpt);
    o.explainShape = parser.value(explainShapeOpt);
    o.mapAxis = parser.value(mapAxisOpt);
    o.overlay = parser.value(overlayOpt);
    o.screenshotOf = parser.value(screenshotOfOpt);
    auto fail = [](const QString& msg) {
        std::fprintf(stderr, "upsample-studio: %s\n", qPrintable(msg));
        return 2;
    };
    if (parser.isSet(zoomOpt)) {
        bool ok = false;
        o.zoom = parser.value(zoomOpt).toDouble(&ok);
        if (!ok || o.zoom <= 0) return fail("--zoom: '" + parser.value(zoomOpt) + "' is not a positive number");
    }
    if (parser.isSet(centerOpt) && !(o.center = parsePoint(parser.value(centerOpt))))
        return fail("--center: expected X,Y, got '" + parser.value(centerOpt) + "'");
    if (parser.isSet(hoverOpt) && !(o.hover = parsePoint(parser.value(hoverOpt))))
        return fail("--hover: expected X,Y, got '" + parser.value(hoverOpt) + "'");
    if (parser.isSet(inspectOpt) && !(o.inspect = parsePoint(parser.value(inspectOpt))))
        return fail("--inspect: expected X,Y, got '" + parser.value(inspectOpt) + "'");
    if (parser.isSet(depthOpt)) {
        bool ok = false;
        o.depth = parser.value(depthOpt).toInt(&ok);
        if (!ok || o.depth < 0) return fail("--depth: '" + parser.value(depthOpt) + "' is not a slice index");
    }
    o.profileAxis = parser.value(axisOpt);
    o.modesGrid = parser.isSet(gridOpt);
    o.compare = parser.value(compareOpt);
    o.libraries = parser.isSet(librariesOpt);
    if (parser.isSet(windowOpt)) {
        const QStringList wh = parser.value(windowOpt).split('x');
        if (wh.size() == 2) o.window = QSize(wh[0].toInt(), wh[1].toInt());
        if (o.window.isEmpty()) return fail("--window-size: expected WxH, got '" + parser.value(windowOpt) + "'");
    }

    // A screenshot must not depend on (or change) the user's saved window and spec.
    std::unique_ptr<QTemporaryDir> scratch;
    std::unique_ptr<Settings> settings;
    if (!o.screenshot.isEmpty()) {
        scratch = std::make_unique<QTemporaryDir>();
        settings = std::make_unique<Settings>(scratch->filePath("settings.ini"));
    } else {
        settings = std::make_unique<Settings>();
    }

    MainWindow window(*settings);
    window.setEchoErrors(!o.screenshot.isEmpty());
    const bool dockShot = !o.screenshotOf.isEmpty() && o.screenshotOf != "window";
    if (!o.screenshot.isEmpty()) window.resize(o.window.isEmpty() || dockShot ? QSize(1440, 880) : o.window);
    window.show();

    bool opened = true;
    if (!o.file.isEmpty()) opened = window.openFile(o.file);
    else if (!o.sample.isEmpty()) opened = window.openSample(o.sample);
    QString error;
    if (!applySpecOptions(o, window.specDock(), &error)) return fail(error);
    if (!applyExplainOptions(o, window, &error)) return fail(error);
    QWidget* target = screenshotTarget(o, window, &error);
    if (!target) return fail(error);

    if (o.screenshot.isEmpty()) {
        if (opened && !applyAnalysisOptions(o, window, &error) && !error.isEmpty()) return fail(error);
        return app.exec();
    }

    if (!opened) return 1;
    QTimer::singleShot(0, &window, [&] {
        window.waitForCompute();
        window.fitToWindow();
        if (o.zoom > 0) window.viewSync()->setZoom(o.zoom);
        if (o.center) window.viewSync()->setView(*o.center, window.viewSync()->zoom());
        if (o.hover) window.setHover(*o.hover);
        QWidget* shown = applyAnalysisOptions(o, window, &error);
        if (!shown) {
            if (!error.isEmpty()) std::fprintf(stderr, "upsample-studio: %s\n", qPrintable(error));
            QApplication::exit(2);
            return;
        }
        window.analysis()->waitForModes();
        if (shown != &window) shown->resize(o.window.isEmpty() ? QSize(1440, 880) : o.window);
        for (int i = 0; i < 5; ++i) QApplication::processEvents();  // layouts first
        // The grid and the compare fit their views, then take the same --zoom and --center.
        ViewSync* sync = nullptr;
        if (shown == window.analysis()->modesGrid()) {
            window.analysis()->modesGrid()->fit();
            sync = window.analysis()->modesGrid()->viewSync();
        } else if (shown == window.analysis()->compare()) {
            window.analysis()->compare()->fit();
            sync = window.analysis()->compare()->viewSync();
        } else if (shown == window.analysis()->libraries()) {
            window.analysis()->libraries()->waitForIdle();
            for (int i = 0; i < 5; ++i) QApplication::processEvents();
            window.analysis()->libraries()->fit();
            sync = window.analysis()->libraries()->viewSync();
        }
        if (sync && o.zoom > 0) sync->setZoom(o.zoom);
        if (sync && o.center) sync->setView(*o.center, sync->zoom());
        QApplication::processEvents();
        // a dock alone (--screenshot-of), else the window or the analysis window it shows
        const QImage shot = (target != &window ? target : shown)->grab().toImage();
        try {
            ExportActions::writePng(o.screenshot, shot);
        } catch (const std::exception& e) {
            std::fprintf(stderr, "upsample-studio: %s\n", e.what());
            QApplication::exit(1);
            return;
        }
        std::printf("Screenshot written to %s\n", qPrintable(QDir::toNativeSeparators(o.screenshot)));
        std::fflush(stdout);
        QApplication::exit(window.lastError().isEmpty() ? 0 : 1);
    });
    return app.exec();
}
