// dtypes as PyTorch 1.13 takes them on the CPU (tests/golden/dtypes.json, from real PyTorch by
// tests/golden/generate_dtypes.py): uint8 through nearest and nearest-exact byte for byte, and
// PyTorch's refusal of every other dtype x mode x rank x channel-count path word for word.
#include "support/golden.hpp"

#include "upsample/backend.hpp"
#include "upsample/error.hpp"
#include "upsample/npy.hpp"
#include "upsample/spec.hpp"

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include <cstring>
#include <fstream>
#include <map>
#include <optional>
#include <string>
#include <vector>

using namespace upsample;
using nlohmann::json;

namespace {

const json& goldenCases() {
    static const json cases = golden::mergedGolden("dtypes.json").at("cases");
    return cases;
}

std::optional<DType> dtypeNamed(const std::string& name) {
    for (DType t : {DType::Float32, DType::Float64, DType::UInt8, DType::Int8, DType::Int16, DType::Int32,
                    DType::Int64, DType::Bool, DType::Float16})
        if (dtypeName(t) == name) return t;
    return std::nullopt;
}

std::vector<uint8_t> bytesOf(const std::string& hex) {
    std::vector<uint8_t> b(hex.size() / 2);
    for (std::size_t i = 0; i < b.size(); ++i) b[i] = static_cast<uint8_t>(std::stoul(hex.substr(2 * i, 2), nullptr, 16));
    return b;
}

Spec specOf(const json& c) {
    Spec s;
    s.mode = *modeFromName(c.at("mode").get<std::string>());
    if (!c.at("size").is_null()) {
        s.sizeIsSequence = c.at("size").is_array();
        s.size = s.sizeIsSequence ? c.at("size").get<std::vector<int64_t>>()
                                  : std::vector<int64_t>{c.at("size").get<int64_t>()};
    }
    if (!c.at("scale_factor").is_null()) {
        s.scaleIsSequence = c.at("scale_factor").is_array();
        s.scaleFactor = s.scaleIsSequence ? c.at("scale_factor").get<std::vector<double>>()
                                          : std::vector<double>{c.at("scale_factor").get<double>()};
    }
    if (!c.at("align_corners").is_null()) s.alignCorners = c.at("align_corners").get<bool>();
    if (!c.at("recompute_scale_factor").is_null()) s.recomputeScaleFactor = c.at("recompute_scale_factor").get<bool>();
    s.antialias = c.at("antialias").get<bool>();
    s.torch = &golden::torchOf(c);
    return s;
}

Tensor inputOf(const json& c, DType dtype) {
    const Shape shape = c.at("input_shape").get<Shape>();
    const std::string hex = c.at("input").get<std::string>();
    if (hex.empty()) return Tensor::zeros(shape, dtype);
    const std::vector<uint8_t> b = bytesOf(hex);
    return Tensor::fromValues(shape, std::span<const uint8_t>(b));
}

// A .npy file of three zeros of a NumPy descr ("<u2"), as np.save writes it.
std::vector<std::byte> npyOfZeros(const std::string& descr, std::size_t itemSize) {
    std::string dict = "{'descr': '" + descr + "', 'fortran_order': False, 'shape': (3,), }";
    while ((10 + dict.size() + 1) % 64 != 0) dict += ' ';
    dict += '\n';
    std::string file = std::string("\x93NUMPY\x01\x00", 8);
    file += static_cast<char>(dict.size() & 0xff);
    file += static_cast<char>(dict.size() >> 8);
    file += dict;
    file += std::string(3 * itemSize, '\0');
    std::vector<std::byte> out(file.size());
    std::memcpy(out.data(), file.data(), file.size());
    return out;
}

// What interpolate() gives for a case: "" when it matches the golden, else the difference.
std::string runCase(const json& c, int threads) {
    const DType dtype = *dtypeNamed(c.at("dtype").get<std::string>());
    const Tensor x = inputOf(c, dtype);
    RunOptions o;
    o.backend = BackendKind::Cpu;
    o.threads = threads;
    const json& err = c.at("error");
    try {
        const Tensor y = interpolate(x, specOf(c), o);
        if (!err.is_null()) return "no error; PyTorch: " + err.at("message").get<std::string>();
        if (dtypeName(y.dtype()) != c.at("output_dtype").get<std::string>())
            return "dtype " + std::string(dtypeName(y.dtype())) + ", PyTorch " + c.at("output_dtype").get<std::string>();
        if (y.shape() != c.at("output_shape").get<Shape>()) return "shape " + formatShape(y.shape());
        if (!c.at("output").is_null()) {
            const std::vector<uint8_t> want = bytesOf(c.at("output").get<std::string>());
            if (want.size() != static_cast<std::size_t>(y.numel())) return "size differs";
            for (std::size_t i = 0; i < want.size(); ++i)
                if (y.data<uint8_t>()[i] != want[i])
                    return "byte " + std::to_string(i) + ": got " + std::to_string(y.data<uint8_t>()[i]) + ", PyTorch " +
                           std::to_string(want[i]);
        }
        return "";
    } catch (const SpecError& e) {
        if (err.is_null()) return std::string("error ") + e.what() + "; PyTorch computes it";
        if (pyErrorTypeName(e.pyType()) != err.at("type").get<std::string>() ||
            e.what() != err.at("message").get<std::string>())
            return std::string("got ") + pyErrorTypeName(e.pyType()) + ": " + e.what() + "; PyTorch " +
                   err.at("type").get<std::string>() + ": " + err.at("message").get<std::string>();
        return "";
    }
}

// A dtype the case's PyTorch version computes and this program does not (float16 3-D area in the
// older version; uint8 bilinear/bicubic and float16 in the newer): refused in plain words.
bool computedByPyTorchNotHere(const json& c) {
    if (!c.at("error").is_null() || c.at("output_shape").is_null()) return false;  // from_numpy cases: no shape
    if (shapeNumel(c.at("output_shape").get<Shape>()) == 0) return false;
    const auto dtype = dtypeNamed(c.at("dtype").get<std::string>());
    return dtype && !dtypeComputed(resolve(specOf(c), c.at("input_shape").get<Shape>()), *dtype);
}

}  // namespace

