#include "upsample/preview.hpp"

#include "upsample/error.hpp"

#include <algorithm>
#include <cstring>
#include <string>

namespace upsample {

namespace {
Shape previewShape(const Shape& shape, int64_t step) {
    Shape out = shape;
    for (std::size_t d = 2; d < out.size(); ++d) out[d] = (shape[d] + step - 1) / step;
    return out;
}

uint64_t shapeBytes(const Shape& shape, std::size_t elementSize) {
    uint64_t n = elementSize;
    for (int64_t d : shape) n *= static_cast<uint64_t>(d);
    return n;
}
}  // namespace

int64_t previewStep(const Shape& shape, std::size_t elementSize, uint64_t maxBytes) {
    int64_t longest = 1;
    for (std::size_t d = 2; d < shape.size(); ++d) longest = std::max(longest, shape[d]);
    int64_t step = 1;
    while (step < longest && shapeBytes(previewShape(shape, step), elementSize) > maxBytes) {
        // grow by about a tenth each time: a few dozen tries even for a step in the thousands
        step = std::max(step + 1, step + step / 10);
    }
    return std::min(step, longest);
}

Tensor everyNth(const Tensor& t, int64_t step) {
    if (t.rank() < 3) throw UsageError("everyNth: a tensor of rank " + std::to_string(t.rank()) + " has no spatial axes");
    if (step < 1) throw UsageError("everyNth: the step must be at least 1, got " + std::to_string(step));
    if (step == 1) return t;
    const Shape& in = t.shape();
    Tensor out(previewShape(in, step), t.dtype());
    const std::size_t elem = dtypeSize(t.dtype());
    // Walk the output in C order; the source offset of each output row's first sample, then every
    // step-th element of that source row.
    const int rank = t.rank();
    const int64_t rows = out.numel() / out.shape().back();
    const int64_t width = out.shape().back();
    const auto* src = static_cast<const std::byte*>(t.raw());
    auto* dst = static_cast<std::byte*>(out.raw());
    for (int64_t r = 0; r < rows; ++r) {
        int64_t rest = r, offset = 0, stride = in.back();
        for (int d = rank - 2; d >= 0; --d) {
            const int64_t idx = rest % out.shape()[static_cast<std::size_t>(d)];
            rest /= out.shape()[static_cast<std::size_t>(d)];
            offset += (d >= 2 ? idx * step : idx) * stride;
            stride *= in[static_cast<std::size_t>(d)];
        }
        for (int64_t x = 0; x < width; ++x)
            std::memcpy(dst + static_cast<std::size_t>(r * width + x) * elem,
                        src + static_cast<std::size_t>(offset + x * step) * elem, elem);
    }
    return out;
}

}  // namespace upsample
