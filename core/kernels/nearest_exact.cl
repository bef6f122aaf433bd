// nearest-exact: the nearest gather on nearest-exact's tables (core/src/modes.cpp,
// floor((d + 0.5) * scale)); a copy, bit for bit.
// needs: gather.cl
__kernel void nearest_exact(UPSAMPLE_KERNEL_ARGS) { gather_kernel(UPSAMPLE_KERNEL_ARG_NAMES); }
