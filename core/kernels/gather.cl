// The gather of nearest and nearest-exact (prepended to nearest.cl and nearest_exact.cl):
// out[p][d][h][x] = in[p][idxD[d]][idxH[h]][idxW[x]], a copy, never arithmetic, so the result
// is the input's bits. One input row per work item, VEC outputs from it.
inline void gather_kernel(UPSAMPLE_KERNEL_ARGS) {
    UPSAMPLE_ITEM(it)
    const int n = min(VEC, oW - it.x0);
    __global const T* row = in + input_row(it.p, idxD[oD0 + it.d] - iD0, idxH[oH0 + it.h] - iH0, iD, iH, iW);
    __global const int* ix = idxW + oW0 + it.x0;
    T v[VEC];
    if (n == VEC) {
#pragma unroll
        for (int k = 0; k < VEC; ++k) v[k] = row[ix[k] - iW0];
    } else {
        for (int k = 0; k < n; ++k) v[k] = row[ix[k] - iW0];
    }
    UPSAMPLE_STORE(UPSAMPLE_OUT_ROW(it) + it.x0, v, n);
}
