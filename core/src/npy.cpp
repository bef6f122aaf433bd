#include "upsample/npy.hpp"

#include "upsample/error.hpp"
#include "io/atomic_file.hpp"

#include <algorithm>
#include <array>
#include <bit>
#include <cctype>
#include <cerrno>
#include <cstring>
#include <limits>
#include <optional>
#include <string_view>
#include <utility>

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

namespace upsample {
namespace {

constexpr std::string_view kMagic{"\x93NUMPY", 6};
constexpr std::size_t kAlign = 64;                // NumPy's ARRAY_ALIGN
constexpr std::size_t kGrowthAxisMaxDigits = 21;  // NumPy's GROWTH_AXIS_MAX_DIGITS
constexpr bool kNativeBigEndian = std::endian::native == std::endian::big;

std::string errnoText(int err) { return std::strerror(err); }

// ---------------------------------------------------------------------------------------------
// Byte order

uint64_t loadUnsigned(const std::byte* p, std::size_t n, bool bigEndian) {
    uint64_t v = 0;
    for (std::size_t i = 0; i < n; ++i) v = (v << 8) | static_cast<uint64_t>(p[bigEndian ? i : n - 1 - i]);
    return v;
}

int64_t signExtend(uint64_t v, std::size_t n) {
    if (n >= 8) return static_cast<int64_t>(v);
    const unsigned shift = 64 - 8 * static_cast<unsigned>(n);
    return static_cast<int64_t>(v << shift) >> shift;
}

void storeLittle(std::vector<std::byte>& out, uint64_t v, std::size_t n) {
    for (std::size_t i = 0; i < n; ++i) out.push_back(static_cast<std::byte>((v >> (8 * i)) & 0xff));
}

void byteSwapEach(std::byte* p, int64_t count, std::size_t size) {
    for (int64_t i = 0; i < count; ++i, p += size) std::reverse(p, p + size);
}

// IEEE binary16 to binary32, exactly (subnormals, infinities, NaN payloads).
float halfToFloat(uint16_t h) {
    const uint32_t sign = static_cast<uint32_t>(h & 0x8000u) << 16;
    const uint32_t exponent = (h >> 10) & 0x1fu;
    const uint32_t mantissa = h & 0x3ffu;
    if (exponent == 0x1f) return std::bit_cast<float>(sign | 0x7f800000u | (mantissa << 13));
    if (exponent != 0) return std::bit_cast<float>(sign | ((exponent + 112) << 23) | (mantissa << 13));
    const float magnitude = static_cast<float>(mantissa) * 0x1p-24f;  // subnormal or zero
    return sign ? -magnitude : magnitude;
}

// ---------------------------------------------------------------------------------------------
// Byte sources: an in-memory span, or a regular file read with pread.

class ByteSource {
public:
    virtual ~ByteSource() = default;
    virtual uint64_t size() const = 0;
    // Fills dest from offset; the caller keeps offset + dest.size() <= size().
    virtual void read(uint64_t offset, std::span<std::byte> dest) const = 0;
};

class SpanSource final : public ByteSource {
public:
    explicit SpanSource(std::span<const std::byte> bytes) : bytes_(bytes) {}
    uint64_t size() const override { return bytes_.size(); }
    void read(uint64_t offset, std::span<std::byte> dest) const override {
        if (!dest.empty()) std::memcpy(dest.data(), bytes_.data() + offset, dest.size());
    }

private:
    std::span<const std::byte> bytes_;
};

class FileSource final : public ByteSource {
public:
    explicit FileSource(const std::string& path) : path_(path), fd_(openRegular(path, size_)) {}
    ~FileSource() override { ::close(fd_); }
    FileSource(const FileSource&) = delete;
    FileSource& operator=(const FileSource&) = delete;

