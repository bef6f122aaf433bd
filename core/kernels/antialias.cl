// antialias (bilinear and bicubic, 2-D): separable, one launch per resampled axis, as the CPU's
// antialiasKernel (core/src/cpu/antialias.cpp): the W pass first, into an intermediate in T,
// then the H pass. Output d reads the n[d] consecutive inputs from idx[d] with the normalised
// weights w[j * s + d] (tap-major), summed as v = x0*w0, then v += xj*wj.
// The axis that a pass does not resample comes with an identity table (index d, one tap).
// VEC outputs of one row per work item, as one vector (common.cl).

// W pass: (planes, H, inW) -> (planes, H, outW).
#if AA_BLOCKS
// On CPU devices (-DAA_BLOCKS=1, -DROWS=8, -DVEC=8, -DCSPAN=<input columns of 8 outputs, a
// multiple of 8>): a work item computes an 8 x 8 block, 8 rows of 8 outputs, as the CPU's
// passW8: the input columns its windows cover are loaded 8 x 8 at a time with vector loads and
// transposed (lane = row), every output is then its window's sum over those columns with the
// weights of the table, in the tap order of the CPU, for 8 rows at once, and the 8 results are
// transposed back into 8 row vectors.
__kernel void antialias_w(UPSAMPLE_KERNEL_ARGS) {
    UPSAMPLE_ROWS_ITEM(it)
    const int n = min(8, oW - it.x0), rows = it.h1 - it.h;
    const int z = idxD[oD0 + it.d] - iD0;
    __global const T* src[8];
#pragma unroll
    for (int r = 0; r < 8; ++r)  // past the last row: a repeat, never stored
        src[r] = in + input_row(it.p, z, idxH[oH0 + it.h + min(r, rows - 1)] - iH0, iD, iH, iW);
    const int gx = oW0 + it.x0;
    const int c0 = idxW[gx] - iW0;  // the first input column the block reads
    int c1 = c0;
    for (int k = 0; k < n; ++k) c1 = max(c1, idxW[gx + k] - iW0 + nW[gx + k]);
    T8 cols[CSPAN];  // cols[c - c0]: input column c of the 8 rows
    load_columns8(src, c0, c1, iW, cols);
    T8 v[8];
#pragma unroll
    for (int k = 0; k < 8; ++k) {
        const int g = gx + min(k, n - 1);  // past the row's end: a repeat, never stored
        const int s = idxW[g] - iW0 - c0;
        T8 acc = cols[s] * wW[g];
        for (int j = 1, m = nW[g]; j < m; ++j) acc += cols[s + j] * wW[j * sW + g];
        v[k] = acc;
    }
    transpose8(v);
    __global T* dst = UPSAMPLE_OUT_ROW(it) + it.x0;
    for (int r = 0; r < rows; ++r, dst += oW) {
        if (n == 8) {
            vstore8(v[r], 0, dst);
        } else {
            T o[8];
            vstore8(v[r], 0, o);
            for (int k = 0; k < n; ++k) dst[k] = o[k];
        }
    }
}
#else
// Elsewhere: lane k of the item's VEC outputs sums its own window; the windows of the item's
// outputs differ in length by a tap or so: the item runs to the longest, and a lane past the
// end of its window keeps its sum (a select, no arithmetic), so each output gets exactly the
// CPU's operations.
__kernel void antialias_w(UPSAMPLE_KERNEL_ARGS) {
    UPSAMPLE_ITEM(it)
    const int n = min(VEC, oW - it.x0);
    __global const T* row =
        in + input_row(it.p, idxD[oD0 + it.d] - iD0, idxH[oH0 + it.h] - iH0, iD, iH, iW);
    int gx[VEC], start[VEC], count[VEC];
    int longest = 1;
    T g[VEC], w[VEC];
#pragma unroll
    for (int k = 0; k < VEC; ++k) {
        gx[k] = oW0 + it.x0 + min(k, n - 1);  // past the row's end: a repeat, never stored
        start[k] = idxW[gx[k]] - iW0;
        count[k] = nW[gx[k]];
        longest = max(longest, count[k]);
        g[k] = row[start[k]];
        w[k] = wW[gx[k]];
    }
    VT v = VLOAD(g) * VLOAD(w);
    const VINT m = VLOAD(count);
    for (int j = 1; j < longest; ++j) {
#pragma unroll
        for (int k = 0; k < VEC; ++k) {
            g[k] = row[start[k] + min(j, count[k] - 1)];
            w[k] = wW[j * sW + gx[k]];
        }
        v = VSEL(v, v + VLOAD(g) * VLOAD(w), m > j);
    }
    T o[VEC];
    VSTORE(v, o);
    UPSAMPLE_STORE(UPSAMPLE_OUT_ROW(it) + it.x0, o, n);
}
#endif

// H pass: (planes, inH, W) -> (planes, outH, W). The W table is the identity: the item's VEC
// outputs read VEC consecutive inputs of each row of the window, one vector load per row.
__kernel void antialias_h(UPSAMPLE_KERNEL_ARGS) {
    UPSAMPLE_ITEM(it)
    const int n = min(VEC, oW - it.x0);
    const int gh = oH0 + it.h;
    const int m = nH[gh];
    const IDX stride = iW;
    __global const T* col = in + input_row(it.p, idxD[oD0 + it.d] - iD0, idxH[gh] - iH0, iD, iH, iW) +
                            (idxW[oW0 + it.x0] - iW0);
    __global T* dst = UPSAMPLE_OUT_ROW(it) + it.x0;
    if (n == VEC) {
        VT v = VLOAD(col) * wH[gh];
        for (int j = 1; j < m; ++j) v += VLOAD(col + j * stride) * wH[j * sH + gh];
        VSTORE(v, dst);
    } else {
        for (int k = 0; k < n; ++k) {
            __global const T* s = col + k;
            T r = s[0] * wH[gh];
            for (int j = 1; j < m; ++j) r += s[j * stride] * wH[j * sH + gh];
            dst[k] = r;
        }
    }
}
