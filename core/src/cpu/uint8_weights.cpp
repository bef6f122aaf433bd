// The fixed-point filters of the uint8 path (fixed_point.hpp), computed in double as PyTorch 2.x
// computes them. Its kernels are compiled for AVX2/AVX-512 with FMA and GCC contracts a * b + c
// into one fused multiply-add; the filters below are written with std::fma where it does, so the
// double weights (and so their int16 rounding) are the same.
#include "upsample/coords.hpp"
#include "upsample/fixed_point.hpp"
#include "upsample/spec.hpp"

#include <algorithm>
#include <cmath>

namespace upsample::fixedpoint {

namespace {

double triangle(double x) {
    x = std::abs(x);
    return x < 1.0 ? 1.0 - x : 0.0;
}

// Keys' cubic convolution with parameter a (-0.5 with antialias, -0.75 without).
double keys(double x, double a) {
    x = std::abs(x);
    if (x < 1.0) return std::fma(std::fma(a + 2, x, -(a + 3)) * x, x, 1.0);
    if (x < 2.0) return std::fma(std::fma(std::fma(a, x, -5 * a), x, 8 * a), x, -4 * a);
    return 0.0;
}

double filterAt(double x, bool cubic, bool antialias) {
    if (!cubic) return triangle(x);
    return keys(x, antialias ? -0.5 : -0.75);
}

// antialias: the window around centre = scale * (d + 0.5), weights filter(x) normalised by their
// sum. Returns the largest normalised weight of the output (0 when the weights sum to 0).
template <class Filter>
double windowAntialias(AxisFilter& f, int64_t d, double support, Filter filter) {
    const double center = f.scale * (static_cast<double>(d) + 0.5);
    const double invscale = f.scale >= 1.0 ? 1.0 / f.scale : 1.0;
    const int64_t lo = std::max(static_cast<int64_t>(center - support + 0.5), int64_t{0});
    int64_t n = std::min(static_cast<int64_t>(center + support + 0.5), f.in) - lo;
    n = std::clamp<int64_t>(n, 0, f.taps);
    double* w = f.weights.data() + d * f.taps;
    double total = 0.0;
    for (int64_t j = 0; j < n; ++j) {
        w[j] = filter((static_cast<double>(j + lo) - center + 0.5) * invscale);
        total += w[j];
    }
    double wmax = 0.0;
    if (total != 0.0)
        for (int64_t j = 0; j < n; ++j) {
            w[j] /= total;
            wmax = std::max(wmax, w[j]);
        }
    f.start[static_cast<std::size_t>(d)] = lo;
    f.count[static_cast<std::size_t>(d)] = n;
    return wmax;
}

// No antialias: the linear family's / bicubic's source coordinate, taps index-support+1 ..
// index+support, the ones outside the axis folded into the edge taps. Returns the largest value
// any weight takes while folding.
double windowPlain(AxisFilter& f, int64_t d, bool alignCorners, bool cubic) {
    const double real = coords::areaPixelComputeSourceIndex<double>(f.scale, d, alignCorners, cubic);
    const int64_t index = std::min(static_cast<int64_t>(std::floor(static_cast<float>(real))), f.in - 1);
    const double lambda = std::min(std::max(real - static_cast<double>(index), 0.0), 1.0);
    const int64_t support = f.taps / 2;
    const int64_t unboundMin = index - support + 1;
    const int64_t lo = std::max<int64_t>(unboundMin, 0);
    const int64_t n = std::clamp<int64_t>(std::min(index + support + 1, f.in) - lo, 0, f.taps);
    double* w = f.weights.data() + d * f.taps;
    double wmax = 0.0;
    int64_t k = 0;
    for (int64_t j = 0; j < f.taps; ++j) {
        w[j] = 0.0;
        const double v = filterAt(static_cast<double>(j + 1 - support) - lambda, cubic, false);
        if (unboundMin + j <= 0) k = 0;
        else if (unboundMin + j >= f.in - 1) k = n - 1;
        w[k] += v;
        wmax = std::max(wmax, w[k]);
        ++k;
    }
    f.start[static_cast<std::size_t>(d)] = lo;
    f.count[static_cast<std::size_t>(d)] = n;
    return wmax;
}

// The largest p <= 22 with round(wmax * 2^(p+1)) < 2^15.
unsigned precisionFor(double wmax) {
    unsigned p = 0;
    for (; p < 22; ++p)
        if (static_cast<int>(0.5 + wmax * static_cast<double>(1 << (p + 1))) >= (1 << 15)) break;
    return p;
}

}  // namespace

AxisFilter axisFilter(int64_t in, int64_t out, bool alignCorners, std::optional<double> scale, bool cubic,
                      bool antialias, const SeparableFilter* windowed) {
    AxisFilter f;
    f.in = in;
    f.out = out;
    f.scale = coords::areaPixelComputeScale<double>(in, out, alignCorners, scale);
    const int size = cubic ? 4 : 2;
    double support = windowed ? windowed->support : size * 0.5;
    if (antialias) {
        if (f.scale >= 1.0) support *= f.scale;
        f.taps = static_cast<int>(std::ceil(support)) * 2 + 1;
    } else {
        f.taps = size;
    }
    const auto n = static_cast<std::size_t>(out);
    f.start.assign(n, 0);
    f.count.assign(n, 0);
    f.weights.assign(n * static_cast<std::size_t>(f.taps), 0.0);
    double wmax = 0.0;
    for (int64_t d = 0; d < out; ++d)
        wmax = std::max(wmax, windowed    ? windowAntialias(f, d, support, windowed->evalDouble)
                              : antialias ? windowAntialias(f, d, support, [cubic](double x) { return filterAt(x, cubic, true); })
                                          : windowPlain(f, d, alignCorners, cubic));
    f.precision = precisionFor(wmax);
    const double unit = static_cast<double>(1 << f.precision);
    f.fixed.resize(f.weights.size());
    for (std::size_t i = 0; i < f.weights.size(); ++i) {
        const double v = f.weights[i] * unit;
        f.fixed[i] = static_cast<int16_t>(v < 0 ? static_cast<int>(-0.5 + v) : static_cast<int>(0.5 + v));
    }
    return f;
}

bool takesFixedPoint(const ResolvedSpec& spec) {
    const ModeDescriptor& m = describe(spec.mode);
    return spec.semantics->uint8FixedPoint && spec.spatialDims == 2 && m.sampling == Sampling::Taps &&
           (m.filter == FilterKind::Linear || m.filter == FilterKind::Cubic || m.filter == FilterKind::Lanczos);
}

bool repeatsFirstRow(const ResolvedSpec& spec) {
    // PyTorch's vectorised uint8 kernel (C <= 4) reads them with their stride; the generic one does not.
    return spec.semantics->antialiasWidthOneRepeatsFirstRow && spec.inputShape[1] > 4 && spec.outSize(1) == 1 &&
           spec.inSize(0) != spec.outSize(0);
}

Filters filtersOf(const ResolvedSpec& spec) {
    const bool cubic = describe(spec.mode).filter == FilterKind::Cubic;
    // a filter that only windows (lanczos): its own function in double (no FMA contraction to follow)
    const SeparableFilter* windowed =
        describe(spec.mode).filter == FilterKind::Lanczos ? describe(spec.mode).antialiasFilter : nullptr;
    Filters f;
    const auto make = [&](int d) {
        if (spec.inSize(d) == spec.outSize(d)) {
            AxisFilter same;
            same.in = same.out = spec.inSize(d);
            return same;
        }
        return axisFilter(spec.inSize(d), spec.outSize(d), spec.alignCorners, spec.scales[static_cast<std::size_t>(d)],
                          cubic, spec.antialias, windowed);
    };
    f.h = make(0);
    f.w = make(1);
    return f;
}

}  // namespace upsample::fixedpoint
