// Shared by the library conventions: tensors as stacks of 2-D images, identity axis tables, the
// CPU kernels run on image planes, and the tolerance comparison with PyTorch's result.
#pragma once

#include "cpu/kernels.hpp"

#include "upsample/conventions.hpp"
#include "upsample/taps.hpp"
#include "upsample/tensor.hpp"

#include <array>
#include <cstdint>
#include <optional>
#include <string_view>
#include <vector>

namespace upsample::conventions {

// The value of `all` whose name is `name` (the name <-> enum tables of every library).
template <class E, std::size_t N, class NameOf>
std::optional<E> enumFromName(std::string_view name, const std::array<E, N>& all, NameOf nameOf) {
    for (E e : all)
        if (nameOf(e) == name) return e;
    return std::nullopt;
}

// The scales or sizes input of the Resize PyTorch's exporter writes: [1, 1, float32(scale)...]
// when every spatial dim passes a scale_factor on to the kernel, else the output shape.
void setExporterInputs(OnnxResize& r, const ResolvedSpec& spec);

// A (N, C, H, W) tensor, or (N, C, L) read as height 1, as N·C planes of H x W.
struct Planes {
    int rank = 4;
    int64_t n = 1, c = 1, planes = 1, h = 1, w = 1;
};
// Throws UsageError naming the library for other ranks.
Planes planesOf(const Tensor& t, std::string_view library);
// The output tensor for planes resized to (oh, ow): rank 3 when the input was 1-D (oh must be 1).
Tensor planesOutput(const Planes& p, int64_t oh, int64_t ow, DType dtype, std::string_view library);

// Same values as float32 (a shared copy when already float32).
Tensor asFloat32(const Tensor& t);

// out[d] = in[d]: one tap of weight 1.
template <class T>
AxisTable<T> identityTable(int64_t n) {
    AxisTable<T> t;
    t.in = t.out = n;
    t.taps = 1;
    t.index.resize(static_cast<std::size_t>(n));
    for (int64_t d = 0; d < n; ++d) t.index[static_cast<std::size_t>(d)] = d;
    t.weight.assign(static_cast<std::size_t>(n), T(1));
    return t;
}

// The kernels of core/src/cpu on planes: tables for the padded depth axis (identity), H and W.
template <class T>
std::array<AxisTable<T>, 3> planeTables(AxisTable<T> h, AxisTable<T> w) {
    std::array<AxisTable<T>, 3> t;
    t[0].index = {0};
    t[0].weight = {T(1)};
    t[0].skip = true;
    t[1] = std::move(h);
    t[2] = std::move(w);
    return t;
}
cpu::Geometry planeGeometry(const Planes& p, int64_t oh, int64_t ow);

// Element-wise agreement with a reference, as the golden tests judge it: within
// 2e-5·max(1, |ref|), NaN where the reference is NaN, infinities equal.
struct Agreement {
    bool sameShape = false;
    int64_t compared = 0;
    int64_t differing = 0;      // beyond the tolerance
    double maxAbsDiff = 0;      // over elements finite on both sides
    int64_t argMax = -1;        // flat index of maxAbsDiff (-1: none)
};
Agreement agreement(const Tensor& got, const Tensor& ref);
bool withinTolerance(double got, double ref);
// A flat index as a multi-index of the shape.
std::vector<int64_t> unravel(int64_t flat, const Shape& shape);
// torchvision's closest call for a resolved spec (torchvision.cpp): none, with the reason in note,
// where it has no equivalent; else the call, and in note why it may differ.
std::optional<TorchvisionResize> torchvisionFor(const ResolvedSpec& s, std::string& note);
// The shortest text that reads back as this float32 ("1.7", "2.0"), as NumPy prints a float32.
std::string float32Text(float v);

}  // namespace upsample::conventions
