// float16 and bfloat16 through the float kernels (reduced_float.hpp).
#include "reduced_float.hpp"

#include "parallel.hpp"
#include "reduced_float_simd.hpp"
#include "simd.hpp"

#include "upsample/coords.hpp"
#include "upsample/error.hpp"

#include <algorithm>
#include <array>
#include <bit>
#include <cmath>
#include <cstring>
#include <type_traits>
#include <vector>

namespace upsample::cpu {

uint16_t floatToHalf(float f) {
    const uint32_t x = std::bit_cast<uint32_t>(f);
    const auto sign = static_cast<uint16_t>((x >> 16) & 0x8000u);
    const uint32_t magnitude = x & 0x7fffffffu;
    if (magnitude > 0x7f800000u) return static_cast<uint16_t>(sign | 0x7e00u | ((magnitude >> 13) & 0x3ffu));  // NaN
    if (magnitude >= 0x477ff000u) return static_cast<uint16_t>(sign | 0x7c00u);  // rounds past 65504: inf
    if (magnitude < 0x38800000u) {  // below 2^-14: a subnormal half (or zero), rounded in float arithmetic
        const float scaled = std::bit_cast<float>(magnitude) * 0x1p24f;  // exact; units of 2^-24
        const float rounded = scaled + 0x1p23f - 0x1p23f;                // ties to even
        return static_cast<uint16_t>(sign | static_cast<uint16_t>(rounded));
    }
    // normal: drop 13 mantissa bits, ties to even (a carry into the exponent is right)
    const uint32_t rebased = magnitude - (112u << 23);
    const uint32_t kept = rebased >> 13, rest = rebased & 0x1fffu;
    const uint32_t up = rest > 0x1000u || (rest == 0x1000u && (kept & 1u));
    return static_cast<uint16_t>(sign | (kept + up));
}

float halfFromBits(uint16_t h) {
    const uint32_t sign = static_cast<uint32_t>(h & 0x8000u) << 16;
    const uint32_t exponent = (h >> 10) & 0x1fu, mantissa = h & 0x3ffu;
    if (exponent == 0x1f) return std::bit_cast<float>(sign | 0x7f800000u | (mantissa << 13));
    if (exponent != 0) return std::bit_cast<float>(sign | ((exponent + 112) << 23) | (mantissa << 13));
    const float m = static_cast<float>(mantissa) * 0x1p-24f;  // subnormal or zero
    return sign ? -m : m;
}

float roundedHalfValue(float v) { return halfFromBits(floatToHalf(v)); }

uint16_t HalfFormat::narrow(float f) { return floatToHalf(f); }
float HalfFormat::widen(uint16_t h) { return halfFromBits(h); }

bool isReducedFloat(DType t) { return t == DType::Float16 || t == DType::BFloat16; }

namespace {
template <class Fmt>
float rounded(float v) { return Fmt::widen(Fmt::narrow(v)); }

// The bicubic weights of an axis, recomputed from t in float with the opmath index (as
// coords::cubicTaps has them): coords::cubicWeights, PyTorch's contracted Keys cubic.
void cubicWeightsFused(const ResolvedSpec& spec, int dim, AxisTable<float>& t) {
    const int64_t in = spec.inSize(dim), out = spec.outSize(dim);
    const float scale = coords::areaPixelComputeScale<float>(in, out, spec.alignCorners, spec.scales[static_cast<std::size_t>(dim)]);
    for (int64_t d = 0; d < out; ++d)
        coords::cubicWeights<float>(coords::cubicTaps<float, IndexPrecision::Opmath>(scale, d, in, spec.alignCorners).t,
                                    t.weight.data() + d * 4);
}
}  // namespace

template <class Fmt>
void roundWeightsAs(const ResolvedSpec& spec, plan::Plan<float>& plan) {
    if (spec.channelsLastKernel || spec.antialias || plan.mode->sampling != Sampling::Taps) return;
    const bool linear = plan.mode->filter == FilterKind::Linear;
    for (int a = 0; a < 3; ++a) {
        AxisTable<float>& t = plan.tables[static_cast<std::size_t>(a)];
        if (t.skip) continue;
        if (!linear && t.taps == 4) cubicWeightsFused(spec, a - (3 - spec.spatialDims), t);
        if (linear && t.taps == 2) {
            for (std::size_t d = 0; d < t.weight.size(); d += 2) {
                const float l1 = rounded<Fmt>(t.weight[d + 1]);
                t.weight[d + 1] = l1;
                t.weight[d] = rounded<Fmt>(1.0f - l1);
            }
        } else {
            for (float& w : t.weight) w = rounded<Fmt>(w);
        }
    }
}

void roundWeightsAsReduced(const ResolvedSpec& spec, plan::Plan<float>& plan, DType dtype) {
    if (dtype == DType::BFloat16) roundWeightsAs<BFloat16Format>(spec, plan);
    else roundWeightsAs<HalfFormat>(spec, plan);
}

OpmathLinearAxis opmathLinearAxis(const ResolvedSpec& s, int dim) {
    const int64_t in = s.inSize(dim), out = s.outSize(dim);
    const float scale = coords::areaPixelComputeScale<float>(in, out, s.alignCorners, s.scales[static_cast<std::size_t>(dim)]);
    OpmathLinearAxis a;
    for (int64_t d = 0; d < out; ++d) {
        const auto t = coords::linearTaps<float, IndexPrecision::Opmath>(scale, d, in, out, s.alignCorners);
        a.i0.push_back(t.i0);
        a.i1.push_back(t.i1);
        a.l0.push_back(t.l0);
        a.l1.push_back(t.l1);
    }
    return a;
}

Tensor widenReduced(const Tensor& reduced) {
    if (!isReducedFloat(reduced.dtype())) throw InternalError("widenReduced: not float16 or bfloat16");
    Tensor single(reduced.shape(), DType::Float32);
    const auto* h = static_cast<const uint16_t*>(reduced.raw());
    float* f = single.data<float>();
    const bool bf = reduced.dtype() == DType::BFloat16;
    for (int64_t i = 0; i < reduced.numel(); ++i) f[i] = bf ? BFloat16Format::widen(h[i]) : halfFromBits(h[i]);
    return single;
}

void narrowToReduced(const Tensor& single, Tensor& reduced) {
    if (single.shape() != reduced.shape() || !isReducedFloat(reduced.dtype()))
        throw InternalError("narrowToReduced: the tensors do not match");
    const float* f = single.data<float>();
    auto* h = static_cast<uint16_t*>(reduced.raw());
    const bool bf = reduced.dtype() == DType::BFloat16;
    for (int64_t i = 0; i < single.numel(); ++i) h[i] = bf ? BFloat16Format::narrow(f[i]) : floatToHalf(f[i]);
}

}  // namespace upsample::cpu

