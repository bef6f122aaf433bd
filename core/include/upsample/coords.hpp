// Small pure coordinate helpers: the one source of truth for where an output index reads from.
// The CPU kernels, the OpenCL tables, the pixel inspector and the shape explainer all use them.
//
// Note on the convention (after PyTorch's aten/src/ATen/native/UpSample.h):
//  * Pixel d of an axis covers [d, d+1) and has its centre at d + 0.5.
//  * align_corners=False maps centres to centres: x = (d + 0.5) * scale - 0.5, where
//    scale = 1/scale_factor when a scale_factor is passed on to the kernel, else in/out.
//    The linear modes clamp x at 0; bicubic does not (its taps are clamped instead).
//  * align_corners=True maps the first and last centres onto each other:
//    x = d * (in-1)/(out-1) (0 when out == 1), whatever the scale_factor.
//  * nearest takes floor(d * scale) (OpenCV's INTER_NEAREST, shifted by half a pixel);
//    nearest-exact takes floor((d + 0.5) * scale) (Pillow, scikit-image).
//  * area averages the window [floor(d*in/out), ceil((d+1)*in/out)) (adaptive average pooling).
// T is the tensor's scalar type: PyTorch computes coordinates and weights in float for float32
// tensors and in double for float64, and so do we, expression by expression, so that the
// rounding is the same. Index math of nearest goes through floorf as PyTorch's does.
// The PyTorch versions differ in the linear family and bicubic (semantics.hpp): the older one
// computes the source coordinate in double (acc_type) and rounds only the weight to T
// (IndexPrecision::Accumulate); the newer computes it in T ("opmath") and clamps the index to
// in - 1 and the weight to [0, 1] (IndexPrecision::Opmath). The helpers take the precision as a
// template parameter.
#pragma once

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <optional>

#include "upsample/semantics.hpp"

