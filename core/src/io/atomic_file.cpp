#include "io/atomic_file.hpp"

#include "upsample/error.hpp"

#include <algorithm>
#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <string_view>

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

namespace upsample::io {
namespace {

std::string errnoText(int err) { return std::strerror(err); }


// UPSAMPLE_FAULT_WRITE=eacces|enospc|eio (for tests) makes every tensor writer fail as a folder that refuses
// new files, a full disk or a failing device would: creating the temporary file fails with
// EACCES, writing it with ENOSPC, flushing it with EIO. Read at every write.
enum class WriteStage { Create, Write, Flush };

int injectedWriteFault(WriteStage stage) {
    const char* env = std::getenv("UPSAMPLE_FAULT_WRITE");
    if (!env) return 0;
    const std::string_view f(env);
    if (f == "eacces" && stage == WriteStage::Create) return EACCES;
    if (f == "enospc" && stage == WriteStage::Write) return ENOSPC;
    if (f == "eio" && stage == WriteStage::Flush) return EIO;
    return 0;
}

std::string parentFolder(const std::string& path) {
    const std::string dir = std::filesystem::path(path).parent_path().string();
    return dir.empty() ? "." : dir;
}

// The mode the written file gets: the existing file's, or 0644 for a new one. Refuses a
// destination that is not a regular file (a rename would replace a device or an empty folder)
// and says so when the folder itself is missing.
mode_t checkDestination(const std::string& path) {
    struct stat st {};
    if (::stat(path.c_str(), &st) == 0) {
        if (!S_ISREG(st.st_mode))
            throw IoError(path, "cannot write '" + path + "': it exists and is not a regular file" +
                                    (S_ISDIR(st.st_mode) ? " (it is a directory)" : ""));
        return st.st_mode & 07777;
    }
    const int err = errno;
    if (err == ENOENT || err == ENOTDIR) {
        const std::string dir = parentFolder(path);
        struct stat dst {};
        if (::stat(dir.c_str(), &dst) != 0)
            throw IoError(path, "cannot write '" + path + "': the folder '" + dir + "' does not exist");
        if (!S_ISDIR(dst.st_mode))
            throw IoError(path, "cannot write '" + path + "': '" + dir + "' is not a folder");
        if (err == ENOENT) return 0644;
    }
    throw IoError(path, "cannot write '" + path + "': " + errnoText(err));
}

// A temporary file beside the target, removed unless committed.
class TempFile {
public:
    explicit TempFile(const std::string& target) : target_(target), path_(target + ".tmp-XXXXXX") {
        if (const int err = injectedWriteFault(WriteStage::Create)) errno = err;
        else fd_ = ::mkstemp(path_.data());
        if (fd_ < 0)
            throw IoError(target_,
                          "cannot create a temporary file beside '" + target_ + "': " + errnoText(errno));
    }
    ~TempFile() {
        if (fd_ >= 0) ::close(fd_);
        if (!committed_) ::unlink(path_.c_str());
    }
    TempFile(const TempFile&) = delete;
    TempFile& operator=(const TempFile&) = delete;

    void write(std::span<const std::byte> bytes) {
        if (const int err = injectedWriteFault(WriteStage::Write)) fail("cannot write", err);
        std::size_t done = 0;
        while (done < bytes.size()) {
            const std::size_t chunk = std::min<std::size_t>(bytes.size() - done, std::size_t{1} << 30);
            const ssize_t n = ::write(fd_, bytes.data() + done, chunk);
            if (n < 0 && errno == EINTR) continue;
            if (n <= 0) fail("cannot write", n < 0 ? errno : EIO);
            done += static_cast<std::size_t>(n);
        }
    }

    void commit(mode_t mode) {
        if (::fchmod(fd_, mode) != 0) fail("cannot set the mode of", errno);
        if (const int err = injectedWriteFault(WriteStage::Flush)) fail("cannot flush", err);
        if (::fsync(fd_) != 0) fail("cannot flush", errno);
        const int rc = ::close(fd_);
        fd_ = -1;
        if (rc != 0) fail("cannot close", errno);
        if (::rename(path_.c_str(), target_.c_str()) != 0) fail("cannot replace", errno);
        committed_ = true;
    }

private:
    [[noreturn]] void fail(const std::string& action, int err) const {
        throw IoError(target_, action + " '" + target_ + "': " + errnoText(err));
    }

    std::string target_, path_;
    int fd_ = -1;
    bool committed_ = false;
};

// Best effort: make the rename itself durable.
void syncParentDirectory(const std::string& path) {
    const std::string dir = parentFolder(path);
    const int fd = ::open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (fd < 0) return;
    ::fsync(fd);
    ::close(fd);
}

}  // namespace

void writeFileAtomically(const std::string& path, std::initializer_list<std::span<const std::byte>> parts) {
    const mode_t mode = checkDestination(path);
    TempFile tmp(path);
    for (const auto& part : parts) tmp.write(part);
    tmp.commit(mode);
    syncParentDirectory(path);
}

}  // namespace upsample::io
