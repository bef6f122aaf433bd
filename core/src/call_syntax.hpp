// The syntax of a call text (private to core): tokens, Python values and the call's shape
// callee(args)[(args)]. call_parser.cpp gives it meaning.
#pragma once

#include "upsample/call_parser.hpp"

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace upsample::syntax {

// The text being read, for errors that point into it.
struct Source {
    std::string_view text;
    [[noreturn]] void fail(const std::string& message, SourceSpan span, std::optional<PyErrorType> pyType = std::nullopt,
                           bool pythonText = false, const std::string& hint = {}) const;
    // Python's own exception, word for word.
    [[noreturn]] void python(PyErrorType type, const std::string& message, SourceSpan span,
                             const std::string& hint = {}) const {
        fail(message, span, type, true, hint);
    }
};

struct Token {
    enum class Kind { Name, Int, Float, String, LParen, RParen, LBracket, RBracket, Comma, Equals, Dot, Minus, Plus, End };
    Kind kind = Kind::End;
    std::string text;  // as written; for strings, the decoded value
    SourceSpan span;
};

std::vector<Token> tokenize(const Source& src);

// A Python value as written in an argument.
struct PyValue {
    enum class Kind { None, Bool, Int, Float, Str, Tuple, List, Tensor };
    Kind kind = Kind::None;
    bool b = false;
    int64_t i = 0;
    double f = 0;
    std::string s;
    std::vector<PyValue> items;  // Tuple, List
    InputExpr tensor;            // Tensor: a name, maybe with .unsqueeze(d)
    SourceSpan span;

    bool isNumber() const { return kind == Kind::Int || kind == Kind::Float || kind == Kind::Bool; }
    bool isSequence() const { return kind == Kind::Tuple || kind == Kind::List; }
    double number() const { return kind == Kind::Float ? f : kind == Kind::Bool ? (b ? 1.0 : 0.0) : static_cast<double>(i); }
    std::string repr() const;      // Python's repr: 2, 2.0, 'bilinear', (2, 3), [2], True, None
    std::string typeName() const;  // Python's type name: int, float, str, tuple, list, bool, NoneType, Tensor
    bool truthy() const;           // Python's bool(v) (a tensor counts as true)
};

// Python's float(v): numbers and numeric strings; TypeError / ValueError as Python words them.
double pyFloat(const PyValue& v, const Source& src);

struct PyArg {
    std::optional<std::string> keyword;
    SourceSpan keywordSpan;
    PyValue value;
};

struct CallSyntax {
    std::vector<std::string> path;  // "torch", "nn", "Upsample"
    std::vector<SourceSpan> pathSpans;
    SourceSpan calleeSpan;
    std::vector<PyArg> args;
    SourceSpan parens;  // "(" to ")" of the first call
    bool applied = false;  // a second call: module(...)(x)
    std::vector<PyArg> appliedArgs;
    SourceSpan appliedParens;
};

// Reads "[name =] callee(args)[(args)]". Throws ParseError (SyntaxError) on malformed text.
CallSyntax parseSyntax(const Source& src);

}  // namespace upsample::syntax
