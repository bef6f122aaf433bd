// The gather of nearest and nearest-exact (prepended to nearest.cl and nearest_exact.cl):
// out[p][d][h][x] = in[p][idxD[d]][idxH[h]][idxW[x]], a copy, never arithmetic, so the result
// is the input's bits. A work item owns VEC consecutive outputs of ROWS consecutive output rows:
// it reads its W indices once, and an output row with the same input row as the one before
// stores the values it has (upsampling repeats rows), as the CPU's gatherKernel copies them.
#ifndef ROWS
#define ROWS 1
#endif

inline void gather_kernel(UPSAMPLE_KERNEL_ARGS) {
    const int x0 = (int)get_global_id(0) * VEC;
    const int h0 = (int)get_global_id(1) * ROWS;
    const int zz = (int)get_global_id(2);
    const int p = oD == 1 ? zz : zz / oD;
    const int d = zz - p * oD;
    if (x0 >= oW || h0 >= oH || p >= planes) return;
    const int n = min(VEC, oW - x0);
    int ix[VEC];
#pragma unroll
    for (int k = 0; k < VEC; ++k) ix[k] = idxW[oW0 + x0 + min(k, n - 1)] - iW0;  // past the row's end: never stored
    const int z = idxD[oD0 + d] - iD0;
    __global T* dst = out + (((IDX)p * oD + d) * oH + h0) * (IDX)oW + x0;
    const int h1 = min(h0 + ROWS, oH);
    int last = -1;
    T v[VEC];
    for (int h = h0; h < h1; ++h, dst += oW) {
        const int y = idxH[oH0 + h] - iH0;
        if (y != last) {
            __global const T* row = in + input_row(p, z, y, iD, iH, iW);
#pragma unroll
            for (int k = 0; k < VEC; ++k) v[k] = row[ix[k]];
            last = y;
        }
        UPSAMPLE_STORE(dst, v, n);
    }
}
