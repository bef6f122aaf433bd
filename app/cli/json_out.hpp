// JSON output shared by the commands' --json: json::dump(2), except that arrays of numbers stay
// on one line ("output_shape": [1, 1, 8, 8]).
#pragma once

#include <nlohmann/json.hpp>

#include <optional>
#include <string>

namespace cli {

std::string formatJson(const nlohmann::json& j);
// A number, or "nan" / "inf" / "-inf" (JSON has no non-finite numbers), or null.
nlohmann::json jsonNumber(const std::optional<double>& v);

}  // namespace cli
