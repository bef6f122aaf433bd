// upsample-cli explain --input-shape 1,1,4,4 --call "nn.UpsamplingBilinear2d(scale_factor=2)" [--json]
// upsample-cli explain --example ones4x4|arange4x4
#include "args.hpp"
#include "commands.hpp"
#include "json_out.hpp"
#include "libraries.hpp"
#include "spec_args.hpp"

#include "tensor_files.hpp"

#include "upsample/analysis.hpp"
#include "upsample/backend.hpp"
#include "upsample/conventions.hpp"
#include "upsample/error.hpp"
#include "upsample/explain.hpp"

#include <nlohmann/json.hpp>

#include <cmath>
#include <cstdio>

namespace cli {

using namespace upsample;
using nlohmann::json;

namespace {
const char* kHelp =
    "usage: upsample-cli explain (--input-shape N,C,... | --input FILE) --call CALL [--torch V] [--json]\n"
    "       upsample-cli explain --example ones4x4|arange4x4\n"
    "\n"
    "Explains what PyTorch does with an upsampling call on a tensor of the given shape: the\n"
    "output shape, per spatial dim the size arithmetic and the coordinate scale the kernel uses,\n"
    "what the module sets, how the rank is read, deprecations, and PyTorch's error word for word;\n"
    "then, for each other PyTorch version this program reproduces, whether it gives other values or\n"
    "another error for the call, and why (one line each).\n"
    "\n"
    "CALL is Python as you would write it, e.g.\n"
    "  \"nn.Upsample(scale_factor=2, mode='bilinear')\"   \"nn.UpsamplingBilinear2d(scale_factor=2)(x)\"\n"
    "  \"F.interpolate(x, size=(6, 10), mode='bicubic')\" \"F.upsample(img.unsqueeze(0), scale_factor=2)\"\n"
    "\n"
    "options:\n"
    "  --input-shape S   the input tensor's shape: 1,1,4,4 (or (1, 1, 4, 4))\n"
    "  --input FILE      a .npy or a picture: its shape is the input shape, and the call is run on it to\n"
    "                    report overshoot (the result's min/max against the input's, values outside)\n"
    "  --call CALL       the call: nn.Upsample / nn.UpsamplingNearest2d / nn.UpsamplingBilinear2d /\n"
    "                    F.interpolate / F.upsample (/ F.upsample_nearest / F.upsample_bilinear)\n"
    "  --json            print a JSON object (output_shape, mode, align_corners, scales, notes, error,\n"
    "                    onnx: what torch.onnx.export (opset 16) writes and whether it reproduces PyTorch, ...)\n"
    "  --torch V         the PyTorch version to explain for: @VERSIONS@ (default @DEFAULT@)\n"
    "  --coordinates     with --json: add each dim's source coordinate, input indices and weights\n"
    "                    per output index (the first 64)\n"
    "  --example NAME    print a seed example page: ones4x4 or arange4x4\n"
    "\n"
    "The exit status is 1 when PyTorch (or Python) would raise for the call.\n";

Shape parseShapeOption(const std::string& text) {
    try {
        return parseShape(text);
    } catch (const UsageError& e) {
        throw UsageError(std::string("--input-shape: ") + e.what());
    }
}

json coordinatesJson(const DimExplanation& d) {
    json rows = json::array();
    for (const auto& r : d.rows) {
        json index = json::array(), weight = json::array();
        for (const auto& [i, w] : r.taps) {
            index.push_back(i);
            weight.push_back(w);
        }
        rows.push_back({{"out", r.out}, {"source", r.source}, {"index", index}, {"weight", weight}});
    }
    return rows;
}

json dimJson(const DimExplanation& d, bool coordinates) {
    json j = {{"name", d.name},
            {"in", d.in},
            {"out", d.out},
            {"size_rule", d.sizeRule},
            {"scale_factor", jsonNumber(d.scaleFactor)},
            {"scale_passed_to_kernel", jsonNumber(d.passedScale)},
            {"scale", d.coordinateScale},
            {"scale_source", d.scaleSource},
            {"scale_formula", d.scaleFormula},
            {"scale_reason", d.scaleReason},
            {"coordinate_rule", d.coordinateRule}};
    if (coordinates) {
        j["coordinates"] = coordinatesJson(d);
        j["coordinates_truncated"] = d.rowsTruncated;
    }
    return j;
}

void addSpecFields(json& j, const Explanation& e) {
    const ParsedCall& c = *e.call;
    j["function"] = std::string(callKindName(c.kind));
    j["deprecated"] = c.deprecated();
    j["mode"] = c.spec.unknownModeName ? *c.spec.unknownModeName : std::string(modeName(c.spec.mode));
    const bool linear = !c.spec.unknownModeName && modeAllowsAlignCorners(c.spec.mode);
    // effective value: None means False for the linear modes; the other modes have none.
    j["align_corners"] = linear ? json(c.spec.alignCorners.value_or(false)) : json(nullptr);
    j["recompute_scale_factor"] = c.spec.recomputeScaleFactor.value_or(false);
    j["antialias"] = c.spec.antialias;
    j["equivalent_call"] = e.equivalentCall;
    j["warnings"] = c.warnings;
}

// The export check runs on a probe input (uniform in [-10, 10), fixed seed) of the tensor's shape,
// unless the tensors are large.
constexpr int64_t kMaxProbeElements = int64_t{1} << 22;

struct OnnxPart {
    OnnxExportCheck check;
    bool computed = false;
    std::optional<OnnxExportCheck> opset18;  // antialiased calls: PyTorch 2.x's opset-18 export
};

std::optional<OnnxPart> onnxPart(const Explanation& e) {
    if (!e.ok() || !e.resolved) return std::nullopt;
    OnnxPart p;
    const int64_t in = shapeNumel(e.resolved->inputShape), out = shapeNumel(e.resolved->outputShape);
    if (in == 0 || out == 0) {
        p.check.exported = onnxExport(*e.resolved);
        p.check.note = "nothing to compare: the tensor is empty";
    } else if (in > kMaxProbeElements || out > kMaxProbeElements) {
        p.check.exported = onnxExport(*e.resolved);
        p.check.note = "not computed: the input or output has more than " + std::to_string(kMaxProbeElements) +
                       " elements; upsample-cli compare runs it on a file";
    } else {
        const Tensor probe = probeInput(e.resolved->inputShape);
        p.check = checkOnnxExport(*e.resolved, probe);
        p.computed = true;
        if (p.check.exported.exportable) p.check.note += "; measured on uniform random values in [-10, 10)";
        if (e.resolved->antialias) {
            p.opset18 = checkOnnxExportOpset18Antialias(*e.resolved, probe);
            if (p.opset18->compared) p.opset18->note += "; measured on uniform random values in [-10, 10)";
        }
    }
    if (e.resolved->antialias && !p.opset18) {
        p.opset18.emplace();
        p.opset18->exported = onnxExportOpset18Antialias(*e.resolved);
        p.opset18->note = "opset 18: " + p.check.note;
    }
    return p;
}

json pitfallsJson(const Explanation& e) {
    json list = json::array();
    for (const auto& p : e.sizePitfalls)
        list.push_back({{"dim", p.dim}, {"kind", p.kind}, {"sizes", p.sizes}, {"note", p.note}});
    return list;
}

json overshootJson(const OvershootReport& r) {
    return {{"input_min", r.inMin},   {"input_max", r.inMax},     {"output_min", r.outMin},
            {"output_max", r.outMax}, {"finite_outputs", r.outCount}, {"below", r.below},
            {"above", r.above},       {"outside", r.outside()},   {"max_below", r.maxBelow},
            {"max_above", r.maxAbove}, {"rounding_only", r.roundingOnly},
            {"cubic_a", r.cubicA ? json(*r.cubicA) : json(nullptr)}, {"summary", r.summary}};
}

json explanationJson(const Explanation& e, bool coordinates) {
    json j;
    j["call"] = e.callText;
    j["input_shape"] = e.inputShape;
    j["tensor_shape"] = e.tensorShape;
    j["layout"] = e.layout;
    j["output_shape"] = e.ok() ? json(e.outputShape()) : json(nullptr);
    if (e.call) addSpecFields(j, e);
    j["scales_meaning"] =
        "per spatial dim, the coordinate scale the kernel uses (output index -> input coordinate): "
        "1/scale_factor when a scale_factor reaches the kernel, in/out when size was given or the scale was "
        "recomputed (and for area), (in-1)/(out-1) with align_corners=True (0 when out = 1); e.g. 0.5 for "
        "scale_factor=2, 3/7 for 4 -> 8 with align_corners=True";
    json scales = json::array(), dims = json::array();
    for (const auto& d : e.dims) {
        scales.push_back(d.coordinateScale);
        dims.push_back(dimJson(d, coordinates));
    }
    j["scales"] = scales;
    j["dims"] = dims;
    j["notes"] = e.notes;
    j["torch"] = std::string(e.semantics->version);
    j["versions"] = e.versions;
    j["size_pitfalls"] = pitfallsJson(e);
    const auto onnx = onnxPart(e);
    j["onnx"] = onnx ? onnxExportJson(onnx->check, onnx->computed) : json(nullptr);
    j["onnx_opset18"] = onnx && onnx->opset18 ? onnxExportJson(*onnx->opset18, onnx->computed) : json(nullptr);
    j["error"] = e.error ? json(e.error->message) : json(nullptr);
    if (e.error) {
        j["error_type"] = e.error->type;
        j["error_is_python_text"] = e.error->pythonText;
        j["error_column"] = e.error->column ? json(*e.error->column) : json(nullptr);
        j["error_hint"] = e.error->hint;
    }
    return j;
}
}  // namespace

int explainCommand(const std::vector<std::string>& argv) {
    const Args a(argv, {"input-shape", "call", "example", "input", "torch"}, {"json", "coordinates", "help"});
    if (a.has("help")) {
        std::string help = kHelp;
        help.replace(help.find("@VERSIONS@"), 10, semanticsNames(" or "));
        help.replace(help.find("@DEFAULT@"), 9, defaultSemantics().version);
        std::fputs(help.c_str(), stdout);
        return 0;
    }
    if (!a.positionals().empty()) throw UsageError("unexpected argument '" + a.positionals()[0] + "' (see --help)");
    if (auto example = a.value("example")) {
        if (a.value("call") || a.value("input-shape") || a.value("input") || a.has("json"))
            throw UsageError("--example takes no --call, --input-shape, --input or --json");
        std::fputs(seedExamplePage(*example).c_str(), stdout);
        return 0;
    }
    const auto shape = a.value("input-shape");
    const auto call = a.value("call");
    const auto inputPath = a.value("input");
    if (shape && inputPath) throw UsageError("--input-shape and --input are alternatives: give one");
    if ((!shape && !inputPath) || !call)
        throw UsageError("--input-shape and --call are required (--input FILE gives the shape; or --example NAME); see --help");
    std::optional<InputFile> input;
    if (inputPath) input = readInput(*inputPath, RunOptions{}.maxBytes);
    const Explanation e = explain(input ? input->tensor.shape() : parseShapeOption(*shape), *call, torchFromArgs(a));
    // With a file: run the call on it and report the result against the input's range.
    std::optional<OvershootReport> overshoot;
    if (input && e.ok() && e.resolved && e.tensorShape == input->tensor.shape())
        overshoot = overshootReport(input->tensor, interpolate(input->tensor, *e.resolved), &*e.resolved);
    if (a.has("json")) {
        json j = explanationJson(e, a.has("coordinates"));
        if (inputPath) {
            j["input_file"] = *inputPath;
            j["overshoot"] = overshoot ? overshootJson(*overshoot) : json(nullptr);
        }
        std::puts(formatJson(j).c_str());
    }
    else {
        std::fputs(formatExplanation(e).c_str(), stdout);
        if (overshoot) std::printf("\nOvershoot: %s\n", overshoot->summary.c_str());
        if (const auto onnx = onnxPart(e)) {
            const OnnxExport& x = onnx->check.exported;
            std::printf("\nONNX (torch.onnx.export, opset 16):\n");
            if (x.exportable) {
                std::string attrs;
                for (const auto& [name, value] : x.attributes) attrs += (attrs.empty() ? "" : ", ") + name + "=" + value;
                std::printf("  %s%s%s\n", x.op == "Resize" ? onnxCallText(x.resize).c_str() : x.op.c_str(),
                            attrs.empty() || x.op == "Resize" ? "" : " ", x.op == "Resize" ? "" : attrs.c_str());
            }
            std::printf("  %s\n", onnx->check.note.c_str());
            if (onnx->opset18) {
                std::printf("\nONNX (PyTorch 2.x: torch.onnx.export(..., dynamo=True), opset 18):\n");
                if (onnx->opset18->exported.exportable)
                    std::printf("  %s\n", onnxCallText(onnx->opset18->exported.resize).c_str());
                std::printf("  %s\n", onnx->opset18->note.c_str());
            }
        }
    }
    return e.ok() ? 0 : 1;
}

}  // namespace cli
