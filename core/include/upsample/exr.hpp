// OpenEXR pictures (Debian's OpenEXR library): half and float channels R, G, B (and A), or Y,
// read as a (1, C, H, W) float32 tensor holding the stored values exactly (half widened exactly;
// no tone mapping: the display's exposure is applied when shown, not to the data).
#pragma once

#include "upsample/tensor.hpp"

#include <cstddef>
#include <cstdint>
#include <span>
#include <string>
#include <vector>

namespace upsample {

struct ExrLoad {
    Tensor tensor;               // (1, C, H, W) float32; C is 4 (RGBA), 3 (RGB), 2 (YA) or 1 (Y)
    std::string channels;        // "RGBA", "RGB", "YA", "Y"
    std::vector<std::string> notices;  // "read a 64x32 OpenEXR (half RGBA) as (1, 4, 32, 64) float32"
};

// Throws TensorFileError naming the file and the reason (a damaged file, channels other than
// R, G, B, A and Y, a UINT channel, subsampled channels, a build without OpenEXR), TooLargeError
// when the pixels would be over maxBytes (checked before the pixels are read), IoError.
ExrLoad readExr(const std::string& path, uint64_t maxBytes);
ExrLoad readExrBytes(std::span<const std::byte> bytes, uint64_t maxBytes);
bool exrSupported();  // false in a build without OpenEXR

// Writes a (1, C, H, W) or (C, H, W) float tensor (C of 1 to 4) as an EXR of float channels, for
// tests and fixtures. Throws TensorFileError.
void writeExrForTest(const std::string& path, const Tensor& t, bool half);

}  // namespace upsample
