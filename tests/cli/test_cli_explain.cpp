// app/cli/explain.cpp: the built upsample-cli binary, run as a user runs it.
#include "../support/calls.hpp"
#include "../support/process.hpp"

#include "upsample/backend.hpp"
#include "upsample/npy.hpp"

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include <cstdio>
#include <string>
#include <vector>

using nlohmann::json;

namespace {
struct Result {
    int status = -1;
    std::string out;
};

// Runs upsample-cli with the arguments; stdout (and stderr after it when mergeStderr) comes back.
Result cli(const std::vector<std::string>& args, bool mergeStderr = false) {
    std::vector<std::string> argv = {UPSAMPLE_CLI};
    argv.insert(argv.end(), args.begin(), args.end());
    const auto r = testproc::run(argv);
    return {r.exitCode, mergeStderr ? r.out + r.err : r.out};
}

json explainJson(const std::string& shape, const std::string& call) {
    const Result r = cli({"explain", "--input-shape", shape, "--call", call, "--json"});
    INFO(r.out);
    return json::parse(r.out);
}
}  // namespace

TEST_CASE("cli explain: both seed modules give [1, 1, 8, 8] (--json)", "[cli]") {
    for (const char* call : {"nn.UpsamplingNearest2d(scale_factor=2)", "nn.UpsamplingBilinear2d(scale_factor=2)"}) {
        INFO(call);
        const Result r = cli({"explain", "--input-shape", "1,1,4,4", "--call", call, "--json"});
        CHECK(r.status == 0);
        CHECK(r.out.find("\"output_shape\": [1, 1, 8, 8]") != std::string::npos);
        const json j = json::parse(r.out);
        CHECK(j.at("output_shape") == json::array({1, 1, 8, 8}));
        CHECK(j.at("error").is_null());
    }
}

TEST_CASE("cli explain: the JSON fields", "[cli]") {
    const json b = explainJson("1,1,4,4", "nn.UpsamplingBilinear2d(scale_factor=2)");
    CHECK(b.at("mode") == "bilinear");
    CHECK(b.at("align_corners") == true);
    CHECK(b.at("function") == "nn.UpsamplingBilinear2d");
    CHECK(b.at("deprecated") == true);
    REQUIRE(b.at("scales").size() == 2);
    CHECK(b.at("scales")[0].get<double>() == Approx(3.0 / 7.0));
    CHECK(b.at("scales_meaning").get<std::string>().find("coordinate scale") != std::string::npos);
    CHECK(b.at("dims")[0].at("size_rule") == "floor(4 · 2.0) = 8");
    CHECK(b.at("dims")[0].at("scale_source") == "(in-1)/(out-1)");
    CHECK(b.at("notes").is_array());
    CHECK_FALSE(b.at("notes").empty());
    CHECK_FALSE(b.at("dims")[0].contains("coordinates"));

    const json n = explainJson("1,1,4,4", "nn.UpsamplingNearest2d(scale_factor=2)");
    CHECK(n.at("mode") == "nearest");
    CHECK(n.at("align_corners").is_null());  // nearest has no align_corners
    CHECK(n.at("scales") == json::array({0.5, 0.5}));

    const json f = explainJson("1,1,5", "F.interpolate(x, scale_factor=1.7, mode='linear', recompute_scale_factor=True)");
    CHECK(f.at("recompute_scale_factor") == true);
    CHECK(f.at("scales") == json::array({0.625}));
    CHECK(f.at("dims")[0].at("scale_factor") == 1.7);
    CHECK(f.at("dims")[0].at("scale_passed_to_kernel").is_null());

    const Result withTable = cli({"explain", "--input-shape", "1,1,4", "--call", "F.interpolate(x, size=8)", "--json",
                                  "--coordinates"});
    const json t = json::parse(withTable.out);
    REQUIRE(t.at("dims")[0].at("coordinates").size() == 8);
    CHECK(t.at("dims")[0].at("coordinates")[3].at("index") == json::array({1}));
}

