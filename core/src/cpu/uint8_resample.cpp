// uint8 bilinear and bicubic on the CPU, in fixed point (fixed_point.hpp): the W pass into a
// uint8 intermediate, then the H pass. Integer sums are exact, so the split over threads, the
// order of the taps and the vector paths (uint8_simd.hpp; the baseline keeps the scalar loops
// below) cannot change a bit.
#include "uint8_resample.hpp"

#include "parallel.hpp"
#include "simd.hpp"
#include "uint8_simd.hpp"

#include "upsample/error.hpp"
#include "upsample/fixed_point.hpp"
#include "upsample/spec.hpp"

#include <cstring>
#include <vector>

namespace upsample::cpu {

namespace {
using fixedpoint::AxisFilter;

bool useAvx2() {
#if UPSAMPLE_X86
    return isa() >= Isa::Avx2;
#else
    return false;
#endif
}

// (rows, f.in) -> (rows, f.out) along the last axis.
void passW(const AxisFilter& f, int64_t rows, const uint8_t* in, uint8_t* out, int threads) {
#if UPSAMPLE_X86
    const uint8simd::WPlan plan = uint8simd::planW(f, useAvx2());
    if (plan.kind != uint8simd::WPlan::Kind::Scalar)
        return parallelFor(rows, threads, [&](int64_t begin, int64_t end) {
            uint8simd::passWRowsAvx2(f, plan, in, rows, begin, end, out);
        });
#endif
    parallelFor(rows, threads, [&](int64_t begin, int64_t end) {
        for (int64_t r = begin; r < end; ++r) {
            const uint8_t* src = in + r * f.in;
            uint8_t* dst = out + r * f.out;
            for (int64_t x = 0; x < f.out; ++x)
                dst[x] = fixedpoint::resampleOne(f, x, src + f.start[static_cast<std::size_t>(x)], 1);
        }
    });
}

// (planes, f.in, width) -> (planes, f.out, width) along the middle axis. rowOf(y): the output row
// whose window row y takes (y itself, or 0 where the version repeats the first row).
void passH(const AxisFilter& f, int64_t planes, int64_t width, bool repeatFirst, const uint8_t* in, uint8_t* out,
           int threads) {
    const bool vector = useAvx2() && width >= 32 && f.precision > 0;
    parallelFor(planes * f.out, threads, [&](int64_t begin, int64_t end) {
        for (int64_t r = begin; r < end; ++r) {
            const int64_t p = r / f.out, y = r % f.out;
            const int64_t taps = repeatFirst ? 0 : y;
            const uint8_t* src = in + (p * f.in + f.start[static_cast<std::size_t>(taps)]) * width;
            uint8_t* dst = out + r * width;
#if UPSAMPLE_X86
            if (vector) {
                uint8simd::hRowAvx2(src, width, f.fixedOf(taps), f.count[static_cast<std::size_t>(taps)], f.precision,
                                    width, dst);
                continue;
            }
#endif
            for (int64_t x = 0; x < width; ++x) dst[x] = fixedpoint::resampleOne(f, taps, src + x, width);
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
    if (!resizeW && !resizeH) {
        std::memcpy(dst, src, static_cast<std::size_t>(in.numel()));
        return;
    }
    expectPasses(resizeW && resizeH ? 2 : 1);
    std::vector<uint8_t> between;
    const uint8_t* hIn = src;
    if (resizeW) {
        uint8_t* wOut = dst;
        if (resizeH) {
            between.resize(static_cast<std::size_t>(planes * inH * outW));
            wOut = between.data();
        }
        passW(f.w, planes * inH, src, wOut, threads);
        hIn = wOut;
    }
    if (resizeH) passH(f.h, planes, outW, fixedpoint::repeatsFirstRow(spec), hIn, dst, threads);
}

}  // namespace upsample::cpu
