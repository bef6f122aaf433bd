// Comparing two results (A/B difference and its statistics) and line profiles through a pixel.
#pragma once

#include "upsample/spec.hpp"
#include "upsample/tensor.hpp"

#include <cmath>
#include <limits>
#include <optional>
#include <string>
#include <utility>
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
    std::string peakRule;       // how the peak was chosen ("the 8-bit input's maximum"), see psnrPeak
};

// The one PSNR peak rule of the studio's A/B compare, the live link's compare and the CLI's
// compare. The peak belongs to the input every compared result was computed from, so each pair of
// results of one input is measured against the same peak, whichever is A or B and however far
// either overshoots: a picture's format maximum (255 for 8 bits, 65535 for 16; bitDepth as
// imageio read it), 255 for a uint8 tensor, else the range max − min of the input's finite values
// (1 when it is constant or has none).
struct PsnrPeak {
    double value = 1;
    std::string rule;  // "the 8-bit input's maximum", "the input's range, max − min"
};
PsnrPeak psnrPeak(const Tensor& input, int bitDepth = 0);

// a - b element by element: float64 when a is float64, float32 otherwise (a uint8 difference can
// be negative). Throws Error (Usage) naming both shapes when they differ.
Tensor signedDifference(const Tensor& a, const Tensor& b);
// Statistics of a against the reference b. peak: the signal peak for PSNR; by default the
// range (max - min) of b's finite values, or 1 when b is constant.
DiffStats diffStats(const Tensor& a, const Tensor& b, std::optional<double> peak = std::nullopt);
// The same with psnrPeak's peak and its rule (what the studio and the CLI use).
DiffStats diffStats(const Tensor& a, const Tensor& b, const PsnrPeak& peak);

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
// Channels past maxChannels are left out (the studio plots 16 of a (1, 50000, L) tensor).
LineProfile lineProfile(const ResolvedSpec& spec, const Tensor& input, const Tensor& output, int64_t batch,
                        const std::vector<int64_t>& outPos, int dim,
                        int64_t maxChannels = std::numeric_limits<int64_t>::max());

// The profile as CSV: "series,channel,coord,value" rows.
std::string profileCsv(const LineProfile& profile);

// ---- statistics, histograms and display ranges (what the studio's views and docks show) ----

// The values of one channel of one batch entry (every spatial position; for (N, C, L) one row):
// count, NaN and ±Inf counts, and min, max, mean and (population) standard deviation of the
// finite values (NaN when none is finite).
struct ValueStats {
    int64_t count = 0, finite = 0, nan = 0, posInf = 0, negInf = 0;
    double min = NAN, max = NAN, mean = NAN, std = NAN;
};
ValueStats channelStats(const Tensor& t, int64_t batch, int64_t channel);
// Every element of the tensor at once.
ValueStats tensorStats(const Tensor& t);

// A histogram with NumPy's rules (np.histogram(values, bins, range=(low, high))): `bins` equal
// bins whose edges are np.linspace(low, high, bins + 1) in the data's dtype, each [edge_i,
// edge_i+1) but the last closed; values outside [low, high] are left out (below/above) and
// NaN/Inf are counted apart. Without a range: the finite min and max (± 0.5 when equal).
struct Histogram {
    double low = 0, high = 1;
    std::vector<double> edges;     // bins + 1
    std::vector<int64_t> counts;   // bins
    int64_t below = 0, above = 0, nonFinite = 0;
};
Histogram channelHistogram(const Tensor& t, int64_t batch, int64_t channel, int bins,
                           std::optional<std::pair<double, double>> range = std::nullopt);
Histogram valuesHistogram(const std::vector<double>& values, DType dtype, int bins,
                          std::optional<std::pair<double, double>> range = std::nullopt);

// One unit in the last place of |x| in this dtype (the gap to the next representable value).
double ulpOf(double x, DType dtype);

// A display range that respects precision. From the finite min and max of the values shown:
// when max − min is within `ulps` units in the last place of the values' magnitude the picture is
// constant to the dtype's precision: `constant` is set, low/high are what a truly constant
// picture gets (0 to the value), so it draws flat, and `note` says "constant 1 ± 8e-7". Otherwise
// a span narrower than that floor is widened about its middle (`widened`).
struct DisplayRange {
    double low = 0, high = 1;
    bool constant = false, widened = false;
    double center = 0, spread = 0;  // constant: the value and the largest deviation from it
    std::string note;
};
DisplayRange precisionAwareRange(double min, double max, DType dtype, int ulps = 16);
// The p-th and q-th percentiles (NumPy's default linear interpolation) of the finite values,
// then the precision rule above. None when no value is finite.
std::optional<DisplayRange> percentileRange(std::vector<double> values, DType dtype, double p = 0.5, double q = 99.5);

// The symmetric range of a difference map with max |A − B| = maxAbs between tensors whose values
// have magnitude `magnitude`: ±maxAbs, unless maxAbs is within `ulps` units in the last place of
// that magnitude: then the two are identical to the dtype's precision (`withinPrecision`), the
// range is ±(that floor) and differences up to `floor` should draw as zero.
struct DifferenceRange {
    double limit = 1;     // the map shows [-limit, limit]
    double floor = 0;     // ulps · ulp(magnitude)
    bool withinPrecision = false;
    std::string note;     // "identical to float32 precision: |A − B| ≤ 3.1e-05 (16 ulps of 255)"
};
DifferenceRange differenceRange(double maxAbs, double magnitude, DType dtype, int ulps = 16);

// ---- overshoot ----

// The result against the input's range: how many finite values lie below the input's min or
// above its max and by how much. With the spec: the cause for cubic modes (Keys' cubic
// convolution with A = −0.75; A = −0.5 with antialias), whose negative lobes overshoot edges.
struct OvershootReport {
    double inMin = NAN, inMax = NAN, outMin = NAN, outMax = NAN;
    int64_t outCount = 0;          // finite output values
    int64_t below = 0, above = 0;  // strictly outside [inMin, inMax]
    double maxBelow = 0, maxAbove = 0;  // the largest distance under inMin / over inMax
    bool roundingOnly = false;     // everything outside lies within a few ulps: float rounding
    std::optional<double> cubicA;  // bicubic: the coefficient that causes it
    std::string summary;           // one line for the docks and the CLI

    int64_t outside() const { return below + above; }
};
OvershootReport overshootReport(const Tensor& input, const Tensor& output, const ResolvedSpec* spec = nullptr);
// Flat indices into `output` of the values outside [low, high], at most `limit` of them.
std::vector<int64_t> valuesOutside(const Tensor& output, double low, double high, std::size_t limit);

// ---- pairs of different sizes ----

// `b` read on the spatial grid of `shape` by source position: output pixel j of a dim of size n
// takes b's pixel floor((j + 0.5) · m / n) of its m (what the studio's views show side by side).
// The result has b's dtype (float32, float64 or uint8). N, C and the rank must match; otherwise
// throws Error (Usage) naming both shapes.
Tensor alignBySourcePosition(const Tensor& b, const Shape& shape);

}  // namespace upsample
