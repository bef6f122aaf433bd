// Separable filters: the functions antialias weights a window of input pixels with (PyTorch's
// bilinear, bicubic and lanczos with antialias=True) and the ones other libraries resample with
// (Pillow's BOX, BILINEAR, HAMMING, BICUBIC, LANCZOS). One description each, read by the mode
// table (modes.hpp), the inspector and explainer (the filter named, its support), and the
// conventions (conventions/pillow.cpp); the window they are applied over is windowTable().
#pragma once

#include "upsample/semantics.hpp"

#include <cstdint>
#include <string_view>
#include <vector>

namespace upsample {

template <class T>
struct AxisTable;  // taps.hpp

struct SeparableFilter {
    std::string_view name;     // "triangle", "Keys cubic", "Lanczos-3"
    std::string_view formula;  // the function of x, ASCII: "1 - |x|"
    // Half-width in input pixels at scale 1 (1 triangle, 2 cubic, 3 Lanczos-3); the window covers
    // support * max(scale, 1) input pixels either side of the centre.
    double support;
    bool negativeLobes;              // can weight a tap below 0 (overshoot at edges)
    std::string_view parameterName;  // "a" (Keys), "lobes" (Lanczos), empty for none
    double parameter;
    // The function in the precision of the tensor: float for float32, double for float64.
    float (*evalFloat)(float);
    double (*evalDouble)(double);
    // The form a version with CubicFilterForm::DoublePolynomial evaluates, or nullptr when the same.
    const SeparableFilter* polynomialForm;

    template <class T>
    T operator()(T x) const {
        if constexpr (sizeof(T) == sizeof(float)) return evalFloat(x);
        else return evalDouble(x);
    }
    // Taps per output at scale <= 1 (2 * support): PyTorch's interp_size.
    int taps() const { return static_cast<int>(2 * support); }
    // The form the version evaluates (polynomialForm where it says so, else this filter).
    const SeparableFilter& in(const Semantics& s) const;
    // "Lanczos-3 (lobes 3, support 3)", "Keys cubic (a = -0.5, support 2)", "triangle (support 1)".
    std::string label() const;
};

const SeparableFilter& triangleFilter();  // 1 - |x|: bilinear antialias, Pillow BILINEAR
const SeparableFilter& keysCubicFilter();  // a = -0.5: bicubic antialias, Pillow BICUBIC
// Keys' cubic with a = -0.75: PyTorch's bicubic without antialias (4 taps around the position,
// clamped to the axis, not a window), OpenCV's INTER_CUBIC.
const SeparableFilter& keysCubicSharpFilter();
// Keys' cubic (a = -0.5) in double, unfused: Pillow's BICUBIC (built without FMA).
const SeparableFilter& keysCubicUnfusedFilter();
const SeparableFilter& lanczos3Filter();   // sinc(x) sinc(x/3): lanczos, Pillow LANCZOS
const SeparableFilter& boxFilter();        // Pillow BOX
const SeparableFilter& hammingFilter();    // Pillow HAMMING
// Every filter above.
const std::vector<const SeparableFilter*>& separableFilters();

// The windowed table of one axis (PyTorch's antialias scheme, which it took from Pillow): output d
// reads the inputs around centre = scale * (d + 0.5), window [(int)(centre - support' + 0.5),
// (int)(centre + support' + 0.5)) clipped to the axis, support' = support * max(scale, 1), weights
// filter((j - centre + 0.5) / max(scale, 1)) normalised by their sum, all in T.
template <class T>
AxisTable<T> windowTable(int64_t in, int64_t out, T scale, const SeparableFilter& filter);

}  // namespace upsample
