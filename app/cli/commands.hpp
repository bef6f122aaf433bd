#pragma once

#include <string>
#include <vector>

namespace cli {
int resizeCommand(const std::vector<std::string>& args);
int showCommand(const std::vector<std::string>& args);
int benchCommand(const std::vector<std::string>& args);
int devicesCommand(const std::vector<std::string>& args);
int explainCommand(const std::vector<std::string>& args);
int compareCommand(const std::vector<std::string>& args);
int sendCommand(const std::vector<std::string>& args);
int modesCommand(const std::vector<std::string>& args);
}  // namespace cli
