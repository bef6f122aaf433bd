#include "scripting/ScriptedRun.hpp"

#include "MainWindow.hpp"
#include "docks/CoordinateMapDock.hpp"
#include "docks/DisplayDock.hpp"
#include "docks/ExplainDock.hpp"
#include "docks/HistogramDock.hpp"
#include "docks/ProfileDock.hpp"
#include "docks/SpecDock.hpp"
#include "export/ExportActions.hpp"
#include "session/Settings.hpp"
#include "tools/AnalysisTools.hpp"
#include "tools/CompareWindow.hpp"
#include "tools/LibrariesWindow.hpp"
#include "tools/ModesGridWindow.hpp"
#include "scripting/LinkServer.hpp"
#include "session/PinController.hpp"
#include "views/ViewSync.hpp"

#include <QApplication>
#include <QComboBox>
#include <QDir>
#include <QTemporaryDir>
#include <QTimer>

#include <algorithm>
#include <cstdio>
#include <memory>

namespace studio {

namespace {

int fail(const QString& msg) {
    std::fprintf(stderr, "upsample-studio: %s\n", qPrintable(msg));
    return 2;
}

// Applies --mode/--scale/--size/--align-corners/--antialias/--torch on top of the dock's state.
bool applySpecOptions(const ScriptOptions& o, SpecDock* dock, QString* error) {
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
    if (!o.torch.isEmpty()) {
        const auto* v = upsample::semanticsNamed(o.torch.toStdString());
        if (!v) {
            *error = QString("--torch: '%1' is not one of %2").arg(o.torch, QString::fromStdString(upsample::semanticsNames(", ")));
            return false;
        }
        s.torch = v;
    }
    dock->setState(s);
    return true;
}

// Applies --explain/--explain-shape/--map-axis/--overlay to the explain docks.
bool applyExplainOptions(const ScriptOptions& o, MainWindow& w, QString* error) {
    ExplainDock* explain = w.explainDock();
    CoordinateMapDock* map = w.mapDock();
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
QWidget* screenshotTarget(const ScriptOptions& o, MainWindow& w, QString* error) {
    if (!o.dockShot()) return &w;
    QDockWidget* dock = nullptr;
    if (o.screenshotOf == "explain") dock = w.explainDock();
    else if (o.screenshotOf == "map") dock = w.mapDock();
    else if (o.screenshotOf == "histogram") dock = w.histogramDock();
    if (!dock) {
        *error = QString("--screenshot-of: expected window, explain, map or histogram, got '%1'").arg(o.screenshotOf);
        return nullptr;
    }
    dock->setFloating(true);
    dock->resize(o.window.isEmpty() ? QSize(1000, 560) : o.window);
    return dock;
}

// --compare A,B: each 'current', a mode key or a .npy file; false (with *error set where the
// pair itself is wrong) when it cannot be shown.
bool applyCompare(const ScriptOptions& o, AnalysisTools* tools, QString* error) {
    tools->showCompare();
    tools->waitForModes();
    QStringList keys;
    for (const QString& s : o.compare.split(',')) {
        if (s.endsWith(".npy")) {
            if (!tools->compare()->loadNpy(0, s)) return false;
            keys << "file:" + s;
        } else {
            keys << s;
        }
    }
    if (keys.size() != 2 || !tools->compare()->setSources(keys[0], keys[1])) {
        *error = QString("--compare: expected A,B with each 'current', a mode key (nearest, bilinear+ac, ...) or a "
                         ".npy file, got '%1'").arg(o.compare);
        return false;
    }
    if (!o.compareView.isEmpty()) {
        const auto view = compareViewFromName(o.compareView);
        if (!view) {
            *error = QString("--compare-view: expected diff, flicker, swipe or side, got '%1'").arg(o.compareView);
            return false;
        }
        tools->compare()->setCompareView(*view);
    }
    return true;
}

// --histogram WHAT and --overshoot: the histogram dock, raised, with its numbers computed.
bool applyHistogram(const ScriptOptions& o, MainWindow& window, QString* error) {
    if (o.histogram.isEmpty() && !o.overshoot) return true;
    HistogramDock* dock = window.histogramDock();
    const QStringList names = {"original", "result", "diff"};
    const int at = o.histogram.isEmpty() ? 1 : static_cast<int>(names.indexOf(o.histogram));
    if (at < 0) {
        *error = QString("--histogram: expected original, result or diff, got '%1'").arg(o.histogram);
        return false;
    }
    dock->show();
    dock->raise();
    dock->setSource(static_cast<HistogramSource>(at));
    dock->refresh();
    dock->waitForIdle();
    if (o.overshoot) dock->setMarkOvershoot(true);
    return true;
}

// Applies --depth/--inspect/--profile-axis/--modes-grid/--compare/--libraries once the window has its
// result; returns the window the screenshot should show.
QWidget* applyAnalysisOptions(const ScriptOptions& o, MainWindow& window, QString* error) {
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
        if (!applyCompare(o, tools, error)) return nullptr;
        shown = tools->compare();
    }
    if (o.libraries) {
        tools->showLibraries();
        shown = tools->libraries();
    }
    if (!applyHistogram(o, window, error)) return nullptr;
    return shown;
}

// The grid, the compare and the libraries view fit their views, then take the same --zoom, --center
// and --hover.
void frameToolWindow(const ScriptOptions& o, AnalysisTools* tools, QWidget* shown) {
    ViewSync* sync = nullptr;
    if (shown == tools->modesGrid()) {
        tools->modesGrid()->fit();
        sync = tools->modesGrid()->viewSync();
    } else if (shown == tools->compare()) {
        tools->compare()->fit();
        sync = tools->compare()->viewSync();
    } else if (shown == tools->libraries()) {
        tools->libraries()->waitForIdle();
        for (int i = 0; i < 5; ++i) QApplication::processEvents();
        tools->libraries()->fit();
        sync = tools->libraries()->viewSync();
    }
    if (sync && o.zoom > 0) sync->setZoom(o.zoom);
    if (sync && o.hover) sync->setHover(*o.hover);  // the tools' own readouts
    if (sync && o.center) sync->setView(*o.center, sync->zoom());
}

// Once the result is in: frames the views, applies the analysis options, grabs `target` (a dock
// alone) or what they show, writes the PNG and ends the event loop with the exit code.
void takeScreenshot(const ScriptOptions& o, MainWindow& window, QWidget* target) {
    window.waitForCompute();
    window.fitToWindow();
    if (o.zoom > 0) window.viewSync()->setZoom(o.zoom);
    if (o.center) window.viewSync()->setView(*o.center, window.viewSync()->zoom());
    if (o.hover) window.setHover(*o.hover);
    QString error;
    QWidget* shown = applyAnalysisOptions(o, window, &error);
    if (!shown) {
        if (!error.isEmpty()) std::fprintf(stderr, "upsample-studio: %s\n", qPrintable(error));
        QApplication::exit(2);
        return;
    }
    window.analysis()->waitForModes();
    if (shown != &window) shown->resize(o.window.isEmpty() ? QSize(1440, 880) : o.window);
    for (int i = 0; i < 5; ++i) QApplication::processEvents();  // layouts first
    frameToolWindow(o, window.analysis(), shown);
    QApplication::processEvents();
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
}

}  // namespace

int runStudio(const ScriptOptions& o) {
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
    if (!o.screenshot.isEmpty()) window.resize(o.window.isEmpty() || o.dockShot() ? QSize(1440, 880) : o.window);
    window.show();

    bool opened = true;
    if (!o.file.isEmpty()) opened = window.openFile(o.file);
    else if (!o.sample.isEmpty()) opened = window.openSample(o.sample);
    else if (o.screenshot.isEmpty()) window.reopenLastFile();
    QString error;
    if (!applySpecOptions(o, window.specDock(), &error)) return fail(error);
    if (!applyExplainOptions(o, window, &error)) return fail(error);
    QWidget* target = screenshotTarget(o, window, &error);
    if (!target) return fail(error);

    if (o.screenshot.isEmpty()) {
        if (opened && !applyAnalysisOptions(o, window, &error) && !error.isEmpty()) return fail(error);
        std::unique_ptr<LinkServer> link;
        if (!o.listen.isEmpty() || settings->listenAlways()) {
            link = std::make_unique<LinkServer>(window, *settings);
            if (!link->listen(o.listen.isEmpty() ? settings->listenName() : o.listen, &error)) {
                std::fprintf(stderr, "upsample-studio: %s\n", qPrintable(error));
                if (!o.listen.isEmpty()) return 1;  // asked for on the command line: a script waits for it
                link.reset();
            } else {
                std::printf("Listening on %s\n", qPrintable(link->socketPath()));
                std::fflush(stdout);
            }
        }
        return QApplication::exec();
    }
    if (!opened) return 1;
    QTimer::singleShot(0, &window, [&] { takeScreenshot(o, window, target); });
    return QApplication::exec();
}

}  // namespace studio