namespace upsample::cpu {

namespace {
// The sum PyTorch's 3-D adaptive average pooling keeps in the tensor's type: every addition and
// each of the three divisions rounded (c10::Half / c10::BFloat16 arithmetic).
template <class Fmt>
void area3dPlane(const ResolvedSpec& s, const uint16_t* in, uint16_t* out) {
    const int64_t iD = s.inSize(0), iH = s.inSize(1), iW = s.inSize(2);
    const int64_t oD = s.outSize(0), oH = s.outSize(1), oW = s.outSize(2);
    for (int64_t od = 0; od < oD; ++od) {
        const int64_t d0 = coords::areaStart(od, iD, oD), d1 = coords::areaEnd(od, iD, oD);
        for (int64_t oh = 0; oh < oH; ++oh) {
            const int64_t h0 = coords::areaStart(oh, iH, oH), h1 = coords::areaEnd(oh, iH, oH);
            for (int64_t ow = 0; ow < oW; ++ow) {
                const int64_t w0 = coords::areaStart(ow, iW, oW), w1 = coords::areaEnd(ow, iW, oW);
                float sum = 0.0f;
                for (int64_t d = d0; d < d1; ++d)
                    for (int64_t h = h0; h < h1; ++h)
                        for (int64_t w = w0; w < w1; ++w) sum = rounded<Fmt>(sum + Fmt::widen(in[(d * iH + h) * iW + w]));
                float v = rounded<Fmt>(sum / static_cast<float>(d1 - d0));
                v = rounded<Fmt>(v / static_cast<float>(h1 - h0));
                v = rounded<Fmt>(v / static_cast<float>(w1 - w0));
                out[(od * oH + oh) * oW + ow] = Fmt::narrow(v);
            }
        }
    }
}

// bilinear in PyTorch's channels-last kernel: the four products' weights h * w in float, the sum
// x00 w00 + x01 w01 + x10 w10 + x11 w11 from the left, in float.
template <class Fmt>
void bilinearChannelsLast(const ResolvedSpec& s, const uint16_t* in, uint16_t* out, int threads) {
    const OpmathLinearAxis H = opmathLinearAxis(s, 0), W = opmathLinearAxis(s, 1);
    const int64_t iH = s.inSize(0), iW = s.inSize(1), oH = s.outSize(0), oW = s.outSize(1);
    parallelFor(s.planes() * oH, threads, [&](int64_t begin, int64_t end) {
        for (int64_t r = begin; r < end; ++r) {
            const int64_t p = r / oH, y = r % oH;
            const uint16_t* row0 = in + (p * iH + H.i0[static_cast<std::size_t>(y)]) * iW;
            const uint16_t* row1 = in + (p * iH + H.i1[static_cast<std::size_t>(y)]) * iW;
            const float h0 = H.l0[static_cast<std::size_t>(y)], h1 = H.l1[static_cast<std::size_t>(y)];
            for (int64_t x = 0; x < oW; ++x) {
                const auto k = static_cast<std::size_t>(x);
                const float w00 = h0 * W.l0[k], w01 = h0 * W.l1[k], w10 = h1 * W.l0[k], w11 = h1 * W.l1[k];
                // GCC contracts a*b + c*d + e*f + g*h into fma(g, h, fma(e, f, fma(a, b, c*d)))
                float v = std::fma(Fmt::widen(row0[W.i0[k]]), w00, Fmt::widen(row0[W.i1[k]]) * w01);
                v = std::fma(Fmt::widen(row1[W.i0[k]]), w10, v);
                v = std::fma(Fmt::widen(row1[W.i1[k]]), w11, v);
                out[r * oW + x] = Fmt::narrow(v);
            }
        }
    });
}
// PyTorch's generic kernel (Interpolate<n, ...>): the value of output element (d, h, w) as nested
// weighted sums, the first spatial dim outermost, in float, with the weights of the tables
// (rounded to float16 by roundWeightsAsHalf), contracted to fused multiply-adds as GCC does:
// two taps t0 w0 + t1 w1 -> fma(t0, w0, t1 w1); four taps (t0 w0, then += tj wj) ->
// fma(t3, w3, fma(t2, w2, fma(t0, w0, t1 w1))).
template <class Fmt>
struct Nested {
    const std::array<AxisTable<float>, 3>& t;
    int first;  // the first real spatial axis (3 - spatialDims)
    const uint16_t* plane;
    std::array<int64_t, 3> in;

