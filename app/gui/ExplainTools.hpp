// Where the explain tools join the main window, kept here so that the window's own code only
// calls these: the Explain and Coordinate map docks (bottom dock area, View-menu toggles) and
// Help ▸ The 4x4 ones example.
#pragma once

#include <QString>

class QAction;
class QMenu;

namespace studio {

class MainWindow;
class SeedExampleDialog;
class SpecDock;

// Adds both docks (bottom area, side by side), following the Spec dock and the window's inputChanged(), and their toggles.
void addExplainDocks(MainWindow* window, SpecDock* specDock, QMenu* viewMenu);

// The Help ▸ The 4x4 ones example command (Shift+F1): showSeedExample().
QAction* seedExampleAction(MainWindow* window);

// Opens the seed example page (one dialog per window). When nothing is loaded yet, it also loads
// torch.ones(1, 1, 4, 4) with nn.UpsamplingBilinear2d(scale_factor=2) in the Explain dock, and
// the dialog says so; its Show in the Studio button does that for any loaded tensor.
SeedExampleDialog* showSeedExample(MainWindow* window);

// Loads an example's sample ("ones4x4": ones, "arange4x4": arange) and explains
// nn.UpsamplingBilinear2d(scale_factor=2) on it, applied to the Spec dock. False if it fails.
bool showExampleInStudio(MainWindow* window, const QString& example);

}  // namespace studio
