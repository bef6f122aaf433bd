// A dense, contiguous (C order) tensor. Copies share storage (cheap); clone() makes an
// independent copy. float32 and float64 are computed in every mode; uint8 by the nearest modes
// (as PyTorch 1.13 does on the CPU); the other dtypes are held as read, so that interpolate()
// can refuse them with PyTorch's own message (or a caller can convert them with to()).
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace upsample {

// BFloat16: PyTorch's bfloat16 (the top 16 bits of a float32); NumPy has no such dtype.
enum class DType { Float32, Float64, UInt8, Int8, Int16, Int32, Int64, Bool, Float16, BFloat16 };

std::size_t dtypeSize(DType t);
std::string_view dtypeName(DType t);  // NumPy's names: "float32", "float64", "uint8", "int16", "bool", ...
// PyTorch's ScalarType name, as its "not implemented for '<name>'" messages say: "Float", "Byte", "Short", ...
std::string_view torchScalarTypeName(DType t);
bool isFloatingDType(DType t);  // float32, float64, float16, bfloat16

// bfloat16 <-> float32 as c10::BFloat16 converts: to bfloat16 rounds to nearest, ties to even, a NaN
// becomes 0x7fc0 (PyTorch's vectorised conversions give 0xffff: compare NaN by position); widening
// is exact.
uint16_t floatToBFloat16(float f);
float bfloat16ToFloat(uint16_t b);

using Shape = std::vector<int64_t>;

// Product of the dims; throws TooLargeError on a negative dim or on overflow.
int64_t shapeNumel(const Shape& shape);
// Bytes for shape and dtype; throws TooLargeError on overflow.
uint64_t shapeBytes(const Shape& shape, DType dtype);
// "(1, 1, 8, 8)"
std::string formatShape(const Shape& shape);
// The inverse, lenient about brackets and spaces: "1,1,4,4", "(1, 1, 4, 4)", "[3, 512, 512]".
// Throws UsageError for anything else (a non-integer, a negative size, no sizes, more than 8).
Shape parseShape(std::string_view text);
// "512 bytes", "1.5 GiB (1610612736 bytes)"
std::string formatBytes(uint64_t bytes);
// Throws TooLargeError "<what> needs <bytes>, over the limit of <maxBytes>" when bytes > maxBytes;
// callers check before they allocate.
void checkByteCap(const std::string& what, uint64_t bytes, uint64_t maxBytes);

template <class T> constexpr DType dtypeOf();
template <> constexpr DType dtypeOf<float>() { return DType::Float32; }
template <> constexpr DType dtypeOf<double>() { return DType::Float64; }
template <> constexpr DType dtypeOf<uint8_t>() { return DType::UInt8; }

// Drops the large blocks kept for reuse (storage of tensors freed recently): the next large
// tensor gets fresh pages, as a first call does (upsample-cli bench --fresh-output).
void releaseStorageCache();
// Caps what those kept blocks hold together (1 GiB unless set; at most four blocks); lowering the
// cap drops the oldest at once. The studio keeps it to a quarter of its result limit, which
// README's Memory bound counts. What they hold now:
void setStorageCacheLimit(uint64_t bytes);
uint64_t storageCachedBytes();

class Tensor {
public:
    Tensor() = default;
    // Uninitialised storage of the given shape (64-byte aligned).
    Tensor(Shape shape, DType dtype);
    static Tensor zeros(Shape shape, DType dtype);
    static Tensor fromValues(Shape shape, std::span<const float> values);
    static Tensor fromValues(Shape shape, std::span<const double> values);
    static Tensor fromValues(Shape shape, std::span<const uint8_t> values);

    const Shape& shape() const noexcept { return shape_; }
    int rank() const noexcept { return static_cast<int>(shape_.size()); }
    int64_t dim(int i) const { return shape_.at(static_cast<std::size_t>(i)); }
    DType dtype() const noexcept { return dtype_; }
    int64_t numel() const noexcept { return numel_; }
    std::size_t nbytes() const noexcept { return static_cast<std::size_t>(numel_) * dtypeSize(dtype_); }
    bool empty() const noexcept { return numel_ == 0; }

    void* raw() noexcept { return data_.get(); }
    const void* raw() const noexcept { return data_.get(); }
    template <class T> T* data();
    template <class T> const T* data() const;

    // Value at a flat index, as double, whatever the dtype.
    double at(int64_t flatIndex) const;
    Tensor clone() const;
    // Same values in another dtype (a copy, even when the dtype is the same): as NumPy's astype
    // (float16 widened exactly, bool as 0 and 1; to an integer dtype truncates toward zero).
    Tensor to(DType dtype) const;

private:
    Shape shape_;
    DType dtype_ = DType::Float32;
    int64_t numel_ = 0;
    std::shared_ptr<std::byte[]> data_;
};

}  // namespace upsample
