// area on the CPU: adaptive average pooling over the windows of its tables (modes.cpp).
#include "kernels.hpp"
#include "parallel.hpp"

namespace upsample {

namespace cpu {

// sum over the window in row-major order, then sum / kD / kH / kW (PyTorch divides by each
// extent in turn; 1-D and 2-D pooling have no D factor).
template <class T>
void areaKernel(const Geometry& g, const std::array<AxisTable<T>, 3>& t, const T* in, T* out, int threads) {
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