    float eval(int axis, int64_t offset, const std::array<int64_t, 3>& o) const {
        const AxisTable<float>& a = t[static_cast<std::size_t>(axis)];
        const int64_t stride = axis == 0 ? in[1] * in[2] : axis == 1 ? in[2] : 1;
        const auto at = [&](int j) {
            const int64_t i = offset + a.tapIndex(o[static_cast<std::size_t>(axis)], j) * stride;
            return axis == 2 ? Fmt::widen(plane[i]) : eval(axis + 1, i, o);
        };
        const auto w = [&](int j) { return a.tapWeight(o[static_cast<std::size_t>(axis)], j); };
        float v = std::fma(at(0), w(0), at(1) * w(1));
        for (int j = 2; j < a.taps; ++j) v = std::fma(at(j), w(j), v);
        return v;
    }
};

// Every float16 value as a float (a table: widening is the hot part of the 2-D loop below).
const float* halfTable() {
    static const std::vector<float> t = [] {
        std::vector<float> v(65536);
        for (uint32_t h = 0; h < 65536; ++h) v[h] = halfFromBits(static_cast<uint16_t>(h));
        return v;
    }();
    return t.data();
}


// The loops below are compiled twice: with FMA (std::fma becomes one instruction, and the loops
// vectorise) and for any x86-64 (std::fma a library call); a fused multiply-add rounds once either
// way, so both give the same bits. FMA alone, not Haswell's whole set ("arch=haswell"), which a
// CPU without lzcnt (some EPYC) never takes.
#if UPSAMPLE_X86
#define UPSAMPLE_FMA_CLONES [[gnu::target_clones("fma", "default")]]
#else
#define UPSAMPLE_FMA_CLONES
#endif

// W sums of one input row: fma(t0, w0, t1 w1), then fma(tj, wj, v), in float.
UPSAMPLE_FMA_CLONES void rowSumsHalf(const uint16_t* src, const int64_t* idx, const float* w, int taps, int64_t n,
                                     const float* table, float* out) {
    for (int64_t x = 0; x < n; ++x) {
        const int64_t* i = idx + x * taps;
        const float* k = w + x * taps;
        float v = std::fma(table[src[i[0]]], k[0], table[src[i[1]]] * k[1]);
        for (int j = 2; j < taps; ++j) v = std::fma(table[src[i[j]]], k[j], v);
        out[x] = v;
    }
}
UPSAMPLE_FMA_CLONES void rowSumsBFloat16(const uint16_t* src, const int64_t* idx, const float* w, int taps, int64_t n,
                                         float* out) {
    const auto wide = [](uint16_t b) { return std::bit_cast<float>(static_cast<uint32_t>(b) << 16); };
    for (int64_t x = 0; x < n; ++x) {
        const int64_t* i = idx + x * taps;
        const float* k = w + x * taps;
        float v = std::fma(wide(src[i[0]]), k[0], wide(src[i[1]]) * k[1]);
        for (int j = 2; j < taps; ++j) v = std::fma(wide(src[i[j]]), k[j], v);
        out[x] = v;
    }
}
// The rows weighted by the H taps: fma(r0, w0, r1 w1), then fma(rj, wj, v), in float.
UPSAMPLE_FMA_CLONES void combineRows(const float* const* rows, const float* w, int taps, int64_t n, float* out) {
    for (int64_t x = 0; x < n; ++x) out[x] = std::fma(rows[0][x], w[0], rows[1][x] * w[1]);
    for (int j = 2; j < taps; ++j)
        for (int64_t x = 0; x < n; ++x) out[x] = std::fma(rows[j][x], w[j], out[x]);
}

// A row of floats to float16, rounded to nearest even: vcvtps2ph where the CPU has F16C (the same
// bits as floatToHalf, NaN payloads included), else floatToHalf.
#if UPSAMPLE_X86
__attribute__((target("avx,f16c"))) void narrowHalfF16c(const float* v, uint16_t* dst, int64_t n) {
    int64_t x = 0;
    for (; x + 8 <= n; x += 8)
        _mm_storeu_si128(reinterpret_cast<__m128i*>(dst + x), _mm256_cvtps_ph(_mm256_loadu_ps(v + x), _MM_FROUND_TO_NEAREST_INT));
    for (; x < n; ++x) dst[x] = floatToHalf(v[x]);
}
bool hasF16c() {
    static const bool has = [] {
        __builtin_cpu_init();
        return __builtin_cpu_supports("f16c") != 0;
    }();
    return has && isa() != Isa::Baseline;
}
#endif
void narrowHalfRow(const float* v, uint16_t* dst, int64_t n) {
#if UPSAMPLE_X86
    if (hasF16c()) return narrowHalfF16c(v, dst, n);
#endif
    for (int64_t x = 0; x < n; ++x) dst[x] = floatToHalf(v[x]);
}

// The 2-D case of Nested without the recursion: per output, each row the H taps read is summed
// over its W taps (fma(t0, w0, t1 w1), then fma(tj, wj, v)), then the rows the same way: the same
// operations in the same order, so the same bits. A row's W sums are the same for every output
// row that reads it: each is computed once into a small cache of rows (more slots than taps: the
// rows one output row reads are never the least recent).
struct RowCache {
    std::vector<int64_t> keys;  // cached input rows (-1: empty), with their sums
    std::vector<int64_t> used;  // the output row that last read each (the least recent is replaced)
    std::vector<std::vector<float>> sums;

