// The tensor the studio is showing, with where it came from, and the one loader for it:
// .npy through the core, pictures through imageio (the CLI's loader too).
#pragma once

#include "upsample/tensor.hpp"

#include <QString>
#include <QStringList>

#include <cstdint>

namespace studio {

struct InputDocument {
    QString path;          // a file path, or a resource path (":/samples/...") for samples
    QString displayName;   // what captions and the title bar show
    upsample::Tensor tensor;  // (N, C, L), (N, C, H, W) or (N, C, D, H, W)
    int bitDepth = 0;      // 8 or 16 for pictures, 0 for .npy tensors
    QStringList notices;   // what the loader converted or how it read the shape

    bool isImage() const { return bitDepth != 0; }
    int spatialDims() const { return tensor.rank() - 2; }
};

// Throws upsample::Error (IoError, NpyError, TooLargeError, ...) with a message naming the file
// and the values: an unreadable file, a malformed .npy, or a rank F.interpolate refuses.
InputDocument loadInput(const QString& path, uint64_t maxBytes);

}  // namespace studio
