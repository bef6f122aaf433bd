// scikit-image's skimage.transform.resize (scikit-image 0.19, SciPy 1.10) on float images:
//  * resize(image, output_shape, order, mode, cval, clip, anti_aliasing) runs, per axis,
//    factor = in/out; with anti_aliasing, scipy.ndimage.gaussian_filter(image, sigma =
//    max(0, (factor - 1)/2), mode) first (truncate 4: radius int(4·sigma + 0.5), weights
//    exp(-x²/(2·sigma²)) normalised; axes with sigma <= 1e-15 skipped), then
//    scipy.ndimage.zoom(image, 1/factor, order, mode, cval, grid_mode=True): output d samples
//    x = (d + 0.5)·in/out - 0.5;
//  * skimage's modes are numpy.pad's names and map onto ndimage's: constant -> grid-constant,
//    edge -> nearest, symmetric -> reflect, reflect -> mirror, wrap -> grid-wrap. zoom first maps
//    x into the image as the mode says (grid-constant keeps it), then order 0 takes
//    floor(x + 0.5), order 1 floor(x) and floor(x) + 1 with weights 1 - t, t; a tap outside the
//    image reads the mode's extension (cval for constant). Separable: the axes run one after
//    another (zoom sums the same products in one pass; the difference is rounding);
//  * orders 2 and 3 (quadratic and cubic B-splines) prefilter each line first (spline_filter1d,
//    the recursive filter with the mode's boundary; edge and constant lines padded by 12 first);
//  * clip=True clips the result to the input's [min, max], widened to cval when mode is constant,
//    cval is outside that range and inside the result's.
// float32 images stay float32 in skimage (the Gaussian's result is float32, zoom's output too):
// computed here in double, rounded to float32 at the same two points.
#include "common.hpp"

#include "upsample/error.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <sstream>

