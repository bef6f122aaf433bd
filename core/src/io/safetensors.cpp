// safetensors: an 8-byte little-endian header length N, N bytes of JSON
// {name: {"dtype", "shape", "data_offsets": [begin, end]}, "__metadata__": {...}}, then the data
// buffer: each tensor little-endian in C order at [begin, end), the buffer covered with no holes.
#include "io/formats.hpp"
#include "io/raw_tensor.hpp"

#include "upsample/error.hpp"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <array>
#include <string_view>

namespace upsample::io {
namespace {

constexpr uint64_t kMaxHeader = 100'000'000;  // the safetensors library's own limit

struct Dtype {
    std::string_view code;
    ElemType elem;
};

constexpr std::array<Dtype, 16> kDtypes{{
    {"F32", {"float32", ElemKind::Float, 4}},    {"F64", {"float64", ElemKind::Float, 8}},
    {"F16", {"float16", ElemKind::Float, 2}},    {"BF16", {"bfloat16", ElemKind::BFloat, 2}},
    {"U8", {"uint8", ElemKind::Unsigned, 1}},    {"I8", {"int8", ElemKind::Signed, 1}},
    {"I16", {"int16", ElemKind::Signed, 2}},     {"I32", {"int32", ElemKind::Signed, 4}},
    {"I64", {"int64", ElemKind::Signed, 8}},     {"BOOL", {"bool", ElemKind::Bool, 1}},
    {"U16", {"uint16", ElemKind::Unsigned, 2}},  {"U32", {"uint32", ElemKind::Unsigned, 4}},
    {"U64", {"uint64", ElemKind::Unsigned, 8}},  {"F8_E4M3", {"float8_e4m3fn", ElemKind::Unread, 1}},
    {"F8_E5M2", {"float8_e5m2", ElemKind::Unread, 1}}, {"C64", {"complex64", ElemKind::Unread, 8}},
}};

struct Item {
    std::string name;
    ElemType elem;
    Shape shape;
    uint64_t begin = 0, end = 0;
};

[[noreturn]] void fail(const std::string& why) { throw TensorFileError(why); }

ElemType elemOf(const std::string& name, const std::string& code) {
    for (const auto& d : kDtypes)
        if (d.code == code) return d.elem;
    fail("the tensor '" + name + "' has the unknown dtype '" + code.substr(0, 32) + "'");
}

uint64_t nonNegative(const nlohmann::ordered_json& v, const std::string& what) {
    if (!v.is_number_unsigned()) fail(what + " is not a non-negative integer");
    return v.get<uint64_t>();
}

Item parseItem(const std::string& name, const nlohmann::ordered_json& v) {
    if (!v.is_object() || !v.contains("dtype") || !v.contains("shape") || !v.contains("data_offsets"))
        fail("the tensor '" + name + "' lacks its dtype, shape or data_offsets");
    const auto &dtype = v["dtype"], &shape = v["shape"], &offsets = v["data_offsets"];
    if (!dtype.is_string()) fail("the dtype of '" + name + "' is not a string");
    if (!shape.is_array() || shape.size() > 32) fail("the shape of '" + name + "' is not a list of up to 32 sizes");
    if (!offsets.is_array() || offsets.size() != 2) fail("the data_offsets of '" + name + "' are not [begin, end]");
    Item it{name, elemOf(name, dtype.get<std::string>()), {}, 0, 0};
    for (const auto& d : shape) {
        const uint64_t n = nonNegative(d, "a size of '" + name + "'");
        if (n > static_cast<uint64_t>(INT64_MAX)) fail("a size of '" + name + "' overflows int64");
        it.shape.push_back(static_cast<int64_t>(n));
    }
    it.begin = nonNegative(offsets[0], "the data_offsets of '" + name + "'");
    it.end = nonNegative(offsets[1], "the data_offsets of '" + name + "'");
    const uint64_t numel = shapeBytes(it.shape, DType::UInt8);
    if (numel > UINT64_MAX / it.elem.size) fail("the byte count of '" + name + "' overflows");
    if (it.end < it.begin || it.end - it.begin != numel * it.elem.size)
        fail("the tensor '" + name + "' of shape " + formatShape(it.shape) + " and dtype " + std::string(it.elem.name) +
             " has data_offsets [" + std::to_string(it.begin) + ", " + std::to_string(it.end) + "] that do not hold it");
    return it;
}

// The data buffer covered in order, with no hole and no overlap, and nothing after it.
void checkCoverage(std::vector<Item> items, uint64_t dataSize) {
    std::sort(items.begin(), items.end(), [](const Item& a, const Item& b) { return a.begin < b.begin; });
    uint64_t at = 0;
    for (const auto& it : items) {
        if (it.begin != at)
            fail("the tensor '" + it.name + "' starts at byte " + std::to_string(it.begin) + " of the data, expected " +
                 std::to_string(at) + " (the data would have a hole or an overlap)");
        at = it.end;
    }
    if (at != dataSize)
        fail("the header's tensors cover " + std::to_string(at) + " bytes of data but the file holds " +
             std::to_string(dataSize) + (at > dataSize ? ": a truncated file" : ""));
}

class SafetensorsFile final : public TensorArchive {
public:
    explicit SafetensorsFile(const ByteSource& src) : src_(src) {
        if (src.size() < 8) fail("not a safetensors file: " + std::to_string(src.size()) + " bytes, too few for its header length");
        const uint64_t n = loadLE(src.bytes(0, 8).data(), 8);
        if (n > kMaxHeader || n > src.size() - 8)
            fail("not a safetensors file, or a truncated one: the header length " + std::to_string(n) +
                 (n > kMaxHeader ? " is over the limit of 100000000" : " runs past the end of the file (" + std::to_string(src.size()) + " bytes)"));
        dataStart_ = 8 + n;
        const auto text = src.bytes(8, n);
        if (text.empty() || static_cast<char>(text[0]) != '{') fail("not a safetensors file: the header does not start with '{'");
        nlohmann::ordered_json header;
        try {
            header = nlohmann::ordered_json::parse(reinterpret_cast<const char*>(text.data()),
                                                   reinterpret_cast<const char*>(text.data()) + text.size());
        } catch (const nlohmann::json::exception& e) {
            fail(std::string("the safetensors header is not valid JSON: ") + e.what());
        }
        if (!header.is_object()) fail("the safetensors header is not a JSON object");
        for (const auto& [name, value] : header.items())
            if (name != "__metadata__") items_.push_back(parseItem(name, value));
        checkCoverage(items_, src.size() - dataStart_);
    }

