// The mode table: one entry per mode of F.interpolate, and each mode's per-axis table builder
// (backend-neutral: the CPU and OpenCL kernels and the pixel inspector all read these tables).
#include "upsample/modes.hpp"

#include "upsample/coords.hpp"
#include "upsample/taps.hpp"

#include <algorithm>
#include <type_traits>

namespace upsample {

namespace {

// A one-tap table: index(d) for every output d, weight 1.
template <class T, class IndexOf>
AxisTable<T> gatherTable(int64_t in, int64_t out, IndexOf index) {
    AxisTable<T> t;
    t.in = in;
    t.out = out;
    t.taps = 1;
    t.index.resize(static_cast<std::size_t>(out));
    t.weight.assign(static_cast<std::size_t>(out), T(1));
    for (int64_t d = 0; d < out; ++d) t.index[static_cast<std::size_t>(d)] = index(d);
    return t;
}

template <class T>
AxisTable<T> nearestAxis(const AxisRequest& r) {
    return nearestTable<T>(r.in, r.out, r.scale, r.channelsLastKernel);
}

template <class T>
AxisTable<T> nearestExactAxis(const AxisRequest& r) {
    return nearestExactTable<T>(r.in, r.out, r.scale, r.channelsLastKernel);
}

// The antialias table of an axis with the mode's filter in the version's form.
template <class T>
AxisTable<T> antialiasAxis(const AxisRequest& r, const SeparableFilter& filter) {
    if (r.in == r.out && r.semantics->antialiasSkipsEqualAxes)
        return identityAntialiasTable<T>(r.in, r.out, r.alignCorners, r.scale, filter);
    AxisTable<T> t = antialiasTable<T>(r.in, r.out, r.alignCorners, r.scale, filter.in(*r.semantics));
    if (r.repeatFirstOutput) {
        const auto taps = static_cast<std::size_t>(t.taps);
        for (std::size_t d = 1; d < static_cast<std::size_t>(t.out); ++d) {
            std::copy_n(t.index.begin(), taps, t.index.begin() + static_cast<std::ptrdiff_t>(d * taps));
            std::copy_n(t.weight.begin(), taps, t.weight.begin() + static_cast<std::ptrdiff_t>(d * taps));
            t.count[d] = t.count[0];
        }
    }
    return t;
}

template <class T>
AxisTable<T> linearOrAntialias(const AxisRequest& r) {
    return r.antialias ? antialiasAxis<T>(r, triangleFilter()) : linearTable<T>(r.in, r.out, r.alignCorners, r.scale, r.semantics->linearIndex);
}

template <class T>
AxisTable<T> bicubicOrAntialias(const AxisRequest& r) {
    return r.antialias ? antialiasAxis<T>(r, keysCubicFilter()) : bicubicTable<T>(r.in, r.out, r.alignCorners, r.scale, r.semantics->linearIndex);
}

// lanczos: antialias only (PyTorch refuses it without).
template <class T>
AxisTable<T> lanczosAxis(const AxisRequest& r) {
    return antialiasAxis<T>(r, lanczos3Filter());
}

template <class T>
AxisTable<T> areaWindows(const AxisRequest& r) {
    return areaTable<T>(r.in, r.out);
}

constexpr KernelNames kGather{"gather", "nearest", "nearest", ""};
constexpr KernelNames kGatherExact{"gather", "nearest_exact", "nearest_exact", ""};
constexpr KernelNames kLinear{"taps", "linear", "linear", ""};
constexpr KernelNames kCubic{"taps", "bicubic", "bicubic", ""};
constexpr KernelNames kArea{"area", "area", "area", ""};
constexpr KernelNames kAntialias{"antialias", "antialias", "antialias_w", "antialias_h"};
constexpr KernelNames kNone{};

// The interpolating modes' source position: unaligned, aligned, antialias window centre.
constexpr std::string_view kHalfPixel = "(d + 0.5) * scale - 0.5";
constexpr std::string_view kAligned = "d * scale";
constexpr std::string_view kCentre = "(d + 0.5) * scale";
constexpr auto kAlignAny = AlignCornersPolicy::Allowed;
constexpr auto kNoAlign = AlignCornersPolicy::Refused;
constexpr auto kAaOptional = AntialiasPolicy::Optional;
constexpr auto kNoAa = AntialiasPolicy::Refused;

const std::vector<ModeDescriptor> kDescriptors = {
    {Mode::Nearest, "nearest", 0, false, kNoAlign, kAlignCornersRefusal, kNoAa, "", Sampling::Gather,
     FilterKind::Nearest, "nearest", Mode::NearestExact, "floor(d * scale)", "", "", "", false, nullptr,
     nearestAxis<float>, nearestAxis<double>, kGather, kNone},
    {Mode::NearestExact, "nearest-exact", 0, false, kNoAlign, kAlignCornersRefusal, kNoAa, "", Sampling::Gather,
     FilterKind::NearestCentre, "nearest", Mode::Nearest, "floor((d + 0.5) * scale)", "", "", "", false, nullptr,
     nearestExactAxis<float>, nearestExactAxis<double>, kGatherExact, kNone},
    {Mode::Linear, "linear", 1, true, kAlignAny, "", kNoAa, "", Sampling::Taps, FilterKind::Linear, "linear",
     std::nullopt, kHalfPixel, kAligned, kCentre, "", true, nullptr, linearOrAntialias<float>, linearOrAntialias<double>,
     kLinear, kNone},
    {Mode::Bilinear, "bilinear", 2, true, kAlignAny, "", kAaOptional, "", Sampling::Taps, FilterKind::Linear, "linear",
     std::nullopt, kHalfPixel, kAligned, kCentre, "", true, &triangleFilter(), linearOrAntialias<float>,
     linearOrAntialias<double>, kLinear, kAntialias},
    {Mode::Bicubic, "bicubic", 2, false, kAlignAny, "", kAaOptional, "", Sampling::Taps, FilterKind::Cubic, "linear",
     std::nullopt, kHalfPixel, kAligned, kCentre, "", false, &keysCubicFilter(), bicubicOrAntialias<float>,
     bicubicOrAntialias<double>, kCubic, kAntialias},
    {Mode::Trilinear, "trilinear", 3, true, kAlignAny, "", kNoAa, "", Sampling::Taps, FilterKind::Linear, "linear",
     std::nullopt, kHalfPixel, kAligned, kCentre, "", true, nullptr, linearOrAntialias<float>, linearOrAntialias<double>,
     kLinear, kNone},
    {Mode::Area, "area", 0, false, kNoAlign, kAlignCornersRefusal, kNoAa, "", Sampling::Window, FilterKind::Box, "area",
     std::nullopt, "floor(d*in/out)", "", "", "ceil((d+1)*in/out)", false, nullptr, areaWindows<float>,
     areaWindows<double>, kArea, kNone},
    // lanczos (PyTorch 2.12, #177320): 4-D only, antialias required, align_corners=True refused; the
    // antialias kernels with the Lanczos-3 filter.
    {Mode::Lanczos, "lanczos", 2, false, AlignCornersPolicy::FalseOnly, "Lanczos mode does not support align_corners=True",
     AntialiasPolicy::Required, "Lanczos mode requires antialias=True", Sampling::Taps, FilterKind::Lanczos, "linear",
     std::nullopt, kCentre, "", kCentre, "", false, &lanczos3Filter(), lanczosAxis<float>, lanczosAxis<double>,
     kAntialias, kAntialias},
};

}  // namespace

const std::vector<ModeDescriptor>& modeDescriptors() { return kDescriptors; }

const ModeDescriptor& describe(Mode m) { return kDescriptors.at(static_cast<std::size_t>(m)); }

std::vector<OptionVariant> optionVariants(Mode m) {
    const ModeDescriptor& d = describe(m);
    std::vector<std::optional<bool>> aligned;
    if (d.alignCorners == AlignCornersPolicy::Allowed) aligned = {false, true};
    else aligned = {std::nullopt};
    std::vector<bool> aa;
    if (d.antialias == AntialiasPolicy::Optional) aa = {false, true};
    else aa = {d.antialias == AntialiasPolicy::Required};
    std::vector<OptionVariant> out;
    for (bool a : aa)
        for (const auto& ac : aligned) out.push_back({ac, a});
    return out;
}

bool versionHasMode(const Semantics& s, Mode m) {
    const std::string_view name = describe(m).name;
    std::string_view list = s.modeList;
    while (!list.empty()) {
        const std::size_t bar = list.find(" | ");
        if (list.substr(0, bar) == name) return true;
        if (bar == std::string_view::npos) break;
        list.remove_prefix(bar + 3);
    }
    return false;
}

std::string substituteFormula(std::string_view f,
                              std::initializer_list<std::pair<std::string_view, std::string_view>> values) {
    std::string out;
    auto isName = [](char c) { return (c >= 'a' && c <= 'z') || c == '_'; };
    for (std::size_t i = 0; i < f.size();) {
        if (!isName(f[i])) {
            out += f[i++];
            continue;
        }
        std::size_t j = i;
        while (j < f.size() && isName(f[j])) ++j;
        const std::string_view word = f.substr(i, j - i);
        std::string_view replacement = word;
        for (const auto& [name, value] : values)
            if (name == word) replacement = value;
        out += replacement;
        i = j;
    }
    return out;
}

std::string typesetFormula(std::string_view f) {
    std::string out;
    for (std::size_t i = 0; i < f.size(); ++i) {
        const char c = f[i];
        if (c == '*' || c == '+') {
            while (!out.empty() && out.back() == ' ') out.pop_back();
            out += c == '*' ? " \u00b7 " : " + ";
            while (i + 1 < f.size() && f[i + 1] == ' ') ++i;
        } else if (c == '-') {
            out += "\u2212";
        } else {
            out += c;
        }
    }
    return out;
}

Mode modeOfFamilyFor(Mode m, int spatialDims) {
    const ModeDescriptor& d = describe(m);
    auto takes = [&](const ModeDescriptor& x) { return x.spatialDims == 0 || x.spatialDims == spatialDims; };
    if (takes(d)) return m;
    for (const ModeDescriptor& x : kDescriptors)
        if (x.family == d.family && takes(x)) return x.mode;
    return kAllModes.front();
}

// The builders each mode's entry refers to: the coordinate helpers (coords.hpp) per output.

// nearest: out[d] = in[min(floor(d * scale), in - 1)] (OpenCV's INTER_NEAREST convention).
template <class T>
AxisTable<T> nearestTable(int64_t in, int64_t out, std::optional<double> scale, bool channelsLastKernel) {
    const T s = coords::areaPixelComputeScale<T>(in, out, /*alignCorners=*/false, scale);
    return gatherTable<T>(in, out, [&](int64_t d) {
        return channelsLastKernel ? coords::nearestIdx(d, in, out, scale) : coords::nearestSourceIndex<T>(s, d, in);
    });
}
template AxisTable<float> nearestTable<float>(int64_t, int64_t, std::optional<double>, bool);
template AxisTable<double> nearestTable<double>(int64_t, int64_t, std::optional<double>, bool);

// nearest-exact: out[d] = in[min(floor((d + 0.5) * scale), in - 1)] (Pillow, scikit-image).
template <class T>
AxisTable<T> nearestExactTable(int64_t in, int64_t out, std::optional<double> scale, bool channelsLastKernel) {
    const T s = coords::areaPixelComputeScale<T>(in, out, /*alignCorners=*/false, scale);
    return gatherTable<T>(in, out, [&](int64_t d) {
        return channelsLastKernel ? coords::nearestExactIdx(d, in, out, scale) : coords::nearestExactSourceIndex<T>(s, d, in);
    });
}
template AxisTable<float> nearestExactTable<float>(int64_t, int64_t, std::optional<double>, bool);
template AxisTable<double> nearestExactTable<double>(int64_t, int64_t, std::optional<double>, bool);

// linear, bilinear, trilinear: two taps per axis, x = (d + 0.5) * scale - 0.5 clamped at 0
// (or d * (in-1)/(out-1) with align_corners).

template <class T, IndexPrecision P>
void fillLinear(AxisTable<T>& t, T s, bool alignCorners) {
    for (int64_t d = 0; d < t.out; ++d) {
        const auto k = coords::linearTaps<T, P>(s, d, t.in, t.out, alignCorners);
        if (k.pastEnd && t.pastEnd++ == 0) t.firstPastEnd = d;
        t.index[2 * d] = k.i0;
        t.index[2 * d + 1] = k.i1;
        t.weight[2 * d] = k.l0;
        t.weight[2 * d + 1] = k.l1;
    }
}

template <class T>
AxisTable<T> linearTable(int64_t in, int64_t out, bool alignCorners, std::optional<double> scale, IndexPrecision p) {
    AxisTable<T> t;
    t.in = in;
    t.out = out;
    t.taps = 2;
    t.index.resize(static_cast<std::size_t>(out * 2));
    t.weight.resize(static_cast<std::size_t>(out * 2));
    const T s = coords::areaPixelComputeScale<T>(in, out, alignCorners, scale);
    if (p == IndexPrecision::Opmath) fillLinear<T, IndexPrecision::Opmath>(t, s, alignCorners);
    else fillLinear<T, IndexPrecision::Accumulate>(t, s, alignCorners);
    return t;
}
template AxisTable<float> linearTable<float>(int64_t, int64_t, bool, std::optional<double>, IndexPrecision);
template AxisTable<double> linearTable<double>(int64_t, int64_t, bool, std::optional<double>, IndexPrecision);

// bicubic: four taps per axis around x = (d + 0.5) * scale - 0.5 (not clamped), indices clamped
// to the border, Keys' cubic convolution weights with A = -0.75, summed with fused multiply-adds
// (AxisTable::fusedSums) as PyTorch's compiled kernel sums them.
template <class T, IndexPrecision P>
void fillCubic(AxisTable<T>& t, T s, bool alignCorners) {
    for (int64_t d = 0; d < t.out; ++d) {
        const auto c = coords::cubicTaps<T, P>(s, d, t.in, alignCorners);
        for (int j = 0; j < 4; ++j) {
            t.index[4 * d + j] = c.index[j];
            t.weight[4 * d + j] = c.weight[j];
        }
    }
}

template <class T>
AxisTable<T> bicubicTable(int64_t in, int64_t out, bool alignCorners, std::optional<double> scale, IndexPrecision p) {
    AxisTable<T> t;
    t.in = in;
    t.out = out;
    t.taps = 4;
    t.fusedSums = true;
    t.index.resize(static_cast<std::size_t>(out * 4));
    t.weight.resize(static_cast<std::size_t>(out * 4));
    const T s = coords::areaPixelComputeScale<T>(in, out, alignCorners, scale);
    if (p == IndexPrecision::Opmath) fillCubic<T, IndexPrecision::Opmath>(t, s, alignCorners);
    else fillCubic<T, IndexPrecision::Accumulate>(t, s, alignCorners);
    return t;
}
template AxisTable<float> bicubicTable<float>(int64_t, int64_t, bool, std::optional<double>, IndexPrecision);
template AxisTable<double> bicubicTable<double>(int64_t, int64_t, bool, std::optional<double>, IndexPrecision);

// area: output d averages the input window [floor(d*in/out), ceil((d+1)*in/out)).
template <class T>
AxisTable<T> areaTable(int64_t in, int64_t out) {
    AxisTable<T> t;
    t.in = in;
    t.out = out;
    t.taps = 1;
    t.index.resize(static_cast<std::size_t>(out));
    t.weight.resize(static_cast<std::size_t>(out));
    t.count.resize(static_cast<std::size_t>(out));
    for (int64_t d = 0; d < out; ++d) {
        const int64_t start = coords::areaStart(d, in, out);
        const int64_t end = coords::areaEnd(d, in, out);
        t.index[d] = start;
        t.count[d] = static_cast<int32_t>(end - start);
        t.weight[d] = T(1) / static_cast<T>(end - start);
    }
    return t;
}
template AxisTable<float> areaTable<float>(int64_t, int64_t);
template AxisTable<double> areaTable<double>(int64_t, int64_t);

// antialias: per axis, a window of input pixels around center = scale * (d + 0.5) with support
// filter.support * scale when downsampling (filter.support otherwise), filter weights normalised
// to sum 1 (windowTable, filters.cpp).
template <class T>
AxisTable<T> antialiasTable(int64_t in, int64_t out, bool alignCorners, std::optional<double> scale,
                            const SeparableFilter& filter) {
    return windowTable<T>(in, out, coords::areaPixelComputeScale<T>(in, out, alignCorners, scale), filter);
}
template <class T>
AxisTable<T> identityAntialiasTable(int64_t in, int64_t out, bool alignCorners, std::optional<double> scale,
                                    const SeparableFilter& filter) {
    AxisTable<T> t;
    t.in = in;
    t.out = out;
    t.taps = coords::aaAxis<T>(in, out, alignCorners, scale, filter.support).maxTaps;
    t.index.resize(static_cast<std::size_t>(out * t.taps));
    t.weight.assign(static_cast<std::size_t>(out * t.taps), T(0));
    t.count.assign(static_cast<std::size_t>(out), 1);
    for (int64_t d = 0; d < out; ++d) {
        for (int j = 0; j < t.taps; ++j) t.index[static_cast<std::size_t>(d * t.taps + j)] = d;
        t.weight[static_cast<std::size_t>(d * t.taps)] = T(1);
    }
    return t;
}
template AxisTable<float> identityAntialiasTable<float>(int64_t, int64_t, bool, std::optional<double>,
                                                        const SeparableFilter&);
template AxisTable<double> identityAntialiasTable<double>(int64_t, int64_t, bool, std::optional<double>,
                                                          const SeparableFilter&);
template AxisTable<float> antialiasTable<float>(int64_t, int64_t, bool, std::optional<double>, const SeparableFilter&);
template AxisTable<double> antialiasTable<double>(int64_t, int64_t, bool, std::optional<double>, const SeparableFilter&);

// ---------------------------------------------------------------------------------------------
// One axis of a resolved spec
namespace {
AxisRequest requestOf(const ResolvedSpec& s, int dim) {
    AxisRequest r;
    r.in = s.inSize(dim);
    r.out = s.outSize(dim);
    r.scale = s.scales[static_cast<std::size_t>(dim)];
    r.alignCorners = s.alignCorners;
    r.antialias = s.antialias;
    r.channelsLastKernel = s.channelsLastKernel;
    r.semantics = s.semantics;
    r.repeatFirstOutput = antialiasRepeatsFirstRow(s, dim);
    return r;
}
}  // namespace

bool antialiasRepeatsFirstRow(const ResolvedSpec& s, int dim) {
    return s.antialias && s.semantics->antialiasWidthOneRepeatsFirstRow && s.spatialDims == 2 && dim == 0 &&
           s.outSize(1) == 1 && s.inSize(0) != s.outSize(0);
}

template <class T>
AxisTable<T> axisTable(const ResolvedSpec& s, int dim) {
    const ModeDescriptor& m = describe(s.mode);
    if constexpr (std::is_same_v<T, double>) return m.tableDouble(requestOf(s, dim));
    else return m.tableFloat(requestOf(s, dim));
}
template AxisTable<float> axisTable<float>(const ResolvedSpec&, int);
template AxisTable<double> axisTable<double>(const ResolvedSpec&, int);

}  // namespace upsample
