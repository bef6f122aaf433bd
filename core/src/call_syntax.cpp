#include "call_syntax.hpp"

#include "upsample/spec.hpp"

#include <algorithm>
#include <cctype>
#include <charconv>
#include <cmath>
#include <limits>
#include <set>

namespace upsample::syntax {

void Source::fail(const std::string& message, SourceSpan span, std::optional<PyErrorType> pyType, bool pythonText,
                  const std::string& hint) const {
    throw ParseError(message, std::string(text), span, pyType, pythonText, hint);
}

// ---------------------------------------------------------------------------------------------
// tokens
namespace {
bool isNameStart(char c) { return std::isalpha(static_cast<unsigned char>(c)) || c == '_'; }
bool isNameChar(char c) { return std::isalnum(static_cast<unsigned char>(c)) || c == '_'; }
bool isDigit(char c) { return c >= '0' && c <= '9'; }

class Lexer {
public:
    explicit Lexer(const Source& src) : src_(src), t_(src.text) {}

    std::vector<Token> run() {
        std::vector<Token> out;
        for (;;) {
            skipSpace();
            if (pos_ >= t_.size()) break;
            out.push_back(next());
        }
        out.push_back({Token::Kind::End, "", {t_.size(), t_.size()}});
        return out;
    }

private:
    void skipSpace() {
        while (pos_ < t_.size() && std::isspace(static_cast<unsigned char>(t_[pos_]))) ++pos_;
    }

    Token next() {
        const char c = t_[pos_];
        if (isNameStart(c)) return name();
        if (isDigit(c) || (c == '.' && pos_ + 1 < t_.size() && isDigit(t_[pos_ + 1]))) return number();
        if (c == '\'' || c == '"') return string();
        return punct();
    }

    Token name() {
        const std::size_t b = pos_;
        while (pos_ < t_.size() && isNameChar(t_[pos_])) ++pos_;
        return {Token::Kind::Name, std::string(t_.substr(b, pos_ - b)), {b, pos_}};
    }

    void digits() {
        while (pos_ < t_.size() && (isDigit(t_[pos_]) || t_[pos_] == '_')) ++pos_;
    }

    Token number() {
        const std::size_t b = pos_;
        bool isFloat = false;
        digits();
        if (pos_ < t_.size() && t_[pos_] == '.') {
            isFloat = true;
            ++pos_;
            digits();
        }
        if (pos_ < t_.size() && (t_[pos_] == 'e' || t_[pos_] == 'E')) {
            std::size_t p = pos_ + 1;
            if (p < t_.size() && (t_[p] == '+' || t_[p] == '-')) ++p;
            if (p < t_.size() && isDigit(t_[p])) {
                isFloat = true;
                pos_ = p;
                digits();
            }
        }
        if (pos_ < t_.size() && isNameChar(t_[pos_]))
            src_.fail("invalid decimal literal", {b, pos_ + 1}, PyErrorType::SyntaxError, true);
        return {isFloat ? Token::Kind::Float : Token::Kind::Int, std::string(t_.substr(b, pos_ - b)), {b, pos_}};
    }

    Token string() {
        const std::size_t b = pos_;
        const char quote = t_[pos_++];
        std::string value;
        while (pos_ < t_.size() && t_[pos_] != quote) {
            char c = t_[pos_++];
            if (c == '\\' && pos_ < t_.size()) {
                const char e = t_[pos_++];
                c = e == 'n' ? '\n' : e == 't' ? '\t' : e;
            }
            value += c;
        }
        if (pos_ >= t_.size())
            src_.fail("unterminated string literal", {b, t_.size()}, PyErrorType::SyntaxError, false,
                      std::string("close it with ") + quote);
        ++pos_;
        return {Token::Kind::String, value, {b, pos_}};
    }

