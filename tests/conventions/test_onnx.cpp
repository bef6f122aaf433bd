// ONNX Resize against ONNX's own conformance data (libonnx-testdata, converted to
// tests/golden/libraries/onnx_conformance.json) and against its reference implementation over every
// mode, coordinate transformation, nearest mode, cubic_coeff_a and exclude_outside.
#include "../support/golden.hpp"
#include "../support/library_golden.hpp"

#include "upsample/conventions.hpp"
#include "upsample/error.hpp"

#include <catch2/catch.hpp>

#include <map>
#include <set>

using namespace upsample;

namespace {
std::vector<std::string> runAll(const std::vector<libgolden::OnnxCase>& cases) {
    std::map<std::string, int> passed;
    return libgolden::runCases(
        cases, [](const auto& c) { return resizeOnnx(c.input, c.resize); },
        [](const auto& c) { return onnxModeName(c.resize.mode); }, passed);
}
}  // namespace

TEST_CASE("onnx: every Resize conformance case Debian ships (opset <= 16)", "[onnx][golden]") {
    const auto& cases = libgolden::onnxConformanceCases();
    REQUIRE(cases.size() == 23);
    std::set<std::string> ctms;
    for (const auto& c : cases) {
        CHECK(c.opset <= 16);
        ctms.insert(std::string(onnxCoordinateTransformName(c.resize.coordinateTransformationMode)));
    }
    CHECK(ctms.size() == 6);  // every coordinate_transformation_mode of opsets 11 to 16
    const auto failures = runAll(cases);
    for (const auto& f : failures) UNSCOPED_INFO(f);
    CHECK(failures.empty());
}

TEST_CASE("onnx: the reference implementation over every attribute combination", "[onnx][golden]") {
    const auto& cases = libgolden::onnxReferenceCases();
    REQUIRE(cases.size() >= 150);
    std::set<std::string> combos;
    for (const auto& c : cases)
        combos.insert(std::string(onnxModeName(c.resize.mode)) + "/" +
                      std::string(onnxCoordinateTransformName(c.resize.coordinateTransformationMode)) + "/" +
                      (c.resize.mode == OnnxMode::Nearest ? std::string(onnxNearestModeName(c.resize.nearestMode)) : ""));
    CHECK(combos.size() == 4 * 5 + 5 + 5);  // nearest x 4 nearest modes, linear, cubic; x 5 transforms
    const auto failures = runAll(cases);
    for (const auto& f : failures) UNSCOPED_INFO(f);
    CHECK(failures.empty());
}

TEST_CASE("onnx: output shape, refusals and call text", "[onnx]") {
    OnnxResize r;
    r.mode = OnnxMode::Linear;
    r.scales = {1.f, 1.f, 0.6f, 1.7f};
    CHECK(onnxOutputShape({1, 2, 4, 5}, r) == Shape{1, 2, 2, 8});
    CHECK(onnxCallText(r) == "Resize(X, scales=[1.0, 1.0, 0.6, 1.7], mode='linear', coordinate_transformation_mode='half_pixel')");
    r.sizes = {1, 2, 3, 3};
    CHECK_THROWS_AS(onnxOutputShape({1, 2, 4, 5}, r), UsageError);  // both
    r.scales.clear();
    CHECK(onnxOutputShape({1, 2, 4, 5}, r) == Shape{1, 2, 3, 3});
    CHECK_THROWS_AS(onnxOutputShape({1, 2, 4}, r), UsageError);  // one value per dim
    r.coordinateTransformationMode = OnnxCoordinateTransform::TfCropAndResize;
    CHECK_THROWS_AS(onnxOutputShape({1, 2, 4, 5}, r), UsageError);  // no roi
    r.roi = {0, 0, 0.1f, 0.2f, 1, 1, 0.9f, 0.8f};
    r.extrapolationValue = 10;
    CHECK(onnxCallText(r) == "Resize(X, roi=[0.0, 0.0, 0.1, 0.2, 1.0, 1.0, 0.9, 0.8], sizes=[1, 2, 3, 3], mode='linear', "
                             "coordinate_transformation_mode='tf_crop_and_resize', extrapolation_value=10.0)");
    OnnxResize n;
    n.scales = {1.f, 1.f, 2.f};
    n.nearestMode = OnnxNearestMode::Ceil;
    CHECK(onnxCallText(n) == "Resize(X, scales=[1.0, 1.0, 2.0], mode='nearest', coordinate_transformation_mode='half_pixel', "
                             "nearest_mode='ceil')");
    n.scales = {1.f, 1.f, 0.f};
    CHECK_THROWS_AS(onnxOutputShape({1, 1, 4}, n), UsageError);
    for (auto name : {"half_pixel", "pytorch_half_pixel", "align_corners", "asymmetric", "tf_half_pixel_for_nn", "tf_crop_and_resize"})
        CHECK(onnxCoordinateTransformName(*onnxCoordinateTransformFromName(name)) == name);
}

