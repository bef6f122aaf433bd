// What the spec controls hold, independent of widgets: enough to rebuild a core Spec for any
// number of spatial dims, to save the last spec in the settings and to describe presets.
#pragma once

#include "upsample/spec.hpp"

#include <QString>

#include <array>
#include <optional>
#include <vector>

namespace studio {

// The scale_factor controls' range and precision (decimals).
inline constexpr double kMaxScale = 10000.0;
inline constexpr int kScaleDecimals = 6;

struct SpecState {
    upsample::Mode mode = upsample::Mode::Nearest;
    bool useSize = false;  // size=... instead of scale_factor=...
    bool perDim = false;   // a tuple, one value per spatial dim, instead of one number
    std::array<double, 3> scale{2.0, 2.0, 2.0};
    std::array<int64_t, 3> size{8, 8, 8};
    std::optional<bool> alignCorners;          // None, False, True
    std::optional<bool> recomputeScaleFactor;  // None, False, True
    bool antialias = false;
    const upsample::Semantics* torch = &upsample::defaultSemantics();  // the PyTorch version

    // The core Spec for an input with this many spatial dims (1 to 3). The last spatialDims
    // entries of scale/size are used for a tuple (index 0 is D, 1 is H, 2 is W).
    upsample::Spec toSpec(int spatialDims) const;
    // The controls' state for a spec (a parsed call), or why the controls cannot hold it: a
    // tuple whose length is not spatialDims, an unknown mode, or a value outside the controls'
    // range or precision (kMaxScale, kScaleDecimals, a size above INT_MAX).
    static std::optional<SpecState> fromSpec(const upsample::Spec& spec, int spatialDims, QString* why = nullptr);

    bool operator==(const SpecState&) const = default;
};

// The module calls people write, as presets.
struct SpecPreset {
    QString name;    // as written in Python, e.g. "nn.UpsamplingBilinear2d(scale_factor=2)"
    SpecState state;
};
const std::vector<SpecPreset>& specPresets();

}  // namespace studio