    Token punct() {
        using K = Token::Kind;
        const std::size_t b = pos_;
        K k;
        switch (t_[pos_]) {
        case '(': k = K::LParen; break;
        case ')': k = K::RParen; break;
        case '[': k = K::LBracket; break;
        case ']': k = K::RBracket; break;
        case ',': k = K::Comma; break;
        case '=': k = K::Equals; break;
        case '.': k = K::Dot; break;
        case '-': k = K::Minus; break;
        case '+': k = K::Plus; break;
        default: invalidCharacter();
        }
        nest(k);
        ++pos_;
        return {k, std::string(1, t_[b]), {b, pos_}};
    }

    // Python's tokenizer refuses a 201st open bracket (MAXLEVEL); the parser's recursion, which
    // goes one level deeper only through a bracket, is bounded by it.
    void nest(Token::Kind k) {
        using K = Token::Kind;
        if (k == K::LParen || k == K::LBracket) {
            if (level_ >= kMaxNesting)
                src_.fail("too many nested parentheses", {pos_, pos_ + 1}, PyErrorType::SyntaxError, true);
            ++level_;
        } else if ((k == K::RParen || k == K::RBracket) && level_ > 0) {
            --level_;
        }
    }

    [[noreturn]] void invalidCharacter() {
        std::size_t end = pos_ + 1;
        while (end < t_.size() && (static_cast<unsigned char>(t_[end]) & 0xC0) == 0x80) ++end;  // whole UTF-8 char
        const std::string ch(t_.substr(pos_, end - pos_));
        const bool smartQuote = ch == "\xE2\x80\x98" || ch == "\xE2\x80\x99" || ch == "\xE2\x80\x9C" || ch == "\xE2\x80\x9D";
        src_.fail("invalid character '" + ch + "'", {pos_, end}, PyErrorType::SyntaxError, false,
                  smartQuote ? "typographic quotes: use ' or \"" : "");
    }

    static constexpr int kMaxNesting = 200;
    const Source& src_;
    std::string_view t_;
    std::size_t pos_ = 0;
    int level_ = 0;
};
}  // namespace

std::vector<Token> tokenize(const Source& src) { return Lexer(src).run(); }

// ---------------------------------------------------------------------------------------------
// values
namespace {
std::string pyStrRepr(const std::string& s) {
    const char q = (s.find('\'') != std::string::npos && s.find('"') == std::string::npos) ? '"' : '\'';
    std::string out(1, q);
    for (char c : s) {
        if (c == '\\' || c == q) out += '\\';
        if (c == '\n') out += "\\n";
        else if (c == '\t') out += "\\t";
        else out += c;
    }
    return out + q;
}

std::string joinReprs(const std::vector<PyValue>& items) {
    std::string out;
    for (std::size_t k = 0; k < items.size(); ++k) out += (k ? ", " : "") + items[k].repr();
    return out;
}

std::string trim(std::string_view s) {
    std::size_t b = 0, e = s.size();
    while (b < e && std::isspace(static_cast<unsigned char>(s[b]))) ++b;
    while (e > b && std::isspace(static_cast<unsigned char>(s[e - 1]))) --e;
    return std::string(s.substr(b, e - b));
}

std::string lower(std::string s) {
    for (char& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return s;
}

// Python's float(str): decimal text, inf/infinity/nan with an optional sign.
std::optional<double> floatFromString(const std::string& raw) {
    std::string s = trim(raw);
    s.erase(std::remove(s.begin(), s.end(), '_'), s.end());
    std::string body = lower(s);
    double sign = 1;
    if (!body.empty() && (body[0] == '+' || body[0] == '-')) {
        sign = body[0] == '-' ? -1 : 1;
        body = body.substr(1);
    }
    if (body == "inf" || body == "infinity") return sign * std::numeric_limits<double>::infinity();
    if (body == "nan") return std::numeric_limits<double>::quiet_NaN();
    if (body.empty() || !(isDigit(body[0]) || body[0] == '.')) return std::nullopt;
    double v = 0;
    const auto r = std::from_chars(body.data(), body.data() + body.size(), v);
    if (r.ec != std::errc() || r.ptr != body.data() + body.size()) return std::nullopt;
    return sign * v;
}
}  // namespace

std::string PyValue::repr() const {
    switch (kind) {
    case Kind::None: return "None";
    case Kind::Bool: return b ? "True" : "False";
    case Kind::Int: return std::to_string(i);
    case Kind::Float: return pyFloatRepr(f);
    case Kind::Str: return pyStrRepr(s);
    case Kind::Tuple: return "(" + joinReprs(items) + (items.size() == 1 ? ",)" : ")");
    case Kind::List: return "[" + joinReprs(items) + "]";
    case Kind::Tensor: return tensor.name;
    }
    return "";
}

std::string PyValue::typeName() const {
    switch (kind) {
    case Kind::None: return "NoneType";
    case Kind::Bool: return "bool";
    case Kind::Int: return "int";
    case Kind::Float: return "float";
    case Kind::Str: return "str";
    case Kind::Tuple: return "tuple";
    case Kind::List: return "list";
    case Kind::Tensor: return "Tensor";
    }
    return "";
}

bool PyValue::truthy() const {
    switch (kind) {
    case Kind::None: return false;
    case Kind::Bool: return b;
    case Kind::Int: return i != 0;
    case Kind::Float: return f != 0;  // NaN is true
    case Kind::Str: return !s.empty();
    case Kind::Tuple:
    case Kind::List: return !items.empty();
    case Kind::Tensor: return true;
    }
    return false;
}

double pyFloat(const PyValue& v, const Source& src) {
    if (v.isNumber()) return v.number();
    if (v.kind == PyValue::Kind::Str) {
        if (auto d = floatFromString(v.s)) return *d;
        src.python(PyErrorType::ValueError, "could not convert string to float: " + v.repr(), v.span);
    }
    src.python(PyErrorType::TypeError, "float() argument must be a string or a real number, not '" + v.typeName() + "'",
               v.span);
}

// ---------------------------------------------------------------------------------------------
// the call
namespace {
class Parser {
public:
    Parser(const Source& src, std::vector<Token> tokens) : src_(src), t_(std::move(tokens)) {}