    uint64_t size() const override { return size_; }
    void read(uint64_t offset, std::span<std::byte> dest) const override {
        std::size_t done = 0;
        while (done < dest.size()) {
            const std::size_t chunk = std::min<std::size_t>(dest.size() - done, std::size_t{1} << 30);
            const ssize_t n = ::pread(fd_, dest.data() + done, chunk, static_cast<off_t>(offset + done));
            if (n < 0 && errno == EINTR) continue;
            if (n < 0) throw IoError(path_, "cannot read '" + path_ + "': " + errnoText(errno));
            if (n == 0)
                throw IoError(path_, "cannot read '" + path_ + "': the file shrank while it was read");
            done += static_cast<std::size_t>(n);
        }
    }

private:
    static int openRegular(const std::string& path, uint64_t& size) {
        const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
        if (fd < 0) throw IoError(path, "cannot open '" + path + "': " + errnoText(errno));
        struct stat st {};
        if (::fstat(fd, &st) != 0) {
            const int err = errno;
            ::close(fd);
            throw IoError(path, "cannot open '" + path + "': " + errnoText(err));
        }
        if (!S_ISREG(st.st_mode)) {
            ::close(fd);
            throw IoError(path, "cannot read '" + path + "': " +
                                    (S_ISDIR(st.st_mode) ? "it is a directory" : "it is not a regular file"));
        }
        size = static_cast<uint64_t>(st.st_size);
        return fd;
    }

    std::string path_;
    uint64_t size_ = 0;
    int fd_;
};

// ---------------------------------------------------------------------------------------------
// Preamble: magic, version, header length.

struct Preamble {
    int major = 0, minor = 0;
    uint64_t headerStart = 0, headerLength = 0;
    uint64_t dataStart() const { return headerStart + headerLength; }
};

std::string hexBytes(std::span<const std::byte> bytes) {
    static const char digits[] = "0123456789abcdef";
    std::string s;
    for (std::byte b : bytes) {
        if (!s.empty()) s += ' ';
        s += digits[static_cast<unsigned>(b) >> 4];
        s += digits[static_cast<unsigned>(b) & 0xf];
    }
    return s;
}

void checkMagic(std::span<const std::byte> head) {
    const bool ok =
        head.size() >= kMagic.size() && std::memcmp(head.data(), kMagic.data(), kMagic.size()) == 0;
    if (ok) return;
    const std::string seen =
        head.empty() ? "the file is empty"
                     : "it starts with " + hexBytes(head.first(std::min<std::size_t>(head.size(), 6)));
    throw NpyError("not a .npy file: it does not start with the magic string \\x93NUMPY (" + seen + ")");
}

std::string versionText(int major, int minor) { return std::to_string(major) + "." + std::to_string(minor); }

void checkVersion(int major, int minor) {
    if ((major == 1 || major == 2 || major == 3) && minor == 0) return;
    throw NpyError("unsupported .npy format version " + versionText(major, minor) +
                   " (supported: 1.0, 2.0, 3.0)");
}

Preamble readPreamble(const ByteSource& src) {
    std::array<std::byte, 12> head{};
    const auto avail = static_cast<std::size_t>(std::min<uint64_t>(src.size(), head.size()));
    src.read(0, std::span(head).first(avail));
    checkMagic(std::span(head).first(avail));
    if (avail < 8)
        throw NpyError("truncated .npy header: the file holds " + std::to_string(avail) +
                       " bytes, too few for the format version");
    Preamble p;
    p.major = static_cast<int>(head[6]);
    p.minor = static_cast<int>(head[7]);
    checkVersion(p.major, p.minor);
    const std::size_t lengthBytes = p.major == 1 ? 2 : 4;
    p.headerStart = 8 + lengthBytes;
    if (src.size() < p.headerStart)
        throw NpyError("truncated .npy header: the file holds " + std::to_string(src.size()) +
                       " bytes, fewer than the " + std::to_string(p.headerStart) +
                       "-byte preamble of version " + versionText(p.major, p.minor));
    p.headerLength = loadUnsigned(head.data() + 8, lengthBytes, false);
    if (p.dataStart() > src.size())
        throw NpyError("the header length " + std::to_string(p.headerLength) +
                       " runs past the end of the file: the header would end at byte " +
                       std::to_string(p.dataStart()) + " but the file holds " + std::to_string(src.size()) +
                       " bytes");
    return p;
}

std::string readHeaderText(const ByteSource& src, const Preamble& p) {
    std::string text(static_cast<std::size_t>(p.headerLength), '\0');
    src.read(p.headerStart, std::as_writable_bytes(std::span(text)));
    return text;
}

// ---------------------------------------------------------------------------------------------
// Header: a Python dict literal with the keys 'descr', 'fortran_order' and 'shape'.

struct HeaderValue {
    enum class Kind { String, Bool, Tuple } kind = Kind::String;
    std::string text;
    bool flag = false;
    Shape dims;
};

using HeaderDict = std::vector<std::pair<std::string, HeaderValue>>;

std::string printable(std::string_view text) {
    constexpr std::size_t kMax = 200;
    std::string s;
    for (char c : text.substr(0, kMax)) {
        const auto u = static_cast<unsigned char>(c);
        if (c == '\n')
            s += "\\n";
        else if (u < 0x20 || u >= 0x7f)
            s += "\\x" + hexBytes(std::span(reinterpret_cast<const std::byte*>(&c), 1));
        else
            s += c;
    }
    if (text.size() > kMax) s += "...";
    return s;
}

class HeaderParser {
public:
    HeaderParser(std::string_view text, bool allowLongSuffix) : text_(text), allowLong_(allowLongSuffix) {}

