#pragma once

#include <string>
#include <vector>

namespace cli {
int resizeCommand(const std::vector<std::string>& args);
int showCommand(const std::vector<std::string>& args);
int explainCommand(const std::vector<std::string>& args);
}  // namespace cli
