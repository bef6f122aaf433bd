// Reading and writing the CLI's tensors: .npy through the core, pictures through imageio
// (the studio's loader), chosen by extension.
#pragma once

#include "upsample/tensor.hpp"

#include <cstdint>
#include <string>
#include <vector>

namespace cli {

struct InputFile {
    upsample::Tensor tensor;
    int bitDepth = 0;  // 8 or 16 for pictures, 0 for .npy
    std::vector<std::string> notices;
};

InputFile readInput(const std::string& path, uint64_t maxBytes);

// .npy: exact values. Pictures: 8-bit rounded and clamped, 16-bit when the source was 16-bit.
void writeOutput(const std::string& path, const upsample::Tensor& t, int sourceBitDepth);

}  // namespace cli