    CallSyntax run() {
        CallSyntax c;
        skipAssignment();
        callee(c);
        c.args = arguments(c.parens);
        if (at(Token::Kind::LParen)) {
            c.applied = true;
            c.appliedArgs = arguments(c.appliedParens);
        }
        if (!at(Token::Kind::End)) unexpected("after the call");
        return c;
    }

private:
    using K = Token::Kind;
    const Token& peek(std::size_t ahead = 0) const { return t_[std::min(i_ + ahead, t_.size() - 1)]; }
    bool at(K k) const { return peek().kind == k; }
    const Token& take() { return t_[std::min(i_++, t_.size() - 1)]; }

    [[noreturn]] void unexpected(const std::string& where) const {
        const Token& tok = peek();
        if (tok.kind == K::End)
            src_.fail("the text ends too early " + where, {tok.span.begin, tok.span.begin}, PyErrorType::SyntaxError);
        src_.fail("unexpected '" + std::string(src_.text.substr(tok.span.begin, tok.span.end - tok.span.begin)) + "' " +
                      where,
                  tok.span, PyErrorType::SyntaxError);
    }

    const Token& expect(K k, const std::string& what) {
        if (!at(k)) unexpected("(expected " + what + ")");
        return take();
    }

    // "y = F.interpolate(...)": the assigned name is irrelevant to the call.
    void skipAssignment() {
        if (at(K::Name) && peek(1).kind == K::Equals) i_ += 2;
    }

    void callee(CallSyntax& c) {
        const Token& first = expect(K::Name, "a name such as nn.Upsample or F.interpolate");
        c.path.push_back(first.text);
        c.pathSpans.push_back(first.span);
        while (at(K::Dot)) {
            take();
            const Token& part = expect(K::Name, "a name after '.'");
            c.path.push_back(part.text);
            c.pathSpans.push_back(part.span);
        }
        c.calleeSpan = {c.pathSpans.front().begin, c.pathSpans.back().end};
        if (!at(K::LParen)) unexpected("(expected '(' after " + std::string(src_.text.substr(c.calleeSpan.begin,
                                                                                              c.calleeSpan.end - c.calleeSpan.begin)) + ")");
    }

