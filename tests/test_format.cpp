// core/src/format.cpp: tensors printed exactly as PyTorch 1.13 prints them (repr with the default
// print options), checked against repr() strings recorded from real PyTorch in
// tests/golden/calls.json.
#include "support/golden.hpp"

#include "upsample/format.hpp"

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include <fstream>

using namespace upsample;

namespace {
const nlohmann::json& goldenCalls() {
    static const nlohmann::json doc = [] {
        std::ifstream f(golden::testDataPath("golden/calls.json"));
        return nlohmann::json::parse(f);
    }();
    return doc;
}

Tensor tensorOf(const nlohmann::json& j) {
    const DType dtype = j.at("dtype").get<std::string>() == "float64" ? DType::Float64 : DType::Float32;
    return golden::decodeTensor(j.at("shape").get<Shape>(), dtype, j.at("data").get<std::string>());
}
}  // namespace

TEST_CASE("format: every recorded tensor prints as PyTorch's repr", "[format][golden]") {
    int n = 0;
    for (const auto& t : goldenCalls().at("tensors")) {
        INFO(t.at("name").get<std::string>() << ": " << t.at("expr").get<std::string>());
        CHECK(formatTorch(tensorOf(t)) == t.at("repr").get<std::string>());
        ++n;
    }
    CHECK(n >= 12);
}

TEST_CASE("format: the seed example's outputs print as PyTorch's repr", "[format][golden]") {
    for (const auto& example : goldenCalls().at("seed")) {
        for (const auto& out : example.at("outputs")) {
            INFO(example.at("example").get<std::string>() << ": " << out.at("call").get<std::string>());
            CHECK(formatTorch(tensorOf(out.at("tensor"))) == out.at("repr").get<std::string>());
        }
    }
}

TEST_CASE("format: ones(1, 1, 2, 2) by hand", "[format]") {
    const std::vector<float> v(4, 1.0f);
    CHECK(formatTorch(Tensor::fromValues({1, 1, 2, 2}, v)) == "tensor([[[[1., 1.],\n          [1., 1.]]]])");
}
