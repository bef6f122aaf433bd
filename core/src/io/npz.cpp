// NumPy's .npz: a zip archive of .npy members (stored by np.savez, deflated by
// np.savez_compressed); an array's name is its member's name without ".npy".
#include "io/formats.hpp"
#include "io/raw_tensor.hpp"
#include "io/zip.hpp"

#include "upsample/error.hpp"

namespace upsample::io {
namespace {

constexpr uint64_t kHeaderPrefix = 1 << 20;  // a .npy header is read from its member's first MiB

bool isNpyMember(const std::string& name) { return name.size() > 4 && name.compare(name.size() - 4, 4, ".npy") == 0; }

class NpzArchive final : public TensorArchive {
public:
    explicit NpzArchive(const ByteSource& src) : zip_(openZip(src)) {
        for (const auto& e : zip_.entries())
            if (isNpyMember(e.name)) members_.push_back(&e);
    }

    std::vector<TensorEntry> entries() const override {
        std::vector<TensorEntry> out;
        for (const ZipEntry* e : members_) {
            const auto head = zip_.readPrefix(*e, kHeaderPrefix);
            NpyInfo info;
            try {
                info = readNpyInfoBytes(head);
            } catch (const NpyError& err) {
                throw TensorFileError("the member '" + e->name + "': " + err.what());
            }
            out.push_back(TensorEntry{e->name.substr(0, e->name.size() - 4), info.shape, npyDTypeName(info.descr)});
        }
        return out;
    }

    TensorLoad read(std::size_t index, NpyDTypes dtypes, uint64_t maxBytes) const override {
        const ZipEntry& e = *members_.at(index);
        const auto bytes = zip_.read(e, maxBytes > UINT64_MAX - kHeaderPrefix ? maxBytes : maxBytes + kHeaderPrefix);
        try {
            NpyLoad load = readNpyBytes(bytes, dtypes, maxBytes);
            return TensorLoad{std::move(load.tensor), e.name.substr(0, e.name.size() - 4), std::move(load.notices)};
        } catch (const NpyError& err) {
            throw TensorFileError("the member '" + e.name + "': " + err.what());
        }
    }

private:
    static ZipReader openZip(const ByteSource& src) {
        try {
            return ZipReader(src);
        } catch (const TensorFileError& e) {
            throw TensorFileError(std::string("not an .npz archive: ") + e.what());
        }
    }

    ZipReader zip_;
    std::vector<const ZipEntry*> members_;
};

}  // namespace

std::unique_ptr<TensorArchive> openNpzArchive(const ByteSource& src) { return std::make_unique<NpzArchive>(src); }

std::vector<std::byte> encodeNpz(const Tensor& t, const std::string& name) {
    const auto npy = encodeNpy(t);
    return encodeZip({{name + ".npy", npy}}, 1);
}

}  // namespace upsample::io
