// float16 and bfloat16, as the CPU's core/src/cpu/reduced_float.cpp computes them (and PyTorch
// 2.x): each 16-bit value widened exactly to float by bit manipulation (no cl_khr_fp16), the sums
// in float with the CPU's operations in the CPU's order (its fused multiply-adds as fma(), every
// other product and sum rounded on its own: FP_CONTRACT is off in common.cl), the result rounded
// to nearest even as floatToHalf / BFloat16Format::narrow do (NaN included). So both backends
// give the same bits. One work item per output element over (x, y, plane * oD + d); BF selects
// bfloat16 (else float16).
//
// Tables (per axis D, H, W; output-major as the CPU's AxisTable: entry d * k + j): idx* the
// input index of tap j (area: the window start idx[d]), w* its weight (rounded by the host as
// PyTorch's kernel keeps it), n* the taps (area: the window extents, one per output). Padded
// axes have one output reading index 0. first: the first real spatial axis (3 - spatial dims).
// The host builds the program per format and tap counts (-DBF=0|1 -DKD= -DKH= -DKW=): constants,
// so that the compiler unrolls the sums and vectorises across work items; the arguments bf, kD,
// kH, kW carry the same values.
#ifndef BF
#error "build with -DBF=0 (float16) or -DBF=1 (bfloat16) and -DKD, -DKH, -DKW"
#endif

float widen16(const ushort h, const int bf) {
    if (bf) return as_float((uint)h << 16);
    const uint sign = (uint)(h & 0x8000u) << 16;
    const uint exponent = (h >> 10) & 0x1fu, mantissa = h & 0x3ffu;
    if (exponent == 0x1fu) return as_float(sign | 0x7f800000u | (mantissa << 13));
    if (exponent != 0u) return as_float(sign | ((exponent + 112u) << 23) | (mantissa << 13));
    const float m = (float)mantissa * 0x1p-24f;  // subnormal or zero, exact
    return sign ? -m : m;
}

ushort narrow16(const float f, const int bf) {
    const uint x = as_uint(f);
    if (bf) {
        if (isnan(f)) return (ushort)0x7fc0u;
        return (ushort)((x + ((x >> 16) & 1u) + 0x7fffu) >> 16);
    }
    const uint sign = (x >> 16) & 0x8000u;
    const uint magnitude = x & 0x7fffffffu;
    if (magnitude > 0x7f800000u) return (ushort)(sign | 0x7e00u | ((magnitude >> 13) & 0x3ffu));  // NaN
    if (magnitude >= 0x477ff000u) return (ushort)(sign | 0x7c00u);  // rounds past 65504: inf
    if (magnitude < 0x38800000u) {  // a subnormal half or zero, rounded in float arithmetic (ties to even)
        const float scaled = as_float(magnitude) * 0x1p24f;  // exact; units of 2^-24
        const float rounded = scaled + 0x1p23f - 0x1p23f;
        return (ushort)(sign | (uint)rounded);
    }
    const uint rebased = magnitude - (112u << 23);
    const uint kept = rebased >> 13, rest = rebased & 0x1fffu;
    const uint carry = (rest > 0x1000u || (rest == 0x1000u && (kept & 1u))) ? 1u : 0u;
    return (ushort)(sign | (kept + carry));
}

#define REDUCED_ARGS \
    __global const ushort* restrict in, __global ushort* restrict out, \
    __global const int* restrict idxD, __global const float* restrict wD, __global const int* restrict nD, \
    __global const int* restrict idxH, __global const float* restrict wH, __global const int* restrict nH, \
    __global const int* restrict idxW, __global const float* restrict wW, __global const int* restrict nW, \
    const int kD, const int kH, const int kW, const int first, const int bf, const int planes, \
    const int iD, const int iH, const int iW, const int oD, const int oH, const int oW

// The work item's outputs: SEG consecutive ones along W from x0 (fewer at the end of a row) of
// row h of (plane p, d), the row starting at output offset orow. A loop over them (REDUCED_EACH)
// gives each output w its offset o.
#define SEG 32
#define REDUCED_ITEM \
    const int x0 = (int)get_global_id(0) * SEG, h = (int)get_global_id(1), z_ = (int)get_global_id(2); \
    const int p = z_ / oD, d = z_ - p * oD; \
    if (x0 >= oW || h >= oH || p >= planes) return; \
    const int x1 = min(x0 + SEG, oW); \
    const long orow = (((long)p * oD + d) * oH + h) * (long)oW; \
    __global const ushort* plane = in + (long)p * iD * iH * iW;
#define REDUCED_EACH for (int w = x0; w < x1; ++w)
#define REDUCED_AT const long o = orow + w;

// nearest, nearest-exact: the input widened and rounded back (as the CPU's float kernel path).
__kernel void reduced_gather(REDUCED_ARGS) {
    REDUCED_ITEM
    REDUCED_EACH {
        REDUCED_AT
        const long i = ((long)idxD[d * KD] * iH + idxH[h * KH]) * (long)iW + idxW[w * KW];
        out[o] = narrow16(widen16(plane[i], BF), BF);
    }
}

