// An independent, per-pixel evaluation of a resolved spec (the inspector's nested sum straight
// from the tap tables), to check the optimised kernels on tensors larger than the goldens.
#pragma once

#include "upsample/inspect.hpp"
#include "upsample/spec.hpp"
#include "upsample/tensor.hpp"

#include <random>
#include <string>

namespace reference {

inline upsample::Tensor randomTensor(const upsample::Shape& shape, unsigned seed) {
    upsample::Tensor t(shape, upsample::DType::Float32);
    std::mt19937 rng(seed);
    std::uniform_real_distribution<float> dist(-10.f, 10.f);
    for (int64_t i = 0; i < t.numel(); ++i) t.data<float>()[i] = dist(rng);
    return t;
}

// "" when every output element equals the per-pixel evaluation bit for bit.
inline std::string checkEveryPixel(const upsample::ResolvedSpec& r, const upsample::Tensor& in,
                                   const upsample::Tensor& out) {
    const int dims = r.spatialDims;
    std::vector<int64_t> pos(static_cast<std::size_t>(dims), 0);
    int64_t flatSpatial = 0, plane = 1;
    for (int d = 0; d < dims; ++d) plane *= r.outSize(d);
    for (int64_t n = 0; n < r.inputShape[0]; ++n) {
        for (flatSpatial = 0; flatSpatial < plane; ++flatSpatial) {
            int64_t rest = flatSpatial;
            for (int d = dims - 1; d >= 0; --d) {
                pos[d] = rest % r.outSize(d);
                rest /= r.outSize(d);
            }
            const auto p = upsample::inspectPixel(r, in, out, n, pos);
            for (const auto& c : p.channels)
                if (!(c.recomputed == c.value))
                    return "batch " + std::to_string(n) + " channel " + std::to_string(c.channel) + " flat " +
                           std::to_string(flatSpatial) + ": kernel " + std::to_string(c.value) + ", per pixel " +
                           std::to_string(c.recomputed);
        }
    }
    return "";
}

}  // namespace reference
