// The float16 and bfloat16 goldens (tests/golden/torch-*/{float16,bfloat16}.json, from real
// PyTorch by tests/golden/generate_float16.py): each case's input, and a run of it compared with
// PyTorch's bits (NaN by position) or its refusal word for word.
#pragma once

#include "golden.hpp"
#include "uint8_golden.hpp"

#include "upsample/backend.hpp"
#include "upsample/error.hpp"
#include "upsample/spec.hpp"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <cmath>
#include <cstring>
#include <string>
#include <vector>

namespace reducedgolden {
using nlohmann::json;
using namespace upsample;

// Four hex digits per element: its 16 bits.
inline std::vector<uint16_t> bitsOf(const std::string& hex) {
    std::vector<uint16_t> h(hex.size() / 4);
    for (std::size_t i = 0; i < h.size(); ++i) h[i] = static_cast<uint16_t>(std::stoul(hex.substr(4 * i, 4), nullptr, 16));
    return h;
}

inline Tensor inputOf(const json& c, DType dtype) {
    Tensor t = Tensor::zeros(c.at("input_shape").get<Shape>(), dtype);
    const std::vector<uint16_t> h = bitsOf(c.at("input").get<std::string>());
    if (!h.empty()) std::memcpy(t.raw(), h.data(), t.nbytes());
    return t;
}

inline double bitsValue(uint16_t h, DType dtype) {
    Tensor t = Tensor::zeros(Shape{1}, dtype);
    std::memcpy(t.raw(), &h, sizeof h);
    return t.at(0);
}

inline bool isNan(uint16_t h, DType dtype) {
    if (dtype == DType::BFloat16) return (h & 0x7f80u) == 0x7f80u && (h & 0x7fu) != 0;
    return (h & 0x7c00u) == 0x7c00u && (h & 0x3ffu) != 0;
}

// Elements of bicubic results that differ from PyTorch's by a few ulps (a float weight at a
// rounding tie that PyTorch's compiled arithmetic resolves the other way), counted.
struct Slack {
    int64_t allowed = 0;  // differing elements accepted, within 4 ulps
    int64_t used = 0, elements = 0;
    // Also accepted: within this fraction of the case's largest finite input magnitude (a result
    // near zero after cancellation, where one weight's last bit outweighs the result's ulps); 0: none.
    double ofInput = 0;
    double inputScale = 0;  // set per case by runCase
};

inline double largestFinite(const Tensor& t) {
    double m = 0;
    for (int64_t i = 0; i < t.numel(); ++i)
        if (std::isfinite(t.at(i))) m = std::max(m, std::abs(t.at(i)));
    return m;
}

inline bool withinUlps(double got, double want, int ulps, DType dtype) {
    const int mantissa = dtype == DType::BFloat16 ? 7 : 10;
    const double magnitude = std::max(std::abs(want), dtype == DType::BFloat16 ? 0x1p-126 : 0x1p-14);
    const double ulp = std::ldexp(1.0, static_cast<int>(std::floor(std::log2(magnitude))) - mantissa);
    return std::abs(got - want) <= ulps * ulp;
}

// "" when interpolate() gives the golden's bits (NaN by position) or its error, else the difference.
// With slack: differing elements within 4 ulps are counted there instead.
inline std::string runCase(const json& c, DType dtype, int threads, Slack* slack = nullptr,
                           BackendKind backend = BackendKind::Cpu) {
    const json& err = c.at("error");
    RunOptions o;
    o.backend = backend;
    o.threads = threads;
    try {
        const Tensor x = inputOf(c, dtype);
        if (slack && slack->ofInput > 0) slack->inputScale = largestFinite(x);
        const Tensor y = interpolate(x, uint8golden::specOf(c), o);
        if (!err.is_null()) return "no error; PyTorch: " + err.at("message").get<std::string>();
        if (y.dtype() != dtype) return "dtype " + std::string(dtypeName(y.dtype()));
        if (y.shape() != c.at("output_shape").get<Shape>()) return "shape " + formatShape(y.shape());
        const std::vector<uint16_t> want = bitsOf(c.at("output").get<std::string>());
        const auto* got = static_cast<const uint16_t*>(y.raw());
        int differ = 0;
        std::string first;
        if (slack) slack->elements += static_cast<int64_t>(want.size());
        for (std::size_t i = 0; i < want.size(); ++i) {
            const bool same = isNan(want[i], dtype) ? isNan(got[i], dtype) : got[i] == want[i];
            const double g = bitsValue(got[i], dtype), w = bitsValue(want[i], dtype);
            const bool nearInput = slack && slack->ofInput > 0 && std::abs(g - w) <= slack->ofInput * slack->inputScale;
            if (!same && slack && (withinUlps(g, w, 4, dtype) || nearInput)) {
                ++slack->used;
                continue;
            }
            if (!same && differ++ == 0)
                first = "element " + std::to_string(i) + ": got " + std::to_string(bitsValue(got[i], dtype)) +
                        ", PyTorch " + std::to_string(bitsValue(want[i], dtype));
        }
        return differ ? std::to_string(differ) + " of " + std::to_string(want.size()) + " differ, first " + first : "";
    } catch (const SpecError& e) {
        if (err.is_null()) return std::string("error ") + e.what() + "; PyTorch computes it";
        const std::string got = std::string(pyErrorTypeName(e.pyType())) + ": " + e.what();
        const std::string want = err.at("type").get<std::string>() + ": " + err.at("message").get<std::string>();
        return got == want ? "" : "got " + got + "; PyTorch " + want;
    }
}

}  // namespace reducedgolden
