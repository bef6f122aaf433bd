// What the user asks for (a Spec, as they would write it in PyTorch) and what it means for a
// given input shape (a ResolvedSpec: output shape and the per-dim scale the kernels use).
// resolve() follows torch.nn.functional.interpolate of the spec's PyTorch version (semantics.hpp)
// check by check, in the same order, and throws SpecError with PyTorch's message where PyTorch raises.
#pragma once

#include "upsample/modes.hpp"
#include "upsample/semantics.hpp"
#include "upsample/tensor.hpp"

#include <array>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace upsample {

// Mode, kAllModes and each mode's descriptor: modes.hpp. The functions below read the descriptors.
std::string_view modeName(Mode m);  // PyTorch's name: "nearest-exact", "bilinear", ...
std::optional<Mode> modeFromName(std::string_view name);

// Which options PyTorch allows for a mode (the descriptor's policies; every valid combination:
// optionVariants(), modes.hpp).
bool modeAllowsAlignCorners(Mode m);  // True and False: linear, bilinear, bicubic, trilinear
bool modeAllowsAntialias(Mode m);     // bilinear, bicubic, lanczos
bool modeRequiresAntialias(Mode m);   // lanczos
// Spatial dims the mode needs: 1 linear, 2 bilinear/bicubic, 3 trilinear; 0 = any of 1..3.
int modeSpatialDims(Mode m);
// True when `mode` runs on inputs with this many spatial dims.
bool modeSupportsSpatialDims(Mode m, int spatialDims);
// Modes PyTorch allows for this many spatial dims, in kAllModes order.
std::vector<Mode> modesForSpatialDims(int spatialDims);

struct Spec {
    Mode mode = Mode::Nearest;
    // Exactly one of size and scaleFactor is given. A single value applies to every spatial
    // dim unless the matching *IsSequence flag says it was written as a tuple/list.
    std::optional<std::vector<int64_t>> size;
    std::optional<std::vector<double>> scaleFactor;
    bool sizeIsSequence = false;
    bool scaleIsSequence = false;
    bool sequenceIsList = false;  // written as [..] rather than (..): only changes error texts
    // The scale values as written ("2", "1.7"), for PyTorch's messages; empty: Python's repr.
    std::vector<std::string> scaleText;
    // Set when the mode text is none of PyTorch's modes (the shape explainer reads calls with
    // any text); resolve() then fails where PyTorch fails, with PyTorch's message.
    std::optional<std::string> unknownModeName;
    std::optional<bool> alignCorners;
    std::optional<bool> recomputeScaleFactor;
    bool antialias = false;
    // The PyTorch version whose F.interpolate the spec means (nullptr: defaultSemantics()). The
    // Python call text does not carry it: compare Spec values, not their toPythonCall() texts.
    const Semantics* torch = nullptr;

    const Semantics& semantics() const { return torch ? *torch : defaultSemantics(); }
    bool operator==(const Spec& o) const;
};

struct ResolvedSpec {
    Mode mode = Mode::Nearest;
    int spatialDims = 0;
    bool alignCorners = false;  // effective value (False when None for the linear modes)
    bool antialias = false;
    bool recomputed = false;    // recompute_scale_factor took effect (or area with a scale)
    Shape inputShape;
    Shape outputShape;
    // Per spatial dim: the scale_factor passed on to the kernel, or none (size given,
    // recomputed, area). The kernels turn it into the coordinate scale (see coords.hpp).
    std::vector<std::optional<double>> scales;
    // Per spatial dim: the user's scale_factor (before any recompute), when one was given.
    std::vector<std::optional<double>> userScales;
    // The version's F.interpolate (never null after resolve()).
    const Semantics* semantics = &defaultSemantics();
    // PyTorch would take its channels-last (vectorised) kernel: the version's kernelChoice for
    // any thread count (nearest indexes differently there; the linear family sums in another order).
    bool channelsLastKernel = false;

    int64_t inSize(int d) const { return inputShape[2 + d]; }
    int64_t outSize(int d) const { return outputShape[2 + d]; }
    int64_t planes() const { return inputShape[0] * inputShape[1]; }
    // True for a result with no elements (area with an output size of 0, or N = 0).
    bool emptyOutput() const;
};

// True when a contiguous (N, C, H, W) or (N, C, D, H, W) tensor of this shape is also
// channels-last contiguous (C == 1, or every spatial dim 1, ...). Each version's kernelChoice
// reads it: PyTorch's channels-last CPU kernels index nearest/nearest-exact differently from the
// generic kernel (see coords.hpp).
bool isChannelsLastContiguous(const Shape& shape);

// Throws SpecError (with PyTorch's exact message) when PyTorch would raise, and TooLargeError
// for an input shape no tensor can have (its element count overflows) or an output that overflows.
ResolvedSpec resolve(const Spec& spec, const Shape& inputShape);

// dtypes on the CPU, per version (core/src/semantics/dtypes.cpp): float32 and float64 run in every
// mode; uint8 in nearest and nearest-exact (a uint8 result, the input's bytes). Every dtype and
// mode the version refuses gets the error of the kernel dispatch PyTorch takes, which names its path:
// "\"upsample_nearest2d_channels_last\" not implemented for 'Short'" for a (1, 1, H, W) int16 input,
// "\"compute_indices_weights_nearest\" not implemented for 'Short'" for (1, 3, H, W).
// dtypeComputed: this program computes the dtype for the spec. dtypeRefusal: PyTorch's message,
// or none where PyTorch runs it (also 1-D and 2-D area with an empty output, which PyTorch
// returns before it looks at the dtype, and the dtypes a version computes that this program does
// not: dtypeComputed is false there). dtypeRefusalType: the exception type the version raises.
bool dtypeComputed(const ResolvedSpec& spec, DType dtype);
std::optional<std::string> dtypeRefusal(const ResolvedSpec& spec, DType dtype);
PyErrorType dtypeRefusalType(const ResolvedSpec& spec);

// Python's repr of a float ("2.0", "1.7", "1e+16", "nan", "inf").
std::string pyFloatRepr(double v);
// The F.interpolate(...) call for a spec, e.g.
// "F.interpolate(x, scale_factor=2.0, mode='bilinear', align_corners=True)".
std::string toPythonCall(const Spec& spec);

}  // namespace upsample