namespace upsample::coords {

// The scale the kernel derives from a passed-on scale_factor (1/s) or from the sizes (in/out).
template <class T>
inline T computeScalesValue(std::optional<double> scale, int64_t in, int64_t out) {
    return (scale.has_value() && *scale > 0.) ? static_cast<T>(1.0 / *scale)
                                              : static_cast<T>(in) / static_cast<T>(out);
}

// The coordinate scale of an axis: (in-1)/(out-1) with align_corners, else computeScalesValue.
template <class T>
inline T areaPixelComputeScale(int64_t in, int64_t out, bool alignCorners, std::optional<double> scale) {
    if (alignCorners) return out > 1 ? static_cast<T>(in - 1) / static_cast<T>(out - 1) : T(0);
    return computeScalesValue<T>(scale, in, out);
}

// Source coordinate of output index d (linear modes clamp at 0, cubic does not).
template <class T>
inline T areaPixelComputeSourceIndex(T scale, int64_t d, bool alignCorners, bool cubic) {
    if (alignCorners) return scale * static_cast<T>(d);
    // Evaluated in double as one fused multiply-add, as PyTorch's compiled kernels do: it
    // decides whether x lands exactly on an integer (t = 0, zero weights) or a hair below.
    const T src = static_cast<T>(std::fma(static_cast<double>(scale), static_cast<double>(d) + 0.5, -0.5));
    return (!cubic && src < T(0)) ? T(0) : src;
}

// nearest: floor(d * scale), clamped to the last input index. PyTorch 1.13's generic CPU
// kernel uses this formula always; its channels-last kernels (taken for channels-last
// contiguous inputs, such as C == 1) use nearestIdx, which copies when out == in and takes
// d >> 1 when out == 2 * in, whatever the scale_factor.
template <class T>
inline int64_t nearestSourceIndex(T scale, int64_t d, int64_t in) {
    const T real = areaPixelComputeSourceIndex<T>(scale, d, /*alignCorners=*/true, false);
    const auto idx = static_cast<int64_t>(std::floor(static_cast<float>(real)));
    return std::min(idx, in - 1);
}
inline int64_t nearestIdx(int64_t d, int64_t in, int64_t out, std::optional<double> scale) {
    if (out == in) return d;
    if (out == 2 * in) return d >> 1;
    const float s = computeScalesValue<float>(scale, in, out);
    return std::min(static_cast<int64_t>(std::floor(static_cast<float>(d) * s)), in - 1);
}

// nearest-exact: floor((d + 0.5) * scale), clamped to the last input index. The generic
// kernel computes x = (d + 0.5) * scale - 0.5 clamped at 0, then floor(x + 0.5); the
// channels-last kernels nearestExactIdx: floor((d + 0.5) * scale) with a float scale.
template <class T>
inline int64_t nearestExactSourceIndex(T scale, int64_t d, int64_t in) {
    const T real = areaPixelComputeSourceIndex<T>(scale, d, /*alignCorners=*/false, false);
    const auto idx = static_cast<int64_t>(std::floor(static_cast<float>(real + 0.5)));
    return std::min(idx, in - 1);
}
inline int64_t nearestExactIdx(int64_t d, int64_t in, int64_t out, std::optional<double> scale) {
    const float s = computeScalesValue<float>(scale, in, out);
    return std::min(static_cast<int64_t>(std::floor(static_cast<float>((d + 0.5) * s))), in - 1);
}

// linear family: two taps i0, i1 with weights l0, l1. out == in copies (PyTorch's shortcut).
// Accumulate (the older version): the scale is rounded to T but the source coordinate is computed
// in double, and only the weight is rounded back to T; the first tap is clamped to the last input,
// and its weight to 1, as newer PyTorch does: with align_corners=True and an axis longer than 2^24,
// the float scale (in-1)/(out-1) rounds up and x can reach `in`, where the older version reads one
// element past the end (pastEnd says so). Wherever x stays inside the axis the result is its own.
// Opmath (the newer version): x in T, i0 = min(floorf(x), in - 1), l1 = clamp(x - i0, 0, 1) in T
// (guard_index_and_lambda).
template <class T>
struct LinearTaps {
    int64_t i0, i1;
    T l0, l1;
    double source;  // the source coordinate x (after the clamp at 0)
    bool pastEnd;   // the older version reads input floor(x) >= in here (we read in - 1)
};
template <class T, IndexPrecision P = IndexPrecision::Accumulate>
inline LinearTaps<T> linearTaps(T scale, int64_t d, int64_t in, int64_t out, bool alignCorners) {
    if (out == in) return {d, d, T(1), T(0), static_cast<double>(d), false};
    if constexpr (P == IndexPrecision::Opmath) {
        const T real = areaPixelComputeSourceIndex<T>(scale, d, alignCorners, /*cubic=*/false);
        const int64_t i0 = std::min(static_cast<int64_t>(std::floor(static_cast<float>(real))), in - 1);
        const T l1 = std::min(std::max(real - static_cast<T>(i0), T(0)), T(1));
        const int64_t i1 = i0 + ((i0 < in - 1) ? 1 : 0);
        return {i0, i1, static_cast<T>(T(1) - l1), l1, static_cast<double>(real), false};
    } else {
        const double real = areaPixelComputeSourceIndex<double>(scale, d, alignCorners, /*cubic=*/false);
        const auto floorIndex = static_cast<int64_t>(real);
        const bool pastEnd = floorIndex > in - 1;
        const int64_t i0 = pastEnd ? in - 1 : floorIndex;
        const int64_t i1 = i0 + ((i0 < in - 1) ? 1 : 0);
        const T l1 = pastEnd ? T(1) : static_cast<T>(real - static_cast<double>(i0));
        const T l0 = static_cast<T>(1.) - l1;
        return {i0, i1, l0, l1, real, pastEnd};
    }
}

// Cubic convolution (Keys) with parameter A; PyTorch uses A = -0.75 without antialias.
template <class T>
inline T cubicConvolution1(T x, T A) { return ((A + 2) * x - (A + 3)) * x * x + 1; }
template <class T>
inline T cubicConvolution2(T x, T A) { return ((A * x - 5 * A) * x + 8 * A) * x - 4 * A; }
// The same as PyTorch's compiled CPU kernels evaluate them for plain bicubic (GCC contracts with
// -ffp-contract=fast; float and double, 1.13 and 2.14 alike, measured): k1's first step and k2's
// first two are fused multiply-adds, every other product and sum rounded on its own.
template <class T>
inline T cubicConvolution1Fused(T x, T A) { return std::fma(A + 2, x, -(A + 3)) * x * x + 1; }
template <class T>
inline T cubicConvolution2Fused(T x, T A) { return std::fma(std::fma(A, x, -5 * A), x, 8 * A) * x - 4 * A; }

// bicubic: four taps floor(x)-1 .. floor(x)+2, each clamped to [0, in-1]. Accumulate: the
// coordinate is computed in double from the T-rounded scale (as for the linear modes), t is
// rounded to T. Opmath: the coordinate in T, the index clamped to in - 1 and t to [0, 1].
template <class T>
struct CubicTaps {
    int64_t index[4];
    T weight[4];
    double source;  // the source coordinate x (not clamped)
    T t;            // x - floor(x)
};
// The weights of taps floor(x)-1 .. floor(x)+2 for t = x - floor(x), as PyTorch computes them
// (get_cubic_upsample_coefficients, contracted: cubicConvolution1Fused / 2Fused).
template <class T>
inline void cubicWeights(T t, T* w) {
    const T A = static_cast<T>(-0.75);
    w[0] = cubicConvolution2Fused<T>(static_cast<T>(t + 1.0), A);
    w[1] = cubicConvolution1Fused<T>(t, A);
    const T t2 = static_cast<T>(1.0 - t);
    w[2] = cubicConvolution1Fused<T>(t2, A);
    w[3] = cubicConvolution2Fused<T>(static_cast<T>(t2 + 1.0), A);
}
template <class T, IndexPrecision P = IndexPrecision::Accumulate>
inline CubicTaps<T> cubicTaps(T scale, int64_t d, int64_t in, bool alignCorners) {
    CubicTaps<T> c{};
    int64_t i = 0;
    if constexpr (P == IndexPrecision::Opmath) {
        const T real = areaPixelComputeSourceIndex<T>(scale, d, alignCorners, /*cubic=*/true);
        i = std::min(static_cast<int64_t>(std::floor(static_cast<float>(real))), in - 1);
        c.t = std::min(std::max(real - static_cast<T>(i), T(0)), T(1));
        c.source = static_cast<double>(real);
    } else {
        const double real = areaPixelComputeSourceIndex<double>(scale, d, alignCorners, /*cubic=*/true);
        i = static_cast<int64_t>(std::floor(static_cast<float>(real)));
        c.t = static_cast<T>(real - static_cast<double>(i));
        c.source = real;
    }
    cubicWeights<T>(c.t, c.weight);
    for (int j = 0; j < 4; ++j) c.index[j] = std::max<int64_t>(std::min<int64_t>(i - 1 + j, in - 1), 0);
    return c;
}

// The same with the precision chosen at run time (the inspector and the explainer).
template <class T>
inline LinearTaps<T> linearTapsFor(IndexPrecision p, T scale, int64_t d, int64_t in, int64_t out, bool alignCorners) {
    return p == IndexPrecision::Opmath ? linearTaps<T, IndexPrecision::Opmath>(scale, d, in, out, alignCorners)
                                       : linearTaps<T, IndexPrecision::Accumulate>(scale, d, in, out, alignCorners);
}
template <class T>
inline CubicTaps<T> cubicTapsFor(IndexPrecision p, T scale, int64_t d, int64_t in, bool alignCorners) {
    return p == IndexPrecision::Opmath ? cubicTaps<T, IndexPrecision::Opmath>(scale, d, in, alignCorners)
                                       : cubicTaps<T, IndexPrecision::Accumulate>(scale, d, in, alignCorners);
}

// area: the input window [start, end) of output d (integer arithmetic, no overflow for
// sizes below 2^31).
inline int64_t areaStart(int64_t d, int64_t in, int64_t out) { return (d / out) * in + ((d % out) * in) / out; }
inline int64_t areaEnd(int64_t d, int64_t in, int64_t out) { return 1 + ((d + 1) * in - 1) / out; }

// antialias filters: the triangle (bilinear) and Keys' cubic with a = -0.5 (bicubic).
template <class T>
inline T aaFilterLinear(T x) {
    if (x < 0.0) x = -x;
    if (x < 1.0) return static_cast<T>(1.0 - x);
    return static_cast<T>(0.0);
}
// The cubic in the version's form (CubicFilterForm): DoublePolynomial evaluates in double and
// rounds once; Convolution evaluates cubic_convolution1/2 with A = -0.5 in T.
template <class T>
inline T aaFilterCubic(T x) {
    x = std::abs(x);
    constexpr double a = -0.5;
    if (x < 1.0) return static_cast<T>(((a + 2.0) * x - (a + 3.0)) * x * x + 1);
    if (x < 2.0) return static_cast<T>((((x - 5) * x + 8) * x - 4) * a);
    return static_cast<T>(0.0);
}
template <class T>
inline T aaFilterCubicConvolution(T x) {
    x = std::abs(x);
    const T a = static_cast<T>(-0.5);
    if (x < T(1)) return cubicConvolution1<T>(x, a);
    if (x < T(2)) return cubicConvolution2<T>(x, a);
    return T(0);
}

// antialias geometry of an axis: support and the most taps an output can have.
template <class T>
struct AaAxis {
    T scale;
    T support;
    T invScale;
    int maxTaps;
};
// The window geometry of a filter with half-width `support` (filters.hpp) at this scale.
template <class T>
inline AaAxis<T> windowAxis(T scale, double support) {
    AaAxis<T> a{};
    a.scale = scale;
    a.support = (a.scale >= 1.0) ? static_cast<T>(support * a.scale) : static_cast<T>(support);
    a.invScale = (a.scale >= 1.0) ? static_cast<T>(1.0 / a.scale) : T(1.0);
    a.maxTaps = static_cast<int>(std::ceil(static_cast<float>(a.support))) * 2 + 1;
    return a;
}
// antialias: the scale as PyTorch computes it (in/out, or 1/scale_factor), the filter's support.
template <class T>
inline AaAxis<T> aaAxis(int64_t in, int64_t out, bool alignCorners, std::optional<double> s, double support) {
    return windowAxis<T>(areaPixelComputeScale<T>(in, out, alignCorners, s), support);
}

// antialias taps of output d: first index xmin, count xsize, and (unnormalised) centre.
template <class T>
struct AaWindow {
    int64_t xmin, xsize;
    T center;
};
template <class T>
inline AaWindow<T> aaWindow(const AaAxis<T>& a, int64_t d, int64_t in) {
    const T center = static_cast<T>(a.scale * (d + 0.5));
    const int64_t xmin = std::max(static_cast<int64_t>(center - a.support + 0.5), int64_t{0});
    const int64_t xsize = std::min(static_cast<int64_t>(center + a.support + 0.5), in) - xmin;
    // Rounding can make the window one tap wider than maxTaps, or empty past the end; newer
    // PyTorch clamps it (PyTorch 1.13 does not, and writes past its weight buffer).
    return {std::min(xmin, in - 1), std::clamp<int64_t>(xsize, 0, a.maxTaps), center};
}

// The normalised weights of an antialias window, written to w[0 .. xsize).
template <class T, class Filter>
inline void aaWeights(const AaAxis<T>& a, const AaWindow<T>& win, Filter filter, T* w) {
    T total = 0.0;
    for (int64_t j = 0; j < win.xsize; ++j) {
        const T v = filter(static_cast<T>((static_cast<T>(j + win.xmin) - win.center + 0.5) * a.invScale));
        w[j] = v;
        total += v;
    }
    for (int64_t j = 0; j < win.xsize; ++j)
        if (total != 0.0) w[j] /= total;
}

}  // namespace upsample::coords
