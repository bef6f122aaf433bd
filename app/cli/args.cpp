#include "args.hpp"

#include "upsample/error.hpp"

#include <cerrno>
#include <charconv>
#include <cmath>
#include <cstdlib>
#include <limits>

namespace cli {

using upsample::UsageError;

Args::Args(const std::vector<std::string>& args, const std::set<std::string>& valueOptions,
           const std::set<std::string>& flags) {
    for (std::size_t i = 0; i < args.size(); ++i) {
        const std::string& a = args[i];
        if (a.size() > 2 && a.compare(0, 2, "--") == 0) {
            std::string name = a.substr(2), val;
            bool inlineValue = false;
            if (auto eq = name.find('='); eq != std::string::npos) {
                val = name.substr(eq + 1);
                name = name.substr(0, eq);
                inlineValue = true;
            }
            if (valueOptions.count(name)) {
                if (!inlineValue) {
                    if (i + 1 >= args.size()) throw UsageError("option --" + name + " needs a value");
                    val = args[++i];
                }
                values_[name] = val;
            } else if (flags.count(name)) {
                if (inlineValue) throw UsageError("option --" + name + " takes no value");
                flags_.insert(name);
            } else {
                throw UsageError("unknown option --" + name);
            }
        } else {
            positionals_.push_back(a);
        }
    }
}

bool Args::has(const std::string& name) const { return flags_.count(name) > 0 || values_.count(name) > 0; }

std::optional<std::string> Args::value(const std::string& name) const {
    auto it = values_.find(name);
    if (it == values_.end()) return std::nullopt;
    return it->second;
}

namespace {
std::vector<std::string> splitComma(const std::string& text) {
    std::vector<std::string> parts;
    std::size_t start = 0;
    while (true) {
        auto comma = text.find(',', start);
        parts.push_back(text.substr(start, comma - start));
        if (comma == std::string::npos) break;
        start = comma + 1;
    }
    return parts;
}
}  // namespace

std::vector<double> parseDoubles(const std::string& option, const std::string& text, std::size_t maxCount) {
    std::vector<double> out;
    for (const auto& p : splitComma(text)) {
        if (p.empty()) throw UsageError("--" + option + ": empty value in '" + text + "'");
        errno = 0;
        char* end = nullptr;
        const double v = std::strtod(p.c_str(), &end);  // accepts nan and inf, as Python's float() does
        if (end != p.c_str() + p.size()) throw UsageError("--" + option + ": '" + p + "' is not a number");
        out.push_back(v);
    }
    if (out.size() > maxCount)
        throw UsageError("--" + option + ": at most " + std::to_string(maxCount) + " values, got '" + text + "'");
    return out;
}

std::vector<int64_t> parseInts(const std::string& option, const std::string& text, std::size_t maxCount) {
    std::vector<int64_t> out;
    for (const auto& p : splitComma(text)) {
        int64_t v = 0;
        auto [ptr, ec] = std::from_chars(p.data(), p.data() + p.size(), v);
        if (p.empty() || ec != std::errc() || ptr != p.data() + p.size())
            throw UsageError("--" + option + ": '" + p + "' is not an integer");
        out.push_back(v);
    }
    if (out.size() > maxCount)
        throw UsageError("--" + option + ": at most " + std::to_string(maxCount) + " values, got '" + text + "'");
    return out;
}

int parseInt(const std::string& option, const std::string& text) {
    int v = 0;
    auto [ptr, ec] = std::from_chars(text.data(), text.data() + text.size(), v);
    if (text.empty() || ec != std::errc() || ptr != text.data() + text.size())
        throw UsageError("--" + option + ": '" + text + "' is not an integer");
    return v;
}

uint64_t parseBytes(const std::string& option, const std::string& text) {
    // "4096", "512M", "4G" (binary units)
    uint64_t v = 0;
    auto [ptr, ec] = std::from_chars(text.data(), text.data() + text.size(), v);
    if (text.empty() || ec != std::errc()) throw UsageError("--" + option + ": '" + text + "' is not a byte count");
    std::string unit(ptr, text.data() + text.size());
    uint64_t mul = 1;
    if (unit == "K" || unit == "KiB") mul = 1ull << 10;
    else if (unit == "M" || unit == "MiB") mul = 1ull << 20;
    else if (unit == "G" || unit == "GiB") mul = 1ull << 30;
    else if (!unit.empty()) throw UsageError("--" + option + ": unknown unit '" + unit + "' (use K, M or G)");
    if (v > std::numeric_limits<uint64_t>::max() / mul)
        throw UsageError("--" + option + ": '" + text + "' is more bytes than 64 bits can count");
    return v * mul;
}

}  // namespace cli
