// antialias (bilinear and bicubic, 2-D): separable, one launch per resampled axis, as the CPU's
// antialiasKernel (core/src/cpu/antialias.cpp): the W pass first, into an intermediate in T,
// then the H pass. Output d reads the n[d] consecutive inputs from idx[d*taps] with the
// normalised weights w[d*taps + j], summed as v = x0*w0, then v += xj*wj.
// The axis that a pass does not resample comes with an identity table (index d, one tap).

// W pass: (planes, H, inW) -> (planes, H, outW).
__kernel void antialias_w(UPSAMPLE_KERNEL_ARGS) {
    const long g = (long)get_global_id(0);
    if (g >= planes * oD * oH * oW) return;
    const OutputElement e = output_element(g, oD, oH, oW, oD0, oH0, oW0);
    const long base = e.w * tapsW;
    __global const T* s = in + input_offset(e.p, idxD[e.d] - iD0, idxH[e.h] - iH0, idxW[base] - iW0, iD, iH, iW);
    T v = s[0] * wW[base];
    for (int j = 1; j < nW[e.w]; ++j) v += s[j] * wW[base + j];
    out[g] = v;
}

// H pass: (planes, inH, W) -> (planes, outH, W).
__kernel void antialias_h(UPSAMPLE_KERNEL_ARGS) {
    const long g = (long)get_global_id(0);
    if (g >= planes * oD * oH * oW) return;
    const OutputElement e = output_element(g, oD, oH, oW, oD0, oH0, oW0);
    const long base = e.h * tapsH;
    __global const T* s = in + input_offset(e.p, idxD[e.d] - iD0, idxH[base] - iH0, idxW[e.w] - iW0, iD, iH, iW);
    T v = s[0] * wH[base];
    for (int j = 1; j < nH[e.h]; ++j) v += s[j * iW] * wH[base + j];
    out[g] = v;
}
