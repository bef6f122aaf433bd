// antialias (bilinear and bicubic, 2-D): separable, one launch per resampled axis, as the CPU's
// antialiasKernel (core/src/cpu/antialias.cpp): the W pass first, into an intermediate in T,
// then the H pass. Output d reads the n[d] consecutive inputs from idx[d] with the normalised
// weights w[j * s + d] (tap-major), summed as v = x0*w0, then v += xj*wj.
// The axis that a pass does not resample comes with an identity table (index d, one tap).
// VEC outputs of one row per work item.

// W pass: (planes, H, inW) -> (planes, H, outW).
__kernel void antialias_w(UPSAMPLE_KERNEL_ARGS) {
    UPSAMPLE_ITEM(it)
    const int n = min(VEC, oW - it.x0);
    __global const T* row =
        in + input_row(it.p, idxD[oD0 + it.d] - iD0, idxH[oH0 + it.h] - iH0, iD, iH, iW);
    T v[VEC];
#pragma unroll
    for (int k = 0; k < VEC; ++k) {
        const int gx = oW0 + it.x0 + min(k, n - 1);  // past the row's end: a repeat, never stored
        __global const T* s = row + idxW[gx] - iW0;
        T r = s[0] * wW[gx];
        for (int j = 1, m = nW[gx]; j < m; ++j) r += s[j] * wW[j * sW + gx];
        v[k] = r;
    }
    UPSAMPLE_STORE(UPSAMPLE_OUT_ROW(it) + it.x0, v, n);
}

// H pass: (planes, inH, W) -> (planes, outH, W).
__kernel void antialias_h(UPSAMPLE_KERNEL_ARGS) {
    UPSAMPLE_ITEM(it)
    const int n = min(VEC, oW - it.x0);
    const int gh = oH0 + it.h;
    const int m = nH[gh];
    const IDX stride = iW;
    __global const T* col = in + input_row(it.p, idxD[oD0 + it.d] - iD0, idxH[gh] - iH0, iD, iH, iW);
    __global const int* ix = idxW + oW0 + it.x0;
    T v[VEC];
    if (n == VEC) {
        const T w0 = wH[gh];
#pragma unroll
        for (int k = 0; k < VEC; ++k) v[k] = col[ix[k] - iW0] * w0;
        for (int j = 1; j < m; ++j) {
            const T wj = wH[j * sH + gh];
            __global const T* s = col + j * stride;
#pragma unroll
            for (int k = 0; k < VEC; ++k) v[k] += s[ix[k] - iW0] * wj;
        }
    } else {
        for (int k = 0; k < n; ++k) {
            __global const T* s = col + ix[k] - iW0;
            T r = s[0] * wH[gh];
            for (int j = 1; j < m; ++j) r += s[j * stride] * wH[j * sH + gh];
            v[k] = r;
        }
    }
    UPSAMPLE_STORE(UPSAMPLE_OUT_ROW(it) + it.x0, v, n);
}
