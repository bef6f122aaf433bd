// Reading and writing the CLI's tensors: .npy, .pt, .safetensors, .npz and .exr through the core
// (tensor_file.hpp), pictures through imageio (the studio's loader), chosen by extension. An input
// may name one tensor of a file that holds several: FILE.pt:KEY, FILE.npz:NAME, FILE.pt:0.
#pragma once

#include "upsample/array_reading.hpp"
#include "upsample/npy.hpp"
#include "upsample/tensor.hpp"

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace cli {

struct InputFile {
    upsample::Tensor tensor;
    int bitDepth = 0;  // 8 or 16 for pictures, 0 for .npy
    std::vector<std::string> notices;
};

// .npy: dtypes as torch.from_numpy keeps them (NpyDTypes::AsPyTorch), or converted to float32
// (--convert float32). Pictures: always float32 (a multi-page TIFF: the (1, C, D, H, W) stack).
// reading (--read-as): an array of rank 1 to 3 read as the core reads it (readArrayAs: (C, H, W),
// (D, H, W), (H, W, C), ...); without it the array is used as given, as F.interpolate takes it,
// with a notice when its shape suggests another layout ("(512, 512, 3) looks like (H, W, C)").
InputFile readInput(const std::string& path, uint64_t maxBytes,
                    upsample::NpyDTypes dtypes = upsample::NpyDTypes::ConvertToFloat32,
                    std::optional<upsample::ArrayReading> reading = std::nullopt);

// --read-as NAME: auto | chw | dhw | ncl | hwc. Throws UsageError for another word.
upsample::ArrayReading readingFromName(const std::string& name);

// .npy, .pt, .safetensors, .npz: exact values (written atomically). Pictures: 8-bit rounded and clamped, 16-bit when the source was 16-bit.
void writeOutput(const std::string& path, const upsample::Tensor& t, int sourceBitDepth);

}  // namespace cli
