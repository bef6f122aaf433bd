// area (adaptive average pooling): the window [idx[d], idx[d] + n[d]) of each axis
// (tables: core/src/modes.cpp), summed in row-major order from 0, then divided by each
// extent in turn, D only for 3-D inputs, as the CPU's areaKernel. Divisions are correctly
// rounded (-cl-fp32-correctly-rounded-divide-sqrt).
__kernel void area(UPSAMPLE_KERNEL_ARGS) {
    const long g = (long)get_global_id(0);
    if (g >= planes * oD * oH * oW) return;
    const OutputElement e = output_element(g, oD, oH, oW, oD0, oH0, oW0);
    const long z0 = idxD[e.d] - iD0, y0 = idxH[e.h] - iH0, x0 = idxW[e.w] - iW0;
    const int kd = nD[e.d], kh = nH[e.h], kw = nW[e.w];
    T sum = 0;
    for (long z = z0; z < z0 + kd; ++z)
        for (long y = y0; y < y0 + kh; ++y) {
            __global const T* row = in + input_offset(e.p, z, y, 0, iD, iH, iW);
            for (long x = x0; x < x0 + kw; ++x) sum += row[x];
        }
    T v = sum;
    if (dims == 3) v = v / (T)kd;
    v = v / (T)kh;
    out[g] = v / (T)kw;
}
