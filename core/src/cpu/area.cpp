// area on the CPU: adaptive average pooling over the windows of its tables (modes.cpp).
#include "kernels.hpp"
#include "parallel.hpp"
#include "simd.hpp"

#include <type_traits>

namespace upsample {

namespace cpu {

namespace {
// The W windows are [k * ow, k * ow + k) for every ow: an integer ratio k.
template <class T>
int uniformRatio(const AxisTable<T>& t) {
    const int64_t k = t.in / t.out;
    if (k * t.out != t.in) return 0;
    for (int64_t ow = 0; ow < t.out; ++ow)
        if (t.index[static_cast<std::size_t>(ow * t.taps)] != k * ow || t.tapCount(ow) != k) return 0;
    return static_cast<int>(k);
}

#if UPSAMPLE_X86
// 2-D float32 area with W ratio 2 or 4 (x1/2, x1/4): the box sums of 8 outputs at once, each lane
// adding its window's pixels row by row, left to right, from 0 (the scalar loop's order), then
// dividing by kh and by kw. Lane l of the k loaded vectors' deinterleave holds pixel i of output l.
template <int K>
UPSAMPLE_TARGET_AVX2 void areaRowsAvx2(const Geometry& g, const std::array<AxisTable<float>, 3>& t, const float* in,
                                       float* out, int64_t begin, int64_t end) {
    const int64_t outW = g.out[2], inW = g.in[2];
    for (int64_t r = begin; r < end; ++r) {
        const int64_t oh = r % g.out[1], p = r / g.out[1];
        const float* plane = in + p * g.inPlane();
        const int64_t h0 = t[1].index[static_cast<std::size_t>(oh * t[1].taps)], kh = t[1].tapCount(oh);
        float* dst = out + r * outW;
        const __m256 dh = _mm256_set1_ps(static_cast<float>(kh)), dw = _mm256_set1_ps(static_cast<float>(K));
        int64_t ow = 0;
        for (; ow + 8 <= outW; ow += 8) {
            __m256 sum = _mm256_setzero_ps();
            for (int64_t y = h0; y < h0 + kh; ++y) {
                const float* s = plane + y * inW + ow * K;
                if constexpr (K == 2) {
                    const __m256 a = _mm256_loadu_ps(s), b = _mm256_loadu_ps(s + 8);
                    const __m256 even = _mm256_castpd_ps(
                        _mm256_permute4x64_pd(_mm256_castps_pd(_mm256_shuffle_ps(a, b, 0x88)), 0xD8));
                    const __m256 odd = _mm256_castpd_ps(
                        _mm256_permute4x64_pd(_mm256_castps_pd(_mm256_shuffle_ps(a, b, 0xDD)), 0xD8));
                    sum = _mm256_add_ps(_mm256_add_ps(sum, even), odd);
                } else {
                    const __m256 a = _mm256_loadu_ps(s), b = _mm256_loadu_ps(s + 8), c = _mm256_loadu_ps(s + 16),
                                 d = _mm256_loadu_ps(s + 24);
                    // 128-bit lanes: r0 = outputs (0, 4), r1 = (1, 5), r2 = (2, 6), r3 = (3, 7)
                    const __m256 r0 = _mm256_permute2f128_ps(a, c, 0x20), r1 = _mm256_permute2f128_ps(a, c, 0x31);
                    const __m256 r2 = _mm256_permute2f128_ps(b, d, 0x20), r3 = _mm256_permute2f128_ps(b, d, 0x31);
                    const __m256 t0 = _mm256_unpacklo_ps(r0, r1), t1 = _mm256_unpackhi_ps(r0, r1);
                    const __m256 t2 = _mm256_unpacklo_ps(r2, r3), t3 = _mm256_unpackhi_ps(r2, r3);
                    const __m256 c0 = _mm256_shuffle_ps(t0, t2, 0x44), c1 = _mm256_shuffle_ps(t0, t2, 0xEE);
                    const __m256 c2 = _mm256_shuffle_ps(t1, t3, 0x44), c3 = _mm256_shuffle_ps(t1, t3, 0xEE);
                    sum = _mm256_add_ps(_mm256_add_ps(_mm256_add_ps(_mm256_add_ps(sum, c0), c1), c2), c3);
                }
            }
            _mm256_storeu_ps(dst + ow, _mm256_div_ps(_mm256_div_ps(sum, dh), dw));
        }
        for (; ow < outW; ++ow) {
            float sum = 0;
            for (int64_t y = h0; y < h0 + kh; ++y) {
                const float* src = plane + y * inW;
                for (int64_t x = ow * K; x < ow * K + K; ++x) sum += src[x];
            }
            float v = sum;
            v = v / static_cast<float>(kh);
            dst[ow] = v / static_cast<float>(K);
        }
    }
}
#endif
}  // namespace

// sum over the window in row-major order, then sum / kD / kH / kW (PyTorch divides by each
// extent in turn; 1-D and 2-D pooling have no D factor).
template <class T>
void areaKernel(const Geometry& g, const std::array<AxisTable<T>, 3>& t, const T* in, T* out, int threads) {
#if UPSAMPLE_X86
    if constexpr (std::is_same_v<T, float>) {
        const int k = g.dims == 2 && isa() != Isa::Baseline ? uniformRatio(t[2]) : 0;
        if (k == 2 || k == 4) {
            parallelFor(g.planes * g.out[1], threads, [&](int64_t begin, int64_t end) {
                if (k == 2) areaRowsAvx2<2>(g, t, in, out, begin, end);
                else areaRowsAvx2<4>(g, t, in, out, begin, end);
            });
            return;
        }
    }
#endif
    const int64_t rows = g.planes * g.out[0] * g.out[1];
    parallelFor(rows, threads, [&](int64_t begin, int64_t end) {
        for (int64_t r = begin; r < end; ++r) {
            const int64_t oh = r % g.out[1];
            const int64_t od = (r / g.out[1]) % g.out[0];
            const int64_t p = r / (g.out[1] * g.out[0]);
            const T* plane = in + p * g.inPlane();
            const int64_t d0 = t[0].index[od], kd = t[0].tapCount(od);
            const int64_t h0 = t[1].index[oh], kh = t[1].tapCount(oh);
            T* dst = out + r * g.out[2];
            for (int64_t ow = 0; ow < g.out[2]; ++ow) {
                const int64_t w0 = t[2].index[ow], kw = t[2].tapCount(ow);
                T sum = 0;
                for (int64_t z = d0; z < d0 + kd; ++z)
                    for (int64_t y = h0; y < h0 + kh; ++y) {
                        const T* src = plane + (z * g.in[1] + y) * g.in[2];
                        for (int64_t x = w0; x < w0 + kw; ++x) sum += src[x];
                    }
                T v = sum;
                if (g.dims == 3) v = v / static_cast<T>(kd);
                v = v / static_cast<T>(kh);
                dst[ow] = v / static_cast<T>(kw);
            }
        }
    });
}
template void areaKernel<float>(const Geometry&, const std::array<AxisTable<float>, 3>&, const float*, float*, int);
template void areaKernel<double>(const Geometry&, const std::array<AxisTable<double>, 3>&, const double*, double*, int);

}  // namespace cpu
}  // namespace upsample
