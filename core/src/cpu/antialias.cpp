// antialias (bilinear and bicubic, 2-D) on the CPU; its tables (modes.cpp) hold a window of
// input pixels per output with weights normalised to sum 1. Separable: the W pass first, then the H pass, always
// both, even where an axis keeps its size (its weights are then 1 and 0, and an Inf or NaN
// neighbour still turns into NaN, as in PyTorch); an intermediate in T between them.
#include "kernels.hpp"
#include "parallel.hpp"
#include "simd.hpp"

#include <algorithm>
#include <memory>
#include <type_traits>
#include <vector>

namespace upsample {

namespace cpu {

namespace {
// Resample the last axis: (rows, inW) -> (rows, outW).
template <class T>
void passW(const AxisTable<T>& t, int64_t rows, const T* in, T* out, int threads) {
    parallelFor(rows, threads, [&](int64_t begin, int64_t end) {
        for (int64_t r = begin; r < end; ++r) {
            const T* src = in + r * t.in;
            T* dst = out + r * t.out;
            for (int64_t x = 0; x < t.out; ++x) {
                const T* w = t.weight.data() + x * t.taps;
                const T* s = src + t.index[x * t.taps];
                T v = s[0] * w[0];
                for (int j = 1, n = t.tapCount(x); j < n; ++j) v += s[j] * w[j];
                dst[x] = v;
            }
        }
    });
}

// Resample the middle axis: (planes, inH, W) -> (planes, outH, W).
template <class T>
void passH(const AxisTable<T>& t, int64_t planes, int64_t width, const T* in, T* out, int threads) {
    parallelFor(planes * t.out, threads, [&](int64_t begin, int64_t end) {
        for (int64_t r = begin; r < end; ++r) {
            const int64_t p = r / t.out, y = r % t.out;
            const T* w = t.weight.data() + y * t.taps;
            const T* src = in + (p * t.in + t.index[y * t.taps]) * width;
            T* dst = out + r * width;
            for (int64_t x = 0; x < width; ++x) dst[x] = src[x] * w[0];
            for (int j = 1, n = t.tapCount(y); j < n; ++j) {
                const T* s = src + j * width;
                for (int64_t x = 0; x < width; ++x) dst[x] += s[x] * w[j];
            }
        }
    });
}

#if UPSAMPLE_X86
// The float32 AVX2 path, fused: per output row, the W pass of the input rows its H window reads
// (each computed once, kept in a ring) then the H pass into the output, so the intermediate never
// leaves the cache. The W pass runs on 8 input rows at once: they are transposed (lane l = row l),
// every output column is then a sum of broadcast weights times 8-row columns, in the tap order
// of passW, and the 8 results per column are transposed back. The H pass is SIMD across W in the
// tap order of passH. Every element gets passW's and passH's operations in their order.
UPSAMPLE_TARGET_AVX2 inline void transpose8(__m256& r0, __m256& r1, __m256& r2, __m256& r3, __m256& r4, __m256& r5,
                                            __m256& r6, __m256& r7) {
    const __m256 t0 = _mm256_unpacklo_ps(r0, r1), t1 = _mm256_unpackhi_ps(r0, r1);
    const __m256 t2 = _mm256_unpacklo_ps(r2, r3), t3 = _mm256_unpackhi_ps(r2, r3);
    const __m256 t4 = _mm256_unpacklo_ps(r4, r5), t5 = _mm256_unpackhi_ps(r4, r5);
    const __m256 t6 = _mm256_unpacklo_ps(r6, r7), t7 = _mm256_unpackhi_ps(r6, r7);
    const __m256 u0 = _mm256_shuffle_ps(t0, t2, 0x44), u1 = _mm256_shuffle_ps(t0, t2, 0xEE);
    const __m256 u2 = _mm256_shuffle_ps(t1, t3, 0x44), u3 = _mm256_shuffle_ps(t1, t3, 0xEE);
    const __m256 u4 = _mm256_shuffle_ps(t4, t6, 0x44), u5 = _mm256_shuffle_ps(t4, t6, 0xEE);
    const __m256 u6 = _mm256_shuffle_ps(t5, t7, 0x44), u7 = _mm256_shuffle_ps(t5, t7, 0xEE);
    r0 = _mm256_permute2f128_ps(u0, u4, 0x20);
    r1 = _mm256_permute2f128_ps(u1, u5, 0x20);
    r2 = _mm256_permute2f128_ps(u2, u6, 0x20);
    r3 = _mm256_permute2f128_ps(u3, u7, 0x20);
    r4 = _mm256_permute2f128_ps(u0, u4, 0x31);
    r5 = _mm256_permute2f128_ps(u1, u5, 0x31);
    r6 = _mm256_permute2f128_ps(u2, u6, 0x31);
    r7 = _mm256_permute2f128_ps(u3, u7, 0x31);
}

// Output column ox of the W pass on the 8 transposed rows in cols.
UPSAMPLE_TARGET_AVX2 inline __m256 columnW(const AxisTable<float>& t, const float* cols, int64_t ox) {
    const float* w = t.weight.data() + ox * t.taps;
    const float* c = cols + t.index[static_cast<std::size_t>(ox * t.taps)] * 8;
    __m256 v = _mm256_mul_ps(_mm256_load_ps(c), _mm256_set1_ps(w[0]));
    for (int j = 1, n = t.tapCount(ox); j < n; ++j)
        v = _mm256_add_ps(v, _mm256_mul_ps(_mm256_load_ps(c + j * 8), _mm256_set1_ps(w[j])));
    return v;
}

// The W pass of `count` (1..8) input rows src[0..count) into dst[0..count) (outW each).
// cols: inW * 8 floats, 32-byte aligned.
UPSAMPLE_TARGET_AVX2 void passW8(const AxisTable<float>& t, const float* const* src, int count, float* cols,
                                 float* const* dst) {
    const int64_t inW = t.in, outW = t.out;
    const float* s[8];
    for (int l = 0; l < 8; ++l) s[l] = src[std::min(l, count - 1)];
    int64_t x = 0;
    for (; x + 8 <= inW; x += 8) {
        __m256 r0 = _mm256_loadu_ps(s[0] + x), r1 = _mm256_loadu_ps(s[1] + x), r2 = _mm256_loadu_ps(s[2] + x),
               r3 = _mm256_loadu_ps(s[3] + x), r4 = _mm256_loadu_ps(s[4] + x), r5 = _mm256_loadu_ps(s[5] + x),
               r6 = _mm256_loadu_ps(s[6] + x), r7 = _mm256_loadu_ps(s[7] + x);
        transpose8(r0, r1, r2, r3, r4, r5, r6, r7);
        float* c = cols + x * 8;
        _mm256_store_ps(c, r0);
        _mm256_store_ps(c + 8, r1);
        _mm256_store_ps(c + 16, r2);
        _mm256_store_ps(c + 24, r3);
        _mm256_store_ps(c + 32, r4);
        _mm256_store_ps(c + 40, r5);
        _mm256_store_ps(c + 48, r6);
        _mm256_store_ps(c + 56, r7);
    }
    for (; x < inW; ++x)
        for (int l = 0; l < 8; ++l) cols[x * 8 + l] = s[l][x];
    int64_t ox = 0;
    if (count == 8) {
        for (; ox + 8 <= outW; ox += 8) {
            __m256 r0 = columnW(t, cols, ox), r1 = columnW(t, cols, ox + 1), r2 = columnW(t, cols, ox + 2), r3 = columnW(t, cols, ox + 3),
                   r4 = columnW(t, cols, ox + 4), r5 = columnW(t, cols, ox + 5), r6 = columnW(t, cols, ox + 6), r7 = columnW(t, cols, ox + 7);
            transpose8(r0, r1, r2, r3, r4, r5, r6, r7);
            _mm256_storeu_ps(dst[0] + ox, r0);
            _mm256_storeu_ps(dst[1] + ox, r1);
            _mm256_storeu_ps(dst[2] + ox, r2);
            _mm256_storeu_ps(dst[3] + ox, r3);
            _mm256_storeu_ps(dst[4] + ox, r4);
            _mm256_storeu_ps(dst[5] + ox, r5);
            _mm256_storeu_ps(dst[6] + ox, r6);
            _mm256_storeu_ps(dst[7] + ox, r7);
        }
    }
    alignas(32) float lanes[8];
    for (; ox < outW; ++ox) {
        _mm256_store_ps(lanes, columnW(t, cols, ox));
        for (int l = 0; l < count; ++l) dst[l][ox] = lanes[l];
    }
}

// The AVX-512 form of passW8: 16 input rows at once, one 16-lane column a sum (the same
// operations per element in the same order). Columns are built and taken apart as two 8 x 8
// transposes. cols: inW * 16 floats, 64-byte aligned.
UPSAMPLE_TARGET_AVX512 inline __m512 columnW16(const AxisTable<float>& t, const float* cols, int64_t ox) {
    const float* w = t.weight.data() + ox * t.taps;
    const float* c = cols + t.index[static_cast<std::size_t>(ox * t.taps)] * 16;
    __m512 v = _mm512_mul_ps(_mm512_load_ps(c), _mm512_set1_ps(w[0]));
    for (int j = 1, n = t.tapCount(ox); j < n; ++j)
        v = _mm512_add_ps(v, _mm512_mul_ps(_mm512_load_ps(c + j * 16), _mm512_set1_ps(w[j])));
    return v;
}

// Rows s[half * 8 .. half * 8 + 8) of columns [x, x + 8), transposed into cols (16 floats a column).
UPSAMPLE_TARGET_AVX512 inline void columnsIn(const float* const* s, int half, int64_t x, float* cols) {
    const float* const* r = s + half * 8;
    __m256 r0 = _mm256_loadu_ps(r[0] + x), r1 = _mm256_loadu_ps(r[1] + x), r2 = _mm256_loadu_ps(r[2] + x),
           r3 = _mm256_loadu_ps(r[3] + x), r4 = _mm256_loadu_ps(r[4] + x), r5 = _mm256_loadu_ps(r[5] + x),
           r6 = _mm256_loadu_ps(r[6] + x), r7 = _mm256_loadu_ps(r[7] + x);
    transpose8(r0, r1, r2, r3, r4, r5, r6, r7);
    float* c = cols + x * 16 + half * 8;
    _mm256_store_ps(c, r0);
    _mm256_store_ps(c + 16, r1);
    _mm256_store_ps(c + 32, r2);
    _mm256_store_ps(c + 48, r3);
    _mm256_store_ps(c + 64, r4);
    _mm256_store_ps(c + 80, r5);
    _mm256_store_ps(c + 96, r6);
    _mm256_store_ps(c + 112, r7);
}

// Output columns [ox, ox + 8) of 16 rows (v: 8 columns of 16 lanes, stored): lanes half * 8 ..
// half * 8 + 8 transposed into rows.
UPSAMPLE_TARGET_AVX512 inline void columnsOut(const float* v, int half, int64_t ox, float* const* dst) {
    const float* h = v + half * 8;
    __m256 r0 = _mm256_load_ps(h), r1 = _mm256_load_ps(h + 16), r2 = _mm256_load_ps(h + 32),
           r3 = _mm256_load_ps(h + 48), r4 = _mm256_load_ps(h + 64), r5 = _mm256_load_ps(h + 80),
           r6 = _mm256_load_ps(h + 96), r7 = _mm256_load_ps(h + 112);
    transpose8(r0, r1, r2, r3, r4, r5, r6, r7);
    float* const* d = dst + half * 8;
    _mm256_storeu_ps(d[0] + ox, r0);
    _mm256_storeu_ps(d[1] + ox, r1);
    _mm256_storeu_ps(d[2] + ox, r2);
    _mm256_storeu_ps(d[3] + ox, r3);
    _mm256_storeu_ps(d[4] + ox, r4);
    _mm256_storeu_ps(d[5] + ox, r5);
    _mm256_storeu_ps(d[6] + ox, r6);
    _mm256_storeu_ps(d[7] + ox, r7);
}

// The W pass of `count` (1..16) input rows src[0..count) into dst[0..count) (outW each).
UPSAMPLE_TARGET_AVX512 void passW16(const AxisTable<float>& t, const float* const* src, int count, float* cols,
                                   float* const* dst) {
    const int64_t inW = t.in, outW = t.out;
    const float* s[16];
    for (int l = 0; l < 16; ++l) s[l] = src[std::min(l, count - 1)];
    int64_t x = 0;
    for (; x + 8 <= inW; x += 8) {
        columnsIn(s, 0, x, cols);
        columnsIn(s, 1, x, cols);
    }
    for (; x < inW; ++x)
        for (int l = 0; l < 16; ++l) cols[x * 16 + l] = s[l][x];
    int64_t ox = 0;
    if (count == 16) {
        for (; ox + 8 <= outW; ox += 8) {
            alignas(64) float v[8 * 16];
            for (int k = 0; k < 8; ++k) _mm512_store_ps(v + k * 16, columnW16(t, cols, ox + k));
            columnsOut(v, 0, ox, dst);
            columnsOut(v, 1, ox, dst);
        }
    }
    alignas(64) float lanes[16];
    for (; ox < outW; ++ox) {
        _mm512_store_ps(lanes, columnW16(t, cols, ox));
        for (int l = 0; l < count; ++l) dst[l][ox] = lanes[l];
    }
}

// dst[x] = rows[0][x] * w[0] + rows[1][x] * w[1] + ..., in passH's order.
UPSAMPLE_TARGET_AVX2 void passHRow(const float* const* rows, const float* w, int n, int64_t width, float* dst) {
    int64_t x = 0;
    for (; x + 8 <= width; x += 8) {
        __m256 v = _mm256_mul_ps(_mm256_loadu_ps(rows[0] + x), _mm256_set1_ps(w[0]));
        for (int j = 1; j < n; ++j)
            v = _mm256_add_ps(v, _mm256_mul_ps(_mm256_loadu_ps(rows[j] + x), _mm256_set1_ps(w[j])));
        _mm256_storeu_ps(dst + x, v);
    }
    for (; x < width; ++x) {
        float v = rows[0][x] * w[0];
        for (int j = 1; j < n; ++j) v += rows[j][x] * w[j];
        dst[x] = v;
    }
}

// wide: the AVX-512 W pass of 16 rows (passW16), else AVX2's of 8 (passW8).
void antialiasFused(const Geometry& g, const std::array<AxisTable<float>, 3>& t, const float* in, float* out,
                    int threads, bool wide) {
    const int group = wide ? 16 : 8;
    const AxisTable<float>& th = t[1];
    const AxisTable<float>& tw = t[2];
    const int64_t inH = g.in[1], inW = g.in[2], outH = g.out[1], outW = g.out[2];
    int maxCount = 1;
    for (int64_t y = 0; y < outH; ++y) maxCount = std::max(maxCount, th.tapCount(y));
    const int64_t ring = maxCount + group;  // rows [first row of the window, last computed row]
    parallelFor(g.planes * outH, threads, [&](int64_t begin, int64_t end) {
        std::vector<float> ringData(static_cast<std::size_t>(ring * outW));
        std::unique_ptr<float[]> colsOwner(new float[static_cast<std::size_t>(inW * group + 16)]);
        float* cols = colsOwner.get();
        while (reinterpret_cast<uintptr_t>(cols) % 64 != 0) ++cols;
        auto slot = [&](int64_t y) { return ringData.data() + (y % ring) * outW; };
        int64_t plane = -1, next = 0, lastY0 = 0;  // next: the first input row of `plane` not yet in the ring
        for (int64_t r = begin; r < end; ++r) {
            const int64_t p = r / outH, oy = r % outH;
            const int64_t y0 = th.index[static_cast<std::size_t>(oy * th.taps)];
            const int n = th.tapCount(oy);
            if (p != plane || y0 > next || y0 < lastY0) {
                plane = p;
                next = y0;
            }
            lastY0 = y0;
            const float* src = in + p * inH * inW;
            while (next < y0 + n) {
                const int count = static_cast<int>(std::min<int64_t>(group, inH - next));
                const float* rows[16];
                float* dst[16];
                for (int l = 0; l < count; ++l) {
                    rows[l] = src + (next + l) * inW;
                    dst[l] = slot(next + l);
                }
                if (wide) passW16(tw, rows, count, cols, dst);
                else passW8(tw, rows, count, cols, dst);
                next += count;
            }
            const float* hrows[64];
            const float* w = th.weight.data() + oy * th.taps;
            if (n <= 64) {
                for (int j = 0; j < n; ++j) hrows[j] = slot(y0 + j);
                passHRow(hrows, w, n, outW, out + r * outW);
            } else {  // very large windows: accumulate in passH's order, 64 rows at a time
                float* dst = out + r * outW;
                for (int64_t x = 0; x < outW; ++x) dst[x] = slot(y0)[x] * w[0];
                for (int j = 1; j < n; ++j) {
                    const float* s = slot(y0 + j);
                    for (int64_t x = 0; x < outW; ++x) dst[x] += s[x] * w[j];
                }
            }
        }
    });
}
#endif
}  // namespace

template <class T>
void antialiasKernel(const Geometry& g, const std::array<AxisTable<T>, 3>& t, const T* in, T* out, int threads) {
#if UPSAMPLE_X86
    if constexpr (std::is_same_v<T, float>)
        if (isa() != Isa::Baseline && g.dims == 2) return antialiasFused(g, t, in, out, threads, isa() == Isa::Avx512);
#endif
    std::unique_ptr<T[]> tmp(new T[static_cast<std::size_t>(g.planes * g.in[1] * g.out[2])]);
    expectPasses(2);
    passW(t[2], g.planes * g.in[1], in, tmp.get(), threads);
    passH(t[1], g.planes, g.out[2], tmp.get(), out, threads);
}
template void antialiasKernel<float>(const Geometry&, const std::array<AxisTable<float>, 3>&, const float*, float*, int);
template void antialiasKernel<double>(const Geometry&, const std::array<AxisTable<double>, 3>&, const double*, double*,
                                      int);

}  // namespace cpu
}  // namespace upsample
