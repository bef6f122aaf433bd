// copy: the floor of a device, for `upsample-cli bench`: out[i] = in[i] over n float4s, one per
// work item, as many bytes read and written as a resize of the same byte count moves.
__kernel void copy(__global const float4* restrict in, __global float4* restrict out, const int n) {
    const int i = (int)get_global_id(0);
    if (i < n) out[i] = in[i];
}

// store_probe: which stores write a large output faster on a CPU device, plain or streamed past
// the caches, measured once per device (core/src/opencl/store_probe.cpp). Each output row is the
// blend of two rows of an input half as tall (the vertical pass of a x2 upscale, the loads mostly
// from the caches, as the tap kernels' are): a work item computes 16 * PROBE_GROUPS consecutive
// outputs of PROBE_ROWS consecutive rows, row after row, in 16-wide vectors, as the tap blocks
// write theirs (taps.cl); with -DSTREAM_STORES=1 the stores are non-temporal (no read of each line
// first) where a row segment starts on a line, fenced at the item's end.
#ifndef PROBE_GROUPS
#define PROBE_GROUPS 4
#endif
#ifndef PROBE_ROWS
#define PROBE_ROWS 128
#endif
__kernel void store_probe(__global const float* restrict in, __global float* restrict out, const int width,
                          const int height) {
    const int x0 = (int)get_global_id(0) * 16 * PROBE_GROUPS;
    const int y0 = (int)get_global_id(1) * PROBE_ROWS;
    if (x0 + 16 * PROBE_GROUPS > width || y0 >= height) return;
    for (int y = y0; y < min(y0 + PROBE_ROWS, height); ++y) {
        const int top = min(y >> 1, height / 2 - 1), bottom = min(top + 1, height / 2 - 1);
        const float w = (y & 1) ? 0.75f : 0.25f;
        __global const float* a = in + (size_t)top * width + x0;
        __global const float* b = in + (size_t)bottom * width + x0;
        __global float* row = out + (size_t)y * width + x0;
        for (int g = 0; g < PROBE_GROUPS; ++g) {
            const float16 value = vload16(0, a + 16 * g) * (1.0f - w) + vload16(0, b + 16 * g) * w;
#ifdef STREAM_STORES
            if (((ulong)row & 63) == 0) {
                __builtin_nontemporal_store(value, (__global float16*)(row + 16 * g));
                continue;
            }
#endif
            vstore16(value, 0, row + 16 * g);
        }
    }
#ifdef STREAM_STORES
    stream_fence();
#endif
}
