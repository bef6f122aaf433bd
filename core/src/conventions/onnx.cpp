// ONNX's Resize operator (opsets 11 to 16) as ONNX's reference implementation computes it
// (onnx/backend/test/case/node/resize.py, which generated ONNX's conformance data), in double:
//  * output length: sizes, or floor(in · scale) (scale as the float32 it is stored as);
//  * per axis, the source coordinate x_ori of output x from the coordinate transformation mode,
//    with scale = the float32 scale, or out/in for sizes, and "output width" = scale · in (not the
//    integer output length: align_corners and tf_crop_and_resize use it as written);
//  * taps: the n input indices nearest to x_ori (2 for nearest and linear, 4 for cubic),
//    preferring the lower ones; an integer x_ori takes x_ori - 1 and x_ori (x_ori - 2 .. x_ori + 1
//    for cubic) with weights that select x_ori; indices outside the input read the border (edge
//    padding), or with exclude_outside get weight 0 and the rest is renormalised;
//  * nearest picks one of the two taps by nearest_mode; linear weighs 1 - t, t; cubic uses Keys'
//    kernel with cubic_coeff_a;
//  * tf_crop_and_resize: a coordinate outside [0, in - 1] gives extrapolation_value;
//  * separable: the last axis first, then each axis before it, in double; rounded at the end.
// Opsets 18 and 19, from the operator text and ONNX's reference implementation
// (onnx/reference/ops/op_resize.py, which generates the node tests' expected outputs):
//  * axes: scales / sizes / roi name only those axes (negative from the back); the others keep
//    their length (scale 1, roi 0 to 1);
//  * keep_aspect_ratio_policy (sizes only): scale = min (not_larger) or max (not_smaller) of
//    sizes / in over the axes; out = round_half_up(scale · in); every listed axis uses that scale;
//  * antialias (linear, cubic): s = min(scale, 1); linear: taps start..1-start with
//    start = floor(-1/s) + 1, weight max(0, 1 - |(i - ratio)·s|); cubic: taps i_start..1-i_start
//    with i_start = floor(-2/s) + 1, Keys' kernel at s·(i - ratio); the weights divided by their
//    sum (summed in order); the taps are the ones after the floor of x_ori, edge-clamped;
//  * half_pixel_symmetric (opset 19): x_ori = in/2 · (1 - out/(scale·in)) + (x + 0.5)/scale - 0.5.
// Known divergence of the reference from the operator text, followed here because the conformance
// data follow it: with scales and tf_crop_and_resize the output length is floor(in · scale), where
// the text says floor(in · (roi_end - roi_start) · scale).
#include "common.hpp"
#include "cpu/parallel.hpp"

#include "upsample/error.hpp"

#include <algorithm>
#include <cmath>
#include <sstream>
#include <vector>