    std::vector<TensorEntry> entries() const override {
        std::vector<TensorEntry> out;
        for (const auto& it : items_) out.push_back(TensorEntry{it.name, it.shape, std::string(it.elem.name)});
        return out;
    }

    TensorLoad read(std::size_t index, NpyDTypes dtypes, uint64_t maxBytes) const override {
        const Item& it = items_.at(index);
        const StridedView view{it.shape, contiguousStrides(it.shape), 0};
        const uint64_t elems = static_cast<uint64_t>(shapeNumel(it.shape));
        DecodedTensor d = decodeStrided(src_, dataStart_ + it.begin, elems, it.elem, false, view, dtypes, maxBytes,
                                        "the tensor '" + it.name + "'");
        return TensorLoad{std::move(d.tensor), it.name, std::move(d.notices)};
    }

private:
    const ByteSource& src_;
    uint64_t dataStart_ = 0;
    std::vector<Item> items_;
};

std::string_view codeOf(DType d) {
    for (const auto& x : kDtypes)
        if (heldDType(x.elem) == d) return x.code;
    return "F32";
}

}  // namespace

std::unique_ptr<TensorArchive> openSafetensors(const ByteSource& src) { return std::make_unique<SafetensorsFile>(src); }

std::vector<std::byte> encodeSafetensors(const Tensor& t, const std::string& name) {
    nlohmann::ordered_json header;
    header[name] = {{"dtype", codeOf(t.dtype())}, {"shape", t.shape()}, {"data_offsets", {0, t.nbytes()}}};
    std::string text = header.dump();
    text.append((8 - text.size() % 8) % 8, ' ');
    std::vector<std::byte> out;
    for (int i = 0; i < 8; ++i) out.push_back(static_cast<std::byte>((text.size() >> (8 * i)) & 0xff));
    for (char c : text) out.push_back(static_cast<std::byte>(c));
    const auto data = littleEndianBytes(t);
    out.insert(out.end(), data.begin(), data.end());
    return out;
}

}  // namespace upsample::io
