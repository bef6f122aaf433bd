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
//    Bit for bit as resizeAreaFast_ and ResizeArea_Invoker compute it in float: integer scales sum
//    a block row by row in groups of four (((a + b) + c) + d) and multiply by 1.f/area, except
//    2x2 blocks of 1- and 4-channel images that the SIMD path takes ((a00 + a01) + (a10 + a11))·0.25f
//    (4 outputs at a time for 1 channel, 2 for 4 channels; the rest of the row is scalar); a partial
//    block divides its sum by its count; other scales accumulate input · alpha along the row, then
//    beta · row over the rows, all in float.
//  * INTER_LINEAR_EXACT: float32 runs INTER_LINEAR (OpenCV 4.6 falls back for float). 8-bit images
//    use resize_bitExact: x = (d + 0.5)·(1/inv_scale) - 0.5 in double, weights in 8.8 fixed point
//    (w1 = round_half_even(frac·256), w0 = 256 - w1), a horizontal pass to 8.8 values, a vertical
//    pass to 16.16 rounded half up; outputs left of the first input (x < 0) or at/after the last
//    copy the border (the vertical border rounds the 8.8 row). An exact 2x downscale (is_area_fast,
//    not 2 channels) runs INTER_AREA instead: (a + b + c + d + 2) >> 2.
#include "common.hpp"
#include "cpu/parallel.hpp"

#include "upsample/error.hpp"

#include <cfloat>
#include <cmath>
#include <cstring>
#include <numbers>
#include <sstream>
#include <type_traits>
#include <vector>