    std::vector<PyArg> arguments(SourceSpan& parens) {
        parens.begin = expect(K::LParen, "'('").span.begin;
        std::vector<PyArg> args;
        std::set<std::string> keywords;
        while (!at(K::RParen)) {
            args.push_back(argument(keywords));
            if (!at(K::Comma)) break;
            take();
        }
        parens.end = expect(K::RParen, "',' or ')'").span.end;
        return args;
    }

    PyArg argument(std::set<std::string>& keywords) {
        PyArg a;
        if (at(K::Name) && peek(1).kind == K::Equals) {
            const Token& kw = take();
            take();
            a.keyword = kw.text;
            a.keywordSpan = kw.span;
            if (!keywords.insert(kw.text).second)
                src_.python(PyErrorType::SyntaxError, "keyword argument repeated: " + kw.text, kw.span);
            a.value = value();
            return a;
        }
        const std::size_t begin = peek().span.begin;
        a.value = value();
        if (!keywords.empty())
            src_.python(PyErrorType::SyntaxError, "positional argument follows keyword argument",
                        {begin, a.value.span.end});
        return a;
    }

    PyValue value() {
        if (at(K::Minus) || at(K::Plus)) return signedValue();
        if (at(K::Int)) return intValue(take());
        if (at(K::Float)) return floatValue(take());
        if (at(K::String)) return stringValue(take());
        if (at(K::LParen)) return parenthesised();
        if (at(K::LBracket)) return list();
        if (at(K::Name)) return nameValue();
        unexpected("(expected a value)");
    }

    // A run of unary signs, read in a loop (no recursion however long), applied innermost first.
    PyValue signedValue() {
        std::vector<const Token*> signs;
        while (at(K::Minus) || at(K::Plus)) signs.push_back(&take());
        PyValue v = value();
        for (auto s = signs.rbegin(); s != signs.rend(); ++s) applySign(**s, v);
        return v;
    }

    void applySign(const Token& sign, PyValue& v) const {
        if (!v.isNumber())
            src_.python(PyErrorType::TypeError, "bad operand type for unary " + sign.text + ": '" + v.typeName() + "'",
                        {sign.span.begin, v.span.end});
        if (sign.kind == K::Minus) {
            if (v.kind == PyValue::Kind::Float) v.f = -v.f;
            else {
                v.i = v.kind == PyValue::Kind::Bool ? -static_cast<int64_t>(v.b) : -v.i;
                v.kind = PyValue::Kind::Int;
            }
        } else if (v.kind == PyValue::Kind::Bool) {
            v.i = v.b;
            v.kind = PyValue::Kind::Int;
        }
        v.span.begin = sign.span.begin;
    }

    PyValue intValue(const Token& tok) {
        PyValue v;
        v.kind = PyValue::Kind::Int;
        v.span = tok.span;
        std::string s = tok.text;
        s.erase(std::remove(s.begin(), s.end(), '_'), s.end());
        const auto r = std::from_chars(s.data(), s.data() + s.size(), v.i);
        if (r.ec != std::errc() || r.ptr != s.data() + s.size())
            src_.fail("integer " + tok.text + " is out of the range read here (64-bit)", tok.span);
        return v;
    }

    PyValue floatValue(const Token& tok) {
        PyValue v;
        v.kind = PyValue::Kind::Float;
        v.span = tok.span;
        PyValue text;
        text.kind = PyValue::Kind::Str;
        text.s = tok.text;
        text.span = tok.span;
        v.f = pyFloat(text, src_);
        return v;
    }

    PyValue stringValue(const Token& tok) {
        PyValue v;
        v.kind = PyValue::Kind::Str;
        v.s = tok.text;
        v.span = tok.span;
        return v;
    }

