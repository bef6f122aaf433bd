// Pillow's Image.resize on mode "F" (float32) images (Pillow 9.4, libImaging/Resample.c and
// Geometry.c), as per-axis tables run on the shared CPU kernels:
//  * the same size is a copy;
//  * NEAREST: an affine scale with a = in/out, x0 = a/2, then x += a per output (double,
//    accumulated), index = (int)x: pixel centres, like nearest-exact;
//  * the filters (BOX 0.5, BILINEAR 1, HAMMING 1, BICUBIC 2 with a = -0.5, LANCZOS 3 lobes) are
//    separable convolutions with the support scaled by in/out when downscaling, always (there is no
//    switch): centre = (d + 0.5)·in/out, window [(int)(centre - support + 0.5), (int)(centre + support
//    + 0.5)) clipped to the image, weights filter((j - centre + 0.5)/filterscale) normalised to 1,
//    in double. The horizontal pass runs first (only when the width changes) into a float32 image,
//    then the vertical pass (only when the height changes). This is PyTorch's antialias scheme,
//    which PyTorch took from Pillow.
#include "common.hpp"
#include "cpu/parallel.hpp"

#include "upsample/error.hpp"

#include <cmath>
#include <cstring>
#include <numbers>

namespace upsample {

std::string_view pilResampleName(PilResample r) {
    switch (r) {
    case PilResample::Nearest: return "NEAREST";
    case PilResample::Lanczos: return "LANCZOS";
    case PilResample::Bilinear: return "BILINEAR";
    case PilResample::Bicubic: return "BICUBIC";
    case PilResample::Box: return "BOX";
    case PilResample::Hamming: return "HAMMING";
    }
    return "BICUBIC";
}

std::optional<PilResample> pilResampleFromName(std::string_view name) {
    for (std::string_view prefix : {"Image.Resampling.", "Resampling.", "Image.", "PIL.Image."})
        if (name.substr(0, prefix.size()) == prefix) {
            name.remove_prefix(prefix.size());
            break;
        }
    if (name == "ANTIALIAS") return PilResample::Lanczos;
    return conventions::enumFromName(name, kAllPilResamples, pilResampleName);
}

namespace {

using conventions::Planes;

struct Filter {
    double (*f)(double);
    double support;
};

double boxFilter(double x) { return (x > -0.5 && x <= 0.5) ? 1.0 : 0.0; }
double bilinearFilter(double x) {
    if (x < 0.0) x = -x;
    return x < 1.0 ? 1.0 - x : 0.0;
}
double hammingFilter(double x) {
    if (x < 0.0) x = -x;
    if (x == 0.0) return 1.0;
    if (x >= 1.0) return 0.0;
    x = x * std::numbers::pi;
    return std::sin(x) / x * (0.54f + 0.46f * std::cos(x));  // float constants, as Pillow writes them
}
double bicubicFilter(double x) {
    constexpr double a = -0.5;
    if (x < 0.0) x = -x;
    if (x < 1.0) return ((a + 2.0) * x - (a + 3.0)) * x * x + 1;
    if (x < 2.0) return (((x - 5) * x + 8) * x - 4) * a;
    return 0.0;
}
double sincFilter(double x) {
    if (x == 0.0) return 1.0;
    x = x * std::numbers::pi;
    return std::sin(x) / x;
}
double lanczosFilter(double x) {
    if (-3.0 <= x && x < 3.0) return sincFilter(x) * sincFilter(x / 3);
    return 0.0;
}

Filter filterOf(PilResample r) {
    switch (r) {
    case PilResample::Box: return {boxFilter, 0.5};
    case PilResample::Bilinear: return {bilinearFilter, 1.0};
    case PilResample::Hamming: return {hammingFilter, 1.0};
    case PilResample::Bicubic: return {bicubicFilter, 2.0};
    case PilResample::Lanczos: return {lanczosFilter, 3.0};
    case PilResample::Nearest: break;
    }
    return {bilinearFilter, 1.0};
}

// precompute_coeffs for the full box [0, in): one contiguous window per output.
AxisTable<double> filterAxis(int64_t in, int64_t out, const Filter& filter) {
    const double scale = static_cast<double>(static_cast<float>(in)) / static_cast<double>(out);
    const double filterscale = scale < 1.0 ? 1.0 : scale;
    const double support = filter.support * filterscale;
    const int ksize = static_cast<int>(std::ceil(support)) * 2 + 1;
    AxisTable<double> t;
    t.in = in;
    t.out = out;
    t.taps = ksize;
    t.index.assign(static_cast<std::size_t>(out * ksize), 0);
    t.weight.assign(static_cast<std::size_t>(out * ksize), 0.0);
    t.count.resize(static_cast<std::size_t>(out));
    const double ss = 1.0 / filterscale;
    for (int64_t xx = 0; xx < out; ++xx) {
        const double center = 0.0 + (static_cast<double>(xx) + 0.5) * scale;
        int64_t xmin = static_cast<int64_t>(center - support + 0.5);
        if (xmin < 0) xmin = 0;
        int64_t xmax = static_cast<int64_t>(center + support + 0.5);
        if (xmax > in) xmax = in;
        xmax -= xmin;
        double* k = t.weight.data() + xx * ksize;
        double ww = 0.0;
        for (int64_t x = 0; x < xmax; ++x) {
            const double w = filter.f((static_cast<double>(x + xmin) - center + 0.5) * ss);
            k[x] = w;
            ww += w;
        }
        for (int64_t x = 0; x < xmax; ++x)
            if (ww != 0.0) k[x] /= ww;
        for (int64_t j = 0; j < ksize; ++j)
            t.index[static_cast<std::size_t>(xx * ksize + j)] = xmin + std::min<int64_t>(j, std::max<int64_t>(xmax - 1, 0));
        t.count[static_cast<std::size_t>(xx)] = static_cast<int32_t>(xmax);
    }
    return t;
}

// ImagingScaleAffine: x = a/2, then x += a per output, index (int)x (x < 0 reads as -1).
AxisTable<float> nearestAxis(int64_t in, int64_t out) {
    AxisTable<float> t = conventions::identityTable<float>(out);
    t.in = in;
    const double a = static_cast<double>(static_cast<float>(in)) / static_cast<double>(out);
    double xo = 0.0 + a * 0.5;
    for (int64_t x = 0; x < out; ++x) {
        const int64_t xin = xo < 0.0 ? -1 : static_cast<int64_t>(xo);
        t.index[static_cast<std::size_t>(x)] = std::clamp<int64_t>(xin, 0, in - 1);  // always inside for in >= 1
        xo += a;
    }
    return t;
}

}  // namespace

Tensor resizePillow(const Tensor& input, const PillowResize& r) {
    if (r.width <= 0 || r.height <= 0) throw UsageError("Image.resize: height and width must be > 0");
    const Planes p = conventions::planesOf(input, "Pillow");
    Tensor out = conventions::planesOutput(p, r.height, r.width, DType::Float32, "Pillow");
    const Tensor in = conventions::asFloat32(input);
    if (out.empty()) return out;
    if (r.height == p.h && r.width == p.w) {
        std::memcpy(out.raw(), in.raw(), in.nbytes());
        return out;
    }
    const int threads = cpu::defaultThreads();
    if (r.resample == PilResample::Nearest) {
        const auto t = conventions::planeTables(nearestAxis(p.h, r.height), nearestAxis(p.w, r.width));
        cpu::gatherKernel<float>(conventions::planeGeometry(p, r.height, r.width), t, in.data<float>(),
                                 out.data<float>(), threads);
        return out;
    }
    // Each pass in double on a double copy, its result stored as float32, as Pillow's imTemp is.
    const Filter filter = filterOf(r.resample);
    Tensor cur = in;
    Planes cp = p;
    auto pass = [&](AxisTable<double> h, AxisTable<double> w, int64_t oh, int64_t ow) {
        const Tensor d = cur.to(DType::Float64);
        Tensor res(Shape{cp.planes, oh, ow}, DType::Float64);
        cpu::antialiasKernel<double>(conventions::planeGeometry(cp, oh, ow), conventions::planeTables(std::move(h), std::move(w)),
                                     d.data<double>(), res.data<double>(), threads);
        cur = res.to(DType::Float32);
        cp.h = oh;
        cp.w = ow;
    };
    if (r.width != p.w) pass(conventions::identityTable<double>(p.h), filterAxis(p.w, r.width, filter), p.h, r.width);
    if (r.height != p.h) pass(filterAxis(p.h, r.height, filter), conventions::identityTable<double>(cp.w), r.height, cp.w);
    std::memcpy(out.raw(), cur.raw(), out.nbytes());
    return out;
}

std::vector<LibraryAxisTaps> pillowPixelTaps(const PillowResize& r, int64_t h, int64_t w, int64_t y, int64_t x) {
    if (y < 0 || x < 0 || y >= r.height || x >= r.width) return {};
    auto fromTable = [](const char* name, const auto& t, int64_t d) {
        LibraryAxisTaps a;
        a.axis = name;
        for (int j = 0; j < t.tapCount(d); ++j) {
            a.index.push_back(t.tapIndex(d, j));
            a.weight.push_back(static_cast<double>(t.tapWeight(d, j)));
        }
        return a;
    };
    auto same = [](const char* name, int64_t d) { return LibraryAxisTaps{name, {d}, {1.0}}; };
    if (r.resample == PilResample::Nearest)
        return {fromTable("H", nearestAxis(h, r.height), y), fromTable("W", nearestAxis(w, r.width), x)};
    // an axis that keeps its size is not resampled (Pillow skips that pass)
    const Filter filter = filterOf(r.resample);
    return {r.height == h ? same("H", y) : fromTable("H", filterAxis(h, r.height, filter), y),
            r.width == w ? same("W", x) : fromTable("W", filterAxis(w, r.width, filter), x)};
}

std::string pillowCallText(const PillowResize& r) {
    return "img.resize((" + std::to_string(r.width) + ", " + std::to_string(r.height) + "), Image.Resampling." +
           std::string(pilResampleName(r.resample)) + ")";
}

}  // namespace upsample
