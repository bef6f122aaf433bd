// A static split of [0, n) over threads; f(begin, end) runs on each part.
#pragma once

#include <algorithm>
#include <cstdint>
#include <system_error>
#include <thread>
#include <vector>

namespace upsample::cpu {

int defaultThreads();

template <class F>
void parallelFor(int64_t n, int threads, F&& f) {
    const int64_t parts = std::max<int64_t>(1, std::min<int64_t>(threads, n));
    if (parts <= 1) {
        if (n > 0) f(int64_t{0}, n);
        return;
    }
    std::vector<std::thread> pool;
    pool.reserve(static_cast<std::size_t>(parts - 1));
    auto bounds = [&](int64_t p) { return n * p / parts; };
    // When the system refuses a thread (too many, no memory for its stack), the parts that have
    // none run here: the same split, so the same results.
    int64_t started = 1;
    try {
        for (; started < parts; ++started) pool.emplace_back([&, p = started] { f(bounds(p), bounds(p + 1)); });
    } catch (const std::system_error&) {
    }
    f(int64_t{0}, bounds(1));
    for (int64_t p = started; p < parts; ++p) f(bounds(p), bounds(p + 1));
    for (auto& t : pool) t.join();
}

}  // namespace upsample::cpu
