// Tensor storage: 64-byte aligned blocks. A few recently freed large blocks are kept for reuse,
// so that recomputing a result of the same size (a slider move in the studio, a benchmark loop)
// does not pay for faulting in fresh pages again.
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>

namespace upsample::storage {

std::shared_ptr<std::byte[]> allocate(uint64_t bytes);

// True when [p, p + bytes) lies in a large block that came fresh from the system allocator (not
// from the cache) and that no kernel has asked about since: its pages are not yet faulted in.
// Asking marks the block as written. The CPU kernels ask before streaming a large output past
// the caches: on a page the kernel has just zeroed at its first touch, a streamed store first
// evicts the zeroed line, so a fresh output is written faster with plain stores (W1 bilinear x2,
// first call in a fresh process, Intel Xeon: 22-29 ms plain against 38-47 streamed).
bool takeFreshPages(const void* p, uint64_t bytes);

// Blocks kept for reuse and their total size (for tests).
std::size_t cachedBlocks();
uint64_t cachedBytes();
// Drops every cached block.
void releaseCache();
// The most the cached blocks may hold together (1 GiB unless set); lowering it drops the oldest.
void setCacheLimit(uint64_t bytes);
uint64_t cacheLimit();

}  // namespace upsample::storage
