// antialias (bilinear and bicubic, 2-D) on the CPU; its tables (modes.cpp) hold a window of
// input pixels per output with weights normalised to sum 1. Separable: the W pass first, then the H pass, always
// both, even where an axis keeps its size (its weights are then 1 and 0, and an Inf or NaN
// neighbour still turns into NaN, as in PyTorch); an intermediate in T between them.
#include "kernels.hpp"
#include "parallel.hpp"

#include <memory>

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
}  // namespace

template <class T>
void antialiasKernel(const Geometry& g, const std::array<AxisTable<T>, 3>& t, const T* in, T* out, int threads) {
    std::unique_ptr<T[]> tmp(new T[static_cast<std::size_t>(g.planes * g.in[1] * g.out[2])]);
    passW(t[2], g.planes * g.in[1], in, tmp.get(), threads);
    passH(t[1], g.planes, g.out[2], tmp.get(), out, threads);
}
template void antialiasKernel<float>(const Geometry&, const std::array<AxisTable<float>, 3>&, const float*, float*, int);
template void antialiasKernel<double>(const Geometry&, const std::array<AxisTable<double>, 3>&, const double*, double*,
                                      int);

}  // namespace cpu
}  // namespace upsample
