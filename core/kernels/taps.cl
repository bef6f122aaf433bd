// The nested weighted sum of the linear modes and bicubic (prepended to linear.cl and
// bicubic.cl), in the order of the CPU's tapRows (core/src/cpu/linear.cpp):
//   for each D tap a:  for each H tap b:  row_ab = x[c=0]*wW[0], then += x[c]*wW[c] in tap order
//                      inner_a = row_a0 * wH[0], then += row_ab * wH[b]
//   outer = inner_0 * wD[0], then += inner_a * wD[a]
// An axis with a single tap (a padded one) skips its multiply, as the CPU's KH == 1 / KD == 1.

// The W sum of one input row (row points at the row's first element in the input box).
inline T tap_row(__global const T* row, __global const long* idxW, __global const T* wW, const int tapsW,
                 const long w, const long iW0) {
    const long base = w * tapsW;
    T v = row[idxW[base] - iW0] * wW[base];
    for (int c = 1; c < tapsW; ++c) v += row[idxW[base + c] - iW0] * wW[base + c];
    return v;
}

inline void tap_kernel(UPSAMPLE_KERNEL_ARGS) {
    const long g = (long)get_global_id(0);
    if (g >= planes * oD * oH * oW) return;
    const OutputElement e = output_element(g, oD, oH, oW, oD0, oH0, oW0);
    T outer = 0;
    for (int a = 0; a < tapsD; ++a) {
        const long z = idxD[e.d * tapsD + a] - iD0;
        T inner = tap_row(in + input_offset(e.p, z, idxH[e.h * tapsH] - iH0, 0, iD, iH, iW), idxW, wW, tapsW, e.w, iW0);
        if (tapsH > 1) {
            inner *= wH[e.h * tapsH];
            for (int b = 1; b < tapsH; ++b) {
                const long y = idxH[e.h * tapsH + b] - iH0;
                inner += tap_row(in + input_offset(e.p, z, y, 0, iD, iH, iW), idxW, wW, tapsW, e.w, iW0) *
                         wH[e.h * tapsH + b];
            }
        }
        if (tapsD > 1) {
            if (a == 0) outer = inner * wD[e.d * tapsD];
            else outer += inner * wD[e.d * tapsD + a];
        } else {
            outer = inner;
        }
    }
    out[g] = outer;
}
