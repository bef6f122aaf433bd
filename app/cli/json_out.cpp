#include "json_out.hpp"

#include <cmath>

namespace cli {

using nlohmann::json;

namespace {
bool isNumberArray(const json& j) {
    if (!j.is_array()) return false;
    for (const auto& v : j)
        if (v.is_structured() || v.is_string()) return false;
    return true;
}

void writeJson(std::string& out, const json& j, int indent) {
    const std::string pad(static_cast<std::size_t>(indent + 2), ' ');
    if (isNumberArray(j) || !j.is_structured() || j.empty()) {
        if (!j.is_array() || j.empty()) {
            out += j.dump();
            return;
        }
        out += "[";
        for (std::size_t k = 0; k < j.size(); ++k) out += (k ? ", " : "") + j[k].dump();
        out += "]";
        return;
    }
    out += j.is_array() ? "[\n" : "{\n";
    std::size_t k = 0;
    for (auto it = j.begin(); it != j.end(); ++it, ++k) {
        out += pad;
        if (j.is_object()) out += json(it.key()).dump() + ": ";
        writeJson(out, *it, indent + 2);
        out += k + 1 < j.size() ? ",\n" : "\n";
    }
    out += std::string(static_cast<std::size_t>(indent), ' ') + (j.is_array() ? "]" : "}");
}
}  // namespace

std::string formatJson(const json& j) {
    std::string out;
    writeJson(out, j, 0);
    return out;
}

json jsonNumber(const std::optional<double>& v) {
    if (!v) return nullptr;
    if (!std::isfinite(*v)) return std::isnan(*v) ? "nan" : (*v > 0 ? "inf" : "-inf");
    return *v;
}

}  // namespace cli
