// core/src/call_parser.cpp (+ call_syntax.cpp): call texts read into the Spec F.interpolate
// receives, checked against the arguments real PyTorch passed to F.interpolate for each golden
// call (tests/golden/calls.json), Python's own errors word for word, and errors that point at
// the text.
#include "support/calls.hpp"

#include "upsample/call_parser.hpp"

#include <catch2/catch.hpp>

#include <cmath>

using namespace upsample;
using nlohmann::json;

namespace {
// Python-level exceptions (raised before PyTorch runs) that the parser itself reproduces.
bool isParseLevel(const std::string& type) {
    return type == "TypeError" || type == "AttributeError" || type == "NameError" || type == "SyntaxError";
}

double scaleValue(const json& v) {
    if (v.is_string()) {
        const auto s = v.get<std::string>();
        return s == "nan" ? NAN : s == "inf" ? INFINITY : -INFINITY;
    }
    return v.get<double>();
}

bool sameDouble(double a, double b) { return (std::isnan(a) && std::isnan(b)) || a == b; }

void checkSize(const Spec& spec, const json& a) {
    const json& size = a.at("size");
    if (size.is_null()) {
        CHECK_FALSE(spec.size.has_value());
        return;
    }
    REQUIRE(spec.size.has_value());
    if (size.is_array()) {
        CHECK(*spec.size == size.get<std::vector<int64_t>>());
        CHECK(spec.sizeIsSequence);
        CHECK(spec.sequenceIsList == (a.value("size_container", "") == "list"));
    } else {
        CHECK(*spec.size == std::vector<int64_t>{size.get<int64_t>()});
        CHECK_FALSE(spec.sizeIsSequence);
    }
}

void checkScale(const Spec& spec, const json& a) {
    const json& scale = a.at("scale_factor");
    if (scale.is_null()) {
        CHECK_FALSE(spec.scaleFactor.has_value());
        return;
    }
    REQUIRE(spec.scaleFactor.has_value());
    const json values = scale.is_array() ? scale : json::array({scale});
    const json texts = scale.is_array() ? a.at("scale_text") : json::array({a.at("scale_text")});
    REQUIRE(spec.scaleFactor->size() == values.size());
    for (std::size_t k = 0; k < values.size(); ++k) {
        CHECK(sameDouble((*spec.scaleFactor)[k], scaleValue(values[k])));
        CHECK(spec.scaleText.at(k) == texts[k].get<std::string>());  // 2 vs 2.0 shows in PyTorch's messages
    }
    CHECK(spec.scaleIsSequence == scale.is_array());
    if (scale.is_array()) CHECK(spec.sequenceIsList == (a.value("scale_factor_container", "") == "list"));
}

void checkSpec(const Spec& spec, const json& a) {
    checkSize(spec, a);
    checkScale(spec, a);
    const std::string mode = a.at("mode").get<std::string>();
    if (spec.unknownModeName) CHECK(*spec.unknownModeName == mode);
    else CHECK(modeName(spec.mode) == mode);
    if (a.at("align_corners").is_null()) CHECK_FALSE(spec.alignCorners.has_value());
    else CHECK(spec.alignCorners == std::optional<bool>(a.at("align_corners").get<bool>()));
    const json& rc = a.at("recompute_scale_factor");
    CHECK(spec.recomputeScaleFactor.value_or(false) == (!rc.is_null() && rc.get<bool>()));
    CHECK(spec.antialias == a.at("antialias").get<bool>());
}

ParseError parseError(const std::string& text) {
    try {
        parseCall(text);
    } catch (const ParseError& e) {
        return e;
    }
    FAIL("no ParseError for " << text);
    throw std::logic_error("unreachable");
}
}  // namespace

TEST_CASE("parser: every golden call reaches F.interpolate with PyTorch's arguments", "[parser][golden]") {
    int checked = 0;
    for (const auto& c : golden::callsDocument().at("calls")) {
        if (c.at("interpolate_args").is_null()) continue;
        INFO(golden::describeCall(c));
        ParsedCall p;
        REQUIRE_NOTHROW(p = parseCall(c.at("call").get<std::string>(), golden::torchOf(c)));
        checkSpec(p.spec, c.at("interpolate_args"));
        CHECK(p.input.has_value() != c.at("module_applied_to_x").get<bool>());
        ++checked;
    }
    CHECK(checked >= 60);
}

