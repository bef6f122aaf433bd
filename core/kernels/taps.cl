// The nested weighted sum of the linear modes and bicubic (prepended to linear.cl and
// bicubic.cl), in the order of the CPU's tapRows (core/src/cpu/linear.cpp), with the tap
// counts KD, KH, KW of the tables fixed at build time:
//   for each D tap a:  for each H tap b:  row_ab = x[c=0]*wW[0], then += x[c]*wW[c] in tap order
//                      inner_a = row_a0 * wH[0], then += row_ab * wH[b]
//   outer = inner_0 * wD[0], then += inner_a * wD[a]
// An axis with a single tap (a padded one) skips its multiply, as the CPU's KH == 1 / KD == 1.
//
// Separable, as the CPU, in two forms: on CPU devices 8 x 8 blocks (TAP_BLOCKS, below); on
// GPUs and elsewhere a work item owns VEC consecutive outputs of ROWS consecutive output
// rows. The W sums (row_ab) of the input rows that one output row reads are kept for the next
// output row, which mostly reads the same input rows again when upsampling; a W sum is the same
// number whether computed once or twice, so the bits do not depend on ROWS. The W taps of the
// item are read once (tap-major tables: consecutive work items read consecutive entries). The
// VEC outputs are one OpenCL vector (float8 ...): element-wise IEEE operations, the same
// roundings as VEC scalar ones, in SIMD registers on any compiler.
#if !defined(KD) || !defined(KH) || !defined(KW)
#error "build with -DKD, -DKH and -DKW (the tap counts of the D, H and W tables)"
#endif
#define KR (KD * KH)

