// What torch.onnx.export (opset 16, PyTorch 1.13) writes for F.interpolate calls, and the export
// check that runs the node against PyTorch (tests/golden/libraries/onnx_export.json).
#include "../support/golden.hpp"
#include "../support/library_golden.hpp"

#include "upsample/conventions.hpp"
#include "upsample/explain.hpp"

#include <catch2/catch.hpp>

#include <cmath>

using namespace upsample;

TEST_CASE("onnx export: the exporter's node, attributes and inputs, or its refusal word for word", "[onnx][export][golden]") {
    const auto& cases = libgolden::exportCases();
    REQUIRE(cases.size() >= 50);
    int exported = 0, refused = 0;
    for (const auto& c : cases) {
        INFO(c.id << " " << c.call);
        const ResolvedSpec s = resolve(c.spec, c.input.shape());
        const OnnxExport e = onnxExport(s);
        REQUIRE(e.exportable == c.exportable);
        if (!c.exportable) {
            ++refused;
            CHECK(e.refusalType == c.errorType);
            CHECK(e.refusal == c.message);
            CHECK_THROWS(runOnnxExport(e, c.input));
            continue;
        }
        ++exported;
        CHECK(e.op == c.op);
        CHECK(e.attributes == c.attributes);
        if (e.op == "Resize") {
            CHECK(e.resize.scales == c.scales);
            CHECK(e.resize.sizes == c.sizes);
        }
        // the node computed here against the node computed by ONNX's reference implementation
        const bool bitExact = e.op == "Resize" && e.resize.mode == OnnxMode::Nearest;
        CHECK(golden::compareTensors(runOnnxExport(e, c.input), *c.onnxOutput, bitExact) == "");
    }
    CHECK(exported >= 40);
    CHECK(refused >= 10);
}

TEST_CASE("onnx export: computed both ways, the max difference and where it occurs", "[onnx][export][golden]") {
    for (const auto& c : libgolden::exportCases()) {
        INFO(c.id << " " << c.call);
        const ResolvedSpec s = resolve(c.spec, c.input.shape());
        const OnnxExportCheck k = checkOnnxExport(s, c.input);
        CHECK(k.exported.exportable == c.exportable);
        CHECK_FALSE(k.note.empty());
        if (!c.exportable) {
            CHECK_FALSE(k.compared);
            continue;
        }
        CHECK(k.compared == c.maxAbsDiff.has_value());
        if (!c.maxAbsDiff) {
            CHECK(k.onnxShape != c.torchOutput.shape());
            continue;
        }
        // float rounding of the same formula on both sides: within 2e-5 of each other; real
        // differences: the same value at the same place
        CHECK(std::fabs(k.maxAbsDiff - *c.maxAbsDiff) <= 4e-5 * std::max(1.0, std::fabs(*c.maxAbsDiff)));
        if (*c.maxAbsDiff > 1e-3) CHECK(k.maxAbsDiffAt == c.maxAbsDiffAt);
        CHECK((k.differing == 0) == (*c.maxAbsDiff <= 2e-5 * 10));
    }
}

TEST_CASE("onnx export: the issue's two calls", "[onnx][export]") {
    Spec bilinear = parseCall("F.interpolate(x, scale_factor=2, mode='bilinear')").spec;
    const OnnxExport e = onnxExport(resolve(bilinear, {1, 1, 4, 4}));
    REQUIRE(e.exportable);
    CHECK(e.op == "Resize");
    CHECK(e.resize.coordinateTransformationMode == OnnxCoordinateTransform::HalfPixel);
    CHECK(e.resize.scales == std::vector<float>{1, 1, 2, 2});
    const auto k = checkOnnxExport(resolve(bilinear, {1, 1, 4, 4}), probeInput({1, 1, 4, 4}));
    CHECK(k.compared);
    CHECK(k.differing == 0);
    Spec exact = parseCall("F.interpolate(x, scale_factor=2, mode='nearest-exact')").spec;
    const OnnxExport r = onnxExport(resolve(exact, {1, 1, 4, 4}));
    CHECK_FALSE(r.exportable);
    CHECK(r.refusalType == "UnsupportedOperatorError");
    CHECK(r.refusal.find("aten::_upsample_nearest_exact2d") != std::string::npos);
}

TEST_CASE("onnx export at opset 18: antialiased calls as PyTorch 2.x's exporter writes them", "[onnx][export][golden]") {
    const auto& cases = libgolden::exportCases18();
    REQUIRE(cases.size() >= 15);
    int reproduces = 0, differs = 0;
    for (const auto& c : cases) {
        INFO(c.id << " " << c.call);
        const ResolvedSpec s = resolve(c.spec, c.input.shape());
        // opset 16 refuses it, and says what opset 18 writes
        const OnnxExportCheck k16 = checkOnnxExport(s, c.input);
        CHECK_FALSE(k16.exported.exportable);
        CHECK(k16.note.find("opset 18 as one Resize with antialias=1") != std::string::npos);
        const OnnxExport e = onnxExportOpset18Antialias(s);
        REQUIRE(e.exportable);
        CHECK(e.op == "Resize");
        CHECK(e.attributes == c.attributes);
        CHECK(e.resize.opset == 18);
        CHECK(e.resize.scales.empty());
        CHECK(e.resize.sizes == c.sizes);
        // the node computed here against ONNX's reference implementation on the same node
        CHECK(golden::compareTensors(runOnnxExport(e, c.input), *c.onnxOutput, false) == "");
        // and against PyTorch: the same verdict and difference as the reference's
        const OnnxExportCheck k = checkOnnxExportOpset18Antialias(s, c.input);
        REQUIRE(k.compared);
        CHECK(std::fabs(k.maxAbsDiff - *c.maxAbsDiff) <= 4e-5 * std::max(1.0, std::fabs(*c.maxAbsDiff)));
        if (*c.maxAbsDiff > 1e-3) {
            CHECK(k.maxAbsDiffAt == c.maxAbsDiffAt);
            CHECK(k.note.find("opset 18: the exported Resize differs from PyTorch") == 0);
            ++differs;
        } else {
            CHECK(k.differing == 0);
            CHECK(k.note.find("opset 18: the exported Resize reproduces PyTorch") == 0);
            ++reproduces;
        }
    }
    // sizes instead of scales: a scale_factor whose 1/s is not in/out differs, and so does align_corners
    CHECK(reproduces >= 10);
    CHECK(differs >= 3);
    // without antialias there is no opset-18 export to describe
    const OnnxExport plain = onnxExportOpset18Antialias(resolve(parseCall("F.interpolate(x, scale_factor=0.5, mode='bilinear')").spec, {1, 1, 8, 8}));
    CHECK_FALSE(plain.exportable);
    CHECK(plain.refusal.find("without antialias exports at opset 16") != std::string::npos);
}
