// torchvision's transforms.v2.functional.resize on image tensors (torchvision 0.27,
// transforms/v2/functional/_geometry.py resize_image, with PyTorch 2.14's F.interpolate):
//  * the output size: [h, w] as given; [s] (or an int) sets the smaller edge to s and the longer
//    to int(s · long / short) in double, then max_size caps the longer edge (the shorter becomes
//    int(max_size · short / long)); max_size with [h, w] is refused, as is max_size <= s;
//  * the same size returns the image itself (nothing is computed: a NaN stays where it was);
//  * BILINEAR, BICUBIC and LANCZOS call F.interpolate with align_corners=False and the antialias
//    given (default True; LANCZOS with antialias=False is refused first, as PyTorch's lanczos
//    needs it); NEAREST and NEAREST_EXACT ignore antialias;
//  * uint8 goes to F.interpolate as uint8 (PyTorch's fixed point) for NEAREST, NEAREST_EXACT,
//    BICUBIC and LANCZOS, and for BILINEAR only where torch.backends.cpu.get_cpu_capability() is AVX2 or
//    AVX512; elsewhere (DEFAULT: a CPU without AVX2, or an ARM build) bilinear goes through
//    float32: x.float(), F.interpolate, round half to even, back to uint8;
//  * float32 and float64 go as they are; bfloat16 and float16 (not dtypes it passes on) through
//    float32 and back: x.float(), F.interpolate, .to(dtype) (rounded to nearest even), so antialias
//    works on them where F.interpolate refuses it.
#include "common.hpp"
#include "mode_table.hpp"

#include "upsample/backend.hpp"
#include "upsample/coords.hpp"
#include "upsample/error.hpp"
#include "upsample/modes.hpp"
#include "upsample/semantics.hpp"

#include <array>
#include <cmath>
#include <string>