// PyTorch's generic linear-family and bicubic kernel (reduced_float.cpp, Nested): per axis from
// the first real one, fma(t0, w0, t1 * w1), then fma(tj, wj, v).
float sum_w(__global const ushort* row, __global const int* idxW, __global const float* wW, const int w) {
    const int b = w * KW;
    float v = fma(widen16(row[idxW[b]], BF), wW[b], widen16(row[idxW[b + 1]], BF) * wW[b + 1]);
    for (int j = 2; j < KW; ++j) v = fma(widen16(row[idxW[b + j]], BF), wW[b + j], v);
    return v;
}

float sum_hw(__global const ushort* slice, __global const int* idxH, __global const float* wH, __global const int* idxW,
             __global const float* wW, const int iW, const int h, const int w) {
    const int b = h * KH;
    float v = fma(sum_w(slice + (long)idxH[b] * iW, idxW, wW, w), wH[b], sum_w(slice + (long)idxH[b + 1] * iW, idxW, wW, w) * wH[b + 1]);
    for (int j = 2; j < KH; ++j) v = fma(sum_w(slice + (long)idxH[b + j] * iW, idxW, wW, w), wH[b + j], v);
    return v;
}

__kernel void reduced_taps(REDUCED_ARGS) {
    REDUCED_ITEM
    REDUCED_EACH {
        REDUCED_AT
        float v;
        if (first == 2) {
            v = sum_w(plane + (long)idxH[h * KH] * iW, idxW, wW, w);
        } else if (first == 1) {
            v = sum_hw(plane, idxH, wH, idxW, wW, iW, h, w);
        } else {
            const long slice = (long)iH * iW;
            const int b = d * KD;
            v = fma(sum_hw(plane + idxD[b] * slice, idxH, wH, idxW, wW, iW, h, w), wD[b],
                    sum_hw(plane + idxD[b + 1] * slice, idxH, wH, idxW, wW, iW, h, w) * wD[b + 1]);
            for (int j = 2; j < KD; ++j) v = fma(sum_hw(plane + idxD[b + j] * slice, idxH, wH, idxW, wW, iW, h, w), wD[b + j], v);
        }
        out[o] = narrow16(v, BF);
    }
}

// bilinear in PyTorch's channels-last kernel: weights h * w in float (wH, wW: the opmath weights,
// two per output), x00 w00 + x01 w01 + x10 w10 + x11 w11 as fma(x11, w11, fma(x10, w10, fma(x00,
// w00, x01 w01))).
__kernel void reduced_bilinear_cl(REDUCED_ARGS) {
    REDUCED_ITEM
    REDUCED_EACH {
        REDUCED_AT
        __global const ushort* row0 = plane + (long)idxH[2 * h] * iW;
        __global const ushort* row1 = plane + (long)idxH[2 * h + 1] * iW;
        const float h0 = wH[2 * h], h1 = wH[2 * h + 1], l0 = wW[2 * w], l1 = wW[2 * w + 1];
        const float w00 = h0 * l0, w01 = h0 * l1, w10 = h1 * l0, w11 = h1 * l1;
        const int x0 = idxW[2 * w], x1 = idxW[2 * w + 1];
        float v = fma(widen16(row0[x0], BF), w00, widen16(row0[x1], BF) * w01);
        v = fma(widen16(row1[x0], BF), w10, v);
        v = fma(widen16(row1[x1], BF), w11, v);
        out[o] = narrow16(v, BF);
    }
}

// area, 1-D and 2-D (the CPU's float area kernel on the widened values): the window's sum in
// float, z then y then x, divided by the H extent, then by the W extent.
__kernel void reduced_area(REDUCED_ARGS) {
    REDUCED_ITEM
    REDUCED_EACH {
        REDUCED_AT
        const int h0 = idxH[h], kh = nH[h], w0 = idxW[w], kw = nW[w];
        float sum = 0.0f;
        for (int y = h0; y < h0 + kh; ++y)
            for (int x = w0; x < w0 + kw; ++x) sum += widen16(plane[(long)y * iW + x], BF);
        float v = sum / (float)kh;
        out[o] = narrow16(v / (float)kw, BF);
    }
}

// 3-D area as PyTorch's adaptive_avg_pool3d keeps it: the sum in the 16-bit type (each addition
// rounded), then each of the three divisions rounded.
float rounded16(const float v) { return widen16(narrow16(v, BF), BF); }
__kernel void reduced_area3d(REDUCED_ARGS) {
    REDUCED_ITEM
    REDUCED_EACH {
        REDUCED_AT
        const int d0 = idxD[d], kd = nD[d], h0 = idxH[h], kh = nH[h], w0 = idxW[w], kw = nW[w];
        float sum = 0.0f;
        for (int z = d0; z < d0 + kd; ++z)
            for (int y = h0; y < h0 + kh; ++y)
                for (int x = w0; x < w0 + kw; ++x) sum = rounded16(sum + widen16(plane[((long)z * iH + y) * iW + x], BF));
        float v = rounded16(sum / (float)kd);
        v = rounded16(v / (float)kh);
        v = rounded16(v / (float)kw);
        out[o] = narrow16(v, BF);
    }
}

// area to one output per plane: input.mean(), a float sum over the plane in order, one division.
__kernel void reduced_mean(REDUCED_ARGS) {
    REDUCED_ITEM
    REDUCED_EACH {
        REDUCED_AT
        const long count = (long)iD * iH * iW;
        float sum = 0.0f;
        for (long i = 0; i < count; ++i) sum += widen16(plane[i], BF);
        out[o] = narrow16(sum / (float)count, BF);
    }
}
