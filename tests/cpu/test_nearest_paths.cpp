// core/src/cpu/nearest.cpp's paths: upscaled rows copied a vector at a time (one load and one
// permute), wide rows stored into every output row of their source row, streamed stores past the
// caches for large outputs (narrow rows too). Every instruction set, float32 and float64, aligned and misaligned:
// the same values as the element loop out[x] = in[index[x]] (a copy: bit for bit).
#include "../support/aligned.hpp"
#include "../support/isa.hpp"

#include "cpu/kernels.hpp"
#include "plan/plan.hpp"

#include "upsample/backend.hpp"

#include <catch2/catch.hpp>

#include <cstdint>
#include <cstring>
#include <random>
#include <string>
#include <vector>

using namespace upsample;

namespace {

Spec nearestSpec(Mode m, std::vector<int64_t> size) {
    Spec s;
    s.mode = m;
    s.sizeIsSequence = size.size() > 1;
    s.size = std::move(size);
    return s;
}

// Distinct values per element (their bit patterns tell any two inputs apart).
template <class T>
std::vector<T> distinctValues(int64_t n, unsigned seed) {
    std::vector<T> v(static_cast<std::size_t>(n));
    std::mt19937 rng(seed);
    for (int64_t i = 0; i < n; ++i) v[static_cast<std::size_t>(i)] = static_cast<T>(i) + static_cast<T>(rng() % 1000) / T(1024);
    return v;
}

// out[n][c][d][h][w] = in[n][c][id[d]][ih[h]][iw[w]] from the tables, element by element.
template <class T>
std::vector<T> expected(const plan::Plan<T>& p, const std::vector<T>& in) {
    const auto& g = p.geometry;
    std::vector<T> out(static_cast<std::size_t>(g.planes * g.out[0] * g.out[1] * g.out[2]));
    std::size_t o = 0;
    for (int64_t pl = 0; pl < g.planes; ++pl)
        for (int64_t d = 0; d < g.out[0]; ++d)
            for (int64_t h = 0; h < g.out[1]; ++h)
                for (int64_t w = 0; w < g.out[2]; ++w)
                    out[o++] = in[static_cast<std::size_t>(
                        ((pl * g.in[0] + p.tables[0].index[static_cast<std::size_t>(d)]) * g.in[1] +
                         p.tables[1].index[static_cast<std::size_t>(h)]) * g.in[2] +
                        p.tables[2].index[static_cast<std::size_t>(w)])];
    return out;
}

// Runs the gather kernel with input and output placed inOff and outOff elements past a 64-byte
// boundary; "" when every element equals `want` bit for bit.
template <class T>
std::string runAndCompare(const plan::Plan<T>& p, const std::vector<T>& x, const std::vector<T>& want, int inOff,
                          int outOff, int threads) {
    std::vector<T> inBuf(x.size() + 64), outBuf(want.size() + 64, T(-1));
    T* in = testbuf::alignedIn(inBuf) + inOff;
    T* out = testbuf::alignedIn(outBuf) + outOff;
    std::memcpy(in, x.data(), x.size() * sizeof(T));
    cpu::gatherKernel<T>(p.geometry, p.tables, in, out, threads);
    for (std::size_t i = 0; i < want.size(); ++i)
        if (std::memcmp(&out[i], &want[i], sizeof(T)) != 0)
            return "element " + std::to_string(i) + ": " + std::to_string(out[i]) + " vs " + std::to_string(want[i]);
    return "";
}

template <class T>
void checkAllPaths(Mode m, const Shape& shape, std::vector<int64_t> size, bool misaligned = true) {
    const ResolvedSpec r = resolve(nearestSpec(m, std::move(size)), shape);
    const plan::Plan<T> p = plan::makePlan<T>(r);
    int64_t n = 1;
    for (int64_t d : shape) n *= d;
    const std::vector<T> x = distinctValues<T>(n, static_cast<unsigned>(n));
    const std::vector<T> want = expected(p, x);
    for (cpu::Isa i : testisa::available()) {
        testisa::IsaScope scope(i);
        for (int threads : {1, 3})
            for (auto [inOff, outOff] : {std::pair{0, 0}, std::pair{1, 3}, std::pair{5, 2}}) {
                if (!misaligned && (inOff || outOff)) continue;
                INFO(toPythonCall(nearestSpec(m, r.outputShape)) << " on " << formatShape(shape) << ", "
                                                                  << cpu::isaName(i) << ", " << threads
                                                                  << " threads, input +" << inOff << ", output +"
                                                                  << outOff << ", " << sizeof(T) * 8 << "-bit");
                CHECK(runAndCompare(p, x, want, inOff, outOff, threads) == "");
            }
    }
}

}  // namespace

TEST_CASE("nearest paths: widths 1-40 to every scale up to 17, both modes, float32 and float64",
          "[simd][nearest]") {
    for (Mode m : {Mode::Nearest, Mode::NearestExact})
        for (int64_t inW = 1; inW <= 40; inW += (inW < 18 ? 1 : 7))
            for (int64_t outW : {inW, inW + 1, 2 * inW, 2 * inW + 1, 3 * inW - 1, 4 * inW, 17 * inW, inW / 2 + 1}) {
                checkAllPaths<float>(m, {1, 2, 3, inW}, {5, outW});
                checkAllPaths<double>(m, {1, 2, 3, inW}, {5, outW});
            }
}

TEST_CASE("nearest paths: wide rows stored into every output row of their source row", "[simd][nearest]") {
    // 3000 floats (12 KB) and 1500 doubles: past the wide-row width; H x1, x2, x3 and x2.5.
    for (Mode m : {Mode::Nearest, Mode::NearestExact})
        for (int64_t outH : {4, 8, 12, 10}) {
            checkAllPaths<float>(m, {1, 1, 4, 1500}, {outH, 3000});
            checkAllPaths<float>(m, {1, 1, 4, 1499}, {outH, 3001});
            checkAllPaths<double>(m, {1, 1, 4, 700}, {outH, 1500});
        }
    checkAllPaths<float>(Mode::Nearest, {1, 1, 2, 3, 1000}, {4, 5, 2600});  // 3-D: D copies are not adjacent rows
}

TEST_CASE("nearest paths: an output past the streaming threshold", "[simd][nearest]") {
    // 2 x 1024 x 4096 floats = 32 MiB: streamed stores where the rows are aligned, plain ones
    // where the output pointer is not.
    checkAllPaths<float>(Mode::Nearest, {1, 2, 512, 2048}, {1024, 4096});
    checkAllPaths<double>(Mode::NearestExact, {1, 1, 512, 1024}, {1024, 2048}, false);
}

TEST_CASE("nearest paths: narrow rows past the streaming threshold", "[simd][nearest]") {
    // Rows of 1 KiB (W2's shape, fewer planes) stream too once the output is 32 MiB: every
    // output row of a source row stored from the registers, the thread's share fenced at its end.
    checkAllPaths<float>(Mode::Nearest, {2, 64, 128, 128}, {256, 256});
    checkAllPaths<double>(Mode::NearestExact, {1, 64, 128, 128}, {256, 256}, false);
    // 3-D (D copies are not adjacent rows), and rows of 255 floats: not on 64-byte lines, plain
    checkAllPaths<float>(Mode::Nearest, {1, 1, 64, 128, 128}, {128, 256, 256}, false);
    checkAllPaths<float>(Mode::NearestExact, {1, 1, 32, 128, 128}, {128, 256, 255}, false);
}
