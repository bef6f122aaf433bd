// The uint8 fixed-point path's vector passes (core/src/cpu/uint8_simd*): every instruction set
// gives the baseline's bytes, and the baseline gives a plain two-pass sum of
// fixedpoint::resampleOne, on random pixels, sizes, channel counts and modes (bilinear, bicubic,
// lanczos; antialias on and off; align_corners both; up and down; odd sizes; width 1 outputs; the
// C > 4 cases that repeat the first row's window), 1 and 3 threads.
#include "../support/isa.hpp"
#include "cpu/simd.hpp"
#include "cpu/uint8_simd.hpp"

#include "upsample/backend.hpp"
#include "upsample/error.hpp"
#include "upsample/fixed_point.hpp"
#include "upsample/spec.hpp"

#include <catch2/catch.hpp>

#include <cstring>
#include <random>
#include <string>
#include <vector>

using namespace upsample;

namespace {

using testisa::IsaScope;
std::vector<cpu::Isa> isas() { return testisa::available(); }

Tensor randomBytes(const Shape& shape, unsigned seed) {
    Tensor x(shape, DType::UInt8);
    std::mt19937 rng(seed);
    uint8_t* d = x.data<uint8_t>();
    // mostly noise, with runs of 0 and 255 so that the sums leave 0..255 and the clamp works
    for (int64_t i = 0; i < x.numel(); ++i) d[i] = static_cast<uint8_t>((i / 37) % 5 == 0 ? (i / 37) % 2 * 255 : rng() % 256);
    return x;
}

// The two passes written out with resampleOne: the W pass into a buffer, then the H pass.
std::vector<uint8_t> plainTwoPass(const ResolvedSpec& r, const Tensor& x) {
    const fixedpoint::Filters f = fixedpoint::filtersOf(r);
    const int64_t planes = r.planes(), inH = r.inSize(0), inW = r.inSize(1), outH = r.outSize(0), outW = r.outSize(1);
    const uint8_t* src = x.data<uint8_t>();
    std::vector<uint8_t> mid(static_cast<std::size_t>(planes * inH * outW)), out(static_cast<std::size_t>(planes * outH * outW));
    for (int64_t row = 0; row < planes * inH; ++row)
        for (int64_t ox = 0; ox < outW; ++ox)
            mid[static_cast<std::size_t>(row * outW + ox)] =
                inW == outW ? src[row * inW + ox]
                            : fixedpoint::resampleOne(f.w, ox, src + row * inW + f.w.start[static_cast<std::size_t>(ox)], 1);
    const bool repeat = fixedpoint::repeatsFirstRow(r);
    for (int64_t p = 0; p < planes; ++p)
        for (int64_t oy = 0; oy < outH; ++oy)
            for (int64_t ox = 0; ox < outW; ++ox) {
                const int64_t d = repeat ? 0 : oy;
                const std::size_t at = static_cast<std::size_t>((p * outH + oy) * outW + ox);
                out[at] = inH == outH ? mid[static_cast<std::size_t>((p * inH + oy) * outW + ox)]
                                      : fixedpoint::resampleOne(f.h, d,
                                                                mid.data() + (p * inH + f.h.start[static_cast<std::size_t>(d)]) * outW + ox,
                                                                outW);
            }
    return out;
}

std::string firstDifference(const Tensor& y, const std::vector<uint8_t>& want) {
    if (static_cast<std::size_t>(y.numel()) != want.size()) return "sizes differ";
    const uint8_t* got = y.data<uint8_t>();
    for (std::size_t i = 0; i < want.size(); ++i)
        if (got[i] != want[i])
            return "byte " + std::to_string(i) + ": " + std::to_string(got[i]) + " vs " + std::to_string(want[i]);
    return "";
}

// Every instruction set and 1 and 3 threads against the plain sums; false when the spec is refused.
bool checkAllPaths(Mode m, const Shape& shape, std::vector<int64_t> size, bool aa, bool ac, unsigned seed) {
    Spec s;
    s.mode = m;
    s.size = std::move(size);
    s.sizeIsSequence = true;
    s.antialias = aa;
    if (ac) s.alignCorners = true;
    ResolvedSpec r;
    try {
        r = resolve(s, shape);
    } catch (const SpecError&) {
        return false;
    }
    REQUIRE(fixedpoint::takesFixedPoint(r));
    const Tensor x = randomBytes(shape, seed);
    const std::vector<uint8_t> want = plainTwoPass(r, x);
    for (cpu::Isa i : isas()) {
        IsaScope scope(i);
        for (int threads : {1, 3}) {
            RunOptions o;
            o.backend = BackendKind::Cpu;
            o.threads = threads;
            INFO(toPythonCall(s) << " on " << formatShape(shape) << ", " << cpu::isaName(i) << ", " << threads << " threads");
            CHECK(firstDifference(interpolate(x, r, o), want) == "");
        }
    }
    return true;
}

}  // namespace

