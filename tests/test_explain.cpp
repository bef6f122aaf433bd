// core/src/explain.cpp and seed_example.cpp: the shape explainer against real PyTorch (output
// shapes and exact errors of every golden call, and per output index the source coordinate
// PyTorch interpolates from, probed with a ramp), the scales and notes it reports, and the seed
// example pages.
#include "support/calls.hpp"

#include "upsample/backend.hpp"
#include "upsample/error.hpp"
#include "upsample/explain.hpp"
#include "upsample/format.hpp"

#include <catch2/catch.hpp>

#include <algorithm>
#include <cmath>

using namespace upsample;
using nlohmann::json;

namespace {
std::string allNotes(const Explanation& e) {
    std::string s;
    for (const auto& n : e.notes) s += n + "\n";
    return s;
}

bool mentions(const Explanation& e, const std::string& text) { return allNotes(e).find(text) != std::string::npos; }

Tensor seedInput(const std::string& name) {
    std::vector<float> v(16, 1.0f);
    if (name == "arange4x4")
        for (std::size_t i = 0; i < v.size(); ++i) v[i] = static_cast<float>(i);
    return Tensor::fromValues({1, 1, 4, 4}, v);
}

RunOptions cpuOneThread() {
    RunOptions o;
    o.backend = BackendKind::Cpu;
    o.threads = 1;
    return o;
}

// What a ramp (value = input index) becomes at output d: the weighted mean of the tap indices.
double rampValue(const CoordinateRow& r) {
    double v = 0;
    for (const auto& [i, w] : r.taps) v += static_cast<double>(i) * w;
    return v;
}
}  // namespace

TEST_CASE("explain: every golden call gives PyTorch's output shape or its exact error", "[explain][golden]") {
    int ok = 0, errors = 0;
    for (const auto& c : golden::callsDocument().at("calls")) {
        INFO(golden::describeCall(c));
        const Explanation e = explain(c.at("input_shape").get<Shape>(), c.at("call").get<std::string>(), golden::torchOf(c));
        if (c.at("error").is_null()) {
            REQUIRE(e.ok());
            CHECK(e.outputShape() == c.at("output_shape").get<Shape>());
            CHECK(e.dims.size() == e.outputShape().size() - 2);
            ++ok;
        } else {
            REQUIRE_FALSE(e.ok());
            CHECK(e.error->type == c.at("error").at("type").get<std::string>());
            CHECK(e.error->message == c.at("error").at("message").get<std::string>());
            CHECK(e.error->pythonText);
            ++errors;
        }
    }
    CHECK(ok >= 40);
    CHECK(errors >= 30);
}

TEST_CASE("explain: the tensor F.interpolate receives (unsqueeze applied)", "[explain][golden]") {
    for (const auto& c : golden::callsDocument().at("calls")) {
        if (c.at("interpolate_args").is_null()) continue;
        INFO(golden::describeCall(c));
        const Explanation e = explain(c.at("input_shape").get<Shape>(), c.at("call").get<std::string>(), golden::torchOf(c));
        CHECK(e.tensorShape == c.at("interpolate_args").at("tensor_shape").get<Shape>());
    }
}

TEST_CASE("explain: coordinate tables match PyTorch on a ramp, output by output", "[explain][golden]") {
    int probed = 0;
    for (const auto& c : golden::callsDocument().at("calls")) {
        if (c.at("probe").is_null()) continue;
        INFO(golden::describeCall(c));
        const Explanation e = explain(c.at("input_shape").get<Shape>(), c.at("call").get<std::string>(), golden::torchOf(c));
        REQUIRE(e.ok());
        const auto& probe = c.at("probe");
        REQUIRE(probe.size() == e.dims.size());
        for (std::size_t k = 0; k < e.dims.size(); ++k) {
            const auto expected = probe[k].get<std::vector<double>>();
            REQUIRE(e.dims[k].rows.size() == expected.size());
            for (std::size_t d = 0; d < expected.size(); ++d) {
                INFO("dim " << e.dims[k].name << ", output " << d);
                CHECK(rampValue(e.dims[k].rows[d]) == Approx(expected[d]).margin(1e-4));
            }
        }
        ++probed;
    }
    CHECK(probed >= 30);
}

