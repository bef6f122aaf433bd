// Splitting one launch into pieces whose input and output boxes each fit a byte limit (the
// device's largest allocation, or a smaller limit that tests force). Pure host arithmetic.
#pragma once

#include <array>
#include <cstdint>
#include <functional>
#include <utility>
#include <vector>

namespace upsample::opencl {

// One spatial axis (D, H or W) of a launch: its sizes and the input indices [lo, hi) that
// output index d reads.
struct AxisReads {
    int64_t in = 1, out = 1;
    std::function<std::pair<int64_t, int64_t>(int64_t d)> reads;
};

// planes [plane0, plane0 + planes) x the output box [out0, out0 + outSize) per axis, reading the
// input box [in0, in0 + inSize). whole: every axis complete, so both boxes are contiguous runs of
// planes in host memory; otherwise the piece has one plane.
struct Piece {
    int64_t plane0 = 0, planes = 0;
    std::array<int64_t, 3> out0{}, outSize{}, in0{}, inSize{};
    bool whole = false;
    int64_t outElements() const { return planes * outSize[0] * outSize[1] * outSize[2]; }
    int64_t inElements() const { return planes * inSize[0] * inSize[1] * inSize[2]; }
};

// Pieces in output order that cover every output element once, each with input and output
// boxes of at most `limit` bytes: groups of whole planes when a plane fits, else boxes of one
// plane, split along D first, then H, then W. Throws OpenCLError when one output element alone
// needs more than the limit.
std::vector<Piece> splitIntoPieces(int64_t planes, const std::array<AxisReads, 3>& axes, uint64_t elementSize,
                                   uint64_t limit);

}  // namespace upsample::opencl
