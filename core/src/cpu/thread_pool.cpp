#include "thread_pool.hpp"

#include <algorithm>
#include <cstdlib>
#include <new>
#include <string_view>
#include <system_error>
#include <thread>

namespace upsample::cpu::detail {

namespace {
// True on a pooled worker: a part that splits again runs on threads of its own.
thread_local bool onWorker = false;
}  // namespace

ThreadPool& ThreadPool::instance() {
    static ThreadPool* pool = new ThreadPool;  // never destroyed: workers may still be waiting at exit
    return *pool;
}

std::size_t ThreadPool::workers() {
    std::lock_guard lock(m_);
    return started_;
}

bool ThreadPool::grow(std::size_t count) {
    std::lock_guard lock(m_);
    try {
        for (; started_ < count; ++started_) std::thread(&ThreadPool::work, this, started_, generation_).detach();
    } catch (const std::system_error&) {  // the system refuses a thread (too many, no memory)
        return false;
    } catch (const std::bad_alloc&) {
        return false;
    }
    return true;
}

bool ThreadPool::run(int64_t parts, const std::function<void(int64_t)>& part) {
    if (parts <= 1) {
        if (parts == 1) part(0);
        return true;
    }
    // UPSAMPLE_CPU_POOL=0: threads started for each call, as before the pool (to compare them)
    static const bool off = [] {
        const char* env = std::getenv("UPSAMPLE_CPU_POOL");
        return env && std::string_view(env) == "0";
    }();
    // The pool keeps at most a few threads per core: a run asking for more (--threads 1000) starts
    // its own for the call and ends them, as before, rather than keeping their stacks mapped.
    static const int64_t most = std::max<int64_t>(16, 4 * static_cast<int64_t>(std::thread::hardware_concurrency()));
    if (off || onWorker || parts - 1 > most) return false;
    std::unique_lock use(use_, std::try_to_lock);
    if (!use.owns_lock()) return false;
    if (!grow(static_cast<std::size_t>(parts - 1))) return false;
    {
        std::lock_guard lock(m_);
        job_ = &part;
        parts_ = parts;
        remaining_ = parts - 1;
        ++generation_;
    }
    wake_.notify_all();
    part(0);
    std::unique_lock lock(m_);
    done_.wait(lock, [this] { return remaining_ == 0; });
    job_ = nullptr;
    return true;
}

void ThreadPool::work(std::size_t index, uint64_t seen) {
    onWorker = true;
    const int64_t p = static_cast<int64_t>(index) + 1;
    std::unique_lock lock(m_);
    for (;;) {
        wake_.wait(lock, [&] { return generation_ != seen; });
        seen = generation_;
        if (p >= parts_) continue;  // this run needs fewer workers
        const std::function<void(int64_t)>* job = job_;
        lock.unlock();
        (*job)(p);
        lock.lock();
        if (--remaining_ == 0) done_.notify_one();
    }
}

}  // namespace upsample::cpu::detail
