#include "upsample/tensor.hpp"

#include "upsample/error.hpp"

#include "cpu/reduced_float.hpp"
#include "storage.hpp"

#include <charconv>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <limits>
#include <new>
#include <sstream>
#include <type_traits>

namespace upsample {

std::size_t dtypeSize(DType t) {
    switch (t) {
    case DType::Float64:
    case DType::Int64: return 8;
    case DType::Float32:
    case DType::Int32: return 4;
    case DType::Int16:
    case DType::Float16:
    case DType::BFloat16: return 2;
    case DType::UInt8:
    case DType::Int8:
    case DType::Bool: return 1;
    }
    return 4;
}

std::string_view dtypeName(DType t) {
    switch (t) {
    case DType::Float32: return "float32";
    case DType::Float64: return "float64";
    case DType::UInt8: return "uint8";
    case DType::Int8: return "int8";
    case DType::Int16: return "int16";
    case DType::Int32: return "int32";
    case DType::Int64: return "int64";
    case DType::Bool: return "bool";
    case DType::Float16: return "float16";
    case DType::BFloat16: return "bfloat16";
    }
    return "float32";
}

std::string_view torchScalarTypeName(DType t) {
    switch (t) {
    case DType::Float32: return "Float";
    case DType::Float64: return "Double";
    case DType::UInt8: return "Byte";
    case DType::Int8: return "Char";
    case DType::Int16: return "Short";
    case DType::Int32: return "Int";
    case DType::Int64: return "Long";
    case DType::Bool: return "Bool";
    case DType::Float16: return "Half";
    case DType::BFloat16: return "BFloat16";
    }
    return "Float";
}

bool isFloatingDType(DType t) {
    return t == DType::Float32 || t == DType::Float64 || t == DType::Float16 || t == DType::BFloat16;
}

// c10::BFloat16's rounding, written once (cpu/reduced_float.hpp, which the kernels use)
uint16_t floatToBFloat16(float f) { return cpu::BFloat16Format::narrow(f); }
float bfloat16ToFloat(uint16_t b) { return cpu::BFloat16Format::widen(b); }

int64_t shapeNumel(const Shape& shape) {
    int64_t n = 1;
    for (int64_t d : shape) {
        if (d < 0) throw TooLargeError("negative dimension in shape " + formatShape(shape), 0, 0);
        if (d != 0 && n > std::numeric_limits<int64_t>::max() / d)
            throw TooLargeError("the element count of shape " + formatShape(shape) + " overflows",
                                std::numeric_limits<uint64_t>::max(), 0);
        n *= d;
    }
    return n;
}

uint64_t shapeBytes(const Shape& shape, DType dtype) {
    const auto n = static_cast<uint64_t>(shapeNumel(shape));
    const uint64_t size = dtypeSize(dtype);
    if (n > std::numeric_limits<uint64_t>::max() / size)
        throw TooLargeError("the byte count of shape " + formatShape(shape) + " overflows",
                            std::numeric_limits<uint64_t>::max(), 0);
    return n * size;
}

std::string formatShape(const Shape& shape) {
    std::ostringstream os;
    os << '(';
    for (std::size_t i = 0; i < shape.size(); ++i) {
        if (i) os << ", ";
        os << shape[i];
    }
    if (shape.size() == 1) os << ',';
    os << ')';
    return os.str();
}

Shape parseShape(std::string_view text) {
    Shape shape;
    std::string cur;
    auto flush = [&] {
        if (cur.empty()) return;
        int64_t v = 0;
        const auto [ptr, ec] = std::from_chars(cur.data(), cur.data() + cur.size(), v);
        if (ec != std::errc() || ptr != cur.data() + cur.size() || v < 0)
            throw UsageError("'" + cur + "' is not a size (a non-negative integer)");
        shape.push_back(v);
        cur.clear();
    };
    for (char c : text) {
        if (c == ',' || c == ' ' || c == '(' || c == ')' || c == '[' || c == ']') flush();
        else cur += c;
    }
    flush();
    if (shape.empty() || shape.size() > 8)
        throw UsageError("expected 1 to 8 sizes such as 1,1,4,4, got '" + std::string(text) + "'");
    return shape;
}

std::string formatBytes(uint64_t bytes) {
    if (bytes < 1024) return std::to_string(bytes) + (bytes == 1 ? " byte" : " bytes");
    const char* units[] = {"KiB", "MiB", "GiB", "TiB", "PiB", "EiB"};
    double v = static_cast<double>(bytes) / 1024;
    int u = 0;
    while (v >= 1024 && u < 5) {
        v /= 1024;
        ++u;
    }
    char buf[64];
    std::snprintf(buf, sizeof buf, "%.1f %s (%llu bytes)", v, units[u], static_cast<unsigned long long>(bytes));
    return buf;
}

void checkByteCap(const std::string& what, uint64_t bytes, uint64_t maxBytes) {
    if (bytes <= maxBytes) return;
    throw TooLargeError(what + " needs " + formatBytes(bytes) + ", over the limit of " + formatBytes(maxBytes), bytes,
                        maxBytes);
}

void releaseStorageCache() { storage::releaseCache(); }
void setStorageCacheLimit(uint64_t bytes) { storage::setCacheLimit(bytes); }
uint64_t storageCachedBytes() { return storage::cachedBytes(); }

Tensor::Tensor(Shape shape, DType dtype)
    : shape_(std::move(shape)), dtype_(dtype), numel_(shapeNumel(shape_)),
      data_(storage::allocate(shapeBytes(shape_, dtype))) {}

Tensor Tensor::zeros(Shape shape, DType dtype) {
    Tensor t(std::move(shape), dtype);
    std::memset(t.raw(), 0, t.nbytes());
    return t;
}

Tensor Tensor::fromValues(Shape shape, std::span<const float> values) {
    Tensor t(std::move(shape), DType::Float32);
    if (static_cast<int64_t>(values.size()) != t.numel())
        throw Error(ErrorKind::Usage, "fromValues: " + std::to_string(values.size()) +
                                          " values for shape " + formatShape(t.shape()));
    std::memcpy(t.raw(), values.data(), t.nbytes());
    return t;
}

Tensor Tensor::fromValues(Shape shape, std::span<const double> values) {
    Tensor t(std::move(shape), DType::Float64);
    if (static_cast<int64_t>(values.size()) != t.numel())
        throw Error(ErrorKind::Usage, "fromValues: " + std::to_string(values.size()) +
                                          " values for shape " + formatShape(t.shape()));
    std::memcpy(t.raw(), values.data(), t.nbytes());
    return t;
}

Tensor Tensor::fromValues(Shape shape, std::span<const uint8_t> values) {
    Tensor t(std::move(shape), DType::UInt8);
    if (static_cast<int64_t>(values.size()) != t.numel())
        throw Error(ErrorKind::Usage, "fromValues: " + std::to_string(values.size()) +
                                          " values for shape " + formatShape(t.shape()));
    if (t.nbytes()) std::memcpy(t.raw(), values.data(), t.nbytes());
    return t;
}

template <class T> T* Tensor::data() {
    if (dtype_ != dtypeOf<T>()) throw Error(ErrorKind::Usage, "tensor dtype mismatch");
    return reinterpret_cast<T*>(data_.get());
}
template <class T> const T* Tensor::data() const {
    if (dtype_ != dtypeOf<T>()) throw Error(ErrorKind::Usage, "tensor dtype mismatch");
    return reinterpret_cast<const T*>(data_.get());
}
template float* Tensor::data<float>();
template double* Tensor::data<double>();
template const float* Tensor::data<float>() const;
template const double* Tensor::data<double>() const;
template uint8_t* Tensor::data<uint8_t>();
template const uint8_t* Tensor::data<uint8_t>() const;

namespace {
// IEEE half to float, exactly (every half is a float).
float halfToFloat(uint16_t h) {
    const uint32_t sign = static_cast<uint32_t>(h & 0x8000u) << 16;
    const uint32_t exponent = (h >> 10) & 0x1fu;
    const uint32_t mantissa = h & 0x3ffu;
    uint32_t bits;
    if (exponent == 0x1f) bits = sign | 0x7f800000u | (mantissa << 13);
    else if (exponent != 0) bits = sign | ((exponent + 112) << 23) | (mantissa << 13);
    else {
        const float magnitude = static_cast<float>(mantissa) * 0x1p-24f;  // subnormal or zero
        return sign ? -magnitude : magnitude;
    }
    float f;
    std::memcpy(&f, &bits, sizeof f);
    return f;
}

// Calls f with element i read in its own type (float16 widened to float, bool as bool).
template <class F>
auto withElement(const void* data, DType t, int64_t i, F&& f) {
    switch (t) {
    case DType::Float32: return f(static_cast<const float*>(data)[i]);
    case DType::Float64: return f(static_cast<const double*>(data)[i]);
    case DType::UInt8: return f(static_cast<const uint8_t*>(data)[i]);
    case DType::Int8: return f(static_cast<const int8_t*>(data)[i]);
    case DType::Int16: return f(static_cast<const int16_t*>(data)[i]);
    case DType::Int32: return f(static_cast<const int32_t*>(data)[i]);
    case DType::Int64: return f(static_cast<const int64_t*>(data)[i]);
    case DType::Bool: return f(static_cast<const uint8_t*>(data)[i] != 0);
    case DType::Float16: return f(halfToFloat(static_cast<const uint16_t*>(data)[i]));
    case DType::BFloat16: return f(bfloat16ToFloat(static_cast<const uint16_t*>(data)[i]));
    }
    return f(0.0f);
}

template <class D>
void convertInto(const void* src, DType from, int64_t n, D* dst) {
    for (int64_t i = 0; i < n; ++i)
        dst[i] = withElement(src, from, i, [](auto v) {
            if constexpr (std::is_floating_point_v<D> || std::is_same_v<decltype(v), bool>) return static_cast<D>(v);
            else if constexpr (std::is_floating_point_v<decltype(v)>) return static_cast<D>(static_cast<int64_t>(v));
            else return static_cast<D>(v);
        });
}
}  // namespace

double Tensor::at(int64_t i) const {
    return withElement(data_.get(), dtype_, i, [](auto v) { return static_cast<double>(v); });
}

Tensor Tensor::clone() const {
    Tensor t(shape_, dtype_);
    if (nbytes()) std::memcpy(t.raw(), raw(), nbytes());
    return t;
}

Tensor Tensor::to(DType dtype) const {
    if (dtype == dtype_) return clone();
    Tensor t(shape_, dtype);
    const void* s = raw();
    void* d = t.raw();
    switch (dtype) {
    case DType::Float32: convertInto(s, dtype_, numel_, static_cast<float*>(d)); break;
    case DType::Float64: convertInto(s, dtype_, numel_, static_cast<double*>(d)); break;
    case DType::UInt8: convertInto(s, dtype_, numel_, static_cast<uint8_t*>(d)); break;
    case DType::Int8: convertInto(s, dtype_, numel_, static_cast<int8_t*>(d)); break;
    case DType::Int16: convertInto(s, dtype_, numel_, static_cast<int16_t*>(d)); break;
    case DType::Int32: convertInto(s, dtype_, numel_, static_cast<int32_t*>(d)); break;
    case DType::Int64: convertInto(s, dtype_, numel_, static_cast<int64_t*>(d)); break;
    case DType::Bool:
        for (int64_t i = 0; i < numel_; ++i) static_cast<uint8_t*>(d)[i] = at(i) != 0.0 ? 1 : 0;
        break;
    case DType::Float16:  // as x.half(): through float, rounded to nearest even
        for (int64_t i = 0; i < numel_; ++i) static_cast<uint16_t*>(d)[i] = cpu::floatToHalf(static_cast<float>(at(i)));
        break;
    case DType::BFloat16:  // as x.to(torch.bfloat16): through float, rounded to nearest even
        for (int64_t i = 0; i < numel_; ++i) static_cast<uint16_t*>(d)[i] = floatToBFloat16(static_cast<float>(at(i)));
        break;
    }
    return t;
}

}  // namespace upsample
