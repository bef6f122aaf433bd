// linear, bilinear, trilinear: two taps per axis, x = (d + 0.5) * scale - 0.5 clamped at 0
// (or d * (in-1)/(out-1) with align_corners). Also the nested weighted-sum kernel that
// bicubic shares.
#include "kernels.hpp"
#include "parallel.hpp"

#include "upsample/coords.hpp"

#include <vector>

namespace upsample {

template <class T>
AxisTable<T> linearTable(int64_t in, int64_t out, bool alignCorners, std::optional<double> scale) {
    AxisTable<T> t;
    t.in = in;
    t.out = out;
    t.taps = 2;
    t.index.resize(static_cast<std::size_t>(out * 2));
    t.weight.resize(static_cast<std::size_t>(out * 2));
    const T s = coords::areaPixelComputeScale<T>(in, out, alignCorners, scale);
    for (int64_t d = 0; d < out; ++d) {
        const auto k = coords::linearTaps<T>(s, d, in, out, alignCorners);
        t.index[2 * d] = k.i0;
        t.index[2 * d + 1] = k.i1;
        t.weight[2 * d] = k.l0;
        t.weight[2 * d + 1] = k.l1;
    }
    return t;
}
template AxisTable<float> linearTable<float>(int64_t, int64_t, bool, std::optional<double>);
template AxisTable<double> linearTable<double>(int64_t, int64_t, bool, std::optional<double>);

namespace cpu {

namespace {
// One output row: rows[a*KH+b][x] = sum_c ww[x][c] * src(a, b)[iw[x][c]], then the nested sum.
template <class T, int KD, int KH, int KW>
void tapRows(const Geometry& g, const std::array<AxisTable<T>, 3>& t, const T* in, T* out, int64_t begin,
             int64_t end) {
    const int64_t outW = g.out[2];
    std::vector<T> buf(static_cast<std::size_t>(KD * KH * outW));
    const int64_t* iw = t[2].index.data();
    const T* ww = t[2].weight.data();
    for (int64_t r = begin; r < end; ++r) {
        const int64_t oh = r % g.out[1];
        const int64_t od = (r / g.out[1]) % g.out[0];
        const int64_t p = r / (g.out[1] * g.out[0]);
        const T* plane = in + p * g.inPlane();
        for (int a = 0; a < KD; ++a) {
            for (int b = 0; b < KH; ++b) {
                const T* src = plane + (t[0].index[od * KD + a] * g.in[1] + t[1].index[oh * KH + b]) * g.in[2];
                T* row = buf.data() + (a * KH + b) * outW;
                for (int64_t x = 0; x < outW; ++x) {
                    T v = src[iw[x * KW]] * ww[x * KW];
                    for (int c = 1; c < KW; ++c) v += src[iw[x * KW + c]] * ww[x * KW + c];
                    row[x] = v;
                }
            }
        }
        T* dst = out + r * outW;
        const T* wd = t[0].weight.data() + od * KD;
        const T* wh = t[1].weight.data() + oh * KH;
        for (int64_t x = 0; x < outW; ++x) {
            T outer{};
            for (int a = 0; a < KD; ++a) {
                T inner = buf[(a * KH) * outW + x];
                if constexpr (KH > 1) {
                    inner *= wh[0];
                    for (int b = 1; b < KH; ++b) inner += buf[(a * KH + b) * outW + x] * wh[b];
                }
                if constexpr (KD > 1) {
                    if (a == 0) outer = inner * wd[0];
                    else outer += inner * wd[a];
                } else {
                    outer = inner;
                }
            }
            dst[x] = outer;
        }
    }
}

template <class T, int K>
void tapKernelK(const Geometry& g, const std::array<AxisTable<T>, 3>& t, const T* in, T* out, int threads) {
    const int64_t rows = g.planes * g.out[0] * g.out[1];
    parallelFor(rows, threads, [&](int64_t begin, int64_t end) {
        switch (g.dims) {
        case 1: tapRows<T, 1, 1, K>(g, t, in, out, begin, end); break;
        case 2: tapRows<T, 1, K, K>(g, t, in, out, begin, end); break;
        default: tapRows<T, K, K, K>(g, t, in, out, begin, end); break;
        }
    });
}
}  // namespace

template <class T>
void tapKernel(const Geometry& g, const std::array<AxisTable<T>, 3>& t, const T* in, T* out, int threads) {
    if (t[2].taps == 4) tapKernelK<T, 4>(g, t, in, out, threads);
    else tapKernelK<T, 2>(g, t, in, out, threads);
}
template void tapKernel<float>(const Geometry&, const std::array<AxisTable<float>, 3>&, const float*, float*, int);
template void tapKernel<double>(const Geometry&, const std::array<AxisTable<double>, 3>&, const double*, double*, int);

}  // namespace cpu
}  // namespace upsample
