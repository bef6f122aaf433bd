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

// Esc closes the tool window (a window of its own, beside the studio's).
void closeOnEscape(QWidget* window);

// Moves and shrinks a top-level window so that it lies within its screen's available area.
void keepOnScreen(QWidget* window);

}  // namespace studio
