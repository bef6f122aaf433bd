#include "library_golden.hpp"

#include "golden.hpp"

#include "upsample/call_parser.hpp"

#include <nlohmann/json.hpp>

#include <charconv>
#include <fstream>
#include <stdexcept>

namespace libgolden {

using nlohmann::json;
using upsample::DType;
using upsample::Shape;
using upsample::Tensor;

namespace {

json load(const std::string& name) {
    const std::string path = golden::testDataPath("golden/libraries/" + name);
    std::ifstream f(path);
    if (!f) throw std::runtime_error("library goldens: cannot open " + path);
    return json::parse(f);
}

Tensor f32(const json& shape, const json& hex) { return golden::decodeTensor(shape.get<Shape>(), DType::Float32, hex.get<std::string>()); }

// (H, W) or (H, W, C) image -> (1, C, H, W)
Tensor hwcToNchw(const Tensor& img) {
    const int64_t h = img.dim(0), w = img.dim(1), c = img.rank() == 3 ? img.dim(2) : 1;
    Tensor out({1, c, h, w}, DType::Float32);
    for (int64_t y = 0; y < h; ++y)
        for (int64_t x = 0; x < w; ++x)
            for (int64_t k = 0; k < c; ++k)
                out.data<float>()[(k * h + y) * w + x] = img.data<float>()[(y * w + x) * c + k];
    return out;
}

std::string jsonText(const json& v) {
    if (v.is_number_float()) {
        // the exporter writes float32 attributes: print as float32's shortest text
        const float f = v.get<float>();
        char buf[32];
        const auto r = std::to_chars(buf, buf + sizeof buf, f);
        std::string s(buf, r.ptr);
        if (s.find_first_of(".en") == std::string::npos) s += ".0";
        return s;
    }
    if (v.is_array()) {
        std::string s = "[";
        for (std::size_t i = 0; i < v.size(); ++i) s += (i ? ", " : "") + jsonText(v[i]);
        return s + "]";
    }
    return v.dump();
}

upsample::OnnxResize onnxResize(const json& attrs, const json& c) {
    upsample::OnnxResize r;
    auto str = [&](const char* k, const char* def) { return attrs.contains(k) ? attrs.at(k).get<std::string>() : std::string(def); };
    r.mode = upsample::onnxModeFromName(str("mode", "nearest")).value();
    r.coordinateTransformationMode =
        upsample::onnxCoordinateTransformFromName(str("coordinate_transformation_mode", "half_pixel")).value();
    r.nearestMode = upsample::onnxNearestModeFromName(str("nearest_mode", "round_prefer_floor")).value();
    if (attrs.contains("cubic_coeff_a")) r.cubicCoeffA = attrs.at("cubic_coeff_a").get<double>();
    if (attrs.contains("exclude_outside")) r.excludeOutside = attrs.at("exclude_outside").get<int>() != 0;
    if (attrs.contains("extrapolation_value")) r.extrapolationValue = attrs.at("extrapolation_value").get<double>();
    if (attrs.contains("antialias")) r.antialias = attrs.at("antialias").get<int>() != 0;
    if (attrs.contains("axes")) r.axes = attrs.at("axes").get<std::vector<int64_t>>();
    if (attrs.contains("keep_aspect_ratio_policy"))
        r.keepAspectRatioPolicy =
            upsample::onnxKeepAspectRatioPolicyFromName(attrs.at("keep_aspect_ratio_policy").get<std::string>()).value();
    if (!c.at("roi").is_null()) r.roi = c.at("roi").get<std::vector<float>>();
    if (!c.at("scales").is_null()) r.scales = c.at("scales").get<std::vector<float>>();
    if (!c.at("sizes").is_null()) r.sizes = c.at("sizes").get<std::vector<int64_t>>();
    return r;
}

// The cases of one file, parsed once by `parse`.
template <class Case, class Parse>
std::vector<Case> loadCases(const std::string& file, Parse parse) {
    const json doc = load(file);
    std::vector<Case> out;
    for (const auto& c : doc.at("cases")) out.push_back(parse(c));
    return out;
}

}  // namespace

bool OpenCvCase::nearest() const {
    return resize.interpolation == upsample::CvInterpolation::Nearest ||
           resize.interpolation == upsample::CvInterpolation::NearestExact;
}

const std::vector<OpenCvCase>& openCvCases() {
    static const auto all = loadCases<OpenCvCase>("opencv.json", [](const json& c) {
        OpenCvCase k;
        k.id = c.at("id");
        k.call = c.at("call");
        k.resize.interpolation = upsample::cvInterpolationFromName(c.at("interpolation").get<std::string>()).value();
        if (!c.at("dsize").is_null()) k.resize.dsize = std::make_pair(c.at("dsize")[0].get<int64_t>(), c.at("dsize")[1].get<int64_t>());
        k.resize.fx = c.at("fx");
        k.resize.fy = c.at("fy");
        k.resize.uint8 = c.contains("dtype") && c.at("dtype") == "uint8";
        k.input = hwcToNchw(f32(c.at("input_shape"), c.at("input")));
        k.output = hwcToNchw(f32(c.at("output_shape"), c.at("output")));
        return k;
    });
    return all;
}

const std::vector<PillowCase>& pillowCases() {
    static const auto all = loadCases<PillowCase>("pillow.json", [](const json& c) {
        PillowCase k;
        k.id = c.at("id");
        k.call = c.at("call");
        k.resize.resample = upsample::pilResampleFromName(c.at("resample").get<std::string>()).value();
        k.resize.width = c.at("size")[0];
        k.resize.height = c.at("size")[1];
        k.input = hwcToNchw(f32(c.at("input_shape"), c.at("input")));
        k.output = hwcToNchw(f32(c.at("output_shape"), c.at("output")));
        return k;
    });
    return all;
}

const std::vector<OnnxCase>& onnxConformanceCases() {
    static const auto all = loadCases<OnnxCase>("onnx_conformance.json", [](const json& c) {
        OnnxCase k;
        k.id = c.at("id");
        k.opset = c.at("opset");
        k.resize = onnxResize(c.at("attributes"), c);
        k.call = upsample::onnxCallText(k.resize);
        k.input = f32(c.at("input_shape"), c.at("input"));
        k.output = f32(c.at("output_shape"), c.at("output"));
        return k;
    });
    return all;
}

const std::vector<OnnxCase>& onnxConformance18Cases() {
    static const auto all = loadCases<OnnxCase>("onnx_conformance_18.json", [](const json& c) {
        OnnxCase k;
        k.id = c.at("id");
        k.opset = c.at("opset");
        k.resize = onnxResize(c.at("attributes"), c);
        k.resize.opset = k.opset;
        k.call = upsample::onnxCallText(k.resize);
        k.input = f32(c.at("input_shape"), c.at("input"));
        k.output = f32(c.at("output_shape"), c.at("output"));
        return k;
    });
    return all;
}

const std::vector<OnnxCase>& onnxReferenceCases() {
    static const auto all = loadCases<OnnxCase>("onnx_reference.json", [](const json& c) {
        OnnxCase k;
        k.id = c.at("id");
        k.call = c.at("call");
        k.resize = onnxResize(c, c);
        k.input = f32(c.at("input_shape"), c.at("input"));
        k.output = f32(c.at("output_shape"), c.at("output"));
        return k;
    });
    return all;
}

namespace {
ExportCase exportCase(const json& c) {
    ExportCase k;
    k.id = c.at("id");
    k.call = c.at("call");
    k.spec = upsample::parseCall(k.call).spec;
    k.input = f32(c.at("input_shape"), c.at("input"));
    k.torchOutput = f32(c.at("output_shape"), c.at("output"));
    const json& e = c.at("export");
    k.exportable = e.at("exportable");
    if (!k.exportable) {
        k.errorType = e.at("error_type");
        k.message = e.at("message");
    } else {
        k.op = e.at("op");
        for (const auto& [name, v] : e.at("attributes").items()) k.attributes.emplace_back(name, jsonText(v));
        if (!e.at("scales").is_null()) k.scales = e.at("scales").get<std::vector<float>>();
        if (!e.at("sizes").is_null()) k.sizes = e.at("sizes").get<std::vector<int64_t>>();
        k.onnxOutput = f32(e.at("output_shape"), e.at("output"));
        if (!e.at("max_abs_diff").is_null()) {
            k.maxAbsDiff = e.at("max_abs_diff").get<double>();
            k.maxAbsDiffAt = e.at("max_abs_diff_at").get<std::vector<int64_t>>();
        }
    }
    return k;
}
}  // namespace

const std::vector<ExportCase>& exportCases() {
    static const auto all = loadCases<ExportCase>("onnx_export.json", exportCase);
    return all;
}

const std::vector<ExportCase>& exportCases18() {
    static const auto all = loadCases<ExportCase>("onnx_export_18.json", exportCase);
    return all;
}

}  // namespace libgolden
