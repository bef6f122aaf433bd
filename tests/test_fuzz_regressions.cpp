// The fuzz targets' checks (fuzz/checks.cpp) on the committed seed corpora and on every input a
// fuzzer once found a crash, hang or leak with (fuzz/regressions/<target>/): each must now pass.
#include "../fuzz/checks.hpp"

#include <catch2/catch.hpp>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <functional>
#include <iterator>
#include <string>
#include <vector>

namespace fs = std::filesystem;

namespace {
const fs::path kFuzzDir = fs::path(UPSAMPLE_TESTS_DIR) / ".." / "fuzz";

std::vector<fs::path> filesIn(const fs::path& dir) {
    std::vector<fs::path> files;
    if (fs::is_directory(dir))
        for (const auto& e : fs::directory_iterator(dir))
            if (e.is_regular_file()) files.push_back(e.path());
    std::sort(files.begin(), files.end());
    return files;
}

std::size_t replay(const std::string& target, const std::function<void(const uint8_t*, std::size_t)>& check) {
    std::size_t count = 0;
    for (const char* kind : {"corpus", "regressions"}) {
        for (const auto& file : filesIn(kFuzzDir / kind / target)) {
            std::ifstream in(file, std::ios::binary);
            const std::string bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
            INFO(file.string());
            CHECK_NOTHROW(check(reinterpret_cast<const uint8_t*>(bytes.data()), bytes.size()));
            ++count;
        }
    }
    return count;
}
}  // namespace

TEST_CASE("fuzz regressions: .npy reader", "[fuzz]") { CHECK(replay("npy", fuzzcheck::npy) > 0); }

TEST_CASE("fuzz regressions: CLI argument parsing", "[fuzz]") { CHECK(replay("cli_args", fuzzcheck::cliArgs) > 0); }

TEST_CASE("fuzz regressions: call parser and explainer", "[fuzz]") {
    CHECK(replay("call_parser", fuzzcheck::callParser) > 0);
}

TEST_CASE("fuzz regressions: torch.save reader", "[fuzz]") { CHECK(replay("torch", fuzzcheck::torchFile) > 0); }

TEST_CASE("fuzz regressions: .npz reader", "[fuzz]") { CHECK(replay("npz", fuzzcheck::npz) > 0); }

TEST_CASE("fuzz regressions: safetensors reader", "[fuzz]") {
    CHECK(replay("safetensors", fuzzcheck::safetensors) > 0);
}

TEST_CASE("fuzz regressions: OpenEXR reader", "[fuzz]") { CHECK(replay("exr", fuzzcheck::exr) > 0); }
