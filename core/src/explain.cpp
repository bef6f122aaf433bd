#include "upsample/explain.hpp"

#include "upsample/coords.hpp"
#include "upsample/error.hpp"
#include "upsample/taps.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <map>
#include <numeric>

namespace upsample {

namespace {
// A label's negative numbers with a minus sign ("a = -0.5" -> "a = −0.5"; "Lanczos-3" stays).
std::string typesetNumbers(const std::string& text) {
    std::string out;
    for (std::size_t i = 0; i < text.size(); ++i) {
        const bool minus = text[i] == '-' && (i == 0 || text[i - 1] == ' ') && i + 1 < text.size() &&
                           text[i + 1] >= '0' && text[i + 1] <= '9';
        out += minus ? std::string("\u2212") : std::string(1, text[i]);
    }
    return out;
}

// ---------------------------------------------------------------------------------------------
// small text helpers
std::string num(double v) {  // up to 6 significant digits: 0.5, 0.428571, 2, 1e-05
    char buf[64];
    std::snprintf(buf, sizeof buf, "%.6g", v);
    return buf;
}

std::string fixed4(double v) {
    char buf[64];
    std::snprintf(buf, sizeof buf, "%.4f", v);
    return buf;
}

std::vector<std::string> spatialNames(int dims) {
    if (dims == 1) return {"L"};
    if (dims == 2) return {"H", "W"};
    if (dims == 3) return {"D", "H", "W"};
    return {};
}

bool isLinearFamily(Mode m) { return modeAllowsAlignCorners(m); }

// ---------------------------------------------------------------------------------------------
// errors
ExplainError fromParseError(const ParseError& e) {
    ExplainError x;
    x.type = e.typeName();
    x.message = e.what();
    x.pythonText = e.isPythonText();
    x.column = e.column();
    x.caret = e.caretLines();
    x.hint = e.hint();
    return x;
}

ExplainError fromSpecError(const SpecError& e) {
    ExplainError x;
    x.type = pyErrorTypeName(e.pyType());
    x.message = e.what();
    return x;
}

// x.unsqueeze(d) applied in order; IndexError as PyTorch words it.
Shape applyUnsqueeze(const Shape& shape, const InputExpr& in, const std::string& text) {
    Shape s = shape;
    for (int64_t d : in.unsqueeze) {
        const auto rank = static_cast<int64_t>(s.size());
        if (d < -(rank + 1) || d > rank)
            throw ParseError("Dimension out of range (expected to be in range of [" + std::to_string(-(rank + 1)) + ", " +
                                 std::to_string(rank) + "], but got " + std::to_string(d) + ")",
                             text, in.span, PyErrorType::IndexError, true);
        const int64_t at = d < 0 ? d + rank + 1 : d;
        s.insert(s.begin() + at, 1);
    }
    return s;
}

std::string inputText(const Explanation& e) {
    if (e.call && e.call->input) return std::string(e.call->slice(e.call->input->span));
    return "x";
}

// ---------------------------------------------------------------------------------------------
// per spatial dim
std::string sizeRule(const ResolvedSpec& r, const Spec& spec, int d) {
    const int64_t in = r.inSize(d), out = r.outSize(d);
    const auto& user = r.userScales[static_cast<std::size_t>(d)];
    if (!user) {
        const bool listed = spec.sizeIsSequence || (spec.size && spec.size->size() != 1);
        return (listed ? "size[" + std::to_string(d) + "] = " : "size = ") + std::to_string(out);
    }
    const double product = static_cast<double>(in) * *user;
    std::string rule = "floor(" + std::to_string(in) + " · " + pyFloatRepr(*user) + ")";
    if (product != std::floor(product)) rule += " = floor(" + pyFloatRepr(product) + ")";
    return rule + " = " + std::to_string(out);
}

void explainScale(DimExplanation& x, const ResolvedSpec& r, const ParsedCall& call, int d) {
    const bool ac = r.alignCorners && isLinearFamily(r.mode);
    x.passedScale = r.scales[static_cast<std::size_t>(d)];
    x.scaleFactor = r.userScales[static_cast<std::size_t>(d)];
    x.coordinateScale = coords::areaPixelComputeScale<double>(x.in, x.out, ac, x.passedScale);
    const std::string inOut = std::to_string(x.in) + "/" + std::to_string(x.out);
    if (ac && x.out > 1) {
        x.scaleSource = "(in-1)/(out-1)";
        x.scaleFormula = "(in−1)/(out−1) = " + std::to_string(x.in - 1) + "/" + std::to_string(x.out - 1) + " = " +
                         num(x.coordinateScale);
    } else if (ac) {
        x.scaleSource = "0";
        x.scaleFormula = "0 (align_corners=True with out = 1: every output reads position 0)";
    } else if (x.passedScale && *x.passedScale > 0) {
        x.scaleSource = "1/scale_factor";
        x.scaleFormula = "1/scale_factor = 1/" + pyFloatRepr(*x.passedScale) + " = " + num(x.coordinateScale);
    } else {
        x.scaleSource = "in/out";
        x.scaleFormula = "in/out = " + inOut + " = " + num(x.coordinateScale);
    }
    if (ac)
        x.scaleReason = std::string("align_corners=True") +
                        (call.kind == CallKind::UpsamplingBilinear2d || call.kind == CallKind::FUpsampleBilinear
                             ? " (set by " + std::string(callKindName(call.kind)) + ")"
                             : "") +
                        " maps the centres of the corner pixels onto each other; the kernel ignores any scale_factor";
    else if (describe(r.mode).sampling == Sampling::Window)
        x.scaleReason = "area is adaptive average pooling: it works from the sizes alone";
    else if (x.passedScale)
        x.scaleReason = "the scale_factor is passed on to the kernel, which uses its inverse";
    else if (r.recomputed)
        x.scaleReason = "recompute_scale_factor=True: scale_factor only set the output size; the kernel uses in/out";
    else
        x.scaleReason = "size was given, so no scale_factor reaches the kernel: it uses in/out";
}

std::string coordinateRule(const ResolvedSpec& r, const DimExplanation& x) {
    const std::string s = num(x.coordinateScale), last = std::to_string(x.in - 1);
    const bool ac = r.alignCorners;
    const ModeDescriptor& m = describe(r.mode);
    // The mode's formula (modes.hpp), typeset, with the values.
    auto formula = [&](std::string_view f) {
        const std::string in = std::to_string(x.in), out = std::to_string(x.out);
        return substituteFormula(typesetFormula(f), {{"scale", s}, {"in", in}, {"out", out}});
    };
    if (m.sampling == Sampling::Gather) return "output d reads input min(" + formula(m.formula) + ", " + last + ")";
    if (m.sampling == Sampling::Window)
        return "output d averages inputs " + formula(m.formula) + " to " + formula(m.windowEnd) + " − 1";
    if (r.antialias)
        return "output d averages the inputs around centre " + formula(m.antialiasFormula) + " with a " +
               typesetNumbers(m.antialiasFilter->in(*r.semantics).label()) + " filter" +
               (x.coordinateScale > 1 ? " widened " + s + " times (antialias)" : " (antialias; no widening here)");
    const std::string expr = formula(ac ? m.alignedFormula : m.formula);
    if (m.filter == FilterKind::Cubic)
        return "output d samples x = " + expr + " with 4 taps floor(x)−1 … floor(x)+2 (clamped to 0…" + last +
               "), cubic weights: " + typesetNumbers(keysCubicSharpFilter().label());
    return "output d samples x = " + (ac || !m.clampsAtZero ? expr : "max(" + expr + ", 0)") +
           ", blending inputs floor(x) and floor(x)+1 (at most " + last + ")";
}

double sourceOf(const ResolvedSpec& r, const AxisTable<float>& t, float s, int64_t d, int dim) {
    const int64_t in = t.in, out = t.out;
    const ModeDescriptor& m = describe(r.mode);
    if (m.filter == FilterKind::Nearest) return coords::areaPixelComputeSourceIndex<float>(s, d, true, false);
    if (m.filter == FilterKind::NearestCentre) return coords::areaPixelComputeSourceIndex<float>(s, d, false, false) + 0.5;
    if (m.sampling == Sampling::Window) return (static_cast<double>(t.tapIndex(d, 0)) * 2 + t.tapCount(d) - 1) / 2;
    if (r.antialias) {
        const auto a = coords::aaAxis<float>(in, out, r.alignCorners, r.scales[static_cast<std::size_t>(dim)],
                                             m.antialiasFilter->support);
        return coords::aaWindow<float>(a, d, in).center - 0.5;
    }
    if (m.filter == FilterKind::Cubic)
        return coords::cubicTapsFor<float>(r.semantics->linearIndex, s, d, in, r.alignCorners).source;
    return coords::linearTapsFor<float>(r.semantics->linearIndex, s, d, in, out, r.alignCorners).source;
}

std::vector<std::pair<int64_t, double>> tapsOf(const ResolvedSpec& r, const AxisTable<float>& t, int64_t d) {
    std::vector<std::pair<int64_t, double>> taps;
    auto add = [&](int64_t i, double w) {
        for (auto& [j, v] : taps)
            if (j == i) {
                v += w;
                return;
            }
        taps.emplace_back(i, w);
    };
    if (describe(r.mode).sampling == Sampling::Window) {
        const int64_t start = t.tapIndex(d, 0), n = t.tapCount(d);
        for (int64_t i = start; i < start + n; ++i) taps.emplace_back(i, 1.0 / static_cast<double>(n));
    } else if (t.skip) {
        taps.emplace_back(d, 1.0);
    } else {
        for (int j = 0; j < t.tapCount(d); ++j) add(t.tapIndex(d, j), t.tapWeight(d, j));
    }
    return taps;
}

// Input indices one output reads at most: 4 for the tap modes, the window for area and
// antialias (estimated in double, before any integer conversion).
double widestWindow(const ResolvedSpec& r, int dim, int64_t in, int64_t out) {
    const ModeDescriptor& m = describe(r.mode);
    if (m.sampling == Sampling::Window) return std::ceil(static_cast<double>(in) / static_cast<double>(out)) + 1;
    if (!r.antialias) return 4;
    const double scale =
        coords::areaPixelComputeScale<double>(in, out, r.alignCorners, r.scales[static_cast<std::size_t>(dim)]);
    const double support = m.antialiasFilter->support * std::max(scale, 1.0);
    return std::ceil(support) * 2 + 1;
}

// The rows come from the axis table of the whole dim: listed when that table is small (dims up
// to kMaxTableDim, windows up to kMaxWindow inputs), so that any shape is explained at once;
// beyond, the rows are left out (rowsTruncated) and the rules above still say what happens.
constexpr int64_t kMaxTableDim = int64_t{1} << 20;
constexpr double kMaxWindow = 4096;

void fillRows(DimExplanation& x, const ResolvedSpec& r, int dim) {
    if (x.in > kMaxTableDim || x.out > kMaxTableDim || !(widestWindow(r, dim, x.in, x.out) <= kMaxWindow)) {
        x.rowsTruncated = true;
        return;
    }
    x.rows = coordinateRows(r, dim, kMaxCoordinateRows);
    x.rowsTruncated = x.out > static_cast<int64_t>(x.rows.size());
}

DimExplanation explainDim(const ResolvedSpec& r, const ParsedCall& call, int d) {
    DimExplanation x;
    x.name = spatialNames(r.spatialDims)[static_cast<std::size_t>(d)];
    x.in = r.inSize(d);
    x.out = r.outSize(d);
    x.sizeRule = sizeRule(r, call.spec, d);
    explainScale(x, r, call, d);
    x.coordinateRule = coordinateRule(r, x);
    if (x.out > 0) fillRows(x, r, d);
    return x;
}

// ---------------------------------------------------------------------------------------------
// notes: how the tensor is read
std::string layoutSentence(const Shape& s) {
    const int rank = static_cast<int>(s.size());
    if (rank < 3 || rank > 5)
        return "F.interpolate reads a 3-D tensor as (N, C, L), a 4-D one as (N, C, H, W) and a 5-D one as "
               "(N, C, D, H, W); this " + std::to_string(rank) + "-D tensor " + formatShape(s) + " is none of these.";
    const auto names = spatialNames(rank - 2);
    std::string dims;
    for (int k = 0; k < rank - 2; ++k)
        dims += (k ? ", " : "") + names[static_cast<std::size_t>(k)] + " = " + std::to_string(s[2 + static_cast<std::size_t>(k)]);
    return "A " + std::to_string(rank) + "-D tensor is read as " + layoutName(rank) + " = " + formatShape(s) +
           ": N = " + std::to_string(s[0]) + " (batch), C = " + std::to_string(s[1]) + " (channels), and " +
           (rank == 3 ? "the one spatial dim " + dims + " is resized (only the last dim)."
                      : "the spatial dims " + dims + " are resized.");
}

// The call text with `suffix` after the tensor ("img" -> "img.unsqueeze(0)").
std::string withInputSuffix(const Explanation& e, const std::string& suffix) {
    const ParsedCall& c = *e.call;
    if (!c.input) return c.text + "(x" + suffix + ")";
    return c.text.substr(0, c.input->span.end) + suffix + c.text.substr(c.input->span.end);
}

// Output shape of the call on another tensor shape, if PyTorch accepts it.
std::optional<Shape> outputFor(const Spec& spec, const Shape& shape) {
    try {
        return resolve(spec, shape).outputShape;
    } catch (const SpecError&) {
        return std::nullopt;
    } catch (const TooLargeError&) {  // no tensor has that shape
        return std::nullopt;
    }
}

// "gives (1, 3, 1024, 1024)"; for 'linear', which then fails, what 'bilinear' gives.
std::string fixResult(const Explanation& e, const Shape& fixed) {
    if (const auto out = outputFor(e.call->spec, fixed)) return "gives " + formatShape(*out);
    Spec bilinear = e.call->spec;
    if (!bilinear.unknownModeName && bilinear.mode == Mode::Linear) {
        bilinear.mode = Mode::Bilinear;
        if (const auto out = outputFor(bilinear, fixed))
            return "is " + formatShape(fixed) + ", which needs mode='bilinear' (two spatial dims) and then gives " +
                   formatShape(*out);
    }
    return "is " + formatShape(fixed) + " (the call still fails on it: check the mode)";
}

bool isBig(int64_t v) { return v >= 8; }
bool isFewChannels(int64_t v) { return v >= 1 && v <= 4; }

std::string tensorName(const Explanation& e) { return e.call && e.call->input ? e.call->input->name : "x"; }

// (3, 512, 512): one (C, H, W) image read as (N, C, L).
std::string chwHint(const Explanation& e) {
    const Shape& s = e.tensorShape;
    Shape fixed = s;
    fixed.insert(fixed.begin(), 1);
    const auto fixedOut = outputFor(e.call->spec, fixed);
    std::string got = "the call fails on it";
    if (e.ok())
        got = "the result " + formatShape(e.outputShape()) + " is not " +
              (fixedOut ? "a " + std::to_string((*fixedOut)[2]) + "x" + std::to_string((*fixedOut)[3]) + " image"
                        : "a resized image") +
              ": only the last dim changed";
    return "This " + formatShape(s) + " tensor looks like one (C, H, W) image, but F.interpolate reads it as (N, C, L): " +
           std::to_string(s[0]) + " batch items of " + std::to_string(s[1]) + " channels and length " +
           std::to_string(s[2]) + ", so " + got + ". Add the batch dim first: " + withInputSuffix(e, ".unsqueeze(0)") +
           " " + fixResult(e, fixed) + " (then .squeeze(0) to drop it again).";
}

std::string hwcHint(const Explanation& e) {
    const Shape& s = e.tensorShape;
    return "This " + formatShape(s) + " tensor looks like an (H, W, C) image. PyTorch wants channels first with a "
           "batch dim: " + tensorName(e) + ".permute(2, 0, 1).unsqueeze(0) is " + formatShape({1, s[2], s[0], s[1]}) + ".";
}

std::string nhwcHint(const Explanation& e) {
    const Shape& s = e.tensorShape;
    return "If " + formatShape(s) + " is channels-last (N, H, W, C), it is misread: C = " + std::to_string(s[1]) +
           ", H = " + std::to_string(s[2]) + ", W = " + std::to_string(s[3]) + ". " + tensorName(e) +
           ".permute(0, 3, 1, 2) is " + formatShape({s[0], s[3], s[1], s[2]}) + " (N, C, H, W).";
}

std::string flatHint(const Explanation& e) {
    const Shape& s = e.tensorShape;
    return "A 2-D " + formatShape(s) + " tensor needs batch and channel dims: " +
           withInputSuffix(e, ".unsqueeze(0).unsqueeze(0)") + " " + fixResult(e, {1, 1, s[0], s[1]}) + ".";
}

// A hint when the shape looks like an image in another layout. Returns whether one was given.
bool addImageHints(Explanation& e) {
    const Shape& s = e.tensorShape;
    std::string hint;
    if (s.size() == 3 && isFewChannels(s[0]) && isBig(s[1]) && isBig(s[2])) hint = chwHint(e);
    else if (s.size() == 3 && isFewChannels(s[2]) && isBig(s[0]) && isBig(s[1])) hint = hwcHint(e);
    else if (s.size() == 4 && isFewChannels(s[3]) && isBig(s[1]) && isBig(s[2])) hint = nhwcHint(e);
    else if (s.size() == 2) hint = flatHint(e);
    if (!hint.empty()) e.notes.push_back(hint);
    return !hint.empty();
}

// "Got 3D input, but bilinear mode needs 4D input": say which mode fits the rank.
void addModeRankHint(Explanation& e) {
    const int rank = static_cast<int>(e.tensorShape.size());
    const Spec& spec = e.call->spec;
    const int need = modeSpatialDims(spec.mode);
    if (spec.unknownModeName || need == 0 || rank < 3 || rank > 5 || need == rank - 2) return;
    // the modes of its family at this rank, from the mode table ("bilinear', 'bicubic' or 'lanczos")
    std::vector<std::string> fit;
    for (const ModeDescriptor& d : modeDescriptors())
        if (d.family == describe(spec.mode).family && d.spatialDims == rank - 2 && versionHasMode(spec.semantics(), d.mode))
            fit.emplace_back(d.name);
    std::string use;
    for (std::size_t i = 0; i < fit.size(); ++i) use += (i == 0 ? "" : i + 1 == fit.size() ? "' or '" : "', '") + fit[i];
    e.notes.push_back("'" + std::string(modeName(spec.mode)) + "' resizes " + std::to_string(need) +
                      " spatial dim" + (need > 1 ? "s" : "") + ", so it needs a " + std::to_string(need + 2) + "-D " +
                      layoutName(need + 2) + " tensor; for the " + std::to_string(rank - 2) + " spatial dim" +
                      (rank > 3 ? "s" : "") + " of this " + std::to_string(rank) + "-D tensor use '" + use + "'.");
}

void addInputNotes(Explanation& e) {
    const ParsedCall& c = *e.call;
    if (!c.input) {
        e.notes.push_back("The text builds the module without applying it; here it is applied to a tensor of shape " +
                          formatShape(e.inputShape) + ".");
    } else if (!c.input->unsqueeze.empty()) {
        e.notes.push_back(std::string(c.slice(c.input->span)) + " turns " + formatShape(e.inputShape) + " into " +
                          formatShape(e.tensorShape) + ".");
    }
    if (c.kind == CallKind::UpsamplingNearest2d && e.tensorShape.size() != 4)
        e.notes.push_back("Despite the 2d in its name, nn.UpsamplingNearest2d runs on other ranks too: mode='nearest' "
                          "works for 1, 2 or 3 spatial dims.");
}

// ---------------------------------------------------------------------------------------------
// notes: the mode and the scales
void addModeNotes(Explanation& e) {
    const Spec& spec = e.call->spec;
    if (spec.unknownModeName) return;
    const std::string m(modeName(spec.mode));
    if (isLinearFamily(spec.mode) && !spec.alignCorners)
        e.notes.push_back("align_corners=None: PyTorch uses align_corners=False for '" + m +
                          "' (pixel centres at d + 0.5; corners not pinned).");
    if (spec.mode == Mode::Nearest)
        e.notes.push_back("'nearest' takes input floor(d · scale): OpenCV's INTER_NEAREST convention, half a pixel off "
                          "Pillow and scikit-image, which 'nearest-exact' follows.");
    if (spec.mode == Mode::Area && spec.scaleFactor)
        e.notes.push_back("'area' is adaptive average pooling; with a scale_factor PyTorch computes the output size "
                          "and then works from the sizes (as with recompute_scale_factor=True).");
    if (spec.antialias)
        e.notes.push_back("antialias=True: each output is a normalised weighted mean over a window of inputs; the "
                          "window widens with the scale when downsampling, which is when antialias matters.");
    if (modeRequiresAntialias(spec.mode))
        e.notes.push_back("'" + m + "' (PyTorch 2.12+) always filters with a window: it needs antialias=True and refuses "
                          "align_corners=True; its filter is " + describe(spec.mode).antialiasFilter->label() + ".");
}

// The linear family reads input floor(x); where the float32 coordinate x of the last output
// reaches `in` (align_corners=True on an axis longer than 2^24), the older version reads past the end.
void addPastEndNotes(Explanation& e) {
    const ResolvedSpec& r = *e.resolved;
    const ModeDescriptor& m = describe(r.mode);
    if (m.sampling != Sampling::Taps || m.filter != FilterKind::Linear || r.antialias) return;
    for (int dim = 0; dim < r.spatialDims; ++dim) {
        const int64_t in = r.inSize(dim), out = r.outSize(dim);
        if (out <= 0 || in <= 0) continue;
        const auto scale = r.scales[static_cast<std::size_t>(dim)];
        const float s = coords::areaPixelComputeScale<float>(in, out, r.alignCorners, scale);
        const auto k = coords::linearTapsFor<float>(r.semantics->linearIndex, s, out - 1, in, out, r.alignCorners);
        if (!k.pastEnd) continue;
        const std::string name = dim < static_cast<int>(e.dims.size()) ? e.dims[static_cast<std::size_t>(dim)].name : "";
        char scaleText[32];
        std::snprintf(scaleText, sizeof scaleText, "%.9g", static_cast<double>(s));
        e.notes.push_back("PyTorch " + std::string(r.semantics->version) + " reads out of bounds here (float32): in dim " + name + " the scale rounds to " +
                          std::string(scaleText) + " in float, so output " + std::to_string(out - 1) +
                          " reads input " + std::to_string(static_cast<int64_t>(k.source)) +
                          ", past the last input " + std::to_string(in - 1) +
                          ", and returns whatever memory follows the tensor. Newer PyTorch clamps the index to the "
                          "last input, and so does this program.");
    }
}

void addScaleNotes(Explanation& e) {
    for (const auto& d : e.dims) {
        if (d.passedScale && d.scaleSource == "1/scale_factor" && d.out > 0) {
            const double inOut = static_cast<double>(d.in) / static_cast<double>(d.out);
            if (std::fabs(inOut - d.coordinateScale) > 1e-12 * inOut)
                e.notes.push_back("In dim " + d.name + " the kernel uses 1/" + pyFloatRepr(*d.passedScale) + " = " +
                                  num(d.coordinateScale) + ", not in/out = " + std::to_string(d.in) + "/" +
                                  std::to_string(d.out) + " = " + num(inOut) +
                                  ": recompute_scale_factor=True would make it use in/out.");
        }
        if (d.scaleFactor) {
            const double p = static_cast<double>(d.in) * *d.scaleFactor;
            const double up = std::ceil(p);
            if (std::isfinite(p) && up != p && up - p < 1e-9 * std::max(1.0, up))
                e.notes.push_back("In dim " + d.name + ", " + std::to_string(d.in) + " · " + pyFloatRepr(*d.scaleFactor) +
                                  " = " + pyFloatRepr(p) + " in double precision, so floor gives " +
                                  std::to_string(d.out) + ", not " + num(up) + ". Pass size to get an exact size.");
        }
    }
}

// How the kernel maps coordinates when size=out is passed: in/out, or with align_corners=True
// (in−1)/(out−1) ("(5−1)/(8−1) = 4/7"), 0 for a single output (it reads input 0).
std::string sizeMapText(bool alignCorners, int64_t in, int64_t out) {
    if (!alignCorners) return std::to_string(in) + "/" + std::to_string(out);
    if (out <= 1) return "0 (align_corners=True: the one output reads input 0)";
    const int64_t num = in - 1, den = out - 1;
    const int64_t g = std::gcd(num, den);
    std::string text = "(" + std::to_string(in) + "−1)/(" + std::to_string(out) + "−1) = ";
    text += num == 0 ? std::string("0") : std::to_string(num / g) + "/" + std::to_string(den / g);
    return text + ", as align_corners=True";
}

// Sizes that are easy to get wrong: the output size is floor(in · scale), not round (a user who
// expects round gets one less), and with align_corners=True only sizes (in−1)·k+1 put every input
// pixel on an output pixel.
void addSizePitfallNotes(Explanation& e) {
    if (!e.resolved) return;
    const bool ac = e.resolved->alignCorners && isLinearFamily(e.resolved->mode);
    for (const auto& d : e.dims) {
        if (d.scaleFactor && std::isfinite(*d.scaleFactor)) {
            const double p = static_cast<double>(d.in) * *d.scaleFactor;
            const double up = std::ceil(p);
            const bool floatError = up != p && up - p < 1e-9 * std::max(1.0, up);  // noted by addScaleNotes
            const double rounded = std::floor(p + 0.5);
            if (std::isfinite(p) && !floatError && rounded != std::floor(p) && rounded > 0) {
                const auto r = static_cast<int64_t>(rounded);
                SizePitfall x{d.name, "floor-not-round", {r},
                              "In dim " + d.name + ", " + std::to_string(d.in) + " · " + pyFloatRepr(*d.scaleFactor) +
                                  " = " + pyFloatRepr(p) + ": the size is floor, not round, so it is " +
                                  std::to_string(d.out) + ", not " + std::to_string(r) + ". For " + std::to_string(r) +
                                  " pass size=" + std::to_string(r) + " (the kernel then maps coordinates by " +
                                  sizeMapText(ac, d.in, r) + ")."};
                e.notes.push_back(x.note);
                e.sizePitfalls.push_back(std::move(x));
            }
        }
        if (ac && d.in > 1 && d.out > d.in && (d.out - 1) % (d.in - 1) != 0) {
            const int64_t k = (d.out - 1) / (d.in - 1);
            const int64_t lower = (d.in - 1) * k + 1, upper = (d.in - 1) * (k + 1) + 1;
            std::string step = num(static_cast<double>(d.out - 1) / static_cast<double>(d.in - 1));
            SizePitfall x{d.name, "align-corners-grid", {lower, upper},
                          "In dim " + d.name + ", align_corners=True with " + std::to_string(d.in) + " → " +
                              std::to_string(d.out) + ": input pixels are " + step +
                              " output pixels apart, so not every input pixel lands on an output pixel (only the "
                              "corners are sure to). Sizes (" + std::to_string(d.in) + "−1)·k+1 keep every one: " +
                              std::to_string(lower) + " or " + std::to_string(upper) + "."};
            e.notes.push_back(x.note);
            e.sizePitfalls.push_back(std::move(x));
        }
    }
}

void resolveAndExplain(Explanation& e) {
    try {
        e.resolved = resolve(e.call->spec, e.tensorShape);
    } catch (const SpecError& err) {
        e.error = fromSpecError(err);
        return;
    } catch (const TooLargeError& err) {  // a shape no tensor can have
        e.error = ExplainError{"TooLargeError", err.what(), false, std::nullopt, "", ""};
        return;
    }
    for (int d = 0; d < e.resolved->spatialDims; ++d) e.dims.push_back(explainDim(*e.resolved, *e.call, d));
}

std::string equivalentCall(const Explanation& e) {
    std::string s = toPythonCall(e.call->spec);
    const std::string prefix = "F.interpolate(x, ";
    if (s.rfind(prefix, 0) == 0) s = "F.interpolate(" + inputText(e) + ", " + s.substr(prefix.size());
    return s;
}
}  // namespace

// ---------------------------------------------------------------------------------------------
std::vector<CoordinateRow> coordinateRows(const ResolvedSpec& r, int dim, int64_t count) {
    const int64_t in = r.inSize(dim), out = r.outSize(dim);
    const int64_t n = std::min(out, count);
    std::vector<CoordinateRow> rows;
    if (n <= 0) return rows;
    const AxisTable<float> t = axisTable<float>(r, dim);
    const float s = coords::areaPixelComputeScale<float>(in, out, r.alignCorners, r.scales[static_cast<std::size_t>(dim)]);
    rows.reserve(static_cast<std::size_t>(n));
    for (int64_t d = 0; d < n; ++d) rows.push_back({d, sourceOf(r, t, s, d, dim), tapsOf(r, t, d)});
    return rows;
}

std::string layoutName(int rank) {
    if (rank == 3) return "(N, C, L)";
    if (rank == 4) return "(N, C, H, W)";
    if (rank == 5) return "(N, C, D, H, W)";
    return "";
}

const Shape& Explanation::outputShape() const {
    static const Shape none;
    return resolved && !error ? resolved->outputShape : none;
}

Explanation explain(const Shape& inputShape, std::string_view callText, const Semantics& torch, bool compareVersions) {
    Explanation e;
    e.semantics = &torch;
    e.callText = std::string(callText);
    e.inputShape = inputShape;
    e.tensorShape = inputShape;
    try {
        e.call = parseCall(callText, torch);
        if (e.call->input) e.tensorShape = applyUnsqueeze(inputShape, *e.call->input, e.call->text);
    } catch (const ParseError& err) {
        e.error = fromParseError(err);
        return e;
    }
    e.layout = layoutName(static_cast<int>(e.tensorShape.size()));
    e.equivalentCall = equivalentCall(e);
    resolveAndExplain(e);
    e.notes.push_back(layoutSentence(e.tensorShape));
    addInputNotes(e);
    if (!addImageHints(e) && e.error) addModeRankHint(e);
    e.notes.insert(e.notes.end(), e.call->notes.begin(), e.call->notes.end());
    addModeNotes(e);
    addScaleNotes(e);
    addSizePitfallNotes(e);
    if (e.resolved && e.ok()) addPastEndNotes(e);
    for (const Semantics* other : allSemantics()) {
        if (other == &torch || !compareVersions) continue;
        const auto lines = versionDifferences(e.call->spec, e.tensorShape, *other);
        e.versions.insert(e.versions.end(), lines.begin(), lines.end());
    }
    return e;
}

// ---------------------------------------------------------------------------------------------
// text
namespace {
std::string readsText(const CoordinateRow& r) {
    if (r.taps.size() == 1 && r.taps[0].second == 1.0) return "in[" + std::to_string(r.taps[0].first) + "]";
    std::string s;
    for (std::size_t k = 0; k < r.taps.size(); ++k)
        s += (k ? " + " : "") + std::string("in[") + std::to_string(r.taps[k].first) + "]·" + fixed4(r.taps[k].second);
    return s;
}

std::string pad(std::string s, std::size_t width) {
    if (s.size() < width) s.insert(0, width - s.size(), ' ');
    return s;
}

void appendDim(std::string& out, const DimExplanation& d, bool table) {
    out += "  " + d.name + ": " + std::to_string(d.in) + " -> " + std::to_string(d.out) + "   size: " + d.sizeRule + "\n";
    out += "     kernel scale: " + d.scaleFormula + "\n";
    out += "       (" + d.scaleReason + ")\n";
    out += "     " + d.coordinateRule + "\n";
    if (table && !d.rows.empty()) out += formatCoordinateTable(d, "     ");
}

void appendError(std::string& out, const ExplainError& err) {
    out += "Error:  " + err.type + ": " + err.message;
    if (err.column) out += " (column " + std::to_string(*err.column) + ")";
    out += "\n";
    if (!err.caret.empty()) out += err.caret + "\n";
    if (!err.hint.empty()) out += "  hint: " + err.hint + "\n";
    if (!err.pythonText) out += "  (this message is Upsample Studio's; Python's own wording differs)\n";
}
}  // namespace

std::string formatCoordinateTable(const DimExplanation& d, const std::string& indent) {
    std::string out = indent + "out   source  reads\n";
    for (const auto& r : d.rows)
        out += indent + pad(std::to_string(r.out), 3) + "  " + pad(fixed4(r.source), 7) + "  " + readsText(r) + "\n";
    if (d.rowsTruncated) out += indent + "... (" + std::to_string(d.out - d.rows.size()) + " more)\n";
    return out;
}

std::string formatExplanation(const Explanation& e) {
    std::string out = "Call:   " + e.callText + "\nInput:  " + formatShape(e.inputShape) + "\n";
    if (e.tensorShape != e.inputShape) out += "Tensor: " + formatShape(e.tensorShape) + "\n";
    if (e.ok()) out += "Output: " + formatShape(e.outputShape()) + "\n";
    else appendError(out, *e.error);
    if (!e.equivalentCall.empty()) out += "Runs:   " + e.equivalentCall + "\n";
    if (!e.dims.empty()) {
        bool table = true;
        for (const auto& d : e.dims) table = table && d.out <= 16;
        out += "\nPer spatial dim:\n";
        for (const auto& d : e.dims) appendDim(out, d, table);
    }
    if (!e.notes.empty()) {
        out += "\nNotes:\n";
        for (const auto& n : e.notes) out += "  - " + n + "\n";
    }
    if (!e.versions.empty()) {
        out += "\nPyTorch versions (explained for " + std::string(e.semantics->version) + "):\n";
        for (const auto& n : e.versions) out += "  - " + n + "\n";
    }
    return out;
}

}  // namespace upsample
