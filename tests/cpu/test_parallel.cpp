// core/src/cpu/parallel.hpp: an exception thrown by a part, on a worker thread or on the calling
// thread, reaches the caller after every worker is joined (it called std::terminate before); the
// workers are pooled (thread_pool.hpp): started once, shared by callers, safe to nest.
#include "cpu/parallel.hpp"

#include <catch2/catch.hpp>

#include <atomic>
#include <chrono>
#include <mutex>
#include <new>
#include <set>
#include <stdexcept>
#include <thread>
#include <vector>

using namespace upsample;
using namespace upsample::cpu;

namespace {
// Four parts of 100 rows; the part starting at `thrower` throws, the others take a while and
// count themselves finished.
void run(int64_t thrower, std::atomic<int>& finished) {
    parallelFor(400, 4, [&](int64_t begin, int64_t end) {
        if (begin <= thrower && thrower < end) throw std::runtime_error("part at " + std::to_string(begin));
        std::this_thread::sleep_for(std::chrono::milliseconds(50));
        finished += static_cast<int>(end - begin);
    });
}
}  // namespace

TEST_CASE("parallelFor: a worker's exception reaches the caller", "[parallel]") {
    std::atomic<int> finished{0};
    CHECK_THROWS_WITH(run(300, finished), "part at 300");  // the last part: a worker's
    CHECK(finished == 300);  // the three other parts ran to their end before the rethrow
}

TEST_CASE("parallelFor: a throw on the calling thread joins the workers first", "[parallel]") {
    std::atomic<int> finished{0};
    CHECK_THROWS_WITH(run(0, finished), "part at 0");  // part 0 runs on the calling thread
    CHECK(finished == 300);
}

TEST_CASE("parallelFor: std::bad_alloc in a worker inside a run with a control", "[parallel]") {
    RunControl control;
    RunScope scope(&control);
    std::atomic<int64_t> rows{0};
    CHECK_THROWS_AS(parallelFor(1000, 4,
                                [&](int64_t begin, int64_t end) {
                                    if (end > 900) throw std::bad_alloc();
                                    rows += end - begin;
                                }),
                    std::bad_alloc);
    CHECK(rows <= 900);
    // The pool is usable again afterwards.
    rows = 0;
    parallelFor(1000, 4, [&](int64_t begin, int64_t end) { rows += end - begin; });
    CHECK(rows == 1000);
}

TEST_CASE("parallelFor: the workers are started once and reused", "[parallel]") {
    std::mutex m;
    auto idsOf = [&m] {
        std::set<std::thread::id> ids;
        parallelFor(4, 4, [&](int64_t, int64_t) {
            std::this_thread::sleep_for(std::chrono::milliseconds(20));  // every part on its own thread
            std::lock_guard lock(m);
            ids.insert(std::this_thread::get_id());
        });
        return ids;
    };
    const std::set<std::thread::id> first = idsOf();
    const std::size_t started = detail::ThreadPool::instance().workers();
    CHECK(started >= 3);
    for (int i = 0; i < 20; ++i) {
        const std::set<std::thread::id> again = idsOf();
        CHECK(again.size() == 4);
        CHECK(again.count(std::this_thread::get_id()) == 1);  // part 0 on the calling thread
    }
    CHECK(detail::ThreadPool::instance().workers() == started);  // no thread started since
    CHECK(first.size() == 4);
}

TEST_CASE("parallelFor: callers on several threads at once, and a part that splits again", "[parallel]") {
    std::atomic<int> wrong{0};
    std::vector<std::thread> callers;
    for (int c = 0; c < 4; ++c)
        callers.emplace_back([&wrong, c] {
            for (int i = 0; i < 100; ++i) {
                const int64_t n = 1000 + 37 * c + i;
                std::atomic<int64_t> sum{0};
                parallelFor(n, 3, [&](int64_t begin, int64_t end) {
                    for (int64_t k = begin; k < end; ++k) sum += k;
                });
                if (sum != n * (n - 1) / 2) ++wrong;
            }
        });
    for (auto& t : callers) t.join();
    CHECK(wrong == 0);
    // A part that calls parallelFor again (on its own threads: the pool is busy with the outer run).
    std::atomic<int64_t> total{0};
    parallelFor(8, 4, [&](int64_t begin, int64_t end) {
        for (int64_t k = begin; k < end; ++k)
            parallelFor(100, 2, [&](int64_t b, int64_t e) { total += e - b; });
    });
    CHECK(total == 800);
}