    RowCache(int slots, int64_t width)
        : keys(static_cast<std::size_t>(slots), -1), used(static_cast<std::size_t>(slots), -1),
          sums(static_cast<std::size_t>(slots), std::vector<float>(static_cast<std::size_t>(width))) {}

    void clear() {
        std::fill(keys.begin(), keys.end(), -1);
        std::fill(used.begin(), used.end(), -1);
    }

    // The sums of input row `row` for output row `reader`; fill(row, sums) computes them on a miss.
    template <class Fill>
    const float* of(int64_t row, int64_t reader, const Fill& fill) {
        for (std::size_t k = 0; k < keys.size(); ++k)
            if (keys[k] == row) {
                used[k] = reader;
                return sums[k].data();
            }
        const auto k = static_cast<std::size_t>(std::min_element(used.begin(), used.end()) - used.begin());
        keys[k] = row;
        used[k] = reader;
        fill(row, sums[k].data());
        return sums[k].data();
    }
};

// The 2-D tap kernel with the SIMD passes of reduced_float_simd.hpp (the same bits as the loops
// of genericTaps2d below); false where the CPU has no such path.
template <class Fmt>
bool genericTaps2dSimd(const plan::Plan<float>& p, const uint16_t* in, uint16_t* out, int threads) {
    const Isa level = reducedsimd::level();
    reducedsimd::SplitTaps W;
    if (level == Isa::Baseline || !reducedsimd::splitTaps(p.tables[2], W)) return false;
    const auto format = std::is_same_v<Fmt, HalfFormat> ? reducedsimd::Format16::Half : reducedsimd::Format16::BFloat16;
    const plan::Geometry& g = p.geometry;
    const AxisTable<float>& H = p.tables[1];
    const int64_t iW = g.in[2], oH = g.out[1], oW = g.out[2];
    parallelFor(g.planes * oH, threads, [&](int64_t begin, int64_t end) {
        RowCache rows(H.taps + 1, W.stride);
        std::vector<float> wide(static_cast<std::size_t>(iW));
        std::vector<const float*> r(static_cast<std::size_t>(H.taps));
        int64_t plane = -1;
        const auto fill = [&](int64_t row, float* sums) {
            reducedsimd::widenRow(level, format, in + plane * g.inPlane() + row * iW, wide.data(), iW);
            reducedsimd::rowSums(level, wide.data(), W, sums);
        };
        for (int64_t i = begin; i < end; ++i) {
            if (i / oH != plane) {  // another plane: other rows
                plane = i / oH;
                rows.clear();
            }
            const int64_t y = i % oH;
            for (int j = 0; j < H.taps; ++j) r[static_cast<std::size_t>(j)] = rows.of(H.tapIndex(y, j), i, fill);
            reducedsimd::blendNarrow(level, format, r.data(), H.weight.data() + y * H.taps, H.taps, oW, out + i * oW);
        }
    });
    return true;
}

template <class Fmt>
void genericTaps2d(const plan::Plan<float>& p, const uint16_t* in, uint16_t* out, int threads) {
    if (genericTaps2dSimd<Fmt>(p, in, out, threads)) return;
    const plan::Geometry& g = p.geometry;
    const AxisTable<float>& H = p.tables[1];
    const AxisTable<float>& W = p.tables[2];
    const int64_t iW = g.in[2], oH = g.out[1], oW = g.out[2];
    const float* table = halfTable();
    parallelFor(g.planes * oH, threads, [&](int64_t begin, int64_t end) {
        RowCache rows(H.taps + 1, oW);
        std::vector<const float*> r(static_cast<std::size_t>(H.taps));
        std::vector<float> v(static_cast<std::size_t>(oW));
        int64_t plane = -1;
        const auto fill = [&](int64_t row, float* sums) {
            const uint16_t* src = in + plane * g.inPlane() + row * iW;
            if constexpr (std::is_same_v<Fmt, HalfFormat>)
                rowSumsHalf(src, W.index.data(), W.weight.data(), W.taps, W.out, table, sums);
            else
                rowSumsBFloat16(src, W.index.data(), W.weight.data(), W.taps, W.out, sums);
        };
        for (int64_t i = begin; i < end; ++i) {
            if (i / oH != plane) {  // another plane: other rows
                plane = i / oH;
                rows.clear();
            }
            const int64_t y = i % oH;
            for (int j = 0; j < H.taps; ++j) r[static_cast<std::size_t>(j)] = rows.of(H.tapIndex(y, j), i, fill);
            uint16_t* dst = out + i * oW;
            combineRows(r.data(), H.weight.data() + y * H.taps, H.taps, oW, v.data());
            if constexpr (std::is_same_v<Fmt, HalfFormat>) narrowHalfRow(v.data(), dst, oW);
            else
                for (int64_t x = 0; x < oW; ++x) dst[x] = Fmt::narrow(v[static_cast<std::size_t>(x)]);
        }
    });
}

template <class Fmt>
void genericTaps(const ResolvedSpec& s, const plan::Plan<float>& p, const uint16_t* in, uint16_t* out, int threads) {
    const plan::Geometry& g = p.geometry;
    if (s.spatialDims == 2 && p.tables[1].taps >= 2 && p.tables[2].taps >= 2) return genericTaps2d<Fmt>(p, in, out, threads);
    const int first = 3 - s.spatialDims;
    const int64_t rows = g.planes * g.out[0] * g.out[1];
    parallelFor(rows, threads, [&](int64_t begin, int64_t end) {
        for (int64_t r = begin; r < end; ++r) {
            const int64_t plane = r / (g.out[0] * g.out[1]), dh = r % (g.out[0] * g.out[1]);
            const Nested<Fmt> n{p.tables, first, in + plane * g.inPlane(), g.in};
            for (int64_t w = 0; w < g.out[2]; ++w) {
                const std::array<int64_t, 3> o{dh / g.out[1], dh % g.out[1], w};
                out[r * g.out[2] + w] = Fmt::narrow(n.eval(first, 0, o));
            }
        }
    });
}
// area to a single output (every output size 1): PyTorch takes input.mean() there, which for
// float16 sums in float, divides by the count in float and rounds once.
bool isMean(const ResolvedSpec& s) {
    if (s.mode != Mode::Area) return false;
    for (int d = 0; d < s.spatialDims; ++d)
        if (s.outSize(d) != 1) return false;
    return true;
}

template <class Fmt>
bool runDirect(const ResolvedSpec& s, const Tensor& in, Tensor& out, int threads) {
    const auto* src = static_cast<const uint16_t*>(in.raw());
    auto* dst = static_cast<uint16_t*>(out.raw());
    switch (reducedPath(s)) {
    case ReducedPath::Mean: {
        const int64_t count = in.numel() / std::max<int64_t>(1, s.planes());
        parallelFor(s.planes(), threads, [&](int64_t begin, int64_t end) {
            for (int64_t p = begin; p < end; ++p) {
                float sum = 0.0f;
                for (int64_t i = 0; i < count; ++i) sum += Fmt::widen(src[p * count + i]);
                dst[p] = Fmt::narrow(sum / static_cast<float>(count));
            }
        });
        return true;
    }
    case ReducedPath::Area3d: {
        const int64_t inPlane = in.numel() / std::max<int64_t>(1, s.planes());
        const int64_t outPlane = out.numel() / std::max<int64_t>(1, s.planes());
        parallelFor(s.planes(), threads, [&](int64_t begin, int64_t end) {
            for (int64_t p = begin; p < end; ++p) area3dPlane<Fmt>(s, src + p * inPlane, dst + p * outPlane);
        });
        return true;
    }
    case ReducedPath::BilinearChannelsLast: bilinearChannelsLast<Fmt>(s, src, dst, threads); return true;
    case ReducedPath::GenericTaps: {
        plan::Plan<float> p = plan::makePlan<float>(s);
        roundWeightsAs<Fmt>(s, p);
        genericTaps<Fmt>(s, p, src, dst, threads);
        return true;
    }
    case ReducedPath::FloatKernel: break;
    }
    return false;
}
}  // namespace

ReducedPath reducedPath(const ResolvedSpec& s) {
    if (isMean(s)) return ReducedPath::Mean;
    if (s.mode == Mode::Area && s.spatialDims == 3) return ReducedPath::Area3d;
    if (s.mode == Mode::Bilinear && s.channelsLastKernel) return ReducedPath::BilinearChannelsLast;
    if (describe(s.mode).sampling == Sampling::Taps && !s.channelsLastKernel && !s.antialias) return ReducedPath::GenericTaps;
    return ReducedPath::FloatKernel;
}

bool runReducedDirect(const ResolvedSpec& s, const Tensor& in, Tensor& out, int threads) {
    if (in.dtype() == DType::BFloat16) return runDirect<BFloat16Format>(s, in, out, threads);
    return runDirect<HalfFormat>(s, in, out, threads);
}

}  // namespace upsample::cpu
