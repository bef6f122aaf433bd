// Turning a stored array (any dtype the tensor files hold, either byte order, any strides into its
// storage) into a C-order Tensor, with the same dtype rules as the .npy reader (NpyDTypes).
#pragma once

#include "io/byte_source.hpp"
#include "upsample/npy.hpp"
#include "upsample/tensor.hpp"

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace upsample::io {

enum class ElemKind { Float, BFloat, Signed, Unsigned, Bool, Unread };

struct ElemType {
    std::string_view name;  // NumPy's name where there is one: "float32", "bfloat16", "complex64", ...
    ElemKind kind = ElemKind::Unread;
    std::size_t size = 0;
};

// The Tensor dtype that holds this type as is, if any (float16/32/64, uint8, int8..int64, bool).
std::optional<DType> heldDType(const ElemType& e);
ElemType elemTypeOf(DType d);

// What a view reads from its storage: element offset, sizes and strides in elements.
struct StridedView {
    Shape shape;
    std::vector<int64_t> strides;
    int64_t offset = 0;
};

struct DecodedTensor {
    Tensor tensor;
    std::vector<std::string> notices;  // "converted bfloat16 to float32"
};

// Reads the view from a storage of storageElems elements of type e at byte base of src. float32
// and float64 are kept; with NpyDTypes::AsPyTorch the other dtypes Tensor holds are kept too;
// bfloat16 (which Tensor does not hold) and, with ConvertToFloat32, every other type become
// float32 with a notice. Throws TensorFileError for an Unread type, for uint16/32/64 with
// AsPyTorch, or for a view reaching past its storage; TooLargeError over maxBytes (before any
// allocation). what names the tensor in messages.
DecodedTensor decodeStrided(const ByteSource& src, uint64_t base, uint64_t storageElems, const ElemType& e,
                            bool bigEndian, const StridedView& view, NpyDTypes dtypes, uint64_t maxBytes,
                            const std::string& what);

// C-order strides of a shape, in elements.
std::vector<int64_t> contiguousStrides(const Shape& shape);

// The tensor's bytes, little-endian (for the writers).
std::vector<std::byte> littleEndianBytes(const Tensor& t);

}  // namespace upsample::io
