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
__kernel void area(UPSAMPLE_KERNEL_ARGS) {
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
