// The backend-neutral step between a resolved spec and a kernel: the geometry with spatial dims
// padded to three (D, H, W), the three per-axis tables (taps.hpp) and the kernels the mode names
// (modes.hpp). Built once per call; every backend consumes a Plan.
#pragma once

#include "upsample/modes.hpp"
#include "upsample/spec.hpp"
#include "upsample/taps.hpp"

#include <array>
#include <cstdint>

namespace upsample::plan {

// The input/output geometry with spatial dims padded to three (D, H, W).
struct Geometry {
    int dims = 0;
    int64_t planes = 0;
    std::array<int64_t, 3> in{1, 1, 1}, out{1, 1, 1};
    int64_t inPlane() const { return in[0] * in[1] * in[2]; }
    int64_t outPlane() const { return out[0] * out[1] * out[2]; }
};
Geometry geometryOf(const ResolvedSpec& spec);

// The three tables D, H, W (identity tables, marked skip, for padded dims).
template <class T>
std::array<AxisTable<T>, 3> paddedTables(const ResolvedSpec& spec);

template <class T>
struct Plan {
    const ModeDescriptor* mode = nullptr;
    const KernelNames* kernels = nullptr;  // the mode's kernels, or its antialias kernels
    Geometry geometry;
    std::array<AxisTable<T>, 3> tables;
};

// The order of the two antialias passes (2-D): true where the H pass goes first. Chosen here, once
// for every backend (the CPU's paths and OpenCL give the same bits only in the same order), by
// the work each order does, as libvips and Halide choose: a pass costs its outputs times its
// taps, the W pass twice (across the contiguous axis it needs transposes or phase splits, the H
// pass is plain vector loads along rows). A x1/4 downscale of both axes: W first costs 9 units,
// H first 6 (its W pass runs on a quarter of the rows). PyTorch runs W first; the other order
// differs from it by float rounding only (within the goldens' 2e-5).
bool antialiasHFirst(const Geometry& g, int tapsH, int tapsW);
template <class T>
bool antialiasHFirst(const Geometry& g, const std::array<AxisTable<T>, 3>& t) {
    return antialiasHFirst(g, t[1].taps, t[2].taps);
}

// The plan of a resolved spec in the precision of T (float for float32 tensors, double for float64).
template <class T>
Plan<T> makePlan(const ResolvedSpec& spec);

}  // namespace upsample::plan