TEST_CASE("onnx: Resize resizes N and C too, and keeps float64", "[onnx]") {
    const Tensor x = probeInput({2, 3, 4});
    OnnxResize r;
    r.mode = OnnxMode::Nearest;
    r.sizes = {1, 6, 4};
    r.nearestMode = OnnxNearestMode::Floor;
    r.coordinateTransformationMode = OnnxCoordinateTransform::Asymmetric;
    const Tensor y = resizeOnnx(x, r);
    REQUIRE(y.shape() == Shape{1, 6, 4});
    for (int64_t c = 0; c < 6; ++c)
        for (int64_t l = 0; l < 4; ++l) CHECK(y.at(c * 4 + l) == x.at((c / 2) * 4 + l));
    r.mode = OnnxMode::Cubic;
    r.sizes = {2, 3, 9};
    CHECK(resizeOnnx(x.to(DType::Float64), r).dtype() == DType::Float64);
}

TEST_CASE("onnx: opsets 18 and 19: ONNX's node tests and reference cases (antialias, axes, keep_aspect_ratio_policy, "
          "half_pixel_symmetric)", "[onnx][golden]") {
    const auto& cases = libgolden::onnxConformance18Cases();
    REQUIRE(cases.size() == 38);
    std::set<std::string> features;
    int nodeTests = 0;
    for (const auto& c : cases) {
        CHECK((c.opset == 18 || c.opset == 19));
        if (c.id.rfind("test_resize_", 0) == 0) ++nodeTests;
        if (c.resize.antialias) features.insert(std::string("antialias ") + std::string(onnxModeName(c.resize.mode)));
        if (!c.resize.axes.empty()) features.insert("axes");
        if (c.resize.keepAspectRatioPolicy != OnnxKeepAspectRatioPolicy::Stretch)
            features.insert(std::string(onnxKeepAspectRatioPolicyName(c.resize.keepAspectRatioPolicy)));
        if (c.resize.coordinateTransformationMode == OnnxCoordinateTransform::HalfPixelSymmetric) {
            CHECK(c.opset == 19);
            features.insert("half_pixel_symmetric");
        }
    }
    CHECK(nodeTests == 16);  // every Resize node test of opsets 18 and 19
    CHECK(features == std::set<std::string>{"antialias linear", "antialias cubic", "axes", "not_larger", "not_smaller",
                                            "half_pixel_symmetric"});
    const auto failures = runAll(cases);
    for (const auto& f : failures) UNSCOPED_INFO(f);
    CHECK(failures.empty());
}

TEST_CASE("onnx: opset 18/19 worked examples of the operator's node tests, by hand", "[onnx]") {
    const Tensor x4 = Tensor::fromValues({1, 1, 4, 4}, std::vector<float>{1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16});
    OnnxResize r;
    r.opset = 18;
    r.mode = OnnxMode::Linear;
    r.antialias = true;
    r.scales = {1.f, 1.f, 0.6f, 0.6f};
    // test_resize_downsample_scales_linear_antialias: [[2.875, 4.5], [9.375, 11]]
    const Tensor a = resizeOnnx(x4, r);
    REQUIRE(a.shape() == Shape{1, 1, 2, 2});
    const double want[] = {2.875, 4.5, 9.375, 11};
    for (int i = 0; i < 4; ++i) CHECK(a.at(i) == Approx(want[i]).epsilon(1e-6));
    // half_pixel_symmetric, in 4 -> scale 0.6 (2.4, rounded down to 2): offset 2·(1 - 2/2.4) = 1/3,
    // x_ori = 1/3 + (x + 0.5)/0.6 - 0.5 = 2/3 and 7/3: values 1 + x_ori
    OnnxResize s;
    s.opset = 19;
    s.mode = OnnxMode::Linear;
    s.coordinateTransformationMode = OnnxCoordinateTransform::HalfPixelSymmetric;
    s.scales = {1.f, 1.f, 1.f, 0.6f};
    const Tensor b = resizeOnnx(Tensor::fromValues({1, 1, 1, 4}, std::vector<float>{1, 2, 3, 4}), s);
    REQUIRE(b.shape() == Shape{1, 1, 1, 2});
    CHECK(b.at(0) == Approx(1 + 2.0 / 3).epsilon(1e-6));
    CHECK(b.at(1) == Approx(1 + 7.0 / 3).epsilon(1e-6));
    // the same with half_pixel: (x + 0.5)/0.6 - 0.5 = 1/3 and 2
    s.coordinateTransformationMode = OnnxCoordinateTransform::HalfPixel;
    const Tensor c = resizeOnnx(Tensor::fromValues({1, 1, 1, 4}, std::vector<float>{1, 2, 3, 4}), s);
    CHECK(c.at(0) == Approx(1 + 1.0 / 3).epsilon(1e-6));
    CHECK(c.at(1) == Approx(3.0).epsilon(1e-6));
    // keep_aspect_ratio_policy: 2x2 to sizes (7, 8): not_larger 7x7, not_smaller 8x8
    OnnxResize k;
    k.opset = 18;
    k.axes = {2, 3};
    k.sizes = {7, 8};
    k.keepAspectRatioPolicy = OnnxKeepAspectRatioPolicy::NotLarger;
    CHECK(onnxOutputShape({1, 1, 2, 2}, k) == Shape{1, 1, 7, 7});
    k.keepAspectRatioPolicy = OnnxKeepAspectRatioPolicy::NotSmaller;
    CHECK(onnxOutputShape({1, 1, 2, 2}, k) == Shape{1, 1, 8, 8});
    // round half up: 4 x 5 to not_larger (2, 9): scale min(0.5, 1.8) = 0.5; 5 · 0.5 = 2.5 -> 3
    k.keepAspectRatioPolicy = OnnxKeepAspectRatioPolicy::NotLarger;
    k.sizes = {2, 9};
    CHECK(onnxOutputShape({1, 1, 4, 5}, k) == Shape{1, 1, 2, 3});
}

