// The .npy codec: read NumPy arrays (versions 1.0, 2.0, 3.0) into tensors and write tensors as
// NumPy itself would (np.save of a C-contiguous little-endian array).
#pragma once

#include "upsample/tensor.hpp"

#include <cstddef>
#include <cstdint>
#include <span>
#include <string>
#include <vector>

namespace upsample {

// What the file's header said.
struct NpyInfo {
    Shape shape;
    std::string descr;  // as written, e.g. "<f4", ">i2", "|u1"
    bool fortranOrder = false;
    int versionMajor = 1;
    int versionMinor = 0;
};

struct NpyLoad {
    Tensor tensor;  // always C order, native byte order
    NpyInfo info;
    std::vector<std::string> notices;  // e.g. "converted uint8 to float32"
};

inline constexpr uint64_t kDefaultNpyMaxBytes = 4ull << 30;

// What becomes of arrays other than float32 and float64 (those are always kept).
enum class NpyDTypes {
    // Integer, bool and float16 arrays become float32, with a notice "converted <dtype> to float32".
    ConvertToFloat32,
    // As torch.from_numpy: uint8, int8, int16, int32, int64, bool and float16 keep their dtype
    // (interpolate() runs uint8 in the nearest modes and refuses the rest with PyTorch's
    // message); uint16, uint32 and uint64, which PyTorch 1.13 has no tensor type for, are
    // refused with torch.from_numpy's TypeError (a SpecError).
    AsPyTorch,
};

// Anything other than bool, integer and float arrays (object, complex, strings, structured) is
// refused with NpyError. Throws NpyError on a malformed file, TooLargeError when the data (as
// read or as converted) is over maxBytes, IoError when the file cannot be read. Object arrays
// are never unpickled. Without NpyDTypes: ConvertToFloat32.
NpyLoad readNpy(const std::string& path, uint64_t maxBytes = kDefaultNpyMaxBytes);
NpyLoad readNpy(const std::string& path, NpyDTypes dtypes, uint64_t maxBytes = kDefaultNpyMaxBytes);
NpyLoad readNpyBytes(std::span<const std::byte> bytes, uint64_t maxBytes = kDefaultNpyMaxBytes);
NpyLoad readNpyBytes(std::span<const std::byte> bytes, NpyDTypes dtypes, uint64_t maxBytes = kDefaultNpyMaxBytes);

// The header alone, from the first bytes of a .npy (preamble and header; the data need not be
// there): for listing an archive's arrays without reading them. Throws NpyError.
NpyInfo readNpyInfoBytes(std::span<const std::byte> head);
// NumPy's name of a descr ("<f4" -> "float32"); the descr itself for one readNpy refuses.
std::string npyDTypeName(const std::string& descr);

// Version 1.0 (2.0 when the header is too long for 1.0), little-endian, C order, with NumPy's
// header layout and padding, so the bytes equal those of np.save. NumPy has no bfloat16: a
// bfloat16 tensor is stored as float32, exactly (as np.save(f, x.float().numpy())).
std::vector<std::byte> encodeNpy(const Tensor& t);

// Atomic: writes a temporary file beside path, fsyncs it, then renames it over path. Throws
// IoError (and leaves path untouched, with no temporary file left) when the folder is missing,
// when path exists and is not a regular file (a directory, /dev/null, /dev/full), or when any
// write fails (no space, no permission, a device error). For tests, UPSAMPLE_FAULT_WRITE=eacces,
// enospc or eio makes the creation, a write or the flush of the temporary file fail that way.
void writeNpy(const std::string& path, const Tensor& t);

}  // namespace upsample