    // (v) is v; (v,) and (a, b) are tuples; () is the empty tuple.
    PyValue parenthesised() {
        const std::size_t begin = take().span.begin;
        PyValue tuple;
        tuple.kind = PyValue::Kind::Tuple;
        bool sawComma = false;
        while (!at(K::RParen)) {
            tuple.items.push_back(value());
            if (!at(K::Comma)) break;
            take();
            sawComma = true;
        }
        const std::size_t end = expect(K::RParen, "',' or ')'").span.end;
        if (tuple.items.size() == 1 && !sawComma) {
            PyValue inner = tuple.items.front();
            inner.span = {begin, end};
            return inner;
        }
        tuple.span = {begin, end};
        return tuple;
    }

    PyValue list() {
        const std::size_t begin = take().span.begin;
        PyValue v;
        v.kind = PyValue::Kind::List;
        while (!at(K::RBracket)) {
            v.items.push_back(value());
            if (!at(K::Comma)) break;
            take();
        }
        v.span = {begin, expect(K::RBracket, "',' or ']'").span.end};
        return v;
    }

    PyValue nameValue() {
        const Token& name = take();
        PyValue v;
        v.span = name.span;
        if (name.text == "None") return v;
        if (name.text == "True" || name.text == "False") {
            v.kind = PyValue::Kind::Bool;
            v.b = name.text == "True";
            return v;
        }
        if (name.text == "float" && at(K::LParen)) return floatCall(name);
        if (name.text == "math" && at(K::Dot)) return mathConstant(name);
        return tensorExpr(name);
    }

    PyValue floatCall(const Token& name) {
        take();
        const PyValue arg = value();
        const std::size_t end = expect(K::RParen, "')'").span.end;
        PyValue v;
        v.kind = PyValue::Kind::Float;
        v.f = pyFloat(arg, src_);
        v.span = {name.span.begin, end};
        return v;
    }

    PyValue mathConstant(const Token& name) {
        take();
        const Token& attr = expect(K::Name, "inf or nan after 'math.'");
        PyValue v;
        v.kind = PyValue::Kind::Float;
        v.span = {name.span.begin, attr.span.end};
        if (attr.text == "inf") v.f = std::numeric_limits<double>::infinity();
        else if (attr.text == "nan") v.f = std::numeric_limits<double>::quiet_NaN();
        else src_.fail("only math.inf and math.nan are read here", attr.span);
        return v;
    }

    // x, img.unsqueeze(0), x.unsqueeze(dim=-1).unsqueeze(0)
    PyValue tensorExpr(const Token& name) {
        PyValue v;
        v.kind = PyValue::Kind::Tensor;
        v.tensor.name = name.text;
        v.tensor.nameSpan = name.span;
        std::size_t end = name.span.end;
        while (at(K::Dot)) {
            take();
            const Token& method = expect(K::Name, "a method name");
            if (method.text != "unsqueeze")
                src_.fail("only .unsqueeze(dim) is read on a tensor here, not ." + method.text, method.span);
            v.tensor.unsqueeze.push_back(unsqueezeDim());
            end = t_[i_ - 1].span.end;
        }
        v.span = v.tensor.span = {name.span.begin, end};
        return v;
    }

    int64_t unsqueezeDim() {
        expect(K::LParen, "'(' after unsqueeze");
        if (at(K::Name) && peek().text == "dim" && peek(1).kind == K::Equals) i_ += 2;
        const PyValue d = value();
        if (d.kind != PyValue::Kind::Int) src_.fail("unsqueeze takes an int dim", d.span);
        expect(K::RParen, "')'");
        return d.i;
    }

    const Source& src_;
    std::vector<Token> t_;
    std::size_t i_ = 0;
};
}  // namespace

CallSyntax parseSyntax(const Source& src) {
    if (src.text.find_first_not_of(" \t\r\n") == std::string_view::npos)
        src.fail("no call given (expected e.g. nn.Upsample(scale_factor=2) or F.interpolate(x, size=8))", {0, 0});
    return Parser(src, tokenize(src)).run();
}

}  // namespace upsample::syntax
