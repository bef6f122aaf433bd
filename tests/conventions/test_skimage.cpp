// scikit-image's skimage.transform.resize against real scikit-image outputs
// (tests/golden/libraries/skimage.json, tests/golden/generate_skimage.py). skimage computes in
// float64: results must agree within 1e-9 relative (float32 images: bit for bit up to one float32
// rounding step, 2e-6 relative).
#include "../support/golden.hpp"

#include "upsample/conventions.hpp"
#include "upsample/error.hpp"

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include <cmath>
#include <cstring>
#include <fstream>
#include <map>
#include <string>
#include <vector>

using namespace upsample;
using nlohmann::json;

namespace {

// (spatial...) -> (1, 1, spatial...)
Tensor asNchw(Tensor t) {
    Shape s = {1, 1};
    s.insert(s.end(), t.shape().begin(), t.shape().end());
    Tensor out(s, t.dtype());
    if (t.dtype() == DType::Float32) std::memcpy(out.data<float>(), t.data<float>(), t.nbytes());
    else std::memcpy(out.data<double>(), t.data<double>(), t.nbytes());
    return out;
}

}  // namespace

TEST_CASE("skimage: every golden case of skimage.transform.resize", "[skimage][golden]") {
    const std::string path = golden::testDataPath("golden/libraries/skimage.json");
    std::ifstream f(path);
    REQUIRE(f);
    const json doc = json::parse(f);
    const auto& cases = doc.at("cases");
    REQUIRE(cases.size() >= 150);
    std::map<std::string, int> passed;  // "order 1, reflect, anti_aliasing"
    std::vector<std::string> failures;
    int rescaled = 0;
    for (const auto& c : cases) {
        const DType dt = c.at("dtype") == "float32" ? DType::Float32 : DType::Float64;
        const Tensor in = asNchw(golden::decodeTensor(c.at("input_shape").get<Shape>(), dt, c.at("input").get<std::string>()));
        const Tensor want = asNchw(golden::decodeTensor(c.at("output_shape").get<Shape>(), dt, c.at("output").get<std::string>()));
        SkimageResize r;
        r.order = c.at("order");
        r.mode = skModeFromName(c.at("mode").get<std::string>()).value();
        r.cval = c.at("cval");
        r.clip = c.at("clip");
        r.antiAliasing = c.at("anti_aliasing");
        r.outputShape = c.at("output_shape").get<Shape>();
        if (c.contains("rescale")) {  // rescale's output shape, from the scale
            ++rescaled;
            CHECK(skimageRescaleShape(c.at("input_shape").get<Shape>(), c.at("rescale").get<std::vector<double>>()) ==
                  r.outputShape);
        }
        const std::string id = c.at("id").get<std::string>() + " (" + c.at("call").get<std::string>() + ")";
        const Tensor got = resizeSkimage(in, r);
        REQUIRE(got.shape() == want.shape());
        REQUIRE(got.dtype() == dt);
        const double rel = dt == DType::Float32 ? 2e-6 : 1e-9;
        double worst = 0;
        for (int64_t i = 0; i < got.numel(); ++i) {
            const double g = dt == DType::Float32 ? got.data<float>()[i] : got.data<double>()[i];
            const double w = dt == DType::Float32 ? want.data<float>()[i] : want.data<double>()[i];
            worst = std::max(worst, std::abs(g - w) / std::max(1.0, std::abs(w)));
        }
        if (worst > rel) {
            failures.push_back(id + ": relative difference " + std::to_string(worst));
        } else {
            ++passed["order " + std::to_string(r.order) + ", " + std::string(skModeName(r.mode)) +
                     (r.antiAliasing ? ", anti_aliasing" : "")];
        }
    }
    for (const auto& f : failures) UNSCOPED_INFO(f);
    CHECK(failures.empty());
    CHECK(rescaled == 6);
    CHECK(passed.size() == 4 * kAllSkModes.size() * 2);  // every order, mode and anti_aliasing
}

TEST_CASE("skimage: names, call text, refusals", "[skimage]") {
    CHECK(skModeFromName("symmetric") == SkMode::Symmetric);
    CHECK_FALSE(skModeFromName("mirror"));
    SkimageResize r;
    r.outputShape = {16, 9};
    CHECK(skimageCallText(r) == "skimage.transform.resize(img, (16, 9), order=1, mode='reflect', anti_aliasing=False)");
    r.order = 0;
    r.mode = SkMode::Constant;
    r.cval = 2.5;
    r.clip = false;
    r.antiAliasing = true;
    CHECK(skimageCallText(r) ==
          "skimage.transform.resize(img, (16, 9), order=0, mode='constant', cval=2.5, clip=False, anti_aliasing=True)");
    const Tensor img = probeInput({2, 3, 5, 4});
    CHECK(resizeSkimage(img, r).shape() == Shape{2, 3, 16, 9});
    r.order = 4;
    CHECK_THROWS_AS(resizeSkimage(img, r), UsageError);
    r.order = 1;
    r.outputShape = {4};
    CHECK_THROWS_AS(resizeSkimage(img, r), UsageError);
    r.outputShape = {0, 4};
    CHECK_THROWS_AS(resizeSkimage(img, r), UsageError);
    CHECK(skimageRescaleShape({5, 7}, {0.5}) == Shape{2, 4});  // 2.5 and 3.5 round half to even
    CHECK(skimageRescaleShape({5, 3}, {0.1, 2.5}) == Shape{1, 8});
    CHECK_THROWS_AS(skimageRescaleShape({5, 3}, {1, 2, 3}), UsageError);
    CHECK_THROWS_AS(skimageRescaleShape({5, 3}, {0}), UsageError);
    // the same shape is the image itself (zoom samples the pixels)
    r.outputShape = {5, 4};
    r.mode = SkMode::Reflect;
    r.cval = 0;
    r.antiAliasing = false;
    CHECK(golden::compareTensors(resizeSkimage(img, r), img, true).empty());
}
