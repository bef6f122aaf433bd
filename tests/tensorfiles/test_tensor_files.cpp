// Tests of the tensor-file readers and writers (tensor_file.hpp): files written by real PyTorch
// (1.13 and 2.14), NumPy and the safetensors format, compared bit for bit with the .npy of the
// same tensor that the fixture generator wrote (make_fixtures.py); round trips of every dtype;
// refusals of pickles that name other globals.
#include "../support/process.hpp"

#include "upsample/error.hpp"
#include "upsample/npy.hpp"
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

namespace {

const std::string kFixtures = std::string(UPSAMPLE_TESTS_DIR) + "/tensorfiles/fixtures/";

std::vector<std::byte> fileBytes(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    const std::string s((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    const auto* p = reinterpret_cast<const std::byte*>(s.data());
    return std::vector<std::byte>(p, p + s.size());
}

bool sameBits(const Tensor& a, const Tensor& b) {
    // bfloat16 is read as bfloat16; its reference .npy holds it widened to float32 (t.float())
    if (a.dtype() == DType::BFloat16 && b.dtype() == DType::Float32) return sameBits(a.to(DType::Float32), b);
    return a.shape() == b.shape() && a.dtype() == b.dtype() && std::memcmp(a.raw(), b.raw(), a.nbytes()) == 0;
}

Tensor refTensor(const std::string& path) { return readNpy(path, NpyDTypes::AsPyTorch).tensor; }

// Every ref_<file>_<name>.npy of a torch-<version> folder against <file>.pt:<name>.
void checkTorchFolder(const std::string& folder) {
    int checked = 0;
    for (const auto& f : fs::directory_iterator(folder)) {
        const std::string n = f.path().filename().string();
        if (n.rfind("ref_", 0) != 0) continue;
        const std::string stem = n.substr(4, n.size() - 8);
        // file names hold '_' too (state_dict, channels_last): the first split naming a .pt
        bool found = false;
        for (std::size_t at = stem.find('_'); at != std::string::npos && !found; at = stem.find('_', at + 1)) {
            const std::string file = folder + "/" + stem.substr(0, at) + ".pt", key = stem.substr(at + 1);
            if (!fs::exists(file)) continue;
            found = true;
            const auto entries = listTensors(file);
            const bool bare = entries.size() == 1 && entries[0].name.empty();
            INFO(file << " : " << key);
            const TensorLoad load = readTensorFile(file, bare ? std::nullopt : std::optional(key), NpyDTypes::AsPyTorch);
            CHECK(sameBits(load.tensor, refTensor(f.path().string())));
            ++checked;
        }
        CHECK(found);
    }
    CHECK(checked >= 25);
}

}  // namespace

TEST_CASE("torch.save files of PyTorch 1.13 read bit for bit") { checkTorchFolder(kFixtures + "torch-1.13"); }

TEST_CASE("torch.save files of PyTorch 2.14 read bit for bit") {
    if (!fs::exists(kFixtures + "torch-2.14")) {
        WARN("no torch-2.14 fixtures");
        return;
    }
    checkTorchFolder(kFixtures + "torch-2.14");
}

TEST_CASE("a state dict lists its names, shapes and dtypes in order") {
    const auto e = listTensors(kFixtures + "torch-1.13/state_dict.pt");
    REQUIRE(e.size() == 7);
    CHECK(e[0].name == "0.weight");
    CHECK(e[0].shape == Shape{3, 2, 3, 3});
    CHECK(e[0].dtype == "float32");
    CHECK(e[6].name == "1.num_batches_tracked");
    CHECK(e[6].shape.empty());
    CHECK(e[6].dtype == "int64");
    const auto l = listTensors(kFixtures + "torch-1.13/list.pt");
    REQUIRE(l.size() == 2);
    CHECK(l[0].name == "0");
    CHECK(l[1].dtype == "float16");
}

TEST_CASE("views: offsets, strides and channels-last come out in C order") {
    const auto view = readTensorFile(kFixtures + "torch-1.13/noncontiguous.pt", std::nullopt, NpyDTypes::AsPyTorch);
    REQUIRE(view.tensor.shape() == Shape{1, 2, 3, 3});
    CHECK(view.tensor.dtype() == DType::Float64);
    // base = arange(60)/7 - 1 as (1, 2, 5, 6); view = base[:, :, 1:4, ::2].transpose(2, 3)
    CHECK(view.tensor.data<double>()[0] == 6.0 / 7.0 - 1.0);
    CHECK(view.tensor.data<double>()[1] == 12.0 / 7.0 - 1.0);
    CHECK(view.tensor.data<double>()[3] == 8.0 / 7.0 - 1.0);
    const auto shared = readTensorFile(kFixtures + "torch-1.13/shared.pt", "row", NpyDTypes::AsPyTorch);
    REQUIRE(shared.tensor.shape() == Shape{4});
    CHECK(shared.tensor.data<float>()[0] == static_cast<float>(20.0 / 7.0 - 1.0));  // element (1, 2, 0)
}

TEST_CASE("a big-endian storage is byte-swapped") {
    const auto big = readTensorFile(kFixtures + "crafted/big_endian.pt", std::nullopt);
    const auto little = readTensorFile(kFixtures + "torch-1.13/contiguous.pt", std::nullopt);
    CHECK(sameBits(big.tensor, little.tensor));
}

TEST_CASE("dtypes: kept as PyTorch keeps them, or converted to float32 with a notice") {
    const std::string f = kFixtures + "torch-1.13/dtypes.pt";
    CHECK(readTensorFile(f, "int16", NpyDTypes::AsPyTorch).tensor.dtype() == DType::Int16);
    const auto conv = readTensorFile(f, "int16", NpyDTypes::ConvertToFloat32);
    CHECK(conv.tensor.dtype() == DType::Float32);
    CHECK(conv.tensor.data<float>()[0] == -32768.0f);
    REQUIRE(conv.notices.size() == 1);
    CHECK(conv.notices[0] == "converted int16 to float32");
    // bfloat16: kept (F.interpolate computes it), or widened to float32 exactly with a notice
    const auto bf = readTensorFile(f, "bfloat16", NpyDTypes::AsPyTorch);
    CHECK(bf.tensor.dtype() == DType::BFloat16);
    CHECK(bf.notices.empty());
    const auto bfWide = readTensorFile(f, "bfloat16", NpyDTypes::ConvertToFloat32);
    CHECK(bfWide.tensor.dtype() == DType::Float32);
    CHECK(bfWide.notices.at(0) == "converted bfloat16 to float32");
    REQUIRE(bf.tensor.numel() == bfWide.tensor.numel());
    for (int64_t i = 0; i < bf.tensor.numel(); ++i) {
        CHECK(bf.tensor.at(i) == bfWide.tensor.at(i));
        CHECK(floatToBFloat16(bfWide.tensor.data<float>()[i]) == static_cast<const uint16_t*>(bf.tensor.raw())[i]);
    }
    CHECK_THROWS_WITH(readTensorFile(kFixtures + "torch-1.13/complex.pt", "z"),
                      Contains("complex.pt: the tensor 'z': the dtype complex64 is not read"));
}

TEST_CASE("a file of several tensors needs a name, an unknown name lists the names") {
    const std::string f = kFixtures + "torch-1.13/shared.pt";
    CHECK_THROWS_WITH(readTensorFile(f, std::nullopt),
                      Contains("holds 3 tensors (whole, row, plane): name one as FILE.pt:NAME"));
    CHECK_THROWS_WITH(readTensorFile(f, std::string("nope")),
                      Contains("holds no tensor named 'nope'; it holds: whole, row, plane"));
    CHECK_THROWS_AS(readTensorFile(kFixtures + "numpy/ref_a.npy", std::string("a")), TensorFileError);
}

TEST_CASE("pickles calling os.system or eval are refused by name and nothing runs") {
    testproc::TempDir dir;
    const fs::path before = fs::current_path();
    fs::current_path(dir.path());  // the pickles would create ./upsample-pickle-marker
    for (const auto& [file, global] : {std::pair{"os_system.pt", "posix.system"}, {"builtins_eval.pt", "__builtin__.eval"}}) {
        const std::string path = kFixtures + "crafted/" + file;
        CHECK_THROWS_WITH(listTensors(path), Contains("refused the global '" + std::string(global) + "'"));
        CHECK_THROWS_AS(readTensorFile(path, std::string("x")), TensorFileError);
        CHECK_THROWS_AS(readTensorBytes(fileBytes(path), TensorFileFormat::Torch, std::nullopt), TensorFileError);
    }
    CHECK_FALSE(fs::exists(fs::path(dir.path()) / "upsample-pickle-marker"));
    fs::current_path(before);
}

TEST_CASE(".npz archives of NumPy, stored and deflated, read bit for bit") {
    for (const char* f : {"stored.npz", "deflated.npz"}) {
        INFO(f);
        const auto e = listTensors(kFixtures + "numpy/" + f);
        REQUIRE(e.size() == 3);
        CHECK(e[1].name == "b");
        CHECK(e[1].dtype == "uint8");
        for (const char* name : {"a", "b", "c"}) {
            const auto load = readTensorFile(kFixtures + "numpy/" + f, std::string(name), NpyDTypes::AsPyTorch);
            CHECK(sameBits(load.tensor, refTensor(kFixtures + "numpy/ref_" + name + ".npy")));
        }
    }
    CHECK(listTensors(kFixtures + "numpy/positional.npz").at(1).name == "arr_1");
}

TEST_CASE(".safetensors of every dtype read bit for bit") {
    const std::string f = kFixtures + "safetensors/dtypes.safetensors";
    const auto e = listTensors(f);
    REQUIRE(e.size() == 7);
    CHECK(e[3].name == "bf16");
    CHECK(e[3].dtype == "bfloat16");
    for (const auto& entry : e) {
        INFO(entry.name);
        const auto load = readTensorFile(f, entry.name, NpyDTypes::AsPyTorch);
        CHECK(sameBits(load.tensor, refTensor(kFixtures + "safetensors/ref_" + entry.name + ".npy")));
    }
}

TEST_CASE(".safetensors written by the safetensors library read bit for bit") {
    const std::string f = kFixtures + "safetensors-library/model.safetensors";
    const auto e = listTensors(f);
    REQUIRE(e.size() == 6);
    for (const auto& entry : e) {
        INFO(entry.name);
        const auto load = readTensorFile(f, entry.name, NpyDTypes::AsPyTorch);
        CHECK(sameBits(load.tensor, refTensor(kFixtures + "safetensors-library/ref_" + entry.name + ".npy")));
    }
}

TEST_CASE("KEY after a multi-tensor file's name") {
    CHECK(splitTensorPath("act.pt:conv.weight").file == "act.pt");
    CHECK(splitTensorPath("act.pt:conv.weight").key == "conv.weight");
    CHECK(splitTensorPath("b.npz:0").key == "0");
    CHECK(splitTensorPath("dir:x/m.safetensors:w:1").file == "dir:x/m.safetensors");
    CHECK(splitTensorPath("dir:x/m.safetensors:w:1").key == "w:1");
    CHECK_FALSE(splitTensorPath("a.npy:0").key);
    CHECK_FALSE(splitTensorPath(kFixtures + "torch-1.13/list.pt").key);
}
