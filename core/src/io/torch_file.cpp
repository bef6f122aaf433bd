// torch.save's zip format: <archive>/data.pkl (a pickle whose tensors name their storages by
// persistent id), <archive>/data/<key> (each storage's raw bytes), <archive>/byteorder ("little"
// or "big"; absent before PyTorch 2.0: little), <archive>/version.
#include "io/formats.hpp"
#include "io/pickle.hpp"
#include "io/raw_tensor.hpp"
#include "io/zip.hpp"

#include "upsample/error.hpp"

#include <algorithm>
#include <array>
#include <cstdint>
#include <string_view>

namespace upsample::io {
namespace {

struct StorageType {
    std::string_view storage;  // "FloatStorage"
    ElemType elem;
};

constexpr std::array<StorageType, 21> kStorageTypes{{
    {"FloatStorage", {"float32", ElemKind::Float, 4}},
    {"DoubleStorage", {"float64", ElemKind::Float, 8}},
    {"HalfStorage", {"float16", ElemKind::Float, 2}},
    {"BFloat16Storage", {"bfloat16", ElemKind::BFloat, 2}},
    {"ByteStorage", {"uint8", ElemKind::Unsigned, 1}},
    {"UntypedStorage", {"uint8", ElemKind::Unsigned, 1}},
    {"CharStorage", {"int8", ElemKind::Signed, 1}},
    {"ShortStorage", {"int16", ElemKind::Signed, 2}},
    {"IntStorage", {"int32", ElemKind::Signed, 4}},
    {"LongStorage", {"int64", ElemKind::Signed, 8}},
    {"BoolStorage", {"bool", ElemKind::Bool, 1}},
    {"UInt16Storage", {"uint16", ElemKind::Unsigned, 2}},
    {"UInt32Storage", {"uint32", ElemKind::Unsigned, 4}},
    {"UInt64Storage", {"uint64", ElemKind::Unsigned, 8}},
    {"ComplexFloatStorage", {"complex64", ElemKind::Unread, 8}},
    {"ComplexDoubleStorage", {"complex128", ElemKind::Unread, 16}},
    {"ComplexHalfStorage", {"complex32", ElemKind::Unread, 4}},
    {"QInt8Storage", {"qint8", ElemKind::Unread, 1}},
    {"QUInt8Storage", {"quint8", ElemKind::Unread, 1}},
    {"QInt32Storage", {"qint32", ElemKind::Unread, 4}},
    {"Float8_e4m3fnStorage", {"float8_e4m3fn", ElemKind::Unread, 1}},
}};

ElemType elemOfStorage(const std::string& typeName) {
    for (const auto& s : kStorageTypes)
        if (s.storage == typeName) return s.elem;
    throw TensorFileError("the storage type torch." + typeName + " is not read");
}

[[noreturn]] void notTorch(const std::string& why) { throw TensorFileError("not a torch.save file: " + why); }

class TorchArchive final : public TensorArchive {
public:
    explicit TorchArchive(const ByteSource& src) : zip_(openZip(src)) {
        const ZipEntry* pkl = nullptr;
        for (const auto& e : zip_.entries()) {
            const auto slash = e.name.find('/');
            if (slash != std::string::npos && e.name.substr(slash) == "/data.pkl") {
                pkl = &e;
                prefix_ = e.name.substr(0, slash + 1);
                break;
            }
        }
        if (!pkl) {
            const bool script = std::any_of(zip_.entries().begin(), zip_.entries().end(),
                                            [](const ZipEntry& e) { return e.name.find("/constants.pkl") != std::string::npos; });
            notTorch(script ? "a TorchScript archive (torch.jit.save), which holds code; not read"
                            : "the zip archive holds no <archive>/data.pkl record");
        }
        if (pkl->size > kMaxPickleBytes)
            throw TensorFileError("the data.pkl record of " + std::to_string(pkl->size) + " bytes is over the limit of " +
                                  std::to_string(kMaxPickleBytes));
        pickle_ = loadTorchPickle(zip_.read(*pkl, kMaxPickleBytes));
        named_ = namedTensors(pickle_);
        bigEndian_ = readByteOrder();
    }

    std::vector<TensorEntry> entries() const override {
        std::vector<TensorEntry> out;
        for (const auto& n : named_) {
            const TensorRef& t = pickle_.tensors[n.tensor];
            const StorageRef& s = pickle_.storages[t.storage];
            std::string dtype;
            try {
                dtype = std::string(elemOfStorage(s.typeName).name);
            } catch (const TensorFileError&) {
                dtype = s.typeName;
            }
            out.push_back(TensorEntry{n.name, t.size, dtype});
        }
        return out;
    }

