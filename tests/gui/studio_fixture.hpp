// The GUI tests' window: a MainWindow with its own settings file, shown offscreen at a fixed
// size, with helpers to open a sample and set a spec and wait for the result.
#pragma once

#include <catch2/catch.hpp>

#include "MainWindow.hpp"
#include "session/Settings.hpp"
#include "docks/SpecDock.hpp"
#include "tools/AnalysisTools.hpp"
#include "tools/CompareWindow.hpp"

#include <QApplication>
#include <QMessageBox>
#include <QTemporaryDir>

#include <memory>

namespace studio::testing {

struct Fixture {
    QTemporaryDir dir;
    std::unique_ptr<Settings> settings = std::make_unique<Settings>(dir.filePath("settings.ini"));
    std::unique_ptr<MainWindow> window;

    Fixture() {
        window = std::make_unique<MainWindow>(*settings);
        window->resize(1200, 800);
        window->show();
        QApplication::processEvents();
    }
    ~Fixture() {
        window->waitForCompute();
        if (window->errorDialog()) window->errorDialog()->close();
    }
    MainWindow& w() { return *window; }
    void open(const QString& sample) {
        REQUIRE(window->openSample(sample));
        window->waitForCompute();
    }
    void setSpec(const SpecState& s) {
        window->specDock()->setState(s);
        window->waitForCompute();
    }
};

inline SpecState scaleSpec(upsample::Mode m, double s) {
    SpecState st;
    st.mode = m;
    st.scale = {s, s, s};
    return st;
}

// The A/B compare window over the 4x4 arange sample and its nearest x2 result, its modes computed,
// at 900 x 800.
inline CompareWindow* openCompareOnArange(Fixture& f) {
    f.open("arange");
    f.setSpec(scaleSpec(upsample::Mode::Nearest, 2));
    AnalysisTools* tools = f.w().analysis();
    tools->showCompare();
    tools->waitForModes();
    CompareWindow* cmp = tools->compare();
    cmp->resize(900, 800);
    return cmp;
}

}  // namespace studio::testing
