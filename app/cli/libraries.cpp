#include "libraries.hpp"

#include "json_out.hpp"

#include "upsample/error.hpp"

#include <charconv>
#include <cstdlib>
#include <map>
#include <optional>
#include <string_view>

namespace cli {

using namespace upsample;
using nlohmann::json;

namespace {
// option -> the convention that owns it (torchvision shares OpenCV's --interpolation, each with its names)
const std::multimap<std::string, Library>& owners() {
    static const std::multimap<std::string, Library> m = {
        {"interpolation", Library::OpenCV},
        {"interpolation", Library::Torchvision},
        {"max-size", Library::Torchvision},
        {"no-antialias", Library::Torchvision},
        {"cpu-capability", Library::Torchvision},
        {"dsize", Library::OpenCV},
        {"fx", Library::OpenCV},
        {"fy", Library::OpenCV},
        {"resample", Library::Pillow},
        {"coordinate-transformation-mode", Library::Onnx},
        {"nearest-mode", Library::Onnx},
        {"cubic-coeff-a", Library::Onnx},
        {"exclude-outside", Library::Onnx},
        {"extrapolation-value", Library::Onnx},
        {"roi", Library::Onnx},
        {"scales", Library::Onnx},
        {"sizes", Library::Onnx},
        {"opset", Library::Onnx},
        {"axes", Library::Onnx},
        {"keep-aspect-ratio-policy", Library::Onnx},
        {"uint8", Library::OpenCV},
        {"order", Library::Skimage},
        {"skimage-mode", Library::Skimage},
        {"cval", Library::Skimage},
        {"no-clip", Library::Skimage},
        {"anti-aliasing", Library::Skimage},
        {"output-shape", Library::Skimage},
        {"rescale", Library::Skimage},
    };
    return m;
}

std::pair<int64_t, int64_t> widthHeight(const std::string& option, const std::string& text) {
    const auto v = parseInts(option, text, 2);
    if (v.size() != 2) throw UsageError("--" + option + ": expected WIDTH,HEIGHT, got '" + text + "'");
    return {v[0], v[1]};
}

double oneDouble(const std::string& option, const std::string& text) { return parseDoubles(option, text, 1).at(0); }

// An option naming one value of a library's enum: fromName(text), or a UsageError listing `choices`.
template <class FromName>
auto enumOption(const Args& a, const std::string& option, FromName fromName, const char* choices)
    -> std::optional<typename decltype(fromName(std::string_view{}))::value_type> {
    const auto text = a.value(option);
    if (!text) return std::nullopt;
    const auto v = fromName(*text);
    if (!v) throw UsageError("--" + option + ": '" + *text + "' is not one of " + choices);
    return v;
}

// A float32 as the shortest decimal that reads back as it (1.7, not 1.7000000476837158).
json float32Json(float v) {
    char buf[32];
    const auto r = std::to_chars(buf, buf + sizeof buf, v);
    return std::strtod(std::string(buf, r.ptr).c_str(), nullptr);
}

json attributesJson(const OnnxExport& e) {
    json a = json::object();
    for (const auto& [name, value] : e.attributes) a[name] = json::parse(value);
    return a;
}
}  // namespace

const std::set<std::string>& conventionValueOptions() {
    static const std::set<std::string> s = {"interpolation", "dsize", "fx", "fy", "resample",
                                            "coordinate-transformation-mode", "nearest-mode", "cubic-coeff-a",
                                            "extrapolation-value", "roi", "scales", "sizes", "opset", "axes",
                                            "keep-aspect-ratio-policy", "order", "skimage-mode", "cval", "output-shape", "rescale",
                                            "max-size", "cpu-capability"};
    return s;
}

const std::set<std::string>& conventionFlags() {
    static const std::set<std::string> s = {"exclude-outside", "uint8", "no-clip", "anti-aliasing", "no-antialias"};
    return s;
}

void checkConventionOptions(const Args& a, Library convention) {
    for (auto it = owners().begin(); it != owners().end(); it = owners().upper_bound(it->first)) {
        const auto [first, last] = owners().equal_range(it->first);
        bool owned = false;
        std::string names;
        for (auto o = first; o != last; ++o) {
            owned = owned || o->second == convention;
            names += (names.empty() ? "" : " and ") + std::string(libraryName(o->second));
        }
        if (a.has(it->first) && !owned)
            throw UsageError("--" + it->first + " is an option of --convention " + names + " (this is --convention " +
                             std::string(libraryName(convention)) + ")");
    }
}

OpenCvResize openCvFromArgs(const Args& a) {
    OpenCvResize r;
    if (auto v = enumOption(a, "interpolation", cvInterpolationFromName,
                            "INTER_NEAREST, INTER_NEAREST_EXACT, INTER_LINEAR, INTER_LINEAR_EXACT, INTER_CUBIC, "
                            "INTER_AREA, INTER_LANCZOS4"))
        r.interpolation = *v;
    r.uint8 = a.has("uint8");
    if (auto d = a.value("dsize")) r.dsize = widthHeight("dsize", *d);
    if (auto f = a.value("fx")) r.fx = oneDouble("fx", *f);
    if (auto f = a.value("fy")) r.fy = oneDouble("fy", *f);
    if (!r.dsize && !(a.value("fx") && a.value("fy")))
        throw UsageError("--convention opencv needs --dsize WIDTH,HEIGHT or both --fx and --fy");
    return r;
}

PillowResize pillowFromArgs(const Args& a) {
    PillowResize r;
    if (auto v = enumOption(a, "resample", pilResampleFromName, "NEAREST, BOX, BILINEAR, HAMMING, BICUBIC, LANCZOS"))
        r.resample = *v;
    const auto size = a.value("size");
    if (!size) throw UsageError("--convention pillow needs --size WIDTH,HEIGHT (Pillow's order)");
    std::tie(r.width, r.height) = widthHeight("size", *size);
    return r;
}

OnnxResize onnxFromArgs(const Args& a, const Shape& inputShape) {
    OnnxResize r;
    const auto mode = enumOption(a, "mode", onnxModeFromName, "ONNX Resize's modes nearest, linear, cubic");
    if (!mode) throw UsageError("--convention onnx needs --mode nearest|linear|cubic");
    r.mode = *mode;
    if (auto v = enumOption(a, "coordinate-transformation-mode", onnxCoordinateTransformFromName,
                            "half_pixel, pytorch_half_pixel, align_corners, asymmetric, tf_half_pixel_for_nn, "
                            "tf_crop_and_resize, half_pixel_symmetric"))
        r.coordinateTransformationMode = *v;
    if (auto v = enumOption(a, "nearest-mode", onnxNearestModeFromName, "round_prefer_floor, round_prefer_ceil, floor, ceil"))
        r.nearestMode = *v;
    if (auto c = a.value("cubic-coeff-a")) r.cubicCoeffA = oneDouble("cubic-coeff-a", *c);
    if (auto e = a.value("extrapolation-value")) r.extrapolationValue = oneDouble("extrapolation-value", *e);
    r.excludeOutside = a.has("exclude-outside");
    if (auto o = a.value("opset")) {
        const auto v = parseInts("opset", *o, 1);
        if (v.at(0) < 11 || v.at(0) > 19) throw UsageError("--opset: " + *o + " is not an opset of Resize modelled here (11 to 19)");
        r.opset = static_cast<int>(v.at(0));
    }
    r.antialias = a.has("antialias");
    if (auto v = enumOption(a, "keep-aspect-ratio-policy", onnxKeepAspectRatioPolicyFromName, "stretch, not_larger, not_smaller"))
        r.keepAspectRatioPolicy = *v;
    if (auto ax = a.value("axes")) r.axes = parseInts("axes", *ax, 8);
    // with --axes, scales / sizes / roi name those axes only: no spatial shorthand
    const std::size_t rank = r.axes.empty() ? inputShape.size() : 0;
    if (auto s = a.value("scales")) {
        for (double v : parseDoubles("scales", *s, 8)) r.scales.push_back(static_cast<float>(v));
        if (r.scales.size() + 2 == rank) r.scales.insert(r.scales.begin(), {1.f, 1.f});
    }
    if (auto s = a.value("sizes")) {
        r.sizes = parseInts("sizes", *s, 8);
        if (r.sizes.size() + 2 == rank) r.sizes.insert(r.sizes.begin(), inputShape.begin(), inputShape.begin() + 2);
    }
    if (auto roi = a.value("roi")) {
        for (double v : parseDoubles("roi", *roi, 16)) r.roi.push_back(static_cast<float>(v));
        const std::size_t spatial = rank >= 2 ? rank - 2 : 0;
        if (r.roi.size() == 2 * spatial) {  // spatial starts, spatial ends: N and C keep [0, 1]
            std::vector<float> full = {0.f, 0.f};
            full.insert(full.end(), r.roi.begin(), r.roi.begin() + static_cast<long>(spatial));
            full.insert(full.end(), {1.f, 1.f});
            full.insert(full.end(), r.roi.begin() + static_cast<long>(spatial), r.roi.end());
            r.roi = full;
        }
    }
    if (r.scales.empty() == r.sizes.empty()) throw UsageError("--convention onnx needs exactly one of --scales and --sizes");
    return r;
}

TorchvisionResize torchvisionFromArgs(const Args& a) {
    TorchvisionResize r;
    if (auto v = enumOption(a, "interpolation", tvInterpolationFromName, "NEAREST, NEAREST_EXACT, BILINEAR, BICUBIC, LANCZOS"))
        r.interpolation = *v;
    if (auto v = enumOption(a, "cpu-capability", tvCpuCapabilityFromName, "AVX2, AVX512, DEFAULT")) r.cpu = *v;
    r.antialias = !a.has("no-antialias");
    const auto size = a.value("size");
    if (!size) throw UsageError("--convention torchvision needs --size H,W (or --size S: the smaller edge)");
    r.size = parseInts("size", *size, 2);
    if (auto m = a.value("max-size")) r.maxSize = parseInts("max-size", *m, 1).at(0);
    return r;
}

SkimageResize skimageFromArgs(const Args& a, const Shape& inputShape) {
    SkimageResize r;
    if (auto o = a.value("order")) {
        const auto v = parseInts("order", *o, 1);
        if (v.at(0) < 0 || v.at(0) > 3)
            throw UsageError("--order: " + *o + " is not a spline order modelled here (0 to 3: nearest, linear, "
                             "quadratic, cubic)");
        r.order = static_cast<int>(v.at(0));
    }
    if (auto v = enumOption(a, "skimage-mode", skModeFromName, "constant, edge, symmetric, reflect, wrap")) r.mode = *v;
    if (auto c = a.value("cval")) r.cval = oneDouble("cval", *c);
    r.clip = !a.has("no-clip");
    r.antiAliasing = a.has("anti-aliasing");
    const auto shape = a.value("output-shape");
    const auto rescale = a.value("rescale");
    if (shape.has_value() == rescale.has_value())
        throw UsageError("--convention skimage needs one of --output-shape N,... (one per spatial dim, rows first) and "
                         "--rescale S[,S...]");
    if (rescale) {
        if (inputShape.size() < 3) throw UsageError("--rescale: expected (N, C, spatial...), got " + formatShape(inputShape));
        r.outputShape = skimageRescaleShape(Shape(inputShape.begin() + 2, inputShape.end()), parseDoubles("rescale", *rescale, 3));
        return r;
    }
    r.outputShape = parseInts("output-shape", *shape, 3);
    if (inputShape.size() >= 3 && r.outputShape.size() != inputShape.size() - 2)
        throw UsageError("--output-shape: " + std::to_string(r.outputShape.size()) + " values for " +
                         std::to_string(inputShape.size() - 2) + " spatial dims of " + formatShape(inputShape));
    return r;
}

json onnxExportJson(const OnnxExportCheck& c, bool computed) {
    const OnnxExport& e = c.exported;
    json j;
    j["exportable"] = e.exportable;
    j["op"] = e.exportable ? json(e.op) : json(nullptr);
    j["attributes"] = attributesJson(e);
    json inputs = json::object();
    if (e.exportable && e.op == "Resize") {
        if (!e.resize.scales.empty()) {
            inputs["scales"] = json::array();
            for (float v : e.resize.scales) inputs["scales"].push_back(float32Json(v));
        }
        else inputs["sizes"] = e.resize.sizes;
    }
    j["inputs"] = inputs;
    const bool numbers = computed && c.compared;
    j["max_abs_diff"] = numbers ? json(c.maxAbsDiff) : json(nullptr);
    j["max_abs_diff_at"] = numbers && !c.maxAbsDiffAt.empty() ? json(c.maxAbsDiffAt) : json(nullptr);
    j["differing"] = numbers ? json(c.differing) : json(nullptr);
    j["output_shape"] = computed && e.exportable ? json(c.onnxShape) : json(nullptr);
    if (!e.exportable) {
        j["error_type"] = e.refusalType;
        j["error"] = e.refusal;
    }
    j["note"] = c.note;
    return j;
}

json libraryCallJson(const LibraryCall& c) {
    json j;
    j["library"] = std::string(libraryName(c.library));
    j["code"] = c.code.empty() ? json(nullptr) : json(c.code);
    j["verdict"] = std::string(verdictName(c.verdict));
    j["max_abs_diff"] = jsonNumber(c.maxAbsDiff);
    j["max_abs_diff_at"] = c.maxAbsDiffAt.empty() ? json(nullptr) : json(c.maxAbsDiffAt);
    j["differing"] = c.differing;
    j["compared"] = c.compared;
    j["output_shape"] = c.shape.empty() ? json(nullptr) : json(c.shape);
    j["note"] = c.note;
    return j;
}

}  // namespace cli
