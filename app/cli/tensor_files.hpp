// Reading and writing the CLI's tensors: .npy through the core, pictures through imageio
// (the studio's loader), chosen by extension.
#pragma once

#include "upsample/npy.hpp"
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

// .npy: dtypes as torch.from_numpy keeps them (NpyDTypes::AsPyTorch), or converted to float32
// (--convert float32). Pictures: always float32.
InputFile readInput(const std::string& path, uint64_t maxBytes,
                    upsample::NpyDTypes dtypes = upsample::NpyDTypes::ConvertToFloat32);

// .npy: exact values. Pictures: 8-bit rounded and clamped, 16-bit when the source was 16-bit.
void writeOutput(const std::string& path, const upsample::Tensor& t, int sourceBitDepth);

}  // namespace cli