TEST_CASE("parser: Python's own errors, word for word", "[parser][golden]") {
    int checked = 0;
    for (const auto& c : golden::callsDocument().at("calls")) {
        if (c.at("error").is_null() || !isParseLevel(c.at("error").at("type").get<std::string>())) continue;
        INFO(golden::describeCall(c));
        const ParseError e = parseError(c.at("call").get<std::string>());
        CHECK(e.typeName() == c.at("error").at("type").get<std::string>());
        CHECK(std::string(e.what()) == c.at("error").at("message").get<std::string>());
        CHECK(e.isPythonText());
        ++checked;
    }
    CHECK(checked >= 15);
}

TEST_CASE("parser: the warnings PyTorch emits", "[parser][golden]") {
    for (const auto& c : golden::callsDocument().at("calls")) {
        if (c.at("interpolate_args").is_null()) continue;
        INFO(golden::describeCall(c));
        CHECK(parseCall(c.at("call").get<std::string>(), golden::torchOf(c)).warnings == c.at("warnings").get<std::vector<std::string>>());
    }
}

TEST_CASE("parser: every prefix names the same call", "[parser]") {
    for (const char* text : {"F.interpolate(x, scale_factor=2)", "nn.functional.interpolate(x, scale_factor=2)",
                             "torch.nn.functional.interpolate(x, scale_factor=2)", "interpolate(x, scale_factor=2)"}) {
        INFO(text);
        CHECK(parseCall(text).kind == CallKind::Interpolate);
    }
    for (const char* text : {"nn.Upsample(scale_factor=2)", "torch.nn.Upsample(scale_factor=2)", "Upsample(scale_factor=2)"}) {
        INFO(text);
        CHECK(parseCall(text).kind == CallKind::Upsample);
    }
    CHECK(parseCall("torch.nn.UpsamplingNearest2d(scale_factor=2)").kind == CallKind::UpsamplingNearest2d);
    CHECK(parseCall("nn.UpsamplingBilinear2d(scale_factor=2)").kind == CallKind::UpsamplingBilinear2d);
    CHECK(parseCall("F.upsample(x, scale_factor=2)").kind == CallKind::FUpsample);
    CHECK(parseCall("torch.nn.functional.upsample_nearest(x, 4)").kind == CallKind::FUpsampleNearest);
    CHECK(parseCall("nn.functional.upsample_bilinear(x, 4)").kind == CallKind::FUpsampleBilinear);
}

