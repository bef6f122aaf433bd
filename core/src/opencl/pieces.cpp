#include "pieces.hpp"

#include "upsample/opencl.hpp"

#include <algorithm>

namespace upsample::opencl {

namespace {
struct Splitter {
    const std::array<AxisReads, 3>& axes;
    uint64_t elementSize, limit;
    std::array<std::pair<int64_t, int64_t>, 3> full;  // what a complete axis reads
    std::vector<Piece> pieces;

    bool fits(const Piece& p) const {
        const auto bytes = [&](int64_t elements) { return static_cast<uint64_t>(elements) * elementSize; };
        return bytes(p.inElements()) <= limit && bytes(p.outElements()) <= limit;
    }

    // Splits plane p along axis a; axes before a are fixed in `box`, axes after it complete.
    void split(Piece box, int a) {
        const AxisReads& ax = axes[static_cast<std::size_t>(a)];
        int64_t o = 0;
        while (o < ax.out) {
            auto [lo, hi] = ax.reads(o);
            box.out0[a] = o;
            box.outSize[a] = 1;
            box.in0[a] = lo;
            box.inSize[a] = hi - lo;
            if (!fits(box)) {
                if (a == 2)
                    throw OpenCLError("one output element needs more than the piece limit of " + std::to_string(limit) +
                                      " bytes");
                Piece inner = box;
                for (int b = a + 1; b < 3; ++b) {
                    inner.out0[b] = 0;
                    inner.outSize[b] = axes[static_cast<std::size_t>(b)].out;
                    inner.in0[b] = full[static_cast<std::size_t>(b)].first;
                    inner.inSize[b] = full[static_cast<std::size_t>(b)].second - full[static_cast<std::size_t>(b)].first;
                }
                split(inner, a + 1);
                ++o;
                continue;
            }
            int64_t end = o + 1;
            while (end < ax.out) {  // grow while the boxes still fit
                const auto [l2, h2] = ax.reads(end);
                Piece grown = box;
                grown.outSize[a] = end + 1 - o;
                grown.in0[a] = std::min(lo, l2);
                grown.inSize[a] = std::max(hi, h2) - grown.in0[a];
                if (!fits(grown)) break;
                box = grown;
                lo = grown.in0[a];
                hi = grown.in0[a] + grown.inSize[a];
                ++end;
            }
            pieces.push_back(box);
            o = end;
        }
    }
};
}  // namespace

std::vector<Piece> splitIntoPieces(int64_t planes, const std::array<AxisReads, 3>& axes, uint64_t elementSize,
                                   uint64_t limit) {
    std::vector<Piece> out;
    if (planes <= 0) return out;
    int64_t inPlane = 1, outPlane = 1;
    for (const auto& a : axes) {
        inPlane *= a.in;
        outPlane *= a.out;
    }
    if (outPlane == 0) return out;
    const uint64_t inBytes = static_cast<uint64_t>(inPlane) * elementSize;
    const uint64_t outBytes = static_cast<uint64_t>(outPlane) * elementSize;
    if (inBytes <= limit && outBytes <= limit) {  // whole planes, as many as fit
        const int64_t per = static_cast<int64_t>(std::max<uint64_t>(1, std::min(limit / inBytes, limit / outBytes)));
        for (int64_t p = 0; p < planes; p += per) {
            Piece piece;
            piece.plane0 = p;
            piece.planes = std::min(per, planes - p);
            for (int a = 0; a < 3; ++a) {
                piece.outSize[a] = axes[static_cast<std::size_t>(a)].out;
                piece.inSize[a] = axes[static_cast<std::size_t>(a)].in;
            }
            piece.whole = true;
            out.push_back(piece);
        }
        return out;
    }
    Splitter s{axes, elementSize, limit, {}, {}};
    for (int a = 0; a < 3; ++a) {  // the input range a complete axis reads
        const AxisReads& ax = axes[static_cast<std::size_t>(a)];
        int64_t lo = ax.in, hi = 0;
        for (int64_t d = 0; d < ax.out; ++d) {
            const auto [l, h] = ax.reads(d);
            lo = std::min(lo, l);
            hi = std::max(hi, h);
        }
        s.full[static_cast<std::size_t>(a)] = {lo, hi};
    }
    for (int64_t p = 0; p < planes; ++p) {
        Piece box;
        box.plane0 = p;
        box.planes = 1;
        for (int a = 0; a < 3; ++a) {
            box.outSize[a] = axes[static_cast<std::size_t>(a)].out;
            box.in0[a] = s.full[static_cast<std::size_t>(a)].first;
            box.inSize[a] = s.full[static_cast<std::size_t>(a)].second - s.full[static_cast<std::size_t>(a)].first;
        }
        s.split(box, 0);
    }
    return std::move(s.pieces);
}

}  // namespace upsample::opencl
