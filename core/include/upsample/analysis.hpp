// Comparing two results (A/B difference and its statistics) and line profiles through a pixel.
#pragma once

#include "upsample/spec.hpp"
#include "upsample/tensor.hpp"

#include <optional>
#include <string>
#include <vector>

namespace upsample {

struct DiffStats {
    int64_t count = 0;          // elements compared
    int64_t differing = 0;      // elements whose values (or NaN-ness) differ
    int64_t nonFiniteMismatch = 0;  // one side NaN/Inf where the other is not the same
    double maxAbs = 0;          // over elements finite on both sides
    int64_t argMaxAbs = -1;     // flat index of maxAbs
    double meanAbs = 0;
    double rmse = 0;
    double peak = 0;            // the peak used for PSNR
    double psnr = 0;            // +inf when identical
};

// a - b element by element (a's dtype). Throws Error (Usage) naming both shapes when they differ.
Tensor signedDifference(const Tensor& a, const Tensor& b);
// Statistics of a against the reference b. peak: the signal peak for PSNR; by default the
// range (max - min) of b's finite values, or 1 when b is constant.
DiffStats diffStats(const Tensor& a, const Tensor& b, std::optional<double> peak = std::nullopt);

struct ProfileSeries {
    std::vector<double> coord;  // position on the source axis (input pixel units)
    std::vector<double> value;
};
struct LineProfile {
    int dim = 0;                  // the spatial axis the line runs along
    std::vector<ProfileSeries> input, output;  // one per channel
    std::vector<int64_t> inputLine;  // input position of the line on the other axes
};

// Values along axis `dim` through output position outPos (batch `batch`, every channel):
// output samples at their centres on the source axis (outputCenterInSource), and the input
// line nearest to the pixel's source position on the other axes.
LineProfile lineProfile(const ResolvedSpec& spec, const Tensor& input, const Tensor& output, int64_t batch,
                        const std::vector<int64_t>& outPos, int dim);

// The profile as CSV: "series,channel,coord,value" rows.
std::string profileCsv(const LineProfile& profile);

}  // namespace upsample
