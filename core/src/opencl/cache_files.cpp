#include "cache_files.hpp"

#include <cstdlib>
#include <cstring>
#include <fstream>
#include <functional>
#include <iterator>

namespace upsample::opencl {

uint64_t fnv1a(const std::string& s, uint64_t h) {
    for (unsigned char c : s) {
        h ^= c;
        h *= 1099511628211ull;
    }
    return h;
}

std::filesystem::path cacheDirectory() {
    if (const char* dir = std::getenv("UPSAMPLE_OPENCL_CACHE_DIR")) {
        if (!*dir || std::strcmp(dir, "off") == 0) return {};
        return dir;
    }
    if (const char* xdg = std::getenv("XDG_CACHE_HOME"); xdg && *xdg)
        return std::filesystem::path(xdg) / "upsample-studio" / "opencl";
    if (const char* home = std::getenv("HOME"); home && *home)
        return std::filesystem::path(home) / ".cache" / "upsample-studio" / "opencl";
    return {};
}

std::vector<unsigned char> readFile(const std::filesystem::path& path) {
    std::ifstream f(path, std::ios::binary);
    if (!f) return {};
    return std::vector<unsigned char>(std::istreambuf_iterator<char>(f), std::istreambuf_iterator<char>());
}

bool writeFileAtomically(const std::filesystem::path& path, const std::vector<unsigned char>& bytes) {
    std::error_code ec;
    std::filesystem::create_directories(path.parent_path(), ec);
    const auto tmp = path.string() + ".tmp" + std::to_string(std::hash<std::string>{}(path.string()) ^
                                                            static_cast<std::size_t>(std::rand()));
    {
        std::ofstream f(tmp, std::ios::binary | std::ios::trunc);
        if (!f) return false;
        f.write(reinterpret_cast<const char*>(bytes.data()), static_cast<std::streamsize>(bytes.size()));
        if (!f) {
            std::filesystem::remove(tmp, ec);
            return false;
        }
    }
    std::filesystem::rename(tmp, path, ec);
    if (ec) std::filesystem::remove(tmp, ec);
    return !ec;
}

}  // namespace upsample::opencl
