#include "views/ValueFormat.hpp"

#include <charconv>
#include <cmath>

namespace studio {

namespace {
// bfloat16: the fewest significant digits that read back as the same bfloat16 (as PyTorch prints
// 0.1001 for the bfloat16 nearest 0.1, 0.10009765625).
QString shortestBFloat16(double v) {
    const uint16_t bits = upsample::floatToBFloat16(static_cast<float>(v));
    char buf[64];
    for (int digits = 1; digits < 17; ++digits) {
        const auto r = std::to_chars(buf, buf + sizeof buf, v, std::chars_format::general, digits);
        double back = 0.0;  // v to `digits` significant digits, then written as the shortest double
        std::from_chars(buf, r.ptr, back);
        if (upsample::floatToBFloat16(static_cast<float>(back)) != bits) continue;
        const auto w = std::to_chars(buf, buf + sizeof buf, back);
        return QString::fromLatin1(buf, static_cast<int>(w.ptr - buf));
    }
    return QString::number(v, 'g', 17);
}

QString shortest(double v, upsample::DType dtype) {
    if (dtype == upsample::DType::BFloat16) return shortestBFloat16(v);
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
