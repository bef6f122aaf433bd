// tests/golden/calls.json, written by tests/golden/generate_calls.py from real PyTorch: call texts
// with their outcome (shape or exact error), warnings and the arguments F.interpolate received;
// the seed example's outputs; and tensors with their repr().
#pragma once

#include "golden.hpp"
#include "upsample/spec.hpp"
#include "upsample/tensor.hpp"

#include <nlohmann/json.hpp>

#include <string>

namespace golden {

// Every version's calls.json merged (golden::mergedGolden): each call, seed example and tensor
// names its version in "torch".
const nlohmann::json& callsDocument();
// A {"dtype", "shape", "data"} object as a tensor.
upsample::Tensor tensorFromJson(const nlohmann::json& j);
// "call-012: nn.Upsample(...) on (1, 1, 4, 4)", for test messages.
std::string describeCall(const nlohmann::json& call);

}  // namespace golden
