// The modes of F.interpolate, one descriptor each. Everything the program asks about a mode
// (its PyTorch name, the ranks it takes, the options PyTorch allows, its source-coordinate
// formula, how its per-axis tables are built, the kernel each backend runs) is read from one
// table, core/src/modes.cpp. Adding a mode: its enum value and descriptor entry here and there
// (and its filter in filters.hpp if it is new), its golden cases; a kernel (core/src/cpu/,
// core/kernels/) only when no existing kernel family (gather, taps, antialias, area) computes it.
#pragma once

#include <array>
#include <cstdint>
#include <initializer_list>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "upsample/filters.hpp"
#include "upsample/semantics.hpp"

namespace upsample {

enum class Mode { Nearest, NearestExact, Linear, Bilinear, Bicubic, Trilinear, Area, Lanczos };

inline constexpr std::array<Mode, 8> kAllModes = {Mode::Nearest, Mode::NearestExact, Mode::Linear,
                                                  Mode::Bilinear, Mode::Bicubic, Mode::Trilinear,
                                                  Mode::Area, Mode::Lanczos};
inline constexpr std::size_t kModeCount = kAllModes.size();

template <class T>
struct AxisTable;  // taps.hpp
struct ResolvedSpec;  // spec.hpp

// How an output reads its inputs along one axis.
enum class Sampling {
    Gather,  // one input, copied (the nearest modes)
    Taps,    // a weighted sum of a few inputs (the interpolating modes)
    Window,  // the average of a window of inputs, from the sizes alone (adaptive average pooling)
};

// The filter a mode applies, in the words other libraries use for theirs (conventions/).
enum class FilterKind {
    Nearest,        // floor(d * scale)
    NearestCentre,  // floor((d + 0.5) * scale): samples pixel centres
    Linear,         // triangle
    Cubic,          // Keys' cubic convolution
    Box,            // whole-pixel window average
    Lanczos,        // Lanczos-3 windowed sinc
};

// What PyTorch does with align_corners for a mode.
enum class AlignCornersPolicy {
    Allowed,    // None, False or True
    FalseOnly,  // None or False; True raises the descriptor's alignCornersRefusal (lanczos)
    Refused,    // only None; any value raises alignCornersRefusal (nearest, nearest-exact, area)
};
// What PyTorch does with antialias for a mode (on 4-D input; elsewhere Semantics::antialiasRefusal).
enum class AntialiasPolicy {
    Optional,  // False or True (bilinear, bicubic)
    Required,  // only True; False raises the descriptor's antialiasRequirement (lanczos)
    Refused,   // only False
};

// One valid combination of options for a mode: align_corners as passed (nullopt: not passed),
// antialias.
struct OptionVariant {
    std::optional<bool> alignCorners;
    bool antialias = false;
    bool operator==(const OptionVariant& o) const { return alignCorners == o.alignCorners && antialias == o.antialias; }
};

// What a table builder needs for one spatial axis.
struct AxisRequest {
    int64_t in = 1, out = 1;
    std::optional<double> scale;  // the scale_factor passed on to the kernel
    bool alignCorners = false;
    bool antialias = false;
    bool channelsLastKernel = false;  // PyTorch's channels-last kernels (nearest indexing differs)
    const Semantics* semantics = &defaultSemantics();  // the version (index precision, filter forms)
    bool repeatFirstOutput = false;  // every output takes output 0's taps (antialiasRepeatsFirstRow)
};

// True where the spec's version gives every output of spatial axis `dim` the taps of output 0:
// antialias, the height axis resized while the output width is 1 (Semantics::antialiasWidthOneRepeatsFirstRow).
bool antialiasRepeatsFirstRow(const ResolvedSpec& spec, int dim);

// The kernel each backend runs for a mode: the CPU kernel's name (cpu/cpu_backend.cpp lists them),
// and the OpenCL program (core/kernels/<program>.cl) and its kernel functions. A kernel with
// two passes (antialias) names both; a one-pass kernel names the second empty.
struct KernelNames {
    std::string_view cpu;
    std::string_view openclProgram;
    std::string_view openclKernel;
    std::string_view openclSecondPass;
};

// PyTorch's reason for refusing align_corners (its ValueError; antialias's differs between
// versions: Semantics::antialiasRefusal).
inline constexpr std::string_view kAlignCornersRefusal =
    "align_corners option can only be set with the interpolating modes: linear | bilinear | bicubic | trilinear";

struct ModeDescriptor {
    Mode mode;
    std::string_view name;  // PyTorch's name: "nearest-exact", "bilinear", ...
    // Spatial dims the mode takes: 1..3, or 0 for any of 1..3. namesRank: PyTorch's refusal of
    // another rank says "<mode> mode needs <rank>D input" (else its generic message).
    int spatialDims;
    bool namesRank;
    // Options PyTorch allows, and its reason where it does not (empty where it has none).
    AlignCornersPolicy alignCorners;
    std::string_view alignCornersRefusal;
    AntialiasPolicy antialias;
    std::string_view antialiasRequirement;  // Required: PyTorch's error with antialias=False

