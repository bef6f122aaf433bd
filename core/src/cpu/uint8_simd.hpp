// The vectorised passes of the uint8 fixed-point path (uint8_resample.cpp). Every output is the
// same integer sum as fixedpoint::resampleOne: pixel * int16 weight products added in int32 (pairs
// of products at a time, _mm256_madd_epi16), then the arithmetic shift by p and the clamp to
// 0..255 (packs_epi32 then packus_epi16 saturate exactly as the clamp does once the shift is done
// in int32). Integer sums are exact (and wrapping int32 addition is associative), so the order of
// the taps cannot change a bit: every path gives the baseline's bytes.
//
// H pass (vertical): each output row, 32 columns at a time, two taps per madd (the two rows'
// bytes interleaved). W pass (horizontal): per axis a plan chosen from the filter (planW):
//  * Shuffle: 8 outputs at a time; per pair of taps, each 128-bit lane loads 16 bytes at its first
//    output's window start and a byte shuffle picks each output's two pixels (zero-extended), so a
//    madd gives the 8 outputs' partial sums. Needs every lane's 4 window starts within 14 bytes
//    (upscaling, mild downscaling).
//  * Window: wider windows (strong downscaling): per output, 16 taps per madd from a load at its
//    window start, and horizontal sums of 8 outputs at a time.
// Loads may read past a row's end into the next row (those bytes get zero weights or are not
// picked); never past the end of the buffer: the plans record how far each load reaches and the
// outputs whose loads would pass the buffer's end are left to the scalar loop.
#pragma once

#include "upsample/fixed_point.hpp"

#include <cstdint>
#include <vector>

namespace upsample::cpu::uint8simd {

struct WPlan {
    enum class Kind { Scalar, Shuffle, Window };
    Kind kind = Kind::Scalar;
    int pairs = 0;                  // Shuffle: pairs of taps per output
    int chunks = 0;                 // Window: 16-tap chunks per output
    int64_t blocks = 0;             // Shuffle: groups of 8 outputs; Window: outputs
    std::vector<int32_t> base;      // Shuffle: per group, the two lanes' load offsets in the row
    std::vector<uint8_t> masks;     // Shuffle: per group and pair, 32 shuffle bytes
    std::vector<int16_t> weights;   // Shuffle: per group and pair, 16 int16; Window: per output, chunks * 16
    std::vector<int64_t> reach;     // per block: one past the last byte its loads read, from the row start
};

// The plan for the W pass of f on this instruction set (Scalar where no vector path applies).
WPlan planW(const fixedpoint::AxisFilter& f, bool avx2);

// How many of the plan's blocks a row may take when `room` bytes of the buffer lie from its start.
int64_t blocksWithin(const WPlan& plan, int64_t room);

#if defined(__x86_64__) || defined(__i386__)
// W pass of rows [r0, r1) of `in` (rows of f.in bytes, `rows` in all) into rows of f.out bytes
// from out (row r0 first).
void passWRowsAvx2(const fixedpoint::AxisFilter& f, const WPlan& plan, const uint8_t* in, int64_t rows, int64_t r0,
                   int64_t r1, uint8_t* out);
// One H-pass output row: n taps from the rows src, src + stride, ... with the int16 weights k.
void hRowAvx2(const uint8_t* src, int64_t stride, const int16_t* k, int64_t n, unsigned precision, int64_t width,
              uint8_t* dst);
#endif

}  // namespace upsample::cpu::uint8simd
