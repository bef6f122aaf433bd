// The PyTorch versions this program reproduces, one Semantics value each: what a version means
// for F.interpolate (index precision, filter forms, size rounding, kernel choice, messages and
// exception types). The values live in core/src/semantics/, the only place in the core that
// names a version; everything else reads a Semantics, which resolve() picks once from the Spec
// and carries in the ResolvedSpec.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace upsample {

enum class PyErrorType;  // error.hpp
struct ResolvedSpec;     // spec.hpp

// The type the source coordinate of the linear family and bicubic is computed in.
enum class IndexPrecision {
    Accumulate,  // double for float32 tensors (acc_type), the weight rounded to float after
    Opmath,      // the tensor's compute type: float for float32 ("opmath"), double for float64
};

// How the antialias cubic filter (Keys, a = -0.5) is evaluated.
enum class CubicFilterForm {
    DoublePolynomial,  // in double, the outer lobe as (((x - 5) x + 8) x - 4) a, then rounded
    Convolution,       // in the tensor's type, as cubic_convolution1 / cubic_convolution2
};

// How recompute_scale_factor=True turns in * scale into a size.
enum class SizeRounding { Floor, Truncate };

// Which CPU kernel PyTorch runs for the linear family, and why.
struct KernelChoice {
    bool channelsLast = false;  // the vectorised channels-last kernel (else the generic separable one)
    std::string reason;         // one sentence, e.g. "out_H + out_W = 96 <= 128"
};

struct Semantics {
    std::string_view version;  // "2.14": what --torch takes and the studio shows
    std::string_view release;  // the release the goldens and parity runs were measured against
    std::string_view summary;  // one line on what characterises it

    IndexPrecision linearIndex;
    CubicFilterForm antialiasCubic;
    SizeRounding recomputeRounding;

    // PyTorch's texts that differ between versions.
    std::string_view modeList;          // in "Input Error: ... for the modes: <list> (got X)"
    std::string_view antialiasRefusal;  // F.interpolate's ValueError for antialias
    PyErrorType dtypeRefusalType;       // a dtype a kernel does not take ("... not implemented for 'Short'")
    // A size from in * scale_factor outside int64 (NaN, inf, huge): checked conversion ("value cannot
    // be converted to type int64_t without overflow"), else x86's INT64_MIN and the SymInt refusal.
    bool checkedSizeConversion;
    // The function a negative 3-D area size names ("adaptive_avg_pool2d" in the older version).
    std::string_view area3dSizeCheck;
    // F.upsample* deprecation warnings name the functions in backticks.
    bool quotedDeprecations;
    // antialias leaves an axis whose output size equals its input size as it is (the separable
    // kernel skips it), whatever the scale_factor; the older version filters it with 1/scale_factor.
    bool antialiasSkipsEqualAxes;
    // antialias with an output width of 1: the height pass gives every output row the taps of row 0
    // (measured: every row of the result equals the first, in float32 and float64).
    bool antialiasWidthOneRepeatsFirstRow;
    // uint8 bilinear and bicubic (antialias or not) computed in fixed point (fixed_point.hpp);
    // the older version refuses uint8 there.
    bool uint8FixedPoint;
    // float16 and bfloat16 computed in float and rounded to the dtype (every mode but antialias).
    bool reducedFloats;

    // The kernel PyTorch takes for the spec (linear family; other modes: not applicable).
    KernelChoice (*kernelChoice)(const ResolvedSpec& spec, int threads);
};

// Every version, newest first; the first is the default.
const std::vector<const Semantics*>& allSemantics();
const Semantics& defaultSemantics();
// The version named exactly ("2.14", "1.13"), or nullptr.
const Semantics* semanticsNamed(std::string_view version);
// The supported version nearest to a torch.__version__ string ("2.6.0+cpu", "1.13.0a0"): the same
// major.minor when supported, else the nearest supported one. nullptr for text that is no version.
const Semantics* nearestSemantics(std::string_view torchVersion);
// The versions' names joined by sep ("2.14|1.13").
std::string semanticsNames(std::string_view sep);
// The UserWarning of a deprecated F.<function> ("upsample", "upsample_nearest", ...), as the version
// prints it: "UserWarning: nn.functional.upsample is deprecated. Use nn.functional.interpolate instead."
std::string deprecationWarning(const Semantics& s, std::string_view function);

}  // namespace upsample
