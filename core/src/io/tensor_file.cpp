// The one entry point for tensor files: the format by extension, a file's tensors listed and one
// read by name, and writing by extension.
#include "upsample/tensor_file.hpp"

#include "io/atomic_file.hpp"
#include "io/formats.hpp"
#include "upsample/error.hpp"
#include "upsample/exr.hpp"

#include <algorithm>
#include <array>
#include <cctype>
#include <sys/stat.h>

namespace upsample {
namespace {

struct Extension {
    std::string_view ext;
    TensorFileFormat format;
};

constexpr std::array<Extension, 6> kExtensions{{
    {".npy", TensorFileFormat::Npy},
    {".pt", TensorFileFormat::Torch},
    {".pth", TensorFileFormat::Torch},
    {".safetensors", TensorFileFormat::Safetensors},
    {".npz", TensorFileFormat::Npz},
    {".exr", TensorFileFormat::Exr},
}};

bool endsWithNoCase(std::string_view s, std::string_view end) {
    if (s.size() < end.size()) return false;
    return std::equal(end.begin(), end.end(), s.end() - static_cast<std::ptrdiff_t>(end.size()),
                      [](char a, char b) { return std::tolower(static_cast<unsigned char>(a)) == b; });
}

std::unique_ptr<io::TensorArchive> openArchive(const io::ByteSource& src, TensorFileFormat f) {
    switch (f) {
    case TensorFileFormat::Torch: return io::openTorchArchive(src);
    case TensorFileFormat::Npz: return io::openNpzArchive(src);
    case TensorFileFormat::Safetensors: return io::openSafetensors(src);
    default: return nullptr;
    }
}

std::string namesText(const std::vector<TensorEntry>& entries) {
    std::string s;
    for (std::size_t i = 0; i < entries.size() && i < 20; ++i) s += (i ? ", " : "") + entries[i].name;
    if (entries.size() > 20) s += ", ... (" + std::to_string(entries.size()) + " in all)";
    return s;
}

std::size_t pick(const std::vector<TensorEntry>& entries, const std::optional<std::string>& key,
                 TensorFileFormat f) {
    if (entries.empty()) throw TensorFileError("the file holds no tensor");
    if (!key) {
        if (entries.size() == 1) return 0;
        throw TensorFileError("the file holds " + std::to_string(entries.size()) + " tensors (" + namesText(entries) +
                              "): name one as FILE" + std::string(tensorFileFormatName(f)) + ":NAME");
    }
    for (std::size_t i = 0; i < entries.size(); ++i)
        if (entries[i].name == *key) return i;
    throw TensorFileError("the file holds no tensor named '" + *key + "'; it holds: " + namesText(entries));
}

TensorLoad readFromSource(const io::ByteSource& src, TensorFileFormat f, const std::optional<std::string>& key,
                          NpyDTypes dtypes, uint64_t maxBytes) {
    const auto archive = openArchive(src, f);
    const auto entries = archive->entries();
    return archive->read(pick(entries, key, f), dtypes, maxBytes);
}

// Messages of the readers say what is wrong; this says in which file.
template <class F>
auto naming(const std::string& path, F&& f) {
    try {
        return f();
    } catch (const TensorFileError& e) {
        throw TensorFileError(path + ": " + e.what());
    } catch (const NpyError& e) {
        throw NpyError(path + ": " + e.what());
    } catch (const TooLargeError& e) {
        throw TooLargeError(path + ": " + e.what(), e.bytes(), e.limit());
    }
}

std::vector<TensorEntry> singleEntry(const NpyInfo& info) {
    return {TensorEntry{"", info.shape, npyDTypeName(info.descr)}};
}

void refuseKey(const std::optional<std::string>& key, TensorFileFormat f) {
    if (key && !key->empty())
        throw TensorFileError("a " + std::string(tensorFileFormatName(f)) + " file holds one tensor: it has no '" +
                              *key + "'");
}

TensorLoad fromExr(ExrLoad load) { return TensorLoad{std::move(load.tensor), "", std::move(load.notices)}; }

TensorLoad fromNpy(NpyLoad load) { return TensorLoad{std::move(load.tensor), "", std::move(load.notices)}; }

}  // namespace

std::optional<TensorFileFormat> tensorFileFormatOf(std::string_view path) {
    for (const auto& e : kExtensions)
        if (endsWithNoCase(path, e.ext)) return e.format;
    return std::nullopt;
}

std::string_view tensorFileFormatName(TensorFileFormat f) {
    for (const auto& e : kExtensions)
        if (e.format == f) return e.ext;
    return "";
}

bool holdsSeveralTensors(TensorFileFormat f) {
    return f == TensorFileFormat::Torch || f == TensorFileFormat::Safetensors || f == TensorFileFormat::Npz;
}

TensorPath splitTensorPath(const std::string& arg) {
    struct stat st {};
    if (::stat(arg.c_str(), &st) == 0) return TensorPath{arg, std::nullopt};
    for (std::size_t colon = arg.rfind(':'); colon != std::string::npos && colon > 0;
         colon = arg.rfind(':', colon - 1)) {
        const auto f = tensorFileFormatOf(std::string_view(arg).substr(0, colon));
        if (f && holdsSeveralTensors(*f)) return TensorPath{arg.substr(0, colon), arg.substr(colon + 1)};
    }
    return TensorPath{arg, std::nullopt};
}

std::vector<TensorEntry> listTensorBytes(std::span<const std::byte> bytes, TensorFileFormat format, uint64_t maxBytes) {
    const io::SpanSource src(bytes);
    if (format == TensorFileFormat::Npy) return singleEntry(readNpyInfoBytes(bytes));
    if (format == TensorFileFormat::Exr) {
        const TensorLoad load = fromExr(readExrBytes(bytes, maxBytes));
        return {TensorEntry{"", load.tensor.shape(), "float32"}};
    }
    return openArchive(src, format)->entries();
}

std::vector<TensorEntry> listTensors(const std::string& path, uint64_t maxBytes) {
    const auto format = tensorFileFormatOf(path).value_or(TensorFileFormat::Npy);
    if (format == TensorFileFormat::Exr) {
        const ExrLoad load = readExr(path, maxBytes);
        return {TensorEntry{"", load.tensor.shape(), "float32"}};
    }
    const io::FileSource src(path);
    return naming(path, [&] {
        if (format == TensorFileFormat::Npy)
            return singleEntry(readNpyInfoBytes(src.bytes(0, std::min<uint64_t>(src.size(), 1 << 20))));
        return openArchive(src, format)->entries();
    });
}

TensorLoad readTensorBytes(std::span<const std::byte> bytes, TensorFileFormat format,
                           const std::optional<std::string>& key, NpyDTypes dtypes, uint64_t maxBytes) {
    if (!holdsSeveralTensors(format)) refuseKey(key, format);
    if (format == TensorFileFormat::Npy) return fromNpy(readNpyBytes(bytes, dtypes, maxBytes));
    if (format == TensorFileFormat::Exr) return fromExr(readExrBytes(bytes, maxBytes));
    return readFromSource(io::SpanSource(bytes), format, key, dtypes, maxBytes);
}

TensorLoad readTensorFile(const std::string& path, const std::optional<std::string>& key, NpyDTypes dtypes,
                          uint64_t maxBytes) {
    const auto format = tensorFileFormatOf(path).value_or(TensorFileFormat::Npy);
    if (!holdsSeveralTensors(format)) naming(path, [&] { refuseKey(key, format); return 0; });
    if (format == TensorFileFormat::Npy) return fromNpy(readNpy(path, dtypes, maxBytes));
    if (format == TensorFileFormat::Exr) return fromExr(readExr(path, maxBytes));
    const io::FileSource src(path);
    return naming(path, [&] { return readFromSource(src, format, key, dtypes, maxBytes); });
}

std::vector<std::byte> encodeTensorFile(const Tensor& t, TensorFileFormat format) {
    if (t.raw() == nullptr && t.numel() != 0) throw UsageError("encodeTensorFile: the tensor holds no storage");
    switch (format) {
    case TensorFileFormat::Npy: return encodeNpy(t);
    case TensorFileFormat::Torch: return io::encodeTorch(t);
    case TensorFileFormat::Safetensors: return io::encodeSafetensors(t, "output");
    case TensorFileFormat::Npz: return io::encodeNpz(t, "output");
    case TensorFileFormat::Exr: break;
    }
    throw UsageError("results are not written as .exr: write .npy, .pt, .safetensors or .npz (or a .png picture)");
}

std::optional<std::string> storageNotice(const std::string& path, DType dtype) {
    const auto format = tensorFileFormatOf(path).value_or(TensorFileFormat::Npy);
    if (dtype != DType::BFloat16 || (format != TensorFileFormat::Npy && format != TensorFileFormat::Npz))
        return std::nullopt;
    return "stored bfloat16 as float32, exactly (NumPy has no bfloat16; .pt and .safetensors keep it)";
}

void writeTensorFile(const std::string& path, const Tensor& t) {
    const auto format = tensorFileFormatOf(path).value_or(TensorFileFormat::Npy);
    if (format == TensorFileFormat::Npy) return writeNpy(path, t);
    const auto bytes = encodeTensorFile(t, format);
    io::writeFileAtomically(path, {bytes});
}

}  // namespace upsample