TEST_CASE("explain: coordinate rows of a whole axis, beyond the explanation's table", "[explain]") {
    const auto e = explain({1, 1, 50, 50}, "F.interpolate(x, scale_factor=3, mode='bilinear')");
    REQUIRE(e.ok());
    REQUIRE(e.dims[1].rowsTruncated);
    const auto rows = coordinateRows(*e.resolved, 1, 1000);
    REQUIRE(rows.size() == 150);
    for (std::size_t d = 0; d < e.dims[1].rows.size(); ++d) {
        CHECK(rows[d].out == e.dims[1].rows[d].out);
        CHECK(rows[d].source == e.dims[1].rows[d].source);
        CHECK(rows[d].taps == e.dims[1].rows[d].taps);
    }
    // The last output of a 3x bilinear upsample sits past the last centre: clamped to input 49.
    CHECK(rows.back().source == Approx((149 + 0.5) / 3 - 0.5));
    CHECK(rows.back().taps.front().first == 49);
    CHECK(coordinateRows(*e.resolved, 0, 10).size() == 10);
    CHECK(coordinateRows(*e.resolved, 0, 0).empty());
}

TEST_CASE("explain: the scale the kernel uses, and why", "[explain]") {
    SECTION("scale_factor passed on: 1/scale_factor") {
        const auto e = explain({1, 1, 4, 4}, "nn.UpsamplingNearest2d(scale_factor=2)");
        CHECK(e.dims[0].sizeRule == "floor(4 · 2.0) = 8");
        CHECK(e.dims[0].coordinateScale == 0.5);
        CHECK(e.dims[0].scaleSource == "1/scale_factor");
        CHECK(e.dims[0].scaleFormula == "1/scale_factor = 1/2.0 = 0.5");
    }
    SECTION("align_corners: (in-1)/(out-1), scale_factor ignored") {
        const auto e = explain({1, 1, 4, 4}, "nn.UpsamplingBilinear2d(scale_factor=2)");
        CHECK(e.dims[1].coordinateScale == Approx(3.0 / 7.0));
        CHECK(e.dims[1].scaleSource == "(in-1)/(out-1)");
        CHECK(e.dims[1].scaleReason.find("nn.UpsamplingBilinear2d") != std::string::npos);
        CHECK(explain({1, 1, 4, 4}, "F.interpolate(x, size=1, mode='bilinear', align_corners=True)").dims[0].coordinateScale == 0);
    }
    SECTION("size given: in/out") {
        const auto e = explain({1, 1, 4, 4}, "F.interpolate(x, size=(6, 10), mode='bilinear')");
        CHECK(e.dims[0].sizeRule == "size[0] = 6");
        CHECK(e.dims[1].coordinateScale == Approx(0.4));
        CHECK(e.dims[1].scaleSource == "in/out");
    }
    SECTION("recompute: in/out, and the note on 1/s vs in/out") {
        const auto plain = explain({1, 1, 5}, "F.interpolate(x, scale_factor=1.7, mode='linear')");
        CHECK(plain.dims[0].sizeRule == "floor(5 · 1.7) = floor(8.5) = 8");
        CHECK(plain.dims[0].coordinateScale == Approx(1 / 1.7));
        CHECK(mentions(plain, "not in/out = 5/8 = 0.625"));
        const auto re = explain({1, 1, 5}, "F.interpolate(x, scale_factor=1.7, mode='linear', recompute_scale_factor=True)");
        CHECK(re.dims[0].coordinateScale == 0.625);
        CHECK(re.dims[0].scaleReason.find("recompute_scale_factor=True") != std::string::npos);
    }
    SECTION("floor of a product just below a whole number") {
        const auto e = explain({1, 1, 88}, "F.interpolate(x, scale_factor=1.3636363636363635)");
        CHECK(e.outputShape() == Shape{1, 1, 119});
        CHECK(mentions(e, "= 119.99999999999999 in double precision, so floor gives 119, not 120"));
    }
}

