#include "upsample/call_parser.hpp"

#include "call_syntax.hpp"

#include <algorithm>
#include <array>

namespace upsample {

using syntax::CallSyntax;
using syntax::PyArg;
using syntax::PyValue;
using syntax::Source;

// ---------------------------------------------------------------------------------------------
// ParseError
ParseError::ParseError(const std::string& message, std::string text, SourceSpan span, std::optional<PyErrorType> pyType,
                       bool pythonText, std::string hint)
    : Error(ErrorKind::Parse, message), text_(std::move(text)), span_(span), pyType_(pyType),
      pythonText_(pythonText), hint_(std::move(hint)) {}

namespace {
// Characters (not bytes) in the UTF-8 text before byte offset `end`.
std::size_t charCount(std::string_view s, std::size_t end) {
    std::size_t n = 0;
    for (std::size_t k = 0; k < std::min(end, s.size()); ++k)
        if ((static_cast<unsigned char>(s[k]) & 0xC0) != 0x80) ++n;
    return n;
}
}  // namespace

std::size_t ParseError::column() const { return charCount(text_, span_.begin) + 1; }

std::string ParseError::typeName() const { return pyType_ ? pyErrorTypeName(*pyType_) : "ParseError"; }

std::string ParseError::caretLines(const std::string& indent) const {
    std::string shown = text_;
    std::replace(shown.begin(), shown.end(), '\n', ' ');
    const std::size_t lead = charCount(text_, span_.begin);
    const std::size_t width = std::max<std::size_t>(1, charCount(text_, span_.end) - lead);
    return indent + shown + "\n" + indent + std::string(lead, ' ') + std::string(width, '^');
}

// ---------------------------------------------------------------------------------------------
// call kinds
namespace {
struct KindInfo {
    CallKind kind;
    std::string_view display;  // "nn.Upsample"
    std::string_view attr;     // the attribute name in its module
    bool module;               // an nn.* class
    bool deprecated;
};
constexpr std::array<KindInfo, 7> kKinds = {{
    {CallKind::Upsample, "nn.Upsample", "Upsample", true, false},
    {CallKind::UpsamplingNearest2d, "nn.UpsamplingNearest2d", "UpsamplingNearest2d", true, true},
    {CallKind::UpsamplingBilinear2d, "nn.UpsamplingBilinear2d", "UpsamplingBilinear2d", true, true},
    {CallKind::Interpolate, "F.interpolate", "interpolate", false, false},
    {CallKind::FUpsample, "F.upsample", "upsample", false, true},
    {CallKind::FUpsampleNearest, "F.upsample_nearest", "upsample_nearest", false, true},
    {CallKind::FUpsampleBilinear, "F.upsample_bilinear", "upsample_bilinear", false, true},
}};
const KindInfo& kindInfo(CallKind k) { return kKinds[static_cast<std::size_t>(k)]; }
}  // namespace

std::string_view callKindName(CallKind k) { return kindInfo(k).display; }
bool isModuleKind(CallKind k) { return kindInfo(k).module; }
bool isDeprecatedKind(CallKind k) { return kindInfo(k).deprecated; }

// ---------------------------------------------------------------------------------------------
// resolving the callee: torch / torch.nn / torch.nn.functional and their attributes
namespace {
enum class Namespace { Torch, Nn, Functional };

const char* namespaceName(Namespace ns) {
    return ns == Namespace::Torch ? "torch" : ns == Namespace::Nn ? "torch.nn" : "torch.nn.functional";
}

// Names that exist in PyTorch but are not upsampling calls (so no AttributeError for them).
bool isOtherKnownName(Namespace ns, std::string_view name) {
    static const std::array<std::string_view, 16> nn = {
        "ConvTranspose1d", "ConvTranspose2d", "ConvTranspose3d", "PixelShuffle", "PixelUnshuffle", "Conv1d",
        "Conv2d", "Conv3d", "Sequential", "Linear", "ReLU", "Identity", "AdaptiveAvgPool2d", "AvgPool2d",
        "MaxPool2d", "Flatten"};
    static const std::array<std::string_view, 12> functional = {
        "grid_sample", "affine_grid", "pad", "pixel_shuffle", "pixel_unshuffle", "conv_transpose2d",
        "adaptive_avg_pool2d", "avg_pool2d", "max_pool2d", "conv2d", "relu", "linear"};
    static const std::array<std::string_view, 8> torch = {"ones", "zeros", "rand", "randn", "tensor", "arange",
                                                          "cat", "stack"};
    auto has = [&](const auto& list) { return std::find(list.begin(), list.end(), name) != list.end(); };
    return ns == Namespace::Nn ? has(nn) : ns == Namespace::Functional ? has(functional) : has(torch);
}

std::optional<CallKind> kindIn(Namespace ns, std::string_view attr) {
    for (const auto& k : kKinds)
        if (k.attr == attr && (ns == Namespace::Nn ? k.module : ns == Namespace::Functional ? !k.module : false))
            return k.kind;
    return std::nullopt;
}

std::size_t editDistance(std::string_view a, std::string_view b, bool ignoreCase) {
    std::vector<std::size_t> row(b.size() + 1);
    for (std::size_t j = 0; j <= b.size(); ++j) row[j] = j;
    for (std::size_t i = 1; i <= a.size(); ++i) {
        std::size_t diag = row[0];
        row[0] = i;
        for (std::size_t j = 1; j <= b.size(); ++j) {
            const std::size_t up = row[j];
            const bool same = ignoreCase ? std::tolower(static_cast<unsigned char>(a[i - 1])) ==
                                               std::tolower(static_cast<unsigned char>(b[j - 1]))
                                         : a[i - 1] == b[j - 1];
            row[j] = std::min({row[j] + 1, row[j - 1] + 1, diag + (same ? 0 : 1)});
            diag = up;
        }
    }
    return row[b.size()];
}

std::string supportedList() {
    return "nn.Upsample, nn.UpsamplingNearest2d, nn.UpsamplingBilinear2d, F.interpolate, F.upsample, "
           "F.upsample_nearest, F.upsample_bilinear";
}

// "did you mean nn.Upsample?" for a name close to a supported one (case breaks ties).
std::string suggestion(std::string_view attr) {
    std::string best;
    std::pair<std::size_t, std::size_t> bestD{4, 0};
    for (const auto& k : kKinds) {
        const std::pair<std::size_t, std::size_t> d{editDistance(attr, k.attr, true), editDistance(attr, k.attr, false)};
        if (d < bestD) {
            bestD = d;
            best = std::string(k.display);
        }
    }
    return best.empty() ? "the calls read here are " + supportedList() : "did you mean " + best + "?";
}

struct Callee {
    CallKind kind;
    std::string written;
};

// The attribute `attr` (at path index k) of namespace ns.
CallKind attributeOf(Namespace ns, const CallSyntax& c, std::size_t k, const Source& src) {
    const std::string& attr = c.path[k];
    const bool last = k + 1 == c.path.size();
    if (last)
        if (auto kind = kindIn(ns, attr)) return *kind;
    if (isOtherKnownName(ns, attr))
        src.fail(std::string(namespaceName(ns)) + "." + attr + " is not an upsampling call; the calls read here are " +
                     supportedList(),
                 {c.pathSpans.front().begin, c.pathSpans[k].end});
    src.python(PyErrorType::AttributeError,
               "module '" + std::string(namespaceName(ns)) + "' has no attribute '" + attr + "'", c.pathSpans[k],
               suggestion(attr));
}

CallKind resolveBare(const CallSyntax& c, const Source& src) {
    const std::string& name = c.path[0];
    for (const auto& k : kKinds)
        if (k.attr == name) return k.kind;
    src.python(PyErrorType::NameError, "name '" + name + "' is not defined", c.pathSpans[0], suggestion(name));
}

CallKind resolveCallee(const CallSyntax& c, const Source& src) {
    if (c.path.size() == 1) return resolveBare(c, src);
    Namespace ns;
    const std::string& root = c.path[0];
    if (root == "torch") ns = Namespace::Torch;
    else if (root == "nn") ns = Namespace::Nn;
    else if (root == "F") ns = Namespace::Functional;
    else src.python(PyErrorType::NameError, "name '" + root + "' is not defined", c.pathSpans[0]);
    for (std::size_t k = 1; k < c.path.size(); ++k) {
        const std::string& part = c.path[k];
        const bool last = k + 1 == c.path.size();
        if (!last && ns == Namespace::Torch && part == "nn") ns = Namespace::Nn;
        else if (!last && ns == Namespace::Nn && part == "functional") ns = Namespace::Functional;
        else if (!last) attributeOf(ns, c, k, src);  // throws: not a module we know
        else return attributeOf(ns, c, k, src);
    }
    src.fail("'" + root + "' is a module, not a call", c.calleeSpan);
}

// ---------------------------------------------------------------------------------------------
// binding arguments to parameters, as CPython does (and with its messages)
struct Signature {
    std::string qualname;             // "interpolate", "Upsample.__init__"
    std::vector<std::string> params;  // including self for methods
    std::size_t required;             // leading params without defaults (self included)
    bool method;
};

const Signature& signatureOf(CallKind k) {
    static const std::vector<std::string> upsampleInit = {"self", "size", "scale_factor", "mode", "align_corners",
                                                          "recompute_scale_factor"};
    static const std::vector<std::string> fixedInit = {"self", "size", "scale_factor"};
    static const std::array<Signature, 7> sigs = {{
        {"Upsample.__init__", upsampleInit, 1, true},
        {"UpsamplingNearest2d.__init__", fixedInit, 1, true},
        {"UpsamplingBilinear2d.__init__", fixedInit, 1, true},
        {"interpolate",
         {"input", "size", "scale_factor", "mode", "align_corners", "recompute_scale_factor", "antialias"}, 1, false},
        {"upsample", {"input", "size", "scale_factor", "mode", "align_corners"}, 1, false},
        {"upsample_nearest", {"input", "size", "scale_factor"}, 1, false},
        {"upsample_bilinear", {"input", "size", "scale_factor"}, 1, false},
    }};
    return sigs[static_cast<std::size_t>(k)];
}

const Signature& forwardSignature() {
    static const Signature s{"Upsample.forward", {"self", "input"}, 2, true};
    return s;
}

using Bound = std::map<std::string, const PyValue*>;

std::string positionalCountText(const Signature& sig) {
    if (sig.required == sig.params.size()) return std::to_string(sig.params.size());
    return "from " + std::to_string(sig.required) + " to " + std::to_string(sig.params.size());
}

Bound bind(const Signature& sig, const std::vector<PyArg>& args, SourceSpan parens, const Source& src) {
    Bound bound;
    const std::size_t self = sig.method ? 1 : 0;
    std::size_t positional = 0;
    for (const auto& a : args) {
        if (a.keyword) break;
        if (self + positional < sig.params.size()) bound[sig.params[self + positional]] = &a.value;
        ++positional;
    }
    for (const auto& a : args) {
        if (!a.keyword) continue;
        const auto it = std::find(sig.params.begin() + static_cast<std::ptrdiff_t>(self), sig.params.end(), *a.keyword);
        if (it == sig.params.end())
            src.python(PyErrorType::TypeError,
                       sig.qualname + "() got an unexpected keyword argument '" + *a.keyword + "'", a.keywordSpan);
        if (!bound.emplace(*a.keyword, &a.value).second)
            src.python(PyErrorType::TypeError, sig.qualname + "() got multiple values for argument '" + *a.keyword + "'",
                       a.keywordSpan);
    }
    if (self + positional > sig.params.size())
        src.python(PyErrorType::TypeError,
                   sig.qualname + "() takes " + positionalCountText(sig) + " positional argument" +
                       (sig.params.size() == 1 ? "" : "s") + " but " + std::to_string(self + positional) + " were given",
                   args[sig.params.size() - self].value.span);
    for (std::size_t k = self; k < sig.required; ++k)
        if (!bound.count(sig.params[k]))
            src.python(PyErrorType::TypeError,
                       sig.qualname + "() missing 1 required positional argument: '" + sig.params[k] + "'", parens);
    return bound;
}

const PyValue* arg(const Bound& b, const std::string& name) {
    const auto it = b.find(name);
    return it == b.end() ? nullptr : it->second;
}

bool isNone(const PyValue* v) { return v == nullptr || v->kind == PyValue::Kind::None; }

// ---------------------------------------------------------------------------------------------
// building the Spec F.interpolate receives
InputExpr tensorArgument(const PyValue* v, const std::string& param, const Source& src) {
    if (v->kind != PyValue::Kind::Tensor)
        src.fail(param + " must be the tensor (a name such as x or img, optionally with .unsqueeze(d)), not " +
                     v->repr(),
                 v->span);
    return v->tensor;
}

void setSize(Spec& spec, const PyValue* v, const Source& src) {
    if (isNone(v)) return;
    auto asInt = [&](const PyValue& e) {
        if (e.kind != PyValue::Kind::Int)
            src.fail("size must be an int or a tuple/list of ints; PyTorch raises a TypeError for " + e.typeName() +
                         " " + e.repr(),
                     e.span, PyErrorType::TypeError);
        return e.i;
    };
    spec.size.emplace();
    if (v->isSequence()) {
        for (const auto& e : v->items) spec.size->push_back(asInt(e));
        spec.sizeIsSequence = true;
        spec.sequenceIsList = v->kind == PyValue::Kind::List;
    } else {
        spec.size->push_back(asInt(*v));
    }
}

// scale_factor as F.interpolate receives it: numbers as written (2 stays 2 in PyTorch's messages).
void setScale(Spec& spec, const PyValue* v, const Source& src) {
    if (isNone(v)) return;
    auto add = [&](const PyValue& e) {
        if (!e.isNumber())
            src.fail("scale_factor must be a number or a tuple/list of numbers; PyTorch raises a TypeError for " +
                         e.typeName() + " " + e.repr(),
                     e.span, PyErrorType::TypeError);
        spec.scaleFactor->push_back(e.number());
        spec.scaleText.push_back(e.repr());
    };
    spec.scaleFactor.emplace();
    if (v->isSequence()) {
        for (const auto& e : v->items) add(e);
        spec.scaleIsSequence = true;
        spec.sequenceIsList = v->kind == PyValue::Kind::List;
    } else {
        add(*v);
    }
}

void setMode(Spec& spec, const PyValue* v) {
    if (v == nullptr) return;  // the default, 'nearest'
    if (v->kind == PyValue::Kind::Str) {
        if (auto m = modeFromName(v->s)) {
            spec.mode = *m;
            return;
        }
        spec.unknownModeName = v->s;
        return;
    }
    spec.unknownModeName = v->repr();  // PyTorch formats the value into its message: "(got 3)"
}

std::optional<bool> optionalBool(const PyValue* v, const std::string& param, const Source& src) {
    if (isNone(v)) return std::nullopt;
    if (v->kind != PyValue::Kind::Bool)
        src.fail(param + " must be True, False or None, not " + v->repr(), v->span, PyErrorType::TypeError);
    return v->b;
}

// recompute_scale_factor and antialias are only tested for truth by PyTorch.
std::optional<bool> truthOf(const PyValue* v) {
    if (isNone(v)) return std::nullopt;
    return v->truthy();
}

// nn.Upsample.__init__: a tuple becomes a tuple of float(); anything else float() if true, else None.
std::optional<PyValue> upsampleModuleScale(const PyValue* v, const Source& src, std::vector<std::string>& notes) {
    if (v == nullptr) return std::nullopt;
    auto toFloat = [&](const PyValue& e) {
        PyValue f;
        f.kind = PyValue::Kind::Float;
        f.f = syntax::pyFloat(e, src);
        f.span = e.span;
        return f;
    };
    if (v->kind == PyValue::Kind::Tuple) {
        PyValue t = *v;
        for (auto& e : t.items) e = toFloat(e);
        if (t.repr() != v->repr())
            notes.push_back("nn.Upsample stores scale_factor as tuple(float(f) for f in " + v->repr() + ") = " +
                            t.repr() + ".");
        return t;
    }
    if (!v->truthy()) {
        if (v->kind != PyValue::Kind::None)
            notes.push_back("nn.Upsample stores scale_factor=" + v->repr() +
                            " as None: it keeps float(scale_factor) only when scale_factor is true in Python.");
        return std::nullopt;
    }
    PyValue f = toFloat(*v);
    if (f.repr() != v->repr())
        notes.push_back("nn.Upsample stores scale_factor as float(" + v->repr() + ") = " + f.repr() + ".");
    return f;
}

// ---------------------------------------------------------------------------------------------
// what each call sets, and its deprecation


void addKindNotes(ParsedCall& p, const Semantics& torch) {
    const std::string upsampleWarning = deprecationWarning(torch, "upsample");
    const std::string nearestWarning = deprecationWarning(torch, "upsample_nearest");
    const std::string bilinearWarning = deprecationWarning(torch, "upsample_bilinear");
    auto& n = p.notes;
    switch (p.kind) {
    case CallKind::Upsample:
        n.push_back("nn.Upsample is not deprecated. Its forward calls F.interpolate(input, size, scale_factor, mode, "
                    "align_corners, recompute_scale_factor=recompute_scale_factor).");
        break;
    case CallKind::UpsamplingNearest2d:
        n.push_back("nn.UpsamplingNearest2d(size, scale_factor) is nn.Upsample(size, scale_factor, mode='nearest').");
        n.push_back("Deprecated: the PyTorch docs mark nn.UpsamplingNearest2d as deprecated in favour of "
                    "nn.Upsample / F.interpolate (PyTorch prints no warning for it).");
        break;
    case CallKind::UpsamplingBilinear2d:
        n.push_back("nn.UpsamplingBilinear2d(size, scale_factor) is nn.Upsample(size, scale_factor, mode='bilinear', "
                    "align_corners=True). Note align_corners=True: nn.Upsample(mode='bilinear') and "
                    "F.interpolate(mode='bilinear') default to align_corners=False, which gives other values.");
        n.push_back("Deprecated: the PyTorch docs mark nn.UpsamplingBilinear2d as deprecated in favour of "
                    "nn.Upsample / F.interpolate (PyTorch prints no warning for it). The same result: "
                    "nn.Upsample(..., mode='bilinear', align_corners=True).");
        break;
    case CallKind::Interpolate: break;
    case CallKind::FUpsample:
        n.push_back("Deprecated: F.upsample is deprecated in favour of F.interpolate, which it calls with the same "
                    "arguments (it has no recompute_scale_factor or antialias). PyTorch warns: " +
                    upsampleWarning);
        p.warnings.push_back(upsampleWarning);
        break;
    case CallKind::FUpsampleNearest:
        n.push_back("Deprecated: F.upsample_nearest(input, size, scale_factor) is F.interpolate(input, size, "
                    "scale_factor, mode='nearest'). PyTorch warns: " + nearestWarning);
        p.warnings.push_back(nearestWarning);
        break;
    case CallKind::FUpsampleBilinear:
        n.push_back("Deprecated: F.upsample_bilinear(input, size, scale_factor) is F.interpolate(input, size, "
                    "scale_factor, mode='bilinear', align_corners=True). PyTorch warns: " +
                    bilinearWarning);
        p.warnings.push_back(bilinearWarning);
        break;
    }
}

void recordSpans(ParsedCall& p, const Bound& b) {
    for (const auto& [name, v] : b) p.arguments[name] = v->span;
}

// F.interpolate and its functional wrappers.
void buildFunctional(ParsedCall& p, const CallSyntax& c, const Source& src) {
    if (c.applied) src.fail(std::string(callKindName(p.kind)) + "(...) returns a tensor; it cannot be called", c.appliedParens);
    const Bound b = bind(signatureOf(p.kind), c.args, c.parens, src);
    recordSpans(p, b);
    p.input = tensorArgument(arg(b, "input"), "input", src);
    setSize(p.spec, arg(b, "size"), src);
    setScale(p.spec, arg(b, "scale_factor"), src);
    if (p.kind == CallKind::FUpsampleNearest) return;
    if (p.kind == CallKind::FUpsampleBilinear) {
        p.spec.mode = Mode::Bilinear;
        p.spec.alignCorners = true;
        return;
    }
    setMode(p.spec, arg(b, "mode"));
    p.spec.alignCorners = optionalBool(arg(b, "align_corners"), "align_corners", src);
    p.spec.recomputeScaleFactor = truthOf(arg(b, "recompute_scale_factor"));
    p.spec.antialias = truthOf(arg(b, "antialias")).value_or(false);
}

// The nn.* modules: construction, then (when written) the application to a tensor.
void buildModule(ParsedCall& p, const CallSyntax& c, const Source& src) {
    const Bound b = bind(signatureOf(p.kind), c.args, c.parens, src);
    recordSpans(p, b);
    const auto scale = upsampleModuleScale(arg(b, "scale_factor"), src, p.notes);
    setSize(p.spec, arg(b, "size"), src);
    if (scale) setScale(p.spec, &*scale, src);
    if (p.kind == CallKind::UpsamplingNearest2d) p.spec.mode = Mode::Nearest;
    else if (p.kind == CallKind::UpsamplingBilinear2d) {
        p.spec.mode = Mode::Bilinear;
        p.spec.alignCorners = true;
    } else {
        setMode(p.spec, arg(b, "mode"));
        p.spec.alignCorners = optionalBool(arg(b, "align_corners"), "align_corners", src);
        p.spec.recomputeScaleFactor = truthOf(arg(b, "recompute_scale_factor"));
    }
    if (!c.applied) return;
    const Bound fb = bind(forwardSignature(), c.appliedArgs, c.appliedParens, src);
    p.input = tensorArgument(arg(fb, "input"), "input", src);
    p.arguments["input"] = p.input->span;
}
}  // namespace

ParsedCall parseCall(std::string_view text, const Semantics& torch) {
    const Source src{text};
    const CallSyntax c = syntax::parseSyntax(src);
    ParsedCall p;
    p.text = std::string(text);
    p.kind = resolveCallee(c, src);
    p.written = std::string(text.substr(c.calleeSpan.begin, c.calleeSpan.end - c.calleeSpan.begin));
    p.calleeSpan = c.calleeSpan;
    p.spec.torch = &torch;
    addKindNotes(p, torch);
    if (p.isModule()) buildModule(p, c, src);
    else buildFunctional(p, c, src);
    return p;
}

}  // namespace upsample
