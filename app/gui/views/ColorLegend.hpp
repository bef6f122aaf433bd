// A colour bar for a display mapping: the colours from low to high with the values at both ends
// and at zero when the range spans it. A widget for windows and a paint function for exports.
#pragma once

#include "views/DisplayMapping.hpp"

#include <QWidget>

namespace studio {

class ColorLegend : public QWidget {
    Q_OBJECT
public:
    explicit ColorLegend(QWidget* parent = nullptr);

    void setMapping(const DisplayMapping& mapping, upsample::DType dtype, const QString& title);
    const DisplayMapping& mapping() const { return mapping_; }

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