    HeaderDict parseDict() {
        HeaderDict dict;
        skipSpace();
        expect('{', "the header to start with '{'");
        for (skipSpace(); !consume('}'); skipSpace()) {
            std::string key = parseString();
            skipSpace();
            expect(':', "':' after the key '" + key + "'");
            skipSpace();
            dict.emplace_back(std::move(key), parseValue());
            skipSpace();
            if (consume(',')) continue;
            expect('}', "',' or '}' after the value of '" + dict.back().first + "'");
            break;
        }
        skipSpace();
        if (pos_ != text_.size()) fail("unexpected text after the closing '}'");
        return dict;
    }

private:
    [[noreturn]] void fail(const std::string& what) const {
        throw NpyError("malformed .npy header: " + what + " at offset " + std::to_string(pos_) + " in \"" +
                       printable(text_) + "\"");
    }
    bool atEnd() const { return pos_ >= text_.size(); }
    char peek() const { return atEnd() ? '\0' : text_[pos_]; }
    void skipSpace() {
        while (!atEnd() && std::string_view(" \t\r\n").find(text_[pos_]) != std::string_view::npos) ++pos_;
    }
    bool consume(char c) {
        if (atEnd() || text_[pos_] != c) return false;
        ++pos_;
        return true;
    }
    void expect(char c, const std::string& what) {
        if (!consume(c)) fail("expected " + what);
    }

    std::string parseString() {
        const char quote = peek();
        if (quote != '\'' && quote != '"') fail("expected a quoted string");
        const std::size_t start = ++pos_;
        const std::size_t end = text_.find(quote, start);
        if (end == std::string_view::npos) fail("unterminated string");
        const std::string_view s = text_.substr(start, end - start);
        if (s.find('\\') != std::string_view::npos) fail("escape sequences in strings are not supported");
        pos_ = end + 1;
        return std::string(s);
    }

    bool parseKeyword(std::string_view word) {
        if (text_.substr(pos_, word.size()) != word) return false;
        const std::size_t after = pos_ + word.size();
        if (after < text_.size() &&
            (std::isalnum(static_cast<unsigned char>(text_[after])) || text_[after] == '_'))
            return false;
        pos_ = after;
        return true;
    }

    HeaderValue parseValue() {
        HeaderValue v;
        if (peek() == '\'' || peek() == '"') {
            v.text = parseString();
        } else if (peek() == '(') {
            v.kind = HeaderValue::Kind::Tuple;
            v.dims = parseTuple();
        } else if (parseKeyword("True")) {
            v.kind = HeaderValue::Kind::Bool;
            v.flag = true;
        } else if (parseKeyword("False")) {
            v.kind = HeaderValue::Kind::Bool;
        } else if (peek() == '[') {
            throw NpyError(
                "unsupported .npy file: structured arrays (a list of fields as 'descr') are not supported");
        } else {
            fail("expected a string, True, False or a tuple");
        }
        return v;
    }

    Shape parseTuple() {
        Shape dims;
        expect('(', "'('");
        skipSpace();
        if (consume(')')) return dims;
        while (true) {
            dims.push_back(parseInt());
            skipSpace();
            if (consume(')')) {
                if (dims.size() == 1) fail("expected ',' in a one-element tuple such as (5,)");
                return dims;
            }
            expect(',', "',' or ')' in the shape tuple");
            skipSpace();
            if (consume(')')) return dims;
        }
    }

