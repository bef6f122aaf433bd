// OpenCV's cv2.resize on float32 images (OpenCV 4.6, imgproc/src/resize.cpp), as per-axis tables run
// on the shared CPU kernels:
//  * output size: dsize, else round(W·fx) x round(H·fy) (half to even); the kernel's scale is
//    1/inv_scale with inv_scale = dsize/ssize or fx. The same size is a plain copy.
//  * INTER_NEAREST: floor(d · (1/inv_scale)), clamped (PyTorch's nearest formula).
//  * INTER_NEAREST_EXACT: 16.16 fixed point, ifx = ((in << 16) + out/2) / out, index
//    (ifx·d + ifx/2 - 1) >> 16, clamped: pixel centres, like nearest-exact, except that a centre
//    landing exactly between two pixels (even ratios: 6 -> 3) takes the lower one.
//  * INTER_LINEAR, INTER_CUBIC (A = -0.75), INTER_LANCZOS4 (8 taps): x = (float)((d+0.5)·scale - 0.5),
//    float weights; the horizontal axis moves a coordinate below 0 (or at/after the last pixel) onto
//    the border with weight 0 for linear, taps are clamped to the border; horizontal pass first,
//    then vertical, in float. A 2x downscale on both axes with INTER_LINEAR runs INTER_AREA.
//  * INTER_AREA downscaling (both scales >= 1): integer scales average whole blocks (a partial
//    block at the border averages what it covers); other scales weigh each input pixel by the
//    fraction of it the output cell covers. When either axis upscales, both axes use bilinear
//    weights from the area formula: sx = floor(d·scale), f = (d+1) - (sx+1)/scale, wrapped to [0, 1).
#include "common.hpp"
#include "cpu/parallel.hpp"

#include "upsample/error.hpp"

#include <cfloat>
#include <cmath>
#include <cstring>
#include <numbers>

