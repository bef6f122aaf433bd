// uint8 bilinear and bicubic on the CPU, in fixed point (fixed_point.hpp): the W pass into a
// uint8 intermediate, then the H pass. Integer sums are exact, so the split over threads, the
// order of the taps and the vector paths (uint8_simd.hpp; the baseline keeps the scalar loops
// below) cannot change a bit.
//
// When both axes change, the passes run fused by bands of output rows: each thread keeps the
// intermediate rows its next band's windows read (a sliding band of the W pass's output, small
// enough to stay in cache), computes only the rows it does not hold yet, then the band's H pass.
// Each intermediate row is computed from the input alone, so the band and the split give the
// bytes of the whole W pass.
#include "uint8_resample.hpp"

#include "parallel.hpp"
#include "simd.hpp"
#include "uint8_simd.hpp"

#include "upsample/error.hpp"
#include "upsample/fixed_point.hpp"
#include "upsample/spec.hpp"

#include <algorithm>
#include <cstring>
#include <vector>

namespace upsample::cpu {

namespace {
using fixedpoint::AxisFilter;

constexpr int64_t kBandRows = 16;  // output rows per band of the fused passes

bool useAvx2() {
#if UPSAMPLE_X86
    return isa() >= Isa::Avx2;
#else
    return false;
#endif
}

// The W pass of an axis on the rows of `in` (rows of f.in bytes, `rows` of them).
class WidthPass {
public:
    WidthPass(const AxisFilter& f, const uint8_t* in, int64_t rows)
        : f_(f), in_(in), rows_(rows), plan_(uint8simd::planW(f, useAvx2())) {}

    // Rows [r0, r1) into out, row r0 first.
    void run(int64_t r0, int64_t r1, uint8_t* out) const {
#if UPSAMPLE_X86
        if (plan_.kind != uint8simd::WPlan::Kind::Scalar)
            return uint8simd::passWRowsAvx2(f_, plan_, in_, rows_, r0, r1, out);
#endif
        for (int64_t r = r0; r < r1; ++r) {
            const uint8_t* src = in_ + r * f_.in;
            uint8_t* dst = out + (r - r0) * f_.out;
            for (int64_t x = 0; x < f_.out; ++x)
                dst[x] = fixedpoint::resampleOne(f_, x, src + f_.start[static_cast<std::size_t>(x)], 1);
        }
    }

private:
    const AxisFilter& f_;
    const uint8_t* in_;
    int64_t rows_;
    uint8simd::WPlan plan_;
};

// The H pass of an axis on rows `width` bytes wide: output row d from its window's first row.
class HeightPass {
public:
    HeightPass(const AxisFilter& f, int64_t width)
        : f_(f), width_(width), vector_(useAvx2() && width >= 32 && f.precision > 0) {}

