// core/src/format.cpp: tensors printed exactly as PyTorch 1.13 prints them (repr with the default
// print options), checked against repr() strings recorded from real PyTorch in
// tests/golden/calls.json.
#include "support/calls.hpp"

#include "upsample/format.hpp"

#include <catch2/catch.hpp>

using namespace upsample;
using golden::tensorFromJson;

TEST_CASE("format: every recorded tensor prints as PyTorch's repr", "[format][golden]") {
    int n = 0;
    for (const auto& t : golden::callsDocument().at("tensors")) {
        INFO(t.at("name").get<std::string>() << ": " << t.at("expr").get<std::string>());
        CHECK(formatTorch(tensorFromJson(t)) == t.at("repr").get<std::string>());
        ++n;
    }
    CHECK(n >= 12);
}

TEST_CASE("format: the seed example's outputs print as PyTorch's repr", "[format][golden]") {
    for (const auto& example : golden::callsDocument().at("seed")) {
        for (const auto& out : example.at("outputs")) {
            INFO(example.at("example").get<std::string>() << ": " << out.at("call").get<std::string>());
            CHECK(formatTorch(tensorFromJson(out.at("tensor"))) == out.at("repr").get<std::string>());
        }
    }
}

TEST_CASE("format: ones(1, 1, 2, 2) by hand", "[format]") {
    const std::vector<float> v(4, 1.0f);
    CHECK(formatTorch(Tensor::fromValues({1, 1, 2, 2}, v)) == "tensor([[[[1., 1.],\n          [1., 1.]]]])");
}