namespace upsample {

std::string_view onnxModeName(OnnxMode m) {
    switch (m) {
    case OnnxMode::Nearest: return "nearest";
    case OnnxMode::Linear: return "linear";
    case OnnxMode::Cubic: return "cubic";
    }
    return "nearest";
}

std::string_view onnxCoordinateTransformName(OnnxCoordinateTransform c) {
    switch (c) {
    case OnnxCoordinateTransform::HalfPixel: return "half_pixel";
    case OnnxCoordinateTransform::PytorchHalfPixel: return "pytorch_half_pixel";
    case OnnxCoordinateTransform::AlignCorners: return "align_corners";
    case OnnxCoordinateTransform::Asymmetric: return "asymmetric";
    case OnnxCoordinateTransform::TfHalfPixelForNn: return "tf_half_pixel_for_nn";
    case OnnxCoordinateTransform::TfCropAndResize: return "tf_crop_and_resize";
    case OnnxCoordinateTransform::HalfPixelSymmetric: return "half_pixel_symmetric";
    }
    return "half_pixel";
}

int onnxCoordinateTransformFirstOpset(OnnxCoordinateTransform c) {
    return c == OnnxCoordinateTransform::HalfPixelSymmetric ? 19 : 11;
}

int onnxCoordinateTransformLastOpset(OnnxCoordinateTransform c) {
    return c == OnnxCoordinateTransform::TfHalfPixelForNn ? 17 : 0;
}

std::string_view onnxKeepAspectRatioPolicyName(OnnxKeepAspectRatioPolicy p) {
    switch (p) {
    case OnnxKeepAspectRatioPolicy::Stretch: return "stretch";
    case OnnxKeepAspectRatioPolicy::NotLarger: return "not_larger";
    case OnnxKeepAspectRatioPolicy::NotSmaller: return "not_smaller";
    }
    return "stretch";
}

std::optional<OnnxKeepAspectRatioPolicy> onnxKeepAspectRatioPolicyFromName(std::string_view name) {
    using P = OnnxKeepAspectRatioPolicy;
    return conventions::enumFromName(name, std::array{P::Stretch, P::NotLarger, P::NotSmaller},
                                     onnxKeepAspectRatioPolicyName);
}

std::string_view onnxNearestModeName(OnnxNearestMode n) {
    switch (n) {
    case OnnxNearestMode::RoundPreferFloor: return "round_prefer_floor";
    case OnnxNearestMode::RoundPreferCeil: return "round_prefer_ceil";
    case OnnxNearestMode::Floor: return "floor";
    case OnnxNearestMode::Ceil: return "ceil";
    }
    return "round_prefer_floor";
}

std::optional<OnnxMode> onnxModeFromName(std::string_view name) {
    return conventions::enumFromName(name, std::array{OnnxMode::Nearest, OnnxMode::Linear, OnnxMode::Cubic}, onnxModeName);
}

std::optional<OnnxCoordinateTransform> onnxCoordinateTransformFromName(std::string_view name) {
    using C = OnnxCoordinateTransform;
    return conventions::enumFromName(name,
                                     std::array{C::HalfPixel, C::PytorchHalfPixel, C::AlignCorners, C::Asymmetric,
                                                C::TfHalfPixelForNn, C::TfCropAndResize, C::HalfPixelSymmetric},
                                     onnxCoordinateTransformName);
}

std::optional<OnnxNearestMode> onnxNearestModeFromName(std::string_view name) {
    using N = OnnxNearestMode;
    return conventions::enumFromName(name, std::array{N::RoundPreferFloor, N::RoundPreferCeil, N::Floor, N::Ceil},
                                     onnxNearestModeName);
}

namespace {

// Per axis of the input: the output length, the scale the coordinates use and the roi.
struct ResolvedAxis {
    int64_t out = 1;
    double scale = 1;  // the float32 scale as double, out/in for sizes, or the policy's scale
    float roiStart = 0, roiEnd = 1;
};

std::vector<ResolvedAxis> resolveAxes(const Shape& input, const OnnxResize& r) {
    const std::size_t rank = input.size();
    if (r.opset < 11 || r.opset > 19)
        throw UsageError("Resize: opset " + std::to_string(r.opset) + " is not modelled (opsets 11 to 19)");
    const auto needs18 = [&](const char* what) {
        if (r.opset < 18)
            throw UsageError(std::string("Resize: ") + what + " needs opset 18 or later (this node is opset " +
                             std::to_string(r.opset) + ")");
    };
    if (r.antialias) needs18("antialias");
    if (!r.axes.empty()) needs18("axes");
    if (r.keepAspectRatioPolicy != OnnxKeepAspectRatioPolicy::Stretch) needs18("keep_aspect_ratio_policy");
    const OnnxCoordinateTransform ctm = r.coordinateTransformationMode;
    if (r.opset < onnxCoordinateTransformFirstOpset(ctm) ||
        (onnxCoordinateTransformLastOpset(ctm) && r.opset > onnxCoordinateTransformLastOpset(ctm)))
        throw UsageError("Resize: coordinate_transformation_mode '" + std::string(onnxCoordinateTransformName(ctm)) +
                         "' is not in opset " + std::to_string(r.opset) + " (it is in opsets " +
                         std::to_string(onnxCoordinateTransformFirstOpset(ctm)) + " to " +
                         (onnxCoordinateTransformLastOpset(ctm) ? std::to_string(onnxCoordinateTransformLastOpset(ctm))
                                                                 : std::string("19")) + ")");
    if (r.scales.empty() == r.sizes.empty())
        throw UsageError("Resize: give exactly one of scales and sizes");
    // the axes the inputs name, in their order
    std::vector<std::size_t> axes;
    if (r.axes.empty()) {
        for (std::size_t a = 0; a < rank; ++a) axes.push_back(a);
    } else {
        const auto rk = static_cast<int64_t>(rank);
        for (int64_t a : r.axes) {
            if (a < -rk || a >= rk)
                throw UsageError("Resize: axis " + std::to_string(a) + " is outside [" + std::to_string(-rk) + ", " +
                                 std::to_string(rk - 1) + "] for a rank-" + std::to_string(rank) + " input");
            const auto d = static_cast<std::size_t>(a < 0 ? a + rk : a);
            if (std::find(axes.begin(), axes.end(), d) != axes.end())
                throw UsageError("Resize: axis " + std::to_string(d) + " is given twice in axes");
            axes.push_back(d);
        }
    }
    const std::size_t n = axes.size();
    const std::string per = r.axes.empty() ? " (one per dim, N and C included)" : " (one per axis of axes)";
    const std::string target = r.axes.empty() ? "a rank-" + std::to_string(rank) + " input"
                                              : std::to_string(n) + " axes";
    if (!r.scales.empty() && r.scales.size() != n)
        throw UsageError("Resize: scales has " + std::to_string(r.scales.size()) + " values for " + target + per);
    if (!r.sizes.empty() && r.sizes.size() != n)
        throw UsageError("Resize: sizes has " + std::to_string(r.sizes.size()) + " values for " + target + per);
    if (ctm == OnnxCoordinateTransform::TfCropAndResize && r.roi.size() != 2 * n)
        throw UsageError("Resize: tf_crop_and_resize needs a roi of " + std::to_string(2 * n) +
                         " values (the starts, then the ends), got " + std::to_string(r.roi.size()));
    if (r.mode == OnnxMode::Cubic && !std::isfinite(r.cubicCoeffA))
        throw UsageError("Resize: cubic_coeff_a must be finite");
    if (!r.scales.empty() && r.keepAspectRatioPolicy != OnnxKeepAspectRatioPolicy::Stretch)
        throw UsageError("Resize: keep_aspect_ratio_policy '" +
                         std::string(onnxKeepAspectRatioPolicyName(r.keepAspectRatioPolicy)) +
                         "' applies to sizes; with scales only 'stretch' is allowed");
    std::vector<ResolvedAxis> out(rank);
    for (std::size_t a = 0; a < rank; ++a) out[a].out = input[a];
    if (!r.roi.empty() && r.roi.size() == 2 * n)
        for (std::size_t i = 0; i < n; ++i) {
            out[axes[i]].roiStart = r.roi[i];
            out[axes[i]].roiEnd = r.roi[i + n];
        }
    if (!r.sizes.empty()) {
        for (int64_t v : r.sizes)
            if (v < 0) throw UsageError("Resize: sizes must not be negative");
        if (r.keepAspectRatioPolicy == OnnxKeepAspectRatioPolicy::Stretch) {
            for (std::size_t i = 0; i < n; ++i) out[axes[i]].out = r.sizes[i];
        } else {
            const bool notLarger = r.keepAspectRatioPolicy == OnnxKeepAspectRatioPolicy::NotLarger;
            double scale = 0;
            for (std::size_t i = 0; i < n; ++i) {
                const double s = static_cast<double>(r.sizes[i]) / static_cast<double>(input[axes[i]]);
                scale = i == 0 ? s : notLarger ? std::min(scale, s) : std::max(scale, s);
            }
            for (std::size_t i = 0; i < n; ++i) {
                const double v = scale * static_cast<double>(input[axes[i]]) + 0.5;  // round half up
                if (!(v < 9.2e18)) throw TooLargeError("Resize: output size overflows", 0, 0);
                out[axes[i]].out = static_cast<int64_t>(v);
                out[axes[i]].scale = scale;
            }
            return out;
        }
        for (std::size_t a = 0; a < rank; ++a)
            out[a].scale = input[a] == 0 ? 1.0 : static_cast<double>(out[a].out) / static_cast<double>(input[a]);
        return out;
    }
    for (std::size_t i = 0; i < n; ++i) {
        const float sc = r.scales[i];
        if (!(sc > 0) || !std::isfinite(sc))
            throw UsageError("Resize: scales must be positive, got " + conventions::float32Text(sc));
        const double v = static_cast<double>(sc) * static_cast<double>(input[axes[i]]);
        if (v >= 9.2e18) throw TooLargeError("Resize: output size overflows", 0, 0);
        out[axes[i]].out = static_cast<int64_t>(v);
        out[axes[i]].scale = static_cast<double>(sc);
    }
    return out;
}

}  // namespace

Shape onnxOutputShape(const Shape& input, const OnnxResize& r) {
    const std::vector<ResolvedAxis> axes = resolveAxes(input, r);
    Shape out(input.size());
    for (std::size_t a = 0; a < input.size(); ++a) out[a] = axes[a].out;
    return out;
}

namespace {

// One axis: per output, its taps (index, weight) or the extrapolation value.
struct OnnxAxis {
    AxisTable<double> table;
    std::vector<uint8_t> extrapolated;
    bool identity = true;
};

// The reference's coordinate arithmetic, as NumPy evaluates it: float32 scalars (scales, roi)
// meet Python ints and become double, except the roi span end - start, a float32 difference.
struct AxisGeometry {
    int64_t in = 1, out = 1;
    double scale = 1;  // the float32 scale as double, or out/in
    double width = 1;  // "output width": scale · in (not the integer output length)
    float roiStart = 0, roiEnd = 1;
};

// x_ori of output x; sets `outside` for tf_crop_and_resize outside [0, in - 1].
double sourceCoordinate(const AxisGeometry& g, OnnxCoordinateTransform ctm, int64_t x, bool& outside) {
    const double xd = static_cast<double>(x);
    outside = false;
    switch (ctm) {
    case OnnxCoordinateTransform::HalfPixel: return (xd + 0.5) / g.scale - 0.5;
    case OnnxCoordinateTransform::PytorchHalfPixel: return g.width == 1 ? -0.5 : (xd + 0.5) / g.scale - 0.5;
    case OnnxCoordinateTransform::AlignCorners:
        return g.width == 1 ? 0.0 : static_cast<double>(x * (g.in - 1)) / (g.width - 1);
    case OnnxCoordinateTransform::Asymmetric: return xd / g.scale;
    case OnnxCoordinateTransform::TfHalfPixelForNn: return (xd + 0.5) / g.scale;
    case OnnxCoordinateTransform::HalfPixelSymmetric: {
        const double adjustment = static_cast<double>(g.out) / g.width;
        const double center = static_cast<double>(g.in) / 2;
        const double offset = center * (1 - adjustment);
        return offset + (xd + 0.5) / g.scale - 0.5;
    }
    case OnnxCoordinateTransform::TfCropAndResize: {
        const double span = static_cast<double>(g.roiEnd - g.roiStart);  // float32 subtraction
        const double last = static_cast<double>(g.in - 1);
        double v = g.width == 1 ? span * last / 2 : xd * span * last / (g.width - 1);
        v += static_cast<double>(g.roiStart) * last;
        outside = v < 0 || v > last;
        return v;
    }
    }
    return 0;
}

void cubicCoeffs(double r, double A, double* c) {
    c[0] = ((A * (r + 1) - 5 * A) * (r + 1) + 8 * A) * (r + 1) - 4 * A;
    c[1] = ((A + 2) * r - (A + 3)) * r * r + 1;
    c[2] = ((A + 2) * (1 - r) - (A + 3)) * (1 - r) * (1 - r) + 1;
    c[3] = ((A * ((1 - r) + 1) - 5 * A) * ((1 - r) + 1) + 8 * A) * ((1 - r) + 1) - 4 * A;
}

// Keys' cubic kernel at distance x, as the antialiased cubic of the reference writes it.
double cubicKernel(double x, double A) {
    x = std::fabs(x);
    const double x2 = x * x, x3 = x * x2;
    if (x <= 1) return (A + 2) * x3 - (A + 3) * x2 + 1;
    if (x < 2) return A * x3 - 5 * A * x2 + 8 * A * x - 4 * A;
    return 0.0;
}

// The first tap's offset from the floor of x_ori: 0 for linear, -1 for cubic; antialiased, the
// start of the kernel stretched by 1/s (s = min(scale, 1)); the taps run to 1 - start.
int tapOffsetStart(const OnnxResize& r, double scale) {
    if (r.mode == OnnxMode::Nearest) return 0;
    if (!r.antialias) return r.mode == OnnxMode::Cubic ? -1 : 0;
    const double s = std::min(scale, 1.0);
    return static_cast<int>(std::floor((r.mode == OnnxMode::Cubic ? -2.0 : -1.0) / s) + 1);
}

OnnxAxis onnxAxis(const AxisGeometry& g, const OnnxResize& r) {
    // the taps are base + start .. base + 1 - start, base = the floor of x_ori (x_ori - 1 at an integer)
    const int start = tapOffsetStart(r, g.scale);
    const int n = r.mode == OnnxMode::Nearest ? 2 : 2 - 2 * start;
    const int taps = r.mode == OnnxMode::Nearest ? 1 : n;
    OnnxAxis ax;
    AxisTable<double>& t = ax.table;
    t.in = g.in;
    t.out = g.out;
    t.taps = taps;
    t.index.assign(static_cast<std::size_t>(g.out * taps), 0);
    t.weight.assign(static_cast<std::size_t>(g.out * taps), 0.0);
    t.count.assign(static_cast<std::size_t>(g.out), taps);
    ax.extrapolated.assign(static_cast<std::size_t>(g.out), 0);
    ax.identity = g.in == g.out;
    std::vector<double> c(static_cast<std::size_t>(n));
    for (int64_t x = 0; x < g.out; ++x) {
        bool outside = false;
        const double xo = sourceCoordinate(g, r.coordinateTransformationMode, x, outside);
        int64_t* idx = t.index.data() + x * taps;
        double* w = t.weight.data() + x * taps;
        if (outside) {
            ax.extrapolated[static_cast<std::size_t>(x)] = 1;
            ax.identity = false;
            idx[0] = 0;
            t.count[static_cast<std::size_t>(x)] = 0;
            continue;
        }
        const double fl = std::floor(xo);
        const bool isInt = xo == fl;
        const double ratio = isInt ? 1.0 : xo - fl;
        const int64_t base = isInt ? static_cast<int64_t>(fl) - 1 : static_cast<int64_t>(fl);
        const int64_t first = base + (r.mode == OnnxMode::Nearest ? 0 : start);
        auto clampIdx = [&](int64_t i) { return std::clamp<int64_t>(i, 0, g.in - 1); };
        if (r.mode == OnnxMode::Nearest) {
            bool upper;  // the second of the two taps
            if (isInt) upper = true;
            else switch (r.nearestMode) {
                case OnnxNearestMode::RoundPreferFloor: upper = ratio > 0.5; break;
                case OnnxNearestMode::RoundPreferCeil: upper = ratio >= 0.5; break;
                case OnnxNearestMode::Floor: upper = false; break;
                case OnnxNearestMode::Ceil: upper = true; break;
                default: upper = false;
            }
            idx[0] = clampIdx(first + (upper ? 1 : 0));
            w[0] = 1.0;
            if (idx[0] != x) ax.identity = false;
            continue;
        }
        if (r.antialias) {
            const double s = std::min(g.scale, 1.0);
            double sum = 0;
            for (int j = 0; j < n; ++j) {
                const double i = static_cast<double>(start + j);
                c[j] = r.mode == OnnxMode::Linear ? std::clamp(1 - std::fabs((i - ratio) * s), 0.0, 1.0)
                                                  : cubicKernel(s * (i - ratio), r.cubicCoeffA);
                sum += c[j];
            }
            for (int j = 0; j < n; ++j) c[j] /= sum;
        } else if (r.mode == OnnxMode::Linear) {
            c[0] = 1 - ratio;
            c[1] = ratio;
        } else {
            cubicCoeffs(ratio, r.cubicCoeffA, c.data());
        }
        if (r.excludeOutside) {
            double sum = 0;
            for (int j = 0; j < n; ++j) {
                const int64_t i = first + j;
                if (i < 0 || i >= g.in) c[j] = 0;
                sum += c[j];
            }
            for (int j = 0; j < n; ++j) c[j] /= sum;
        }
        for (int j = 0; j < n; ++j) {
            idx[j] = clampIdx(first + j);
            w[j] = c[j];
        }
        // An exact copy of input x (weight 1 on it, 0 elsewhere) keeps the axis an identity.
        bool copy = false;
        for (int j = 0; j < n; ++j)
            if (w[j] == 1.0 && idx[j] == x) {
                copy = true;
                for (int k = 0; k < n; ++k)
                    if (k != j && w[k] != 0.0) copy = false;
            }
        if (!copy) ax.identity = false;
    }
    return ax;
}

// One axis of a row-major tensor, viewed as (outer, in, inner), resampled to (outer, out, inner).
void axisPass(const OnnxAxis& ax, double extrapolation, int64_t outer, int64_t inner, const double* src, double* dst) {
    const AxisTable<double>& t = ax.table;
    cpu::parallelFor(outer * t.out, cpu::defaultThreads(), [&](int64_t begin, int64_t end) {
        for (int64_t r = begin; r < end; ++r) {
            const int64_t o = r / t.out, d = r % t.out;
            double* out = dst + r * inner;
            if (ax.extrapolated[static_cast<std::size_t>(d)]) {
                std::fill(out, out + inner, extrapolation);
                continue;
            }
            const double* base = src + o * t.in * inner;
            const int64_t* idx = t.index.data() + d * t.taps;
            const double* w = t.weight.data() + d * t.taps;
            const int n = t.tapCount(d);
            for (int64_t i = 0; i < inner; ++i) {
                double v = w[0] * base[idx[0] * inner + i];
                for (int j = 1; j < n; ++j) v += w[j] * base[idx[j] * inner + i];
                out[i] = v;
            }
        }
    });
}

}  // namespace

Tensor resizeOnnx(const Tensor& input, const OnnxResize& r) {
    const Shape& inShape = input.shape();
    const std::vector<ResolvedAxis> axes = resolveAxes(inShape, r);
    Shape outShape(inShape.size());
    for (std::size_t a = 0; a < inShape.size(); ++a) outShape[a] = axes[a].out;
    Tensor out(outShape, input.dtype());
    if (out.empty()) return out;
    const std::size_t rank = inShape.size();
    if (input.empty()) throw UsageError("Resize: the input " + formatShape(inShape) + " is empty");
    Tensor cur = input.to(DType::Float64);
    Shape curShape = inShape;
    for (std::size_t a = rank; a-- > 0;) {
        AxisGeometry g;
        g.in = inShape[a];
        g.out = outShape[a];
        g.scale = axes[a].scale;
        g.width = g.scale * static_cast<double>(g.in);
        g.roiStart = axes[a].roiStart;
        g.roiEnd = axes[a].roiEnd;
        const OnnxAxis ax = onnxAxis(g, r);
        if (ax.identity) continue;
        int64_t outer = 1, inner = 1;
        for (std::size_t k = 0; k < a; ++k) outer *= curShape[k];
        for (std::size_t k = a + 1; k < rank; ++k) inner *= curShape[k];
        Shape nextShape = curShape;
        nextShape[a] = g.out;
        Tensor next(nextShape, DType::Float64);
        axisPass(ax, r.extrapolationValue, outer, inner, cur.data<double>(), next.data<double>());
        cur = next;
        curShape = nextShape;
    }
    return cur.to(input.dtype());
}

std::string onnxCallText(const OnnxResize& r) {
    std::ostringstream os;
    os << "Resize(X, ";
    auto list = [&](const auto& v, auto text) {
        os << "[";
        for (std::size_t i = 0; i < v.size(); ++i) os << (i ? ", " : "") << text(v[i]);
        os << "]";
    };
    const bool crop = r.coordinateTransformationMode == OnnxCoordinateTransform::TfCropAndResize;
    if (crop) {
        os << "roi=";
        list(r.roi, [](float v) { return conventions::float32Text(v); });
        os << ", ";
    }
    if (!r.scales.empty()) {
        os << "scales=";
        list(r.scales, [](float v) { return conventions::float32Text(v); });
    } else {
        os << "sizes=";
        list(r.sizes, [](int64_t v) { return std::to_string(v); });
    }
    os << ", mode='" << onnxModeName(r.mode) << "', coordinate_transformation_mode='"
       << onnxCoordinateTransformName(r.coordinateTransformationMode) << "'";
    if (r.mode == OnnxMode::Nearest) os << ", nearest_mode='" << onnxNearestModeName(r.nearestMode) << "'";
    if (r.mode == OnnxMode::Cubic) os << ", cubic_coeff_a=" << pyFloatRepr(r.cubicCoeffA);
    if (r.excludeOutside) os << ", exclude_outside=1";
    if (crop) os << ", extrapolation_value=" << pyFloatRepr(r.extrapolationValue);
    if (r.antialias) os << ", antialias=1";
    if (!r.axes.empty()) {
        os << ", axes=";
        list(r.axes, [](int64_t v) { return std::to_string(v); });
    }
    if (r.keepAspectRatioPolicy != OnnxKeepAspectRatioPolicy::Stretch)
        os << ", keep_aspect_ratio_policy='" << onnxKeepAspectRatioPolicyName(r.keepAspectRatioPolicy) << "'";
    os << ")";
    return os.str();
}

}  // namespace upsample
