// nearest and nearest-exact on the CPU: the gather kernel (their tables: modes.cpp).
#include "kernels.hpp"
#include "parallel.hpp"

#include <cstring>
#include <vector>

namespace upsample {

namespace cpu {

namespace {
// dst[x] = src[idx[x]]: compiled for AVX2 (gathers) and for the baseline; copies only.
template <class T>
[[gnu::always_inline]] inline void gatherBody(const T* __restrict src, const int32_t* __restrict idx, int64_t n,
                                              T* __restrict dst) {
    for (int64_t x = 0; x < n; ++x) dst[x] = src[idx[x]];
}
[[gnu::target_clones("avx2", "default")]] void gatherRow(const float* src, const int32_t* idx, int64_t n, float* dst) {
    gatherBody(src, idx, n, dst);
}
[[gnu::target_clones("avx2", "default")]] void gatherRow(const double* src, const int32_t* idx, int64_t n, double* dst) {
    gatherBody(src, idx, n, dst);
}
void gatherRow(const uint8_t* src, const int32_t* idx, int64_t n, uint8_t* dst) { gatherBody(src, idx, n, dst); }
}  // namespace

// A copy, never arithmetic: nearest results are bit-identical to the input values.
template <class T, class E>
void gatherKernel(const Geometry& g, const std::array<AxisTable<T>, 3>& t, const E* in, E* out, int threads) {
    const int64_t rows = g.planes * g.out[0] * g.out[1];
    const int64_t outW = g.out[2], inW = g.in[2];
    const std::vector<int32_t> iw(t[2].index.begin(), t[2].index.end());
    parallelFor(rows, threads, [&](int64_t begin, int64_t end) {
        int64_t lastSrc = -1;
        const E* lastOut = nullptr;
        for (int64_t r = begin; r < end; ++r) {
            const int64_t oh = r % g.out[1];
            const int64_t od = (r / g.out[1]) % g.out[0];
            const int64_t p = r / (g.out[1] * g.out[0]);
            const int64_t srcRow = (p * g.in[0] + t[0].index[od]) * g.in[1] + t[1].index[oh];
            E* dst = out + r * outW;
            if (srcRow == lastSrc) {  // same source row as the previous output row: copy it
                std::memcpy(dst, lastOut, static_cast<std::size_t>(outW) * sizeof(E));
            } else {
                gatherRow(in + srcRow * inW, iw.data(), outW, dst);
            }
            lastSrc = srcRow;
            lastOut = dst;
        }
    });
}
template void gatherKernel<float>(const Geometry&, const std::array<AxisTable<float>, 3>&, const float*, float*, int);
template void gatherKernel<double>(const Geometry&, const std::array<AxisTable<double>, 3>&, const double*, double*, int);
template void gatherKernel<float, uint8_t>(const Geometry&, const std::array<AxisTable<float>, 3>&, const uint8_t*,
                                           uint8_t*, int);

}  // namespace cpu
}  // namespace upsample
