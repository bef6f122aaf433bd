// bicubic: four taps per axis, Keys' weights with A = -0.75 (tables: core/src/modes.cpp),
// summed by taps.cl in the CPU's order, as fused multiply-adds (AxisTable::fusedSums).
// needs: fused_sums.cl
// needs: taps.cl
__kernel void bicubic(UPSAMPLE_KERNEL_ARGS) { tap_kernel(UPSAMPLE_KERNEL_ARG_NAMES); }