TEST_CASE("explain: a 3-D image tensor is (N, C, L)", "[explain]") {
    const auto e = explain({3, 512, 512}, "F.upsample(img, scale_factor=2)");
    CHECK(e.outputShape() == Shape{3, 512, 1024});
    CHECK(e.layout == "(N, C, L)");
    CHECK(mentions(e, "A 3-D tensor is read as (N, C, L) = (3, 512, 512)"));
    CHECK(mentions(e, "is not a 1024x1024 image"));
    CHECK(mentions(e, "F.upsample(img.unsqueeze(0), scale_factor=2) gives (1, 3, 1024, 1024)"));
    CHECK(mentions(e, "`nn.functional.upsample` is deprecated. Use `nn.functional.interpolate` instead."));
    const auto older = explain({3, 512, 512}, "F.upsample(img, scale_factor=2)", *allSemantics().back());
    CHECK(mentions(older, "warns: UserWarning: nn.functional.upsample is deprecated. Use nn.functional.interpolate instead."));
    const auto fixed = explain({3, 512, 512}, "F.upsample(img.unsqueeze(0), scale_factor=2)");
    CHECK(fixed.outputShape() == Shape{1, 3, 1024, 1024});
    CHECK(mentions(fixed, "img.unsqueeze(0) turns (3, 512, 512) into (1, 3, 512, 512)"));
}

TEST_CASE("explain: layout hints for misread shapes", "[explain]") {
    CHECK(mentions(explain({1, 512, 512, 3}, "nn.Upsample(scale_factor=2, mode='bilinear')"),
                   "x.permute(0, 3, 1, 2) is (1, 3, 512, 512)"));
    CHECK(mentions(explain({512, 512, 3}, "F.interpolate(x, scale_factor=2)"), "looks like an (H, W, C) image"));
    const auto flat = explain({4, 4}, "F.interpolate(x, scale_factor=2)");
    CHECK_FALSE(flat.ok());
    CHECK(mentions(flat, "F.interpolate(x.unsqueeze(0).unsqueeze(0), scale_factor=2) gives (1, 1, 8, 8)"));
    const auto bilinear3d = explain({1, 1, 4}, "F.interpolate(x, scale_factor=2, mode='bilinear')");
    CHECK(bilinear3d.error->message == "Got 3D input, but bilinear mode needs 4D input");
    CHECK(mentions(bilinear3d, "use 'linear'"));
    CHECK(mentions(explain({1, 1, 4}, "nn.UpsamplingNearest2d(scale_factor=2)(x)"), "Despite the 2d in its name"));
}

TEST_CASE("explain: module notes and deprecations", "[explain]") {
    const auto b = explain({1, 1, 4, 4}, "nn.UpsamplingBilinear2d(scale_factor=2)");
    CHECK(b.equivalentCall == "F.interpolate(x, scale_factor=2.0, mode='bilinear', align_corners=True)");
    CHECK(mentions(b, "is nn.Upsample(size, scale_factor, mode='bilinear', align_corners=True)"));
    CHECK(mentions(b, "deprecated in favour of nn.Upsample / F.interpolate"));
    const auto n = explain({1, 1, 4, 4}, "nn.UpsamplingNearest2d(scale_factor=2)");
    CHECK(mentions(n, "is nn.Upsample(size, scale_factor, mode='nearest')"));
    CHECK(mentions(n, "The text builds the module without applying it"));
    CHECK(mentions(explain({1, 1, 4, 4}, "nn.Upsample(scale_factor=2)(x)"), "nn.Upsample is not deprecated"));
    CHECK(mentions(explain({1, 1, 4, 4}, "F.interpolate(x, scale_factor=2, mode='bilinear')"),
                   "PyTorch uses align_corners=False for 'bilinear'"));
}

TEST_CASE("explain: errors in the text keep their column", "[explain]") {
    const auto e = explain({1, 1, 4, 4}, "F.interpolate(x, scale=2)");
    REQUIRE_FALSE(e.ok());
    CHECK(e.error->type == "TypeError");
    CHECK(e.error->column == std::optional<std::size_t>(18));
    CHECK(e.error->caret == "  F.interpolate(x, scale=2)\n                   ^^^^^");
    CHECK(formatExplanation(e).find("(column 18)") != std::string::npos);
    const auto idx = explain({1, 1, 4, 4}, "F.interpolate(x.unsqueeze(5), scale_factor=2)");
    CHECK(idx.error->type == "IndexError");
    CHECK(idx.error->column == std::optional<std::size_t>(15));
}

