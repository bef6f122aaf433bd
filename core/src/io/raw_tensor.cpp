#include "io/raw_tensor.hpp"

#include "upsample/error.hpp"

#include <algorithm>
#include <bit>
#include <cstring>
#include <limits>

namespace upsample::io {
namespace {

constexpr bool kNativeBig = std::endian::native == std::endian::big;

std::string viewText(const StridedView& v) {
    std::string s = "offset " + std::to_string(v.offset) + ", shape " + formatShape(v.shape) + ", strides (";
    for (std::size_t i = 0; i < v.strides.size(); ++i) s += (i ? ", " : "") + std::to_string(v.strides[i]);
    return s + ")";
}

// The last element the view reads, checked against the storage.
uint64_t lastElement(const StridedView& v, uint64_t storageElems, const std::string& what) {
    if (v.strides.size() != v.shape.size())
        throw TensorFileError(what + ": " + std::to_string(v.shape.size()) + " sizes but " +
                              std::to_string(v.strides.size()) + " strides");
    uint64_t last = 0;
    bool overflow = v.offset < 0;
    if (!overflow) last = static_cast<uint64_t>(v.offset);
    for (std::size_t i = 0; i < v.shape.size() && !overflow; ++i) {
        if (v.strides[i] < 0) throw TensorFileError(what + ": a negative stride (" + viewText(v) + ")");
        uint64_t step = 0;
        overflow = __builtin_mul_overflow(static_cast<uint64_t>(v.shape[i] - 1), static_cast<uint64_t>(v.strides[i]), &step) ||
                   __builtin_add_overflow(last, step, &last);
    }
    if (overflow || last >= storageElems)
        throw TensorFileError(what + ": the view (" + viewText(v) + ") reaches past its storage of " +
                              std::to_string(storageElems) + " elements");
    return last;
}

bool isContiguous(const StridedView& v) {
    const auto c = contiguousStrides(v.shape);
    for (std::size_t i = 0; i < v.shape.size(); ++i)
        if (v.shape[i] != 1 && v.strides[i] != c[i]) return false;
    return true;
}

// Copies the view's elements, in C order, from the storage bytes (starting at element `first`).
void gather(const std::byte* storage, int64_t first, const StridedView& v, std::size_t size, std::byte* out) {
    const std::size_t rank = v.shape.size();
    if (rank == 0) {
        std::memcpy(out, storage + (v.offset - first) * static_cast<int64_t>(size), size);
        return;
    }
    std::vector<int64_t> index(rank, 0);
    const int64_t inner = v.shape[rank - 1], innerStride = v.strides[rank - 1];
    int64_t at = v.offset - first;
    const int64_t rows = shapeNumel(v.shape) / inner;
    for (int64_t r = 0; r < rows; ++r) {
        const std::byte* p = storage + at * static_cast<int64_t>(size);
        for (int64_t i = 0; i < inner; ++i, out += size) std::memcpy(out, p + i * innerStride * static_cast<int64_t>(size), size);
        for (std::size_t axis = rank - 1; axis-- > 0;) {
            at += v.strides[axis];
            if (++index[axis] < v.shape[axis]) break;
            at -= v.strides[axis] * v.shape[axis];
            index[axis] = 0;
        }
    }
}

void byteSwapEach(std::byte* p, std::size_t bytes, std::size_t size) {
    if (size > 1)
        for (std::size_t i = 0; i < bytes; i += size) std::reverse(p + i, p + i + size);
}

DType outputDType(const ElemType& e, NpyDTypes dtypes) {
    const auto held = heldDType(e);
    if (held && (*held == DType::Float32 || *held == DType::Float64)) return *held;
    if (held && dtypes == NpyDTypes::AsPyTorch) return *held;
    return DType::Float32;
}

Tensor toFloat32(const std::vector<std::byte>& raw, const Shape& shape, const ElemType& e) {
    Tensor t(shape, DType::Float32);
    float* out = t.data<float>();
    for (int64_t i = 0; i < t.numel(); ++i) {
        uint64_t v = 0;
        std::memcpy(&v, raw.data() + static_cast<std::size_t>(i) * e.size, e.size);  // native order, low bytes
        if (e.kind == ElemKind::BFloat) out[i] = std::bit_cast<float>(static_cast<uint32_t>(v) << 16);
        else out[i] = static_cast<float>(v);  // uint16, uint32, uint64
    }
    return t;
}

}  // namespace

std::optional<DType> heldDType(const ElemType& e) {
    switch (e.kind) {
    case ElemKind::Float: return e.size == 2 ? DType::Float16 : e.size == 4 ? DType::Float32 : DType::Float64;
    case ElemKind::Signed: return e.size == 1 ? DType::Int8 : e.size == 2 ? DType::Int16 : e.size == 4 ? DType::Int32 : DType::Int64;
    case ElemKind::Unsigned: return e.size == 1 ? std::optional(DType::UInt8) : std::nullopt;
    case ElemKind::Bool: return DType::Bool;
    case ElemKind::BFloat: return DType::BFloat16;
    default: return std::nullopt;
    }
}

ElemType elemTypeOf(DType d) {
    switch (d) {
    case DType::Float32: return {"float32", ElemKind::Float, 4};
    case DType::Float64: return {"float64", ElemKind::Float, 8};
    case DType::Float16: return {"float16", ElemKind::Float, 2};
    case DType::BFloat16: return {"bfloat16", ElemKind::BFloat, 2};
    case DType::UInt8: return {"uint8", ElemKind::Unsigned, 1};
    case DType::Int8: return {"int8", ElemKind::Signed, 1};
    case DType::Int16: return {"int16", ElemKind::Signed, 2};
    case DType::Int32: return {"int32", ElemKind::Signed, 4};
    case DType::Int64: return {"int64", ElemKind::Signed, 8};
    case DType::Bool: return {"bool", ElemKind::Bool, 1};
    }
    return {};
}

std::vector<int64_t> contiguousStrides(const Shape& shape) {
    std::vector<int64_t> s(shape.size(), 1);
    for (std::size_t k = shape.size(); k-- > 1;) s[k - 1] = s[k] * std::max<int64_t>(shape[k], 1);
    return s;
}

DecodedTensor decodeStrided(const ByteSource& src, uint64_t base, uint64_t storageElems, const ElemType& e,
                            bool bigEndian, const StridedView& view, NpyDTypes dtypes, uint64_t maxBytes,
                            const std::string& what) {
    if (e.kind == ElemKind::Unread)
        throw TensorFileError(what + ": the dtype " + std::string(e.name) +
                              " is not read (float32, float64, float16, bfloat16, uint8, int8, int16, int32, int64 "
                              "and bool are)");
    if (e.kind == ElemKind::Unsigned && e.size > 1 && dtypes == NpyDTypes::AsPyTorch)
        throw TensorFileError(what + ": " + std::string(e.name) +
                              " tensors are not computed by F.interpolate; read it converted to float32 (the CLI's "
                              "--convert float32)");
    if (view.shape.size() > 32) throw TensorFileError(what + ": more than 32 dimensions");
    const DType out = outputDType(e, dtypes);
    const uint64_t numel = shapeBytes(view.shape, DType::UInt8);  // throws on a negative or overflowing shape
    if (numel > std::numeric_limits<uint64_t>::max() / e.size)
        throw TooLargeError(what + ": the byte count of shape " + formatShape(view.shape) + " overflows",
                            std::numeric_limits<uint64_t>::max(), maxBytes);
    const uint64_t rawBytes = numel * e.size;
    checkByteCap(what + " of shape " + formatShape(view.shape), std::max(rawBytes, shapeBytes(view.shape, out)), maxBytes);
    DecodedTensor d;
    if (heldDType(e) != out) d.notices.push_back("converted " + std::string(e.name) + " to float32");
    if (shapeNumel(view.shape) == 0) {
        d.tensor = Tensor::zeros(view.shape, out);
        return d;
    }
    const uint64_t last = lastElement(view, storageElems, what);
    const uint64_t first = static_cast<uint64_t>(view.offset);
    const uint64_t span = (last - first + 1) * e.size;
    checkByteCap(what + "'s stretch of storage", span, maxBytes);
    std::vector<std::byte> raw(static_cast<std::size_t>(rawBytes));
    if (isContiguous(view)) {
        src.read(base + first * e.size, raw);
    } else {
        const auto stretch = src.bytes(base + first * e.size, span);
        gather(stretch.data(), static_cast<int64_t>(first), view, e.size, raw.data());
    }
    if (bigEndian != kNativeBig) byteSwapEach(raw.data(), raw.size(), e.size);
    const auto held = heldDType(e);
    if (held) {
        Tensor t(view.shape, *held);
        if (!raw.empty()) std::memcpy(t.raw(), raw.data(), raw.size());
        if (*held == DType::Bool) {  // any non-zero byte is True
            auto* b = static_cast<uint8_t*>(t.raw());
            for (int64_t i = 0; i < t.numel(); ++i) b[i] = b[i] != 0;
        }
        d.tensor = *held == out ? t : t.to(out);
    } else {
        d.tensor = toFloat32(raw, view.shape, e);
    }
    return d;
}

std::vector<std::byte> littleEndianBytes(const Tensor& t) {
    const auto* p = static_cast<const std::byte*>(t.raw());
    std::vector<std::byte> out(p, p + t.nbytes());
    if (kNativeBig) byteSwapEach(out.data(), out.size(), dtypeSize(t.dtype()));
    return out;
}

}  // namespace upsample::io
