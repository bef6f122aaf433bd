// A colour bar for a display mapping: the colours from low to high with the values at both ends
// and at zero when the range spans it. A widget for windows and a paint function for exports.
#pragma once

#include "views/DisplayMapping.hpp"

#include <QFontMetrics>
#include <QRect>
#include <QWidget>

#include <vector>

namespace studio {

class ColorLegend : public QWidget {
    Q_OBJECT
public:
    explicit ColorLegend(QWidget* parent = nullptr);

    void setMapping(const DisplayMapping& mapping, upsample::DType dtype, const QString& title);
    const DisplayMapping& mapping() const { return mapping_; }

    // Where paint() puts things: the title on the left, the bar right of it in the upper part of
    // `r`, the end values under the bar's ends (inside its width), 0 where it fits between them,
    // and the threshold's band (|v| <= t draws as 0), hatched over the colours.
    struct Tick {
        double value = 0;
        int x = 0;
        QString text;
        QRect label;
    };
    struct Layout {
        QRect title, bar, deadZone;
        std::vector<Tick> ticks;  // low, [0,] high
    };
    static Layout layout(const QFontMetrics& fm, const QRect& r, const DisplayMapping& mapping, upsample::DType dtype,
                         const QString& title);
    // The bar in the upper part of `r`, the values under it, the title on the left.
    static void paint(QPainter& p, const QRect& r, const DisplayMapping& mapping, upsample::DType dtype,
                      const QString& title);

    QSize sizeHint() const override { return {420, 44}; }

protected:
    void paintEvent(QPaintEvent*) override;

private:
    DisplayMapping mapping_;
    upsample::DType dtype_ = upsample::DType::Float32;
    QString title_;
};

}  // namespace studio