TEST_CASE("cli explain: an invalid call reports PyTorch's message and fails", "[cli]") {
    const Result r = cli({"explain", "--input-shape", "1,1,4,4", "--call",
                          "nn.Upsample(scale_factor=2, mode='nearest', align_corners=True)", "--json"});
    CHECK(r.status == 1);
    const json j = json::parse(r.out);
    CHECK(j.at("output_shape").is_null());
    CHECK(j.at("error") == "align_corners option can only be set with the interpolating modes: "
                           "linear | bilinear | bicubic | trilinear");
    CHECK(j.at("error_type") == "ValueError");

    const json p = json::parse(cli({"explain", "--input-shape", "1,1,4,4", "--call", "F.interpolate(x, scale=2)", "--json"}).out);
    CHECK(p.at("error") == "interpolate() got an unexpected keyword argument 'scale'");
    CHECK(p.at("error_type") == "TypeError");
    CHECK(p.at("error_column") == 18);

    const Result text = cli({"explain", "--input-shape", "1,1,4", "--call", "nn.UpsamplingBilinear2d(scale_factor=2)(x)"});
    CHECK(text.status == 1);
    CHECK(text.out.find("Error:  NotImplementedError: Got 3D input, but bilinear mode needs 4D input\n") != std::string::npos);
}

TEST_CASE("cli explain: every golden error comes out word for word", "[cli][golden]") {
    int n = 0;
    for (const auto& c : golden::callsDocument().at("calls")) {
        if (c.at("error").is_null() || n >= 24) continue;  // a sample: the explainer tests cover them all
        INFO(golden::describeCall(c));
        std::string shape;
        for (const auto& d : c.at("input_shape")) shape += (shape.empty() ? "" : ",") + std::to_string(d.get<int64_t>());
        const Result r = cli({"explain", "--input-shape", shape, "--call", c.at("call").get<std::string>(), "--torch",
                              c.at("torch").get<std::string>(), "--json"});
        CHECK(r.status == 1);
        CHECK(json::parse(r.out).at("error") == c.at("error").at("message"));
        ++n;
    }
    CHECK(n == 24);
}

TEST_CASE("cli explain: a 3-D image tensor upsampled with F.upsample", "[cli]") {
    const Result r = cli({"explain", "--input-shape", "3,512,512", "--call", "F.upsample(x, scale_factor=2)"});
    CHECK(r.status == 0);
    CHECK(r.out.find("Output: (3, 512, 1024)\n") != std::string::npos);
    CHECK(r.out.find("read as (N, C, L) = (3, 512, 512)") != std::string::npos);
    CHECK(r.out.find("is not a 1024x1024 image") != std::string::npos);
    CHECK(r.out.find("F.upsample(x.unsqueeze(0), scale_factor=2) gives (1, 3, 1024, 1024)") != std::string::npos);
    CHECK(r.out.find("F.upsample is deprecated in favour of F.interpolate") != std::string::npos);
}

TEST_CASE("cli explain: the size note with align_corners=True maps by (in-1)/(out-1)", "[cli]") {
    const Result r = cli({"explain", "--input-shape", "1,1,5", "--call",
                          "F.interpolate(x, scale_factor=1.5, mode='linear', align_corners=True)"});
    CHECK(r.status == 0);
    INFO(r.out);
    CHECK(r.out.find("For 8 pass size=8 (the kernel then maps coordinates by (5−1)/(8−1) = 4/7, as align_corners=True)") !=
          std::string::npos);
    CHECK(r.out.find("maps coordinates by 5/8") == std::string::npos);
}

TEST_CASE("cli explain: the seed example pages", "[cli]") {
    const Result ones = cli({"explain", "--example", "ones4x4"});
    CHECK(ones.status == 0);
    CHECK(ones.out.find("tensor([[[[1., 1., 1., 1., 1., 1., 1., 1.],") != std::string::npos);
    CHECK(ones.out.find("Claims you may have read") != std::string::npos);
    const Result ramp = cli({"explain", "--example", "arange4x4"});
    CHECK(ramp.status == 0);
    CHECK(ramp.out.find("Where the modes differ") != std::string::npos);
    CHECK(cli({"explain", "--example", "zeros"}).status != 0);
}

