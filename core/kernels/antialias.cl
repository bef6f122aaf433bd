// antialias (bilinear and bicubic, 2-D): separable, one launch per resampled axis, as the CPU's
// antialiasKernel (core/src/cpu/antialias.cpp): the W pass first, into an intermediate in T,
// then the H pass. Output d reads the n[d] consecutive inputs from idx[d] with the normalised
// weights w[j * s + d] (tap-major), summed as v = x0*w0, then v += xj*wj.
// The axis that a pass does not resample comes with an identity table (index d, one tap).
// VEC outputs of one row per work item, as one vector (common.cl).
// The CPU-device forms below, declared for the backend (core/src/opencl/runtime.hpp):
// cpu form: antialias_w AA_BLOCKS
// cpu form: antialias_h AA_HBLOCKS

// W pass: (planes, H, inW) -> (planes, H, outW).
#if AA_BLOCKS
// On CPU devices (-DAA_BLOCKS=1, -DROWS=16, -DVEC=8, -DCSPAN=<input columns of 8 outputs, a
// multiple of 8>): a work item computes 16 rows of 8 outputs, as the CPU's passW8 does 8: the
// input columns its windows cover are loaded 8 x 8 at a time with vector loads and transposed
// (lane = row; two 8 x 8 blocks make a column of 16 rows), every output is then its window's sum
// over those columns with the weights of the table, in the tap order of the CPU, for 16 rows at
// once (AVX-512: one register), and the results are transposed back into row vectors.
#if ROWS != 16
#error "the antialias W blocks take 16 rows"
#endif
__kernel void antialias_w(UPSAMPLE_KERNEL_ARGS) {
    UPSAMPLE_ROWS_ITEM(it)
    const int n = min(8, oW - it.x0), rows = it.h1 - it.h;
    const int z = idxD[oD0 + it.d] - iD0;
    __global const T* src[16];
#pragma unroll
    for (int r = 0; r < 16; ++r)  // past the last row: a repeat, never stored
        src[r] = in + input_row(it.p, z, idxH[oH0 + it.h + min(r, rows - 1)] - iH0, iD, iH, iW);
    const int gx = oW0 + it.x0;
    const int c0 = idxW[gx] - iW0;  // the first input column the block reads
    int c1 = c0;
    for (int k = 0; k < n; ++k) c1 = max(c1, idxW[gx + k] - iW0 + nW[gx + k]);
    T16 cols[CSPAN];  // cols[c - c0]: input column c of the 16 rows
    // the columns the item two along reads past these, into L1 while these are summed (PoCL, W4
    // x1/4, paired, 8 pairs: bicubic 0.93, lanczos 0.91, bilinear 0.92)
    if (iW >= 32) {
        const int ahead = min(c1 + 32, iW - 32);
#pragma unroll
        for (int r = 0; r < 16; ++r) {
            __builtin_prefetch(src[r] + ahead);
            __builtin_prefetch(src[r] + ahead + 16);
        }
    }
    for (int c = c0; c < c1; c += 8) {
        if (c + 8 <= iW) {
            T8 top[8], bottom[8];
#pragma unroll
            for (int r = 0; r < 8; ++r) {
                top[r] = LOAD8(src[r] + c);
                bottom[r] = LOAD8(src[r + 8] + c);
            }
            transpose8(top);
            transpose8(bottom);
#pragma unroll
            for (int i = 0; i < 8; ++i) cols[c - c0 + i] = (T16)(top[i], bottom[i]);
        } else {
            for (int i = 0; i < 8 && c + i < iW; ++i) {
                T rowsAt[16];
#pragma unroll
                for (int r = 0; r < 16; ++r) rowsAt[r] = src[r][c + i];
                cols[c - c0 + i] = vload16(0, rowsAt);
            }
        }
    }
    T16 v[8];
#pragma unroll
    for (int k = 0; k < 8; ++k) {
        const int g = gx + min(k, n - 1);  // past the row's end: a repeat, never stored
        const int s = idxW[g] - iW0 - c0;
        T16 acc = cols[s] * wW[g];
        for (int j = 1, m = nW[g]; j < m; ++j) acc += cols[s + j] * wW[j * sW + g];
        v[k] = acc;
    }
    T8 top[8], bottom[8];
#pragma unroll
    for (int k = 0; k < 8; ++k) {
        top[k] = v[k].lo;
        bottom[k] = v[k].hi;
    }
    transpose8(top);
    transpose8(bottom);
    __global T* dst = UPSAMPLE_OUT_ROW(it) + it.x0;
    for (int r = 0; r < rows; ++r, dst += oW) {
        const T8 o8 = r < 8 ? top[r] : bottom[r - 8];
        if (n == 8) {
            STORE8(o8, dst);
        } else {
            T o[8];
            vstore8(o8, 0, o);
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

// n outputs of output row gh one by one (the end of a row): output k sums its column's window
// (m rows from col + k, stride apart) with the row's weights.
inline void aa_h_outputs(__global const T* col, const IDX stride, __global const T* restrict wH, const int sH,
                         const int gh, const int m, __global T* dst, const int n) {
    for (int k = 0; k < n; ++k) {
        __global const T* s = col + k;
        T r = s[0] * wH[gh];
        for (int j = 1; j < m; ++j) r += s[j * stride] * wH[j * sH + gh];
        dst[k] = r;
    }
}

#if AA_HBLOCKS
// Four output rows (gh .. gh + 3) of an item's 8 x GROUPS outputs at once, as the CPU's
// hBandVectors: the rows of the union of their windows (offsets 0 .. rows - 1 from base, first[o]
// the first of output o's m[o]) are loaded once, 16 wide, and summed into every output whose
// window holds them, each in its own tap order (x0*w0, then += xj*wj), so every output gets the
// one-row form's operations while a shared row is loaded once instead of once per output.
__attribute__((always_inline)) inline void aa_h_band(__global const T* base, const IDX stride,
                                                     __global const T* restrict wH, const int sH, const int gh,
                                                     const int* first, const int* m, const int rows,
                                                     const int ahead, __global T* dst, const int oW) {
    T16 v[4][GROUPS / 2];
    for (int j = 0; j < rows; ++j) {
        T16 s[GROUPS / 2];
#pragma unroll
        for (int q = 0; q < GROUPS / 2; ++q) s[q] = LOAD16(base + j * stride + 16 * q);
#pragma unroll
        for (int q = 0; q < GROUPS / 2; ++q) __builtin_prefetch(base + j * stride + ahead + 16 * q);
#pragma unroll
        for (int o = 0; o < 4; ++o) {
            const int t = j - first[o];
            if (t < 0 || t >= m[o]) continue;
            const T wt = wH[t * sH + gh + o];
            if (t == 0) {
#pragma unroll
                for (int q = 0; q < GROUPS / 2; ++q) v[o][q] = s[q] * wt;
            } else {
#pragma unroll
                for (int q = 0; q < GROUPS / 2; ++q) v[o][q] += s[q] * wt;
            }
        }
    }
#pragma unroll
    for (int o = 0; o < 4; ++o)
#pragma unroll
        for (int q = 0; q < GROUPS / 2; ++q) STORE16(v[o][q], dst + (IDX)o * oW + 16 * q);
}

// On CPU devices (-DAA_HBLOCKS=1, -DVEC=8, -DGROUPS=<blocks of 8, even>, -DROWS=<output rows>):
// a work item's 8 x GROUPS consecutive outputs of ROWS output rows, each row the sum of 16-wide
// loads of its window's rows with the weight broadcast, the same operations per output; four
// rows at a time (aa_h_band, with -DAA_HBANDS=1: tables of 12 taps or more) where their windows
// are 12 rows or more, as the CPU's bands (PoCL kernel time, W4 x1/4, paired, 8 pairs, with the
// next item's lines fetched: bicubic 0.85, lanczos 0.77 against one row at a time; the bands
// alone 0.94 and 1.0).
__kernel void antialias_h(UPSAMPLE_KERNEL_ARGS) {
    UPSAMPLE_ROWS_ITEM(it)
    const int n = min(8 * GROUPS, oW - it.x0);
    const IDX stride = iW;
    const int z = idxD[oD0 + it.d] - iD0;
    const int c0 = idxW[oW0 + it.x0] - iW0;
    __global T* dst = UPSAMPLE_OUT_ROW(it) + it.x0;
    for (int h = it.h; h < it.h1;) {
        const int gh = oH0 + h;
#if AA_HBANDS
        if (n == 8 * GROUPS && h + 4 <= it.h1 && nH[gh] >= 12) {
            int first[4], m[4];
            int lo = idxH[gh], hi = lo;
#pragma unroll
            for (int o = 0; o < 4; ++o) {
                first[o] = idxH[gh + o];
                m[o] = nH[gh + o];
                lo = min(lo, first[o]);
                hi = max(hi, first[o] + m[o]);
            }
#pragma unroll
            for (int o = 0; o < 4; ++o) first[o] -= lo;
            __global const T* base = in + input_row(it.p, z, lo - iH0, iD, iH, iW) + c0;
            // the next item's columns of each row, fetched into L1 as the row is loaded (PoCL runs
            // a group's items one after the other along the row), where it has them
            const int ahead = c0 + 16 * GROUPS <= iW ? 8 * GROUPS : 0;
            aa_h_band(base, stride, wH, sH, gh, first, m, hi - lo, ahead, dst, oW);
            h += 4;
            dst += (IDX)4 * oW;
            continue;
        }
#endif
        const int m = nH[gh];
        __global const T* col = in + input_row(it.p, z, idxH[gh] - iH0, iD, iH, iW) + c0;
        if (n == 8 * GROUPS) {
            T16 v[GROUPS / 2];
            const T w0 = wH[gh];
#pragma unroll
            for (int q = 0; q < GROUPS / 2; ++q) v[q] = LOAD16(col + 16 * q) * w0;
            for (int j = 1; j < m; ++j) {
                const T wj = wH[j * sH + gh];
#pragma unroll
                for (int q = 0; q < GROUPS / 2; ++q) v[q] += LOAD16(col + j * stride + 16 * q) * wj;
            }
#pragma unroll
            for (int q = 0; q < GROUPS / 2; ++q) STORE16(v[q], dst + 16 * q);
        } else {
            aa_h_outputs(col, stride, wH, sH, gh, m, dst, n);
        }
        ++h;
        dst += oW;
    }
}
#else
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
        aa_h_outputs(col, stride, wH, sH, gh, m, dst, n);
    }
}
#endif
