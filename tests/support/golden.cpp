#include "golden.hpp"

#include <nlohmann/json.hpp>

#include <bit>
#include <cmath>
#include <cstdint>
#include <cstring>
#include <fstream>
#include <sstream>
#include <stdexcept>

namespace golden {

using upsample::DType;
using upsample::Shape;
using upsample::Tensor;

std::string testDataPath(const std::string& relative) { return std::string(UPSAMPLE_TESTS_DIR) + "/" + relative; }

std::vector<GoldenFolder> goldenFolders() {
    std::vector<GoldenFolder> out;
    for (const upsample::Semantics* s : upsample::allSemantics()) {
        const std::string path = "golden/torch-" + std::string(s->version);
        if (std::ifstream(testDataPath(path + "/interpolate.json"))) out.push_back({path, s});
    }
    if (out.empty()) throw std::runtime_error("golden: no tests/golden/torch-<version>/ folder");
    return out;
}

std::vector<std::pair<const upsample::Semantics*, nlohmann::json>> goldenDocuments(const std::string& name) {
    std::vector<std::pair<const upsample::Semantics*, nlohmann::json>> out;
    for (const GoldenFolder& g : goldenFolders()) {
        const std::string path = testDataPath(g.path + "/" + name);
        std::ifstream f(path);
        if (!f) throw std::runtime_error("golden: cannot open " + path);
        nlohmann::json doc = nlohmann::json::parse(f);
        const std::string made = doc.value("torch_version", std::string());
        if (upsample::nearestSemantics(made) != g.torch)
            throw std::runtime_error("golden: " + path + " was made by PyTorch " + made + ", not " +
                                     std::string(g.torch->version));
        out.emplace_back(g.torch, std::move(doc));
    }
    return out;
}

Tensor decodeTensor(const Shape& shape, DType dtype, const std::string& hex) {
    Tensor t(shape, dtype);
    const std::size_t digits = dtype == DType::Float64 ? 16 : 8;
    if (hex.size() != digits * static_cast<std::size_t>(t.numel()))
        throw std::runtime_error("golden: hex length does not match shape " + upsample::formatShape(shape));
    for (int64_t i = 0; i < t.numel(); ++i) {
        const uint64_t bits = std::stoull(hex.substr(static_cast<std::size_t>(i) * digits, digits), nullptr, 16);
        if (dtype == DType::Float64) t.data<double>()[i] = std::bit_cast<double>(bits);
        else t.data<float>()[i] = std::bit_cast<float>(static_cast<uint32_t>(bits));
    }
    return t;
}

namespace {

double scaleValue(const nlohmann::json& j) {
    if (j.is_string()) {
        const std::string s = j.get<std::string>();
        if (s == "nan") return NAN;
        if (s == "inf") return INFINITY;
        if (s == "-inf") return -INFINITY;
        throw std::runtime_error("golden: bad scale " + s);
    }
    return j.get<double>();
}

std::string scaleText(const nlohmann::json& j) {
    if (j.is_number_integer()) return std::to_string(j.get<int64_t>());
    return upsample::pyFloatRepr(scaleValue(j));
}

Case parseCase(const nlohmann::json& j) {
    Case c;
    c.id = j.at("id").get<std::string>();
    c.call = j.at("call").get<std::string>();
    c.modeText = j.at("mode").get<std::string>();
    upsample::Spec& s = c.spec;
    if (auto m = upsample::modeFromName(c.modeText)) s.mode = *m;
    else s.unknownModeName = c.modeText;
    const auto& size = j.at("size");
    if (size.is_array()) {
        s.size = size.get<std::vector<int64_t>>();
        s.sizeIsSequence = true;
        s.sequenceIsList = j.value("size_container", std::string("tuple")) == "list";
    } else if (!size.is_null()) {
        s.size = std::vector<int64_t>{size.get<int64_t>()};
    }
    const auto& scale = j.at("scale_factor");
    if (scale.is_array()) {
        s.scaleFactor.emplace();
        for (const auto& v : scale) {
            s.scaleFactor->push_back(scaleValue(v));
            s.scaleText.push_back(scaleText(v));
        }
        s.scaleIsSequence = true;
        s.sequenceIsList = j.value("scale_container", std::string("tuple")) == "list";
    } else if (!scale.is_null()) {
        s.scaleFactor = std::vector<double>{scaleValue(scale)};
        s.scaleText = {scaleText(scale)};
    }
    if (!j.at("align_corners").is_null()) s.alignCorners = j.at("align_corners").get<bool>();
    if (!j.at("recompute_scale_factor").is_null()) s.recomputeScaleFactor = j.at("recompute_scale_factor").get<bool>();
    s.antialias = j.at("antialias").get<bool>();
    const DType dtype = j.at("dtype").get<std::string>() == "float64" ? DType::Float64 : DType::Float32;
    c.input = decodeTensor(j.at("input_shape").get<Shape>(), dtype, j.at("input").get<std::string>());
    if (j.at("error").is_null()) {
        c.output = decodeTensor(j.at("output_shape").get<Shape>(), dtype, j.at("output").get<std::string>());
    } else {
        c.errorType = j.at("error").at("type").get<std::string>();
        c.errorMessage = j.at("error").at("message").get<std::string>();
    }
    return c;
}

std::vector<Case> load() {
    std::vector<Case> out;
    // interpolate.json, and <mode>.json of a mode added later (generated with every version: a mode
    // needs no line here)
    std::vector<std::string> names = {"interpolate.json"};
    for (const upsample::ModeDescriptor& d : upsample::modeDescriptors()) {
        const std::string name = std::string(d.name) + ".json";
        if (std::ifstream(testDataPath(goldenFolders().front().path + "/" + name))) names.push_back(name);
    }
    for (const std::string& name : names) {
        for (const auto& [torch, doc] : goldenDocuments(name)) {
            for (const auto& j : doc.at("cases")) {
                Case c = parseCase(j);
                c.spec.torch = torch;
                c.id = std::string(torch->version) + ":" + c.id;
                out.push_back(std::move(c));
            }
        }
    }
    return out;
}
}  // namespace

nlohmann::json mergedGolden(const std::string& name) {
    nlohmann::json merged;
    for (const auto& [torch, doc] : goldenDocuments(name)) {
        const std::string version(torch->version);
        for (auto it = doc.begin(); it != doc.end(); ++it) {
            if (!it.value().is_array()) {
                if (!merged.contains(it.key())) merged[it.key()] = it.value();
                continue;
            }
            nlohmann::json& list = merged[it.key()];
            if (!list.is_array()) list = nlohmann::json::array();
            for (nlohmann::json e : it.value()) {
                if (e.is_object()) {
                    e["torch"] = version;
                    if (e.contains("id") && e["id"].is_string()) e["id"] = version + ":" + e["id"].get<std::string>();
                }
                list.push_back(std::move(e));
            }
        }
    }
    return merged;
}

const upsample::Semantics& torchOf(const nlohmann::json& element) {
    const upsample::Semantics* s = upsample::semanticsNamed(element.value("torch", std::string()));
    if (!s) throw std::runtime_error("golden: an element without a known \"torch\" version");
    return *s;
}

const std::vector<Case>& cases() {
    static const std::vector<Case> all = load();
    return all;
}

std::vector<const Case*> casesOfMode(const std::string& mode, bool withErrors) {
    std::vector<const Case*> out;
    for (const auto& c : cases())
        if (c.modeText == mode && (withErrors || !c.isError())) out.push_back(&c);
    return out;
}

std::string compare(const Case& c, const Tensor& got) {
    if (got.dtype() != c.output->dtype()) return "dtype differs";
    return compareTensors(got, *c.output, c.isNearestMode(), "PyTorch");
}

std::string compareTensors(const Tensor& got, const Tensor& ref, bool bitExact, const std::string& refName) {
    std::ostringstream os;
    if (got.shape() != ref.shape()) {
        os << "shape " << upsample::formatShape(got.shape()) << " != " << upsample::formatShape(ref.shape());
        return os.str();
    }
    for (int64_t i = 0; i < ref.numel(); ++i) {
        const double r = ref.at(i), g = got.at(i);
        bool ok;
        if (bitExact) {
            ok = ref.dtype() == DType::Float64
                     ? std::bit_cast<uint64_t>(r) == std::bit_cast<uint64_t>(g)
                     : std::bit_cast<uint32_t>(static_cast<float>(r)) == std::bit_cast<uint32_t>(static_cast<float>(g));
        } else if (std::isnan(r) || std::isnan(g)) {
            ok = std::isnan(r) && std::isnan(g);
        } else if (std::isinf(r) || std::isinf(g)) {
            ok = r == g;
        } else {
            ok = std::fabs(g - r) <= 2e-5 * std::max(1.0, std::fabs(r));
        }
        if (!ok) {
            os.precision(9);
            os << "element " << i << ": got " << g << ", " << refName << " " << r;
            return os.str();
        }
    }
    return "";
}

}  // namespace golden

