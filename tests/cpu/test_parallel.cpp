// core/src/cpu/parallel.hpp: an exception thrown by a part, on a worker thread or on the calling
// thread, reaches the caller after every worker is joined (it called std::terminate before).
#include "cpu/parallel.hpp"

#include <catch2/catch.hpp>

#include <atomic>
#include <chrono>
#include <new>
#include <stdexcept>
#include <thread>

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