#if TAP_BLOCKS
// On CPU devices (-DTAP_BLOCKS=1, -DVEC=8, -DCSPAN=<input columns that 8 consecutive outputs
// read, a multiple of 8>, -DRSPAN=<input rows that ROWS consecutive output rows read, a
// multiple of 8>): a work item computes 8 outputs of ROWS output rows in two steps, as the CPU's
// row cache does. First the W sums of every input row the tile reads, for 8 rows at once: the
// input columns the 8 outputs read are loaded 8 x 8 with vector loads and transposed (lane =
// row), each output's W sum is then a vector sum over 8 rows (the weights broadcast), and the
// 8 x 8 results are transposed back, into a private array of T8 rows. Then each output row is
// the vertical sum of its KH (x KD) rows of that array, one vector per tap. Every value gets
// the operations above in their order.
inline void tap_kernel(UPSAMPLE_KERNEL_ARGS) {
    UPSAMPLE_ROWS_ITEM(it)
    const int n = min(8, oW - it.x0);
    const int gx = oW0 + it.x0;
    int ix[KW][8];
    T wx[KW][8];
    int c0 = 1 << 30, c1 = -1;  // the input columns [c0, c1) the 8 outputs read
#pragma unroll
    for (int c = 0; c < KW; ++c)
#pragma unroll
        for (int k = 0; k < 8; ++k) {
            const int g = gx + min(k, n - 1);  // past the row's end: a repeat, never stored
            ix[c][k] = idxW[c * sW + g] - iW0;
            wx[c][k] = wW[c * sW + g];
            c0 = min(c0, ix[c][k]);
            c1 = max(c1, ix[c][k] + 1);
        }
    int y0 = 1 << 30, y1 = -1;  // the input rows [y0, y1) the tile reads
    for (int h = it.h; h < it.h1; ++h)
#pragma unroll
        for (int b = 0; b < KH; ++b) {
            const int y = idxH[b * sH + oH0 + h] - iH0;
            y0 = min(y0, y);
            y1 = max(y1, y + 1);
        }
    const int gd = oD0 + it.d;
    T8 hr[KD * RSPAN];  // hr[a * RSPAN + y - y0]: the W sums of input row y of D tap a
#ifdef TAP_PATTERN
    // An integer scale repeats the same input offsets every 8 outputs: where the item's taps
    // are those offsets from c0 (all but the border items), the W sums of a row come from two
    // vector loads and one shuffle per tap, its mask fixed at build time (-DTAP_PATTERN=1,
    // -DPAT0..PAT<KW-1>=<8 offsets in [0, 16)>, float only).
    bool fast = n == 8 && c0 + 16 <= iW;
    {
        const int pat[KW][8] = {{PAT0}, {PAT1}
#if KW > 2
                                , {PAT2}, {PAT3}
#endif
#if KW > 4
                                , {PAT4}, {PAT5}, {PAT6}, {PAT7}
#endif
        };
#pragma unroll
        for (int c = 0; c < KW; ++c)
#pragma unroll
            for (int k = 0; k < 8; ++k) fast = fast && ix[c][k] - c0 == pat[c][k];
    }
    if (fast) {
        const uint8 mask[KW] = {(uint8)(PAT0), (uint8)(PAT1)
#if KW > 2
                                , (uint8)(PAT2), (uint8)(PAT3)
#endif
#if KW > 4
                                , (uint8)(PAT4), (uint8)(PAT5), (uint8)(PAT6), (uint8)(PAT7)
#endif
        };
        T8 wv[KW];
#pragma unroll
        for (int c = 0; c < KW; ++c) wv[c] = vload8(0, wW + c * sW + gx);  // n == 8: the item's weights
#pragma unroll
        for (int a = 0; a < KD; ++a) {
            const int z = idxD[a * sD + gd] - iD0;
            for (int y = y0; y < y1; ++y) {
                __global const T* src = in + input_row(it.p, z, y, iD, iH, iW) + c0;
                const T8 lo = vload8(0, src), hi = vload8(1, src);
                T8 acc = shuffle2(lo, hi, mask[0]) * wv[0];
#pragma unroll
                for (int c = 1; c < KW; ++c) acc += shuffle2(lo, hi, mask[c]) * wv[c];
                hr[a * RSPAN + y - y0] = acc;
            }
        }
    } else
#endif
#pragma unroll
    for (int a = 0; a < KD; ++a) {
        const int z = idxD[a * sD + gd] - iD0;
        for (int yb = y0; yb < y1; yb += 8) {
            __global const T* src[8];
#pragma unroll
            for (int r = 0; r < 8; ++r)  // past the last row: a repeat, never read
                src[r] = in + input_row(it.p, z, min(yb + r, y1 - 1), iD, iH, iW);
            T8 cols[CSPAN];  // cols[c - c0]: input column c of the 8 rows
            load_columns8(src, c0, c1, iW, cols);
            T8 v[8];
#pragma unroll
            for (int k = 0; k < 8; ++k) {
                T8 acc = cols[ix[0][k] - c0] * wx[0][k];
#pragma unroll
                for (int c = 1; c < KW; ++c) acc += cols[ix[c][k] - c0] * wx[c][k];
                v[k] = acc;
            }
            transpose8(v);
#pragma unroll
            for (int r = 0; r < 8; ++r)
                if (yb + r < y1) hr[a * RSPAN + yb + r - y0] = v[r];
        }
    }
    __global T* dst = UPSAMPLE_OUT_ROW(it) + it.x0;
    for (int h = it.h; h < it.h1; ++h, dst += oW) {
        const int gh = oH0 + h;
        T8 outer = 0;
#pragma unroll
        for (int a = 0; a < KD; ++a) {
            T8 inner = hr[a * RSPAN + idxH[gh] - iH0 - y0];
            if (KH > 1) {
                inner = inner * wH[gh];
#pragma unroll
                for (int b = 1; b < KH; ++b) inner += hr[a * RSPAN + idxH[b * sH + gh] - iH0 - y0] * wH[b * sH + gh];
            }
            if (KD == 1) outer = inner;
            else if (a == 0) outer = inner * wD[gd];
            else outer += inner * wD[a * sD + gd];
        }
        if (n == 8) {
            vstore8(outer, 0, dst);
        } else {
            T o[8];
            vstore8(outer, 0, o);
            for (int k = 0; k < n; ++k) dst[k] = o[k];
        }
    }
}
#else
// The W sum of the item's VEC outputs on one input row.
inline VT tap_row(__global const T* row, const int ix[KW][VEC], const VT wx[KW]) {
    T g[VEC];
#pragma unroll
    for (int k = 0; k < VEC; ++k) g[k] = row[ix[0][k]];
    VT v = VLOAD(g) * wx[0];
#pragma unroll
    for (int c = 1; c < KW; ++c) {
#pragma unroll
        for (int k = 0; k < VEC; ++k) g[k] = row[ix[c][k]];
        v += VLOAD(g) * wx[c];
    }
    return v;
}

