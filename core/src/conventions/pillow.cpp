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

#include "upsample/filters.hpp"

#include <cstring>

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

// Pillow's filters are the shared separable filters (filters.hpp), evaluated in double; its
// BICUBIC in the double-polynomial form, unfused.
const SeparableFilter& filterOf(PilResample r) {
    switch (r) {
    case PilResample::Box: return boxFilter();
    case PilResample::Bilinear: return triangleFilter();
    case PilResample::Hamming: return hammingFilter();
    case PilResample::Bicubic: return keysCubicUnfusedFilter();
    case PilResample::Lanczos: return lanczos3Filter();
    case PilResample::Nearest: break;
    }
    return triangleFilter();
}

// precompute_coeffs for the full box [0, in): PyTorch's antialias window (windowTable) in double,
// with Pillow's scale (float)in / out.
AxisTable<double> filterAxis(int64_t in, int64_t out, const SeparableFilter& filter) {
    const double scale = static_cast<double>(static_cast<float>(in)) / static_cast<double>(out);
    return windowTable<double>(in, out, scale, filter);
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
    const SeparableFilter& filter = filterOf(r.resample);
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
    const SeparableFilter& filter = filterOf(r.resample);
    return {r.height == h ? same("H", y) : fromTable("H", filterAxis(h, r.height, filter), y),
            r.width == w ? same("W", x) : fromTable("W", filterAxis(w, r.width, filter), x)};
}

std::string pillowCallText(const PillowResize& r) {
    return "img.resize((" + std::to_string(r.width) + ", " + std::to_string(r.height) + "), Image.Resampling." +
           std::string(pilResampleName(r.resample)) + ")";
}

}  // namespace upsample
