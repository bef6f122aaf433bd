// The gather of nearest and nearest-exact (prepended to nearest.cl and nearest_exact.cl):
// out[p][d][h][x] = in[p][idxD[d]][idxH[h]][idxW[x]], a copy, never arithmetic, so the result
// is the input's bits. A work item owns VEC consecutive outputs of ROWS consecutive output rows:
// it reads its W indices once, and an output row with the same input row as the one before
// stores the values it has (upsampling repeats rows), as the CPU's gatherKernel copies them.
inline void gather_kernel(UPSAMPLE_KERNEL_ARGS) {
    UPSAMPLE_ROWS_ITEM(it)
    const int x0 = it.x0, h0 = it.h, p = it.p, d = it.d;
    const int n = min(VEC, oW - x0);
    int ix[VEC];
#pragma unroll
    for (int k = 0; k < VEC; ++k) ix[k] = idxW[oW0 + x0 + min(k, n - 1)] - iW0;  // past the row's end: never stored
    const int z = idxD[oD0 + d] - iD0;
    __global T* dst = out + (((IDX)p * oD + d) * oH + h0) * (IDX)oW + x0;
    const int h1 = it.h1;
    int last = -1;
#if defined(TAP_PATTERN) && VEC == 8
    // An integer scale repeats the same input offsets every 8 outputs (-DTAP_PATTERN=1,
    // -DPAT0=<8 offsets in [0, 16)>, as taps.cl): where the item's are those, an output row is
    // a shuffle of two vector loads.
    const int c0 = ix[0];
    bool fast = n == 8 && c0 + 16 <= iW;
    {
        const int pat[8] = {PAT0};
#pragma unroll
        for (int k = 0; k < 8; ++k) fast = fast && ix[k] - c0 == pat[k];
    }
    if (fast) {
        const uint8 mask = (uint8)(PAT0);
        T8 g = 0;
        for (int h = h0; h < h1; ++h, dst += oW) {
            const int y = idxH[oH0 + h] - iH0;
            if (y != last) {
                __global const T* row = in + input_row(p, z, y, iD, iH, iW) + c0;
                g = shuffle2(LOAD8(row), LOAD8(row + 8), mask);
                last = y;
            }
            STORE8(g, dst);
        }
        return;
    }
#endif
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
