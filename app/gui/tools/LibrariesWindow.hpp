// The libraries view: the current input through PyTorch's F.interpolate and through each other
// library's closest call (OpenCV, Pillow, ONNX Resize), as the core's closestCalls() finds and
// measures them. One row per library: its call, verdict and statistics against PyTorch (max and
// mean |diff|, PSNR, the count of differing values), its result and its signed difference to
// PyTorch in a diverging colour map, and a button that copies the call as code. A library with
// no equivalent shows why instead of tiles. The tiles zoom and pan together; clicking a pixel of
// any tile shows every library's value at that output pixel next to PyTorch's, with the
// difference. Computed off the GUI thread; a newer request supersedes the running one. Under the
// studio's result limit as tools/LibraryRows.hpp says: whole, streamed into previews, or refused.
#pragma once

#include "tools/LibraryRows.hpp"
#include "views/DisplayMapping.hpp"

#include "upsample/analysis.hpp"
#include "upsample/conventions.hpp"
#include "upsample/spec.hpp"
#include "upsample/tensor.hpp"

#include <QPoint>
#include <QString>
#include <QThreadPool>
#include <QWidget>

#include <atomic>
#include <optional>
#include <vector>

class QGridLayout;
class QLabel;
class QPushButton;

namespace studio {

class StudioContext;
class ViewPane;
class ViewSync;

class LibrariesWindow : public QWidget {
    Q_OBJECT
public:
    explicit LibrariesWindow(StudioContext& studio);
    ~LibrariesWindow() override;

    // Computes the main window's input and spec unless that is what the window holds already,
    // and redraws.
    void refresh();
    // Runs the event loop until the running computation has arrived.
    void waitForIdle();
    bool busy() const { return pending_ > 0; }

    // One row per library in the core's order (PyTorch first); empty while computing or when
    // PyTorch refuses the spec (message() says why).
    const std::vector<LibraryRow>& rows() const { return rows_; }
    QString message() const { return message_; }
    int rowCount() const { return static_cast<int>(rows_.size()); }
    // The row's heading and statistics as plain text, and its widgets.
    QString rowText(int row) const;
    ViewPane* resultTile(int row) const;
    ViewPane* differenceTile(int row) const;
    QPushButton* copyButton(int row) const;
    ViewSync* viewSync() const { return sync_; }

    // Puts the row's call on the clipboard (what its "Copy as code" button does).
    void copyCode(int row);
    // Shows every library's value at this output pixel (column, row) of the displayed slice.
    void probe(QPoint outputPixel);
    QString probeText() const;
    // "H 1·0.75 + 2·0.25, W 3·1": what one output pixel reads under a library's convention.
    static QString tapsText(const std::vector<upsample::LibraryAxisTaps>& taps);
    void fit();

protected:
    void showEvent(QShowEvent* e) override;

private:
    struct Outcome {
        quint64 generation = 0;
        std::vector<LibraryRow> rows;
        QString error;
    };
    Outcome compute(const upsample::Tensor& input, int bitDepth, const upsample::Spec& spec, uint64_t previewBytes,
                    quint64 generation) const;
    void deliver(const Outcome& o);
    void rebuild();
    QString headerText() const;
    QString rowHtml(const LibraryRow& r) const;
    void updateTiles();
    void updateProbe();
    QString probeLine(const LibraryRow& r, const SliceSelection& at, int x, int y) const;
    void onTileClicked(ViewPane* pane, QPointF sourcePoint);

    StudioContext& studio_;
    ViewSync* sync_;
    QLabel* header_;
    QLabel* probeLabel_;
    QGridLayout* grid_;
    QThreadPool pool_;
    std::atomic<quint64> generation_{0};
    int pending_ = 0;
    upsample::Tensor input_;
    QString call_;
    std::vector<LibraryRow> rows_;
    QString message_;
    QString streaming_;  // while the rows are previews: why (LibraryPlan::streaming)
    std::optional<QPoint> probe_;
    struct RowWidgets {
        QLabel* info = nullptr;
        QPushButton* copy = nullptr;
        ViewPane* result = nullptr;
        ViewPane* difference = nullptr;
        QLabel* note = nullptr;
    };
    // rebuild()'s cells of one row.
    void addInfoCell(int row, const LibraryRow& r, RowWidgets& w);
    void addTiles(int row, const LibraryRow& r, RowWidgets& w);
    std::vector<RowWidgets> widgets_;
    std::vector<QWidget*> owned_;
    bool fitPending_ = true;
};

}  // namespace studio
