// The two steps of a weighted sum of taps in the kernels' order, for every CPU path and the
// inspector: the first two taps x0 * w0 + x1 * w1, then each further one v + x * w, every product
// and sum rounded; F (AxisTable::fusedSums, bicubic): fma(x0, w0, x1 * w1), then fma(x, w, v), as
// PyTorch's compiled kernel contracts them (the build turns contraction off: these are the only
// fused operations).
#pragma once

#include <cmath>

namespace upsample::cpu {

template <bool F, class T>
[[gnu::always_inline]] inline T firstTwo(T x0, T w0, T x1, T w1) {
    if constexpr (F) return std::fma(x0, w0, x1 * w1);
    else return x0 * w0 + x1 * w1;
}
template <bool F, class T>
[[gnu::always_inline]] inline T nextTap(T v, T x, T w) {
    if constexpr (F) return std::fma(x, w, v);
    else return v + x * w;
}

}  // namespace upsample::cpu
