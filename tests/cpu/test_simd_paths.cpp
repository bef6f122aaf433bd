// core/src/cpu SIMD paths (rows_simd.cpp, the fused antialias path, the area box sums): every
// instruction set the CPU has gives the same bits as the per-pixel nested sum and as the baseline
// loops, on widths 1-17, odd widths, tails of every length, misaligned input and output
// pointers, outputs large enough for non-temporal stores, and NaN, Inf and -0 inputs (-0 and +0
// told apart; a NaN only has to stay a NaN).
#include "../support/aligned.hpp"
#include "../support/reference.hpp"
#include "../support/isa.hpp"

#include "cpu/kernels.hpp"
#include "cpu/rows_simd.hpp"
#include "cpu/simd.hpp"
#include "plan/plan.hpp"

#include "upsample/backend.hpp"

#include <catch2/catch.hpp>

#include <algorithm>
#include <cmath>
#include <cstring>
#include <limits>
#include <string>
#include <string_view>
#include <vector>

using namespace upsample;

namespace {

using testisa::IsaScope;
std::vector<cpu::Isa> isas() { return testisa::available(); }

Spec makeSpec(Mode m, std::vector<int64_t> size, bool ac = false, bool aa = false) {
    Spec s;
    s.mode = m;
    s.sizeIsSequence = size.size() > 1;
    s.size = std::move(size);
    if (ac) s.alignCorners = true;
    s.antialias = aa;
    return s;
}

// Runs the plan's CPU kernel on copies of x placed inOff floats and outOff floats past a 64-byte
// boundary, and returns the output.
std::vector<float> runShifted(const ResolvedSpec& r, const Tensor& x, int inOff, int outOff, int threads) {
    const plan::Plan<float> p = plan::makePlan<float>(r);
    const int64_t nIn = x.numel();
    int64_t nOut = 1;
    for (int64_t d : r.outputShape) nOut *= d;
    std::vector<float> inBuf(static_cast<std::size_t>(nIn + 32)), outBuf(static_cast<std::size_t>(nOut + 32));
    float* in = testbuf::alignedIn(inBuf) + inOff;
    float* out = testbuf::alignedIn(outBuf) + outOff;
    std::memcpy(in, x.data<float>(), static_cast<std::size_t>(nIn) * sizeof(float));
    const std::string_view k = p.kernels->cpu;
    if (k == "taps") cpu::tapKernel<float>(p.geometry, p.tables, in, out, threads);
    else if (k == "area") cpu::areaKernel<float>(p.geometry, p.tables, in, out, threads);
    else if (k == "antialias") cpu::antialiasKernel<float>(p.geometry, p.tables, in, out, threads);
    else cpu::gatherKernel<float>(p.geometry, p.tables, in, out, threads);
    return std::vector<float>(out, out + nOut);
}

// Bit for bit, except that a NaN's sign and payload are not compared: x86 passes on the NaN of
// whichever operand the compiler put first, which no source order pins down.
std::string firstDifference(const std::vector<float>& a, const std::vector<float>& b) {
    if (a.size() != b.size()) return "sizes differ";
    for (std::size_t i = 0; i < a.size(); ++i)
        if (!(std::isnan(a[i]) && std::isnan(b[i])) && std::memcmp(&a[i], &b[i], sizeof(float)) != 0)
            return "element " + std::to_string(i) + ": " + std::to_string(a[i]) + " vs " + std::to_string(b[i]);
    return "";
}

// Every instruction set, 1 and 2 threads, aligned and misaligned: the same bits as the baseline
// loops; and the baseline equals the per-pixel sum (when checkPixels).
void checkAllPaths(const Spec& s, const Tensor& x, bool checkPixels) {
    const ResolvedSpec r = resolve(s, x.shape());
    std::vector<float> base;
    {
        IsaScope scope(cpu::Isa::Baseline);
        base = runShifted(r, x, 0, 0, 1);
        if (checkPixels) {
            Tensor y(r.outputShape, DType::Float32);
            std::memcpy(y.data<float>(), base.data(), base.size() * sizeof(float));
            INFO(toPythonCall(s) << " on " << formatShape(x.shape()) << ", baseline");
            CHECK(reference::checkEveryPixel(r, x, y) == "");
        }
    }
    for (cpu::Isa i : isas()) {
        IsaScope scope(i);
        for (int threads : {1, 2})
            for (auto [inOff, outOff] : {std::pair{0, 0}, std::pair{1, 3}, std::pair{3, 1}, std::pair{5, 7}}) {
                INFO(toPythonCall(s) << " on " << formatShape(x.shape()) << ", " << cpu::isaName(i) << ", " << threads
                                     << " threads, input +" << inOff << ", output +" << outOff);
                CHECK(firstDifference(runShifted(r, x, inOff, outOff, threads), base) == "");
            }
    }
}

Tensor withSpecialValues(Tensor x) {
    float* d = x.data<float>();
    const int64_t n = x.numel();
    for (int64_t i = 0; i < n; i += 7) d[i] = -0.0f;
    for (int64_t i = 3; i < n; i += 97) d[i] = std::numeric_limits<float>::infinity();
    for (int64_t i = 11; i < n; i += 131) d[i] = -std::numeric_limits<float>::infinity();
    for (int64_t i = 50; i < n; i += 211) d[i] = std::numeric_limits<float>::quiet_NaN();
    for (int64_t i = 5; i < n; i += 13) d[i] = std::numeric_limits<float>::denorm_min();
    return x;
}

Tensor zerosWithNegativeZeros(const Shape& shape) {
    Tensor x(shape, DType::Float32);
    for (int64_t i = 0; i < x.numel(); ++i) x.data<float>()[i] = (i % 3) ? -0.0f : 0.0f;
    return x;
}

}  // namespace

