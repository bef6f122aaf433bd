#include "calls.hpp"

#include "golden.hpp"

#include <fstream>
#include <stdexcept>

namespace golden {

const nlohmann::json& callsDocument() {
    static const nlohmann::json doc = mergedGolden("calls.json");
    return doc;
}

upsample::Tensor tensorFromJson(const nlohmann::json& j) {
    const auto dtype = j.at("dtype").get<std::string>() == "float64" ? upsample::DType::Float64 : upsample::DType::Float32;
    return decodeTensor(j.at("shape").get<upsample::Shape>(), dtype, j.at("data").get<std::string>());
}

std::string describeCall(const nlohmann::json& call) {
    return call.at("id").get<std::string>() + ": " + call.at("call").get<std::string>() + " on " +
           upsample::formatShape(call.at("input_shape").get<upsample::Shape>());
}

}  // namespace golden
