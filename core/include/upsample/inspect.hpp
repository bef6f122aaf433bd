// The pixel inspector's numbers: for one output pixel, per spatial axis the scale, the source
// coordinate and the formula that produced it, the input taps and weights, and per channel
// the weighted sum written out. Everything comes from the same tap tables the kernels use
// (taps.hpp), and the sum is evaluated in the kernels' order and precision, so it reproduces
// the output value bit for bit.
#pragma once

#include "upsample/spec.hpp"
#include "upsample/tensor.hpp"

#include <optional>
#include <string>
#include <vector>

namespace upsample {

struct AxisInspection {
    int dim = 0;                 // spatial dim, 0 = first
    std::string name;            // PyTorch's label: "W"; "H", "W"; "D", "H", "W"
    int64_t in = 0, out = 0, outIndex = 0;
    double scale = 0;            // the coordinate scale the kernel uses
    std::string scaleFormula;    // e.g. "in/out = 4/8 = 0.5"
    double source = 0;           // the source coordinate of outIndex on this axis
    std::string sourceFormula;   // e.g. "x = (d + 0.5) * scale - 0.5 = (3 + 0.5) * 0.5 - 0.5 = 1.25"
    std::vector<int64_t> taps;   // input indices read, in the kernel's order
    std::vector<double> weights; // their weights (area: 1/count; nearest: 1)
    std::optional<double> support;  // antialias: half-width of the filter window, in input pixels
    std::optional<double> center;   // antialias: window centre
    std::string note;            // e.g. "window [1, 3) of 2 pixels (area)"
};

struct ChannelInspection {
    int64_t channel = 0;
    double value = 0;            // the output value
    double recomputed = 0;       // the weighted sum evaluated from the taps (equals value)
    std::string sum;             // the sum written out with the input values
};

struct PixelInspection {
    int64_t batch = 0;
    std::vector<int64_t> outPos;  // spatial position in the output
    std::vector<AxisInspection> axes;
    std::vector<ChannelInspection> channels;
    // The PyTorch version and the CPU kernel it takes for the spec, and why: "PyTorch 2.14 takes its
    // channels-last kernel here: out_H + out_W = 16 <= 128 (the sums run in another order)".
    std::string kernel;
};

// Throws Error (Usage) when the position is outside the output.
PixelInspection inspectPixel(const ResolvedSpec& spec, const Tensor& input, const Tensor& output, int64_t batch,
                             const std::vector<int64_t>& outPos);

// Where output index d of an axis sits on the input axis (pixel centres, in input pixel
// units): d * scale with align_corners, else (d + 0.5) * scale - 0.5, with the kernel's scale.
double outputCenterInSource(const ResolvedSpec& spec, int dim, int64_t d);
// The output index whose centre lies closest to an input coordinate (volume slice sync).
int64_t outputIndexNearestSource(const ResolvedSpec& spec, int dim, double source);
// The kernel's coordinate scale of an axis (1/scale_factor, in/out or (in-1)/(out-1)).
double axisScale(const ResolvedSpec& spec, int dim);
// PyTorch's axis labels for a number of spatial dims ("W" / "H","W" / "D","H","W").
std::vector<std::string> axisNames(int spatialDims);

}  // namespace upsample
