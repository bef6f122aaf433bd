// The W-pass plans of the uint8 fixed-point path (uint8_simd.hpp): which vector path an axis
// takes, and its shuffle masks and weight tables, built once per run from the filter.
#include "uint8_simd.hpp"

#include <algorithm>
#include <cstdint>

namespace upsample::cpu::uint8simd {

namespace {
using fixedpoint::AxisFilter;

int64_t countOf(const AxisFilter& f, int64_t d) { return f.count[static_cast<std::size_t>(d)]; }
int64_t startOf(const AxisFilter& f, int64_t d) { return f.start[static_cast<std::size_t>(d)]; }
int16_t weightOf(const AxisFilter& f, int64_t d, int64_t j) { return j < countOf(f, d) ? f.fixedOf(d)[j] : int16_t{0}; }

constexpr uint8_t kZero = 0x80;  // a shuffle index that gives a zero byte

// Shuffle: every lane of 4 outputs has its windows' starts 0 to 14 bytes past the first one's.
bool shuffleFits(const AxisFilter& f) {
    for (int64_t x = 0; x + 4 <= f.out / 8 * 8; x += 4)
        for (int64_t i = 1; i < 4; ++i) {
            const int64_t o = startOf(f, x + i) - startOf(f, x);
            if (countOf(f, x + i) > 0 && (o < 0 || o > 14)) return false;
        }
    return true;
}

// One lane's 16 shuffle bytes and 8 weights for pair t of outputs x .. x + 3 (loaded at base + 2t).
void fillLane(const AxisFilter& f, int64_t x, int64_t base, int t, uint8_t* mask, int16_t* w) {
    for (int64_t i = 0; i < 4; ++i) {
        const int64_t d = x + i, o = startOf(f, d) - base;
        for (int64_t h = 0; h < 2; ++h) {
            const int64_t j = 2 * t + h;
            const bool used = j < countOf(f, d);
            mask[4 * i + 2 * h] = used ? static_cast<uint8_t>(o + h) : kZero;
            mask[4 * i + 2 * h + 1] = kZero;
            w[2 * i + h] = used ? weightOf(f, d, j) : int16_t{0};
        }
    }
}

WPlan shufflePlan(const AxisFilter& f) {
    WPlan p;
    p.kind = WPlan::Kind::Shuffle;
    p.pairs = (f.taps + 1) / 2;
    p.blocks = f.out / 8;
    const auto groups = static_cast<std::size_t>(p.blocks), pairs = static_cast<std::size_t>(p.pairs);
    p.base.resize(groups * 2);
    p.masks.resize(groups * pairs * 32);
    p.weights.resize(groups * pairs * 16);
    p.reach.resize(groups);
    int64_t reach = 0;
    for (std::size_t g = 0; g < groups; ++g) {
        for (std::size_t lane = 0; lane < 2; ++lane) {
            const auto x = static_cast<int64_t>(8 * g + 4 * lane);
            const int64_t base = startOf(f, x);
            p.base[2 * g + lane] = static_cast<int32_t>(base);
            for (int t = 0; t < p.pairs; ++t) {
                const std::size_t at = g * pairs + static_cast<std::size_t>(t);
                fillLane(f, x, base, t, p.masks.data() + at * 32 + lane * 16, p.weights.data() + at * 16 + lane * 8);
            }
            reach = std::max(reach, base + 2 * (p.pairs - 1) + 16);
        }
        p.reach[g] = reach;  // a running maximum, so that the rows' prefixes of blocks are safe
    }
    return p;
}

WPlan windowPlan(const AxisFilter& f) {
    WPlan p;
    p.kind = WPlan::Kind::Window;
    p.chunks = (f.taps + 15) / 16;
    p.blocks = f.out;
    const auto width = static_cast<std::size_t>(p.chunks) * 16;
    p.weights.assign(static_cast<std::size_t>(f.out) * width, 0);
    p.reach.resize(static_cast<std::size_t>(f.out));
    int64_t reach = 0;
    for (int64_t d = 0; d < f.out; ++d) {
        for (int64_t j = 0; j < countOf(f, d); ++j) p.weights[static_cast<std::size_t>(d) * width + j] = weightOf(f, d, j);
        reach = std::max(reach, startOf(f, d) + static_cast<int64_t>(width));
        p.reach[static_cast<std::size_t>(d)] = reach;
    }
    return p;
}
}  // namespace

WPlan planW(const AxisFilter& f, bool avx2) {
    // (the shuffle plan keeps its load offsets in int32)
    if (!avx2 || f.taps == 0 || f.out < 8 || f.precision == 0 || f.in > INT32_MAX - 64) return {};
    if (f.out >= 8 && f.taps <= 16 && shuffleFits(f)) return shufflePlan(f);
    return windowPlan(f);
}

int64_t blocksWithin(const WPlan& plan, int64_t room) {
    // reach is nondecreasing: the blocks that fit are a prefix
    const auto it = std::upper_bound(plan.reach.begin(), plan.reach.end(), room);
    return static_cast<int64_t>(it - plan.reach.begin());
}

}  // namespace upsample::cpu::uint8simd
