// Image files <-> tensors, shared by the studio and the CLI so that both read and write the
// same values. The core stays Qt-free; this is the one place that knows about QImage.
//
// Reading: a picture becomes a (1, C, H, W) float32 tensor holding the values as stored in the
// file (0-255 for 8-bit, 0-65535 for 16-bit), C = 1 (grey), 3 (RGB) or 4 (RGBA); the same
// tensor as torch.from_numpy(np.array(img)).permute(2, 0, 1).float().unsqueeze(0).
// EXIF orientation is not applied (NumPy does not apply it either). A multi-page TIFF becomes the
// (1, C, D, H, W) stack of all its pages (the studio offers (1, D, H, W) too).
//
// Writing: a (1, C, H, W) tensor with C = 1, 3 or 4 becomes an 8-bit (or, for 16-bit sources,
// 16-bit) image; values are rounded half to even (torch.round) and clamped to the range of the
// depth; NaN is written as 0. Files are written atomically (a temporary file is renamed over
// the target when complete), so a failure leaves nothing behind.
#pragma once

#include "upsample/tensor.hpp"

#include <QByteArray>
#include <QImage>
#include <QString>

#include <string>
#include <vector>

namespace upsample::imageio {

// By extension (case-insensitive): .png .jpg .jpeg .bmp .tif .tiff .webp
bool isImagePath(const QString& path);
bool isImagePath(const std::string& path);
// Formats that keep 16 bits per channel when written: PNG and TIFF.
bool formatKeeps16Bit(const QString& path);

struct ImageLoad {
    // (1, C, H, W) float32, values as stored; a multi-page TIFF: (1, C, D, H, W), its pages as D
    // (every page must have the same size, channels and depth; a stack is never cut to its first page)
    Tensor tensor;
    int pages = 1;       // the pages of a multi-page TIFF
    int bitDepth = 8;    // bits per channel as stored: 8 or 16
    int channels = 0;    // 1, 3 or 4
    QString format;      // "png", "jpeg", "tiff", ...
    std::vector<std::string> notices;  // e.g. "palette image: read as RGB"
};

// Throws IoError naming the file and the reason when it cannot be read as an image (with what
// the decoder said), and TooLargeError, from the header alone and before decoding, when the
// tensor it becomes would need more than maxBytes.
ImageLoad readImage(const QString& path, uint64_t maxBytes = uint64_t{4} << 30);
ImageLoad readImageBytes(const QByteArray& bytes, const QString& nameForMessages, uint64_t maxBytes = uint64_t{4} << 30);

// The QImage a (1, C, H, W) tensor is written as (Grayscale8/16, RGB888/RGBX64,
// RGBA8888/RGBA64). Throws Error naming the shape when the tensor is not such an image.
QImage tensorToImage(const Tensor& t, int bitDepth);

// Atomic write; the format comes from the extension. Throws IoError on failure (nothing is left
// at path) and for a 16-bit image in a format that cannot hold 16 bits.
void writeImage(const QString& path, const Tensor& t, int bitDepth);

}  // namespace upsample::imageio
