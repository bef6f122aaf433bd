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
