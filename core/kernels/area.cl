// area (adaptive average pooling): the window [idx[d], idx[d] + n[d]) of each axis
// (tables: core/src/modes.cpp), summed in row-major order from 0, then divided by each
// extent in turn, D only for 3-D inputs, as the CPU's areaKernel. Divisions are correctly
// rounded (-cl-fp32-correctly-rounded-divide-sqrt). VEC outputs of one row per work item.
//
// With -DAREA_K=2 or 4 (the W windows are [K * x, K * x + K) for every x, the CPU's uniform
// ratio) and VEC == 8, the 8 outputs of an item read 8K consecutive inputs of each window row:
// two or four vector loads, split by swizzles into the K columns of the 8 windows (lane k =
// output k), added in the scalar order, column by column, row by row. On CPU devices otherwise
// one output per item (its per-output windows gain nothing from vectors). Declared for the
// backend (core/src/opencl/runtime.hpp):
// cpu form: area AREA_K
// cpu form: area ONE_PER_ITEM
#if AREA_K && VEC == 16
// The 16 windows of a block from its first input x (AREA_K * 16 consecutive inputs of a row): the
// K columns of the windows as 16-lane vectors (lane k = output k), moves only; for K = 4 two
// rounds of two-source permutes (8 in all) instead of one four-source gather per column.
#define AREA_EVEN 0, 2, 4, 6, 8, 10, 12, 14, 16, 18, 20, 22, 24, 26, 28, 30
#define AREA_ODD 1, 3, 5, 7, 9, 11, 13, 15, 17, 19, 21, 23, 25, 27, 29, 31
inline void area_columns(__global const T* s, T16 col[AREA_K]) {
#if AREA_K == 2
    const T16 a = LOAD16(s), b = LOAD16(s + 16);
    col[0] = shuffle2(a, b, (uint16)(AREA_EVEN));
    col[1] = shuffle2(a, b, (uint16)(AREA_ODD));
#else
    const T16 a = LOAD16(s), b = LOAD16(s + 16), c = LOAD16(s + 32), d = LOAD16(s + 48);
    const uint16 lo = (uint16)(0, 1, 4, 5, 8, 9, 12, 13, 16, 17, 20, 21, 24, 25, 28, 29);
    const uint16 hi = (uint16)(2, 3, 6, 7, 10, 11, 14, 15, 18, 19, 22, 23, 26, 27, 30, 31);
    const T16 p = shuffle2(a, b, lo), q = shuffle2(a, b, hi), r = shuffle2(c, d, lo), t = shuffle2(c, d, hi);
    col[0] = shuffle2(p, r, (uint16)(AREA_EVEN));
    col[1] = shuffle2(p, r, (uint16)(AREA_ODD));
    col[2] = shuffle2(q, t, (uint16)(AREA_EVEN));
    col[3] = shuffle2(q, t, (uint16)(AREA_ODD));
#endif
}

// CPU devices, float (-DAREA_K=2 or 4, -DVEC=16, -DGROUPS=<blocks of 16 outputs>): a work item's
// GROUPS x 16 outputs of one row, its window rows read once each, a block's sum one 16-lane
// vector added column by column, row by row, in the scalar order; outputs past the last whole
// block one by one, in the same order.
inline void area16(UPSAMPLE_KERNEL_ARGS) {
    UPSAMPLE_ITEM(it)
    const int n = min(16 * GROUPS, oW - it.x0);
    const int full = n / 16;
    const int gd = oD0 + it.d, gh = oH0 + it.h;
    const int z0 = idxD[gd] - iD0, kd = nD[gd];
    const int y0 = idxH[gh] - iH0, kh = nH[gh];
    const int x0 = idxW[oW0 + it.x0] - iW0;
    T16 sum[GROUPS];
#pragma unroll
    for (int g = 0; g < GROUPS; ++g) sum[g] = 0;
    for (int z = z0; z < z0 + kd; ++z)
        for (int y = y0; y < y0 + kh; ++y) {
            __global const T* s = in + input_row(it.p, z, y, iD, iH, iW) + x0;
#pragma unroll
            for (int g = 0; g < GROUPS; ++g) {
                if (g < full) {
                    T16 col[AREA_K];
                    area_columns(s + 16 * AREA_K * g, col);
#pragma unroll
                    for (int c = 0; c < AREA_K; ++c) sum[g] += col[c];
                }
            }
        }
    __global T* o = UPSAMPLE_OUT_ROW(it) + it.x0;
#pragma unroll
    for (int g = 0; g < GROUPS; ++g) {
        if (g < full) {
            T16 r = sum[g];
            if (dims == 3) r = r / (T)kd;
            r = r / (T)kh;
            STORE16(r / (T)AREA_K, o + 16 * g);
        }
    }
    for (int k = 16 * full; k < n; ++k) {  // past the last whole block
        T t = 0;
        for (int z = z0; z < z0 + kd; ++z)
            for (int y = y0; y < y0 + kh; ++y) {
                __global const T* row = in + input_row(it.p, z, y, iD, iH, iW) + x0 + AREA_K * k;
                for (int x = 0; x < AREA_K; ++x) t += row[x];
            }
        if (dims == 3) t = t / (T)kd;
        t = t / (T)kh;
        o[k] = t / (T)AREA_K;
    }
}
#endif

__kernel void area(UPSAMPLE_KERNEL_ARGS) {
#if AREA_K && VEC == 16
    area16(UPSAMPLE_KERNEL_ARG_NAMES);
    return;
#endif
    UPSAMPLE_ITEM(it)
    const int n = min(VEC, oW - it.x0);
    const int gd = oD0 + it.d, gh = oH0 + it.h;
    const int z0 = idxD[gd] - iD0, kd = nD[gd];
    const int y0 = idxH[gh] - iH0, kh = nH[gh];
#if AREA_K && VEC == 8
    if (n == 8) {
        const int x0 = idxW[oW0 + it.x0] - iW0;
        VT sum = 0;
        for (int z = z0; z < z0 + kd; ++z)
            for (int y = y0; y < y0 + kh; ++y) {
                __global const T* s = in + input_row(it.p, z, y, iD, iH, iW) + x0;
#if AREA_K == 2
                const T16 a = LOAD16(s);
                sum = (sum + a.even) + a.odd;
#else
                const T16 a = LOAD16(s), b = LOAD16(s + 16);
                sum = (((sum + (VT)(a.s048c, b.s048c)) + (VT)(a.s159d, b.s159d)) + (VT)(a.s26ae, b.s26ae)) +
                      (VT)(a.s37bf, b.s37bf);
#endif
            }
        VT r = sum;
        if (dims == 3) r = r / (T)kd;
        r = r / (T)kh;
        VSTORE(r / (T)AREA_K, UPSAMPLE_OUT_ROW(it) + it.x0);
        return;
    }
#endif
    T v[VEC];
#pragma unroll
    for (int k = 0; k < VEC; ++k) {
        const int gx = oW0 + it.x0 + min(k, n - 1);  // past the row's end: a repeat, never stored
        const int x0 = idxW[gx] - iW0, kw = nW[gx];
        T sum = 0;
        for (int z = z0; z < z0 + kd; ++z)
            for (int y = y0; y < y0 + kh; ++y) {
                __global const T* row = in + input_row(it.p, z, y, iD, iH, iW);
                for (int x = x0; x < x0 + kw; ++x) sum += row[x];
            }
        T r = sum;
        if (dims == 3) r = r / (T)kd;
        r = r / (T)kh;
        v[k] = r / (T)kw;
    }
    UPSAMPLE_STORE(UPSAMPLE_OUT_ROW(it) + it.x0, v, n);
}
