#include "views/ValueFormat.hpp"

#include <charconv>
#include <cmath>

namespace studio {

namespace {
QString shortest(double v, upsample::DType dtype) {
    char buf[64];
    std::to_chars_result r;
    if (dtype == upsample::DType::Float32) r = std::to_chars(buf, buf + sizeof buf, static_cast<float>(v));
    else r = std::to_chars(buf, buf + sizeof buf, v);
    return QString::fromLatin1(buf, static_cast<int>(r.ptr - buf));
}
}  // namespace

QString formatValue(double v, upsample::DType dtype) {
    if (std::isnan(v)) return "nan";
    if (std::isinf(v)) return v > 0 ? "inf" : "-inf";
    return shortest(v, dtype);
}

QString formatValueCompact(double v, upsample::DType dtype, int maxChars) {
    QString s = formatValue(v, dtype);
    if (s.size() <= maxChars) return s;
    for (int digits = 6; digits >= 1; --digits) {
        s = QString::number(v, 'g', digits);
        if (s.size() <= maxChars) return s;
    }
    return QString();
}

}  // namespace studio