TEST_CASE("onnx: opsets 18 and 19: axes, refusals by opset, call text", "[onnx]") {
    const Tensor x = probeInput({1, 2, 5, 6});
    OnnxResize r;
    r.opset = 18;
    r.mode = OnnxMode::Cubic;
    r.axes = {-1, -2};
    r.sizes = {9, 3};
    const Tensor neg = resizeOnnx(x, r);
    CHECK(neg.shape() == Shape{1, 2, 3, 9});
    OnnxResize full = r;
    full.axes.clear();
    full.sizes = {1, 2, 3, 9};
    CHECK(golden::compareTensors(neg, resizeOnnx(x, full), true).empty());  // the same node
    CHECK(onnxCallText(r) == "Resize(X, sizes=[9, 3], mode='cubic', coordinate_transformation_mode='half_pixel', "
                             "cubic_coeff_a=-0.75, axes=[-1, -2])");
    r.axes = {3, -1};
    CHECK_THROWS_AS(onnxOutputShape(x.shape(), r), UsageError);  // repeated
    r.axes = {4};
    r.sizes = {3};
    CHECK_THROWS_AS(onnxOutputShape(x.shape(), r), UsageError);  // out of range
    r.axes = {2};
    r.sizes = {3, 3};
    CHECK_THROWS_AS(onnxOutputShape(x.shape(), r), UsageError);  // one value per axis
    OnnxResize o;
    o.mode = OnnxMode::Linear;
    o.scales = {1.f, 1.f, 0.5f, 0.5f};
    o.antialias = true;
    CHECK_THROWS_AS(onnxOutputShape(x.shape(), o), UsageError);  // opset 16: no antialias
    o.opset = 18;
    CHECK(onnxOutputShape(x.shape(), o) == Shape{1, 2, 2, 3});
    CHECK(onnxCallText(o) == "Resize(X, scales=[1.0, 1.0, 0.5, 0.5], mode='linear', coordinate_transformation_mode='half_pixel', "
                             "antialias=1)");
    // antialias widens the kernel: 5 -> 2 at scale 0.5 reads 4 inputs, not 2; upscaling it changes nothing
    OnnxResize plain = o;
    plain.antialias = false;
    const Tensor aa = resizeOnnx(x, o), pl = resizeOnnx(x, plain);
    CHECK_FALSE(golden::compareTensors(aa, pl, false).empty());
    o.scales = {1.f, 1.f, 1.5f, 2.f};
    plain.scales = o.scales;
    CHECK(golden::compareTensors(resizeOnnx(x, o), resizeOnnx(x, plain), false).empty());
    o.keepAspectRatioPolicy = OnnxKeepAspectRatioPolicy::NotLarger;
    CHECK_THROWS_AS(onnxOutputShape(x.shape(), o), UsageError);  // scales take stretch only
    OnnxResize h;
    h.mode = OnnxMode::Linear;
    h.scales = {1.f, 1.f, 0.5f, 0.5f};
    h.opset = 18;
    h.coordinateTransformationMode = OnnxCoordinateTransform::HalfPixelSymmetric;
    CHECK_THROWS_AS(onnxOutputShape(x.shape(), h), UsageError);  // opset 19
    h.opset = 19;
    CHECK(onnxOutputShape(x.shape(), h) == Shape{1, 2, 2, 3});
    h.coordinateTransformationMode = OnnxCoordinateTransform::TfHalfPixelForNn;
    CHECK_THROWS_AS(onnxOutputShape(x.shape(), h), UsageError);  // removed in opset 18
    h.opset = 17;
    CHECK(onnxOutputShape(x.shape(), h) == Shape{1, 2, 2, 3});
    CHECK(onnxKeepAspectRatioPolicyFromName("not_smaller") == OnnxKeepAspectRatioPolicy::NotSmaller);
    CHECK_FALSE(onnxKeepAspectRatioPolicyFromName("fit"));
}