    int64_t parseInt() {
        const bool negative = consume('-');
        if (!std::isdigit(static_cast<unsigned char>(peek()))) fail("expected an integer");
        uint64_t magnitude = 0;
        for (; std::isdigit(static_cast<unsigned char>(peek())); ++pos_) {
            magnitude = magnitude * 10 + static_cast<uint64_t>(peek() - '0');
            if (magnitude > static_cast<uint64_t>(std::numeric_limits<int64_t>::max()))
                throw TooLargeError(
                    "a dimension in the .npy header's shape overflows int64 (\"" + printable(text_) + "\")",
                    std::numeric_limits<uint64_t>::max(), 0);
        }
        if (allowLong_) consume('L');  // written by Python 2 NumPy
        const auto value = static_cast<int64_t>(magnitude);
        return negative ? -value : value;
    }

    std::string_view text_;
    bool allowLong_;
    std::size_t pos_ = 0;
};

const HeaderValue& requireKey(const HeaderValue* value, const char* key) {
    if (!value) throw NpyError(std::string("the .npy header is missing the key '") + key + "'");
    return *value;
}

NpyInfo infoFromDict(const HeaderDict& dict, const Preamble& p) {
    const HeaderValue *descr = nullptr, *fortran = nullptr, *shape = nullptr;
    for (const auto& [key, value] : dict) {
        const HeaderValue** slot = key == "descr"           ? &descr
                                   : key == "fortran_order" ? &fortran
                                   : key == "shape"         ? &shape
                                                            : nullptr;
        if (!slot) throw NpyError("the .npy header has an unexpected key '" + key + "'");
        if (*slot) throw NpyError("the .npy header repeats the key '" + key + "'");
        *slot = &value;
    }
    NpyInfo info;
    info.versionMajor = p.major;
    info.versionMinor = p.minor;
    const HeaderValue& d = requireKey(descr, "descr");
    const HeaderValue& f = requireKey(fortran, "fortran_order");
    const HeaderValue& s = requireKey(shape, "shape");
    if (d.kind != HeaderValue::Kind::String) throw NpyError("the .npy header's 'descr' is not a string");
    if (f.kind != HeaderValue::Kind::Bool)
        throw NpyError("the .npy header's 'fortran_order' is not True or False");
    if (s.kind != HeaderValue::Kind::Tuple) throw NpyError("the .npy header's 'shape' is not a tuple");
    info.descr = d.text;
    info.fortranOrder = f.flag;
    info.shape = s.dims;
    for (int64_t dim : info.shape)
        if (dim < 0)
            throw NpyError("negative dimension " + std::to_string(dim) + " in the shape " +
                           formatShape(info.shape));
    return info;
}

NpyInfo parseHeader(const std::string& text, const Preamble& p) {
    return infoFromDict(HeaderParser(text, p.major < 3).parseDict(), p);
}

// ---------------------------------------------------------------------------------------------
// Element types

enum class ElemKind { Float, Signed, Unsigned, Bool };

struct ElemType {
    ElemKind kind;
    std::size_t size;
    bool bigEndian;
    std::string_view name;
};

struct KnownType {
    std::string_view code;  // descr without the byte-order character
    ElemKind kind;
    std::size_t size;
    std::string_view name;
};

constexpr std::array<KnownType, 12> kKnownTypes{{
    {"f2", ElemKind::Float, 2, "float16"},
    {"f4", ElemKind::Float, 4, "float32"},
    {"f8", ElemKind::Float, 8, "float64"},
    {"i1", ElemKind::Signed, 1, "int8"},
    {"i2", ElemKind::Signed, 2, "int16"},
    {"i4", ElemKind::Signed, 4, "int32"},
    {"i8", ElemKind::Signed, 8, "int64"},
    {"u1", ElemKind::Unsigned, 1, "uint8"},
    {"u2", ElemKind::Unsigned, 2, "uint16"},
    {"u4", ElemKind::Unsigned, 4, "uint32"},
    {"u8", ElemKind::Unsigned, 8, "uint64"},
    {"b1", ElemKind::Bool, 1, "bool"},
}};

ElemType parseDescr(const std::string& descr) {
    const auto unsupported = [&](const std::string& why) {
        return NpyError("unsupported dtype '" + printable(descr) + "': " + why);
    };
    const char kind = descr.size() >= 2 ? descr[1] : '\0';
    if (kind == 'O')
        throw unsupported("object arrays are not supported (reading them would need unpickling)");
    if (kind == 'c') throw unsupported("complex arrays are not supported");
    const char order = descr.empty() ? '\0' : descr[0];
    const auto known = std::find_if(kKnownTypes.begin(), kKnownTypes.end(), [&](const KnownType& k) {
        return descr.size() > 1 && descr.substr(1) == k.code;
    });
    if (std::string_view("<>=|").find(order) == std::string_view::npos || known == kKnownTypes.end())
        throw unsupported("only bool, integer and float arrays can be read");
    if (order == '|' && known->size > 1)
        throw unsupported("a " + std::to_string(known->size) + "-byte type needs the byte order '<' or '>'");
    const bool big = order == '>' || (order == '=' && kNativeBigEndian);
    return ElemType{known->kind, known->size, big, known->name};
}

// The dtype torch.from_numpy gives an array of this type; none for uint16, uint32 and uint64,
// which PyTorch 1.13 has no tensor type for.
std::optional<DType> torchDType(const ElemType& e) {
    switch (e.kind) {
    case ElemKind::Float: return e.size == 8 ? DType::Float64 : e.size == 4 ? DType::Float32 : DType::Float16;
    case ElemKind::Bool: return DType::Bool;
    case ElemKind::Unsigned: return e.size == 1 ? std::optional(DType::UInt8) : std::nullopt;
    case ElemKind::Signed:
        return e.size == 1 ? DType::Int8 : e.size == 2 ? DType::Int16 : e.size == 4 ? DType::Int32 : DType::Int64;
    }
    return std::nullopt;
}

bool keptAsIs(const ElemType& e, NpyDTypes dtypes) {
    return (e.kind == ElemKind::Float && e.size >= 4) || (dtypes == NpyDTypes::AsPyTorch && torchDType(e));
}

DType outputDType(const ElemType& e, NpyDTypes dtypes) {
    if (dtypes == NpyDTypes::AsPyTorch && torchDType(e)) return *torchDType(e);
    return e.kind == ElemKind::Float && e.size == 8 ? DType::Float64 : DType::Float32;
}

// torch.from_numpy's refusal of an unsigned type wider than a byte, word for word.
void checkTorchHasType(const ElemType& e, NpyDTypes dtypes) {
    if (dtypes != NpyDTypes::AsPyTorch || torchDType(e)) return;
    throw SpecError(PyErrorType::TypeError,
                    "can't convert np.ndarray of type numpy." + std::string(e.name) +
                        ". The only supported types are: float64, float32, float16, complex64, complex128, int64, "
                        "int32, int16, int8, uint8, and bool.");
}

// ---------------------------------------------------------------------------------------------
// Sizes and data

uint64_t storedBytes(const Shape& shape, const ElemType& e) {
    const auto numel = static_cast<uint64_t>(shapeNumel(shape));
    if (numel > std::numeric_limits<uint64_t>::max() / e.size)
        throw TooLargeError("the byte count of shape " + formatShape(shape) + " overflows",
                            std::numeric_limits<uint64_t>::max(), 0);
    return numel * e.size;
}

void checkDataLength(uint64_t held, uint64_t claimed) {
    if (held == claimed) return;
    throw NpyError("header claims " + std::to_string(claimed) + " bytes of data but the file holds " +
                   std::to_string(held) + (held > claimed ? " (trailing data is refused)" : ""));
}

void checkLimit(const Shape& shape, const ElemType& e, NpyDTypes dtypes, uint64_t rawBytes, uint64_t maxBytes) {
    checkByteCap("the array of shape " + formatShape(shape),
                 std::max(rawBytes, shapeBytes(shape, outputDType(e, dtypes))), maxBytes);
}

float convertedValue(uint64_t bits, const ElemType& e) {
    switch (e.kind) {
        case ElemKind::Bool: return bits != 0 ? 1.0f : 0.0f;
        case ElemKind::Unsigned: return static_cast<float>(bits);
        case ElemKind::Signed: return static_cast<float>(signExtend(bits, e.size));
        case ElemKind::Float: return halfToFloat(static_cast<uint16_t>(bits));  // only float16 is converted
    }
    return 0.0f;
}

void convertToFloat(std::span<const std::byte> raw, const ElemType& e, float* out) {
    const std::size_t count = raw.size() / e.size;
    for (std::size_t i = 0; i < count; ++i)
        out[i] = convertedValue(loadUnsigned(raw.data() + i * e.size, e.size, e.bigEndian), e);
}

// src holds the values in Fortran order (axis 0 fastest); dst receives them in C order.
template <class T>
void fortranToC(const T* src, T* dst, const Shape& shape) {
    const std::size_t rank = shape.size();
    std::vector<int64_t> stride(rank, 1), index(rank, 0);
    for (std::size_t k = rank; k-- > 1;) stride[k - 1] = stride[k] * shape[k];
    const int64_t total = shapeNumel(shape);
    int64_t offset = 0;
    for (int64_t i = 0; i < total; ++i) {
        dst[offset] = src[i];
        for (std::size_t axis = 0; axis < rank; ++axis) {
            offset += stride[axis];
            if (++index[axis] < shape[axis]) break;
            offset -= stride[axis] * shape[axis];
            index[axis] = 0;
        }
    }
}

Tensor fortranToC(const Tensor& stored) {
    if (stored.empty()) return stored;  // nothing to move (and the strides of its dims may overflow)
    Tensor out(stored.shape(), stored.dtype());
    const void* s = stored.raw();
    void* d = out.raw();
    switch (dtypeSize(stored.dtype())) {  // elements moved as unsigned words of their size
    case 8: fortranToC(static_cast<const uint64_t*>(s), static_cast<uint64_t*>(d), stored.shape()); break;
    case 4: fortranToC(static_cast<const uint32_t*>(s), static_cast<uint32_t*>(d), stored.shape()); break;
    case 2: fortranToC(static_cast<const uint16_t*>(s), static_cast<uint16_t*>(d), stored.shape()); break;
    default: fortranToC(static_cast<const uint8_t*>(s), static_cast<uint8_t*>(d), stored.shape()); break;
    }
    return out;
}

Tensor decodeData(const ByteSource& src, uint64_t offset, const NpyInfo& info, const ElemType& e, NpyDTypes dtypes,
                  uint64_t rawBytes) {
    Tensor t(info.shape, outputDType(e, dtypes));
    if (keptAsIs(e, dtypes)) {
        src.read(offset, std::span(static_cast<std::byte*>(t.raw()), t.nbytes()));
        if (e.bigEndian != kNativeBigEndian)
            byteSwapEach(static_cast<std::byte*>(t.raw()), t.numel(), e.size);
    } else {
        std::vector<std::byte> raw(static_cast<std::size_t>(rawBytes));
        src.read(offset, raw);
        convertToFloat(raw, e, t.data<float>());
    }
    return info.fortranOrder && t.rank() > 1 ? fortranToC(t) : t;
}

NpyLoad load(const ByteSource& src, NpyDTypes dtypes, uint64_t maxBytes) {
    const Preamble pre = readPreamble(src);
    NpyLoad result;
    result.info = parseHeader(readHeaderText(src, pre), pre);
    const ElemType elem = parseDescr(result.info.descr);
    const uint64_t rawBytes = storedBytes(result.info.shape, elem);
    checkDataLength(src.size() - pre.dataStart(), rawBytes);
    checkTorchHasType(elem, dtypes);
    checkLimit(result.info.shape, elem, dtypes, rawBytes, maxBytes);
    result.tensor = decodeData(src, pre.dataStart(), result.info, elem, dtypes, rawBytes);
    if (elem.kind == ElemKind::Bool && keptAsIs(elem, dtypes)) {  // NumPy writes 0 and 1; any other byte is True
        auto* b = static_cast<uint8_t*>(result.tensor.raw());
        for (int64_t i = 0; i < result.tensor.numel(); ++i) b[i] = b[i] != 0 ? 1 : 0;
    }
    if (!keptAsIs(elem, dtypes)) result.notices.push_back("converted " + std::string(elem.name) + " to float32");
    return result;
}

// ---------------------------------------------------------------------------------------------
// Encoding

void checkEncodable(const Tensor& t) {
    if (t.raw() == nullptr || t.numel() != shapeNumel(t.shape()))
        throw Error(ErrorKind::Usage, "encodeNpy: the tensor holds no storage");
}

// NumPy's descr of a dtype, little-endian as np.save writes on little-endian machines.
std::string_view npyDescr(DType t) {
    switch (t) {
    case DType::Float32: return "<f4";
    case DType::Float64: return "<f8";
    case DType::UInt8: return "|u1";
    case DType::Int8: return "|i1";
    case DType::Int16: return "<i2";
    case DType::Int32: return "<i4";
    case DType::Int64: return "<i8";
    case DType::Bool: return "|b1";
    case DType::Float16: return "<f2";
    case DType::BFloat16: break;  // stored as float32 (storable)
    }
    return "<f4";
}

// The dict exactly as NumPy's _write_array_header writes it, growth padding included.
std::string headerDict(const Tensor& t) {
    std::string dict = std::string("{'descr': '") + std::string(npyDescr(t.dtype())) +
                       "', 'fortran_order': False, 'shape': " + formatShape(t.shape()) + ", }";
    if (t.rank() > 0) dict.append(kGrowthAxisMaxDigits - std::to_string(t.dim(0)).size(), ' ');
    return dict;
}

std::vector<std::byte> encodeHeader(const Tensor& t) {
    const std::string dict = headerDict(t);
    const std::size_t textLength = dict.size() + 1;  // with the final '\n'
    const auto padFor = [&](std::size_t lengthBytes) {
        return kAlign - (8 + lengthBytes + textLength) % kAlign;
    };
    const int major = textLength + padFor(2) <= 0xffff ? 1 : 2;  // as NumPy: 1.0 when its length fits
    const std::size_t lengthBytes = major == 1 ? 2 : 4;
    const std::size_t pad = padFor(lengthBytes);
    std::vector<std::byte> out;
    out.reserve(8 + lengthBytes + textLength + pad);
    for (char c : kMagic) out.push_back(static_cast<std::byte>(c));
    out.push_back(static_cast<std::byte>(major));
    out.push_back(std::byte{0});
    storeLittle(out, textLength + pad, lengthBytes);
    for (char c : dict) out.push_back(static_cast<std::byte>(c));
    out.insert(out.end(), pad, std::byte{' '});
    out.push_back(std::byte{'\n'});
    return out;
}

void appendLittleEndianData(std::vector<std::byte>& out, const Tensor& t) {
    const auto* p = static_cast<const std::byte*>(t.raw());
    const std::size_t start = out.size();
    out.insert(out.end(), p, p + t.nbytes());
    if (kNativeBigEndian) byteSwapEach(out.data() + start, t.numel(), dtypeSize(t.dtype()));
}

}  // namespace

NpyLoad readNpyBytes(std::span<const std::byte> bytes, uint64_t maxBytes) {
    return load(SpanSource(bytes), NpyDTypes::ConvertToFloat32, maxBytes);
}

NpyLoad readNpyBytes(std::span<const std::byte> bytes, NpyDTypes dtypes, uint64_t maxBytes) {
    return load(SpanSource(bytes), dtypes, maxBytes);
}

NpyLoad readNpy(const std::string& path, uint64_t maxBytes) { return readNpy(path, NpyDTypes::ConvertToFloat32, maxBytes); }

NpyLoad readNpy(const std::string& path, NpyDTypes dtypes, uint64_t maxBytes) {
    const FileSource src(path);
    try {
        return load(src, dtypes, maxBytes);
    } catch (const NpyError& e) {
        throw NpyError(path + ": " + e.what());
    } catch (const TooLargeError& e) {
        throw TooLargeError(path + ": " + e.what(), e.bytes(), e.limit());
    }
}

NpyInfo readNpyInfoBytes(std::span<const std::byte> head) {
    const SpanSource src(head);
    const Preamble pre = readPreamble(src);
    return parseHeader(readHeaderText(src, pre), pre);
}

std::string npyDTypeName(const std::string& descr) {
    try {
        return std::string(parseDescr(descr).name);
    } catch (const NpyError&) {
        return descr;
    }
}

// NumPy has no bfloat16: such a tensor is stored as float32, exactly (as x.float().numpy()).
Tensor storable(const Tensor& t) { return t.dtype() == DType::BFloat16 ? t.to(DType::Float32) : t; }

std::vector<std::byte> encodeNpy(const Tensor& tensor) {
    checkEncodable(tensor);
    const Tensor t = storable(tensor);
    std::vector<std::byte> out = encodeHeader(t);
    out.reserve(out.size() + t.nbytes());
    appendLittleEndianData(out, t);
    return out;
}

void writeNpy(const std::string& path, const Tensor& tensor) {
    checkEncodable(tensor);
    const Tensor t = storable(tensor);
    const std::vector<std::byte> header = encodeHeader(t);
    if (kNativeBigEndian) {
        std::vector<std::byte> data;
        appendLittleEndianData(data, t);
        io::writeFileAtomically(path, {header, data});
    } else {
        io::writeFileAtomically(path, {header, std::span(static_cast<const std::byte*>(t.raw()), t.nbytes())});
    }
}

}  // namespace upsample
