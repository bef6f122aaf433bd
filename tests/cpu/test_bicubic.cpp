// core/src/cpu/bicubic.cpp: the bicubic table (A = -0.75, clamped taps).
#include "../support/golden.hpp"
#include "../support/isa.hpp"

#include "upsample/backend.hpp"
#include "upsample/taps.hpp"

#include <catch2/catch.hpp>

using namespace upsample;

TEST_CASE("bicubic: every golden case matches PyTorch", "[bicubic][golden]") {
    const auto sel = golden::select({"bicubic"}, false);
    REQUIRE(sel.size() >= 60);
    const auto failures = golden::runCasesOnCpu(sel);
    for (const auto& f : failures) FAIL_CHECK(f);
    CHECK(failures.empty());
}

// PyTorch's compiled kernel contracts bicubic's weights and sums into fused multiply-adds
// (coords::cubicWeights, AxisTable::fusedSums): with the same operations every output has
// PyTorch's bits, float32 and float64, in every version, on each instruction-set path and thread
// count. bicubic.json (generate_bicubic.py) holds the parity case that was 1.6e-4 off before.
TEST_CASE("bicubic: float32 and float64 equal PyTorch bit for bit on every golden case", "[bicubic][golden]") {
    const auto sel = golden::select({"bicubic"}, false);
    std::size_t pinned = 0, single = 0;
    for (const auto* c : sel) {
        pinned += c->id.find(":bicubic-2d-arange-") != std::string::npos;
        single += c->input.dtype() == DType::Float32;
    }
    REQUIRE(pinned == 8);  // bicubic.json's four arange cases, per version
    REQUIRE(single >= 150);
    for (cpu::Isa isa : testisa::available()) {
        testisa::IsaScope scope(isa);
        for (int threads : {1, 2}) {
            CpuBackend cpu(threads);
            INFO(cpu::isaName(isa) << ", " << threads << " threads");
            const auto failures = golden::runCasesBitExact(sel, cpu);
            for (const auto& f : failures) FAIL_CHECK(f);
            CHECK(failures.empty());
        }
    }
}

TEST_CASE("bicubic: weights sum to 1 and taps clamp at the border", "[bicubic]") {
    const auto t = bicubicTable<double>(4, 8, false, std::nullopt, IndexPrecision::Opmath);
    for (int64_t d = 0; d < 8; ++d) {
        double sum = 0;
        for (int j = 0; j < 4; ++j) sum += t.tapWeight(d, j);
        CHECK(sum == Approx(1.0).epsilon(1e-12));
    }
    // output 0: x = -0.25, floor -1: taps -2..1 clamp to 0,0,0,1
    CHECK(t.tapIndex(0, 0) == 0);
    CHECK(t.tapIndex(0, 1) == 0);
    CHECK(t.tapIndex(0, 2) == 0);
    CHECK(t.tapIndex(0, 3) == 1);
    // t = 0.75 at output 0: w(+1) = k1(0.25) with A = -0.75
    const double x = 0.25, A = -0.75;
    CHECK(t.tapWeight(0, 2) == Approx(((A + 2) * x - (A + 3)) * x * x + 1));
}

#include "../support/reference.hpp"

TEST_CASE("bicubic: the row kernels equal the per-pixel sum on larger tensors", "[bicubic]") {
    for (bool ac : {false, true}) {
        Spec s;
        s.mode = Mode::Bicubic;
        s.size = std::vector<int64_t>{71, 29};
        s.sizeIsSequence = true;
        s.alignCorners = ac;
        const Tensor x = reference::randomTensor({2, 3, 31, 43}, 11);
        const auto r = resolve(s, x.shape());
        for (int threads : {1, 2}) {
            const Tensor y = interpolate(x, r, RunOptions{BackendKind::Cpu, threads});
            INFO("align_corners " << ac << ", " << threads << " threads");
            CHECK(reference::checkEveryPixel(r, x, y) == "");
        }
    }
}