inline void tap_kernel(UPSAMPLE_KERNEL_ARGS) {
    UPSAMPLE_ROWS_ITEM(it)
    const int x0 = it.x0, h0 = it.h, p = it.p, d = it.d;
    const int n = min(VEC, oW - x0);
    const int gx = oW0 + x0;
    int ix[KW][VEC];
    VT wx[KW];
#pragma unroll
    for (int c = 0; c < KW; ++c) {
        T w[VEC];
#pragma unroll
        for (int k = 0; k < VEC; ++k) {
            const int xk = gx + min(k, n - 1);  // past the row's end: a repeat, never stored
            ix[c][k] = idxW[c * sW + xk] - iW0;
            w[k] = wW[c * sW + xk];
        }
        wx[c] = VLOAD(w);
    }
    const int gd = oD0 + d;
    int zs[KD];
    T wz[KD];
#pragma unroll
    for (int a = 0; a < KD; ++a) {
        zs[a] = idxD[a * sD + gd] - iD0;
        wz[a] = wD[a * sD + gd];
    }
    // W sums of the input rows read by the previous output row: row key z * iH + y, -1 none.
    int key[KR];
    VT hr[KR];
#pragma unroll
    for (int r = 0; r < KR; ++r) key[r] = -1;
    __global T* dst = out + (((IDX)p * oD + d) * oH + h0) * (IDX)oW + x0;
    const int h1 = it.h1;
    for (int h = h0; h < h1; ++h, dst += oW) {
        const int gh = oH0 + h;
        int nkey[KR];
        VT nr[KR];
#pragma unroll
        for (int a = 0; a < KD; ++a)
#pragma unroll
            for (int b = 0; b < KH; ++b) {
                const int y = idxH[b * sH + gh] - iH0;
                const int kk = zs[a] * iH + y;
                nkey[a * KH + b] = kk;
                int found = -1;
#pragma unroll
                for (int r = 0; r < KR; ++r)
                    if (key[r] == kk) found = r;
                if (found >= 0) {
#pragma unroll
                    for (int r = 0; r < KR; ++r)
                        if (r == found) nr[a * KH + b] = hr[r];
                } else {
                    nr[a * KH + b] = tap_row(in + input_row(p, zs[a], y, iD, iH, iW), ix, wx);
                }
            }
        VT outer = 0;
#pragma unroll
        for (int a = 0; a < KD; ++a) {
            VT inner = nr[a * KH];
            if (KH > 1) {
                inner = inner * wH[gh];
#pragma unroll
                for (int b = 1; b < KH; ++b) inner += nr[a * KH + b] * wH[b * sH + gh];
            }
            if (KD == 1) outer = inner;
            else if (a == 0) outer = inner * wz[0];
            else outer += inner * wz[a];
        }
        if (n == VEC) {
            VSTORE(outer, dst);
        } else {
            T o[VEC];
            VSTORE(outer, o);
            for (int k = 0; k < n; ++k) dst[k] = o[k];
        }
#pragma unroll
        for (int r = 0; r < KR; ++r) {
            key[r] = nkey[r];
            hr[r] = nr[r];
        }
    }
}
#endif
