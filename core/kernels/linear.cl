// linear, bilinear, trilinear: two taps per axis (tables: core/src/modes.cpp), summed by
// taps.cl in the CPU's order.
// needs: taps.cl
__kernel void linear(UPSAMPLE_KERNEL_ARGS) { tap_kernel(UPSAMPLE_KERNEL_ARG_NAMES); }
