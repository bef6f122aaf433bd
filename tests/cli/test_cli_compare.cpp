// upsample-cli compare and resize --convention, run as a user runs them.
#include "../support/golden.hpp"
#include "../support/library_golden.hpp"
#include "../support/process.hpp"

#include "upsample/call_parser.hpp"
#include "upsample/conventions.hpp"
#include "upsample/npy.hpp"

#include <catch2/catch.hpp>
#include <algorithm>
#include <cmath>
#include <nlohmann/json.hpp>

using namespace upsample;
using nlohmann::json;
using testproc::TempDir;

namespace {
testproc::Result cli(std::vector<std::string> args) {
    args.insert(args.begin(), UPSAMPLE_CLI);
    return testproc::run(args);
}

// The lines of the compare table, by library name.
std::map<std::string, std::string> tableLines(const std::string& out) {
    std::map<std::string, std::string> m;
    std::istringstream is(out);
    std::string line;
    while (std::getline(is, line))
        for (const char* lib : {"pytorch ", "opencv ", "pillow ", "onnx ", "skimage ", "torchvision "})
            if (line.rfind(lib, 0) == 0) m[std::string(lib, std::strlen(lib) - 1)] = line;
    return m;
}
}  // namespace

TEST_CASE("cli compare: one line per library with the call, verdict, max |diff| and differing elements", "[cli]") {
    TempDir dir;
    writeNpy(dir.file("x.npy"), probeInput({1, 3, 5, 7}));
    const auto r = cli({"compare", dir.file("x.npy"), "--mode", "nearest", "--size", "8,9"});
    INFO(r.out << r.err);
    REQUIRE(r.exitCode == 0);
    CHECK(r.out.rfind("input (1, 3, 5, 7) float32 -> (1, 3, 8, 9)\n", 0) == 0);
    const auto lines = tableLines(r.out);
    REQUIRE(lines.size() == 6);
    CHECK(lines.at("pytorch").find("F.interpolate(x, size=(8, 9), mode='nearest')") != std::string::npos);
    CHECK(lines.at("torchvision").find("v2.functional.resize(img, [8, 9], interpolation=InterpolationMode.NEAREST)") !=
          std::string::npos);
    CHECK(lines.at("torchvision").find("identical") != std::string::npos);
    CHECK(lines.at("skimage").find("skimage.transform.resize(img, (8, 9), order=0, mode='reflect', anti_aliasing=False)") !=
          std::string::npos);
    CHECK(lines.at("skimage").find("differs") != std::string::npos);
    CHECK(lines.at("opencv").find("cv2.resize(img, (9, 8), interpolation=cv2.INTER_NEAREST)") != std::string::npos);
    CHECK(lines.at("opencv").find("identical") != std::string::npos);
    CHECK(lines.at("opencv").find("0/216") != std::string::npos);
    CHECK(lines.at("pillow").find("img.resize((9, 8), Image.Resampling.NEAREST)") != std::string::npos);
    CHECK(lines.at("pillow").find("differs") != std::string::npos);
    CHECK(lines.at("onnx").find("mode='nearest', coordinate_transformation_mode='asymmetric', nearest_mode='floor'") !=
          std::string::npos);
    CHECK(r.out.find("notes:\n  pillow: Pillow's NEAREST samples pixel centres") != std::string::npos);
}

TEST_CASE("cli compare: --json carries the same numbers as the core", "[cli]") {
    TempDir dir;
    const Tensor x = probeInput({1, 2, 6, 5});
    writeNpy(dir.file("x.npy"), x);
    const auto r = cli({"compare", dir.file("x.npy"), "--mode", "bicubic", "--size", "9,7", "--json"});
    INFO(r.out << r.err);
    REQUIRE(r.exitCode == 0);
    const json j = json::parse(r.out);
    CHECK(j.at("call") == "F.interpolate(x, size=(9, 7), mode='bicubic')");
    CHECK(j.at("output_shape") == json::array({1, 2, 9, 7}));
    const auto want = closestCalls(parseCall("F.interpolate(x, size=(9, 7), mode='bicubic')").spec, x);
    REQUIRE(j.at("libraries").size() == want.size());
    for (std::size_t i = 0; i < want.size(); ++i) {
        const json& l = j.at("libraries")[i];
        CHECK(l.at("library") == std::string(libraryName(want[i].library)));
        CHECK(l.at("verdict") == std::string(verdictName(want[i].verdict)));
        if (want[i].code.empty()) {  // no equivalent: no call, no numbers
            CHECK(l.at("code").is_null());
            CHECK(l.at("max_abs_diff").is_null());
            continue;
        }
        CHECK(l.at("code") == want[i].code);
        CHECK(l.at("max_abs_diff").get<double>() == *want[i].maxAbsDiff);
        CHECK(l.at("differing") == want[i].differing);
    }
    CHECK(j.at("libraries")[1].at("verdict") == "identical");  // INTER_CUBIC is PyTorch's bicubic
    CHECK(j.at("libraries")[2].at("verdict") == "differs");    // BICUBIC uses a = -0.5
}