namespace upsample {

std::string_view skModeName(SkMode m) {
    switch (m) {
    case SkMode::Constant: return "constant";
    case SkMode::Edge: return "edge";
    case SkMode::Symmetric: return "symmetric";
    case SkMode::Reflect: return "reflect";
    case SkMode::Wrap: return "wrap";
    }
    return "reflect";
}

std::optional<SkMode> skModeFromName(std::string_view name) {
    return conventions::enumFromName(name, kAllSkModes, skModeName);
}

namespace {

// The index a tap at i reads in a line of n under the mode (ndimage's filter extensions); -1: cval.
int64_t extendIndex(int64_t i, int64_t n, SkMode mode) {
    if (i >= 0 && i < n) return i;
    switch (mode) {
    case SkMode::Constant: return -1;
    case SkMode::Edge: return i < 0 ? 0 : n - 1;
    case SkMode::Wrap: return ((i % n) + n) % n;
    case SkMode::Symmetric: {
        const int64_t p = 2 * n;
        i = ((i % p) + p) % p;
        return i < n ? i : p - 1 - i;
    }
    case SkMode::Reflect: {
        if (n == 1) return 0;
        const int64_t p = 2 * n - 2;
        i = ((i % p) + p) % p;
        return i < n ? i : p - i;
    }
    }
    return -1;
}

// ndimage's map_coordinate: a sample position outside [0, n - 1] mapped into the image.
double mapCoordinate(double c, int64_t n, SkMode mode) {
    if (mode == SkMode::Constant || (c >= 0 && c <= static_cast<double>(n - 1))) return c;
    const double len = static_cast<double>(n);
    if (mode == SkMode::Edge) return c < 0 ? 0.0 : len - 1;
    if (n <= 1) return 0.0;
    switch (mode) {
    case SkMode::Wrap:  // grid-wrap
        if (c < 0) return c + len * static_cast<double>(static_cast<int64_t>((-1 - c) / len) + 1);
        return c - len * static_cast<double>(static_cast<int64_t>(c / len));
    case SkMode::Reflect: {  // mirror
        const double s2 = 2 * len - 2;
        if (c < 0) {
            c = s2 * static_cast<double>(static_cast<int64_t>(-c / s2)) + c;
            return c <= 1 - len ? c + s2 : -c;
        }
        c -= s2 * static_cast<double>(static_cast<int64_t>(c / s2));
        return c >= len ? s2 - c : c;
    }
    case SkMode::Symmetric: {  // reflect
        const double s2 = 2 * len;
        if (c < 0) {
            if (c < -s2) c = s2 * static_cast<double>(static_cast<int64_t>(-c / s2)) + c;
            return c < -len ? c + s2 : (c > -1e-15 ? 1e-15 : -c) - 1;
        }
        c -= s2 * static_cast<double>(static_cast<int64_t>(c / s2));
        return c >= len ? s2 - c - 1 : c;
    }
    default: return c;
    }
}

// A slice as doubles with its spatial dims.
struct Volume {
    std::vector<double> v;
    Shape dims;
};

// Applies line(in, n, out) along axis a: out has outLen elements per line.
template <class Line>
Volume alongAxis(const Volume& in, std::size_t a, int64_t outLen, Line line) {
    int64_t outer = 1, inner = 1;
    for (std::size_t i = 0; i < a; ++i) outer *= in.dims[i];
    for (std::size_t i = a + 1; i < in.dims.size(); ++i) inner *= in.dims[i];
    const int64_t n = in.dims[a];
    Volume out;
    out.dims = in.dims;
    out.dims[a] = outLen;
    out.v.assign(static_cast<std::size_t>(outer * outLen * inner), 0.0);
    std::vector<double> src(static_cast<std::size_t>(n)), dst(static_cast<std::size_t>(outLen));
    for (int64_t o = 0; o < outer; ++o)
        for (int64_t k = 0; k < inner; ++k) {
            for (int64_t i = 0; i < n; ++i) src[static_cast<std::size_t>(i)] = in.v[static_cast<std::size_t>((o * n + i) * inner + k)];
            line(src, dst);
            for (int64_t i = 0; i < outLen; ++i)
                out.v[static_cast<std::size_t>((o * outLen + i) * inner + k)] = dst[static_cast<std::size_t>(i)];
        }
    return out;
}

// scipy.ndimage.gaussian_filter1d (truncate 4) along axis a.
Volume gaussianAxis(const Volume& in, std::size_t a, double sigma, SkMode mode, double cval) {
    const int64_t radius = static_cast<int64_t>(4.0 * sigma + 0.5);
    std::vector<double> w(static_cast<std::size_t>(2 * radius + 1));
    double sum = 0;
    for (int64_t x = -radius; x <= radius; ++x) {
        const double e = std::exp(-0.5 / (sigma * sigma) * static_cast<double>(x * x));
        w[static_cast<std::size_t>(x + radius)] = e;
        sum += e;
    }
    for (double& e : w) e /= sum;
    const int64_t n = in.dims[a];
    return alongAxis(in, a, n, [&](const std::vector<double>& src, std::vector<double>& dst) {
        for (int64_t d = 0; d < n; ++d) {
            double acc = 0;
            for (int64_t x = -radius; x <= radius; ++x) {
                const int64_t j = extendIndex(d + x, n, mode);
                acc += w[static_cast<std::size_t>(x + radius)] * (j < 0 ? cval : src[static_cast<std::size_t>(j)]);
            }
            dst[static_cast<std::size_t>(d)] = acc;
        }
    });
}

// scipy.ndimage.zoom(grid_mode=True) along axis a, order 0 or 1.
Volume zoomAxis(const Volume& in, std::size_t a, int64_t outLen, int order, SkMode mode, double cval) {
    const int64_t n = in.dims[a];
    const double zoom = static_cast<double>(n) / static_cast<double>(outLen);
    return alongAxis(in, a, outLen, [&](const std::vector<double>& src, std::vector<double>& dst) {
        auto at = [&](int64_t i) {
            const int64_t j = extendIndex(i, n, mode);
            return j < 0 ? cval : src[static_cast<std::size_t>(j)];
        };
        for (int64_t d = 0; d < outLen; ++d) {
            const double c = mapCoordinate((static_cast<double>(d) + 0.5) * zoom - 0.5, n, mode);
            if (order == 0) {
                dst[static_cast<std::size_t>(d)] = at(static_cast<int64_t>(std::floor(c + 0.5)));
            } else {
                const double f = std::floor(c);
                const double t = c - f;
                const auto i = static_cast<int64_t>(f);
                dst[static_cast<std::size_t>(d)] = (1 - t) * at(i) + t * at(i + 1);
            }
        }
    });
}

// scipy.ndimage.spline_filter1d's recursive prefilter on one line (ni_splines.c): the gain, then
// per pole a causal and an anticausal pass, initialised as the mode's extension says (reflect for
// skimage's symmetric, wrap for wrap, mirror for the others: edge and constant lines are padded).
void splinePrefilter(std::vector<double>& c, int order, SkMode mode) {
    const auto n = static_cast<int64_t>(c.size());
    if (n <= 1) return;
    const double z = order == 2 ? std::sqrt(8.0) - 3.0 : std::sqrt(3.0) - 2.0;
    const double gain = (1.0 - z) * (1.0 - 1.0 / z);
    for (double& v : c) v *= gain;
    auto at = [&](int64_t i) -> double& { return c[static_cast<std::size_t>(i)]; };
    if (mode == SkMode::Wrap) {
        double zi = z;
        for (int64_t i = 1; i < n; ++i) {
            at(0) += zi * at(n - i);
            zi *= z;
        }
        at(0) /= 1 - zi;
    } else if (mode == SkMode::Symmetric) {
        double zi = z;
        const double zn = std::pow(z, static_cast<double>(n));
        const double c0 = at(0);
        at(0) = at(0) + zn * at(n - 1);
        for (int64_t i = 1; i < n; ++i) {
            at(0) += zi * (at(i) + zn * at(n - 1 - i));
            zi *= z;
        }
        at(0) *= z / (1 - zn * zn);
        at(0) += c0;
    } else {
        double zi = z;
        const double zn1 = std::pow(z, static_cast<double>(n - 1));
        at(0) = at(0) + zn1 * at(n - 1);
        for (int64_t i = 1; i < n - 1; ++i) {
            at(0) += zi * (at(i) + zn1 * at(n - 1 - i));
            zi *= z;
        }
        at(0) /= 1 - zn1 * zn1;
    }
    for (int64_t i = 1; i < n; ++i) at(i) += z * at(i - 1);
    if (mode == SkMode::Wrap) {
        double zi = z;
        for (int64_t i = 0; i < n - 1; ++i) {
            at(n - 1) += zi * at(i);
            zi *= z;
        }
        at(n - 1) *= z / (zi - 1);
    } else if (mode == SkMode::Symmetric) {
        at(n - 1) *= z / (z - 1);
    } else {
        at(n - 1) = (z * at(n - 2) + at(n - 1)) * z / (z * z - 1);
    }
    for (int64_t i = n - 2; i >= 0; --i) at(i) = z * (at(i + 1) - at(i));
}

// Orders 2 and 3 along axis a: zoom pads edge and constant lines by 12 (edge values, cval) before
// the prefilter and samples the padded line without mapping the position; the other modes map it
// into the image first. The value is the B-spline of the coefficients there (order 3: taps
// floor(x) - 1 .. floor(x) + 2; order 2: floor(x + 0.5) - 1 .. + 1), taps outside read the mode's
// extension of the coefficients.
Volume splineZoomAxis(const Volume& in, std::size_t a, int64_t outLen, int order, SkMode mode, double cval) {
    const int64_t n = in.dims[a];
    const double zoom = static_cast<double>(n) / static_cast<double>(outLen);
    const bool padded = mode == SkMode::Edge || mode == SkMode::Constant;
    const int64_t pad = padded ? 12 : 0;
    return alongAxis(in, a, outLen, [&](const std::vector<double>& src, std::vector<double>& dst) {
        std::vector<double> c(static_cast<std::size_t>(n + 2 * pad));
        for (int64_t i = 0; i < n + 2 * pad; ++i) {
            const int64_t j = i - pad;
            c[static_cast<std::size_t>(i)] = j >= 0 && j < n                 ? src[static_cast<std::size_t>(j)]
                                             : mode == SkMode::Constant ? cval
                                                                        : src[static_cast<std::size_t>(j < 0 ? 0 : n - 1)];
        }
        splinePrefilter(c, order, mode);
        const int64_t m = n + 2 * pad;
        for (int64_t d = 0; d < outLen; ++d) {
            const double at = (static_cast<double>(d) + 0.5) * zoom - 0.5;
            const double x = (padded ? at : mapCoordinate(at, n, mode)) + static_cast<double>(pad);
            double w[4];
            int64_t start;
            if (order == 3) {
                start = static_cast<int64_t>(std::floor(x)) - 1;
                const double t = x - std::floor(x), u = 1 - t;
                w[0] = u * u * u / 6.0;
                w[1] = (3.0 * t * t * t - 6.0 * t * t + 4.0) / 6.0;
                w[2] = (-3.0 * t * t * t + 3.0 * t * t + 3.0 * t + 1.0) / 6.0;
                w[3] = t * t * t / 6.0;
            } else {
                start = static_cast<int64_t>(std::floor(x + 0.5)) - 1;
                const double t = x - std::floor(x + 0.5);
                w[0] = (0.5 - t) * (0.5 - t) / 2.0;
                w[1] = 0.75 - t * t;
                w[2] = (0.5 + t) * (0.5 + t) / 2.0;
            }
            double acc = 0;
            for (int k = 0; k <= order; ++k) {
                const int64_t j = extendIndex(start + k, m, mode);
                acc += w[k] * (j < 0 ? cval : c[static_cast<std::size_t>(j)]);
            }
            dst[static_cast<std::size_t>(d)] = acc;
        }
    });
}

double roundTo(double v, DType dt) { return dt == DType::Float32 ? static_cast<double>(static_cast<float>(v)) : v; }

}  // namespace

Tensor resizeSkimage(const Tensor& input, const SkimageResize& r) {
    if (r.order < 0 || r.order > 3)
        throw UsageError("skimage.transform.resize: order " + std::to_string(r.order) +
                         " is not modelled (orders 0 to 3: nearest, linear, quadratic and cubic splines)");
    if (input.dtype() != DType::Float32 && input.dtype() != DType::Float64)
        throw UsageError("skimage.transform.resize: float32 or float64 input expected (integer images are rescaled "
                         "to [0, 1] by skimage; convert first)");
    if (input.rank() < 3)
        throw UsageError("skimage.transform.resize: expected (N, C, spatial...), got " + formatShape(input.shape()));
    const std::size_t sd = static_cast<std::size_t>(input.rank() - 2);
    if (r.outputShape.size() != sd)
        throw UsageError("skimage.transform.resize: output_shape has " + std::to_string(r.outputShape.size()) +
                         " values for " + std::to_string(sd) + " spatial dims");
    for (int64_t v : r.outputShape)
        if (v <= 0) throw UsageError("skimage.transform.resize: output_shape values must be > 0");
    const DType dt = input.dtype();
    Shape inDims(input.shape().begin() + 2, input.shape().end());
    for (int64_t v : inDims)
        if (v <= 0) throw UsageError("skimage.transform.resize: the image is empty");
    Shape outShape = {input.dim(0), input.dim(1)};
    outShape.insert(outShape.end(), r.outputShape.begin(), r.outputShape.end());
    Tensor out(outShape, dt);
    const int64_t slices = input.dim(0) * input.dim(1);
    const int64_t inN = shapeNumel(inDims), outN = shapeNumel(r.outputShape);
    const double cval = roundTo(r.cval, dt);
    for (int64_t s = 0; s < slices; ++s) {
        Volume v;
        v.dims = inDims;
        v.v.resize(static_cast<std::size_t>(inN));
        for (int64_t i = 0; i < inN; ++i)
            v.v[static_cast<std::size_t>(i)] = dt == DType::Float32 ? static_cast<double>(input.data<float>()[s * inN + i])
                                                                    : input.data<double>()[s * inN + i];
        // the input's range (NaN-safe, as skimage's nanmin / nanmax when there are NaNs)
        double lo = std::numeric_limits<double>::infinity(), hi = -lo;
        for (double x : v.v)
            if (!std::isnan(x)) {
                lo = std::min(lo, x);
                hi = std::max(hi, x);
            }
        if (r.antiAliasing) {
            for (std::size_t a = 0; a < sd; ++a) {
                const double factor = static_cast<double>(inDims[a]) / static_cast<double>(r.outputShape[a]);
                const double sigma = std::max(0.0, (factor - 1) / 2);
                if (sigma > 1e-15) v = gaussianAxis(v, a, sigma, r.mode, cval);
            }
            for (double& x : v.v) x = roundTo(x, dt);
        }
        for (std::size_t a = 0; a < sd; ++a)
            v = r.order <= 1 ? zoomAxis(v, a, r.outputShape[a], r.order, r.mode, cval)
                             : splineZoomAxis(v, a, r.outputShape[a], r.order, r.mode, cval);
        for (double& x : v.v) x = roundTo(x, dt);
        if (r.clip && lo <= hi) {
            if (r.mode == SkMode::Constant && !(lo <= cval && cval <= hi)) {
                double olo = std::numeric_limits<double>::infinity(), ohi = -olo;
                for (double x : v.v)
                    if (!std::isnan(x)) {
                        olo = std::min(olo, x);
                        ohi = std::max(ohi, x);
                    }
                if (olo <= cval && cval <= ohi) {
                    lo = std::min(lo, cval);
                    hi = std::max(hi, cval);
                }
            }
            for (double& x : v.v)
                if (!std::isnan(x)) x = std::clamp(x, lo, hi);
        }
        for (int64_t i = 0; i < outN; ++i) {
            if (dt == DType::Float32) out.data<float>()[s * outN + i] = static_cast<float>(v.v[static_cast<std::size_t>(i)]);
            else out.data<double>()[s * outN + i] = v.v[static_cast<std::size_t>(i)];
        }
    }
    return out;
}

Shape skimageRescaleShape(const Shape& spatial, const std::vector<double>& scale) {
    if (scale.size() != 1 && scale.size() != spatial.size())
        throw UsageError("skimage.transform.rescale: supply a single scale, or one value per spatial axis");
    Shape out;
    for (std::size_t i = 0; i < spatial.size(); ++i) {
        const double s = scale.size() == 1 ? scale[0] : scale[i];
        if (!(s > 0) || !std::isfinite(s)) throw UsageError("skimage.transform.rescale: scales must be finite and > 0");
        out.push_back(std::max<int64_t>(1, static_cast<int64_t>(std::nearbyint(s * static_cast<double>(spatial[i])))));
    }
    return out;
}

std::string skimageCallText(const SkimageResize& r) {
    std::ostringstream s;
    s << "skimage.transform.resize(img, (";
    for (std::size_t i = 0; i < r.outputShape.size(); ++i) s << (i ? ", " : "") << r.outputShape[i];
    if (r.outputShape.size() == 1) s << ",";
    s << "), order=" << r.order << ", mode='" << skModeName(r.mode) << "'";
    if (r.cval != 0) s << ", cval=" << r.cval;
    if (!r.clip) s << ", clip=False";
    s << ", anti_aliasing=" << (r.antiAliasing ? "True" : "False") << ")";
    return s.str();
}

}  // namespace upsample
