// SIMD row passes of the tap kernel (linear.cpp) on float32: the horizontal pass of one input
// row and the vertical blend of cached rows. Each lane computes what the baseline loops compute,
// in their order: row[x] = s0*w0 + s1*w1 (+ ...) left to right, dst[x] = r0*v0 + r1*v1 (+ ...);
// fused (bicubic, AxisTable::fusedSums): fma(s0, w0, s1*w1), then fma(sj, wj, v), likewise.
#pragma once

#include "simd.hpp"

#include <cstdint>
#include <vector>

namespace upsample::cpu::simd {

// The W axis of a tap table (tap-major: idx[c * outW + x], w[c * outW + x]) prepared for one
// instruction set. Outputs go in blocks of `lanes`; a block whose taps all fall in a window of
// 2 * lanes input pixels loads that window and permutes it (start >= 0, off: the tap offsets
// in the window); any other block gathers (start = -1). The last outW % lanes outputs are scalar.
struct HorizontalPlan {
    Isa isa = Isa::Baseline;
    int lanes = 1;
    int taps = 0;
    int64_t inW = 0, outW = 0;
    const int32_t* idx = nullptr;
    const float* w = nullptr;
    bool fused = false;  // the sums as fused multiply-adds
    std::vector<int32_t> start;
    std::vector<int32_t> off;  // per block, per tap: lanes offsets
    // Per block: 1 when every lane's taps are consecutive pixels (tap c at tap 0's offset + c; not
    // where the edges clamp them), its tap 0 offsets then also as bytes in off8 (lanes a block):
    // such a block reads one small offset vector instead of one per tap.
    std::vector<uint8_t> consecutive;
    std::vector<uint8_t> off8;
    // Blocks [runBegin, runEnd) repeat block runBegin's offsets and weights, each window starting
    // runStep pixels after the one before (integer scales away from the edges): their offsets and
    // weights stay in registers. Empty (runBegin == runEnd) where no such run of 4 blocks exists.
    int64_t runBegin = 0, runEnd = 0;
    int32_t runStep = 0;
};

// isa Avx2 or Avx512; taps 2 or 4 (fused: 4, and hasFusedRows(isa)). The pointers must outlive
// the plan.
HorizontalPlan makeHorizontalPlan(Isa isa, int taps, int64_t inW, int64_t outW, const int32_t* idx, const float* w,
                                  bool fused = false);
// True when the fused passes run on this instruction set here (AVX2 needs the CPU's FMA).
bool hasFusedRows(Isa isa);
void horizontal(const HorizontalPlan& p, const float* src, float* row);

// dst[x] = rows[0][x] * wv[0] + rows[1][x] * wv[1] (+ ...), k = 1..4 rows (k = 1: a copy
// through rows[0][x] * wv[0]; callers copy instead). Plain stores, each destination line fetched
// a little ahead of them; with `stream`, whole vectors at aligned addresses are stored past the
// caches (non-temporal: no read for ownership), for outputs much larger than the caches; the
// caller fences them (streamFence) before another thread reads dst.
// fused: fma(r0, v0, r1 * v1), then fma(rj, vj, v) (k = 4, and hasFusedRows(isa)).
void vertical(Isa isa, int k, const float* const* rows, const float* wv, int64_t n, float* dst, bool fused = false,
              bool stream = false);

// The horizontal pass of one more input row: row = horizontal(*plan, src).
struct HorizontalJob {
    const HorizontalPlan* plan = nullptr;
    const float* src = nullptr;
    float* row = nullptr;
};
// vertical() and the horizontal pass of `job` in one sweep over the columns, a segment of each
// in turn, so that the horizontal pass's arithmetic overlaps the vertical pass's stores (the
// same results as the two calls; fused where job.plan has k taps, this isa and n outputs). The
// rows must not include job.row.
void verticalWith(Isa isa, int k, const float* const* rows, const float* wv, int64_t n, float* dst,
                  const HorizontalJob& job, bool fused = false, bool stream = false);

}  // namespace upsample::cpu::simd
