// The modes grid: the input under every mode PyTorch allows for its rank (align_corners off and
// on where it applies), in a grid of views that zoom and pan together, each labelled with its
// mode, options and compute time. Clicking a tile makes it the current result.
#pragma once

#include "export/ExportActions.hpp"

#include <QImage>
#include <QWidget>

#include <vector>

class QAction;
class QGridLayout;
class QLabel;
class QToolButton;

namespace studio {

class StudioContext;
class ModeBatch;
class ViewPane;
class ViewSync;

class ModesGridWindow : public QWidget {
    Q_OBJECT
public:
    ModesGridWindow(StudioContext& studio, ModeBatch* batch);

    int tileCount() const { return static_cast<int>(tiles_.size()); }
    ViewPane* tile(int i) const { return tiles_.at(static_cast<std::size_t>(i)); }
    ViewSync* viewSync() const { return sync_; }
    // The tile showing the main window's current result, or -1.
    int currentTile() const;
    // Every tile with its label as one picture (empty when there is nothing to draw).
    QImage renderFigure() const;
    void setExportAction(QAction* action);
    void fit();

    // Redraws from the batch's results and the main window's slice and colours.
    void refresh();
    // Tile i's value under the cursor (the views share it), "(x, y) = value"; empty when the
    // cursor is off the image or the tile has no result. Shown in the tile's caption.
    QString hoverReadout(int i) const;

signals:
    void tileChosen(int index);

protected:
    void showEvent(QShowEvent* e) override;

private:
    void rebuild();
    FigurePanel panel(int i) const;
    void updateCaptions();

    StudioContext& studio_;
    ModeBatch* batch_;
    ViewSync* sync_;
    QLabel* header_;
    QGridLayout* grid_;
    QToolButton* exportButton_;
    std::vector<ViewPane*> tiles_;
    QStringList labels_;
    QStringList shapes_;        // each tile's shape and time, for its caption
    std::vector<bool> failed_;  // the tile's mode refused the input
    bool fitPending_ = true;
};

}  // namespace studio