TEST_CASE("parser: values as Python reads them", "[parser]") {
    SECTION("quotes, spaces, trailing comma, assignment prefix") {
        const auto p = parseCall("  y = F.interpolate( x ,size = ( 6 , 10 ) , mode = \"bicubic\" , align_corners=False, )");
        CHECK(p.spec.mode == Mode::Bicubic);
        CHECK(*p.spec.size == std::vector<int64_t>{6, 10});
        CHECK(p.spec.alignCorners == std::optional<bool>(false));
    }
    SECTION("(v) is v, (v,) is a tuple, [v] a list") {
        CHECK_FALSE(parseCall("F.interpolate(x, size=(8))").spec.sizeIsSequence);
        const auto t = parseCall("F.interpolate(x, size=(8,))").spec;
        CHECK((t.sizeIsSequence && !t.sequenceIsList));
        const auto l = parseCall("F.interpolate(x, size=[8])").spec;
        CHECK((l.sizeIsSequence && l.sequenceIsList));
    }
    SECTION("numbers keep their Python text") {
        const auto s = parseCall("F.interpolate(x, scale_factor=(2, 1.50, -3, 1e-3, .5, float('inf')))").spec;
        CHECK(s.scaleText == std::vector<std::string>{"2", "1.5", "-3", "0.001", "0.5", "inf"});
        CHECK(std::isnan(parseCall("F.interpolate(x, scale_factor=float('nan'))").spec.scaleFactor->at(0)));
    }
    SECTION("nn.Upsample converts scale_factor with float()") {
        CHECK(parseCall("nn.Upsample(scale_factor=(2, 3))").spec.scaleText == std::vector<std::string>{"2.0", "3.0"});
        CHECK(parseCall("nn.Upsample(scale_factor='1.5')").spec.scaleFactor->at(0) == 1.5);
        CHECK_FALSE(parseCall("nn.Upsample(scale_factor=0.0)").spec.scaleFactor.has_value());
        CHECK(std::string(parseError("nn.Upsample(scale_factor='two')").what()) ==
              "could not convert string to float: 'two'");
    }
    SECTION("what the wrappers set") {
        const auto b = parseCall("nn.UpsamplingBilinear2d(scale_factor=2)(x)");
        CHECK(b.spec.mode == Mode::Bilinear);
        CHECK(b.spec.alignCorners == std::optional<bool>(true));
        CHECK(b.input->name == "x");
        const auto n = parseCall("nn.UpsamplingNearest2d(size=(8, 8))");
        CHECK(n.spec.mode == Mode::Nearest);
        CHECK_FALSE(n.spec.alignCorners.has_value());
        CHECK_FALSE(n.input.has_value());
    }
    SECTION("the tensor and its unsqueeze calls") {
        const auto p = parseCall("F.upsample(img.unsqueeze(0).unsqueeze(dim=-1), scale_factor=2)");
        CHECK(p.input->name == "img");
        CHECK(p.input->unsqueeze == std::vector<int64_t>{0, -1});
        CHECK(p.slice(p.input->span) == "img.unsqueeze(0).unsqueeze(dim=-1)");
        CHECK(p.slice(p.arguments.at("scale_factor")) == "2");
    }
}

TEST_CASE("parser: notes say what each call sets and what is deprecated", "[parser]") {
    auto joined = [](const ParsedCall& p) {
        std::string s;
        for (const auto& n : p.notes) s += n + "\n";
        return s;
    };
    CHECK(joined(parseCall("nn.UpsamplingBilinear2d(scale_factor=2)")).find("align_corners=True") != std::string::npos);
    CHECK(parseCall("nn.UpsamplingBilinear2d(scale_factor=2)").deprecated());
    CHECK(parseCall("nn.UpsamplingNearest2d(scale_factor=2)").deprecated());
    CHECK(parseCall("F.upsample(x, scale_factor=2)").deprecated());
    CHECK_FALSE(parseCall("nn.Upsample(scale_factor=2)").deprecated());
    CHECK(joined(parseCall("nn.Upsample(scale_factor=2)")).find("not deprecated") != std::string::npos);
    CHECK_FALSE(parseCall("F.interpolate(x, scale_factor=2)").deprecated());
    CHECK(joined(parseCall("F.upsample(x, scale_factor=2)")).find("in favour of F.interpolate") != std::string::npos);
}