TEST_CASE("uint8 SIMD paths: every mode and option, widths 1-40 in and out", "[uint8][simd]") {
    int run = 0;
    unsigned seed = 1;
    for (Mode m : {Mode::Bilinear, Mode::Bicubic, Mode::Lanczos})
        for (bool aa : {false, true})
            for (bool ac : {false, true})
                for (int64_t inW : {1, 2, 5, 8, 13, 16, 17, 31, 40})
                    for (int64_t outW : {int64_t{1}, inW, 2 * inW + 1, (inW + 2) / 3, int64_t{33}, 4 * inW + 3, int64_t{8}})
                        run += checkAllPaths(m, {1, 2, 7, inW}, {13, outW}, aa, ac, seed++);
    CHECK(run > 500);
}

TEST_CASE("uint8 SIMD paths: odd sizes up and down, C 1 to 6, tails past every block", "[uint8][simd]") {
    struct C {
        Shape shape;
        std::vector<int64_t> size;
    };
    const std::vector<C> cases = {
        {{1, 3, 23, 37}, {46, 74}},    {{2, 1, 19, 61}, {40, 121}},  {{1, 2, 17, 100}, {33, 53}},
        {{1, 1, 40, 129}, {20, 67}},   {{1, 4, 9, 31}, {30, 250}},   {{1, 5, 12, 45}, {24, 90}},
        {{1, 6, 64, 96}, {16, 24}},    {{1, 3, 61, 283}, {15, 21}},  {{1, 1, 37, 501}, {13, 29}},
        {{1, 5, 30, 40}, {70, 1}},     {{1, 6, 100, 45}, {7, 1}},    {{1, 3, 200, 31}, {3, 5}},
        {{1, 1, 33, 1000}, {9, 111}},  {{1, 2, 20, 300}, {41, 1000}}, {{1, 5, 8, 64}, {1, 64}},
        {{1, 2, 9, 2000}, {5, 40}},    {{1, 1, 300, 20}, {17, 9}},
    };
    unsigned seed = 100;
    int run = 0;
    for (Mode m : {Mode::Bilinear, Mode::Bicubic, Mode::Lanczos})
        for (bool aa : {false, true})
            for (bool ac : {false, true})
                for (const auto& c : cases)
                    for (int64_t extra : {0, 5, 31}) {  // output widths past the blocks of 8 and 32
                        auto size = c.size;
                        size[1] += size[1] == 1 ? 0 : extra;
                        run += checkAllPaths(m, c.shape, size, aa, ac, seed++);
                    }
    CHECK(run > 200);
}

TEST_CASE("uint8 SIMD paths: the W pass takes the shuffle path up and the window path far down", "[uint8][simd]") {
    if (cpu::detectedIsa() < cpu::Isa::Avx2) return;
    using Kind = cpu::uint8simd::WPlan::Kind;
    // x2 bilinear (2 taps), bicubic x2 (4), antialias 1920 -> 224 (19 taps), 1920 -> 1 (3841 taps)
    const auto kind = [](int64_t in, int64_t out, bool cubic, bool aa) {
        return cpu::uint8simd::planW(fixedpoint::axisFilter(in, out, false, std::nullopt, cubic, aa), true).kind;
    };
    CHECK(kind(1920, 3840, false, false) == Kind::Shuffle);
    CHECK(kind(1920, 3840, true, false) == Kind::Shuffle);
    CHECK(kind(1920, 960, true, true) == Kind::Shuffle);
    CHECK(kind(1920, 224, false, true) == Kind::Window);
    CHECK(kind(1920, 1, false, true) == Kind::Scalar);
    CHECK(kind(1920, 8, false, true) == Kind::Window);
    CHECK(kind(1920, 7, false, true) == Kind::Scalar);
    CHECK(cpu::uint8simd::planW(fixedpoint::axisFilter(1920, 3840, false, std::nullopt, false, false), false).kind ==
          Kind::Scalar);
    // the last row of a buffer leaves the blocks whose loads would pass its end to the scalar loop
    const cpu::uint8simd::WPlan p = cpu::uint8simd::planW(fixedpoint::axisFilter(40, 80, false, std::nullopt, false, false), true);
    CHECK(cpu::uint8simd::blocksWithin(p, 40) < p.blocks);
    CHECK(cpu::uint8simd::blocksWithin(p, 80) == p.blocks);
}

TEST_CASE("uint8 SIMD paths: the W6 shapes, large enough for every thread's blocks", "[uint8][simd]") {
    checkAllPaths(Mode::Bilinear, {1, 3, 270, 480}, {224, 224}, true, false, 7);
    checkAllPaths(Mode::Bicubic, {1, 3, 270, 480}, {56, 56}, true, false, 8);
    checkAllPaths(Mode::Bilinear, {1, 3, 135, 240}, {270, 480}, false, false, 9);
    checkAllPaths(Mode::Bicubic, {1, 3, 135, 240}, {270, 480}, false, true, 10);
}
