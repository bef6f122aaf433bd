// torchvision's transforms.v2.functional.resize against real torchvision 0.27 on PyTorch 2.14
// (tests/golden/libraries/torchvision.json, tests/golden/generate_torchvision.py): uint8 bit for bit on
// both of its bilinear paths (AVX2/AVX512: PyTorch's fixed point; DEFAULT: float32, rounded), the
// other interpolations, float32 and bfloat16, its output sizes and its ValueErrors word for word.
#include "../support/golden.hpp"

#include "upsample/backend.hpp"
#include "upsample/conventions.hpp"
#include "upsample/error.hpp"

#include <catch2/catch.hpp>

#include <cmath>
#include <cstring>
#include <fstream>
#include <map>

using namespace upsample;
using nlohmann::json;

namespace {

const json& goldenCases() {
    static const json cases = [] {
        std::ifstream f(golden::testDataPath("golden/libraries/torchvision.json"));
        return json::parse(f).at("cases");
    }();
    return cases;
}

DType dtypeOf(const json& c) {
    const std::string d = c.at("dtype");
    if (d == "uint8") return DType::UInt8;
    if (d == "bfloat16") return DType::BFloat16;
    return d == "float16" ? DType::Float16 : DType::Float32;
}

// The hex of the goldens: uint8 bytes; float32, bfloat16 and float16 big-endian bits.
Tensor tensorOf(const Shape& shape, DType dtype, const std::string& hex) {
    Tensor t = Tensor::zeros(shape, dtype);
    const std::size_t size = dtypeSize(dtype);
    auto* p = static_cast<unsigned char*>(t.raw());
    for (std::size_t i = 0; i < hex.size() / 2; ++i) {
        const std::size_t element = i / size, byte = size - 1 - i % size;  // big-endian to native
        p[element * size + (size == 1 ? 0 : byte)] = static_cast<unsigned char>(std::stoul(hex.substr(2 * i, 2), nullptr, 16));
    }
    return t;
}

TorchvisionResize resizeOf(const json& c) {
    TorchvisionResize r;
    r.interpolation = *tvInterpolationFromName(c.at("interpolation").get<std::string>());
    const json& size = c.at("size");
    r.size = size.is_array() ? size.get<std::vector<int64_t>>() : std::vector<int64_t>{size.get<int64_t>()};
    if (!c.at("max_size").is_null()) r.maxSize = c.at("max_size").get<int64_t>();
    r.antialias = c.at("antialias");
    r.cpu = *tvCpuCapabilityFromName(c.at("cpu_capability").get<std::string>());
    return r;
}

// uint8, bfloat16 and float16 bit for bit (NaN by position); float32 within 2e-5·max(1, |ref|), as the
// float32 goldens are judged (antialias sums in another order than PyTorch's vectorised code).
bool matches(const Tensor& got, const Tensor& want) {
    if (got.shape() != want.shape() || got.dtype() != want.dtype()) return false;
    const double tolerance = got.dtype() == DType::Float32 ? 2e-5 : 0.0;
    for (int64_t i = 0; i < got.numel(); ++i) {
        const double a = got.at(i), b = want.at(i);
        if (std::isnan(a) || std::isnan(b)) {
            if (std::isnan(a) != std::isnan(b)) return false;
        } else if (std::abs(a - b) > tolerance * std::max(1.0, std::abs(b))) {
            return false;
        }
    }
    return true;
}

// F.interpolate itself refuses antialias on bfloat16 and float16; torchvision's detour through
// float32 does not.
bool interpolateRefusesAntialias(const Tensor& in, const Tensor& tv) {
    Spec s;
    s.mode = Mode::Bilinear;
    s.size = std::vector<int64_t>{tv.dim(2), tv.dim(3)};
    s.sizeIsSequence = true;
    s.antialias = true;
    try {
        interpolate(in, s);
    } catch (const SpecError& e) {
        return std::string(e.what()) == "\"compute_index_ranges_weights\" not implemented for '" +
                                             std::string(torchScalarTypeName(in.dtype())) + "'";
    }
    return false;
}
}  // namespace

TEST_CASE("torchvision: every golden case (uint8 on both bilinear paths, bfloat16 and float16 bit for bit, float32)",
          "[torchvision][golden]") {
    std::map<std::string, int> byPath;
    std::map<DType, int> antialiasedThroughFloat;
    for (const json& c : goldenCases()) {
        if (!c.at("error").is_null()) continue;
        INFO(c.at("id").get<std::string>() << ": " << c.at("call").get<std::string>());
        const DType d = dtypeOf(c);
        const Tensor in = tensorOf(c.at("input_shape").get<Shape>(), d, c.at("input"));
        const Tensor want = tensorOf(c.at("output_shape").get<Shape>(), d, c.at("output"));
        const TorchvisionResize r = resizeOf(c);
        const Tensor got = resizeTorchvision(in, r);
        CHECK(matches(got, want));
        if ((d == DType::BFloat16 || d == DType::Float16) && r.interpolation == TvInterpolation::Bilinear && r.antialias)
            antialiasedThroughFloat[d] += interpolateRefusesAntialias(in, got);
        const auto [oh, ow] = torchvisionOutputSize(in.dim(2), in.dim(3), r);
        CHECK(Shape{in.dim(0), in.dim(1), oh, ow} == want.shape());
        ++byPath[std::string(c.at("dtype")) + (d == DType::UInt8 && !tvNativeUint8(r) ? " through float32" : "")];
    }
    CHECK(byPath["uint8"] >= 20);
    CHECK(byPath["uint8 through float32"] == 10);
    CHECK(byPath["float32"] >= 4);
    CHECK(byPath["bfloat16"] == 5);  // NEAREST, NEAREST_EXACT, BILINEAR, BICUBIC, LANCZOS
    CHECK(byPath["float16"] == 6);   // the same five, and BILINEAR without antialias
    CHECK(antialiasedThroughFloat[DType::BFloat16] == 1);  // computed through float32 where F.interpolate refuses
    CHECK(antialiasedThroughFloat[DType::Float16] == 1);
}

