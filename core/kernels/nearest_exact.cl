// nearest-exact: the nearest gather on nearest-exact's tables (core/src/modes.cpp,
// floor((d + 0.5) * scale)); a copy, bit for bit.
__kernel void nearest_exact(UPSAMPLE_KERNEL_ARGS) {
    const long g = (long)get_global_id(0);
    if (g >= planes * oD * oH * oW) return;
    const OutputElement e = output_element(g, oD, oH, oW, oD0, oH0, oW0);
    out[g] = in[input_offset(e.p, idxD[e.d] - iD0, idxH[e.h] - iH0, idxW[e.w] - iW0, iD, iH, iW)];
}
