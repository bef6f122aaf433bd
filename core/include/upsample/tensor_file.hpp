// Tensor files as PyTorch users keep them, read and written without PyTorch or NumPy:
//   .npy                 one array (npy.hpp does the work)
//   .pt / .pth           torch.save's zip format (PyTorch 1.6 and later): a tensor, or dicts, lists,
//                        tuples and state dicts of tensors, through a restricted unpickler that
//                        accepts only what torch.load(weights_only=True) accepts and runs nothing
//   .safetensors         header JSON and raw little-endian data
//   .npz                 np.savez / np.savez_compressed archives (stored and deflated members)
//   .exr                 OpenEXR pictures (exr.hpp), read as float32 with their true values
// A file holding several tensors names each: a dict's keys joined by '.', a list's indexes ("0").
#pragma once

#include "upsample/npy.hpp"
#include "upsample/tensor.hpp"

#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace upsample {

enum class TensorFileFormat { Npy, Torch, Safetensors, Npz, Exr };

// By extension, case-insensitive: .npy, .pt, .pth, .safetensors, .npz, .exr; none for others.
std::optional<TensorFileFormat> tensorFileFormatOf(std::string_view path);
std::string_view tensorFileFormatName(TensorFileFormat f);  // ".pt", ".npz", ...
// .pt, .safetensors and .npz may hold several tensors.
bool holdsSeveralTensors(TensorFileFormat f);

struct TensorEntry {
    std::string name;   // "" for the one tensor of a .npy, an .exr or a .pt that holds a bare tensor
    Shape shape;
    std::string dtype;  // as stored, NumPy's names: "float32", "bfloat16", "complex64", ...
};

struct TensorLoad {
    Tensor tensor;  // C order, native byte order
    std::string name;
    std::vector<std::string> notices;  // "converted bfloat16 to float32", ...
};

// "act.pt:conv.weight" -> ("act.pt", "conv.weight"); "batch.npz:0" -> ("batch.npz", "0"). The key
// is split off only after a .pt, .pth, .safetensors or .npz name, and only when arg itself is not
// an existing file.
struct TensorPath {
    std::string file;
    std::optional<std::string> key;
};
TensorPath splitTensorPath(const std::string& arg);

inline constexpr uint64_t kMaxPickleBytes = 64ull << 20;  // a data.pkl over this is refused

// The tensors of a file, in the file's order. Throws TensorFileError (or NpyError) with the file's
// name and the reason, IoError, TooLargeError.
std::vector<TensorEntry> listTensors(const std::string& path, uint64_t maxBytes = kDefaultNpyMaxBytes);
std::vector<TensorEntry> listTensorBytes(std::span<const std::byte> bytes, TensorFileFormat format,
                                         uint64_t maxBytes = kDefaultNpyMaxBytes);

// One tensor. Without a key, the file's only tensor; a file holding several is refused with a
// message listing their names. dtypes as for readNpy; bfloat16 is kept with AsPyTorch, converted
// to float32 (exactly, with a notice) with ConvertToFloat32.
TensorLoad readTensorFile(const std::string& path, const std::optional<std::string>& key,
                          NpyDTypes dtypes = NpyDTypes::ConvertToFloat32, uint64_t maxBytes = kDefaultNpyMaxBytes);
TensorLoad readTensorBytes(std::span<const std::byte> bytes, TensorFileFormat format,
                           const std::optional<std::string>& key, NpyDTypes dtypes = NpyDTypes::ConvertToFloat32,
                           uint64_t maxBytes = kDefaultNpyMaxBytes);

// The bytes of a file holding t: .pt as torch.save(t) writes it (loadable by
// torch.load(weights_only=True) in PyTorch 1.13 and 2.x), .safetensors and .npz with t under the
// name "output", .npy as np.save. .exr is not written (UsageError).
std::vector<std::byte> encodeTensorFile(const Tensor& t, TensorFileFormat format);
// Atomically, as writeNpy: the format by the extension (.npy for an unknown one).
void writeTensorFile(const std::string& path, const Tensor& t);
// How writeTensorFile stores a tensor of this dtype at path when the format lacks the dtype (a
// notice for the user: "stored bfloat16 as float32 ..."); none when it is stored as it is.
std::optional<std::string> storageNotice(const std::string& path, DType dtype);

}  // namespace upsample
