// Which dtypes each PyTorch version's CPU kernels take, per mode, and its refusal of the others.
#include "upsample/error.hpp"
#include "upsample/fixed_point.hpp"
#include "upsample/spec.hpp"

#include <string>
#include <string_view>

namespace upsample {

namespace {
bool isNewer(const ResolvedSpec& s) { return s.semantics->linearIndex == IndexPrecision::Opmath; }

// The name of the AT_DISPATCH that refuses a dtype: the path PyTorch takes for the spec.
std::string refusingDispatch(const ResolvedSpec& s) {
    const ModeDescriptor& m = describe(s.mode);
    if (m.sampling == Sampling::Window)  // area: adaptive average pooling (1-D runs as 2-D)
        return s.spatialDims == 3 ? "adaptive_avg_pool3d_cpu" : "adaptive_avg_pool2d";
    if (s.antialias) return isNewer(s) ? "compute_index_ranges_weights" : "compute_indices_weights_aa";
    // The channels-last kernels (the version's kernelChoice) exist for nearest (nearest-exact runs
    // them too), bilinear and trilinear, not for bicubic.
    // Built by appending (GCC 12 warns falsely, -Wrestrict, on "literal" + std::string temporaries).
    const auto channelsLastKernel = [&](std::string_view family) {
        std::string k = "upsample_";
        k.append(family).append(std::to_string(s.spatialDims)).append("d_channels_last");
        return k;
    };
    if (m.sampling == Sampling::Gather)
        return s.channelsLastKernel ? channelsLastKernel("nearest") : "compute_indices_weights_nearest";
    if (m.filter == FilterKind::Cubic) return "compute_indices_weights_cubic";
    return s.channelsLastKernel ? channelsLastKernel(m.name) : "compute_indices_weights_linear";
}

// Dtypes PyTorch computes for the spec that this program does not (it says so in its own words).
bool runsInPyTorchOnly(const ResolvedSpec& s, DType dtype) {
    const ModeDescriptor& m = describe(s.mode);
    if (!isNewer(s)) {  // adaptive_avg_pool3d has a float16 CPU kernel; one output per plane is input.mean()
        bool mean = true;
        for (int d = 0; d < s.spatialDims; ++d) mean = mean && s.outSize(d) == 1;
        // bfloat16 in 1.13: every mode but nearest-exact, antialias and 3-D area (mean aside)
        if (dtype == DType::BFloat16)
            return !s.antialias && s.mode != Mode::NearestExact &&
                   (m.sampling != Sampling::Window || s.spatialDims < 3 || mean);
        return m.sampling == Sampling::Window && (s.spatialDims == 3 || mean) && dtype == DType::Float16;
    }
    // Newer versions: float16 and bfloat16 in every mode but antialias; uint8 bilinear and bicubic
    // in fixed point.
    if (dtype == DType::Float16 || dtype == DType::BFloat16) return !s.antialias;
    return dtype == DType::UInt8 && m.sampling == Sampling::Taps && s.spatialDims == 2;
}
}  // namespace

bool dtypeComputed(const ResolvedSpec& spec, DType dtype) {
    if (dtype == DType::Float32 || dtype == DType::Float64) return true;
    // float16, bfloat16: in float, rounded, where the version has it (every mode but antialias)
    if (dtype == DType::Float16 || dtype == DType::BFloat16) {
        if (spec.semantics->reducedFloats) return !spec.antialias;
        // 1.13's bfloat16 nearest is a copy (indices as for float32); its other bfloat16 kernels
        // compute in bfloat16 and are not reproduced
        return dtype == DType::BFloat16 && spec.mode == Mode::Nearest;
    }
    if (dtype != DType::UInt8) return false;
    // uint8: the nearest modes copy bytes; bilinear and bicubic in fixed point where the version has it.
    return describe(spec.mode).sampling == Sampling::Gather || fixedpoint::takesFixedPoint(spec);
}

std::optional<std::string> dtypeRefusal(const ResolvedSpec& spec, DType dtype) {
    if (dtypeComputed(spec, dtype)) return std::nullopt;
    const ModeDescriptor& m = describe(spec.mode);
    // 1-D and 2-D area (adaptive_avg_pool2d) returns an empty result before it dispatches on the
    // dtype; 3-D area dispatches first.
    if (m.sampling == Sampling::Window && spec.emptyOutput() && spec.spatialDims < 3) return std::nullopt;
    if (runsInPyTorchOnly(spec, dtype)) return std::nullopt;
    std::string message = "\"";
    message.append(refusingDispatch(spec)).append("\" not implemented for '");
    message.append(torchScalarTypeName(dtype)).append("'");
    return message;
}

PyErrorType dtypeRefusalType(const ResolvedSpec& spec) { return spec.semantics->dtypeRefusalType; }

}  // namespace upsample
