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
// Known divergence of the reference from the operator text, followed here because the conformance
// data follow it: with scales and tf_crop_and_resize the output length is floor(in · scale), where
// the text says floor(in · (roi_end - roi_start) · scale).
#include "common.hpp"
#include "cpu/parallel.hpp"

#include "upsample/error.hpp"

#include <cmath>
#include <sstream>

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
    }
    return "half_pixel";
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
                                                C::TfHalfPixelForNn, C::TfCropAndResize},
                                     onnxCoordinateTransformName);
}

std::optional<OnnxNearestMode> onnxNearestModeFromName(std::string_view name) {
    using N = OnnxNearestMode;
    return conventions::enumFromName(name, std::array{N::RoundPreferFloor, N::RoundPreferCeil, N::Floor, N::Ceil},
                                     onnxNearestModeName);
}

Shape onnxOutputShape(const Shape& input, const OnnxResize& r) {
    const std::size_t rank = input.size();
    if (r.scales.empty() == r.sizes.empty())
        throw UsageError("Resize: give exactly one of scales and sizes");
    if (!r.scales.empty() && r.scales.size() != rank)
        throw UsageError("Resize: scales has " + std::to_string(r.scales.size()) + " values for a rank-" +
                         std::to_string(rank) + " input (one per dim, N and C included)");
    if (!r.sizes.empty() && r.sizes.size() != rank)
        throw UsageError("Resize: sizes has " + std::to_string(r.sizes.size()) + " values for a rank-" +
                         std::to_string(rank) + " input (one per dim, N and C included)");
    if (r.coordinateTransformationMode == OnnxCoordinateTransform::TfCropAndResize && r.roi.size() != 2 * rank)
        throw UsageError("Resize: tf_crop_and_resize needs a roi of " + std::to_string(2 * rank) +
                         " values (the starts, then the ends), got " + std::to_string(r.roi.size()));
    if (r.mode == OnnxMode::Cubic && !std::isfinite(r.cubicCoeffA))
        throw UsageError("Resize: cubic_coeff_a must be finite");
    Shape out(rank);
    for (std::size_t a = 0; a < rank; ++a) {
        if (!r.sizes.empty()) {
            if (r.sizes[a] < 0) throw UsageError("Resize: sizes must not be negative");
            out[a] = r.sizes[a];
        } else {
            if (!(r.scales[a] > 0) || !std::isfinite(r.scales[a]))
                throw UsageError("Resize: scales must be positive, got " + conventions::float32Text(r.scales[a]));
            const double v = static_cast<double>(r.scales[a]) * static_cast<double>(input[a]);
            if (v >= 9.2e18) throw TooLargeError("Resize: output size overflows", 0, 0);
            out[a] = static_cast<int64_t>(v);
        }
    }
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

OnnxAxis onnxAxis(const AxisGeometry& g, const OnnxResize& r) {
    const int n = r.mode == OnnxMode::Cubic ? 4 : 2;
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
        const int64_t first = (isInt ? static_cast<int64_t>(fl) - 1 : static_cast<int64_t>(fl)) - (n / 2 - 1);
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
        double c[4];
        if (r.mode == OnnxMode::Linear) {
            c[0] = 1 - ratio;
            c[1] = ratio;
        } else {
            cubicCoeffs(ratio, r.cubicCoeffA, c);
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
    const Shape outShape = onnxOutputShape(inShape, r);
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
        g.scale = !r.scales.empty() ? static_cast<double>(r.scales[a]) : static_cast<double>(g.out) / static_cast<double>(g.in);
        g.width = g.scale * static_cast<double>(g.in);
        if (!r.roi.empty()) {
            g.roiStart = r.roi[a];
            g.roiEnd = r.roi[a + rank];
        }
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
    os << ")";
    return os.str();
}

}  // namespace upsample