TEST_CASE("explain: the seed example pages print the live outputs, which match PyTorch's", "[explain][seed][golden]") {
    for (const auto& example : golden::callsDocument().at("seed")) {
        const std::string name = example.at("example").get<std::string>();
        INFO(name);
        const std::string page = seedExamplePage(name);
        CHECK(page.find(example.at("input_repr").get<std::string>()) != std::string::npos);
        for (const auto& out : example.at("outputs")) {
            const std::string call = out.at("call").get<std::string>();
            INFO(call);
            CHECK(page.find("== " + call + " ==") != std::string::npos);
            const Tensor torch = golden::tensorFromJson(out.at("tensor"));
            const Explanation e = explain({1, 1, 4, 4}, call, golden::torchOf(example));
            REQUIRE(e.ok());
            const Tensor ours = interpolate(seedInput(name), *e.resolved, cpuOneThread());
            CHECK(page.find(formatTorch(ours)) != std::string::npos);
            REQUIRE(ours.shape() == torch.shape());
            bool identical = true;
            for (int64_t i = 0; i < ours.numel(); ++i) {
                CHECK(ours.at(i) == Approx(torch.at(i)).margin(1e-6));
                identical = identical && ours.at(i) == torch.at(i);
            }
            if (call.find("Nearest") != std::string::npos) CHECK(identical);  // nearest is bit-exact
            if (identical) CHECK(page.find(out.at("repr").get<std::string>()) != std::string::npos);
        }
    }
}

TEST_CASE("explain: the seed example's claims against the computed facts", "[explain][seed]") {
    const std::string ones = seedExamplePage("ones4x4");
    CHECK(ones.find("\"nn.UpsamplingNearest2d(scale_factor=2) leaves a 4x4 result.\"\n"
                    "     -> Wrong: the computed output is (1, 1, 8, 8)") != std::string::npos);
    CHECK(ones.find("\"nn.UpsamplingBilinear2d(scale_factor=2) gives a 6x6 result.\"\n"
                    "     -> Wrong: the computed output is (1, 1, 8, 8)") != std::string::npos);
    CHECK(ones.find("Wrong for this input: the two outputs agree, every value 1 (to float rounding).") != std::string::npos);
    CHECK(ones.find("Where the modes differ") == std::string::npos);
    CHECK(ones.find("    1   0.4286  in[0]·0.5714 + in[1]·0.4286\n") != std::string::npos);
    CHECK(ones.find("    7   3.5000  in[3]\n") != std::string::npos);
    const std::string ramp = seedExamplePage("arange4x4");
    CHECK(ramp.find("Here the modes do differ: at 60 of 64 positions") != std::string::npos);
    CHECK(ramp.find("== Where the modes differ: bilinear − nearest ==") != std::string::npos);
    CHECK(ramp.find("Right: input corners 0, 15; output corners 0, 15") != std::string::npos);
    CHECK(seedExampleNames() == std::vector<std::string>{"ones4x4", "arange4x4"});
    CHECK_THROWS_AS(seedExamplePage("zeros"), UsageError);
}

