// The separable filters (filters.hpp) and the window table they are applied over.
#include "upsample/filters.hpp"

#include "upsample/coords.hpp"
#include "upsample/taps.hpp"

#include <algorithm>
#include <cmath>
#include <numbers>
#include <string>

namespace upsample {

namespace {

template <class T>
T triangle(T x) {
    return coords::aaFilterLinear<T>(x);
}
// Keys' cubic (a = -0.5) as PyTorch 2.x's compiled antialias filter evaluates cubic_convolution1/2
// in T: its compiler contracts each a * b + c into a fused multiply-add (measured with one-hot
// inputs: at x = 1 + 2^-23 PyTorch's float32 weight is 2 * 2^-46, which only the fused form gives).
template <class T>
T keysConvolution(T x) {
    x = std::abs(x);
    const T a = static_cast<T>(-0.5);
    if (x < T(1)) return std::fma(std::fma(a + T(2), x, -(a + T(3))) * x, x, T(1));
    if (x < T(2)) return std::fma(std::fma(std::fma(a, x, T(-5) * a), x, T(8) * a), x, T(-4) * a);
    return T(0);
}
// The polynomial form: in double, the outer lobe as (((x - 5) x + 8) x - 4) a, rounded once to T.
// Unfused: Pillow's BICUBIC (its C code is built for baseline x86-64, without FMA).
template <class T>
T keysPolynomial(T x) {
    return coords::aaFilterCubic<T>(x);
}
// Fused as PyTorch 1.13's compiled kernel evaluates it (as keysConvolution).
template <class T>
T keysPolynomialFused(T x) {
    const double d = std::abs(static_cast<double>(x));
    constexpr double a = -0.5;
    if (d < 1.0) return static_cast<T>(std::fma(std::fma(a + 2.0, d, -(a + 3.0)) * d, d, 1.0));
    if (d < 2.0) return static_cast<T>(std::fma(std::fma(d - 5, d, 8), d, -4) * a);
    return static_cast<T>(0.0);
}

double sinc(double x) {
    if (x == 0.0) return 1.0;
    x = x * std::numbers::pi;
    return std::sin(x) / x;
}
// Lanczos-3 (PyTorch 2.14.1's float64 weights to the bit, measured with one-hot inputs).
double lanczos3(double x) {
    if (-3.0 <= x && x < 3.0) return sinc(x) * sinc(x / 3);
    return 0.0;
}
// In float, with pi rounded to float, as PyTorch evaluates it for float32 (measured: its weights
// are these within an ulp or two). Where x is a whole number the sine of pi_f * x is a small
// number of PyTorch's sign (about 2.8e-8 x), not double's opposite-signed 1e-16: an Inf input
// there reaches the output with PyTorch's sign.
float lanczos3f(float x) {
    x = std::fabs(x);
    if (x >= 3.0f) return 0.0f;
    if (x == 0.0f) return 1.0f;
    const float pix = static_cast<float>(std::numbers::pi) * x;
    const float pix3 = pix / 3.0f;
    return (std::sin(pix) / pix) * (std::sin(pix3) / pix3);
}

double box(double x) { return (x > -0.5 && x <= 0.5) ? 1.0 : 0.0; }
float boxf(float x) { return static_cast<float>(box(x)); }
double hamming(double x) {
    if (x < 0.0) x = -x;
    if (x == 0.0) return 1.0;
    if (x >= 1.0) return 0.0;
    x = x * std::numbers::pi;
    return std::sin(x) / x * (0.54f + 0.46f * std::cos(x));  // float constants, as Pillow writes them
}
float hammingf(float x) { return static_cast<float>(hamming(x)); }

const SeparableFilter kKeysPolynomial{"Keys cubic", "Keys' cubic convolution", 2.0, true, "a", -0.5,
                                      keysPolynomial<float>, keysPolynomial<double>, nullptr};
const SeparableFilter kKeysPolynomialFused{"Keys cubic", "Keys' cubic convolution", 2.0, true, "a", -0.5,
                                           keysPolynomialFused<float>, keysPolynomialFused<double>, nullptr};
const SeparableFilter kTriangle{"triangle", "1 - |x|", 1.0, false, "", 0.0, triangle<float>, triangle<double>, nullptr};
const SeparableFilter kKeys{"Keys cubic", "Keys' cubic convolution", 2.0, true, "a", -0.5,
                            keysConvolution<float>, keysConvolution<double>, &kKeysPolynomialFused};
template <class T>
T keysSharp(T x) {
    x = std::abs(x);
    const T a = static_cast<T>(-0.75);
    if (x < T(1)) return coords::cubicConvolution1<T>(x, a);
    if (x < T(2)) return coords::cubicConvolution2<T>(x, a);
    return T(0);
}
const SeparableFilter kKeysSharp{"Keys cubic", "Keys' cubic convolution", 2.0, true, "a", -0.75, keysSharp<float>,
                                 keysSharp<double>, nullptr};
const SeparableFilter kLanczos3{"Lanczos-3", "sinc(x) * sinc(x/3)", 3.0, true, "lobes", 3.0, lanczos3f, lanczos3, nullptr};
const SeparableFilter kBox{"box", "1 for -0.5 < x <= 0.5", 0.5, false, "", 0.0, boxf, box, nullptr};
const SeparableFilter kHamming{"Hamming", "sinc(x) * (0.54 + 0.46 cos(pi x))", 1.0, false, "", 0.0, hammingf, hamming,
                               nullptr};

std::string number(double v) {
    std::string s = std::to_string(v);
    while (!s.empty() && s.back() == '0') s.pop_back();
    if (!s.empty() && s.back() == '.') s.pop_back();
    return s;
}

}  // namespace

const SeparableFilter& SeparableFilter::in(const Semantics& s) const {
    return (polynomialForm && s.antialiasCubic == CubicFilterForm::DoublePolynomial) ? *polynomialForm : *this;
}

std::string SeparableFilter::label() const {
    std::string s(name);
    s += " (";
    if (!parameterName.empty()) s += std::string(parameterName) + " = " + number(parameter) + ", ";
    return s + "support " + number(support) + ")";
}

const SeparableFilter& triangleFilter() { return kTriangle; }
const SeparableFilter& keysCubicFilter() { return kKeys; }
const SeparableFilter& keysCubicSharpFilter() { return kKeysSharp; }
const SeparableFilter& keysCubicUnfusedFilter() { return kKeysPolynomial; }
const SeparableFilter& lanczos3Filter() { return kLanczos3; }
const SeparableFilter& boxFilter() { return kBox; }
const SeparableFilter& hammingFilter() { return kHamming; }

const std::vector<const SeparableFilter*>& separableFilters() {
    static const std::vector<const SeparableFilter*> all = {&kTriangle, &kKeys, &kKeysSharp, &kKeysPolynomial,
                                                                   &kLanczos3, &kBox, &kHamming};
    return all;
}

template <class T>
AxisTable<T> windowTable(int64_t in, int64_t out, T scale, const SeparableFilter& filter) {
    AxisTable<T> t;
    t.in = in;
    t.out = out;
    const auto axis = coords::windowAxis<T>(scale, filter.support);
    t.taps = axis.maxTaps;
    t.index.assign(static_cast<std::size_t>(out * t.taps), 0);
    t.weight.assign(static_cast<std::size_t>(out * t.taps), T(0));
    t.count.resize(static_cast<std::size_t>(out));
    for (int64_t d = 0; d < out; ++d) {
        const auto win = coords::aaWindow<T>(axis, d, in);
        coords::aaWeights<T>(axis, win, [&](T x) { return filter(x); }, t.weight.data() + d * t.taps);
        for (int64_t j = 0; j < t.taps; ++j)
            t.index[static_cast<std::size_t>(d * t.taps + j)] = win.xmin + std::min<int64_t>(j, std::max<int64_t>(win.xsize - 1, 0));
        t.count[static_cast<std::size_t>(d)] = static_cast<int32_t>(win.xsize);
    }
    return t;
}
template AxisTable<float> windowTable<float>(int64_t, int64_t, float, const SeparableFilter&);
template AxisTable<double> windowTable<double>(int64_t, int64_t, double, const SeparableFilter&);

}  // namespace upsample