TEST_CASE("torchvision: uint8 bilinear without AVX2 is float32 rounded, and differs from the fixed point",
          "[torchvision]") {
    int differing = 0, maxDiff = 0;
    for (const json& c : goldenCases()) {
        if (c.at("cpu_capability") != "DEFAULT") continue;
        TorchvisionResize r = resizeOf(c);
        const Tensor in = tensorOf(c.at("input_shape").get<Shape>(), DType::UInt8, c.at("input"));
        const Tensor viaFloat = resizeTorchvision(in, r);
        r.cpu = TvCpuCapability::Avx2;
        const Tensor fixed = resizeTorchvision(in, r);
        for (int64_t i = 0; i < fixed.numel(); ++i) {
            const int d = std::abs(static_cast<int>(fixed.at(i)) - static_cast<int>(viaFloat.at(i)));
            differing += d != 0;
            maxDiff = std::max(maxDiff, d);
        }
    }
    CHECK(differing > 0);
    CHECK(maxDiff == 1);
}

TEST_CASE("torchvision: output sizes, the same size returned as it is, its ValueErrors word for word", "[torchvision]") {
    TorchvisionResize r;
    r.size = {224};
    CHECK(torchvisionOutputSize(1080, 1920, r) == std::make_pair<int64_t, int64_t>(224, 398));
    CHECK(torchvisionOutputSize(1920, 1080, r) == std::make_pair<int64_t, int64_t>(398, 224));
    r.maxSize = 300;
    CHECK(torchvisionOutputSize(1080, 1920, r) == std::make_pair<int64_t, int64_t>(168, 300));  // int(300 · 224 / 398)
    for (const json& c : goldenCases()) {
        if (c.at("error").is_null()) continue;
        INFO(c.at("id").get<std::string>());
        const TorchvisionResize bad = resizeOf(c);
        CHECK_THROWS_WITH(torchvisionOutputSize(8, 8, bad), c.at("error").at("message").get<std::string>());
    }
    Tensor x(Shape{1, 1, 2, 2}, DType::Float32);
    x.data<float>()[0] = std::nanf("");
    for (int i = 1; i < 4; ++i) x.data<float>()[i] = static_cast<float>(i);
    r = TorchvisionResize{};
    r.size = {2, 2};
    const Tensor same = resizeTorchvision(x, r);
    CHECK(std::isnan(same.at(0)));
    CHECK(same.at(1) == 1.0);
    CHECK_THROWS_WITH(resizeTorchvision(Tensor::zeros(Shape{1, 1, 4}, DType::Float32), r),
                      "torchvision resizes (N, C, H, W) images; got a tensor of shape (1, 1, 4)");
    CHECK_THROWS_WITH(resizeTorchvision(Tensor::zeros(Shape{1, 1, 4, 4}, DType::Int16), r),
                      "--convention torchvision computes uint8, float32, float64, float16 and bfloat16 images, not int16");
    CHECK(torchvisionCallText(r) == "v2.functional.resize(img, [2, 2])");
    r.interpolation = TvInterpolation::Bicubic;
    r.antialias = false;
    r.size = {256};
    r.maxSize = 400;
    CHECK(torchvisionCallText(r) ==
          "v2.functional.resize(img, 256, interpolation=InterpolationMode.BICUBIC, max_size=400, antialias=False)");
}

TEST_CASE("torchvision's closest call: identical for uint8 bilinear antialias, differs with align_corners",
          "[torchvision]") {
    Tensor img(Shape{1, 3, 45, 80}, DType::UInt8);
    for (int64_t i = 0; i < img.numel(); ++i) img.data<uint8_t>()[i] = static_cast<uint8_t>((i * 37) % 251);
    Spec s;
    s.mode = Mode::Bilinear;
    s.size = std::vector<int64_t>{22, 22};
    s.sizeIsSequence = true;
    s.antialias = true;
    const auto calls = closestCalls(s, img);
    REQUIRE(calls.size() == 6);
    const LibraryCall& tv = calls.back();
    CHECK(tv.library == Library::Torchvision);
    CHECK(tv.code == "v2.functional.resize(img, [22, 22])");
    CHECK(tv.verdict == Verdict::Identical);
    CHECK(tv.compared == 3 * 22 * 22);
    s.antialias = false;
    s.alignCorners = true;
    const LibraryCall aligned = closestCalls(s, img.to(DType::Float32)).back();
    CHECK(aligned.verdict == Verdict::Differs);
    CHECK(aligned.code == "v2.functional.resize(img, [22, 22], antialias=False)");
    CHECK(aligned.note == "torchvision calls F.interpolate with align_corners=False");
    s.mode = Mode::Area;
    s.alignCorners.reset();
    const LibraryCall area = closestCalls(s, img.to(DType::Float32)).back();
    CHECK(area.verdict == Verdict::NoEquivalent);
    CHECK(area.note == "torchvision's resize of tensors has no area (it takes NEAREST, NEAREST_EXACT, BILINEAR, BICUBIC and LANCZOS)");
    s.mode = Mode::Lanczos;  // PyTorch's lanczos is torchvision's LANCZOS, byte for byte on uint8
    s.antialias = true;
    const LibraryCall lanczos = closestCalls(s, img).back();
    CHECK(lanczos.verdict == Verdict::Identical);
    CHECK(lanczos.code == "v2.functional.resize(img, [22, 22], interpolation=InterpolationMode.LANCZOS)");
}
