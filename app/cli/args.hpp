// A small, strict command-line reader: --name value, --flag, positionals.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <vector>

namespace cli {

class Args {
public:
    // valueOptions take a value ("--mode bilinear" or "--mode=bilinear"); flags do not.
    Args(const std::vector<std::string>& args, const std::set<std::string>& valueOptions,
         const std::set<std::string>& flags);
    bool has(const std::string& name) const;
    std::optional<std::string> value(const std::string& name) const;
    const std::vector<std::string>& positionals() const { return positionals_; }

private:
    std::map<std::string, std::string> values_;
    std::set<std::string> flags_;
    std::vector<std::string> positionals_;
};

// "2" -> {2}; "2,1.5" -> {2, 1.5}. Throws UsageError naming the option on bad text.
// At most maxCount values.
std::vector<double> parseDoubles(const std::string& option, const std::string& text, std::size_t maxCount = 3);
std::vector<int64_t> parseInts(const std::string& option, const std::string& text, std::size_t maxCount = 3);
int parseInt(const std::string& option, const std::string& text);
uint64_t parseBytes(const std::string& option, const std::string& text);

}  // namespace cli
