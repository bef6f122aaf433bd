// Buffers for the tests that place data at chosen distances from a 64-byte boundary (the SIMD
// paths' aligned and misaligned loads and stores): the first element of v on a 64-byte line.
// v needs 64 bytes of room past the elements it is meant to hold.
#pragma once

#include <cstdint>
#include <vector>

namespace testbuf {

template <class T>
T* alignedIn(std::vector<T>& v) {
    T* f = v.data();
    while (reinterpret_cast<std::uintptr_t>(f) % 64 != 0) ++f;
    return f;
}

}  // namespace testbuf