namespace upsample {

std::string_view tvInterpolationName(TvInterpolation i) {
    switch (i) {
    case TvInterpolation::Nearest: return "NEAREST";
    case TvInterpolation::NearestExact: return "NEAREST_EXACT";
    case TvInterpolation::Bilinear: return "BILINEAR";
    case TvInterpolation::Bicubic: return "BICUBIC";
    case TvInterpolation::Lanczos: return "LANCZOS";
    }
    return "BILINEAR";
}

std::optional<TvInterpolation> tvInterpolationFromName(std::string_view name) {
    for (std::string_view prefix : {"transforms.InterpolationMode.", "v2.InterpolationMode.", "InterpolationMode."})
        if (name.substr(0, prefix.size()) == prefix) {
            name.remove_prefix(prefix.size());
            break;
        }
    return conventions::enumFromName(name, kAllTvInterpolations, tvInterpolationName);
}

std::string_view tvCpuCapabilityName(TvCpuCapability c) {
    switch (c) {
    case TvCpuCapability::Avx2: return "AVX2";
    case TvCpuCapability::Avx512: return "AVX512";
    case TvCpuCapability::Default: return "DEFAULT";
    }
    return "AVX2";
}

std::optional<TvCpuCapability> tvCpuCapabilityFromName(std::string_view name) {
    constexpr std::array kAll = {TvCpuCapability::Avx2, TvCpuCapability::Avx512, TvCpuCapability::Default};
    return conventions::enumFromName(name, kAll, tvCpuCapabilityName);
}

namespace {
std::string sizeText(const std::vector<int64_t>& size) {
    std::string s = "[";
    for (std::size_t i = 0; i < size.size(); ++i) s += (i ? ", " : "") + std::to_string(size[i]);
    return s + "]";
}

// F.interpolate as torchvision calls it (PyTorch 2.14, the CPU).
Tensor interpolateAsTorchvision(const Tensor& x, const TorchvisionResize& r, int64_t oh, int64_t ow) {
    Spec s;
    s.torch = allSemantics().front();
    s.size = std::vector<int64_t>{oh, ow};
    s.sizeIsSequence = true;
    s.sequenceIsList = true;
    const bool filtered = r.interpolation == TvInterpolation::Bilinear ||
                          r.interpolation == TvInterpolation::Bicubic || r.interpolation == TvInterpolation::Lanczos;
    s.mode = r.interpolation == TvInterpolation::Nearest        ? Mode::Nearest
             : r.interpolation == TvInterpolation::NearestExact ? Mode::NearestExact
             : r.interpolation == TvInterpolation::Bilinear     ? Mode::Bilinear
             : r.interpolation == TvInterpolation::Bicubic      ? Mode::Bicubic
                                                                : Mode::Lanczos;
    if (filtered) s.alignCorners = false;
    s.antialias = filtered && r.antialias;
    RunOptions cpu;
    cpu.backend = BackendKind::Cpu;
    return interpolate(x, s, cpu);
}

// One axis of bilinear without antialias: indices and weights in float, as PyTorch computes them.
struct LinearAxis {
    std::vector<int64_t> i0, i1;
    std::vector<float> l0, l1;
};
LinearAxis linearAxis(int64_t in, int64_t out) {
    const float scale = coords::areaPixelComputeScale<float>(in, out, false, std::nullopt);
    LinearAxis a;
    for (int64_t d = 0; d < out; ++d) {
        const auto t = coords::linearTaps<float, IndexPrecision::Opmath>(scale, d, in, out, false);
        a.i0.push_back(t.i0);
        a.i1.push_back(t.i1);
        a.l0.push_back(t.l0);
        a.l1.push_back(t.l1);
    }
    return a;
}

// F.interpolate bilinear (no antialias) on float32 as a DEFAULT build of PyTorch computes it: the
// kernel PyTorch picks for the spec, every product and sum rounded (that build has no fused
// multiply-adds). Channels-last kernel: weights h·w, four products summed from the left; generic
// kernel: each row's two products summed, then the rows weighted and summed.
Tensor bilinearDefaultBuild(const Tensor& x, int64_t oh, int64_t ow) {
    Spec spec;
    spec.torch = allSemantics().front();
    spec.mode = Mode::Bilinear;
    spec.size = std::vector<int64_t>{oh, ow};
    spec.sizeIsSequence = true;
    const bool channelsLast = resolve(spec, x.shape()).channelsLastKernel;
    const int64_t ih = x.dim(2), iw = x.dim(3);
    const LinearAxis H = linearAxis(ih, oh), W = linearAxis(iw, ow);
    Tensor out(Shape{x.dim(0), x.dim(1), oh, ow}, DType::Float32);
    const float* src = x.data<float>();
    float* dst = out.data<float>();
    for (int64_t p = 0; p < x.dim(0) * x.dim(1); ++p)
        for (int64_t y = 0; y < oh; ++y) {
            const float* r0 = src + (p * ih + H.i0[static_cast<std::size_t>(y)]) * iw;
            const float* r1 = src + (p * ih + H.i1[static_cast<std::size_t>(y)]) * iw;
            const float h0 = H.l0[static_cast<std::size_t>(y)], h1 = H.l1[static_cast<std::size_t>(y)];
            for (int64_t c = 0; c < ow; ++c) {
                const auto k = static_cast<std::size_t>(c);
                const float a = r0[W.i0[k]], b = r0[W.i1[k]], e = r1[W.i0[k]], f = r1[W.i1[k]];
                dst[(p * oh + y) * ow + c] =
                    channelsLast ? a * (h0 * W.l0[k]) + b * (h0 * W.l1[k]) + e * (h1 * W.l0[k]) + f * (h1 * W.l1[k])
                                 : (a * W.l0[k] + b * W.l1[k]) * h0 + (e * W.l0[k] + f * W.l1[k]) * h1;
            }
        }
    return out;
}

// x.float() -> F.interpolate -> round half to even -> uint8 (bilinear weights are >= 0: no clamp).
Tensor uint8ThroughFloat(const Tensor& in, const TorchvisionResize& r, int64_t oh, int64_t ow) {
    const Tensor wide = in.to(DType::Float32);
    const bool plain = r.interpolation == TvInterpolation::Bilinear && !r.antialias;
    const Tensor y = plain ? bilinearDefaultBuild(wide, oh, ow) : interpolateAsTorchvision(wide, r, oh, ow);
    Tensor out(y.shape(), DType::UInt8);
    const float* f = y.data<float>();
    uint8_t* o = out.data<uint8_t>();
    for (int64_t i = 0; i < y.numel(); ++i) o[i] = static_cast<uint8_t>(static_cast<int>(std::nearbyint(f[i])));
    return out;
}
}  // namespace

bool tvNativeUint8(const TorchvisionResize& r) {
    if (r.interpolation != TvInterpolation::Bilinear) return true;
    return r.cpu == TvCpuCapability::Avx2 || r.cpu == TvCpuCapability::Avx512;
}

std::pair<int64_t, int64_t> torchvisionOutputSize(int64_t h, int64_t w, const TorchvisionResize& r) {
    // resize_image's own check, made before the size is computed
    if (r.interpolation == TvInterpolation::Lanczos && !r.antialias)
        throw UsageError("InterpolationMode.LANCZOS requires antialias=True");
    if (r.size.empty() || r.size.size() > 2)
        throw UsageError("torchvision: size must be [height, width] or [smaller edge], got " + sizeText(r.size));
    for (int64_t v : r.size)
        if (v <= 0) throw UsageError("torchvision: size " + sizeText(r.size) + " must hold positive lengths");
    if (r.size.size() == 2) {
        if (r.maxSize)
            throw UsageError("max_size should only be passed if size is None or specifies the length of the smaller "
                             "edge, i.e. size should be an int or a sequence of length 1 in torchscript mode.");
        return {r.size[0], r.size[1]};
    }
    const int64_t shortEdge = std::min(h, w), longEdge = std::max(h, w), requested = r.size[0];
    int64_t newShort = requested;
    auto newLong = static_cast<int64_t>(static_cast<double>(requested) * static_cast<double>(longEdge) /
                                        static_cast<double>(shortEdge));
    if (r.maxSize) {
        if (*r.maxSize <= requested)
            throw UsageError("max_size = " + std::to_string(*r.maxSize) +
                             " must be strictly greater than the requested size for the smaller edge size = " +
                             sizeText(r.size));
        if (newLong > *r.maxSize) {
            newShort = static_cast<int64_t>(static_cast<double>(*r.maxSize) * static_cast<double>(newShort) /
                                            static_cast<double>(newLong));
            newLong = *r.maxSize;
        }
    }
    return w <= h ? std::make_pair(newLong, newShort) : std::make_pair(newShort, newLong);
}

Tensor resizeTorchvision(const Tensor& input, const TorchvisionResize& r) {
    if (input.rank() != 4)
        throw UsageError("torchvision resizes (N, C, H, W) images; got a tensor of shape " + formatShape(input.shape()));
    const DType t = input.dtype();
    if (t != DType::UInt8 && t != DType::Float32 && t != DType::Float64 && t != DType::BFloat16 && t != DType::Float16)
        throw UsageError("--convention torchvision computes uint8, float32, float64, float16 and bfloat16 images, not " +
                         std::string(dtypeName(t)));
    const auto [oh, ow] = torchvisionOutputSize(input.dim(2), input.dim(3), r);
    if (oh == input.dim(2) && ow == input.dim(3)) return input.clone();  // returned as it is
    if (input.empty()) return Tensor::zeros(Shape{input.dim(0), input.dim(1), oh, ow}, t);
    if (t == DType::BFloat16 || t == DType::Float16)
        return interpolateAsTorchvision(input.to(DType::Float32), r, oh, ow).to(t);
    if (t == DType::UInt8 && !tvNativeUint8(r)) return uint8ThroughFloat(input, r, oh, ow);
    return interpolateAsTorchvision(input, r, oh, ow);
}

namespace conventions {
std::optional<TorchvisionResize> torchvisionFor(const ResolvedSpec& s, std::string& note) {
    if (s.spatialDims != 2) {
        note = "torchvision resizes (..., C, H, W) images; it has no call for " + std::to_string(s.spatialDims) + "-D data";
        return std::nullopt;
    }
    TorchvisionResize r;
    if (const auto i = conventionOf(s.mode).torchvision) {  // mode_table.hpp: a row per mode
        r.interpolation = *i;
    } else {
        note = "torchvision's resize of tensors has no " + std::string(modeName(s.mode)) +
               " (it takes NEAREST, NEAREST_EXACT, BILINEAR, BICUBIC and LANCZOS)";
        return std::nullopt;
    }
    r.size = {s.outSize(0), s.outSize(1)};
    r.antialias = s.antialias;
    bool passed = false;
    for (const auto& sc : s.scales) passed = passed || sc.has_value();
    if (s.alignCorners) note = "torchvision calls F.interpolate with align_corners=False";
    else if (passed) note = "torchvision takes a size: its coordinates use in/out, PyTorch's kernel 1/scale_factor";
    return r;
}
}  // namespace conventions

std::string torchvisionCallText(const TorchvisionResize& r) {
    std::string s = "v2.functional.resize(img, " + (r.size.size() == 1 ? std::to_string(r.size[0]) : sizeText(r.size));
    if (r.interpolation != TvInterpolation::Bilinear)
        s += ", interpolation=InterpolationMode." + std::string(tvInterpolationName(r.interpolation));
    if (r.maxSize) s += ", max_size=" + std::to_string(*r.maxSize);
    const bool filtered = r.interpolation == TvInterpolation::Bilinear || r.interpolation == TvInterpolation::Bicubic;
    if (filtered && !r.antialias) s += ", antialias=False";
    return s + ")";
}

}  // namespace upsample
