// The CPU kernels' worker threads, started once and kept (as PyTorch keeps its OpenMP threads):
// starting a std::thread costs 0.1-0.25 ms on the virtual machines measured, as much as a whole
// small resize (W6 uint8 antialias to 224 x 224 takes about 1 ms on one thread).
#pragma once

#include <condition_variable>
#include <cstdint>
#include <functional>
#include <mutex>

namespace upsample::cpu::detail {

class ThreadPool {
public:
    // The process's pool (never destroyed: its idle workers end with the process).
    static ThreadPool& instance();

    // Runs part(p) for every p in [0, parts): p = 0 on the calling thread, the others on pooled
    // workers, and returns once every part has returned. part must not throw. Returns false,
    // running nothing, when the pool is in use (another thread's run, or a part that calls
    // back in), cannot have parts - 1 workers, or parts - 1 is more than it keeps (4 per core, at
    // least 16): the caller then starts threads of its own.
    bool run(int64_t parts, const std::function<void(int64_t)>& part);

    // Workers started so far (tests).
    std::size_t workers();

private:
    ThreadPool() = default;
    void work(std::size_t index, uint64_t seen);
    bool grow(std::size_t count);

    std::mutex use_;  // held by a run from start to end
    std::mutex m_;    // guards what follows
    std::condition_variable wake_, done_;
    std::size_t started_ = 0;  // workers started (detached: they wait for runs until the process ends)
    const std::function<void(int64_t)>* job_ = nullptr;
    int64_t parts_ = 0;
    int64_t remaining_ = 0;
    uint64_t generation_ = 0;
};

}  // namespace upsample::cpu::detail
