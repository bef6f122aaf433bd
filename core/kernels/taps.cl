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
// item are read once (tap-major tables: consecutive work items read consecutive entries).
#if !defined(KD) || !defined(KH) || !defined(KW)
#error "build with -DKD, -DKH and -DKW (the tap counts of the D, H and W tables)"
#endif
#ifndef ROWS
#define ROWS 1
#endif
#define KR (KD * KH)

inline void tap_kernel(UPSAMPLE_KERNEL_ARGS) {
    const int x0 = (int)get_global_id(0) * VEC;
    const int h0 = (int)get_global_id(1) * ROWS;
    const int zz = (int)get_global_id(2);
    const int p = oD == 1 ? zz : zz / oD;
    const int d = zz - p * oD;
    if (x0 >= oW || h0 >= oH || p >= planes) return;
    const int n = min(VEC, oW - x0);
    const int gx = oW0 + x0;
    int ix[KW][VEC];
    T wx[KW][VEC];
#pragma unroll
    for (int c = 0; c < KW; ++c)
#pragma unroll
        for (int k = 0; k < VEC; ++k) {
            const int xk = gx + min(k, n - 1);  // past the row's end: a repeat, never stored
            ix[c][k] = idxW[c * sW + xk] - iW0;
            wx[c][k] = wW[c * sW + xk];
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
    T hr[KR][VEC];
#pragma unroll
    for (int r = 0; r < KR; ++r) key[r] = -1;
    __global T* dst = out + (((IDX)p * oD + d) * oH + h0) * (IDX)oW + x0;
    const int h1 = min(h0 + ROWS, oH);
    for (int h = h0; h < h1; ++h, dst += oW) {
        const int gh = oH0 + h;
        int nkey[KR];
        T nr[KR][VEC];
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
                        if (r == found)
#pragma unroll
                            for (int k = 0; k < VEC; ++k) nr[a * KH + b][k] = hr[r][k];
                } else {
                    __global const T* row = in + input_row(p, zs[a], y, iD, iH, iW);
#pragma unroll
                    for (int k = 0; k < VEC; ++k) {
                        T v = row[ix[0][k]] * wx[0][k];
#pragma unroll
                        for (int c = 1; c < KW; ++c) v += row[ix[c][k]] * wx[c][k];
                        nr[a * KH + b][k] = v;
                    }
                }
            }
        T outer[VEC];
#pragma unroll
        for (int a = 0; a < KD; ++a) {
            T inner[VEC];
            if (KH == 1) {
#pragma unroll
                for (int k = 0; k < VEC; ++k) inner[k] = nr[a * KH][k];
            } else {
#pragma unroll
                for (int b = 0; b < KH; ++b) {
                    const T wy = wH[b * sH + gh];
#pragma unroll
                    for (int k = 0; k < VEC; ++k) inner[k] = b == 0 ? nr[a * KH][k] * wy : inner[k] + nr[a * KH + b][k] * wy;
                }
            }
            if (KD == 1) {
#pragma unroll
                for (int k = 0; k < VEC; ++k) outer[k] = inner[k];
            } else {
#pragma unroll
                for (int k = 0; k < VEC; ++k) outer[k] = a == 0 ? inner[k] * wz[a] : outer[k] + inner[k] * wz[a];
            }
        }
        UPSAMPLE_STORE(dst, outer, n);
#pragma unroll
        for (int r = 0; r < KR; ++r) {
            key[r] = nkey[r];
#pragma unroll
            for (int k = 0; k < VEC; ++k) hr[r][k] = nr[r][k];
        }
    }
}
