// A static split of [0, n) over threads; f(begin, end) runs on each part. Inside a run with a
// RunControl (cpu::run sets it for the thread that calls the kernel), each part runs in chunks of
// at most 64 rows, checking the cancellation token and reporting progress between chunks. Every
// kernel computes its rows independently of how [0, n) is split, so the results are the same bits.
// An exception thrown by f, on a worker or on the calling thread, reaches the caller once every
// part has returned (the first one thrown; the parts left to the calling thread are then
// skipped). The parts run on the process's pooled workers (thread_pool.hpp) when it is free.
#pragma once

#include "thread_pool.hpp"

#include "upsample/backend.hpp"

#include <algorithm>
#include <atomic>
#include <cstdint>
#include <exception>
#include <functional>
#include <mutex>
#include <system_error>
#include <thread>
#include <vector>

namespace upsample::cpu {

int defaultThreads();

// The run the calling thread computes for: its control, and how many parallelFor passes it makes
// (antialias without the fused path: 2), for the fraction reported.
struct RunProgress {
    RunControl* control = nullptr;
    int passes = 1;
    int pass = 0;
};
inline RunProgress*& currentRun() {
    thread_local RunProgress* run = nullptr;
    return run;
}
// Sets the calling thread's run for its lifetime (no-op without a control).
class RunScope {
public:
    explicit RunScope(RunControl* control) : previous_(currentRun()) {
        progress_.control = control;
        currentRun() = control ? &progress_ : nullptr;
    }
    ~RunScope() { currentRun() = previous_; }
    RunScope(const RunScope&) = delete;
    RunScope& operator=(const RunScope&) = delete;

private:
    RunProgress progress_;
    RunProgress* previous_;
};
// A kernel that makes n parallelFor passes says so before the first.
inline void expectPasses(int n) {
    if (RunProgress* run = currentRun()) run->passes = std::max(1, n);
}

namespace detail {
// The first exception thrown by any part, kept until every thread is joined (as at::parallel_for).
class FirstError {
public:
    void capture() {
        std::lock_guard<std::mutex> lock(mutex_);
        if (!error_) error_ = std::current_exception();
        failed_.store(true, std::memory_order_relaxed);
    }
    bool failed() const { return failed_.load(std::memory_order_relaxed); }
    void rethrow() const {
        if (error_) std::rethrow_exception(error_);
    }

private:
    std::mutex mutex_;
    std::exception_ptr error_;
    std::atomic<bool> failed_{false};
};

// f(part, begin, end) for each part of the split.
template <class F>
void split(int64_t n, int threads, F&& f) {
    const int64_t parts = std::max<int64_t>(1, std::min<int64_t>(threads, n));
    if (parts <= 1) {
        if (n > 0) f(0, int64_t{0}, n);
        return;
    }
    std::vector<std::thread> pool;
    pool.reserve(static_cast<std::size_t>(parts - 1));
    auto bounds = [&](int64_t p) { return n * p / parts; };
    FirstError error;
    // A part's exception is kept, never let out of its thread (that would std::terminate).
    auto part = [&](int64_t p) {
        try {
            f(static_cast<int>(p), bounds(p), bounds(p + 1));
        } catch (...) {
            error.capture();
        }
    };
    // On the pooled workers where the pool is free (thread_pool.hpp); else on threads of this
    // call's own.
    if (ThreadPool::instance().run(parts, std::function<void(int64_t)>(part))) {
        error.rethrow();
        return;
    }
    // When the system refuses a thread (too many, no memory for its stack), the parts that have
    // none run here: the same split, so the same results.
    int64_t started = 1;
    try {
        for (; started < parts; ++started) pool.emplace_back(part, started);
    } catch (const std::system_error&) {
    }
    part(0);
    for (int64_t p = started; p < parts && !error.failed(); ++p) part(p);
    for (auto& t : pool) t.join();
    error.rethrow();
}
}  // namespace detail

// The number of parts parallelFor(n, threads, ...) splits [0, n) into.
inline int parallelParts(int64_t n, int threads) {
    return static_cast<int>(std::max<int64_t>(1, std::min<int64_t>(threads, n)));
}

// f(part, begin, end): part (0 .. parallelParts(n, threads) - 1) names the thread a range runs
// on; the ranges of one part (the chunks of a run with a RunControl) run one after the other, in
// order, so a part can keep state from one chunk to the next.
template <class F>
void parallelForParts(int64_t n, int threads, F&& f) {
    RunProgress* run = currentRun();
    if (!run) return detail::split(n, threads, f);
    RunControl& control = *run->control;
    control.throwIfCancelled();
    const int pass = std::min(run->pass++, run->passes - 1);
    const double passes = run->passes;
    std::atomic<int64_t> done{0};
    detail::split(n, threads, [&](int part, int64_t begin, int64_t end) {
        const int64_t step = std::clamp<int64_t>((end - begin + 63) / 64, 1, 64);
        for (int64_t b = begin; b < end; b += step) {
            if (control.cancelled()) return;  // workers cannot throw: the calling thread does, below
            const int64_t e = std::min(end, b + step);
            f(part, b, e);
            const int64_t d = done.fetch_add(e - b, std::memory_order_relaxed) + (e - b);
            control.report((pass + static_cast<double>(d) / static_cast<double>(n)) / passes);
        }
    });
    control.throwIfCancelled();
}

template <class F>
void parallelFor(int64_t n, int threads, F&& f) {
    parallelForParts(n, threads, [&f](int, int64_t begin, int64_t end) { f(begin, end); });
}

}  // namespace upsample::cpu
