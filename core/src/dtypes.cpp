// Which dtypes PyTorch 1.13's CPU kernels take, per mode, and its refusal of the others.
#include "upsample/spec.hpp"

#include <string>

namespace upsample {

namespace {
// The name of the AT_DISPATCH that refuses a dtype: the path PyTorch 1.13 takes for the spec.
std::string refusingDispatch(const ResolvedSpec& s) {
    const ModeDescriptor& m = describe(s.mode);
    if (m.sampling == Sampling::Window)  // area: adaptive average pooling (1-D runs as 2-D)
        return s.spatialDims == 3 ? "adaptive_avg_pool3d_cpu" : "adaptive_avg_pool2d";
    if (s.antialias) return "compute_indices_weights_aa";
    // The channels-last kernels (a channels-last contiguous 4-D or 5-D input, such as C == 1)
    // exist for nearest (nearest-exact runs them too), bilinear and trilinear, not for bicubic.
    const bool channelsLast = s.spatialDims >= 2 && isChannelsLastContiguous(s.inputShape);
    const std::string dims = std::to_string(s.spatialDims) + "d";
    if (m.sampling == Sampling::Gather)
        return channelsLast ? "upsample_nearest" + dims + "_channels_last" : "compute_indices_weights_nearest";
    if (m.filter == FilterKind::Cubic) return "compute_indices_weights_cubic";
    return channelsLast ? "upsample_" + std::string(m.name) + dims + "_channels_last" : "compute_indices_weights_linear";
}
}  // namespace

bool dtypeComputed(const ResolvedSpec& spec, DType dtype) {
    if (dtype == DType::Float32 || dtype == DType::Float64) return true;
    return dtype == DType::UInt8 && describe(spec.mode).sampling == Sampling::Gather;
}

std::optional<std::string> dtypeRefusal(const ResolvedSpec& spec, DType dtype) {
    if (dtypeComputed(spec, dtype)) return std::nullopt;
    const ModeDescriptor& m = describe(spec.mode);
    // 1-D and 2-D area (adaptive_avg_pool2d) returns an empty result before it dispatches on the
    // dtype; 3-D area dispatches first.
    if (m.sampling == Sampling::Window && spec.emptyOutput() && spec.spatialDims < 3) return std::nullopt;
    // adaptive_avg_pool3d has a float16 CPU kernel in PyTorch 1.13.
    if (m.sampling == Sampling::Window && spec.spatialDims == 3 && dtype == DType::Float16) return std::nullopt;
    return "\"" + refusingDispatch(spec) + "\" not implemented for '" + std::string(torchScalarTypeName(dtype)) + "'";
}

}  // namespace upsample
