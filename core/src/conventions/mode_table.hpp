// Each library's counterpart of each PyTorch mode: one row per mode, in kAllModes order, read by
// equivalents.cpp (the closest calls), onnx_export.cpp (the exporter's Resize mode) and
// torchvision.cpp (its closest call). A mode without a row fails the build (static_assert below):
// the next mode has to say what each library does with it, instead of silently becoming linear.
#pragma once

#include "upsample/conventions.hpp"
#include "upsample/modes.hpp"

#include <array>
#include <optional>
#include <string_view>

namespace upsample::conventions {

struct ModeConvention {
    Mode mode;
    CvInterpolation opencv;  // cv2.resize's flag
    std::string_view opencvNote;
    std::optional<PilResample> pillow;  // Image.resize's filter (none: no counterpart)
    std::string_view pillowNote;
    std::optional<OnnxMode> onnx;  // the Resize mode (none: ONNX has no such Resize)
    double onnxCubicA;             // cubic_coeff_a written without antialias
    std::optional<int> skimageOrder;  // skimage.transform.resize's order (none: no counterpart)
    bool skimageEdge;                 // mode='edge' (PyTorch clamps at the border)
    std::string_view skimageNote;
    std::optional<TvInterpolation> torchvision;  // v2.functional.resize's interpolation (none: not for tensors)
};

inline constexpr std::array<ModeConvention, kModeCount> kModeConventions = {{
    {Mode::Nearest, CvInterpolation::Nearest, "", PilResample::Nearest,
     "Pillow's NEAREST samples pixel centres, as nearest-exact does; PyTorch's nearest takes floor(d · scale)",
     OnnxMode::Nearest, -0.75, 0, false,
     "order=0 samples pixel centres (floor(x + 0.5) of (d + 0.5)·in/out - 0.5), as nearest-exact does; PyTorch's "
     "nearest takes floor(d · scale)", TvInterpolation::Nearest},
    {Mode::NearestExact, CvInterpolation::NearestExact, "INTER_NEAREST_EXACT samples pixel centres in 16.16 fixed point",
     PilResample::Nearest, "", OnnxMode::Nearest, -0.75, 0, false, "", TvInterpolation::NearestExact},
    {Mode::Linear, CvInterpolation::Linear, "", PilResample::Bilinear, "", OnnxMode::Linear, -0.75, 1, true, "", std::nullopt},
    {Mode::Bilinear, CvInterpolation::Linear, "", PilResample::Bilinear, "", OnnxMode::Linear, -0.75, 1, true, "", TvInterpolation::Bilinear},
    {Mode::Bicubic, CvInterpolation::Cubic, "", PilResample::Bicubic, "", OnnxMode::Cubic, -0.75, 3, true,
     "order=3 interpolates a cubic B-spline through the pixels (a prefilter, then the B-spline); PyTorch's bicubic is "
     "Keys' cubic convolution (A = -0.75)", TvInterpolation::Bicubic},
    {Mode::Trilinear, CvInterpolation::Linear, "", PilResample::Bilinear, "", OnnxMode::Linear, -0.75, 1, true, "", std::nullopt},
    {Mode::Area, CvInterpolation::Area,
     "INTER_AREA weighs pixels by the fraction each output cell covers (and interpolates when upscaling); PyTorch's "
     "area averages whole-pixel windows",
     PilResample::Box,
     "BOX averages the input pixels whose centres fall in each output cell; PyTorch's area averages "
     "[floor(d·in/out), ceil((d+1)·in/out))",
     std::nullopt, -0.75, std::nullopt, false,
     "skimage.transform.resize has no box average (downscale_local_mean averages integer blocks)", std::nullopt},
    {Mode::Lanczos, CvInterpolation::Lanczos4,
     "INTER_LANCZOS4 interpolates 8 taps of a Lanczos-4 window around x = (d + 0.5)·scale - 0.5 and never widens it; "
     "PyTorch's lanczos is Lanczos-3 over a window widened by in/out when downscaling, normalised",
     PilResample::Lanczos,
     "Pillow's LANCZOS is PyTorch's lanczos filter and window (PyTorch took its antialias scheme from Pillow); Pillow "
     "computes in double and rounds to float32 between its passes",
     std::nullopt, -0.75, std::nullopt, false,
     "skimage.transform.resize has no Lanczos filter (its orders are B-splines)", TvInterpolation::Lanczos},
}};

constexpr bool coversEveryMode() {
    for (std::size_t i = 0; i < kModeCount; ++i)
        if (kModeConventions[i].mode != kAllModes[i]) return false;
    return true;
}
static_assert(coversEveryMode(), "kModeConventions needs one row per mode, in kAllModes order");

constexpr const ModeConvention& conventionOf(Mode m) { return kModeConventions[static_cast<std::size_t>(m)]; }

}  // namespace upsample::conventions