    void row(int64_t d, const uint8_t* window, uint8_t* dst) const {
#if UPSAMPLE_X86
        if (vector_)
            return uint8simd::hRowAvx2(window, width_, f_.fixedOf(d), f_.count[static_cast<std::size_t>(d)], f_.precision,
                                       width_, dst);
#endif
        for (int64_t x = 0; x < width_; ++x) dst[x] = fixedpoint::resampleOne(f_, d, window + x, width_);
    }

private:
    const AxisFilter& f_;
    int64_t width_;
    bool vector_;
};

// One thread's rows of the W pass's output: rows [lo, hi) of plane `plane`, row lo first.
class Band {
public:
    // Makes the band hold rows [lo, hi) of the plane (inH rows a plane), keeping the rows it holds.
    void cover(const WidthPass& w, int64_t width, int64_t inH, int64_t plane, int64_t lo, int64_t hi) {
        if (plane != plane_ || lo < lo_ || lo >= hi_) {
            plane_ = plane;
            lo_ = hi_ = lo;
        } else if (lo > lo_) {
            std::memmove(rows_.data(), rows_.data() + (lo - lo_) * width, static_cast<std::size_t>((hi_ - lo) * width));
            lo_ = lo;
        }
        if (hi <= hi_) return;
        rows_.resize(std::max(rows_.size(), static_cast<std::size_t>((hi - lo_) * width)));
        w.run(plane * inH + hi_, plane * inH + hi, rows_.data() + (hi_ - lo_) * width);
        hi_ = hi;
    }
    const uint8_t* row(int64_t y, int64_t width) const { return rows_.data() + (y - lo_) * width; }

private:
    std::vector<uint8_t> rows_;
    int64_t plane_ = -1, lo_ = 0, hi_ = 0;
};

// Both axes: bands of output rows, each thread with its own band of W-pass rows.
void fusedPasses(const fixedpoint::Filters& f, int64_t planes, bool repeatFirst, const uint8_t* in, uint8_t* out,
                 int threads) {
    const AxisFilter& fh = f.h;
    const int64_t width = f.w.out, n = planes * fh.out;
    const WidthPass w(f.w, in, planes * fh.in);
    const HeightPass h(fh, width);
    std::vector<Band> bands(static_cast<std::size_t>(parallelParts(n, threads)));
    parallelForParts(n, threads, [&](int part, int64_t begin, int64_t end) {
        Band& band = bands[static_cast<std::size_t>(part)];
        for (int64_t r = begin; r < end;) {
            const int64_t p = r / fh.out, y0 = r % fh.out, y1 = std::min({fh.out, y0 + kBandRows, y0 + end - r});
            // rows [lo, hi): every window of the band's output rows (row 0's where it repeats)
            int64_t lo = fh.in, hi = 0;
            for (int64_t y = y0; y < y1; ++y) {
                const auto d = static_cast<std::size_t>(repeatFirst ? 0 : y);
                lo = std::min(lo, fh.start[d]);
                hi = std::max(hi, fh.start[d] + std::max<int64_t>(fh.count[d], 1));
            }
            band.cover(w, width, fh.in, p, lo, std::min(hi, fh.in));
            for (int64_t y = y0; y < y1; ++y) {
                const int64_t d = repeatFirst ? 0 : y;
                h.row(d, band.row(fh.start[static_cast<std::size_t>(d)], width), out + (p * fh.out + y) * width);
            }
            r += y1 - y0;
        }
    });
}

// One axis only: the W pass (rows of the input) or the H pass (planes of inH rows).
void widthOnly(const AxisFilter& f, int64_t rows, const uint8_t* in, uint8_t* out, int threads) {
    const WidthPass w(f, in, rows);
    parallelFor(rows, threads, [&](int64_t begin, int64_t end) { w.run(begin, end, out + begin * f.out); });
}

void heightOnly(const AxisFilter& f, int64_t planes, int64_t width, bool repeatFirst, const uint8_t* in, uint8_t* out,
                int threads) {
    const HeightPass h(f, width);
    parallelFor(planes * f.out, threads, [&](int64_t begin, int64_t end) {
        for (int64_t r = begin; r < end; ++r) {
            const int64_t p = r / f.out, d = repeatFirst ? 0 : r % f.out;
            h.row(d, in + (p * f.in + f.start[static_cast<std::size_t>(d)]) * width, out + r * width);
        }
    });
}
}  // namespace

void runUint8FixedPoint(const ResolvedSpec& spec, const Tensor& in, Tensor& out, int threads) {
    if (!fixedpoint::takesFixedPoint(spec)) throw InternalError("cpu: uint8 fixed point for a spec it does not take");
    const fixedpoint::Filters f = fixedpoint::filtersOf(spec);
    const int64_t planes = spec.planes();
    const int64_t inH = spec.inSize(0), inW = spec.inSize(1), outH = spec.outSize(0), outW = spec.outSize(1);
    const uint8_t* src = in.data<uint8_t>();
    uint8_t* dst = out.data<uint8_t>();
    const bool resizeW = inW != outW, resizeH = inH != outH;
    const bool repeatFirst = fixedpoint::repeatsFirstRow(spec);
    if (resizeW && resizeH) return fusedPasses(f, planes, repeatFirst, src, dst, threads);
    if (resizeW) return widthOnly(f.w, planes * inH, src, dst, threads);
    if (resizeH) return heightOnly(f.h, planes, outW, repeatFirst, src, dst, threads);
    std::memcpy(dst, src, static_cast<std::size_t>(in.numel()));
}

}  // namespace upsample::cpu
