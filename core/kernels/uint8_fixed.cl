// uint8 bilinear and bicubic in fixed point, as the CPU's core/src/cpu/uint8_resample.cpp (and
// PyTorch 2.x): integer arithmetic only, so both backends give the same bytes. Per axis the host
// passes the window of each output (start, count) and its int16 weights (taps per output), scaled
// by 2^precision (core/include/upsample/fixed_point.hpp). An output is
// clamp((2^(precision-1) + sum of pixel * weight) >> precision, 0, 255), the sum in 32-bit ints.
// One work item per output element: (x, row) over a 2-D range.

uchar fixed_point_result(int acc, int precision) {
    // a negative sum gives 0 whatever the shift does with its sign
    return acc < 0 ? (uchar)0 : (uchar)min(acc >> precision, 255);
}

// W pass: (rows, inW) -> (rows, outW).
__kernel void uint8_w(__global const uchar* in, __global uchar* out, __global const int* start,
                      __global const int* count, __global const short* k, const int taps, const int precision,
                      const int inW, const int outW, const int rows) {
    const int x = get_global_id(0), r = get_global_id(1);
    if (x >= outW || r >= rows) return;
    __global const uchar* src = in + (long)r * inW + start[x];
    __global const short* w = k + x * taps;
    int acc = 1 << (precision - 1);
    for (int j = 0, n = count[x]; j < n; ++j) acc += (int)src[j] * (int)w[j];
    out[(long)r * outW + x] = fixed_point_result(acc, precision);
}

// H pass: (planes, inH, width) -> (planes, outH, width); rows = planes * outH. repeatFirst: every
// output row takes row 0's window and weights (fixed_point.hpp, repeatsFirstRow).
__kernel void uint8_h(__global const uchar* in, __global uchar* out, __global const int* start,
                      __global const int* count, __global const short* k, const int taps, const int precision,
                      const int inH, const int outH, const int width, const int rows, const int repeatFirst) {
    const int x = get_global_id(0), r = get_global_id(1);
    if (x >= width || r >= rows) return;
    const int p = r / outH, y = repeatFirst ? 0 : r % outH;
    __global const uchar* src = in + ((long)p * inH + start[y]) * width + x;
    __global const short* w = k + y * taps;
    int acc = 1 << (precision - 1);
    for (int j = 0, n = count[y]; j < n; ++j) acc += (int)src[(long)j * width] * (int)w[j];
    out[(long)r * width + x] = fixed_point_result(acc, precision);
}
