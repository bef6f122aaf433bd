// area: adaptive average pooling. Output d averages the input window
// [floor(d*in/out), ceil((d+1)*in/out)); the scale_factor is never used.
#include "kernels.hpp"
#include "parallel.hpp"

#include "upsample/coords.hpp"

namespace upsample {

template <class T>
AxisTable<T> areaTable(int64_t in, int64_t out) {
    AxisTable<T> t;
    t.in = in;
    t.out = out;
    t.taps = 1;
    t.index.resize(static_cast<std::size_t>(out));
    t.weight.resize(static_cast<std::size_t>(out));
    t.count.resize(static_cast<std::size_t>(out));
    for (int64_t d = 0; d < out; ++d) {
        const int64_t start = coords::areaStart(d, in, out);
        const int64_t end = coords::areaEnd(d, in, out);
        t.index[d] = start;
        t.count[d] = static_cast<int32_t>(end - start);
        t.weight[d] = T(1) / static_cast<T>(end - start);
    }
    return t;
}
template AxisTable<float> areaTable<float>(int64_t, int64_t);
template AxisTable<double> areaTable<double>(int64_t, int64_t);

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
