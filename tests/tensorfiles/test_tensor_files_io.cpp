// Tensor files written and refused: every dtype through .pt, .safetensors and .npz and back bit
// for bit, atomic writing, and malformed input of each reader (truncated at every byte, lying
// sizes, caps applied before allocation) refused with the file's name and the reason.
#include "../support/process.hpp"

#include "io/zip.hpp"
#include "upsample/error.hpp"
#include "upsample/exr.hpp"
#include "upsample/tensor_file.hpp"

#include <catch2/catch.hpp>

#include <cstring>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>
#include <vector>

using namespace upsample;
namespace fs = std::filesystem;
using Catch::Matchers::Contains;
using Bytes = std::vector<std::byte>;

namespace {

const std::string kFixtures = std::string(UPSAMPLE_TESTS_DIR) + "/tensorfiles/fixtures/";

Bytes fileBytes(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    const std::string s((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    const auto* p = reinterpret_cast<const std::byte*>(s.data());
    return Bytes(p, p + s.size());
}

void writeBytes(const std::string& path, const Bytes& b) {
    std::ofstream(path, std::ios::binary).write(reinterpret_cast<const char*>(b.data()), static_cast<std::streamsize>(b.size()));
}

Tensor sample(DType d, Shape shape = {1, 2, 3, 4}) {
    Tensor t(shape, d);
    auto* p = static_cast<unsigned char*>(t.raw());
    for (std::size_t i = 0; i < t.nbytes(); ++i) p[i] = static_cast<unsigned char>(i * 37 + 11);
    if (d == DType::Bool)
        for (std::size_t i = 0; i < t.nbytes(); ++i) p[i] &= 1;
    if (d == DType::Float16)  // no NaN payloads to compare: clear the exponent's top bit
        for (std::size_t i = 1; i < t.nbytes(); i += 2) p[i] &= 0x3f;
    return t;
}

bool sameBits(const Tensor& a, const Tensor& b) {
    return a.shape() == b.shape() && a.dtype() == b.dtype() && std::memcmp(a.raw(), b.raw(), a.nbytes()) == 0;
}

const TensorFileFormat kWritten[] = {TensorFileFormat::Torch, TensorFileFormat::Safetensors, TensorFileFormat::Npz};

}  // namespace

TEST_CASE("every dtype written as .pt, .safetensors and .npz reads back bit for bit") {
    for (DType d : {DType::Float32, DType::Float64, DType::Float16, DType::UInt8, DType::Int8, DType::Int16,
                    DType::Int32, DType::Int64, DType::Bool}) {
        for (TensorFileFormat f : kWritten) {
            INFO(dtypeName(d) << " " << tensorFileFormatName(f));
            const Tensor t = sample(d);
            const Bytes bytes = encodeTensorFile(t, f);
            const auto entries = listTensorBytes(bytes, f);
            REQUIRE(entries.size() == 1);
            CHECK(entries[0].name == (f == TensorFileFormat::Torch ? "" : "output"));
            CHECK(entries[0].dtype == dtypeName(d));
            const TensorLoad back = readTensorBytes(bytes, f, std::nullopt, NpyDTypes::AsPyTorch);
            CHECK(sameBits(back.tensor, t));
        }
    }
}

TEST_CASE("rank 0 and empty tensors round trip") {
    for (TensorFileFormat f : kWritten) {
        for (const Shape& s : {Shape{}, Shape{0, 3}, Shape{1, 0, 2, 2}}) {
            const Tensor t = sample(DType::Float32, s);
            CHECK(sameBits(readTensorBytes(encodeTensorFile(t, f), f, std::nullopt).tensor, t));
        }
    }
}

TEST_CASE("writing is atomic and refuses a missing folder") {
    testproc::TempDir dir;
    const Tensor t = sample(DType::Float32);
    for (const char* name : {"a.pt", "a.safetensors", "a.npz", "a.npy"}) {
        writeTensorFile(dir.file(name), t);
        CHECK(sameBits(readTensorFile(dir.file(name), std::nullopt, NpyDTypes::AsPyTorch).tensor, t));
        CHECK_THROWS_AS(writeTensorFile(dir.file(std::string("missing/") + name), t), IoError);
    }
    CHECK(dir.entries().size() == 4);  // no temporary file left behind
    CHECK_THROWS_AS(writeTensorFile(dir.file("a.exr"), t), UsageError);
}

TEST_CASE("each reader refuses a file cut at any byte, with a typed error") {
    const std::pair<const char*, TensorFileFormat> files[] = {
        {"torch-1.13/state_dict.pt", TensorFileFormat::Torch},
        {"numpy/deflated.npz", TensorFileFormat::Npz},
        {"numpy/stored.npz", TensorFileFormat::Npz},
        {"safetensors/dtypes.safetensors", TensorFileFormat::Safetensors}};
    for (const auto& [name, format] : files) {
        const Bytes whole = fileBytes(kFixtures + name);
        int refused = 0;
        for (std::size_t n = 0; n < whole.size(); ++n) {
            const Bytes cut(whole.begin(), whole.begin() + static_cast<std::ptrdiff_t>(n));
            try {
                for (const auto& e : listTensorBytes(cut, format)) readTensorBytes(cut, format, e.name);
            } catch (const Error&) {
                ++refused;
            }
        }
        INFO(name);
        CHECK(refused == static_cast<int>(whole.size()));
    }
}

TEST_CASE("truncated and lying files are refused with the file's name and the reason") {
    testproc::TempDir dir;
    // A .pt cut short: its end of central directory is gone.
    Bytes pt = fileBytes(kFixtures + "torch-1.13/contiguous.pt");
    pt.resize(pt.size() - 30);
    writeBytes(dir.file("cut.pt"), pt);
    CHECK_THROWS_WITH(readTensorFile(dir.file("cut.pt"), std::nullopt),
                      Contains("cut.pt: not a torch.save file: not a zip archive"));
    // A safetensors header claiming more data than the file holds.
    Bytes st = fileBytes(kFixtures + "safetensors/dtypes.safetensors");
    st.resize(st.size() - 1);
    writeBytes(dir.file("short.safetensors"), st);
    CHECK_THROWS_WITH(listTensors(dir.file("short.safetensors")), Contains("short.safetensors: the header's tensors cover"));
    // A header length past the end.
    Bytes huge = st;
    huge[5] = std::byte{0x7f};
    writeBytes(dir.file("huge.safetensors"), huge);
    CHECK_THROWS_WITH(listTensors(dir.file("huge.safetensors")), Contains("the header length"));
    // A damaged deflated member fails its check rather than giving wrong values.
    Bytes npz = fileBytes(kFixtures + "numpy/deflated.npz");
    npz[200] ^= std::byte{0x55};
    writeBytes(dir.file("bad.npz"), npz);
    CHECK_THROWS_AS([&] { for (const char* k : {"a", "b", "c"}) readTensorFile(dir.file("bad.npz"), std::string(k)); }(), Error);
    // The legacy (pre-1.6) format is named.
    writeBytes(dir.file("legacy.pt"), Bytes{std::byte{0x80}, std::byte{0x02}, std::byte{'.'}});
    CHECK_THROWS_WITH(listTensors(dir.file("legacy.pt")), Contains("the legacy format of PyTorch before 1.6"));
}

TEST_CASE("caps apply before allocation") {
    const Tensor t = sample(DType::Float32, {1, 1, 64, 64});  // 16 KiB
    for (TensorFileFormat f : kWritten) {
        const Bytes b = encodeTensorFile(t, f);
        CHECK_THROWS_AS(readTensorBytes(b, f, std::nullopt, NpyDTypes::AsPyTorch, 4096), TooLargeError);
        CHECK(readTensorBytes(b, f, std::nullopt, NpyDTypes::AsPyTorch, 16384).tensor.numel() == 4096);
    }
}

TEST_CASE("OpenEXR pictures read as float32 with their true values") {
    if (!exrSupported()) {
        WARN("built without OpenEXR");
        return;
    }
    testproc::TempDir dir;
    for (int64_t c : {1, 3, 4}) {
        Tensor t({1, c, 3, 5}, DType::Float32);
        for (int64_t i = 0; i < t.numel(); ++i) t.data<float>()[i] = 0.1f * static_cast<float>(i) - 1.5f + (i == 7 ? 1e5f : 0.0f);
        writeExrForTest(dir.file("f.exr"), t, false);
        const TensorLoad load = readTensorFile(dir.file("f.exr"), std::nullopt);
        CHECK(sameBits(load.tensor, t));  // float channels: every bit, 100000 and negatives untouched
        CHECK_THAT(load.notices.at(0), Contains(c == 1 ? "float Y)" : c == 3 ? "float RGB)" : "float RGBA)"));
        // half channels: values half holds exactly come back exactly
        for (int64_t i = 0; i < t.numel(); ++i) t.data<float>()[i] = i == 2 ? 65504.0f : 0.25f * static_cast<float>(i) - 3.0f;
        writeExrForTest(dir.file("h.exr"), t, true);
        CHECK(sameBits(readTensorFile(dir.file("h.exr"), std::nullopt).tensor, t));
    }
    CHECK(listTensors(dir.file("h.exr")).at(0).shape == Shape{1, 4, 3, 5});
    writeBytes(dir.file("bad.exr"), Bytes(100, std::byte{0x76}));
    CHECK_THROWS_WITH(readTensorFile(dir.file("bad.exr"), std::nullopt), Contains("bad.exr: not an OpenEXR file (no magic number)"));
    // A header attribute claiming 2 GiB in a small file is refused before OpenEXR allocates it.
    Bytes lying = fileBytes(dir.file("h.exr"));
    std::size_t at = 8;
    while (lying[at] != std::byte{0}) ++at;  // the first attribute's name
    ++at;
    while (lying[at] != std::byte{0}) ++at;  // its type
    ++at;
    lying[at] = std::byte{0xff}, lying[at + 1] = std::byte{0xff}, lying[at + 2] = std::byte{0xff}, lying[at + 3] = std::byte{0x7f};
    writeBytes(dir.file("lying.exr"), lying);
    CHECK_THROWS_WITH(readTensorFile(dir.file("lying.exr"), std::nullopt),
                      Contains("lying.exr: a header attribute claims 2147483647 bytes, more than the file holds after it"));
    CHECK_THROWS_WITH(readTensorBytes(lying, TensorFileFormat::Exr, std::nullopt), Contains("a header attribute claims"));
    CHECK_THROWS_AS(readTensorFile(dir.file("h.exr"), std::nullopt, NpyDTypes::ConvertToFloat32, 100), TooLargeError);
}

TEST_CASE("a pickle of 200000 nested _rebuild_from_type_v2 calls is refused and not recursed into") {
    // G = torch._tensor._rebuild_from_type_v2 (memo 0); T0 = (); Tk = (G, G, Tk-1); then G(*T200000).
    constexpr int kLevels = 200000;
    std::string p = std::string("\x80\x02") + "ctorch._tensor\n_rebuild_from_type_v2\nq" + std::string(1, '\0');
    p += std::string("h\0", 2);
    for (int i = 0; i < kLevels; ++i) p += std::string("h\0h\0", 4);
    p += ")";
    p.append(kLevels, '\x87');  // TUPLE3
    p += "R.";
    const auto* b = reinterpret_cast<const std::byte*>(p.data());
    const Bytes pickle(b, b + p.size());
    const Bytes pt = upsample::io::encodeZip({{"archive/data.pkl", pickle}}, 64);
    CHECK_THROWS_WITH(readTensorBytes(pt, TensorFileFormat::Torch, std::nullopt),
                      Contains("torch._tensor._rebuild_from_type_v2 is called to call itself"));
}