TEST_CASE("SIMD paths: bilinear and bicubic, widths 1-17 in and out", "[simd][linear][bicubic]") {
    for (Mode m : {Mode::Bilinear, Mode::Bicubic})
        for (bool ac : {false, true})
            for (int64_t inW = 1; inW <= 17; ++inW)
                for (int64_t outW : {inW, 2 * inW, 2 * inW + 1, int64_t{1}, int64_t{17}, int64_t{33}, 4 * inW + 3}) {
                    const Tensor x = reference::randomTensor({1, 2, 5, inW}, static_cast<unsigned>(inW));
                    checkAllPaths(makeSpec(m, {9, outW}, ac), x, true);
                }
}

TEST_CASE("SIMD paths: bilinear and bicubic, odd widths, up and down, every tail", "[simd][linear][bicubic]") {
    struct C {
        Shape shape;
        std::vector<int64_t> size;
    };
    const std::vector<C> cases = {
        {{1, 3, 23, 37}, {46, 74}},  {{2, 1, 19, 61}, {40, 121}}, {{1, 2, 17, 100}, {33, 53}},
        {{1, 1, 40, 129}, {20, 67}}, {{1, 1, 9, 31}, {30, 250}},  {{1, 2, 12, 45}, {24, 90}},
    };
    for (Mode m : {Mode::Bilinear, Mode::Bicubic})
        for (bool ac : {false, true})
            for (const auto& c : cases) {
                for (int64_t extra = 0; extra < 16; extra += 5) {  // output tails 0, 5, 10, 15 past the blocks
                    auto size = c.size;
                    size[1] += extra;
                    checkAllPaths(makeSpec(m, size, ac), reference::randomTensor(c.shape, 3), true);
                }
            }
}

TEST_CASE("SIMD paths: linear and trilinear through the same row passes", "[simd][linear]") {
    checkAllPaths(makeSpec(Mode::Linear, {77}), reference::randomTensor({2, 3, 29}, 4), true);
    checkAllPaths(makeSpec(Mode::Linear, {13}), reference::randomTensor({1, 2, 40}, 5), true);
    checkAllPaths(makeSpec(Mode::Trilinear, {9, 14, 37}), reference::randomTensor({1, 2, 5, 7, 17}, 6), true);
    checkAllPaths(makeSpec(Mode::Trilinear, {4, 5, 3}, true), reference::randomTensor({1, 1, 3, 4, 11}, 7), true);
}

TEST_CASE("SIMD paths: bilinear and bicubic with NaN, Inf, -0 and subnormal inputs", "[simd][linear][bicubic]") {
    for (Mode m : {Mode::Bilinear, Mode::Bicubic}) {
        checkAllPaths(makeSpec(m, {50, 83}), withSpecialValues(reference::randomTensor({1, 2, 25, 41}, 8)), false);
        checkAllPaths(makeSpec(m, {31, 37}), zerosWithNegativeZeros({1, 1, 16, 21}), false);
    }
}

