// bfloat16 in and out: kept by .pt and .safetensors (read and written), stored as float32 by .npy
// and .npz (NumPy has no bfloat16), carried by the live link as dtype "bfloat16" (2 bytes).
#include "support/process.hpp"

#include "upsample/link.hpp"
#include "upsample/npy.hpp"
#include "upsample/tensor_file.hpp"

#include <catch2/catch.hpp>

#include <cstring>

using namespace upsample;
using Catch::Contains;

namespace {
// (1, 2, 3, 4): every element's bits distinct, 1.0 (0x3f80) first, a NaN and -inf among them.
Tensor sample() {
    Tensor t(Shape{1, 2, 3, 4}, DType::BFloat16);
    auto* b = static_cast<uint16_t*>(t.raw());
    for (int64_t i = 0; i < t.numel(); ++i) b[i] = static_cast<uint16_t>(0x3f80u + 0x0123u * static_cast<unsigned>(i));
    b[7] = 0x7fc1u;
    b[9] = 0xff80u;
    return t;
}

bool sameBits(const Tensor& a, const Tensor& b) {
    return a.shape() == b.shape() && a.dtype() == b.dtype() && std::memcmp(a.raw(), b.raw(), a.nbytes()) == 0;
}

link::Frame frameOf(const Tensor& t, bool bigEndian) {
    link::Frame f;
    f.header = link::tensorFields(t);
    f.header["command"] = "open";
    const auto bytes = link::tensorBytes(t);
    f.payload.assign(bytes.begin(), bytes.end());
    if (bigEndian) {
        f.header["byteorder"] = "big";
        for (std::size_t i = 0; i + 1 < f.payload.size(); i += 2) std::swap(f.payload[i], f.payload[i + 1]);
    }
    return f;
}
}  // namespace

TEST_CASE("bfloat16: .pt and .safetensors keep it bit for bit, .npy and .npz store float32 exactly, and say so") {
    const Tensor t = sample();
    for (TensorFileFormat f : {TensorFileFormat::Torch, TensorFileFormat::Safetensors}) {
        INFO(tensorFileFormatName(f));
        const auto bytes = encodeTensorFile(t, f);
        CHECK(listTensorBytes(bytes, f).at(0).dtype == "bfloat16");
        CHECK(sameBits(readTensorBytes(bytes, f, std::nullopt, NpyDTypes::AsPyTorch).tensor, t));
    }
    testproc::TempDir dir;
    for (const char* name : {"a.npy", "a.npz"}) {
        INFO(name);
        writeTensorFile(dir.file(name), t);
        const TensorLoad back = readTensorFile(dir.file(name), std::nullopt, NpyDTypes::AsPyTorch);
        REQUIRE(back.tensor.dtype() == DType::Float32);
        REQUIRE(back.tensor.shape() == t.shape());
        for (int64_t i = 0; i < t.numel(); ++i) {
            if (i == 7) CHECK(std::isnan(back.tensor.data<float>()[i]));
            else CHECK(back.tensor.data<float>()[i] == bfloat16ToFloat(static_cast<const uint16_t*>(t.raw())[i]));
        }
        CHECK(storageNotice(dir.file(name), DType::BFloat16) ==
              "stored bfloat16 as float32, exactly (NumPy has no bfloat16; .pt and .safetensors keep it)");
    }
    CHECK(encodeNpy(t) == encodeNpy(t.to(DType::Float32)));
    CHECK_FALSE(storageNotice("a.pt", DType::BFloat16));
    CHECK_FALSE(storageNotice("a.safetensors", DType::BFloat16));
    CHECK_FALSE(storageNotice("a.npy", DType::Float16));
}

TEST_CASE("bfloat16 over the live link: dtype \"bfloat16\", 2 bytes, either byte order; kept or widened") {
    const Tensor t = sample();
    CHECK(link::tensorFields(t)["dtype"] == "bfloat16");
    CHECK(link::tensorFields(t)["nbytes"] == 48);
    for (bool big : {false, true}) {
        INFO("big endian " << big);
        const link::Frame f = frameOf(t, big);
        const link::TensorLoad kept = link::decodeTensor(f, 1 << 20, NpyDTypes::AsPyTorch);
        CHECK(sameBits(kept.tensor, t));
        CHECK(kept.notices.empty());
        const link::TensorLoad wide = link::decodeTensor(f, 1 << 20);
        CHECK(sameBits(wide.tensor, t.to(DType::Float32)));
        CHECK(wide.notices == std::vector<std::string>{"converted bfloat16 to float32"});
    }
    link::Frame shortFrame = frameOf(t, false);
    shortFrame.header["nbytes"] = 47;
    CHECK_THROWS_WITH(link::decodeTensor(shortFrame, 1 << 20),
                      "the header says nbytes 47, but the tensor (1, 2, 3, 4) bfloat16 is 48 bytes");
    link::Frame odd = frameOf(t, false);
    odd.header["dtype"] = "bfloat17";
    CHECK_THROWS_WITH(link::decodeTensor(odd, 1 << 20), Contains("unsupported dtype 'bfloat17' (supported: float32, "
                                                                 "float64, float16, bfloat16, uint8"));
}
