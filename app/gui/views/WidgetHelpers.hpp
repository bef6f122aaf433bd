// Small pieces of widget set-up that several docks and windows share.
#pragma once

class QDockWidget;
class QLabel;
class QWidget;

namespace studio {

// Puts content into the dock inside a vertical scroll area, so a tall dock scrolls rather than
// forcing the window taller than the screen.
void setScrollingWidget(QDockWidget* dock, QWidget* content);

// A word-wrapped, selectable label for a window's header line.
QLabel* makeHeaderLabel(QWidget* parent);

}  // namespace studio