TEST_CASE("SIMD paths: an output past the non-temporal threshold", "[simd][linear][bicubic]") {
    // 2 x 1100 x 1001 floats = 8.8 MB (the size from which earlier versions streamed their
    // stores): a row start at every alignment, chunks of rows whose threads keep their row caches.
    for (Mode m : {Mode::Bilinear, Mode::Bicubic})
        checkAllPaths(makeSpec(m, {1100, 1001}), reference::randomTensor({1, 2, 550, 500}, 9), false);
    // 1 x 2048 x 4096 floats = 32 MiB (cpu::kStreamOutputBytes) in rows of 16 KiB: the aligned
    // runs stream their output rows (the vertical pass, and the pass fused with the next row's
    // horizontal pass), the misaligned ones store them plainly; bicubic align_corners has no
    // repeating blocks.
    REQUIRE(int64_t{2048} * 4096 * 4 == cpu::kStreamOutputBytes);
    const Tensor big = reference::randomTensor({1, 1, 512, 1024}, 21);
    checkAllPaths(makeSpec(Mode::Bilinear, {2048, 4096}), big, false);
    checkAllPaths(makeSpec(Mode::Bicubic, {2048, 4096}), big, false);
    checkAllPaths(makeSpec(Mode::Bicubic, {2048, 4096}, true), big, false);
    // 3-D: the D pass's output rows stream, the H sums it reads stay plain
    checkAllPaths(makeSpec(Mode::Trilinear, {4, 1024, 2048}), reference::randomTensor({1, 1, 2, 512, 1024}, 23), false);
}

// simd::vertical's streamed stores against its plain ones, called directly: every alignment of
// the destination (the elements before the first aligned vector and after the last one stored
// plainly), 1-4 rows, the fused sums, lengths from none to several vectors.
TEST_CASE("SIMD paths: the vertical pass streamed, at every alignment", "[simd][linear]") {
    const Tensor src = reference::randomTensor({4, 200}, 22);
    const float* r = src.data<float>();
    const float* rows[4] = {r, r + 200 + 3, r + 400 + 1, r + 600 + 7};
    const float wv[4] = {0.25f, -0.125f, 0.75f, 0.0625f};
    std::vector<float> plainBuf(256), streamBuf(256);
    for (cpu::Isa i : isas())
        for (int k = 1; k <= 4; ++k)
            for (bool fused : {false, true}) {
                if (fused && (k != 4 || !cpu::simd::hasFusedRows(i))) continue;
                for (int off = 0; off < 17; ++off)
                    for (int64_t n : {0, 1, 7, 15, 16, 17, 31, 33, 64, 150, 180}) {
                        float* plain = testbuf::alignedIn(plainBuf) + off;
                        float* streamed = testbuf::alignedIn(streamBuf) + off;
                        std::fill(plainBuf.begin(), plainBuf.end(), -1.0f);
                        std::fill(streamBuf.begin(), streamBuf.end(), -1.0f);
                        cpu::simd::vertical(i, k, rows, wv, n, plain, fused, false);
                        cpu::simd::vertical(i, k, rows, wv, n, streamed, fused, true);
                        cpu::streamFence();
                        INFO(cpu::isaName(i) << ", " << k << " rows, fused " << fused << ", +" << off << ", n " << n);
                        // the n outputs, and the elements on either side left as they were
                        CHECK(firstDifference(std::vector<float>(streamed - off, streamed + n + 16),
                                              std::vector<float>(plain - off, plain + n + 16)) == "");
                        if (n > 0) CHECK(plain[n - 1] != -1.0f);
                    }
            }
}

TEST_CASE("SIMD paths: antialias, widths 1-17, odd sizes, tails and rows past a block of 8",
          "[simd][antialias]") {
    for (Mode m : {Mode::Bilinear, Mode::Bicubic}) {
        for (int64_t inW = 1; inW <= 17; ++inW)
            for (int64_t outW : {int64_t{1}, (inW + 1) / 2, inW, int64_t{17}})
                checkAllPaths(makeSpec(m, {5, outW}, false, true),
                              reference::randomTensor({1, 2, 11, inW}, static_cast<unsigned>(inW)), true);
        struct C {
            Shape shape;
            std::vector<int64_t> size;
            bool ac;
        };
        const std::vector<C> cases = {
            {{1, 3, 64, 96}, {16, 24}, false}, {{2, 1, 61, 83}, {15, 21}, false}, {{1, 2, 37, 101}, {13, 29}, true},
            {{1, 1, 30, 40}, {70, 9}, false},  {{1, 1, 100, 45}, {7, 45}, false}, {{1, 2, 19, 200}, {19, 33}, false},
            {{1, 1, 200, 31}, {3, 5}, false},
        };
        for (const auto& c : cases)
            checkAllPaths(makeSpec(m, c.size, c.ac, true), reference::randomTensor(c.shape, 10), true);
        checkAllPaths(makeSpec(m, {9, 23}, false, true),
                      withSpecialValues(reference::randomTensor({1, 2, 37, 90}, 11)), false);
        checkAllPaths(makeSpec(m, {9, 23}, false, true), zerosWithNegativeZeros({1, 1, 37, 90}), false);
    }
}

