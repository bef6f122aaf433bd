#include "io/zip.hpp"

#include "upsample/error.hpp"
#include "upsample/tensor.hpp"

#include <zlib.h>

#include <algorithm>
#include <limits>
#include <unordered_set>

namespace upsample::io {
namespace {

constexpr uint32_t kEocdSig = 0x06054b50, kEocd64Sig = 0x06064b50, kLocatorSig = 0x07064b50;
constexpr uint32_t kCentralSig = 0x02014b50, kLocalSig = 0x04034b50;
constexpr std::size_t kEocdSize = 22, kCentralSize = 46, kLocalSize = 30;
constexpr uint64_t kMaxEntries = 1u << 20;
constexpr uint32_t k32 = 0xffffffffu;

[[noreturn]] void fail(const std::string& why) { throw TensorFileError(why); }

uint64_t le(std::span<const std::byte> b, std::size_t at, std::size_t n) {
    if (at + n > b.size()) fail("a zip record is cut short");
    return loadLE(b.data() + at, n);
}

// The end-of-central-directory record: searched backwards over the last 64 KiB + 22 bytes.
uint64_t findEocd(const ByteSource& src, std::vector<std::byte>& tail) {
    if (src.size() < kEocdSize)
        fail("not a zip archive: " + std::to_string(src.size()) + " bytes, fewer than an empty archive's 22");
    const uint64_t span = std::min<uint64_t>(src.size(), 0xffff + kEocdSize);
    tail = src.bytes(src.size() - span, span);
    for (std::size_t i = tail.size() - kEocdSize + 1; i-- > 0;)
        if (loadLE(tail.data() + i, 4) == kEocdSig) return src.size() - span + i;
    fail("not a zip archive: no end-of-central-directory record (a truncated file, or another format)");
}

// Fields of a zip64 extended-information extra field, in their order, for those set to 0xffffffff.
void applyZip64Extra(std::span<const std::byte> extra, ZipEntry& e, bool offsetToo) {
    for (std::size_t at = 0; at + 4 <= extra.size();) {
        const auto id = le(extra, at, 2), len = le(extra, at + 2, 2);
        if (at + 4 + len > extra.size()) fail("an extra field of '" + e.name + "' runs past its record");
        if (id == 1) {
            std::size_t p = at + 4;
            const auto next = [&](uint64_t& field) {
                if (field != k32) return;
                if (p + 8 > at + 4 + len) fail("the zip64 field of '" + e.name + "' is cut short");
                field = le(extra, p, 8);
                p += 8;
            };
            next(e.size);
            next(e.compressedSize);
            if (offsetToo) next(e.localHeaderOffset);
            return;
        }
        at += 4 + len;
    }
}

}  // namespace

ZipReader::ZipReader(const ByteSource& src) : src_(src) {
    std::vector<std::byte> tail;
    const uint64_t eocd = findEocd(src, tail);
    const auto rec = src.bytes(eocd, kEocdSize);
    uint64_t count = le(rec, 10, 2), size = le(rec, 12, 4), offset = le(rec, 16, 4);
    if (le(rec, 4, 2) != 0 || le(rec, 6, 2) != 0) fail("multi-part zip archives are not read");
    if ((count == 0xffff || size == k32 || offset == k32) && eocd >= 20) {
        const auto loc = src.bytes(eocd - 20, 20);
        if (le(loc, 0, 4) == kLocatorSig) {
            const uint64_t at = le(loc, 8, 8);
            if (!src.holds(at, 56)) fail("the zip64 end-of-central-directory record lies outside the file");
            const auto r64 = src.bytes(at, 56);
            if (le(r64, 0, 4) != kEocd64Sig) fail("the zip64 end-of-central-directory record is missing");
            count = le(r64, 32, 8);
            size = le(r64, 40, 8);
            offset = le(r64, 48, 8);
        }
    }
    readDirectory(offset, size, count);
}

void ZipReader::readDirectory(uint64_t offset, uint64_t size, uint64_t count) {
    if (!src_.holds(offset, size))
        fail("the central directory (" + std::to_string(size) + " bytes at " + std::to_string(offset) +
             ") lies outside the " + std::to_string(src_.size()) + "-byte file: a truncated file");
    if (count > kMaxEntries || count * kCentralSize > size)
        fail("the archive claims " + std::to_string(count) + " entries in a " + std::to_string(size) +
             "-byte central directory");
    const auto dir = src_.bytes(offset, size);
    std::unordered_set<std::string> names;
    std::size_t at = 0;
    for (uint64_t i = 0; i < count; ++i) {
        if (le(dir, at, 4) != kCentralSig) fail("entry " + std::to_string(i) + " of the central directory is damaged");
        ZipEntry e;
        const auto flags = le(dir, at + 8, 2);
        e.method = static_cast<uint16_t>(le(dir, at + 10, 2));
        e.crc32 = static_cast<uint32_t>(le(dir, at + 16, 4));
        e.compressedSize = le(dir, at + 20, 4);
        e.size = le(dir, at + 24, 4);
        const auto nameLen = le(dir, at + 28, 2), extraLen = le(dir, at + 30, 2), commentLen = le(dir, at + 32, 2);
        e.localHeaderOffset = le(dir, at + 42, 4);
        if (at + kCentralSize + nameLen + extraLen + commentLen > dir.size())
            fail("entry " + std::to_string(i) + " of the central directory runs past it");
        const auto* name = reinterpret_cast<const char*>(dir.data() + at + kCentralSize);
        e.name.assign(name, nameLen);
        applyZip64Extra(std::span(dir).subspan(at + kCentralSize + nameLen, extraLen), e, true);
        if (flags & 1) fail("'" + e.name + "' is encrypted");
        if (e.method != 0 && e.method != 8)
            fail("'" + e.name + "' uses compression method " + std::to_string(e.method) +
                 " (only stored and deflated members are read)");
        e.dataOffset = dataOffsetOf(e);
        if (!names.insert(e.name).second) fail("the archive holds two members named '" + e.name + "'");
        entries_.push_back(std::move(e));
        at += kCentralSize + nameLen + extraLen + commentLen;
    }
}

uint64_t ZipReader::dataOffsetOf(const ZipEntry& e) const {
    if (!src_.holds(e.localHeaderOffset, kLocalSize))
        fail("the local header of '" + e.name + "' lies outside the file");
    const auto head = src_.bytes(e.localHeaderOffset, kLocalSize);
    if (le(head, 0, 4) != kLocalSig) fail("the local header of '" + e.name + "' is damaged");
    const uint64_t data = e.localHeaderOffset + kLocalSize + le(head, 26, 2) + le(head, 28, 2);
    if (!src_.holds(data, e.compressedSize))
        fail("'" + e.name + "' claims " + std::to_string(e.compressedSize) + " bytes at offset " +
             std::to_string(data) + " but the file holds " + std::to_string(src_.size()) + ": a truncated file");
    if (e.method == 0 && e.compressedSize != e.size)
        fail("'" + e.name + "' is stored with " + std::to_string(e.compressedSize) + " bytes but claims " +
             std::to_string(e.size));
    return data;
}

const ZipEntry* ZipReader::find(const std::string& name) const {
    for (const auto& e : entries_)
        if (e.name == name) return &e;
    return nullptr;
}

namespace {

// Inflates raw deflate data into out (its size is what the entry claims); returns the bytes
// produced. whole: the stream must end exactly there; otherwise stops once out is full.
std::size_t inflateInto(std::span<const std::byte> in, std::span<std::byte> out, const std::string& name,
                        bool whole) {
    z_stream z{};
    if (inflateInit2(&z, -MAX_WBITS) != Z_OK) fail("cannot start inflating '" + name + "'");
    z.next_in = reinterpret_cast<Bytef*>(const_cast<std::byte*>(in.data()));
    z.next_out = reinterpret_cast<Bytef*>(out.data());
    uint64_t inLeft = in.size(), outLeft = out.size();
    std::string problem;
    while (problem.empty()) {
        unsigned char probe = 0;
        if (outLeft == 0) {  // full: the stream must end without another byte
            if (!whole) break;
            z.next_out = &probe;
            z.avail_out = 1;
        } else {
            z.avail_out = static_cast<uInt>(std::min<uint64_t>(outLeft, 1u << 30));
        }
        z.avail_in = static_cast<uInt>(std::min<uint64_t>(inLeft, 1u << 30));
        const uInt inBefore = z.avail_in, outBefore = z.avail_out;
        const int rc = inflate(&z, Z_NO_FLUSH);
        inLeft -= inBefore - z.avail_in;
        const uInt produced = outBefore - z.avail_out;
        if (outLeft == 0 && produced > 0) problem = "inflates to more than the " + std::to_string(out.size()) + " bytes it claims";
        else if (outLeft != 0) outLeft -= produced;
        if (!problem.empty() || rc == Z_STREAM_END) break;
        if (rc != Z_OK && rc != Z_BUF_ERROR) problem = "does not inflate (" + std::string(z.msg ? z.msg : "damaged data") + ")";
        else if (inBefore == z.avail_in && produced == 0) problem = "is cut short (its deflated data ends early)";
    }
    inflateEnd(&z);
    if (!problem.empty()) fail("'" + name + "' " + problem);
    if (whole && outLeft != 0)
        fail("'" + name + "' inflates to " + std::to_string(out.size() - outLeft) + " bytes but claims " +
             std::to_string(out.size()));
    return out.size() - static_cast<std::size_t>(outLeft);
}

}  // namespace

std::vector<std::byte> ZipReader::read(const ZipEntry& e, uint64_t maxBytes) const {
    checkByteCap("'" + e.name + "'", e.size, maxBytes);
    std::vector<std::byte> out;
    if (e.method == 0) {
        out = src_.bytes(e.dataOffset, e.size);
    } else {
        const auto packed = src_.bytes(e.dataOffset, e.compressedSize);
        out.resize(static_cast<std::size_t>(e.size));
        inflateInto(packed, out, e.name, true);
    }
    if (crc32Of(out) != e.crc32) fail("'" + e.name + "' fails its CRC-32 check: the data is damaged");
    return out;
}

std::vector<std::byte> ZipReader::readPrefix(const ZipEntry& e, uint64_t count) const {
    count = std::min(count, e.size);
    if (e.method == 0) return src_.bytes(e.dataOffset, count);
    const uint64_t packedCount = std::min<uint64_t>(e.compressedSize, count + (1u << 16));
    const auto packed = src_.bytes(e.dataOffset, packedCount);
    std::vector<std::byte> out(static_cast<std::size_t>(count));
    out.resize(inflateInto(packed, out, e.name, false));
    return out;
}

uint32_t crc32Of(std::span<const std::byte> bytes) {
    uLong crc = crc32(0L, Z_NULL, 0);
    for (std::size_t at = 0; at < bytes.size();) {
        const auto n = static_cast<uInt>(std::min<std::size_t>(bytes.size() - at, 1u << 30));
        crc = crc32(crc, reinterpret_cast<const Bytef*>(bytes.data() + at), n);
        at += n;
    }
    return static_cast<uint32_t>(crc);
}

// ---------------------------------------------------------------------------------------------
// Writing

namespace {

void put(std::vector<std::byte>& out, uint64_t v, std::size_t n) {
    for (std::size_t i = 0; i < n; ++i) out.push_back(static_cast<std::byte>((v >> (8 * i)) & 0xff));
}

void putName(std::vector<std::byte>& out, const std::string& name) {
    for (char c : name) out.push_back(static_cast<std::byte>(c));
}

struct Written {
    uint64_t offset;
    uint32_t crc;
    uint64_t size;
};

// Header fields shared by the local and central records: version needed, flags, method, time,
// date, CRC, sizes.
void putCommon(std::vector<std::byte>& out, const Written& w, bool zip64) {
    put(out, zip64 ? 45 : 20, 2);
    put(out, 0, 2);
    put(out, 0, 2);
    put(out, 0, 2);
    put(out, 0x21, 2);  // 1980-01-01, as PyTorch's writer dates its records
    put(out, w.crc, 4);
    put(out, zip64 ? k32 : w.size, 4);
    put(out, zip64 ? k32 : w.size, 4);
}

void putLocal(std::vector<std::byte>& out, const ZipMember& m, const Written& w, std::size_t align) {
    const bool zip64 = w.size >= k32;
    put(out, kLocalSig, 4);
    putCommon(out, w, zip64);
    const std::size_t fixedExtra = zip64 ? 20 : 0;
    const uint64_t dataAt = out.size() + 4 + m.name.size() + fixedExtra;
    std::size_t pad = align > 1 ? (align - (dataAt + 4) % align) % align : 0;
    const std::size_t extra = fixedExtra + (pad > 0 || align > 1 ? 4 + pad : 0);
    put(out, m.name.size(), 2);
    put(out, extra, 2);
    putName(out, m.name);
    if (zip64) {
        put(out, 1, 2);
        put(out, 16, 2);
        put(out, w.size, 8);
        put(out, w.size, 8);
    }
    if (align > 1) {
        put(out, 0x4246, 2);  // "FB", PyTorch's padding field
        put(out, pad, 2);
        out.insert(out.end(), pad, std::byte{'Z'});
    }
}

void putCentral(std::vector<std::byte>& out, const ZipMember& m, const Written& w) {
    const bool zip64 = w.size >= k32 || w.offset >= k32;
    put(out, kCentralSig, 4);
    put(out, zip64 ? 45 : 20, 2);  // version made by
    putCommon(out, w, zip64);
    put(out, m.name.size(), 2);
    put(out, zip64 ? 28 : 0, 2);
    put(out, 0, 2);  // comment
    put(out, 0, 2);  // disk
    put(out, 0, 2);  // internal attributes
    put(out, 0, 4);  // external attributes
    put(out, zip64 ? k32 : w.offset, 4);
    putName(out, m.name);
    if (zip64) {
        put(out, 1, 2);
        put(out, 24, 2);
        put(out, w.size, 8);
        put(out, w.size, 8);
        put(out, w.offset, 8);
    }
}

void putEnd(std::vector<std::byte>& out, uint64_t count, uint64_t dirOffset, uint64_t dirSize) {
    const bool zip64 = count >= 0xffff || dirOffset >= k32 || dirSize >= k32;
    if (zip64) {
        const uint64_t at = out.size();
        put(out, kEocd64Sig, 4);
        put(out, 44, 8);
        put(out, 45, 2);
        put(out, 45, 2);
        put(out, 0, 4);
        put(out, 0, 4);
        put(out, count, 8);
        put(out, count, 8);
        put(out, dirSize, 8);
        put(out, dirOffset, 8);
        put(out, kLocatorSig, 4);
        put(out, 0, 4);
        put(out, at, 8);
        put(out, 1, 4);
    }
    put(out, kEocdSig, 4);
    put(out, 0, 4);
    put(out, zip64 ? 0xffff : count, 2);
    put(out, zip64 ? 0xffff : count, 2);
    put(out, zip64 ? k32 : dirSize, 4);
    put(out, zip64 ? k32 : dirOffset, 4);
    put(out, 0, 2);
}

}  // namespace

std::vector<std::byte> encodeZip(const std::vector<ZipMember>& members, std::size_t align) {
    std::vector<std::byte> out;
    std::vector<Written> written;
    for (const auto& m : members) {
        const Written w{out.size(), crc32Of(m.data), m.data.size()};
        putLocal(out, m, w, align);
        out.insert(out.end(), m.data.begin(), m.data.end());
        written.push_back(w);
    }
    const uint64_t dirOffset = out.size();
    for (std::size_t i = 0; i < members.size(); ++i) putCentral(out, members[i], written[i]);
    putEnd(out, members.size(), dirOffset, out.size() - dirOffset);
    return out;
}

}  // namespace upsample::io
