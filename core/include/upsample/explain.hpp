// The shape explainer: for an input shape and a call text (nn.Upsample(...), F.interpolate(x, ...),
// ...), what PyTorch 1.13 computes and why: the output shape, per spatial dim the size arithmetic
// and the coordinate scale the kernel uses, what the module or wrapper really sets, how the rank
// is read, deprecations, and PyTorch's (or Python's) error word for word when the call fails.
// Also the seed example pages (ones(1,1,4,4) and an arange ramp through both 2-D modules).
#pragma once

#include "upsample/call_parser.hpp"
#include "upsample/spec.hpp"
#include "upsample/tensor.hpp"

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace upsample {

// One output index of one spatial dim: where it reads from.
struct CoordinateRow {
    int64_t out = 0;
    // The source coordinate, in input index units: d·s (nearest), (d+0.5)·s (nearest-exact),
    // the linear/cubic sample position x, the antialias window centre, or the area window's middle.
    double source = 0;
    std::vector<std::pair<int64_t, double>> taps;  // (input index, weight)
};

struct DimExplanation {
    std::string name;  // L (1-D), H, W (2-D), D, H, W (3-D)
    int64_t in = 0, out = 0;
    std::string sizeRule;                // "floor(4 · 2.0) = 8", "size = 8"
    std::optional<double> scaleFactor;   // the user's scale_factor for this dim
    std::optional<double> passedScale;   // the scale_factor that reaches the kernel
    // The coordinate scale the kernel uses (in double here; float32 kernels round it to float):
    // 1/scale_factor, in/out, or (in-1)/(out-1) with align_corners (0 when out = 1).
    double coordinateScale = 0;
    std::string scaleSource;   // "1/scale_factor", "in/out", "(in-1)/(out-1)", "0"
    std::string scaleFormula;  // "1/scale_factor = 1/2.0 = 0.5"
    std::string scaleReason;   // why the kernel uses that one
    std::string coordinateRule;  // "output d reads input min(floor(d · 0.5), 3)"
    std::vector<CoordinateRow> rows;  // the first kMaxCoordinateRows output indices
    bool rowsTruncated = false;
};

inline constexpr int64_t kMaxCoordinateRows = 64;

// A size that is easy to get wrong, in one spatial dim.
struct SizePitfall {
    std::string dim;    // "W"
    std::string kind;   // "floor-not-round" or "align-corners-grid"
    std::vector<int64_t> sizes;  // the sizes that avoid it (the rounded size; the nearby (n−1)·k+1)
    std::string note;   // the sentence, also in Explanation::notes
};

struct ExplainError {
    std::string type;     // "ValueError", "TypeError", ... or "ParseError", "TooLargeError" (ours)
    std::string message;  // PyTorch's or Python's message, word for word when pythonText
    bool pythonText = true;
    std::optional<std::size_t> column;  // 1-based, for errors in the call text
    std::string caret;                  // the text and a caret line under the error
    std::string hint;
};

struct Explanation {
    std::string callText;
    Shape inputShape;   // as given
    Shape tensorShape;  // what F.interpolate receives (after .unsqueeze in the text)
    std::optional<ParsedCall> call;
    std::optional<ResolvedSpec> resolved;
    std::string layout;          // "(N, C, H, W)"
    std::string equivalentCall;  // "F.interpolate(x, scale_factor=2.0, mode='bilinear', align_corners=True)"
    std::vector<DimExplanation> dims;
    std::vector<std::string> notes;
    std::vector<SizePitfall> sizePitfalls;  // each also a note
    const Semantics* semantics = &defaultSemantics();  // the version explained
    std::vector<std::string> versions;  // versionDifferences against every other version
    std::optional<ExplainError> error;

    bool ok() const { return !error.has_value(); }
    const Shape& outputShape() const;  // empty when the call fails
};

// The coordinate rows of spatial axis `dim` (0 = first) of a resolved spec, for output indices
// 0 .. min(count, out) - 1: what Explanation::dims[].rows holds (for its first kMaxCoordinateRows),
// for as many rows as a caller wants (the studio's coordinate map plots a whole axis).
std::vector<CoordinateRow> coordinateRows(const ResolvedSpec& spec, int dim, int64_t count);

// Never throws for a bad call: the failure is in Explanation::error.
// torch: the PyTorch version the call is explained for (default: the newest). compareVersions:
// false leaves Explanation::versions empty (it builds every axis's tables once per version and
// dtype, the most of the time an explanation of a long axis takes).
Explanation explain(const Shape& inputShape, std::string_view callText, const Semantics& torch = defaultSemantics(),
                    bool compareVersions = true);

// Where the spec's version and another give different results for an input shape, one line each
// (errors, taps and weights of an axis, the kernel PyTorch takes); one line saying they agree when
// they do. The spec's own version is spec.semantics().
std::vector<std::string> versionDifferences(const Spec& spec, const Shape& inputShape, const Semantics& other);

// "(N, C, L)", "(N, C, H, W)", "(N, C, D, H, W)"; "" for other ranks.
std::string layoutName(int rank);

// Human-readable text of an explanation (the CLI's default output).
std::string formatExplanation(const Explanation& e);
// The per-output-index table of one dim: "out  source  reads".
std::string formatCoordinateTable(const DimExplanation& d, const std::string& indent = "  ");

// The seed example pages: "ones4x4" (torch.ones(1, 1, 4, 4)) and "arange4x4"
// (torch.arange(16.).reshape(1, 1, 4, 4)) through nn.UpsamplingNearest2d(scale_factor=2) and
// nn.UpsamplingBilinear2d(scale_factor=2), outputs computed live. Throws UsageError for other names.
std::vector<std::string> seedExampleNames();
std::string seedExamplePage(std::string_view which);

}  // namespace upsample
