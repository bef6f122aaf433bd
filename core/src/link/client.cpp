#include "upsample/link.hpp"

#include <cerrno>
#include <cstring>
#include <limits>

#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

namespace upsample::link {

Client::Client(const std::string& path) : reader_(std::numeric_limits<uint64_t>::max()) {
    sockaddr_un addr{};
    addr.sun_family = AF_UNIX;
    if (path.size() >= sizeof(addr.sun_path)) throw IoError(path, "the socket path '" + path + "' is too long");
    std::memcpy(addr.sun_path, path.c_str(), path.size() + 1);
    fd_ = ::socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
    if (fd_ < 0) throw IoError(path, std::string("cannot make a socket: ") + std::strerror(errno));
    if (::connect(fd_, reinterpret_cast<const sockaddr*>(&addr), sizeof(addr)) != 0) {
        const int err = errno;
        ::close(fd_);
        fd_ = -1;
        throw IoError(path, "no studio listens on '" + path + "' (" + std::strerror(err) +
                                "): start one with upsample-studio --listen");
    }
}

Client::~Client() {
    if (fd_ >= 0) ::close(fd_);
}

Frame Client::request(nlohmann::json header, std::span<const std::byte> payload) {
    const std::vector<std::byte> bytes = encodeFrame(std::move(header), payload);
    std::size_t sent = 0;
    while (sent < bytes.size()) {
        const ssize_t n = ::send(fd_, bytes.data() + sent, bytes.size() - sent, MSG_NOSIGNAL);
        if (n < 0 && errno == EINTR) continue;
        if (n <= 0) throw IoError("", std::string("the studio closed the connection: ") + std::strerror(errno));
        sent += static_cast<std::size_t>(n);
    }
    std::vector<std::byte> buffer(1 << 16);
    for (;;) {
        if (auto r = reader_.next()) {
            if (r->frame) return std::move(*r->frame);
            throw IoError("", "the studio's reply cannot be read: " + r->error);
        }
        const ssize_t n = ::recv(fd_, buffer.data(), buffer.size(), 0);
        if (n < 0 && errno == EINTR) continue;
        if (n < 0) throw IoError("", std::string("reading the studio's reply: ") + std::strerror(errno));
        if (n == 0) throw IoError("", "the studio closed the connection before it replied");
        reader_.feed(std::span<const std::byte>(buffer.data(), static_cast<std::size_t>(n)));
    }
}

}  // namespace upsample::link