TEST_CASE("cli explain: usage errors", "[cli]") {
    const Result missing = cli({"explain", "--call", "F.interpolate(x, scale_factor=2)"}, true);
    CHECK(missing.status == 2);
    CHECK(missing.out.find("--input-shape and --call are required") != std::string::npos);
    CHECK(cli({"explain", "--input-shape", "1,x,4", "--call", "F.interpolate(x, size=2)"}).status == 2);
    CHECK(cli({"explain", "--input-shape", "(1, 1, 4)", "--call", "F.interpolate(x, size=2)"}).status == 0);
    const Result help = cli({"explain", "--help"});
    CHECK(help.status == 0);
    CHECK(help.out.find("usage: upsample-cli explain") != std::string::npos);
    CHECK(cli({"--help"}).out.find("explain --input-shape") != std::string::npos);
}

TEST_CASE("cli explain: the ONNX export (--json onnx)", "[cli]") {
    const json b = explainJson("1,1,4,4", "F.interpolate(x, scale_factor=2, mode='bilinear')");
    const json& o = b.at("onnx");
    CHECK(o.at("exportable") == true);
    CHECK(o.at("op") == "Resize");
    CHECK(o.at("attributes").at("coordinate_transformation_mode") == "half_pixel");
    CHECK(o.at("attributes").at("mode") == "linear");
    CHECK(o.at("attributes").at("cubic_coeff_a") == -0.75);
    CHECK(o.at("attributes").at("nearest_mode") == "floor");
    CHECK(o.at("inputs").at("scales") == json::array({1.0, 1.0, 2.0, 2.0}));
    CHECK(o.at("max_abs_diff").get<double>() < 1e-5);
    CHECK(o.at("differing") == 0);
    CHECK(o.at("note").get<std::string>().find("reproduces PyTorch") != std::string::npos);

    const json e = explainJson("1,1,4,4", "F.interpolate(x, scale_factor=2, mode='nearest-exact')");
    CHECK(e.at("onnx").at("exportable") == false);
    CHECK(e.at("onnx").at("attributes").empty());
    CHECK(e.at("onnx").at("max_abs_diff").is_null());
    CHECK(e.at("onnx").at("error_type") == "UnsupportedOperatorError");
    CHECK(e.at("onnx").at("note").get<std::string>().find("'aten::_upsample_nearest_exact2d' to ONNX opset version 16 is not "
                                                        "supported") != std::string::npos);

    // a real difference, and where it occurs: out == in, PyTorch copies, half_pixel at 1/1.1 interpolates
    const json d = explainJson("1,1,3,3", "F.interpolate(x, scale_factor=1.1, mode='bilinear')");
    CHECK(d.at("onnx").at("differing").get<int>() > 0);
    CHECK(d.at("onnx").at("max_abs_diff_at").size() == 4);
    CHECK(d.at("onnx").at("note").get<std::string>().find("differs from PyTorch") != std::string::npos);
    // the output shape differs: floor(10 · float32(0.7)) = 6, PyTorch's floor(10 · 0.7) = 7
    const json s = explainJson("1,1,10,10", "F.interpolate(x, scale_factor=0.7, mode='nearest')");
    CHECK(s.at("onnx").at("output_shape") == json::array({1, 1, 6, 6}));
    CHECK(s.at("onnx").at("max_abs_diff").is_null());
    CHECK(explainJson("1,1,4,4", "F.interpolate(x, scale_factor=-2, mode='nearest')").at("onnx").is_null());
    CHECK(explainJson("1,1,4,6", "F.interpolate(x, size=(2, 3), mode='area')").at("onnx").at("attributes").at("kernel_shape") ==
          json::array({2, 2}));
}

