// The nested weighted sum of the linear modes and bicubic (prepended to linear.cl and
// bicubic.cl), in the order of the CPU's tapRows (core/src/cpu/linear.cpp), with the tap
// counts KD, KH, KW of the tables fixed at build time:
//   for each D tap a:  for each H tap b:  row_ab = x[c=0]*wW[0], then += x[c]*wW[c] in tap order
//                      inner_a = row_a0 * wH[0], then += row_ab * wH[b]
//   outer = inner_0 * wD[0], then += inner_a * wD[a]
// An axis with a single tap (a padded one) skips its multiply, as the CPU's KH == 1 / KD == 1.
//
// Separable, as the CPU: a work item owns VEC consecutive outputs of ROWS consecutive output
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
