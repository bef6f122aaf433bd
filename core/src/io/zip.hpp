// The zip container of torch.save files and NumPy's .npz archives: a reader of the central
// directory (zip64 included) with stored and deflated members, and a writer of stored members
// aligned as PyTorch aligns its records. Every size is checked against the archive and the caller's
// cap before anything is allocated; errors are TensorFileError naming what is wrong.
#pragma once

#include "io/byte_source.hpp"

#include <cstddef>
#include <cstdint>
#include <span>
#include <string>
#include <vector>

namespace upsample::io {

struct ZipEntry {
    std::string name;
    uint16_t method = 0;  // 0 stored, 8 deflated
    uint32_t crc32 = 0;
    uint64_t compressedSize = 0, size = 0;
    uint64_t localHeaderOffset = 0;
    uint64_t dataOffset = 0;  // where its (compressed) bytes start, from the local header
};

class ZipReader {
public:
    // Reads the central directory; throws TensorFileError when it is not a zip archive or is
    // truncated, or when an entry runs past the end of the archive.
    explicit ZipReader(const ByteSource& src);
    const std::vector<ZipEntry>& entries() const { return entries_; }
    const ZipEntry* find(const std::string& name) const;
    // The member's bytes, inflated and checked against its CRC-32; TooLargeError when its size is
    // over maxBytes (before allocation).
    std::vector<std::byte> read(const ZipEntry& e, uint64_t maxBytes) const;
    // The first count bytes of a member (inflating only what is needed), for headers.
    std::vector<std::byte> readPrefix(const ZipEntry& e, uint64_t count) const;
    // A stored member's bytes are read in place: the source and the data's offset in it.
    const ByteSource& source() const { return src_; }

private:
    void readDirectory(uint64_t offset, uint64_t size, uint64_t count);
    uint64_t dataOffsetOf(const ZipEntry& e) const;

    const ByteSource& src_;
    std::vector<ZipEntry> entries_;
};

struct ZipMember {
    std::string name;
    std::span<const std::byte> data;
};

// An archive of stored members, each member's data aligned to `align` bytes by padding in the
// local header's extra field (as PyTorch's writer pads), zip64 records where sizes need them.
std::vector<std::byte> encodeZip(const std::vector<ZipMember>& members, std::size_t align);

uint32_t crc32Of(std::span<const std::byte> bytes);

}  // namespace upsample::io
