// float16 and bfloat16, as the CPU's core/src/cpu/reduced_float.cpp computes them (and PyTorch
// 2.x): each 16-bit value widened exactly to float by bit manipulation (no cl_khr_fp16), the sums
// in float with the CPU's operations in the CPU's order (its fused multiply-adds as fma(), every
// other product and sum rounded on its own: FP_CONTRACT is off in common.cl), the result rounded
// to nearest even as floatToHalf / BFloat16Format::narrow do (NaN included). So both backends
// give the same bits. One work item per output element over (x, y, plane * oD + d); bf selects
// bfloat16 (else float16).
//
// Tables (per axis D, H, W; output-major as the CPU's AxisTable: entry d * k + j): idx* the
// input index of tap j (area: the window start idx[d]), w* its weight (rounded by the host as
// PyTorch's kernel keeps it), n* the taps (area: the window extents, one per output). Padded
// axes have one output reading index 0. first: the first real spatial axis (3 - spatial dims).

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

// The work item's output (p, d, h, w) and its offset; returns for the padding of the range.
#define REDUCED_ITEM \
    const int w = (int)get_global_id(0), h = (int)get_global_id(1), z_ = (int)get_global_id(2); \
    const int p = z_ / oD, d = z_ - p * oD; \
    if (w >= oW || h >= oH || p >= planes) return; \
    const long o = (((long)p * oD + d) * oH + h) * (long)oW + w; \
    __global const ushort* plane = in + (long)p * iD * iH * iW;

// nearest, nearest-exact: the input widened and rounded back (as the CPU's float kernel path).
__kernel void reduced_gather(REDUCED_ARGS) {
    REDUCED_ITEM
    const long i = ((long)idxD[d * kD] * iH + idxH[h * kH]) * (long)iW + idxW[w * kW];
    out[o] = narrow16(widen16(plane[i], bf), bf);
}

// PyTorch's generic linear-family and bicubic kernel (reduced_float.cpp, Nested): per axis from
// the first real one, fma(t0, w0, t1 * w1), then fma(tj, wj, v).
float sum_w(__global const ushort* row, __global const int* idxW, __global const float* wW, const int kW, const int w,
            const int bf) {
    const int b = w * kW;
    float v = fma(widen16(row[idxW[b]], bf), wW[b], widen16(row[idxW[b + 1]], bf) * wW[b + 1]);
    for (int j = 2; j < kW; ++j) v = fma(widen16(row[idxW[b + j]], bf), wW[b + j], v);
    return v;
}

float sum_hw(__global const ushort* slice, __global const int* idxH, __global const float* wH, const int kH,
             __global const int* idxW, __global const float* wW, const int kW, const int iW, const int h, const int w,
             const int bf) {
    const int b = h * kH;
    float v = fma(sum_w(slice + (long)idxH[b] * iW, idxW, wW, kW, w, bf), wH[b],
                  sum_w(slice + (long)idxH[b + 1] * iW, idxW, wW, kW, w, bf) * wH[b + 1]);
    for (int j = 2; j < kH; ++j) v = fma(sum_w(slice + (long)idxH[b + j] * iW, idxW, wW, kW, w, bf), wH[b + j], v);
    return v;
}

__kernel void reduced_taps(REDUCED_ARGS) {
    REDUCED_ITEM
    float v;
    if (first == 2) {
        v = sum_w(plane + (long)idxH[h * kH] * iW, idxW, wW, kW, w, bf);
    } else if (first == 1) {
        v = sum_hw(plane, idxH, wH, kH, idxW, wW, kW, iW, h, w, bf);
    } else {
        const long slice = (long)iH * iW;
        const int b = d * kD;
        v = fma(sum_hw(plane + idxD[b] * slice, idxH, wH, kH, idxW, wW, kW, iW, h, w, bf), wD[b],
                sum_hw(plane + idxD[b + 1] * slice, idxH, wH, kH, idxW, wW, kW, iW, h, w, bf) * wD[b + 1]);
        for (int j = 2; j < kD; ++j)
            v = fma(sum_hw(plane + idxD[b + j] * slice, idxH, wH, kH, idxW, wW, kW, iW, h, w, bf), wD[b + j], v);
    }
    out[o] = narrow16(v, bf);
}

// bilinear in PyTorch's channels-last kernel: weights h * w in float (wH, wW: the opmath weights,
// two per output), x00 w00 + x01 w01 + x10 w10 + x11 w11 as fma(x11, w11, fma(x10, w10, fma(x00,
// w00, x01 w01))).
__kernel void reduced_bilinear_cl(REDUCED_ARGS) {
    REDUCED_ITEM
    __global const ushort* row0 = plane + (long)idxH[2 * h] * iW;
    __global const ushort* row1 = plane + (long)idxH[2 * h + 1] * iW;
    const float h0 = wH[2 * h], h1 = wH[2 * h + 1], l0 = wW[2 * w], l1 = wW[2 * w + 1];
    const float w00 = h0 * l0, w01 = h0 * l1, w10 = h1 * l0, w11 = h1 * l1;
    const int x0 = idxW[2 * w], x1 = idxW[2 * w + 1];
    float v = fma(widen16(row0[x0], bf), w00, widen16(row0[x1], bf) * w01);
    v = fma(widen16(row1[x0], bf), w10, v);
    v = fma(widen16(row1[x1], bf), w11, v);
    out[o] = narrow16(v, bf);
}

// area, 1-D and 2-D (the CPU's float area kernel on the widened values): the window's sum in
// float, z then y then x, divided by the H extent, then by the W extent.
__kernel void reduced_area(REDUCED_ARGS) {
    REDUCED_ITEM
    const int h0 = idxH[h], kh = nH[h], w0 = idxW[w], kw = nW[w];
    float sum = 0.0f;
    for (int y = h0; y < h0 + kh; ++y)
        for (int x = w0; x < w0 + kw; ++x) sum += widen16(plane[(long)y * iW + x], bf);
    float v = sum / (float)kh;
    out[o] = narrow16(v / (float)kw, bf);
}

// 3-D area as PyTorch's adaptive_avg_pool3d keeps it: the sum in the 16-bit type (each addition
// rounded), then each of the three divisions rounded.
float rounded16(const float v, const int bf) { return widen16(narrow16(v, bf), bf); }
__kernel void reduced_area3d(REDUCED_ARGS) {
    REDUCED_ITEM
    const int d0 = idxD[d], kd = nD[d], h0 = idxH[h], kh = nH[h], w0 = idxW[w], kw = nW[w];
    float sum = 0.0f;
    for (int z = d0; z < d0 + kd; ++z)
        for (int y = h0; y < h0 + kh; ++y)
            for (int x = w0; x < w0 + kw; ++x) sum = rounded16(sum + widen16(plane[((long)z * iH + y) * iW + x], bf), bf);
    float v = rounded16(sum / (float)kd, bf);
    v = rounded16(v / (float)kh, bf);
    v = rounded16(v / (float)kw, bf);
    out[o] = narrow16(v, bf);
}

// area to one output per plane: input.mean(), a float sum over the plane in order, one division.
__kernel void reduced_mean(REDUCED_ARGS) {
    REDUCED_ITEM
    const long count = (long)iD * iH * iW;
    float sum = 0.0f;
    for (long i = 0; i < count; ++i) sum += widen16(plane[i], bf);
    out[o] = narrow16(sum / (float)count, bf);
}
