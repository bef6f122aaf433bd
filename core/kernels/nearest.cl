// nearest: a copy of in[idxD[d]][idxH[h]][idxW[w]], never arithmetic, so the result is the
// input's bits (tables: core/src/modes.cpp, floor(d * scale)).
// needs: gather.cl
__kernel void nearest(UPSAMPLE_KERNEL_ARGS) { gather_kernel(UPSAMPLE_KERNEL_ARG_NAMES); }