TEST_CASE("cli compare: PSNR against PyTorch with the studio's peak rule, stated", "[cli]") {
    TempDir dir;
    const Tensor x = probeInput({1, 2, 6, 5});
    writeNpy(dir.file("x.npy"), x);
    double lo = x.at(0), hi = x.at(0);
    for (int64_t i = 0; i < x.numel(); ++i) {
        lo = std::min(lo, x.at(i));
        hi = std::max(hi, x.at(i));
    }
    const auto r = cli({"compare", dir.file("x.npy"), "--mode", "bicubic", "--size", "9,7", "--json"});
    INFO(r.out << r.err);
    REQUIRE(r.exitCode == 0);
    const json j = json::parse(r.out);
    CHECK(j.at("psnr_peak").get<double>() == hi - lo);  // the input's range, not the reference's
    CHECK(j.at("psnr_peak_rule") == "the input's range, max − min");
    // Pillow's BICUBIC (a = -0.5) differs: 20 log10(peak / RMSE) over its values against PyTorch's.
    const auto calls = closestCalls(parseCall("F.interpolate(x, size=(9, 7), mode='bicubic')").spec, x, true);
    REQUIRE(calls[2].output);
    double sq = 0;
    for (int64_t i = 0; i < calls[0].output->numel(); ++i) {
        const double d = calls[2].output->at(i) - calls[0].output->at(i);
        sq += d * d;
    }
    const double rmse = std::sqrt(sq / static_cast<double>(calls[0].output->numel()));
    CHECK(j.at("libraries")[2].at("psnr").get<double>() == Approx(20 * std::log10((hi - lo) / rmse)));
    CHECK(j.at("libraries")[0].at("psnr").is_null());      // PyTorch against itself: infinite
    CHECK(j.at("libraries")[1].at("psnr").get<double>() > 100);  // INTER_CUBIC: identical to float rounding
    const auto text = cli({"compare", dir.file("x.npy"), "--mode", "bicubic", "--size", "9,7"});
    CHECK(text.out.find("PSNR against PyTorch, peak ") != std::string::npos);
    CHECK(text.out.find(": the input's range, max − min (the studio's A/B compare uses the same rule)") != std::string::npos);
    CHECK(tableLines(text.out).at("pillow").find(" dB") != std::string::npos);
}

TEST_CASE("cli compare: 3-D data and usage errors", "[cli]") {
    TempDir dir;
    writeNpy(dir.file("v.npy"), probeInput({1, 1, 3, 4, 5}));
    const auto r = cli({"compare", dir.file("v.npy"), "--mode", "trilinear", "--scale", "2"});
    REQUIRE(r.exitCode == 0);
    const auto lines = tableLines(r.out);
    CHECK(lines.at("opencv").find("(none)") != std::string::npos);
    CHECK(lines.at("opencv").find("no equivalent") != std::string::npos);
    CHECK(lines.at("onnx").find("identical") != std::string::npos);
    CHECK(cli({"compare", dir.file("v.npy")}).exitCode == 2);  // --mode required
    const auto bad = cli({"compare", dir.file("v.npy"), "--mode", "bilinear", "--scale", "2"});
    CHECK(bad.exitCode == 1);  // PyTorch's own error for a 5-D bilinear input
    CHECK(bad.err.find("NotImplementedError") != std::string::npos);
}

