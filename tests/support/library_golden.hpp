// Golden cases of the library conventions (tests/golden/libraries/*.json, see tests/golden/README.md):
// real cv2.resize and Image.resize outputs, ONNX's own Resize conformance data and its reference
// implementation's outputs, and what torch.onnx.export writes for F.interpolate calls.
#pragma once

#include "golden.hpp"

#include "upsample/conventions.hpp"
#include "upsample/spec.hpp"
#include "upsample/tensor.hpp"

#include <map>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace libgolden {

struct OpenCvCase {
    std::string id, call;
    upsample::OpenCvResize resize;
    upsample::Tensor input, output;  // (1, C, H, W) from the (H, W[, C]) images
    bool nearest() const;
};
struct PillowCase {
    std::string id, call;
    upsample::PillowResize resize;
    upsample::Tensor input, output;  // (1, 1, H, W)
    bool nearest() const { return resize.resample == upsample::PilResample::Nearest; }
};
struct OnnxCase {
    std::string id, call;
    int opset = 0;  // conformance cases
    upsample::OnnxResize resize;
    upsample::Tensor input, output;
    bool nearest() const { return resize.mode == upsample::OnnxMode::Nearest; }
};
struct ExportCase {
    std::string id, call;
    upsample::Spec spec;
    upsample::Tensor input, torchOutput;
    bool exportable = false;
    std::string errorType, message;                                  // refused
    std::string op;                                                  // exported
    std::vector<std::pair<std::string, std::string>> attributes;     // name, value as JSON text
    std::vector<float> scales;
    std::vector<int64_t> sizes;
    std::optional<upsample::Tensor> onnxOutput;                      // ONNX's reference on the node
    std::optional<double> maxAbsDiff;
    std::vector<int64_t> maxAbsDiffAt;
};

const std::vector<OpenCvCase>& openCvCases();
const std::vector<PillowCase>& pillowCases();
const std::vector<OnnxCase>& onnxConformanceCases();
const std::vector<OnnxCase>& onnxReferenceCases();
// Opsets 18 and 19: ONNX's node tests and reference cases run through ONNX's reference
// implementation (onnx_conformance_18.json, from an onnx git repository; Debian ships onnx 1.12).
const std::vector<OnnxCase>& onnxConformance18Cases();
const std::vector<ExportCase>& exportCases();
// Antialiased calls as PyTorch 2.x's exporter writes them at opset 18 (onnx_export_18.json: the
// node from onnxscript's torch_lib, its output from ONNX's reference, PyTorch 1.13's output).
const std::vector<ExportCase>& exportCases18();

// Runs every case through run(case) and compares with golden::compareTensors (the nearest modes
// bit for bit). Returns "id (call): difference" per failing case; passed[kind(case)] counts the others.
template <class Case, class Run, class Kind>
std::vector<std::string> runCases(const std::vector<Case>& cases, Run run, Kind kind, std::map<std::string, int>& passed) {
    std::vector<std::string> failures;
    for (const auto& c : cases) {
        try {
            const std::string diff = golden::compareTensors(run(c), c.output, c.nearest());
            if (diff.empty()) ++passed[std::string(kind(c))];
            else failures.push_back(c.id + " (" + c.call + "): " + diff);
        } catch (const std::exception& e) {
            failures.push_back(c.id + " (" + c.call + "): threw " + e.what());
        }
    }
    return failures;
}

}  // namespace libgolden
