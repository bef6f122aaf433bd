// Reading the upsampling calls people write into the Spec that F.interpolate receives:
//   nn.Upsample(size=None, scale_factor=None, mode='nearest', align_corners=None, recompute_scale_factor=None)
//   nn.UpsamplingNearest2d(size=None, scale_factor=None)      -> mode='nearest'
//   nn.UpsamplingBilinear2d(size=None, scale_factor=None)     -> mode='bilinear', align_corners=True
//   F.interpolate(x, size=None, scale_factor=None, mode='nearest', align_corners=None,
//                 recompute_scale_factor=None, antialias=False)
//   F.upsample(x, size=None, scale_factor=None, mode='nearest', align_corners=None)   (deprecated)
//   F.upsample_nearest(x, size, scale_factor), F.upsample_bilinear(x, size, scale_factor) (deprecated)
// with the torch.nn. / nn. / torch.nn.functional. / nn.functional. / F. prefixes (or none), positional
// and keyword arguments bound as Python binds them, ints, floats, strings in either quotes, tuples,
// lists, True/False/None, float('nan'), and a module applied to a tensor: nn.Upsample(...)(x).
// The tensor may carry .unsqueeze(d) calls: F.interpolate(img.unsqueeze(0), ...).
//
// Where Python itself refuses the text before PyTorch runs (an unknown keyword, too many arguments,
// a misspelt name, nn.Upsample's float() of a list), parseCall throws a ParseError carrying
// Python's exception type and exact message. Every error points at the text (column and caret).
#pragma once

#include "upsample/error.hpp"
#include "upsample/spec.hpp"

#include <cstddef>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace upsample {

enum class CallKind {
    Upsample,              // nn.Upsample
    UpsamplingNearest2d,   // nn.UpsamplingNearest2d
    UpsamplingBilinear2d,  // nn.UpsamplingBilinear2d
    Interpolate,           // F.interpolate
    FUpsample,             // F.upsample
    FUpsampleNearest,      // F.upsample_nearest
    FUpsampleBilinear,     // F.upsample_bilinear
};

std::string_view callKindName(CallKind k);  // "nn.Upsample", "F.interpolate", ...
bool isModuleKind(CallKind k);              // the nn.* classes
// The PyTorch docs mark it deprecated (all but nn.Upsample and F.interpolate).
bool isDeprecatedKind(CallKind k);

// A byte range [begin, end) of the call text.
struct SourceSpan {
    std::size_t begin = 0, end = 0;
};

// The tensor argument: a name, with the .unsqueeze(d) calls applied to it, in order.
struct InputExpr {
    std::string name;
    std::vector<int64_t> unsqueeze;
    SourceSpan span;      // the whole expression, "img.unsqueeze(0)"
    SourceSpan nameSpan;  // the name alone
};

struct ParsedCall {
    std::string text;
    CallKind kind = CallKind::Interpolate;
    std::string written;  // the callee as written: "torch.nn.UpsamplingBilinear2d"
    SourceSpan calleeSpan;
    Spec spec;            // the arguments F.interpolate receives, after the wrapper's own steps
    // The tensor; absent for a module that the text does not apply ("nn.Upsample(scale_factor=2)").
    std::optional<InputExpr> input;
    // Span of each argument's value, by parameter name ("size", "scale_factor", "input", ...).
    std::map<std::string, SourceSpan> arguments;
    // What the wrapper sets or converts, and its deprecation (rank-independent facts).
    std::vector<std::string> notes;
    // The warnings the spec's PyTorch version emits for the call, as Python prints them ("UserWarning: ...").
    std::vector<std::string> warnings;

    bool isModule() const { return isModuleKind(kind); }
    bool deprecated() const { return isDeprecatedKind(kind); }
    std::string_view slice(SourceSpan s) const { return std::string_view(text).substr(s.begin, s.end - s.begin); }
};

// A call text that cannot be read, or that Python refuses before PyTorch runs.
class ParseError : public Error {
public:
    // pyType: the exception Python raises here, when it does; pythonText: whether message is
    // Python's message word for word (else it is ours, e.g. for a syntax error).
    ParseError(const std::string& message, std::string text, SourceSpan span,
               std::optional<PyErrorType> pyType = std::nullopt, bool pythonText = false, std::string hint = {});

    const std::string& text() const noexcept { return text_; }
    SourceSpan span() const noexcept { return span_; }
    std::size_t column() const;  // 1-based, in characters (UTF-8 aware)
    std::optional<PyErrorType> pyType() const noexcept { return pyType_; }
    bool isPythonText() const noexcept { return pythonText_; }
    const std::string& hint() const noexcept { return hint_; }
    // "TypeError", "SyntaxError", ... or "ParseError" when Python has no counterpart.
    std::string typeName() const;
    // Two lines: the text, and a caret line under the span ("   ^^^^^").
    std::string caretLines(const std::string& indent = "  ") const;

private:
    std::string text_;
    SourceSpan span_;
    std::optional<PyErrorType> pyType_;
    bool pythonText_;
    std::string hint_;
};

// Parses one call. Throws ParseError.
// torch: the version whose warnings the call gets (and whose F.interpolate its spec means).
ParsedCall parseCall(std::string_view text, const Semantics& torch = defaultSemantics());

}  // namespace upsample
