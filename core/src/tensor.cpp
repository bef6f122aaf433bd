#include "upsample/tensor.hpp"

#include "upsample/error.hpp"

#include "storage.hpp"

#include <charconv>
#include <cstdio>
#include <cstring>
#include <limits>
#include <new>
#include <sstream>

namespace upsample {

std::size_t dtypeSize(DType t) { return t == DType::Float64 ? 8 : 4; }

std::string_view dtypeName(DType t) { return t == DType::Float64 ? "float64" : "float32"; }

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

double Tensor::at(int64_t i) const {
    if (dtype_ == DType::Float64) return reinterpret_cast<const double*>(data_.get())[i];
    return reinterpret_cast<const float*>(data_.get())[i];
}

Tensor Tensor::clone() const {
    Tensor t(shape_, dtype_);
    if (nbytes()) std::memcpy(t.raw(), raw(), nbytes());
    return t;
}

Tensor Tensor::to(DType dtype) const {
    if (dtype == dtype_) return clone();
    Tensor t(shape_, dtype);
    if (dtype == DType::Float64) {
        const float* s = data<float>();
        double* d = t.data<double>();
        for (int64_t i = 0; i < numel_; ++i) d[i] = s[i];
    } else {
        const double* s = data<double>();
        float* d = t.data<float>();
        for (int64_t i = 0; i < numel_; ++i) d[i] = static_cast<float>(s[i]);
    }
    return t;
}

}  // namespace upsample
