#include "io/byte_source.hpp"

#include "upsample/error.hpp"

#include <algorithm>
#include <cerrno>
#include <cstring>

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

namespace upsample::io {

std::vector<std::byte> ByteSource::bytes(uint64_t offset, uint64_t count) const {
    std::vector<std::byte> out(static_cast<std::size_t>(count));
    read(offset, out);
    return out;
}

void SpanSource::read(uint64_t offset, std::span<std::byte> dest) const {
    if (!holds(offset, dest.size()))
        throw IoError("", "read of " + std::to_string(dest.size()) + " bytes at " + std::to_string(offset) +
                              " past the end of " + std::to_string(size()) + " bytes");
    if (!dest.empty()) std::memcpy(dest.data(), bytes_.data() + offset, dest.size());
}

FileSource::FileSource(const std::string& path) : path_(path) {
    fd_ = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
    if (fd_ < 0) throw IoError(path, "cannot open '" + path + "': " + std::strerror(errno));
    struct stat st {};
    if (::fstat(fd_, &st) != 0 || !S_ISREG(st.st_mode)) {
        const bool dir = S_ISDIR(st.st_mode);
        ::close(fd_);
        throw IoError(path, "cannot read '" + path + "': " +
                                (dir ? "it is a directory" : "it is not a regular file"));
    }
    size_ = static_cast<uint64_t>(st.st_size);
}

FileSource::~FileSource() {
    if (fd_ >= 0) ::close(fd_);
}

void FileSource::read(uint64_t offset, std::span<std::byte> dest) const {
    if (!holds(offset, dest.size()))
        throw IoError(path_, "cannot read '" + path_ + "': a read past the end of the file");
    std::size_t done = 0;
    while (done < dest.size()) {
        const std::size_t chunk = std::min<std::size_t>(dest.size() - done, std::size_t{1} << 30);
        const ssize_t n = ::pread(fd_, dest.data() + done, chunk, static_cast<off_t>(offset + done));
        if (n < 0 && errno == EINTR) continue;
        if (n < 0) throw IoError(path_, "cannot read '" + path_ + "': " + std::strerror(errno));
        if (n == 0) throw IoError(path_, "cannot read '" + path_ + "': the file shrank while it was read");
        done += static_cast<std::size_t>(n);
    }
}

uint64_t loadLE(const std::byte* p, std::size_t n) {
    uint64_t v = 0;
    for (std::size_t i = n; i-- > 0;) v = (v << 8) | static_cast<uint64_t>(p[i]);
    return v;
}

}  // namespace upsample::io