TEST_CASE("cli resize --convention: each library's own options, the core's numbers", "[cli]") {
    TempDir dir;
    const Tensor x = probeInput({1, 2, 5, 7});
    writeNpy(dir.file("x.npy"), x);
    struct C {
        std::vector<std::string> opts;
        Tensor want;
    };
    OpenCvResize cv;
    cv.interpolation = CvInterpolation::Cubic;
    cv.dsize = std::make_pair(9, 4);
    OpenCvResize fx;
    fx.interpolation = CvInterpolation::Lanczos4;
    fx.fx = 1.7;
    fx.fy = 0.6;
    OnnxResize ox;
    ox.mode = OnnxMode::Cubic;
    ox.coordinateTransformationMode = OnnxCoordinateTransform::AlignCorners;
    ox.cubicCoeffA = -0.5;
    ox.excludeOutside = true;
    ox.scales = {1.f, 1.f, 1.5f, 0.6f};
    OnnxResize crop;
    crop.mode = OnnxMode::Linear;
    crop.coordinateTransformationMode = OnnxCoordinateTransform::TfCropAndResize;
    crop.sizes = {1, 2, 3, 3};
    crop.roi = {0, 0, 0.2f, 0.1f, 1, 1, 0.9f, 1.2f};
    crop.extrapolationValue = 7;
    const std::vector<C> cases = {
        {{"--convention", "opencv", "--interpolation", "INTER_CUBIC", "--dsize", "9,4"}, resizeOpenCv(x, cv)},
        {{"--convention", "opencv", "--interpolation", "cv2.INTER_LANCZOS4", "--fx", "1.7", "--fy", "0.6"}, resizeOpenCv(x, fx)},
        {{"--convention", "pillow", "--resample", "HAMMING", "--size", "4,9"}, resizePillow(x, {PilResample::Hamming, 4, 9})},
        {{"--convention", "onnx", "--mode", "cubic", "--coordinate-transformation-mode", "align_corners", "--cubic-coeff-a",
          "-0.5", "--exclude-outside", "--scales", "1.5,0.6"},
         resizeOnnx(x, ox)},
        {{"--convention", "onnx", "--mode", "linear", "--coordinate-transformation-mode", "tf_crop_and_resize", "--sizes",
          "3,3", "--roi", "0.2,0.1,0.9,1.2", "--extrapolation-value", "7"},
         resizeOnnx(x, crop)},
        {{"--convention", "onnx", "--mode", "nearest", "--nearest-mode", "ceil", "--sizes", "1,2,8,3"},
         [&] {
             OnnxResize n;
             n.nearestMode = OnnxNearestMode::Ceil;
             n.sizes = {1, 2, 8, 3};
             return resizeOnnx(x, n);
         }()},
        {{"--convention", "onnx", "--opset", "18", "--mode", "cubic", "--antialias", "--axes", "3,2",
          "--keep-aspect-ratio-policy", "not_larger", "--sizes", "3,4"},
         [&] {
             OnnxResize n;
             n.opset = 18;
             n.mode = OnnxMode::Cubic;
             n.antialias = true;
             n.axes = {3, 2};
             n.keepAspectRatioPolicy = OnnxKeepAspectRatioPolicy::NotLarger;
             n.sizes = {3, 4};
             return resizeOnnx(x, n);
         }()},
        {{"--convention", "onnx", "--opset", "19", "--mode", "linear", "--coordinate-transformation-mode",
          "half_pixel_symmetric", "--scales", "1.7,0.45"},
         [&] {
             OnnxResize n;
             n.opset = 19;
             n.mode = OnnxMode::Linear;
             n.coordinateTransformationMode = OnnxCoordinateTransform::HalfPixelSymmetric;
             n.scales = {1.f, 1.f, 1.7f, 0.45f};
             return resizeOnnx(x, n);
         }()},
    };
    SkimageResize sk;
    sk.order = 0;
    sk.mode = SkMode::Wrap;
    sk.antiAliasing = true;
    sk.outputShape = {3, 9};
    SkimageResize sk3;
    sk3.order = 3;
    sk3.mode = SkMode::Symmetric;
    sk3.outputShape = {9, 4};
    SkimageResize skc;
    skc.mode = SkMode::Constant;
    skc.cval = 12.5;
    skc.clip = false;
    skc.outputShape = {7, 2};
    const std::vector<C> skCases = {
        {{"--convention", "skimage", "--order", "0", "--skimage-mode", "wrap", "--anti-aliasing", "--output-shape", "3,9"},
         resizeSkimage(x, sk)},
        {{"--convention", "skimage", "--skimage-mode", "constant", "--cval", "12.5", "--no-clip", "--output-shape", "7,2"},
         resizeSkimage(x, skc)},
        {{"--convention", "skimage", "--order", "3", "--skimage-mode", "symmetric", "--output-shape", "9,4"},
         resizeSkimage(x, sk3)},
        {{"--convention", "skimage", "--rescale", "0.5", "--skimage-mode", "edge"},  // (5, 7) -> (2, 4): half to even
         [&] {
             SkimageResize r;
             r.mode = SkMode::Edge;
             r.outputShape = {2, 4};
             return resizeSkimage(x, r);
         }()},
    };
    std::vector<C> all = cases;
    all.insert(all.end(), skCases.begin(), skCases.end());
    for (const auto& c : all) {
        std::vector<std::string> argv = {"resize", dir.file("x.npy"), dir.file("y.npy")};
        argv.insert(argv.end(), c.opts.begin(), c.opts.end());
        const auto r = cli(argv);
        INFO(c.opts[1] << " " << r.err);
        REQUIRE(r.exitCode == 0);
        CHECK(golden::compareTensors(readNpy(dir.file("y.npy")).tensor, c.want, true) == "");
    }
}