namespace upsample {

std::string_view cvInterpolationName(CvInterpolation i) {
    switch (i) {
    case CvInterpolation::Nearest: return "INTER_NEAREST";
    case CvInterpolation::Linear: return "INTER_LINEAR";
    case CvInterpolation::Cubic: return "INTER_CUBIC";
    case CvInterpolation::Area: return "INTER_AREA";
    case CvInterpolation::Lanczos4: return "INTER_LANCZOS4";
    case CvInterpolation::NearestExact: return "INTER_NEAREST_EXACT";
    }
    return "INTER_LINEAR";
}

std::optional<CvInterpolation> cvInterpolationFromName(std::string_view name) {
    if (name.substr(0, 4) == "cv2.") name.remove_prefix(4);
    return conventions::enumFromName(name, kAllCvInterpolations, cvInterpolationName);
}

namespace {

using conventions::Planes;

// OpenCV's cvFloor and cvRound (saturate_cast<int> of a double rounds half to even).
int64_t cvFloor(double v) { return static_cast<int64_t>(std::floor(v)); }
int64_t cvRound(double v) { return static_cast<int64_t>(std::nearbyint(v)); }

struct CvAxis {
    int64_t in = 1, out = 1;
    double inv = 1;    // inv_scale: out/in or fx
    double scale = 1;  // 1/inv_scale
};

void interpolateLinear(float x, float* c) {
    c[0] = 1.f - x;
    c[1] = x;
}
void interpolateCubic(float x, float* c) {
    const float A = -0.75f;
    c[0] = ((A * (x + 1) - 5 * A) * (x + 1) + 8 * A) * (x + 1) - 4 * A;
    c[1] = ((A + 2) * x - (A + 3)) * x * x + 1;
    c[2] = ((A + 2) * (1 - x) - (A + 3)) * (1 - x) * (1 - x) + 1;
    c[3] = 1.f - c[0] - c[1] - c[2];
}
void interpolateLanczos4(float x, float* c) {
    constexpr double s45 = 0.70710678118654752440084436210485;
    constexpr double cs[8][2] = {{1, 0}, {-s45, -s45}, {0, 1}, {s45, -s45}, {-1, 0}, {s45, s45}, {0, -1}, {-s45, s45}};
    constexpr double pi = std::numbers::pi;
    float sum = 0;
    const double y0 = -(x + 3) * pi * 0.25, s0 = std::sin(y0), c0 = std::cos(y0);
    for (int i = 0; i < 8; ++i) {
        const float y0_ = (x + 3 - static_cast<float>(i));
        if (std::fabs(y0_) >= 1e-6f) {
            const double y = -y0_ * pi * 0.25;
            c[i] = static_cast<float>((cs[i][0] * s0 + cs[i][1] * c0) / (y * y));
        } else {
            c[i] = 1e30f;  // x ~ 0 or ~ 1: that tap alone
        }
        sum += c[i];
    }
    sum = 1.f / sum;
    for (int i = 0; i < 8; ++i) c[i] *= sum;
}

// INTER_NEAREST: floor(d / inv_scale).
AxisTable<float> nearestAxis(const CvAxis& a) {
    AxisTable<float> t = conventions::identityTable<float>(a.out);
    t.in = a.in;
    const double ifx = 1. / a.inv;
    for (int64_t d = 0; d < a.out; ++d) t.index[d] = std::min(cvFloor(static_cast<double>(d) * ifx), a.in - 1);
    return t;
}

// INTER_NEAREST_EXACT: 16.16 fixed point, the scale ignored.
AxisTable<float> nearestExactAxis(const CvAxis& a) {
    AxisTable<float> t = conventions::identityTable<float>(a.out);
    t.in = a.in;
    const int64_t ifx = ((a.in << 16) + a.out / 2) / a.out;
    const int64_t ifx0 = ifx / 2 - 1;  // OpenCV 4.6 (later versions subtract in % 2)
    for (int64_t d = 0; d < a.out; ++d)
        t.index[d] = std::clamp<int64_t>((ifx * d + ifx0) >> 16, 0, a.in - 1);
    return t;
}

// The generic separable path: K taps per output, x along the horizontal axis (border fixes), y
// along the vertical one (taps clamped only).
AxisTable<float> tapAxis(const CvAxis& a, CvInterpolation interp, bool horizontal) {
    const int K = interp == CvInterpolation::Cubic ? 4 : interp == CvInterpolation::Lanczos4 ? 8 : 2;
    const int K2 = K / 2;
    const bool areaMode = interp == CvInterpolation::Area;
    const bool linearLike = interp != CvInterpolation::Cubic && interp != CvInterpolation::Lanczos4;
    AxisTable<float> t;
    t.in = a.in;
    t.out = a.out;
    t.taps = K;
    t.index.resize(static_cast<std::size_t>(a.out * K));
    t.weight.resize(static_cast<std::size_t>(a.out * K));
    float cbuf[8];
    for (int64_t d = 0; d < a.out; ++d) {
        float f;
        int64_t sx;
        if (!areaMode) {
            f = static_cast<float>((static_cast<double>(d) + 0.5) * a.scale - 0.5);
            sx = static_cast<int64_t>(std::floor(f));
            f -= static_cast<float>(sx);
        } else {
            sx = cvFloor(static_cast<double>(d) * a.scale);
            f = static_cast<float>(static_cast<double>(d + 1) - static_cast<double>(sx + 1) * a.inv);
            f = f <= 0 ? 0.f : f - static_cast<float>(std::floor(f));
        }
        if (horizontal && linearLike) {
            if (sx < 0) f = 0, sx = 0;
            if (sx >= a.in - 1) f = 0, sx = a.in - 1;
        }
        if (interp == CvInterpolation::Cubic) interpolateCubic(f, cbuf);
        else if (interp == CvInterpolation::Lanczos4) interpolateLanczos4(f, cbuf);
        else interpolateLinear(f, cbuf);
        for (int k = 0; k < K; ++k) {
            t.index[static_cast<std::size_t>(d * K + k)] = std::clamp<int64_t>(sx - K2 + 1 + k, 0, a.in - 1);
            t.weight[static_cast<std::size_t>(d * K + k)] = cbuf[k];
        }
    }
    return t;
}

// INTER_AREA, integer scale: whole blocks of `iscale` inputs; the last may be cut by the border.
AxisTable<float> areaFastAxis(const CvAxis& a, int64_t iscale) {
    AxisTable<float> t;
    t.in = a.in;
    t.out = a.out;
    t.taps = 1;
    t.index.resize(static_cast<std::size_t>(a.out));
    t.weight.resize(static_cast<std::size_t>(a.out));
    t.count.resize(static_cast<std::size_t>(a.out));
    for (int64_t d = 0; d < a.out; ++d) {
        const int64_t start = d * iscale;
        const int64_t n = std::max<int64_t>(std::min(iscale, a.in - start), 0);
        t.index[d] = std::min(start, a.in - 1);
        t.count[d] = static_cast<int32_t>(n);
        t.weight[d] = 1.f / static_cast<float>(std::max<int64_t>(n, 1));
    }
    return t;
}

// INTER_AREA, other downscales: OpenCV's computeResizeAreaTab, a contiguous window per output.
AxisTable<float> areaAxis(const CvAxis& a) {
    std::vector<std::vector<std::pair<int64_t, float>>> rows(static_cast<std::size_t>(a.out));
    std::size_t taps = 1;
    for (int64_t d = 0; d < a.out; ++d) {
        auto& r = rows[static_cast<std::size_t>(d)];
        const double fsx1 = static_cast<double>(d) * a.scale;
        const double fsx2 = fsx1 + a.scale;
        const double cellWidth = std::min(a.scale, static_cast<double>(a.in) - fsx1);
        int64_t sx1 = static_cast<int64_t>(std::ceil(fsx1)), sx2 = cvFloor(fsx2);
        sx2 = std::min(sx2, a.in - 1);
        sx1 = std::min(sx1, sx2);
        if (static_cast<double>(sx1) - fsx1 > 1e-3)
            r.emplace_back(sx1 - 1, static_cast<float>((static_cast<double>(sx1) - fsx1) / cellWidth));
        for (int64_t sx = sx1; sx < sx2; ++sx) r.emplace_back(sx, static_cast<float>(1.0 / cellWidth));
        if (fsx2 - static_cast<double>(sx2) > 1e-3)
            r.emplace_back(sx2, static_cast<float>(std::min(std::min(fsx2 - static_cast<double>(sx2), 1.), cellWidth) /
                                                   cellWidth));
        taps = std::max(taps, r.size());
    }
    AxisTable<float> t;
    t.in = a.in;
    t.out = a.out;
    t.taps = static_cast<int>(taps);
    t.index.assign(static_cast<std::size_t>(a.out) * taps, 0);
    t.weight.assign(static_cast<std::size_t>(a.out) * taps, 0.f);
    t.count.resize(static_cast<std::size_t>(a.out));
    for (int64_t d = 0; d < a.out; ++d) {
        const auto& r = rows[static_cast<std::size_t>(d)];
        const std::size_t base = static_cast<std::size_t>(d) * taps;
        for (std::size_t j = 0; j < taps; ++j) {
            t.index[base + j] = r.empty() ? 0 : r[std::min(j, r.size() - 1)].first;
            t.weight[base + j] = j < r.size() ? r[j].second : 0.f;
        }
        t.count[static_cast<std::size_t>(d)] = static_cast<int32_t>(r.size());
    }
    return t;
}

}  // namespace

std::pair<int64_t, int64_t> openCvOutputSize(int64_t height, int64_t width, const OpenCvResize& r) {
    if (r.dsize) {
        if (r.dsize->first <= 0 || r.dsize->second <= 0)
            throw UsageError("cv2.resize: dsize (" + std::to_string(r.dsize->first) + ", " +
                             std::to_string(r.dsize->second) + ") is empty; give a positive size or dsize=None with fx, fy");
        return {r.dsize->second, r.dsize->first};
    }
    if (!(r.fx > 0) || !(r.fy > 0))
        throw UsageError("cv2.resize: without dsize, fx and fy must be > 0 (OpenCV: Assertion failed inv_scale_x > 0)");
    const int64_t w = cvRound(static_cast<double>(width) * r.fx), h = cvRound(static_cast<double>(height) * r.fy);
    if (w <= 0 || h <= 0)
        throw UsageError("cv2.resize: round(" + std::to_string(width) + " x fx) x round(" + std::to_string(height) +
                         " x fy) is an empty size (OpenCV: Assertion failed !dsize.empty())");
    return {h, w};
}

namespace {
// How cv::resize computes one (H, W) plane, and the per-axis tables it reads.
struct CvPlan {
    enum Kind { Copy, Gather, AreaFast, Window, Taps } kind = Copy;
    AxisTable<float> y, x;
};

CvPlan openCvPlan(const OpenCvResize& r, int64_t h, int64_t w, int64_t oh, int64_t ow) {
    CvPlan plan;
    if (oh == h && ow == w) return plan;  // cv::resize copies
    CvAxis ax{w, ow, r.dsize ? static_cast<double>(ow) / static_cast<double>(w) : r.fx, 0};
    CvAxis ay{h, oh, r.dsize ? static_cast<double>(oh) / static_cast<double>(h) : r.fy, 0};
    ax.scale = 1. / ax.inv;
    ay.scale = 1. / ay.inv;
    CvInterpolation interp = r.interpolation;
    if (interp == CvInterpolation::Nearest || interp == CvInterpolation::NearestExact) {
        const bool exact = interp == CvInterpolation::NearestExact;
        return {CvPlan::Gather, exact ? nearestExactAxis(ay) : nearestAxis(ay), exact ? nearestExactAxis(ax) : nearestAxis(ax)};
    }
    const auto iscaleX = static_cast<int64_t>(std::nearbyint(ax.scale));
    const auto iscaleY = static_cast<int64_t>(std::nearbyint(ay.scale));
    const bool areaFast = std::abs(ax.scale - static_cast<double>(iscaleX)) < DBL_EPSILON &&
                          std::abs(ay.scale - static_cast<double>(iscaleY)) < DBL_EPSILON;
    if (interp == CvInterpolation::Linear && areaFast && iscaleX == 2 && iscaleY == 2) interp = CvInterpolation::Area;
    if (interp == CvInterpolation::Area && ax.scale >= 1 && ay.scale >= 1) {
        if (areaFast) return {CvPlan::AreaFast, areaFastAxis(ay, iscaleY), areaFastAxis(ax, iscaleX)};
        return {CvPlan::Window, areaAxis(ay), areaAxis(ax)};
    }
    return {CvPlan::Taps, tapAxis(ay, interp, false), tapAxis(ax, interp, true)};
}

// Output d of one axis: the inputs read and their weights.
LibraryAxisTaps axisTaps(const char* name, const AxisTable<float>& t, int64_t d, bool window) {
    LibraryAxisTaps a;
    a.axis = name;
    for (int j = 0; j < t.tapCount(d); ++j) {
        a.index.push_back(window ? t.tapIndex(d, 0) + j : t.tapIndex(d, j));
        a.weight.push_back(window ? 1.0 / t.tapCount(d) : static_cast<double>(t.tapWeight(d, j)));
    }
    return a;
}
}  // namespace

Tensor resizeOpenCv(const Tensor& input, const OpenCvResize& r) {
    const Planes p = conventions::planesOf(input, "OpenCV");
    const auto [oh, ow] = openCvOutputSize(p.h, p.w, r);
    Tensor out = conventions::planesOutput(p, oh, ow, DType::Float32, "OpenCV");
    const Tensor in = conventions::asFloat32(input);
    if (out.empty()) return out;
    const CvPlan plan = openCvPlan(r, p.h, p.w, oh, ow);
    if (plan.kind == CvPlan::Copy) {
        std::memcpy(out.raw(), in.raw(), in.nbytes());
        return out;
    }
    const auto g = conventions::planeGeometry(p, oh, ow);
    const int threads = cpu::defaultThreads();
    const float* src = in.data<float>();
    float* dst = out.data<float>();
    const auto t = conventions::planeTables(plan.y, plan.x);
    switch (plan.kind) {
    case CvPlan::Gather: cpu::gatherKernel<float>(g, t, src, dst, threads); break;
    case CvPlan::AreaFast: cpu::areaKernel<float>(g, t, src, dst, threads); break;
    case CvPlan::Window: cpu::antialiasKernel<float>(g, t, src, dst, threads); break;
    default: cpu::tapKernel<float>(g, t, src, dst, threads); break;
    }
    return out;
}

std::vector<LibraryAxisTaps> openCvPixelTaps(const OpenCvResize& r, int64_t h, int64_t w, int64_t y, int64_t x) {
    const auto [oh, ow] = openCvOutputSize(h, w, r);
    if (y < 0 || x < 0 || y >= oh || x >= ow) return {};
    const CvPlan plan = openCvPlan(r, h, w, oh, ow);
    if (plan.kind == CvPlan::Copy) return {{"H", {y}, {1.0}}, {"W", {x}, {1.0}}};
    const bool window = plan.kind == CvPlan::AreaFast;
    return {axisTaps("H", plan.y, y, window), axisTaps("W", plan.x, x, window)};
}

std::string openCvCallText(const OpenCvResize& r) {
    std::string s = "cv2.resize(img, ";
    if (r.dsize) s += "(" + std::to_string(r.dsize->first) + ", " + std::to_string(r.dsize->second) + ")";
    else s += "None, fx=" + pyFloatRepr(r.fx) + ", fy=" + pyFloatRepr(r.fy);
    return s + ", interpolation=cv2." + std::string(cvInterpolationName(r.interpolation)) + ")";
}

}  // namespace upsample