TEST_CASE("parser: errors point at the text", "[parser]") {
    SECTION("an unknown keyword") {
        const auto e = parseError("F.interpolate(x, scale=2)");
        CHECK(e.column() == 18);
        CHECK(e.caretLines() == "  F.interpolate(x, scale=2)\n                   ^^^^^");
    }
    SECTION("a misspelt name, with a suggestion") {
        const auto e = parseError("nn.UpsamplingBilinear(scale_factor=2)");
        CHECK(e.typeName() == "AttributeError");
        CHECK(std::string(e.what()) == "module 'torch.nn' has no attribute 'UpsamplingBilinear'");
        CHECK(e.column() == 4);
        CHECK(e.hint() == "did you mean nn.UpsamplingBilinear2d?");
    }
    SECTION("an unknown root name") {
        const auto e = parseError("upsampel(x, scale_factor=2)");
        CHECK(e.typeName() == "NameError");
        CHECK(std::string(e.what()) == "name 'upsampel' is not defined");
        CHECK(e.hint() == "did you mean F.upsample?");
    }
    SECTION("a PyTorch name that is not an upsampling call") {
        const auto e = parseError("nn.ConvTranspose2d(1, 1, 2)");
        CHECK(e.typeName() == "ParseError");
        CHECK(std::string(e.what()).find("not an upsampling call") != std::string::npos);
    }
    SECTION("syntax") {
        CHECK(parseError("F.interpolate(x, scale_factor=2").column() == 32);
        CHECK(parseError("F.interpolate(x, mode='bilinear)").typeName() == "SyntaxError");
        CHECK(parseError("").typeName() == "ParseError");
        CHECK(parseError("F.interpolate(x, scale_factor=2) + 1").column() == 34);
        CHECK(parseError("F.interpolate(x, scale_factor=2x)").typeName() == "SyntaxError");
    }
    SECTION("typographic quotes: the column counts characters, not bytes") {
        const auto e = parseError("F.interpolate(x, size=8, mode=\xE2\x80\x98nearest\xE2\x80\x99)");
        CHECK(e.column() == 31);
        CHECK(e.caretLines("") == "F.interpolate(x, size=8, mode=\xE2\x80\x98nearest\xE2\x80\x99)\n" +
                                      std::string(30, ' ') + "^");
    }
    SECTION("values the spec cannot hold") {
        CHECK(parseError("F.interpolate(x, size=8.0)").typeName() == "TypeError");
        CHECK_FALSE(parseError("F.interpolate(x, size=8.0)").isPythonText());
        CHECK(parseError("F.interpolate(x, scale_factor='2')").column() == 31);
        CHECK(parseError("F.interpolate(2, scale_factor=2)").column() == 15);
        CHECK(parseError("F.interpolate(x, size=99999999999999999999)").typeName() == "ParseError");
    }
    SECTION("applying a tensor-returning call") {
        CHECK(parseError("F.interpolate(x, scale_factor=2)(x)").column() == 33);
    }
}

// Deep nesting overflowed the parser's stack (a crash in the studio and upsample-cli): Python's
// tokenizer refuses a 201st open bracket, and a run of unary signs is read without recursion.
TEST_CASE("parser: nesting is bounded as in Python", "[parser]") {
    const std::string prefix = "F.interpolate(x, scale_factor=";
    SECTION("200 levels are read, the 201st bracket is refused") {
        // The call's own '(' is the first level.
        const ParsedCall ok = parseCall(prefix + std::string(199, '(') + "2" + std::string(199, ')') + ")");
        REQUIRE(ok.spec.scaleFactor.has_value());
        CHECK(ok.spec.scaleFactor->front() == 2.0);
        for (const char open : {'(', '['}) {
            const ParseError e = parseError(prefix + std::string(100000, open) + "2");
            CHECK(std::string(e.what()) == "too many nested parentheses");
            CHECK(e.typeName() == "SyntaxError");
            CHECK(e.isPythonText());
            CHECK(e.column() == prefix.size() + 200);
        }
        CHECK(parseError("F.interpolate(" + std::string(200, '[')).column() == 15 + 199);
    }
    SECTION("closing brackets give the levels back") {
        // 2 x 150 brackets opened, 152 levels at most.
        const std::string deep8 = std::string(150, '(') + "8" + std::string(150, ')');
        const std::string deep9 = std::string(150, '(') + "9" + std::string(150, ')');
        const ParsedCall ok = parseCall("F.interpolate(x, size=(" + deep8 + ", " + deep9 + "))");
        CHECK(*ok.spec.size == std::vector<int64_t>{8, 9});
    }
    SECTION("a long run of unary signs") {
        const ParsedCall even = parseCall("F.interpolate(x, size=" + std::string(100000, '-') + "8)");
        CHECK(*even.spec.size == std::vector<int64_t>{8});
        const ParsedCall mixed = parseCall("F.interpolate(x, scale_factor=-+-" + std::string(99999, '+') + "2.5)");
        CHECK(mixed.spec.scaleFactor->front() == 2.5);
        const ParseError e = parseError("F.interpolate(x, size=" + std::string(100000, '-') + "'a')");
        CHECK(std::string(e.what()) == "bad operand type for unary -: 'str'");
        CHECK(e.column() == 23 + 99999);
    }
}
