// A restricted unpickler for the data.pkl of torch.save files: it builds a tree of plain values
// and accepts only the globals torch.load(weights_only=True) accepts (tensors rebuilt through
// torch._utils._rebuild_tensor_v2 and storages, OrderedDict, torch.Size, Parameters, bytes as
// _codecs.encode writes them). Any other global is refused by name before anything else happens;
// nothing in a pickle is ever called: a "call" of an allowed global is interpreted here.
#pragma once

#include "upsample/tensor.hpp"

#include <cstddef>
#include <cstdint>
#include <span>
#include <string>
#include <vector>

namespace upsample::io {

enum class PyKind { None, Bool, Int, Float, String, Bytes, Tuple, List, Dict, Global, Storage, Tensor };

struct PyNode {
    PyKind kind = PyKind::None;
    int64_t value = 0;          // Bool, Int; the index into storages or tensors for Storage, Tensor
    double real = 0;            // Float
    std::string text;           // String, Bytes; "module.name" for a Global
    std::vector<uint32_t> items;  // Tuple, List; Dict: key, value, key, value, ...
};

// A persistent id ('storage', torch.<Type>Storage, key, location, numel).
struct StorageRef {
    std::string key;       // the record data/<key> of the archive
    std::string typeName;  // "FloatStorage", "BFloat16Storage", ...
    std::string location;  // "cpu", "cuda:0", ...
    uint64_t numel = 0;
};

// torch._utils._rebuild_tensor_v2(storage, storage_offset, size, stride, requires_grad, hooks).
struct TensorRef {
    uint32_t storage = 0;
    int64_t offset = 0;
    Shape size;
    std::vector<int64_t> stride;
};

struct Pickle {
    std::vector<PyNode> nodes;  // an arena: containers refer to their items by index
    std::vector<StorageRef> storages;
    std::vector<TensorRef> tensors;
    uint32_t root = 0;
};

// Throws TensorFileError naming the refused global, the unsupported opcode (with its offset) or
// what is malformed.
Pickle loadTorchPickle(std::span<const std::byte> bytes);

// A tensor or a container's tensors, with names: a dict's keys joined by '.', a list's or a
// tuple's indexes ("0", "1"), "" for a tensor at the top. Other values are skipped. Throws
// TensorFileError for nesting over 64 levels (or a container holding itself).
struct NamedTensor {
    std::string name;
    uint32_t tensor = 0;  // index into Pickle::tensors
};
std::vector<NamedTensor> namedTensors(const Pickle& p);

}  // namespace upsample::io