// Integer downscales: the W pass's blocks of outputs start f pixels apart (its phase plan), with
// the outputs at the edges that no block covers summed one by one and the last block overlapping
// the one before; f from 1 (an axis that keeps its size) to past the plan's largest stride, widths
// with and without a tail of blocks and of phase chunks. Near-integer ones (x100/405, x100/203)
// break the stride every 20 or 33 outputs: blocks start anywhere, single outputs between them.
TEST_CASE("SIMD paths: antialias integer downscales, every stride and tail", "[simd][antialias]") {
    for (Mode m : {Mode::Bilinear, Mode::Bicubic, Mode::Lanczos}) {
        for (int64_t f = 1; f <= 9; ++f)
            for (int64_t outW : {int64_t{16}, int64_t{37}, int64_t{64}, int64_t{69}})
                for (int64_t extra : {int64_t{0}, f - 1}) {
                    const Shape shape{1, 2, 9, f * outW + extra};
                    checkAllPaths(makeSpec(m, {5, outW}, false, true), reference::randomTensor(shape, 17), true);
                }
        for (int64_t inW : {int64_t{405}, int64_t{203}})
            checkAllPaths(makeSpec(m, {5, 100}, false, true), reference::randomTensor({1, 2, 9, inW}, 21), true);
    }
    checkAllPaths(makeSpec(Mode::Bicubic, {6, 48}, false, true),
                  withSpecialValues(reference::randomTensor({1, 2, 24, 192}, 18)), false);
    checkAllPaths(makeSpec(Mode::Bilinear, {6, 48}, false, true), zerosWithNegativeZeros({1, 1, 24, 192}), false);
}

TEST_CASE("SIMD paths: area x1/2 and x1/4 box sums, widths and tails", "[simd][area]") {
    for (int k : {2, 4, 3})
        for (int64_t outW = 1; outW <= 17; ++outW) {
            const Shape shape{1, 2, 4 * k + 1, k * outW};
            checkAllPaths(makeSpec(Mode::Area, {4, outW}), reference::randomTensor(shape, 12), true);
        }
    checkAllPaths(makeSpec(Mode::Area, {60, 40}), reference::randomTensor({2, 3, 240, 160}, 13), true);
    checkAllPaths(makeSpec(Mode::Area, {45, 50}), reference::randomTensor({1, 3, 90, 100}, 14), true);
    checkAllPaths(makeSpec(Mode::Area, {33, 25}), reference::randomTensor({1, 1, 100, 100}, 15), true);
    checkAllPaths(makeSpec(Mode::Area, {21, 50}), withSpecialValues(reference::randomTensor({1, 2, 84, 200}, 16)),
                  false);
    checkAllPaths(makeSpec(Mode::Area, {12, 9}), zerosWithNegativeZeros({1, 1, 24, 36}), false);
}

// The H-first order (plan::antialiasHFirst): bands of output rows with and without a tail, strips
// of the H pass past 128 columns with a tail, several planes (the rows fetched ahead cross a
// plane), alongside shapes the plan keeps W first.
TEST_CASE("SIMD paths: antialias in the H-first order, bands, strips and planes", "[simd][antialias]") {
    struct C {
        Shape shape;
        std::vector<int64_t> size;
        bool hFirst;
    };
    const std::vector<C> cases = {
        {{2, 3, 37, 600}, {9, 150}, true},  {{1, 2, 50, 530}, {13, 70}, true}, {{1, 1, 70, 257}, {17, 64}, true},
        {{1, 2, 23, 513}, {5, 41}, true},   {{1, 1, 20, 200}, {20, 50}, false}, {{1, 1, 12, 40}, {24, 10}, false},
    };
    for (Mode m : {Mode::Bilinear, Mode::Bicubic, Mode::Lanczos})
        for (const auto& c : cases) {
            const Spec s = makeSpec(m, c.size, false, true);
            const plan::Plan<float> p = plan::makePlan<float>(resolve(s, c.shape));
            INFO(toPythonCall(s) << " on " << formatShape(c.shape));
            CHECK(plan::antialiasHFirst(p.geometry, p.tables) == c.hFirst);
            checkAllPaths(s, reference::randomTensor(c.shape, 19), true);
        }
    checkAllPaths(makeSpec(Mode::Bicubic, {9, 70}, false, true),
                  withSpecialValues(reference::randomTensor({1, 2, 37, 290}, 20)), false);
    checkAllPaths(makeSpec(Mode::Bilinear, {9, 70}, false, true), zerosWithNegativeZeros({1, 1, 37, 290}), false);
}
