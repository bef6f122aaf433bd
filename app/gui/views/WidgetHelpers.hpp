// Small pieces of widget set-up that several docks and windows share.
#pragma once

#include <QPointF>
#include <QString>

#include <functional>

class QDockWidget;
class QHBoxLayout;
class QLabel;
class QVBoxLayout;
class QShortcut;
class QWidget;

namespace studio {

// Puts content into the dock inside a vertical scroll area, so a tall dock scrolls rather than
// forcing the window taller than the screen.
void setScrollingWidget(QDockWidget* dock, QWidget* content);

// A word-wrapped, selectable label for a window's header line.
QLabel* makeHeaderLabel(QWidget* parent);

// Esc closes the tool window (a window of its own, beside the studio's).
QShortcut* closeOnEscape(QWidget* window);

// A tool window of its own beside the studio's (the modes grid, the libraries): its name, title,
// size and Esc, a vertical layout, and its top row: the header label taking the width, then a
// Fit button that calls fit. More buttons may be appended to the row.
struct ToolWindowTop {
    QVBoxLayout* layout;
    QHBoxLayout* row;
    QLabel* header;
};
ToolWindowTop setUpToolWindow(QWidget* window, const QString& objectName, const QString& title,
                              std::function<void()> fit);

class ViewPane;
class ViewSync;
// A captioned tile of a tool window's grid, named objectName, that follows sync (hovering it
// moves sync's hover) and calls clicked with itself and the source point clicked.
ViewPane* makeSyncedTile(const QString& caption, const QString& objectName, ViewSync* sync, QWidget* parent,
                         std::function<void(ViewPane*, QPointF)> clicked);

// Moves and shrinks a top-level window so that it lies within its screen's available area.
void keepOnScreen(QWidget* window);

}  // namespace studio