TEST_CASE("dtypes: uint8 nearest and nearest-exact equal PyTorch byte for byte", "[dtypes][golden]") {
    int n = 0;
    for (const json& c : goldenCases()) {
        if (c.at("dtype") != "uint8" || !c.at("error").is_null() || computedByPyTorchNotHere(c)) continue;
        for (int threads : {1, 2}) {
            INFO(c.at("id").get<std::string>() << ": " << c.at("call").get<std::string>() << " threads " << threads);
            CHECK(runCase(c, threads) == "");
        }
        ++n;
    }
    CHECK(n >= 200);
}

TEST_CASE("dtypes: every refused dtype x mode x rank x channel count gives PyTorch's message word for word",
          "[dtypes][golden][errors]") {
    int n = 0;
    std::map<std::string, int> byDType;
    for (const json& c : goldenCases()) {
        if (c.at("error").is_null() || c.at("id").get<std::string>().find(":from_numpy") != std::string::npos) continue;
        INFO(c.at("id").get<std::string>() << ": " << c.at("call").get<std::string>());
        CHECK(runCase(c, 1) == "");
        ++byDType[c.at("dtype").get<std::string>()];
        ++n;
    }
    CHECK(n >= 400);
    for (const char* d : {"uint8", "int8", "int16", "int32", "int64", "bool", "float16"}) CHECK(byDType[d] > 0);
}

TEST_CASE("dtypes: empty area results come back in the input's dtype, as in PyTorch", "[dtypes][golden]") {
    int n = 0;
    for (const json& c : goldenCases()) {
        if (!c.at("error").is_null() || c.at("dtype") == "uint8" || c.at("output_shape").is_null() ||
            computedByPyTorchNotHere(c))
            continue;
        INFO(c.at("id").get<std::string>() << ": " << c.at("call").get<std::string>());
        CHECK(runCase(c, 1) == "");
        ++n;
    }
    CHECK(n > 0);
}

TEST_CASE("dtypes: a dtype PyTorch computes and this program does not is refused in plain words", "[dtypes][golden]") {
    std::map<std::string, int> byVersion;
    for (const json& c : goldenCases()) {
        if (!computedByPyTorchNotHere(c)) continue;
        INFO(c.at("id").get<std::string>() << ": " << c.at("call").get<std::string>());
        const DType dtype = *dtypeNamed(c.at("dtype").get<std::string>());
        const Tensor x = inputOf(c, dtype);
        const Spec spec = specOf(c);
        const ResolvedSpec r = resolve(spec, x.shape());
        try {
            interpolate(x, spec);
            FAIL("computed");
        } catch (const SpecError&) {
            FAIL("refused with a PyTorch message PyTorch does not give");
        } catch (const Error& e) {
            const std::string name(dtypeName(dtype));
            CHECK(std::string(e.what()) == "PyTorch " + std::string(spec.semantics().version) + " computes " +
                                               std::string(modeName(spec.mode)) + " on " + std::to_string(r.spatialDims) +
                                               "-D " + name + " input in " + name +
                                               ", which this program does not reproduce; convert the input to float32");
        }
        ++byVersion[c.at("torch").get<std::string>()];
    }
    // The older version computes 3-D area in float16, which is not reproduced here; every dtype the
    // newer version computes is (uint8 bilinear / bicubic in fixed point, float16 but antialias).
    CHECK(byVersion["1.13"] > 0);
    CHECK(byVersion["2.14"] == 0);
}

