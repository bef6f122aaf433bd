// The tensor the studio is showing, with where it came from, and the one loader for it:
// .npy, .pt, .safetensors, .npz (one tensor: "FILE.pt:KEY") and .exr through the core
// (tensor_file.hpp), pictures through imageio (the CLI's loader too). A .npy keeps its dtype
// as torch.from_numpy does (uint8 stays uint8; float64 stays float64); pictures are float32.
#pragma once

#include "upsample/array_reading.hpp"
#include "upsample/backend.hpp"
#include "upsample/tensor.hpp"

#include <QString>
#include <QStringList>

#include <cstdint>
#include <functional>
#include <optional>

namespace studio {

// How an array that is not already (N, C, ...) is read: the core's readings (array_reading.hpp).
// Auto: the core's guess ((L) and (H, W) get x[None, None]; a 3-D array is (C, H, W), x[None],
// except (1, 1, L), read as PyTorch's (N, C, L)); ChannelsFirst, DepthHW (a (D, H, W) volume,
// x[None, None]), AsPyTorch ((N, C, L), as is) and ChannelsLast ((H, W, C), x.permute(2, 0, 1)[None])
// are File ▸ Read 3-D Array As.
using ArrayReading = upsample::ArrayReading;

struct InputDocument {
    QString path;          // a file path, or a resource path (":/samples/...") for samples
    QString displayName;   // what captions and the title bar show
    upsample::Tensor tensor;  // (N, C, L), (N, C, H, W) or (N, C, D, H, W)
    int bitDepth = 0;      // 8 or 16 for pictures, 0 for .npy tensors
    QStringList notices;   // what the loader converted or how it read the shape
    upsample::Shape fileShape;  // the array's shape as stored (.npy), before any dims were added
    QString addedDims;  // the indexing that gave the tensor: "x[None, None]", "x[None]", "x.permute(2, 0, 1)[None]" or empty
    ArrayReading reading = ArrayReading::Auto;  // the reading used (never Auto once read)
    // A reading the shape suggests (channels-last for an (H, W, 3) array) and the sentence offering it.
    std::optional<ArrayReading> offer;
    QString offerText;
    int pages = 0;  // a multi-page TIFF: its page count (the stack is the (D, H, W) array)
    QString convertedFrom;  // the dtype it had before "Convert to float32" ("int16"), if converted

    bool isImage() const { return bitDepth != 0; }
    // The same input converted to float32 by the core (Tensor::to, as x.float()), with a notice
    // saying so: what the refusal dialog's "Convert to float32" gives (the CLI's --convert float32).
    InputDocument convertedToFloat32() const;
    int spatialDims() const { return tensor.rank() - 2; }
    // A 3-D array (or a stack of grey pages), which may be (C, H, W), (D, H, W), PyTorch's (N, C, L)
    // or (H, W, C).
    bool readingIsAmbiguous() const { return (!isImage() || pages > 1) && fileShape.size() == 3; }
};

// How a load reports and stops (LoadController runs loads off the GUI thread): progress gets the
// fraction of the file read (then 1.0 when it is parsed), from the loading thread; a cancelled
// token stops the read between chunks, and loadInput then throws upsample::CancelledError.
struct LoadControl {
    std::function<void(double)> progress;
    std::optional<upsample::CancelToken> cancel;
};

// Throws upsample::Error (IoError, NpyError, TooLargeError, ...) with a message naming the file
// and the values: an unreadable file, a malformed .npy, or an array of rank 0 or above 5.
// toFloat32: a .npy of any dtype is read as float32 (with the reader's notice "converted uint16 to
// float32"); otherwise as torch.from_numpy reads it, and a dtype PyTorch has no tensor type for
// (uint16, uint32, uint64) is refused with torch.from_numpy's TypeError (upsample::SpecError).
InputDocument loadInput(const QString& path, uint64_t maxBytes, ArrayReading reading = ArrayReading::Auto,
                        const LoadControl& control = {}, bool toFloat32 = false);

}  // namespace studio