TEST_CASE("explain: size pitfalls flagged on hand-checked cases, not on clean ones", "[explain][pitfalls]") {
    auto pitfalls = [](const char* call) {
        const Explanation e = explain({1, 1, 5, 5}, call);
        REQUIRE(e.ok());
        return e;
    };
    SECTION("floor, not round: 5 · 1.5 = 7.5 gives 7; size=8 gives 8") {
        const Explanation e = pitfalls("nn.Upsample(scale_factor=1.5, mode='nearest')");
        REQUIRE(e.sizePitfalls.size() == 2);  // H and W
        const SizePitfall& w = e.sizePitfalls[1];
        CHECK(w.dim == "W");
        CHECK(w.kind == "floor-not-round");
        CHECK(w.sizes == std::vector<int64_t>{8});
        CHECK(w.note == "In dim W, 5 · 1.5 = 7.5: the size is floor, not round, so it is 7, not 8. For 8 pass size=8 "
                        "(the kernel then maps coordinates by 5/8).");
        CHECK(std::find(e.notes.begin(), e.notes.end(), w.note) != e.notes.end());
    }
    SECTION("align_corners=True: size=8 maps coordinates by (5−1)/(8−1) = 4/7, not 5/8") {
        const Explanation e = explain({1, 1, 5}, "F.interpolate(x, scale_factor=1.5, mode='linear', align_corners=True)");
        REQUIRE(e.ok());
        REQUIRE(e.sizePitfalls.size() == 2);  // and 5 → 7 misses input pixels (align-corners-grid)
        const SizePitfall& l = e.sizePitfalls[0];
        CHECK(l.kind == "floor-not-round");
        CHECK(l.note == "In dim L, 5 · 1.5 = 7.5: the size is floor, not round, so it is 7, not 8. For 8 pass size=8 "
                        "(the kernel then maps coordinates by (5−1)/(8−1) = 4/7, as align_corners=True).");
        // What the kernel really does with size=8 and align_corners=True: 4/7.
        const Explanation s = explain({1, 1, 5}, "F.interpolate(x, size=8, mode='linear', align_corners=True)");
        REQUIRE(s.ok());
        CHECK(s.dims[0].coordinateScale == Approx(4.0 / 7.0));
        // nearest has no align_corners: in/out stays.
        const Explanation n = explain({1, 1, 5}, "F.interpolate(x, scale_factor=1.5, mode='nearest')");
        REQUIRE(n.sizePitfalls.size() == 1);
        CHECK(n.sizePitfalls[0].note.find("maps coordinates by 5/8)") != std::string::npos);
    }
    SECTION("5 · 2 = 10 and 5 · 1.3 = 6.5 → 6 (flagged), 5 · 1.2 = 6 (not)") {
        CHECK(pitfalls("nn.Upsample(scale_factor=2, mode='nearest')").sizePitfalls.empty());
        CHECK(pitfalls("nn.Upsample(scale_factor=1.2, mode='bilinear')").sizePitfalls.empty());
        CHECK(pitfalls("nn.Upsample(scale_factor=1.3, mode='bilinear')").sizePitfalls.size() == 2);
        CHECK(pitfalls("nn.Upsample(size=10, mode='nearest')").sizePitfalls.empty());
    }
    SECTION("align_corners=True: 5 → 8 misses input pixels (5 or 9 would not), 5 → 9 keeps all") {
        const Explanation e = pitfalls("F.interpolate(x, size=(5, 8), mode='bilinear', align_corners=True)");
        REQUIRE(e.sizePitfalls.size() == 1);
        const SizePitfall& w = e.sizePitfalls[0];
        CHECK(w.dim == "W");
        CHECK(w.kind == "align-corners-grid");
        CHECK(w.sizes == std::vector<int64_t>{5, 9});
        CHECK(w.note.find("5 → 8: input pixels are 1.75 output pixels apart") != std::string::npos);
        CHECK(w.note.find("5 or 9") != std::string::npos);
        CHECK(pitfalls("F.interpolate(x, size=9, mode='bilinear', align_corners=True)").sizePitfalls.empty());
        CHECK(pitfalls("F.interpolate(x, size=13, mode='bicubic', align_corners=True)").sizePitfalls.empty());
        // The same sizes without align_corners say nothing about the grid.
        CHECK(pitfalls("F.interpolate(x, size=8, mode='bilinear')").sizePitfalls.empty());
        // nn.UpsamplingBilinear2d(scale_factor=2) on 5: 10, not (5−1)·k+1.
        const Explanation m = pitfalls("nn.UpsamplingBilinear2d(scale_factor=2)");
        REQUIRE(m.sizePitfalls.size() == 2);
        CHECK(m.sizePitfalls[0].sizes == std::vector<int64_t>{9, 13});
    }
}

TEST_CASE("explain without the version comparison: the same explanation, no version lines") {
    using namespace upsample;
    const Shape shape{1, 1, 5, 9};
    const std::string call = "F.interpolate(x, size=(3, 1), mode='bilinear', antialias=True)";
    const Explanation full = explain(shape, call);
    const Explanation lean = explain(shape, call, defaultSemantics(), false);
    REQUIRE(full.ok());
    REQUIRE(lean.ok());
    CHECK_FALSE(full.versions.empty());  // 2.14's one-column antialias differs from 1.13's
    CHECK(lean.versions.empty());
    CHECK(lean.notes == full.notes);
    REQUIRE(lean.dims.size() == full.dims.size());
    CHECK(lean.dims[1].coordinateRule == full.dims[1].coordinateRule);
}