TEST_CASE("dtypes: uint16, uint32 and uint64 arrays give torch.from_numpy's TypeError", "[dtypes][golden][npy]") {
    const std::map<std::string, std::pair<std::string, std::size_t>> descr = {
        {"uint16", {"<u2", 2}}, {"uint32", {"<u4", 4}}, {"uint64", {"<u8", 8}}};
    int n = 0;
    for (const json& c : goldenCases()) {
        if (c.at("id").get<std::string>().find(":from_numpy") == std::string::npos) continue;
        // The newer version's torch.from_numpy takes them (its uint16/uint32/uint64 tensors); the .npy
        // reader has no version and refuses them with the older version's TypeError.
        if (c.at("error").is_null()) continue;
        const auto& [d, size] = descr.at(c.at("dtype").get<std::string>());
        const auto bytes = npyOfZeros(d, size);
        try {
            readNpyBytes(bytes, NpyDTypes::AsPyTorch);
            FAIL("read");
        } catch (const SpecError& e) {
            CHECK(std::string(pyErrorTypeName(e.pyType())) == c.at("error").at("type").get<std::string>());
            CHECK(std::string(e.what()) == c.at("error").at("message").get<std::string>());
        }
        // converting stays available: the old behaviour, with its notice
        const NpyLoad converted = readNpyBytes(bytes, NpyDTypes::ConvertToFloat32);
        CHECK(converted.tensor.dtype() == DType::Float32);
        REQUIRE(converted.notices.size() == 1);
        CHECK(converted.notices[0] == "converted " + c.at("dtype").get<std::string>() + " to float32");
        ++n;
    }
    CHECK(n == 3);
}

TEST_CASE("dtypes: .npy arrays keep PyTorch's dtypes when asked, and round-trip", "[dtypes][npy]") {
    const std::vector<std::pair<std::string, DType>> kept = {
        {"|u1", DType::UInt8}, {"|i1", DType::Int8}, {"<i2", DType::Int16}, {"<i4", DType::Int32},
        {"<i8", DType::Int64}, {"|b1", DType::Bool}, {"<f2", DType::Float16}};
    for (const auto& [d, dtype] : kept) {
        INFO(d);
        const NpyLoad load = readNpyBytes(npyOfZeros(d, dtypeSize(dtype)), NpyDTypes::AsPyTorch);
        CHECK(load.tensor.dtype() == dtype);
        CHECK(load.notices.empty());
        const NpyLoad again = readNpyBytes(encodeNpy(load.tensor), NpyDTypes::AsPyTorch);
        CHECK(again.tensor.dtype() == dtype);
        CHECK(again.info.descr == d);
        // the default read converts, as before
        CHECK(readNpyBytes(npyOfZeros(d, dtypeSize(dtype))).tensor.dtype() == DType::Float32);
    }
}

TEST_CASE("dtypes: uint8 runs on the CPU when OpenCL is requested, with a notice", "[dtypes][backends]") {
    const std::vector<uint8_t> v = {1, 2, 3, 250};
    const Tensor x = Tensor::fromValues(Shape{1, 1, 2, 2}, std::span<const uint8_t>(v));
    Spec s;
    s.mode = Mode::Nearest;
    s.scaleFactor = std::vector<double>{2};
    RunOptions o;
    o.backend = BackendKind::OpenCL;
    RunReport report;
    const Tensor y = interpolate(x, s, o, &report);
    CHECK(report.ran == BackendKind::Cpu);
    REQUIRE(y.dtype() == DType::UInt8);
    CHECK(y.data<uint8_t>()[15] == 250);
    REQUIRE(!report.notices.empty());
    CHECK(report.notices[0] == "OpenCL computes uint8 in bilinear and bicubic only; uint8 computed on the CPU");
}