#include "upsample/backend.hpp"

namespace golden {

std::vector<const Case*> select(const std::vector<std::string>& modes, std::optional<bool> antialias) {
    std::vector<const Case*> out;
    for (const auto& c : cases()) {
        if (c.isError()) continue;
        bool modeOk = false;
        for (const auto& m : modes) modeOk = modeOk || c.modeText == m;
        if (modeOk && (!antialias || c.spec.antialias == *antialias)) out.push_back(&c);
    }
    return out;
}

namespace {
// Runs every selected case on the backend; check(case, output) says how the output differs ("" when
// it does not).
template <class Check>
std::vector<std::string> runEach(const std::vector<const Case*>& sel, upsample::Backend& backend, Check check) {
    std::vector<std::string> failures;
    for (const Case* c : sel) {
        try {
            const auto r = upsample::resolve(c->spec, c->input.shape());
            Tensor out(r.outputShape, c->input.dtype());
            backend.run(r, c->input, out);
            const std::string diff = check(*c, out);
            if (!diff.empty()) failures.push_back(c->id + " (" + c->call + "): " + diff);
        } catch (const std::exception& e) {
            failures.push_back(c->id + " (" + c->call + "): threw " + e.what());
        }
    }
    return failures;
}
}  // namespace

std::vector<std::string> runCases(const std::vector<const Case*>& sel, upsample::Backend& backend) {
    return runEach(sel, backend, [](const Case& c, const Tensor& out) { return compare(c, out); });
}

std::string compareBits(const Tensor& got, const Tensor& ref, const std::string& refName) {
    if (got.shape() != ref.shape()) return "shape " + upsample::formatShape(got.shape()) + " != " + upsample::formatShape(ref.shape());
    if (got.dtype() != ref.dtype()) return "dtype differs";
    for (int64_t i = 0; i < ref.numel(); ++i) {
        const double r = ref.at(i), g = got.at(i);
        const bool same = std::isnan(r) ? std::isnan(g)
                          : ref.dtype() == DType::Float64
                              ? std::bit_cast<uint64_t>(r) == std::bit_cast<uint64_t>(g)
                              : std::bit_cast<uint32_t>(static_cast<float>(r)) == std::bit_cast<uint32_t>(static_cast<float>(g));
        if (!same) {
            std::ostringstream os;
            os.precision(17);
            os << "element " << i << ": got " << g << ", " << refName << " " << r << " (" << std::fabs(g - r) << " off)";
            return os.str();
        }
    }
    return "";
}

std::vector<std::string> runCasesBitExact(const std::vector<const Case*>& sel, upsample::Backend& backend) {
    return runEach(sel, backend, [](const Case& c, const Tensor& out) { return compareBits(out, *c.output); });
}

std::vector<std::string> runCasesOnCpu(const std::vector<const Case*>& sel) {
    std::vector<std::string> failures;
    for (int threads : {1, 2}) {
        upsample::CpuBackend cpu(threads);
        for (const auto& f : runCases(sel, cpu)) failures.push_back(std::to_string(threads) + " threads: " + f);
    }
    return failures;
}

}  // namespace golden
