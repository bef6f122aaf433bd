// Sums of taps as fused multiply-adds (taps.cl's TAP_FMA): fma(x0, w0, x1 * w1), then
// fma(xj, wj, v), as PyTorch's compiled bicubic kernel contracts them. A program that needs it
// names it before taps.cl.
#define TAP_FMA 1