    TensorLoad read(std::size_t index, NpyDTypes dtypes, uint64_t maxBytes) const override {
        const NamedTensor& n = named_.at(index);
        const TensorRef& t = pickle_.tensors[n.tensor];
        const StorageRef& s = pickle_.storages[t.storage];
        const std::string what = n.name.empty() ? std::string("the tensor") : "the tensor '" + n.name + "'";
        const ElemType e = elemOfStorage(s.typeName);
        const std::string record = prefix_ + "data/" + s.key;
        const ZipEntry* entry = zip_.find(record);
        if (!entry) throw TensorFileError(what + ": its storage record '" + record + "' is missing");
        if (e.kind != ElemKind::Unread && s.numel > entry->size / e.size)  // as torch.load, a longer record is fine
            throw TensorFileError(what + ": its storage claims " + std::to_string(s.numel) + " elements of " +
                                  std::to_string(e.size) + " bytes but the record '" + record + "' holds " +
                                  std::to_string(entry->size) + " bytes");
        StridedView view{t.size, t.stride, t.offset};
        DecodedTensor d;
        if (entry->method == 0) {
            d = decodeStrided(zip_.source(), entry->dataOffset, s.numel, e, bigEndian_, view, dtypes, maxBytes, what);
        } else {  // not written by PyTorch, but a valid zip: inflated first
            const auto bytes = zip_.read(*entry, maxBytes);
            d = decodeStrided(SpanSource(bytes), 0, s.numel, e, bigEndian_, view, dtypes, maxBytes, what);
        }
        return TensorLoad{std::move(d.tensor), n.name, std::move(d.notices)};
    }

private:
    static ZipReader openZip(const ByteSource& src) {
        if (src.size() >= 2 && static_cast<unsigned char>(src.bytes(0, 1)[0]) == 0x80)
            notTorch("a pickle, not a zip archive: the legacy format of PyTorch before 1.6 (or "
                     "_use_new_zipfile_serialization=False), which is not read; save it again with a current PyTorch");
        try {
            return ZipReader(src);
        } catch (const TensorFileError& e) {
            notTorch(e.what());
        }
    }

    bool readByteOrder() const {
        const ZipEntry* e = zip_.find(prefix_ + "byteorder");
        if (!e) return false;
        const auto bytes = zip_.read(*e, 16);
        const std::string order(reinterpret_cast<const char*>(bytes.data()), bytes.size());
        if (order == "little") return false;
        if (order == "big") return true;
        throw TensorFileError("the byteorder record says '" + order.substr(0, 16) + "' (expected little or big)");
    }

    ZipReader zip_;
    std::string prefix_;
    Pickle pickle_;
    std::vector<NamedTensor> named_;
    bool bigEndian_ = false;
};

// ---------------------------------------------------------------------------------------------
// Writing: the pickle torch.save writes for a bare tensor (protocol 2).

class PickleWriter {
public:
    void op(unsigned char c) { out_.push_back(static_cast<std::byte>(c)); }
    void raw(std::string_view s) {
        for (char c : s) op(static_cast<unsigned char>(c));
    }
    void global(std::string_view module, std::string_view name) {
        op('c');
        raw(module);
        op('\n');
        raw(name);
        op('\n');
    }
    void string(std::string_view s) {
        op('X');
        le(s.size(), 4);
        raw(s);
    }
    void integer(int64_t v) {
        if (v >= INT32_MIN && v <= INT32_MAX) {
            op('J');
            le(static_cast<uint32_t>(static_cast<int32_t>(v)), 4);
        } else {
            op(0x8a);
            op(8);
            le(static_cast<uint64_t>(v), 8);
        }
    }
    void intTuple(const std::vector<int64_t>& v) {
        op('(');
        for (int64_t x : v) integer(x);
        op('t');
    }
    std::vector<std::byte> take() { return std::move(out_); }

private:
    void le(uint64_t v, int n) {
        for (int i = 0; i < n; ++i) op(static_cast<unsigned char>((v >> (8 * i)) & 0xff));
    }
    std::vector<std::byte> out_;
};

std::string_view storageName(DType d) {
    for (const auto& s : kStorageTypes)
        if (s.storage != "UntypedStorage" && heldDType(s.elem) == d) return s.storage;
    return "FloatStorage";
}

std::vector<std::byte> tensorPickle(const Tensor& t) {
    PickleWriter w;
    w.op(0x80);
    w.op(2);
    w.global("torch._utils", "_rebuild_tensor_v2");
    w.op('(');
    w.op('(');  // the persistent id
    w.string("storage");
    w.global("torch", storageName(t.dtype()));
    w.string("0");
    w.string("cpu");
    w.integer(t.numel());
    w.op('t');
    w.op('Q');
    w.integer(0);
    w.intTuple(t.shape());
    w.intTuple(contiguousStrides(t.shape()));
    w.op(0x89);  // requires_grad=False
    w.global("collections", "OrderedDict");
    w.op(')');
    w.op('R');
    w.op('t');
    w.op('R');
    w.op('.');
    return w.take();
}

}  // namespace

std::unique_ptr<TensorArchive> openTorchArchive(const ByteSource& src) { return std::make_unique<TorchArchive>(src); }

std::vector<std::byte> encodeTorch(const Tensor& t) {
    const auto pickle = tensorPickle(t);
    const auto data = littleEndianBytes(t);
    static constexpr std::string_view kLittle = "little", kVersion = "3\n";
    const auto bytes = [](std::string_view s) { return std::as_bytes(std::span(s.data(), s.size())); };
    return encodeZip({{"archive/data.pkl", pickle},
                      {"archive/byteorder", bytes(kLittle)},
                      {"archive/data/0", data},
                      {"archive/version", bytes(kVersion)}},
                     64);
}

}  // namespace upsample::io
