// The analysis tools of the studio: the pinned pixel with its inspector dock and tap overlays, the
// line profile dock, the modes grid, the A/B compare, the libraries view, their exports and the
// Analysis menu's actions. They read the window through StudioContext; the window places the
// docks, builds the menu from analysisActions() and exportActions(), calls refresh() when its views
// change and applies modeChosen().
#pragma once

#include "upsample/spec.hpp"

#include <QList>
#include <QObject>
#include <QString>

#include <optional>

class QAction;

namespace studio {

class CompareWindow;
class InspectorDock;
class LibrariesWindow;
class ModeBatch;
class ModesGridWindow;
class PinController;
class ProfileDock;
class StudioContext;
class ViewOverlay;

class AnalysisTools : public QObject {
    Q_OBJECT
public:
    explicit AnalysisTools(StudioContext& studio);

    PinController* pin() const { return pin_; }
    InspectorDock* inspector() const { return inspector_; }
    ProfileDock* profile() const { return profile_; }
    ModeBatch* modes() const { return batch_; }
    ModesGridWindow* modesGrid() const { return grid_; }
    CompareWindow* compare() const { return compare_; }
    LibrariesWindow* libraries() const { return libraries_; }
    ViewOverlay* tapOverlay() const { return tapOverlay_; }
    ViewOverlay* pinOverlay() const { return pinOverlay_; }

    // The Analysis menu: the tools, then (after a separator) their exports.
    QList<QAction*> analysisActions() const { return {gridAct_, compareAct_, librariesAct_, unpinAct_}; }
    QList<QAction*> exportActions() const { return {exportGridAct_, exportDiffAct_, exportCsvAct_, exportPngAct_}; }

    // Follows the window's new input, result or slice.
    void refresh();
    void showModesGrid();
    void showCompare();
    void showLibraries();
    // Computes every mode of the current spec if needed and waits for them (tests, exports).
    void waitForModes();

    // Exports; false (after an error dialog) on failure. They write without asking.
    bool exportModesGridTo(const QString& path);
    bool exportDifferenceTo(const QString& path);
    bool exportProfileCsvTo(const QString& path);
    bool exportProfilePngTo(const QString& path);

signals:
    // A modes-grid tile was chosen: the window's spec should take this mode.
    void modeChosen(upsample::Mode mode, std::optional<bool> alignCorners, const QString& label);

private:
    void createActions();
    void ensureModes();
    void onModesUpdated();
    void chooseTile(int index);
    void onPinChanged();
    void updateActions();
    // Asks for a path (suggesting the input's name + `name`) and writes with `write`.
    void exportWith(const QString& caption, const QString& filter, const QString& name,
                    bool (AnalysisTools::*write)(const QString&));

    StudioContext& studio_;
    PinController* pin_;
    InspectorDock* inspector_;
    ProfileDock* profile_;
    ModeBatch* batch_;
    ModesGridWindow* grid_;
    CompareWindow* compare_;
    LibrariesWindow* libraries_;
    ViewOverlay* tapOverlay_;
    ViewOverlay* pinOverlay_;
    QAction* gridAct_ = nullptr;
    QAction* compareAct_ = nullptr;
    QAction* librariesAct_ = nullptr;
    QAction* unpinAct_ = nullptr;
    QAction* exportGridAct_ = nullptr;
    QAction* exportDiffAct_ = nullptr;
    QAction* exportCsvAct_ = nullptr;
    QAction* exportPngAct_ = nullptr;
};

}  // namespace studio
