// uint8 bilinear and bicubic as PyTorch 2.x computes them on the CPU (its "separable" uint8 path,
// after Pillow's resample): per resampled axis, a window of input pixels per output with weights
// computed in double, scaled to int16 with a precision p chosen per axis, then integer sums
// (2^(p-1) + sum of pixel * weight) >> p, clamped to 0..255. The W pass first, into a uint8
// intermediate, then the H pass; an axis whose size does not change is not resampled.
//
// The weights:
//  * antialias: as the float antialias path (triangle for bilinear, Keys a = -0.5 for bicubic),
//    window [lo, hi) around centre = scale * (d + 0.5), normalised by their sum;
//  * no antialias: the source coordinate of the linear family / bicubic (align_corners either),
//    index floor(x) clamped to in - 1 and t clamped to [0, 1]; taps index-support+1 ..
//    index+support (support 1 or 2) with the filter (triangle, or Keys a = -0.75); the taps
//    outside the axis are folded into the first or last tap inside it.
//  * p: the largest p <= 22 with round(w_max * 2^(p+1)) < 2^15, w_max the largest weight of the
//    axis (for bicubic without antialias, the largest partial sum while folding);
//  * int16: w * 2^p rounded half away from zero.
#pragma once

#include <cstdint>
#include <optional>
#include <vector>

namespace upsample {

struct SeparableFilter;  // filters.hpp
struct ResolvedSpec;
}

namespace upsample::fixedpoint {

// The fixed-point filter of one axis.
struct AxisFilter {
    int64_t in = 0;
    int64_t out = 0;
    int taps = 0;            // weights stored per output (the window's largest possible size)
    unsigned precision = 0;  // p: the int16 weights are w * 2^p
    double scale = 0;        // the coordinate scale (in/out, 1/scale_factor or (in-1)/(out-1))
    std::vector<int64_t> start;   // first input index of each output's window
    std::vector<int64_t> count;   // window size of each output (<= taps)
    std::vector<double> weights;  // out * taps, in double, as computed before scaling
    std::vector<int16_t> fixed;   // out * taps, the int16 weights (0 past count)

    const int16_t* fixedOf(int64_t d) const { return fixed.data() + d * taps; }
    const double* weightsOf(int64_t d) const { return weights.data() + d * taps; }
};

// One axis's filter. cubic: bicubic (else bilinear); scale: the scale_factor passed on to the
// kernel for this axis, if any.
// windowed: an antialias-only filter (lanczos), evaluated as filters.hpp has it.
AxisFilter axisFilter(int64_t in, int64_t out, bool alignCorners, std::optional<double> scale, bool cubic,
                      bool antialias, const SeparableFilter* windowed = nullptr);

// The filters of a 2-D spec: [0] H, [1] W. An axis whose size does not change is not resampled
// (its filter is empty: out == in, no taps).
struct Filters {
    AxisFilter h, w;
};
Filters filtersOf(const ResolvedSpec& spec);

// True when the spec is one the fixed-point path computes for uint8: 2-D bilinear, bicubic or lanczos in
// a version that has it (Semantics::uint8FixedPoint).
bool takesFixedPoint(const ResolvedSpec& spec);

// The H pass gives every output row the window and weights of row 0: with C > 4 PyTorch takes its
// generic kernel, which reads them without their stride when the output width is 1 (as its float
// antialias path does, Semantics::antialiasWidthOneRepeatsFirstRow); its vectorised uint8 kernel
// (C <= 4) does not. Measured on contiguous inputs (NCHW); channels-last ones do not repeat.
bool repeatsFirstRow(const ResolvedSpec& spec);

// One output value of an axis from the window's pixels (stride apart): the integer sum, the shift
// and the clamp, exactly as both passes compute it.
inline uint8_t resampleOne(const AxisFilter& f, int64_t d, const uint8_t* src, int64_t stride) {
    const int16_t* k = f.fixedOf(d);
    int32_t acc = int32_t{1} << (f.precision - 1);
    for (int64_t j = 0, n = f.count[static_cast<std::size_t>(d)]; j < n; ++j)
        acc += static_cast<int32_t>(src[j * stride]) * k[j];
    acc >>= f.precision;  // arithmetic shift, as PyTorch's int
    return static_cast<uint8_t>(acc < 0 ? 0 : (acc > 255 ? 255 : acc));
}

}  // namespace upsample::fixedpoint
