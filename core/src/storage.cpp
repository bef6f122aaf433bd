#include "storage.hpp"

#include <cstdlib>
#include <mutex>
#include <new>
#include <vector>

namespace upsample::storage {

namespace {
constexpr std::size_t kSmallAlign = 64;
constexpr std::size_t kHugePage = std::size_t{2} << 20;
constexpr uint64_t kLargeBlock = uint64_t{4} << 20;     // blocks from 4 MiB are cached and huge-paged
constexpr std::size_t kMaxCachedBlocks = 4;
constexpr uint64_t kDefaultCachedBytes = uint64_t{1} << 30;  // 1 GiB unless setCacheLimit says less

struct Block {
    std::byte* p;
    std::size_t size;
};

class Cache {
public:
    std::byte* take(std::size_t size) {
        std::lock_guard lock(mutex_);
        for (std::size_t i = 0; i < blocks_.size(); ++i) {
            if (blocks_[i].size == size) {
                std::byte* p = blocks_[i].p;
                bytes_ -= size;
                blocks_.erase(blocks_.begin() + static_cast<std::ptrdiff_t>(i));
                return p;
            }
        }
        return nullptr;
    }
    // A block fresh from the allocator, its pages not yet touched (takeFreshPages).
    void markFresh(std::byte* p, std::size_t size) {
        std::lock_guard lock(mutex_);
        fresh_.push_back({p, size});
    }
    bool takeFresh(const std::byte* p, uint64_t bytes) {
        std::lock_guard lock(mutex_);
        for (std::size_t i = 0; i < fresh_.size(); ++i) {
            const Block& b = fresh_[i];
            if (p >= b.p && p < b.p + b.size) {
                const bool inside = bytes <= static_cast<uint64_t>(b.p + b.size - p);
                fresh_.erase(fresh_.begin() + static_cast<std::ptrdiff_t>(i));  // written from now on
                return inside;
            }
        }
        return false;
    }
    void give(std::byte* p, std::size_t size) {
        {
            std::lock_guard lock(mutex_);
            for (std::size_t i = 0; i < fresh_.size(); ++i)
                if (fresh_[i].p == p) {
                    fresh_.erase(fresh_.begin() + static_cast<std::ptrdiff_t>(i));
                    break;
                }
            if (size <= limit_) {
                while (!blocks_.empty() && (blocks_.size() >= kMaxCachedBlocks || bytes_ + size > limit_)) dropOldest();
                blocks_.push_back({p, size});
                bytes_ += size;
                return;
            }
        }
        std::free(p);
    }
    void clear() {
        std::lock_guard lock(mutex_);
        while (!blocks_.empty()) dropOldest();
    }
    void setLimit(uint64_t bytes) {
        std::lock_guard lock(mutex_);
        limit_ = bytes;
        while (!blocks_.empty() && bytes_ > limit_) dropOldest();
    }
    uint64_t limit() {
        std::lock_guard lock(mutex_);
        return limit_;
    }
    std::size_t count() {
        std::lock_guard lock(mutex_);
        return blocks_.size();
    }
    uint64_t bytes() {
        std::lock_guard lock(mutex_);
        return bytes_;
    }
    ~Cache() { clear(); }

private:
    void dropOldest() {  // with mutex_ held
        std::free(blocks_.front().p);
        bytes_ -= blocks_.front().size;
        blocks_.erase(blocks_.begin());
    }

    std::mutex mutex_;
    std::vector<Block> blocks_;
    std::vector<Block> fresh_;  // handed out fresh, not yet written by a kernel nor given back
    uint64_t bytes_ = 0;
    uint64_t limit_ = kDefaultCachedBytes;
};

Cache& cache() {
    static Cache c;
    return c;
}

std::shared_ptr<std::byte[]> allocateLarge(uint64_t bytes) {
    // round up to whole huge pages so that equal requests reuse equal blocks
    const std::size_t size = (static_cast<std::size_t>(bytes) + kHugePage - 1) / kHugePage * kHugePage;
    std::byte* p = cache().take(size);
    if (!p) {
        // No MADV_HUGEPAGE: where the kernel compacts memory for huge pages on demand, the first
        // touch of a fresh block stalled for up to ~1 s per 400 MB here, against ~0.2 s with
        // ordinary pages. Reuse of cached blocks is what saves the page faults.
        p = static_cast<std::byte*>(std::aligned_alloc(kHugePage, size));
        if (!p) throw std::bad_alloc();
        cache().markFresh(p, size);
    }
    return std::shared_ptr<std::byte[]>(p, [size](std::byte* q) { cache().give(q, size); });
}
}  // namespace

std::shared_ptr<std::byte[]> allocate(uint64_t bytes) {
    if (bytes >= kLargeBlock) return allocateLarge(bytes);
    const std::size_t n = bytes == 0 ? kSmallAlign : static_cast<std::size_t>(bytes);
    auto* p = static_cast<std::byte*>(::operator new(n, std::align_val_t{kSmallAlign}));
    return std::shared_ptr<std::byte[]>(p, [](std::byte* q) { ::operator delete(q, std::align_val_t{kSmallAlign}); });
}

bool takeFreshPages(const void* p, uint64_t bytes) {
    return p && cache().takeFresh(static_cast<const std::byte*>(p), bytes);
}

std::size_t cachedBlocks() { return cache().count(); }
uint64_t cachedBytes() { return cache().bytes(); }
void releaseCache() { cache().clear(); }
void setCacheLimit(uint64_t bytes) { cache().setLimit(bytes); }
uint64_t cacheLimit() { return cache().limit(); }

}  // namespace upsample::storage