namespace upsample {

std::string_view cvInterpolationName(CvInterpolation i) {
    switch (i) {
    case CvInterpolation::Nearest: return "INTER_NEAREST";
    case CvInterpolation::Linear: return "INTER_LINEAR";
    case CvInterpolation::Cubic: return "INTER_CUBIC";
    case CvInterpolation::Area: return "INTER_AREA";
    case CvInterpolation::Lanczos4: return "INTER_LANCZOS4";
    case CvInterpolation::NearestExact: return "INTER_NEAREST_EXACT";
    case CvInterpolation::LinearExact: return "INTER_LINEAR_EXACT";
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
    enum Kind { Copy, Gather, AreaFast, Window, Taps, LinearExact8 } kind = Copy;
    AxisTable<float> y, x;
    CvAxis ay, ax;                       // LinearExact8
    int64_t iscaleY = 1, iscaleX = 1;    // AreaFast
};

CvPlan openCvPlan(const OpenCvResize& r, int64_t h, int64_t w, int64_t oh, int64_t ow, int64_t cn) {
    CvPlan plan;
    if (oh == h && ow == w) return plan;  // cv::resize copies
    CvAxis ax{w, ow, r.dsize ? static_cast<double>(ow) / static_cast<double>(w) : r.fx, 0};
    CvAxis ay{h, oh, r.dsize ? static_cast<double>(oh) / static_cast<double>(h) : r.fy, 0};
    ax.scale = 1. / ax.inv;
    ay.scale = 1. / ay.inv;
    CvInterpolation interp = r.interpolation;
    const auto iscaleX = static_cast<int64_t>(std::nearbyint(ax.scale));
    const auto iscaleY = static_cast<int64_t>(std::nearbyint(ay.scale));
    const bool areaFast = std::abs(ax.scale - static_cast<double>(iscaleX)) < DBL_EPSILON &&
                          std::abs(ay.scale - static_cast<double>(iscaleY)) < DBL_EPSILON;
    if (interp == CvInterpolation::LinearExact) {
        if (!r.uint8) interp = CvInterpolation::Linear;  // OpenCV 4.6: float falls back to INTER_LINEAR
        else if (areaFast && iscaleX == 2 && iscaleY == 2 && cn != 2) interp = CvInterpolation::Area;
        else {
            plan.kind = CvPlan::LinearExact8;
            plan.ay = ay;
            plan.ax = ax;
            plan.y = tapAxis(ay, CvInterpolation::Linear, true);  // the taps (display); computed apart
            plan.x = tapAxis(ax, CvInterpolation::Linear, true);
            return plan;
        }
    }
    if (interp == CvInterpolation::Nearest || interp == CvInterpolation::NearestExact) {
        const bool exact = interp == CvInterpolation::NearestExact;
        return {CvPlan::Gather, exact ? nearestExactAxis(ay) : nearestAxis(ay), exact ? nearestExactAxis(ax) : nearestAxis(ax),
                ay, ax};
    }
    if (interp == CvInterpolation::Linear && areaFast && iscaleX == 2 && iscaleY == 2) interp = CvInterpolation::Area;
    if (interp == CvInterpolation::Area && ax.scale >= 1 && ay.scale >= 1) {
        if (areaFast) return {CvPlan::AreaFast, areaFastAxis(ay, iscaleY), areaFastAxis(ax, iscaleX), ay, ax, iscaleY, iscaleX};
        return {CvPlan::Window, areaAxis(ay), areaAxis(ax), ay, ax};
    }
    return {CvPlan::Taps, tapAxis(ay, interp, false), tapAxis(ax, interp, true), ay, ax};
}

// resizeAreaFast_ on one (h, w) plane of a cn-channel image (float: WT float; 8-bit: WT int).
template <class T>
void areaFastPlane(const float* src, float* dst, int64_t h, int64_t w, int64_t oh, int64_t ow, int64_t sx, int64_t sy,
                   int64_t cn) {
    const int64_t area = sx * sy;
    const float scale = 1.f / static_cast<float>(area);
    const int64_t full = w / sx;  // outputs per row made of whole blocks
    // the SIMD 2x2 path: float 1 and 4 channels; 8-bit 1, 3 and 4 channels (all of a row)
    int64_t simd = 0;
    if (sx == 2 && sy == 2) {
        if constexpr (std::is_same_v<T, float>) simd = cn == 1 ? full / 4 * 4 : cn == 4 ? full / 2 * 2 : 0;
        else simd = (cn == 1 || cn == 3 || cn == 4) ? full : 0;
    }
    for (int64_t dy = 0; dy < oh; ++dy) {
        float* D = dst + dy * ow;
        const int64_t sy0 = dy * sy;
        if (sy0 >= h) {
            std::fill(D, D + ow, 0.f);
            continue;
        }
        const float* S = src + sy0 * w;
        const int64_t rowFull = sy0 + sy <= h ? full : 0;
        const int64_t rowSimd = rowFull ? simd : 0;
        int64_t dx = 0;
        for (; dx < rowSimd; ++dx) {
            const float* s0 = S + dx * 2;
            const float* s1 = s0 + w;
            if constexpr (std::is_same_v<T, float>) D[dx] = ((s0[0] + s0[1]) + (s1[0] + s1[1])) * 0.25f;
            else D[dx] = static_cast<float>((static_cast<int>(s0[0]) + static_cast<int>(s0[1]) + static_cast<int>(s1[0]) +
                                             static_cast<int>(s1[1]) + 2) >> 2);
        }
        auto at = [&](int64_t k, int64_t x0) -> T { return static_cast<T>(S[(k / sx) * w + x0 + k % sx]); };
        for (; dx < rowFull; ++dx) {
            const int64_t x0 = dx * sx;
            T sum = 0;
            int64_t k = 0;
            for (; k <= area - 4; k += 4) sum += at(k, x0) + at(k + 1, x0) + at(k + 2, x0) + at(k + 3, x0);
            for (; k < area; ++k) sum += at(k, x0);
            if constexpr (std::is_same_v<T, float>) D[dx] = sum * scale;
            else D[dx] = static_cast<float>(std::clamp<int64_t>(cvRound(static_cast<float>(sum) * scale), 0, 255));
        }
        for (; dx < ow; ++dx) {
            const int64_t x0 = dx * sx;
            T sum = 0;
            int count = 0;
            for (int64_t j = 0; j < sy && sy0 + j < h; ++j)
                for (int64_t i = 0; i < sx && x0 + i < w; ++i) {
                    sum += static_cast<T>(S[j * w + x0 + i]);
                    ++count;
                }
            const float v = static_cast<float>(sum) / static_cast<float>(count);
            if constexpr (std::is_same_v<T, float>) D[dx] = v;
            else D[dx] = static_cast<float>(std::clamp<int64_t>(cvRound(v), 0, 255));
        }
    }
}

// ResizeArea_Invoker<float, float> on one plane: per row, buf = sum of S·alpha along x; per
// output row, sum of beta·buf over its rows; float throughout.
void areaWindowPlane(const float* src, float* dst, int64_t w, int64_t oh, int64_t ow, const AxisTable<float>& ty,
                     const AxisTable<float>& tx) {
    std::vector<float> buf(static_cast<std::size_t>(ow)), sum(static_cast<std::size_t>(ow));
    for (int64_t dy = 0; dy < oh; ++dy) {
        std::fill(sum.begin(), sum.end(), 0.f);
        for (int j = 0; j < ty.tapCount(dy); ++j) {
            const float beta = ty.tapWeight(dy, j);
            const float* S = src + ty.tapIndex(dy, j) * w;
            for (int64_t dx = 0; dx < ow; ++dx) {
                float b = 0.f;
                for (int k = 0; k < tx.tapCount(dx); ++k) b += S[tx.tapIndex(dx, k)] * tx.tapWeight(dx, k);
                buf[static_cast<std::size_t>(dx)] = b;
            }
            for (int64_t dx = 0; dx < ow; ++dx) sum[static_cast<std::size_t>(dx)] += beta * buf[static_cast<std::size_t>(dx)];
        }
        std::copy(sum.begin(), sum.end(), dst + dy * ow);
    }
}

// resize_bitExact<uchar, interpolationLinear<uchar>>: per axis, the first output at/after which
// the taps are inside (min), the first output at/after the last input (max), offsets and 8.8 weights.
struct ExactAxis {
    int64_t min = 0, max = 0;
    std::vector<int64_t> ofs;
    std::vector<uint32_t> w0, w1;
};
ExactAxis exactAxis(const CvAxis& a) {
    ExactAxis e;
    e.max = a.out;
    e.ofs.assign(static_cast<std::size_t>(a.out), 0);
    e.w0.assign(static_cast<std::size_t>(a.out), 0);
    e.w1.assign(static_cast<std::size_t>(a.out), 0);
    const double scale = 1.0 / a.inv;
    for (int64_t d = 0; d < a.out; ++d) {
        const double f = scale * (static_cast<double>(d) + 0.5) - 0.5;
        const int64_t i = cvFloor(f);
        if (i >= 0 && a.in > 1) {
            if (i < a.in - 1) {
                e.ofs[d] = i;
                const auto w1 = static_cast<uint32_t>(std::clamp<int64_t>(cvRound((f - static_cast<double>(i)) * 256.0), 0, 65535));
                e.w1[d] = w1;
                e.w0[d] = w1 >= 256 ? 0 : 256 - w1;
            } else {
                e.ofs[d] = a.in - 1;
                e.max = std::min(e.max, d);
            }
        } else {
            e.min = std::max(e.min, d + 1);
        }
    }
    return e;
}

void linearExact8Plane(const float* src, float* dst, int64_t h, int64_t w, int64_t oh, int64_t ow, const ExactAxis& ey,
                       const ExactAxis& ex) {
    // the horizontal pass of one input row to 8.8 fixed point
    auto hline = [&](int64_t row, std::vector<uint32_t>& out) {
        const float* S = src + row * w;
        const uint32_t last = static_cast<uint32_t>(S[ex.ofs[static_cast<std::size_t>(ow - 1)]]);
        for (int64_t d = 0; d < ow; ++d) {
            const auto u = static_cast<std::size_t>(d);
            if (d < ex.min) out[u] = static_cast<uint32_t>(S[0]) << 8;
            else if (d >= ex.max) out[u] = last << 8;
            else out[u] = std::min<uint32_t>(ex.w0[u] * static_cast<uint32_t>(S[ex.ofs[u]]) +
                                                 ex.w1[u] * static_cast<uint32_t>(S[ex.ofs[u] + 1]), 0xFFFF);
        }
    };
    std::vector<uint32_t> r0(static_cast<std::size_t>(ow)), r1(static_cast<std::size_t>(ow));
    for (int64_t dy = 0; dy < oh; ++dy) {
        float* D = dst + dy * ow;
        const auto u = static_cast<std::size_t>(dy);
        if (dy < ey.min || dy >= ey.max) {
            hline(dy < ey.min ? 0 : h - 1, r0);
            for (int64_t d = 0; d < ow; ++d) D[d] = static_cast<float>(std::min<uint32_t>((r0[static_cast<std::size_t>(d)] + 128) >> 8, 255));
            continue;
        }
        hline(ey.ofs[u], r0);
        hline(ey.ofs[u] + 1, r1);
        for (int64_t d = 0; d < ow; ++d) {
            const auto v = static_cast<uint64_t>(r0[static_cast<std::size_t>(d)]) * ey.w0[u] +
                           static_cast<uint64_t>(r1[static_cast<std::size_t>(d)]) * ey.w1[u];
            D[d] = static_cast<float>(std::min<uint64_t>((v + 32768) >> 16, 255));
        }
    }
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
    if (r.uint8 && r.interpolation != CvInterpolation::Nearest && r.interpolation != CvInterpolation::NearestExact &&
        r.interpolation != CvInterpolation::LinearExact)
        throw UsageError("cv2.resize on 8-bit images is modelled for INTER_NEAREST, INTER_NEAREST_EXACT and "
                         "INTER_LINEAR_EXACT, not " + std::string(cvInterpolationName(r.interpolation)));
    Tensor out = conventions::planesOutput(p, oh, ow, DType::Float32, "OpenCV");
    const Tensor in = conventions::asFloat32(input);
    if (r.uint8) {
        const float* v = in.data<float>();
        for (int64_t i = 0; i < in.numel(); ++i)
            if (!(v[i] >= 0 && v[i] <= 255 && v[i] == std::floor(v[i])))
                throw UsageError("cv2.resize on an 8-bit image: element " + std::to_string(i) + " is " +
                                 pyFloatRepr(v[i]) + ", not an integer in [0, 255]");
    }
    if (out.empty()) return out;
    const CvPlan plan = openCvPlan(r, p.h, p.w, oh, ow, p.c);
    if (plan.kind == CvPlan::Copy) {
        std::memcpy(out.raw(), in.raw(), in.nbytes());
        return out;
    }
    const auto g = conventions::planeGeometry(p, oh, ow);
    const int threads = cpu::defaultThreads();
    const float* src = in.data<float>();
    float* dst = out.data<float>();
    const auto t = conventions::planeTables(plan.y, plan.x);
    // the planes computed one by one, as OpenCV computes them (its own accumulation order)
    auto eachPlane = [&](auto fn) {
        cpu::parallelFor(p.planes, threads, [&](int64_t begin, int64_t end) {
            for (int64_t k = begin; k < end; ++k) fn(src + k * p.h * p.w, dst + k * oh * ow);
        });
    };
    switch (plan.kind) {
    case CvPlan::Gather: cpu::gatherKernel<float>(g, t, src, dst, threads); break;
    case CvPlan::AreaFast:
        if (r.uint8)
            eachPlane([&](const float* s, float* d) { areaFastPlane<int>(s, d, p.h, p.w, oh, ow, plan.iscaleX, plan.iscaleY, p.c); });
        else
            eachPlane([&](const float* s, float* d) { areaFastPlane<float>(s, d, p.h, p.w, oh, ow, plan.iscaleX, plan.iscaleY, p.c); });
        break;
    case CvPlan::Window:
        eachPlane([&](const float* s, float* d) { areaWindowPlane(s, d, p.w, oh, ow, plan.y, plan.x); });
        break;
    case CvPlan::LinearExact8: {
        const ExactAxis ey = exactAxis(plan.ay), ex = exactAxis(plan.ax);
        eachPlane([&](const float* s, float* d) { linearExact8Plane(s, d, p.h, p.w, oh, ow, ey, ex); });
        break;
    }
    default: cpu::tapKernel<float>(g, t, src, dst, threads); break;
    }
    return out;
}

std::vector<LibraryAxisTaps> openCvPixelTaps(const OpenCvResize& r, int64_t h, int64_t w, int64_t y, int64_t x) {
    const auto [oh, ow] = openCvOutputSize(h, w, r);
    if (y < 0 || x < 0 || y >= oh || x >= ow) return {};
    const CvPlan plan = openCvPlan(r, h, w, oh, ow, 1);
    if (plan.kind == CvPlan::Copy) return {{"H", {y}, {1.0}}, {"W", {x}, {1.0}}};
    const bool window = plan.kind == CvPlan::AreaFast;
    return {axisTaps("H", plan.y, y, window), axisTaps("W", plan.x, x, window)};
}

std::string openCvCallText(const OpenCvResize& r) {
    std::ostringstream os;
    os << "cv2.resize(" << (r.uint8 ? "img.astype(np.uint8), " : "img, ");
    if (r.dsize) os << "(" << r.dsize->first << ", " << r.dsize->second << ")";
    else os << "None, fx=" << pyFloatRepr(r.fx) << ", fy=" << pyFloatRepr(r.fy);
    os << ", interpolation=cv2." << cvInterpolationName(r.interpolation) << ")";
    return os.str();
}

}  // namespace upsample
