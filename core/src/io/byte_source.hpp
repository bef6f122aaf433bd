// Where a tensor file's bytes come from: a span in memory (the studio's loader, the fuzz targets)
// or a regular file read with pread (the CLI), so that a reader reads only what it needs.
#pragma once

#include <cstddef>
#include <cstdint>
#include <span>
#include <string>
#include <vector>

namespace upsample::io {

class ByteSource {
public:
    virtual ~ByteSource() = default;
    virtual uint64_t size() const = 0;
    // Fills dest from offset; throws IoError when the range is not inside the source.
    virtual void read(uint64_t offset, std::span<std::byte> dest) const = 0;
    // offset..offset+count as a vector; the caller has checked count against its cap.
    std::vector<std::byte> bytes(uint64_t offset, uint64_t count) const;
    bool holds(uint64_t offset, uint64_t count) const { return offset <= size() && count <= size() - offset; }
};

class SpanSource final : public ByteSource {
public:
    explicit SpanSource(std::span<const std::byte> bytes) : bytes_(bytes) {}
    uint64_t size() const override { return bytes_.size(); }
    void read(uint64_t offset, std::span<std::byte> dest) const override;

private:
    std::span<const std::byte> bytes_;
};

class FileSource final : public ByteSource {
public:
    // Throws IoError when path cannot be opened or is not a regular file.
    explicit FileSource(const std::string& path);
    ~FileSource() override;
    FileSource(const FileSource&) = delete;
    FileSource& operator=(const FileSource&) = delete;
    uint64_t size() const override { return size_; }
    void read(uint64_t offset, std::span<std::byte> dest) const override;

private:
    std::string path_;
    uint64_t size_ = 0;
    int fd_ = -1;
};

// Little-endian loads of n bytes (n <= 8) from p.
uint64_t loadLE(const std::byte* p, std::size_t n);

}  // namespace upsample::io