    Sampling sampling;
    FilterKind filter;
    // The family a mode belongs to at every rank ("linear": linear, bilinear, trilinear,
    // bicubic), and the mode to offer where the rank changes. counterpart: the other mode of
    // the same kind (nearest <-> nearest-exact), or none.
    std::string_view family;
    std::optional<Mode> counterpart;

    // The source coordinate of output d, as text in the symbols d, scale, in, out (ASCII; the
    // inspector prints it as is and substitutes values, the explainer typesets it).
    // Gather and Taps: the position read; alignedFormula with align_corners=True;
    // antialiasFormula the window centre with antialias=True. Window: the window's first and
    // one-past-last inputs (formula, windowEnd).
    std::string_view formula;
    std::string_view alignedFormula;
    std::string_view antialiasFormula;
    std::string_view windowEnd;
    bool clampsAtZero;  // the position is clamped at 0 before taps are taken (linear family)
    // The filter antialias windows with (filters.hpp), nullptr where antialias is refused.
    const SeparableFilter* antialiasFilter;

    // The per-axis table of taps and weights (taps.hpp), in float and in double.
    AxisTable<float> (*tableFloat)(const AxisRequest&);
    AxisTable<double> (*tableDouble)(const AxisRequest&);

    // Kernels per backend; antialiasKernels with antialias=True.
    KernelNames kernels;
    KernelNames antialiasKernels;
};

// Every valid combination of options for the mode, from its policies: align_corners False and True
// where allowed (not passed where refused or False only), antialias False and/or True. The Spec
// dock, the modes grid and the tests list a mode's variants through it.
std::vector<OptionVariant> optionVariants(Mode m);

// True where the version has the mode: its mode list (Semantics::modeList, the text of its
// "Input Error" message) names it. PyTorch 1.13 has no lanczos.
bool versionHasMode(const Semantics& s, Mode m);

// Every mode's descriptor, in kAllModes order.
const std::vector<ModeDescriptor>& modeDescriptors();
const ModeDescriptor& describe(Mode m);

// A descriptor's formula with its symbols (d, scale, in, out) replaced by values:
// substituteFormula("floor(d * scale)", {{"d", "3"}, {"scale", "0.5"}}) is "floor(3 * 0.5)".
std::string substituteFormula(std::string_view formula,
                              std::initializer_list<std::pair<std::string_view, std::string_view>> values);
// A formula typeset for reading (the explainer): "·" for "*" and "−" for "-", with spaces around
// "·" and "+": "ceil((d+1)*in/out)" is "ceil((d + 1) · in/out)".
std::string typesetFormula(std::string_view formula);

// The mode to use for `spatialDims` in place of m: m where it takes that rank, else the first
// mode of its family that does, else nearest.
Mode modeOfFamilyFor(Mode m, int spatialDims);

// The table of spatial axis `dim` (0 = first spatial dim) for a resolved spec, built by its
// mode's descriptor, in the precision of T (float for float32 tensors, double for float64).
template <class T>
AxisTable<T> axisTable(const ResolvedSpec& spec, int dim);

}  // namespace upsample
