// The gather of nearest and nearest-exact (prepended to nearest.cl and nearest_exact.cl):
// out[p][d][h][x] = in[p][idxD[d]][idxH[h]][idxW[x]], a copy, never arithmetic, so the result
// is the input's bits. A work item owns VEC consecutive outputs of ROWS consecutive output rows:
// it reads its W indices once, and an output row with the same input row as the one before
// stores the values it has (upsampling repeats rows), as the CPU's gatherKernel copies them.

#if defined(TAP_PATTERN) && VEC == 8 && GROUPS > 1
// CPU devices, an integer scale (-DTAP_PATTERN=1, -DPAT0=<8 offsets in [0, 16)>, -DGROUPS=<blocks
// of 8>): a work item's GROUPS blocks of 8 outputs of ROWS rows, written row by row, so that its
// stores run along each row (PoCL loops over a group's work items, which write whole row
// segments one after the other). A block whose indices are the pattern is a shuffle of two
// vector loads, any other is gathered; a row with the same input row as the one before is a copy
// of that output row, as the CPU's gatherKernel copies it.
inline void gather_groups(UPSAMPLE_KERNEL_ARGS) {
    UPSAMPLE_ROWS_ITEM(it)
    const int x0 = it.x0, p = it.p, d = it.d;
    const int n = min(8 * GROUPS, oW - x0);
    const int z = idxD[oD0 + d] - iD0;
    const uint8 mask = (uint8)(PAT0);
    const int pat[8] = {PAT0};
    int c0[GROUPS];  // a block's first input column, or -1: gathered
#pragma unroll
    for (int g = 0; g < GROUPS; ++g) {
        const int k = 8 * g;
        c0[g] = k + 8 <= n ? idxW[oW0 + x0 + k] - iW0 : -1;
        bool fast = c0[g] >= 0 && c0[g] + 16 <= iW;
        for (int j = 1; j < 8 && fast; ++j) fast = idxW[oW0 + x0 + k + j] - iW0 - c0[g] == pat[j];
        if (!fast) c0[g] = -1;
    }
    __global T* dst = out + (((IDX)p * oD + d) * oH + it.h) * (IDX)oW + x0;
    int last = -1;
    for (int h = it.h; h < it.h1; ++h, dst += oW) {
        const int y = idxH[oH0 + h] - iH0;
        if (y == last) {
            for (int k = 0; k + 8 <= n; k += 8) STORE8(LOAD8(dst - oW + k), dst + k);
            for (int k = n / 8 * 8; k < n; ++k) dst[k] = dst[k - oW];
            continue;
        }
        last = y;
        __global const T* row = in + input_row(p, z, y, iD, iH, iW);
#pragma unroll
        for (int g = 0; g < GROUPS; ++g) {
            if (c0[g] >= 0) {
                STORE8(shuffle2(LOAD8(row + c0[g]), LOAD8(row + c0[g] + 8), mask), dst + 8 * g);
            } else {
                for (int j = 8 * g; j < 8 * g + 8 && j < n; ++j) dst[j] = row[idxW[oW0 + x0 + j] - iW0];
            }
        }
    }
}
#endif

