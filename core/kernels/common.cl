// Prepended to every program: exact arithmetic, the scalar type T and the arguments that all
// kernels take. The host builds each program with -DT=float or -DT=double (with
// -DUPSAMPLE_FP64), never with -cl-fast-relaxed-math, and with
// -cl-fp32-correctly-rounded-divide-sqrt where the device has it.
//
// The kernels only gather and sum: where an output reads from, and with which weights, comes
// from the per-axis tables of a plan (core/src/plan/, built by core/src/modes.cpp), and the
// sums run in the same order as the CPU kernels', so both backends round alike.

// a * b + c stays two roundings, as on the CPU (built with -ffp-contract=off).
#pragma OPENCL FP_CONTRACT OFF

#ifdef UPSAMPLE_FP64
#pragma OPENCL EXTENSION cl_khr_fp64 : enable
#endif

#ifndef T
#error "build with -DT=float or -DT=double"
#endif

// Every kernel's arguments.
//  in, out:        the input and output boxes of this launch, contiguous (planes, D, H, W).
//  idx*, w*, n*:   the table of spatial axis D, H or W (taps.hpp's AxisTable): for output d,
//                  input indices idx[d*taps + j] (area: the window start idx[d]) with weights
//                  w[d*taps + j], n[d] taps in use (area: the window extent). Padded axes of
//                  1-D and 2-D inputs have one output, reading index 0 with weight 1.
//  dims:           spatial dims of the call (1, 2 or 3).
//  planes, o*:     the output box: planes x oD x oH x oW elements, the first at global
//                  output index (oD0, oH0, oW0). Tables are indexed with global indices.
//  i*:             the input box: iD x iH x iW elements per plane from global input index
//                  (iD0, iH0, iW0); table indices minus these offsets address the box.
#define UPSAMPLE_KERNEL_ARGS \
    __global const T* in, __global T* out, \
    __global const long* idxD, __global const T* wD, __global const int* nD, const int tapsD, \
    __global const long* idxH, __global const T* wH, __global const int* nH, const int tapsH, \
    __global const long* idxW, __global const T* wW, __global const int* nW, const int tapsW, \
    const int dims, const long planes, \
    const long oD, const long oH, const long oW, const long oD0, const long oH0, const long oW0, \
    const long iD, const long iH, const long iW, const long iD0, const long iH0, const long iW0

// The same names, to pass the arguments on to a helper.
#define UPSAMPLE_KERNEL_ARG_NAMES \
    in, out, idxD, wD, nD, tapsD, idxH, wH, nH, tapsH, idxW, wW, nW, tapsW, dims, planes, \
    oD, oH, oW, oD0, oH0, oW0, iD, iH, iW, iD0, iH0, iW0

// One output element: its plane and its global D, H, W indices.
typedef struct {
    long p, d, h, w;
} OutputElement;

// The element of work item g (one work item per output element; the host may round the
// global size up, so kernels return early when g >= planes * oD * oH * oW).
inline OutputElement output_element(const long g, const long oD, const long oH, const long oW, const long oD0,
                                    const long oH0, const long oW0) {
    OutputElement e;
    e.w = g % oW + oW0;
    e.h = (g / oW) % oH + oH0;
    e.d = (g / (oW * oH)) % oD + oD0;
    e.p = g / (oW * oH * oD);
    return e;
}

// Offset of the local input element (p, z, y, x) in the input box.
inline long input_offset(const long p, const long z, const long y, const long x, const long iD, const long iH,
                         const long iW) {
    return ((p * iD + z) * iH + y) * iW + x;
}