TEST_CASE("cli resize --convention: wrong options say whose they are", "[cli]") {
    TempDir dir;
    writeNpy(dir.file("x.npy"), probeInput({1, 1, 4, 4}));
    auto err = [&](std::vector<std::string> opts) {
        std::vector<std::string> argv = {"resize", dir.file("x.npy"), dir.file("y.npy")};
        argv.insert(argv.end(), opts.begin(), opts.end());
        const auto r = cli(argv);
        CHECK(r.exitCode == 2);
        CHECK_FALSE(testproc::fileExists(dir.file("y.npy")));
        return r.err;
    };
    CHECK(err({"--convention", "opencv", "--resample", "BOX", "--dsize", "2,2"}).find("--resample is an option of --convention pillow") !=
          std::string::npos);
    CHECK(err({"--mode", "bilinear", "--scale", "2", "--interpolation", "INTER_AREA"}).find("--convention opencv") != std::string::npos);
    CHECK(err({"--convention", "pillow", "--resample", "BOX", "--size", "2,2", "--antialias"}).find("PyTorch option") != std::string::npos);
    CHECK(err({"--convention", "opencv", "--interpolation", "INTER_FOO", "--dsize", "2,2"}).find("INTER_LANCZOS4") != std::string::npos);
    CHECK(err({"--convention", "opencv", "--fx", "2"}).find("--dsize") != std::string::npos);
    CHECK(err({"--convention", "onnx", "--mode", "bilinear", "--scales", "2,2"}).find("nearest, linear, cubic") != std::string::npos);
    CHECK(err({"--convention", "onnx", "--mode", "linear"}).find("--scales") != std::string::npos);
    CHECK(err({"--convention", "tensorflow", "--mode", "linear"}).find("pytorch, opencv, pillow, onnx, skimage") != std::string::npos);
    CHECK(err({"--convention", "skimage", "--order", "4", "--output-shape", "2,2"}).find("0 to 3") !=
          std::string::npos);
    CHECK(err({"--convention", "skimage", "--order", "1"}).find("--output-shape") != std::string::npos);
    CHECK(err({"--convention", "skimage", "--rescale", "2", "--output-shape", "2,2"}).find("--rescale") != std::string::npos);
    CHECK(err({"--convention", "skimage", "--output-shape", "2,2", "--skimage-mode", "mirror"}).find("symmetric") !=
          std::string::npos);
    CHECK(err({"--convention", "skimage", "--output-shape", "2,2", "--resample", "BOX"}).find("--convention pillow") !=
          std::string::npos);
    CHECK(err({"--convention", "pillow", "--size", "2,2", "--anti-aliasing"}).find("--convention skimage") != std::string::npos);
    CHECK(err({"--convention", "onnx", "--mode", "linear", "--antialias", "--scales", "0.5,0.5"}).find("opset 18") !=
          std::string::npos);
    CHECK(err({"--convention", "onnx", "--opset", "20", "--mode", "linear", "--scales", "0.5,0.5"}).find("11 to 19") !=
          std::string::npos);
    CHECK(err({"--convention", "opencv", "--uint8", "--interpolation", "INTER_LINEAR_EXACT", "--dsize", "2,2"})
              .find("not an integer in [0, 255]") != std::string::npos);
    const auto help = cli({"resize", "--help"});
    CHECK(help.out.find("--coordinate-transformation-mode") != std::string::npos);
}
