// The calibration that `auto` reads for an OpenCL CPU device (upsample/opencl.hpp): its text form
// and its file in the cache folder, beside the device list. Built with and without OpenCL.
#include "cache_files.hpp"
#include "upsample/opencl.hpp"

#include <cstdio>
#include <sstream>

namespace upsample {

namespace {
constexpr const char* kHeader = "upsample-studio opencl calibration 1";
}

std::string openclCalibrationKey(const ResolvedSpec& spec) {
    return std::string(modeName(spec.mode)) + (spec.antialias ? " antialias" : "");
}

std::string openclCalibrationText(const OpenCLCalibration& c) {
    std::string text = std::string(kHeader) + "\ndevice\t" + c.device + "\n";
    for (const auto& [key, ratio] : c.ratio) {
        char value[32];
        std::snprintf(value, sizeof value, "%.4f", ratio);
        text += key + "\t" + value + "\n";
    }
    return text;
}

std::optional<OpenCLCalibration> openclCalibrationFromText(const std::string& text) {
    std::istringstream in(text);
    std::string line;
    if (!std::getline(in, line) || line != kHeader) return std::nullopt;
    OpenCLCalibration c;
    if (!std::getline(in, line) || line.rfind("device\t", 0) != 0) return std::nullopt;
    c.device = line.substr(7);
    while (std::getline(in, line)) {
        const auto tab = line.find('\t');
        if (tab == std::string::npos || tab == 0) return std::nullopt;
        const std::string value = line.substr(tab + 1);
        char* end = nullptr;
        const double ratio = std::strtod(value.c_str(), &end);
        if (value.empty() || *end != '\0' || !(ratio > 0) || ratio > 1e6) return std::nullopt;
        c.ratio[line.substr(0, tab)] = ratio;
    }
    return c;
}

std::string openclCalibrationPath(const std::string& device) {
    const auto dir = opencl::cacheDirectory();
    if (dir.empty()) return {};
    char hex[17];
    std::snprintf(hex, sizeof hex, "%016llx", static_cast<unsigned long long>(opencl::fnv1a(device)));
    return (dir / ("calibration-" + openclDriverKey() + "-" + hex + ".txt")).string();
}

std::optional<OpenCLCalibration> readOpenCLCalibration(const std::string& device) {
    const std::string path = openclCalibrationPath(device);
    if (path.empty()) return std::nullopt;
    const auto bytes = opencl::readFile(path);
    auto c = openclCalibrationFromText(std::string(bytes.begin(), bytes.end()));
    if (!c || c->device != device) return std::nullopt;
    return c;
}

bool writeOpenCLCalibration(const OpenCLCalibration& c) {
    const std::string path = openclCalibrationPath(c.device);
    if (path.empty()) return false;
    const std::string text = openclCalibrationText(c);
    return opencl::writeFileAtomically(path, std::vector<unsigned char>(text.begin(), text.end()));
}

}  // namespace upsample
