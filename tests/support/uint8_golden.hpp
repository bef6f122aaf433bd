// The uint8 goldens (tests/golden/torch-*/uint8.json, generate_uint8.py), shared by the CPU and
// OpenCL tests: the cases of every version, and each case's spec, input and expected bytes.
#pragma once

#include "golden.hpp"

#include "upsample/spec.hpp"
#include "upsample/tensor.hpp"

#include <nlohmann/json.hpp>

#include <optional>
#include <span>
#include <string>
#include <vector>

namespace uint8golden {
using nlohmann::json;
using namespace upsample;

inline const json& goldenCases() {
    static const json cases = golden::mergedGolden("uint8.json").at("cases");
    return cases;
}

inline std::vector<uint8_t> bytesOf(const std::string& hex) {
    std::vector<uint8_t> b(hex.size() / 2);
    for (std::size_t i = 0; i < b.size(); ++i) b[i] = static_cast<uint8_t>(std::stoul(hex.substr(2 * i, 2), nullptr, 16));
    return b;
}

template <class T>
inline std::optional<std::vector<T>> listOrScalar(const json& v) {
    if (v.is_null()) return std::nullopt;
    return v.is_array() ? v.get<std::vector<T>>() : std::vector<T>{v.get<T>()};
}

inline Spec specOf(const json& c) {
    Spec s;
    s.mode = *modeFromName(c.at("mode").get<std::string>());
    s.size = listOrScalar<int64_t>(c.at("size"));
    s.sizeIsSequence = c.at("size").is_array();
    s.scaleFactor = listOrScalar<double>(c.at("scale_factor"));
    s.scaleIsSequence = c.at("scale_factor").is_array();
    if (!c.at("align_corners").is_null()) s.alignCorners = c.at("align_corners").get<bool>();
    if (!c.at("recompute_scale_factor").is_null()) s.recomputeScaleFactor = c.at("recompute_scale_factor").get<bool>();
    s.antialias = c.at("antialias").get<bool>();
    s.torch = &golden::torchOf(c);
    return s;
}

inline Tensor inputOf(const json& c) {
    const Shape shape = c.at("input_shape").get<Shape>();
    const std::string hex = c.at("input").get<std::string>();
    if (hex.empty()) return Tensor::zeros(shape, DType::UInt8);
    const std::vector<uint8_t> b = bytesOf(hex);
    return Tensor::fromValues(shape, std::span<const uint8_t>(b));
}

// The program's tensors are contiguous (N, C, H, W). A case PyTorch was given channels-last where
// the layout changes its answer: the 1.13 refusal names the channels-last kernel (C > 1), and 2.14's
// generic kernel (C > 4) repeats the first row's weights for an output width of 1 on NCHW only.
inline bool layoutDecides(const json& c) {
    if (c.at("layout") != "channels_last") return false;
    const int64_t channels = c.at("input_shape")[1].get<int64_t>();
    if (!c.at("error").is_null()) return channels > 1;
    const Shape in = c.at("input_shape").get<Shape>(), out = c.at("output_shape").get<Shape>();
    return channels > 4 && out[3] == 1 && out[2] != in[2];
}

// "" when y is the case's output byte for byte, else how many bytes differ and the first.
inline std::string differences(const Tensor& y, const json& c) {
    if (y.dtype() != DType::UInt8) return "dtype " + std::string(dtypeName(y.dtype()));
    if (y.shape() != c.at("output_shape").get<Shape>()) return "shape " + formatShape(y.shape());
    const std::vector<uint8_t> want = bytesOf(c.at("output").get<std::string>());
    int differ = 0;
    std::string first;
    for (std::size_t i = 0; i < want.size(); ++i)
        if (y.data<uint8_t>()[i] != want[i] && differ++ == 0)
            first = "byte " + std::to_string(i) + ": got " + std::to_string(y.data<uint8_t>()[i]) + ", PyTorch " +
                    std::to_string(want[i]);
    return differ ? std::to_string(differ) + " bytes differ, first " + first : "";
}

}  // namespace uint8golden