#if defined(GATHER16) && VEC == 16
// CPU devices, float, where 16 consecutive outputs read at most 16 consecutive inputs with the
// same offsets along most of the row (an integer scale; -DGATHER16=<8 or 16: the inputs one
// vector load takes>, -DPAT16=<16 offsets in [0, GATHER16)>, -DGROUPS=<blocks of 16>): a work
// item's GROUPS blocks of 16 outputs over its ROWS rows. Each run of output rows with the same
// input row reads that row once: a block is one vector load and one permute (vpermps), stored to
// every row of the run while in a register; blocks off the pattern (the row's ends) are
// gathered. Consecutive items write consecutive row segments. With -DSTREAM_STORES=1 (outputs
// larger than the caches) the blocks go past them where the item's rows start on 64-byte lines
// (non-temporal: no read of each line first), fenced once at the item's end.
inline void gather16(UPSAMPLE_KERNEL_ARGS) {
    UPSAMPLE_ROWS_ITEM(it)
    const int x0 = it.x0, p = it.p;
    const int n = min(16 * GROUPS, oW - x0);
    const int z = idxD[oD0 + it.d] - iD0;
    const uint16 mask = (uint16)(PAT16);
    int c0[GROUPS];  // a block's first input column, or -1: gathered
#pragma unroll
    for (int g = 0; g < GROUPS; ++g) {
        const int k = 16 * g;
        c0[g] = -1;
        if (k + 16 <= n) {
            const int c = idxW[oW0 + x0 + k] - iW0;
            const int16 off = vload16(0, idxW + oW0 + x0 + k) - (c + iW0);
            if (c + GATHER16 <= iW && all(off == convert_int16(mask))) c0[g] = c;
        }
    }
    __global T* dst = UPSAMPLE_OUT_ROW(it) + x0;
#ifdef STREAM_STORES
    const bool stream = ((ulong)dst & (sizeof(T16) - 1)) == 0 && (oW * sizeof(T)) % sizeof(T16) == 0;
#endif
    for (int h = it.h; h < it.h1;) {
        const int y = idxH[oH0 + h] - iH0;
        int reps = 1;  // output rows with input row y
        while (h + reps < it.h1 && idxH[oH0 + h + reps] - iH0 == y) ++reps;
        __global const T* row = in + input_row(p, z, y, iD, iH, iW);
#pragma unroll
        for (int g = 0; g < GROUPS; ++g) {
            __global T* o = dst + 16 * g;
            if (c0[g] >= 0) {
#if GATHER16 == 8
                const T16 v = shuffle(LOAD8(row + c0[g]), mask);
#else
                const T16 v = shuffle(LOAD16(row + c0[g]), mask);
#endif
#ifdef STREAM_STORES
                if (stream) {
                    for (int r = 0; r < reps; ++r, o += oW) __builtin_nontemporal_store(v, (__global T16*)o);
                    continue;
                }
#endif
                for (int r = 0; r < reps; ++r, o += oW) STORE16(v, o);
            } else {
                for (int j = 16 * g; j < 16 * g + 16 && j < n; ++j) {
                    const T v = row[idxW[oW0 + x0 + j] - iW0];
                    for (int r = 0; r < reps; ++r) dst[(IDX)r * oW + j] = v;
                }
            }
        }
        h += reps;
        dst += (IDX)reps * oW;
    }
#ifdef STREAM_STORES
    stream_fence();
#endif
}
#endif

inline void gather_kernel(UPSAMPLE_KERNEL_ARGS) {
#if defined(GATHER16) && VEC == 16
    gather16(UPSAMPLE_KERNEL_ARG_NAMES);
    return;
#endif
#if defined(TAP_PATTERN) && VEC == 8 && GROUPS > 1
    gather_groups(UPSAMPLE_KERNEL_ARG_NAMES);
    return;
#endif
    UPSAMPLE_ROWS_ITEM(it)
    const int x0 = it.x0, h0 = it.h, p = it.p, d = it.d;
    const int n = min(VEC, oW - x0);
    int ix[VEC];
#pragma unroll
    for (int k = 0; k < VEC; ++k) ix[k] = idxW[oW0 + x0 + min(k, n - 1)] - iW0;  // past the row's end: never stored
    const int z = idxD[oD0 + d] - iD0;
    __global T* dst = out + (((IDX)p * oD + d) * oH + h0) * (IDX)oW + x0;
    const int h1 = it.h1;
    int last = -1;
#if defined(TAP_PATTERN) && VEC == 8
    // An integer scale repeats the same input offsets every 8 outputs (-DTAP_PATTERN=1,
    // -DPAT0=<8 offsets in [0, 16)>, as taps.cl): where the item's are those, an output row is
    // a shuffle of two vector loads.
    const int c0 = ix[0];
    bool fast = n == 8 && c0 + 16 <= iW;
    {
        const int pat[8] = {PAT0};
#pragma unroll
        for (int k = 0; k < 8; ++k) fast = fast && ix[k] - c0 == pat[k];
    }
    if (fast) {
        const uint8 mask = (uint8)(PAT0);
        T8 g = 0;
        for (int h = h0; h < h1; ++h, dst += oW) {
            const int y = idxH[oH0 + h] - iH0;
            if (y != last) {
                __global const T* row = in + input_row(p, z, y, iD, iH, iW) + c0;
                g = shuffle2(LOAD8(row), LOAD8(row + 8), mask);
                last = y;
            }
            STORE8(g, dst);
        }
        return;
    }
#endif
    T v[VEC];
    for (int h = h0; h < h1; ++h, dst += oW) {
        const int y = idxH[oH0 + h] - iH0;
        if (y != last) {
            __global const T* row = in + input_row(p, z, y, iD, iH, iW);
#pragma unroll
            for (int k = 0; k < VEC; ++k) v[k] = row[ix[k]];
            last = y;
        }
        UPSAMPLE_STORE(dst, v, n);
    }
}
