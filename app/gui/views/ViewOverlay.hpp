// Marks drawn over an ImageView, in the view's own image pixels: highlighted cells (the taps an
// output pixel reads), a bold frame (the pinned pixel), a cross at a continuous position (the
// source coordinate) and small labels (the weights) that appear when the cells are large
// enough to hold them. A transparent child of the view: it follows its zoom and pan and never
// takes the mouse.
#pragma once

#include <QColor>
#include <QList>
#include <QPointF>
#include <QRect>
#include <QString>
#include <QWidget>

#include <optional>

namespace studio {

class ImageView;
class ViewSync;

struct OverlayLabel {
    QRect cell;    // the image pixel the label sits in
    QString text;
    Qt::Alignment align = Qt::AlignCenter;  // against which side of that pixel
};

struct OverlayMarks {
    QList<QRect> cells;             // highlighted (filled lightly and outlined)
    std::optional<QRect> frame;     // drawn bold
    std::optional<QPointF> cross;   // image pixel coordinates: the centre of pixel i is i + 0.5
    QList<OverlayLabel> labels;
    QColor colour{255, 196, 0};

    bool empty() const { return cells.isEmpty() && !frame && !cross && labels.isEmpty(); }
};

class ViewOverlay : public QWidget {
    Q_OBJECT
public:
    ViewOverlay(ImageView* view, ViewSync* sync);

    void setMarks(const OverlayMarks& marks);
    const OverlayMarks& marks() const { return marks_; }
    // Where the labels are drawn now (widget pixels), with their font size; a label that cannot
    // be drawn readably without covering a printed value is left out.
    struct LabelBox {
        QRectF box;
        QString text;
        QRect cell;
        int pixelSize = 12;
    };
    QList<LabelBox> labelBoxes() const;

protected:
    void paintEvent(QPaintEvent*) override;
    bool eventFilter(QObject* watched, QEvent* e) override;

private:
    QRectF widgetRect(const QRect& cells) const;

    ImageView* view_;
    OverlayMarks marks_;
};

}  // namespace studio
