#include "views/DisplayMapping.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <vector>

namespace studio {

using upsample::DType;
using upsample::Tensor;

PlaneView::PlaneView(const Tensor& t, SliceSelection sel) : tensor_(t), sel_(sel) {
    const int rank = t.rank();
    if (rank < 3 || rank > 5 || t.empty()) return;
    auto clampTo = [](int v, int64_t n) { return static_cast<int>(std::clamp<int64_t>(v, 0, n - 1)); };
    const int64_t n = t.dim(0), c = t.dim(1);
    sel_.batch = clampTo(sel.batch, n);
    if (t.dtype() == DType::Float32) f32_ = t.data<float>();
    else if (t.dtype() == DType::Float64) f64_ = t.data<double>();
    else if (t.dtype() == DType::UInt8) u8_ = t.data<uint8_t>();
    if (rank == 3) {  // (N, C, L): C rows of L values
        height_ = static_cast<int>(c);
        width_ = static_cast<int>(t.dim(2));
        rowStride_ = t.dim(2);
        base_[0] = base_[1] = base_[2] = static_cast<int64_t>(sel_.batch) * c * t.dim(2);
        sel_.rgb = false;
        return;
    }
    const int64_t d = rank == 5 ? t.dim(2) : 1;
    height_ = static_cast<int>(t.dim(rank - 2));
    width_ = static_cast<int>(t.dim(rank - 1));
    rowStride_ = width_;
    sel_.depth = rank == 5 ? clampTo(sel.depth, d) : 0;
    const int64_t plane = static_cast<int64_t>(height_) * width_;
    auto baseOf = [&](int ch) { return ((static_cast<int64_t>(sel_.batch) * c + ch) * d + sel_.depth) * plane; };
    if (sel.rgb && c >= 3) {
        channels_ = 3;
        for (int k = 0; k < 3; ++k) {
            sel_.rgbChannels[k] = clampTo(sel.rgbChannels[k], c);
            base_[k] = baseOf(sel_.rgbChannels[k]);
        }
    } else {
        sel_.rgb = false;
        sel_.channel = clampTo(sel.channel, c);
        base_[0] = base_[1] = base_[2] = baseOf(sel_.channel);
    }
}

QString PlaneView::indexText(int x, int y) const {
    const int rank = tensor_.rank();
    if (rank == 3) return QString("[%1, %2, %3]").arg(sel_.batch).arg(y).arg(x);
    const QString ch = channels_ == 3 ? QString(":") : QString::number(sel_.channel);
    if (rank == 5) return QString("[%1, %2, %3, %4, %5]").arg(sel_.batch).arg(ch).arg(sel_.depth).arg(y).arg(x);
    return QString("[%1, %2, %3, %4]").arg(sel_.batch).arg(ch).arg(y).arg(x);
}

QString colorMapName(ColorMap m) {
    switch (m) {
    case ColorMap::Grey: return "Grey";
    case ColorMap::Viridis: return "Viridis";
    case ColorMap::Turbo: return "Turbo";
    case ColorMap::Diverging: return "Diverging";
    }
    return "Grey";
}

namespace {

using Lut = std::array<QRgb, 256>;

Lut makeGrey() {
    Lut l{};
    for (int i = 0; i < 256; ++i) l[i] = qRgb(i, i, i);
    return l;
}

// Viridis (matplotlib) through nine anchors, linearly blended.
// A map through n evenly spaced anchors, linearly blended.
template <std::size_t N>
Lut blend(const int (&anchors)[N][3]) {
    Lut l{};
    for (int i = 0; i < 256; ++i) {
        const double t = i / 255.0 * (N - 1);
        const int a = std::min(static_cast<int>(N) - 2, static_cast<int>(t));
        const double f = t - a;
        int c[3];
        for (int k = 0; k < 3; ++k) c[k] = static_cast<int>(std::lround(anchors[a][k] * (1 - f) + anchors[a + 1][k] * f));
        l[i] = qRgb(c[0], c[1], c[2]);
    }
    return l;
}

// Viridis (matplotlib) through nine anchors.
Lut makeViridis() {
    static const int anchors[9][3] = {{68, 1, 84},    {71, 44, 122},  {59, 81, 139},   {44, 113, 142}, {33, 144, 141},
                                      {39, 173, 129}, {92, 200, 99},  {170, 220, 50},  {253, 231, 37}};
    return blend(anchors);
}

// Blue - white - red (ColorBrewer RdBu, reversed); the two middle levels are both white, so 0
// on a symmetric range is white.
Lut makeDiverging() {
    static const int anchors[5][3] = {{33, 102, 172}, {146, 197, 222}, {255, 255, 255}, {244, 165, 130}, {178, 24, 43}};
    Lut l = blend(anchors);
    l[127] = l[128] = qRgb(255, 255, 255);
    return l;
}

// Turbo (Google), from its published polynomial approximation.
Lut makeTurbo() {
    Lut l{};
    for (int i = 0; i < 256; ++i) {
        const double x = i / 255.0;
        const double r = 0.13572138 + x * (4.61539260 + x * (-42.66032258 + x * (132.13108234 + x * (-152.94239396 + x * 59.28637943))));
        const double g = 0.09140261 + x * (2.19418839 + x * (4.84296658 + x * (-14.18503333 + x * (4.27729857 + x * 2.82956604))));
        const double b = 0.10667330 + x * (12.64194608 + x * (-60.58204836 + x * (110.36276771 + x * (-89.90310912 + x * 27.34824973))));
        auto to8 = [](double v) { return static_cast<int>(std::lround(std::clamp(v, 0.0, 1.0) * 255.0)); };
        l[i] = qRgb(to8(r), to8(g), to8(b));
    }
    return l;
}

const Lut& lutFor(ColorMap m) {
    static const Lut grey = makeGrey(), viridis = makeViridis(), turbo = makeTurbo(), diverging = makeDiverging();
    switch (m) {
    case ColorMap::Diverging: return diverging;
    case ColorMap::Viridis: return viridis;
    case ColorMap::Turbo: return turbo;
    default: return grey;
    }
}

}  // namespace

DisplayMapping::DisplayMapping(double low, double high, ColorMap map) : map_(map) {
    const auto r = usableRange(low, high);
    low_ = r.first;
    high_ = r.second;
}

std::pair<double, double> DisplayMapping::usableRange(double low, double high) {
    if (!std::isfinite(low) || !std::isfinite(high)) return {0.0, 1.0};
    if (low > high) std::swap(low, high);
    if (low == high) {
        low = std::min(low, 0.0);
        high = std::max(high, 0.0);
        if (low == high) high = low + 1.0;
    }
    return {low, high};
}

double DisplayMapping::position(double v) const {
    if (deadZone_ > 0 && std::fabs(v) <= deadZone_) v = 0;
    if (logLinear_ > 0) {
        auto f = [&](double x) { return std::copysign(std::log1p(std::fabs(x) / logLinear_), x); };
        return (f(v) - f(low_)) / (f(high_) - f(low_));
    }
    return (v - low_) / (high_ - low_);
}

int DisplayMapping::level(double v) const {
    const double t = position(v) * 255.0;
    if (!(t > 0.0)) return 0;
    if (t >= 255.0) return 255;
    return static_cast<int>(t + 0.5);
}

QRgb DisplayMapping::mapValue(double v) const {
    if (std::isnan(v)) return nanColor();
    if (std::isinf(v)) return v > 0 ? posInfColor() : negInfColor();
    return lutFor(map_)[static_cast<std::size_t>(level(v))];
}

QRgb DisplayMapping::mapRgb(double r, double g, double b) const {
    if (std::isnan(r) || std::isnan(g) || std::isnan(b)) return nanColor();
    if (std::isinf(r) || std::isinf(g) || std::isinf(b))
        return (r < 0 || g < 0 || b < 0) && !(r > 0 || g > 0 || b > 0) ? negInfColor() : posInfColor();
    return qRgb(level(r), level(g), level(b));
}

QRgb DisplayMapping::mapPixel(const PlaneView& p, int x, int y) const {
    if (p.channels() == 3) return mapRgb(p.value(x, y, 0), p.value(x, y, 1), p.value(x, y, 2));
    return mapValue(p.value(x, y));
}

DisplayMapping::NonFinite DisplayMapping::nonFinite(const PlaneView& p, int x, int y) {
    bool nan = false, pos = false, neg = false, positive = false;
    for (int c = 0; c < p.channels(); ++c) {
        const double v = p.value(x, y, c);
        nan = nan || std::isnan(v);
        pos = pos || v == std::numeric_limits<double>::infinity();
        neg = neg || v == -std::numeric_limits<double>::infinity();
        positive = positive || v > 0;
    }
    if (nan) return NonFinite::NaN;
    if (neg && !positive) return NonFinite::NegInf;  // as mapRgb: -inf only when nothing is positive
    if (pos || neg) return NonFinite::PosInf;
    return NonFinite::None;
}

QRgb DisplayMapping::patternColor(NonFinite kind, int i, int j) {
    constexpr int kCell = 3;  // screen pixels per checker cell and per stripe
    switch (kind) {
    case NonFinite::NaN: return ((i / kCell + j / kCell) % 2 == 0) ? nanColor() : qRgb(0, 0, 0);
    case NonFinite::PosInf: return (((i + j) / kCell) % 2 == 0) ? posInfColor() : qRgb(0, 0, 0);
    case NonFinite::NegInf: return (((i - j + 4096 * kCell) / kCell) % 2 == 0) ? negInfColor() : qRgb(255, 255, 255);
    case NonFinite::None: break;
    }
    return qRgb(0, 0, 0);
}

QImage DisplayMapping::render(const PlaneView& p, QSize out, double x0, double y0, double dx, double dy,
                              QRgb background) const {
    QImage img(out, QImage::Format_RGB32);
    if (img.isNull()) return img;
    std::vector<int> cols(static_cast<std::size_t>(out.width()));
    for (int i = 0; i < out.width(); ++i) {
        const double x = std::floor(x0 + (i + 0.5) * dx);
        cols[static_cast<std::size_t>(i)] = (x >= 0 && x < p.width()) ? static_cast<int>(x) : -1;
    }
    for (int j = 0; j < out.height(); ++j) {
        auto* line = reinterpret_cast<QRgb*>(img.scanLine(j));
        const double yf = std::floor(y0 + (j + 0.5) * dy);
        if (!(yf >= 0 && yf < p.height())) {
            std::fill(line, line + out.width(), background);
            continue;
        }
        const int y = static_cast<int>(yf);
        int lastX = -2;
        QRgb last = background;
        NonFinite kind = NonFinite::None;
        for (int i = 0; i < out.width(); ++i) {
            const int x = cols[static_cast<std::size_t>(i)];
            if (x != lastX) {
                kind = x < 0 ? NonFinite::None : nonFinite(p, x, y);
                last = x < 0 ? background : mapPixel(p, x, y);
                lastX = x;
            }
            line[i] = kind == NonFinite::None ? last : patternColor(kind, i, j);
        }
    }
    return img;
}

std::optional<std::pair<double, double>> DisplayMapping::finiteRange(const PlaneView& p) {
    bool any = false;
    double lo = 0, hi = 0;
    for (int k = 0; k < p.channels(); ++k)
        for (int y = 0; y < p.height(); ++y)
            for (int x = 0; x < p.width(); ++x) {
                const double v = p.value(x, y, k);
                if (!std::isfinite(v)) continue;
                if (!any) {
                    lo = hi = v;
                    any = true;
                } else {
                    lo = std::min(lo, v);
                    hi = std::max(hi, v);
                }
            }
    if (!any) return std::nullopt;
    return std::make_pair(lo, hi);
}

}  // namespace studio