TEST_CASE("cli explain: an antialiased call's opset-18 export (--json onnx_opset18, and the text)", "[cli]") {
    const json a = explainJson("1,1,16,12", "F.interpolate(x, size=(4, 5), mode='bicubic', antialias=True)");
    CHECK(a.at("onnx").at("exportable") == false);
    CHECK(a.at("onnx").at("note").get<std::string>().find("writes it at opset 18") != std::string::npos);
    const json& o = a.at("onnx_opset18");
    CHECK(o.at("exportable") == true);
    CHECK(o.at("attributes").at("antialias") == 1);
    CHECK(o.at("attributes").at("exclude_outside") == 1);
    CHECK(o.at("attributes").at("cubic_coeff_a") == -0.5);
    CHECK(o.at("attributes").at("mode") == "cubic");
    CHECK(o.at("inputs").at("sizes") == json::array({1, 1, 4, 5}));
    CHECK(o.at("differing") == 0);
    CHECK(o.at("max_abs_diff").get<double>() < 1e-4);
    // the scale_factor does not reach the node: 1/0.3 in PyTorch, 16/4 in the export
    const json d = explainJson("1,1,16,16", "F.interpolate(x, scale_factor=0.3, mode='bilinear', antialias=True)");
    CHECK(d.at("onnx_opset18").at("differing").get<int>() == 16);
    CHECK(explainJson("1,1,4,4", "F.interpolate(x, scale_factor=2, mode='bilinear')").at("onnx_opset18").is_null());
    const Result text = cli({"explain", "--input-shape", "1,1,8,8", "--call", "F.interpolate(x, scale_factor=0.5, mode='bilinear', antialias=True)"});
    CHECK(text.status == 0);
    CHECK(text.out.find("opset 18):\n  Resize(X, sizes=[1, 1, 4, 4], mode='linear', coordinate_transformation_mode='half_pixel', "
                        "exclude_outside=1, antialias=1)\n  opset 18: the exported Resize reproduces PyTorch") != std::string::npos);
}

TEST_CASE("cli explain: size pitfalls and, with --input FILE, the overshoot (--json)", "[cli]") {
    const json p = explainJson("1,1,5,5", "nn.Upsample(scale_factor=1.5)");
    REQUIRE(p.at("size_pitfalls").size() == 2);
    CHECK(p.at("size_pitfalls")[1].at("kind") == "floor-not-round");
    CHECK(p.at("size_pitfalls")[1].at("sizes") == json::array({8}));
    CHECK(explainJson("1,1,5,5", "nn.Upsample(scale_factor=2)").at("size_pitfalls").empty());
    const json ac = explainJson("1,1,5,5", "F.interpolate(x, size=8, mode='bilinear', align_corners=True)");
    REQUIRE(ac.at("size_pitfalls").size() == 2);
    CHECK(ac.at("size_pitfalls")[0].at("sizes") == json::array({5, 9}));
    CHECK(explainJson("1,1,5,5", "F.interpolate(x, size=9, mode='bilinear', align_corners=True)")
              .at("size_pitfalls")
              .empty());

    // A step edge through bicubic x2: the values outside [0, 1], counted here directly.
    const std::string path = "cli_explain_step.npy";
    std::vector<float> step;
    for (int y = 0; y < 6; ++y)
        for (int x = 0; x < 6; ++x) step.push_back(x < 3 ? 0.0f : 1.0f);
    const upsample::Tensor in = upsample::Tensor::fromValues({1, 1, 6, 6}, step);
    upsample::writeNpy(path, in);
    upsample::Spec spec;
    spec.mode = upsample::Mode::Bicubic;
    spec.scaleFactor = std::vector<double>{2.0};
    const upsample::Tensor out = upsample::interpolate(in, spec);
    int64_t below = 0, above = 0;
    for (int64_t i = 0; i < out.numel(); ++i) {
        below += out.at(i) < 0;
        above += out.at(i) > 1;
    }
    const Result r = cli({"explain", "--input", path, "--call", "nn.Upsample(scale_factor=2, mode='bicubic')", "--json"});
    std::remove(path.c_str());
    INFO(r.out);
    REQUIRE(r.status == 0);
    const json j = json::parse(r.out);
    CHECK(j.at("input_shape") == json::array({1, 1, 6, 6}));
    const json& o = j.at("overshoot");
    REQUIRE(below > 0);
    CHECK(o.at("below") == below);
    CHECK(o.at("above") == above);
    CHECK(o.at("outside") == below + above);
    CHECK(o.at("input_min") == 0);
    CHECK(o.at("input_max") == 1);
    CHECK(o.at("cubic_a") == -0.75);
    CHECK(o.at("finite_outputs") == 144);
    // Without a file there is no overshoot field; both shape sources at once are refused.
    CHECK_FALSE(explainJson("1,1,6,6", "nn.Upsample(scale_factor=2)").contains("overshoot"));
    CHECK(cli({"explain", "--input", path, "--input-shape", "1,1,6,6", "--call", "nn.Upsample(scale_factor=2)"}).status == 2);
}
