// Text for tensor values: the shortest digits that read back to the same float32 (or float64)
// value, as NumPy prints a scalar (0.1, 1.7, 255, nan, inf).
#pragma once

#include "upsample/tensor.hpp"

#include <QString>

namespace studio {

QString formatValue(double v, upsample::DType dtype);
// At most maxChars characters (for drawing inside a pixel): the shortest form when it fits,
// else fewer significant digits (e.g. 0.33333334 -> 0.3333). Empty when nothing fits.
QString formatValueCompact(double v, upsample::DType dtype, int maxChars);

}  // namespace studio
