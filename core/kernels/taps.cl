// The nested weighted sum of the linear modes and bicubic (prepended to linear.cl and
// bicubic.cl), in the order of the CPU's tapRows (core/src/cpu/linear.cpp), with the tap
// counts KD, KH, KW of the tables fixed at build time:
//   for each D tap a:  for each H tap b:  row_ab = x[0]*wW[0] + x[1]*wW[1], then += x[c]*wW[c]
//                      inner_a = row_a0 * wH[0] + row_a1 * wH[1], then += row_ab * wH[b]
//   outer = inner_0 * wD[0], then += inner_a * wD[a]
// (bicubic, TAP_FMA: each "p + q*w" a fused multiply-add, TAP_FIRST / TAP_NEXT below).
// An axis with a single tap (a padded one) skips its multiply, as the CPU's KH == 1 / KD == 1.
//
// Separable, as the CPU, in two forms: on CPU devices 8 x 8 blocks (TAP_BLOCKS, below); on
// GPUs and elsewhere a work item owns VEC consecutive outputs of ROWS consecutive output
// rows. The W sums (row_ab) of the input rows that one output row reads are kept for the next
// output row, which mostly reads the same input rows again when upsampling; a W sum is the same
// number whether computed once or twice, so the bits do not depend on ROWS. The W taps of the
// item are read once (tap-major tables: consecutive work items read consecutive entries). The
// VEC outputs are one OpenCL vector (float8 ...): element-wise IEEE operations, the same
// roundings as VEC scalar ones, in SIMD registers on any compiler.
#if !defined(KD) || !defined(KH) || !defined(KW)
#error "build with -DKD, -DKH and -DKW (the tap counts of the D, H and W tables)"
#endif
#define KR (KD * KH)

// The first two taps of a sum, and each further one, as the CPU's tap kernel (linear.cpp) forms
// them: x0 * w0 + x1 * w1, then v + x * w; with TAP_FMA (bicubic: fused_sums.cl, before this file)
// fma(x0, w0, x1 * w1), then fma(x, w, v), as PyTorch's compiled kernel contracts them (FP_CONTRACT
// is off in common.cl: nothing else is fused). V is the vector type; scalar weights are broadcast.
#if TAP_FMA
#if KD > 1
#error "fused sums are bicubic's, a 2-D mode (KD == 1)"
#endif
#define TAP_FIRST(V, x0, w0, x1, w1) fma((V)(x0), (V)(w0), (V)(x1) * (V)(w1))
#define TAP_NEXT(V, v, x, w) fma((V)(x), (V)(w), (v))
#else
#define TAP_FIRST(V, x0, w0, x1, w1) ((V)(x0) * (V)(w0) + (V)(x1) * (V)(w1))
#define TAP_NEXT(V, v, x, w) ((v) + (V)(x) * (V)(w))
#endif

#if TAP_STRIPS
// On CPU devices, float, 2-D (-DTAP_STRIPS=<8 or 16: the inputs that 16 outputs read fit one
// vector load of that many>, -DPAT16_0..PAT16_<KW-1>=<16 offsets>, -DVEC=16, -DGROUPS=<blocks of
// 16 outputs>, -DROWS): a work item owns GROUPS x 16 consecutive outputs of ROWS output rows,
// row after row, so that a work group's stores run along whole rows (a plane narrower than an
// item: one sequential run). The W sums of the KH input rows that an output row reads are kept
// in slots (input row y in slot y % KH: an output row's H taps are KH consecutive rows, or
// repeats at the borders, checked by the host), so that each input row's W sums are computed
// once per item; a block whose taps are the pattern from its first input (all but the border
// blocks) takes them from one vector load by one permute per tap, the others gather. The same
// operations as below, in the same order.
inline T16 strip_w_sum(__global const T* row, __global const int* restrict idxW, __global const T* restrict wW,
                       const int sW, const int gx, const int iW0, const int c0) {
    if (c0 >= 0) {
#if TAP_STRIPS == 8
        const T8 v = LOAD8(row + c0);
#else
        const T16 v = LOAD16(row + c0);
#endif
        const uint16 mask[KW] = {(uint16)(PAT16_0), (uint16)(PAT16_1)
#if KW > 2
                                 , (uint16)(PAT16_2), (uint16)(PAT16_3)
#endif
        };
        T16 acc = TAP_FIRST(T16, shuffle(v, mask[0]), LOAD16(wW + gx), shuffle(v, mask[1]), LOAD16(wW + sW + gx));
#pragma unroll
        for (int c = 2; c < KW; ++c) acc = TAP_NEXT(T16, acc, shuffle(v, mask[c]), LOAD16(wW + c * sW + gx));
        return acc;
    }
    T g[16];
#pragma unroll
    for (int k = 0; k < 16; ++k) g[k] = row[idxW[gx + k] - iW0];
    const T16 first = vload16(0, g);
#pragma unroll
    for (int k = 0; k < 16; ++k) g[k] = row[idxW[sW + gx + k] - iW0];
    T16 acc = TAP_FIRST(T16, first, LOAD16(wW + gx), vload16(0, g), LOAD16(wW + sW + gx));
#pragma unroll
    for (int c = 2; c < KW; ++c) {
#pragma unroll
        for (int k = 0; k < 16; ++k) g[k] = row[idxW[c * sW + gx + k] - iW0];
        acc = TAP_NEXT(T16, acc, vload16(0, g), LOAD16(wW + c * sW + gx));
    }
    return acc;
}

inline void tap_kernel(UPSAMPLE_KERNEL_ARGS) {
    UPSAMPLE_ROWS_ITEM(it)
    const int n = min(16 * GROUPS, oW - it.x0);
    const int full = n / 16;  // whole blocks; the rest of the row one output at a time
    const int gx = oW0 + it.x0;
    const int masks[KW][16] = {{PAT16_0}, {PAT16_1}
#if KW > 2
                               , {PAT16_2}, {PAT16_3}
#endif
    };
    int c0[GROUPS];  // a block's first input column where it has the pattern, else -1
#pragma unroll
    for (int g = 0; g < GROUPS; ++g) {
        c0[g] = -1;
        if (g < full) {
            int lo = 1 << 30;
#pragma unroll
            for (int c = 0; c < KW; ++c)
#pragma unroll
                for (int k = 0; k < 16; ++k) lo = min(lo, idxW[c * sW + gx + 16 * g + k]);
            bool fast = lo - iW0 + TAP_STRIPS <= iW;
#pragma unroll
            for (int c = 0; c < KW; ++c)
#pragma unroll
                for (int k = 0; k < 16; ++k) fast = fast && idxW[c * sW + gx + 16 * g + k] - lo == masks[c][k];
            if (fast) c0[g] = lo - iW0;
        }
    }
    const int z = idxD[oD0 + it.d] - iD0;
    int key[KH];  // the input row in each slot, -1: none yet
    T16 hr[KH][GROUPS];
#pragma unroll
    for (int b = 0; b < KH; ++b) key[b] = -1;
    __global T* dst = UPSAMPLE_OUT_ROW(it) + it.x0;
    for (int h = it.h; h < it.h1; ++h, dst += oW) {
        const int gh = oH0 + h;
        int slot[KH];
        T wy[KH];
#pragma unroll
        for (int b = 0; b < KH; ++b) {
            const int y = idxH[b * sH + gh] - iH0;
            const int s = y % KH;
            slot[b] = s;
            wy[b] = wH[b * sH + gh];
            if (key[s] != y) {
                key[s] = y;
                __global const T* row = in + input_row(it.p, z, y, iD, iH, iW);
#pragma unroll
                for (int g = 0; g < GROUPS; ++g)
                    if (g < full) hr[s][g] = strip_w_sum(row, idxW, wW, sW, gx + 16 * g, iW0, c0[g]);
            }
        }
#pragma unroll
        for (int g = 0; g < GROUPS; ++g) {
            if (g < full) {
                T16 inner = hr[slot[0]][g];
                if (KH > 1) {
                    inner = TAP_FIRST(T16, inner, wy[0], hr[slot[1]][g], wy[1]);
#pragma unroll
                    for (int b = 2; b < KH; ++b) inner = TAP_NEXT(T16, inner, hr[slot[b]][g], wy[b]);
                }
#ifdef STREAM_STORES
                // a large output on a device that writes them faster streamed (the host's store
                // probe): whole aligned lines past the caches
                if (((ulong)(dst + 16 * g) & (sizeof(T16) - 1)) == 0) {
                    __builtin_nontemporal_store(inner, (__global T16*)(dst + 16 * g));
                    continue;
                }
#endif
                STORE16(inner, dst + 16 * g);
            }
        }
        for (int k = 16 * full; k < n; ++k) {  // past the last whole block
            T rv[KH];
#pragma unroll
            for (int b = 0; b < KH; ++b) {
                __global const T* row = in + input_row(it.p, z, idxH[b * sH + gh] - iH0, iD, iH, iW);
                T v = TAP_FIRST(T, row[idxW[gx + k] - iW0], wW[gx + k], row[idxW[sW + gx + k] - iW0], wW[sW + gx + k]);
#pragma unroll
                for (int c = 2; c < KW; ++c) v = TAP_NEXT(T, v, row[idxW[c * sW + gx + k] - iW0], wW[c * sW + gx + k]);
                rv[b] = v;
            }
            T inner = rv[0];
            if (KH > 1) {
                inner = TAP_FIRST(T, rv[0], wy[0], rv[1], wy[1]);
#pragma unroll
                for (int b = 2; b < KH; ++b) inner = TAP_NEXT(T, inner, rv[b], wy[b]);
            }
            dst[k] = inner;
        }
    }
#ifdef STREAM_STORES
    stream_fence();
#endif
}
#elif TAP_BLOCKS
// On CPU devices (-DTAP_BLOCKS=1, -DVEC=8, -DGROUPS=<blocks of 8 outputs per item>,
// -DCSPAN=<input columns that 8 consecutive outputs read, a multiple of 8>, -DRSPAN=<input rows
// that ROWS consecutive output rows read, a multiple of 8>): a work item computes GROUPS x 8
// consecutive outputs of ROWS output rows in two steps, as the CPU's row cache does.
// First the W sums of every input row the tile reads, into a private array of T8 rows, by the
// fastest form that applies to the item: on AVX-512, two-source permutes of 32 loaded inputs
// per 16 outputs (tap_permute_rows); where an integer scale repeats its offsets, shuffles fixed
// at build time (tap_pattern_rows); else 8 x 8 blocks (tap_block_rows): the input columns that
// 8 outputs read are loaded 8 x 8 with vector loads and transposed (lane = row), each output's W
// sum is a vector sum over 8 rows (the weights broadcast), and the results are transposed back.
// Then each output row is the vertical sum of its KH (x KD) rows of that array, one vector per
// tap (16-wide for pairs of blocks): the row's H taps and weights are read once for all GROUPS
// blocks, its stores are GROUPS x 8 consecutive values, streamed past the caches for large
// outputs. Every value gets the operations above in their order, in every form.

#ifdef TAP_PATTERN
// An integer scale repeats the same input offsets every 8 outputs (-DTAP_PATTERN=1,
// -DPAT0..PAT<KW-1>=<8 offsets in [0, 16)>, float only): where a block's taps are those offsets
// from its first input column c0 (all but the border blocks), the W sums of a row come from two
// vector loads and one shuffle per tap, the masks fixed at build time. Returns c0 for such a
// block (block g of the item), else -1.
inline int tap_block_pattern(__global const int* restrict idxW, const int sW, const int oW, const int oW0,
                             const int iW, const int iW0, const int x0) {
    if (oW - x0 < 8) return -1;
    const int pat[KW][8] = {{PAT0}, {PAT1}
#if KW > 2
                            , {PAT2}, {PAT3}
#endif
#if KW > 4
                            , {PAT4}, {PAT5}, {PAT6}, {PAT7}
#endif
    };
    int c0 = 1 << 30;
#pragma unroll
    for (int c = 0; c < KW; ++c)
#pragma unroll
        for (int k = 0; k < 8; ++k) c0 = min(c0, idxW[c * sW + oW0 + x0 + k] - iW0);
    bool fast = c0 + 16 <= iW;
#pragma unroll
    for (int c = 0; c < KW; ++c)
#pragma unroll
        for (int k = 0; k < 8; ++k) fast = fast && idxW[c * sW + oW0 + x0 + k] - iW0 - c0 == pat[c][k];
    return fast ? c0 : -1;
}

// The W sums of all GROUPS blocks of the item on input rows [y0, y1) into hr, where every block
// has the pattern (c0[g]: its first input column), a row of all blocks at a time.
inline void tap_pattern_rows(UPSAMPLE_KERNEL_ARGS, const Item it, const int c0[GROUPS], const int y0, const int y1,
                             T8* hr) {
    const uint8 mask[KW] = {(uint8)(PAT0), (uint8)(PAT1)
#if KW > 2
                            , (uint8)(PAT2), (uint8)(PAT3)
#endif
#if KW > 4
                            , (uint8)(PAT4), (uint8)(PAT5), (uint8)(PAT6), (uint8)(PAT7)
#endif
    };
    const int gx = oW0 + it.x0;
    T8 wv[GROUPS][KW];
#pragma unroll
    for (int g = 0; g < GROUPS; ++g)
#pragma unroll
        for (int c = 0; c < KW; ++c) wv[g][c] = LOAD8(wW + c * sW + gx + 8 * g);
    const int gd = oD0 + it.d;
#pragma unroll
    for (int a = 0; a < KD; ++a) {
        const int z = idxD[a * sD + gd] - iD0;
        __global const T* row = in + input_row(it.p, z, y0, iD, iH, iW);
        T8* dst = hr + a * RSPAN * GROUPS;
        for (int y = y0; y < y1; ++y, row += iW, dst += GROUPS) {
#pragma unroll
            for (int g = 0; g < GROUPS; ++g) {
                const T8 lo = LOAD8(row + c0[g]), hi = LOAD8(row + c0[g] + 8);
                T8 acc = TAP_FIRST(T8, shuffle2(lo, hi, mask[0]), wv[g][0], shuffle2(lo, hi, mask[1]), wv[g][1]);
#pragma unroll
                for (int c = 2; c < KW; ++c) acc = TAP_NEXT(T8, acc, shuffle2(lo, hi, mask[c]), wv[g][c]);
                dst[g] = acc;
            }
        }
    }
}
#endif

#if defined(__AVX512F__) && defined(__clang__) && !defined(UPSAMPLE_FP64) && GROUPS % 2 == 0
#define TAP_PERMUTE 1
typedef int I16u __attribute__((ext_vector_type(16), aligned(4)));
// On AVX-512 CPUs, float: the W sums of all GROUPS blocks of a whole item (x0: its first output)
// on input rows [y0, y1) into hr, blocks two by two, for any table whose 16 outputs read at most
// 32 consecutive inputs (integer scales or not, align_corners, downscales to 1/2): those inputs
// are two 16-wide loads, and each tap's 16 values one two-source permute of them (vpermt2ps) by
// the pair's offsets, read once per item. Returns false, computing nothing, where a pair's inputs
// do not fit.
inline bool tap_permute_rows(UPSAMPLE_KERNEL_ARGS, const Item it, const int y0, const int y1, T8* hr) {
    const int gx = oW0 + it.x0;
    int c0[GROUPS / 2];
    I16u off[GROUPS / 2][KW];
#pragma unroll
    for (int q = 0; q < GROUPS / 2; ++q) {
        int16 mn = *(__global const I16u*)(idxW + gx + 16 * q), mx = mn;
        off[q][0] = mn;
#pragma unroll
        for (int c = 1; c < KW; ++c) {
            off[q][c] = *(__global const I16u*)(idxW + c * sW + gx + 16 * q);
            mn = min(mn, (int16)off[q][c]);
            mx = max(mx, (int16)off[q][c]);
        }
        const int8 mn8 = min(mn.lo, mn.hi), mx8 = max(mx.lo, mx.hi);  // the 16 lanes' least and most, by halves
        const int4 mn4 = min(mn8.lo, mn8.hi), mx4 = max(mx8.lo, mx8.hi);
        const int2 mn2 = min(mn4.lo, mn4.hi), mx2 = max(mx4.lo, mx4.hi);
        const int lo = min(mn2.x, mn2.y), hi = max(mx2.x, mx2.y);
        c0[q] = lo - iW0;
        if (hi - lo >= 32 || c0[q] + 32 > iW) return false;
#pragma unroll
        for (int c = 0; c < KW; ++c) off[q][c] -= lo;
    }
    T16u wv[GROUPS / 2][KW];
#pragma unroll
    for (int q = 0; q < GROUPS / 2; ++q)
#pragma unroll
        for (int c = 0; c < KW; ++c) wv[q][c] = LOAD16(wW + c * sW + gx + 16 * q);
    const int gd = oD0 + it.d;
#pragma unroll
    for (int a = 0; a < KD; ++a) {
        const int z = idxD[a * sD + gd] - iD0;
        __global const T* row = in + input_row(it.p, z, y0, iD, iH, iW);
        T8* dst = hr + a * RSPAN * GROUPS;
        for (int y = y0; y < y1; ++y, row += iW, dst += GROUPS) {
#pragma unroll
            for (int q = 0; q < GROUPS / 2; ++q) {
                const T16u l = LOAD16(row + c0[q]), h = LOAD16(row + c0[q] + 16);
                T16u x[KW];
#pragma unroll
                for (int c = 0; c < KW; ++c) x[c] = __builtin_ia32_vpermi2varps512(l, off[q][c], h);
                T16u acc = TAP_FIRST(T16u, x[0], wv[q][0], x[1], wv[q][1]);
#pragma unroll
                for (int c = 2; c < KW; ++c) acc = TAP_NEXT(T16u, acc, x[c], wv[q][c]);
                *(T16u*)(dst + 2 * q) = acc;
            }
        }
    }
    return true;
}
#endif

// The W sums of 8 outputs (block g of the item) on input rows [y0, y1) into hr[(a * RSPAN + y -
// y0) * GROUPS + g], for each D tap a: the input columns the 8 outputs read are loaded 8 x 8
// and transposed, 8 rows at a time.
inline void tap_block_rows(UPSAMPLE_KERNEL_ARGS, const Item it, const int g, const int y0, const int y1,
                           T8* hr) {
    const int x0 = it.x0 + 8 * g;
    const int n = min(8, oW - x0);
    const int gx = oW0 + x0;
    const int gd = oD0 + it.d;
    int ix[KW][8];
    T wx[KW][8];
    int c0 = 1 << 30, c1 = -1;  // the input columns [c0, c1) the 8 outputs read
#pragma unroll
    for (int c = 0; c < KW; ++c)
#pragma unroll
        for (int k = 0; k < 8; ++k) {
            const int x = gx + min(k, n - 1);  // past the row's end: a repeat, never stored
            ix[c][k] = idxW[c * sW + x] - iW0;
            wx[c][k] = wW[c * sW + x];
            c0 = min(c0, ix[c][k]);
            c1 = max(c1, ix[c][k] + 1);
        }
#pragma unroll
    for (int a = 0; a < KD; ++a) {
        const int z = idxD[a * sD + gd] - iD0;
        for (int yb = y0; yb < y1; yb += 8) {
            __global const T* src[8];
#pragma unroll
            for (int r = 0; r < 8; ++r)  // past the last row: a repeat, never read
                src[r] = in + input_row(it.p, z, min(yb + r, y1 - 1), iD, iH, iW);
            T8 cols[CSPAN];  // cols[c - c0]: input column c of the 8 rows
            load_columns8(src, c0, c1, iW, cols);
            T8 v[8];
#pragma unroll
            for (int k = 0; k < 8; ++k) {
                T8 acc = TAP_FIRST(T8, cols[ix[0][k] - c0], wx[0][k], cols[ix[1][k] - c0], wx[1][k]);
#pragma unroll
                for (int c = 2; c < KW; ++c) acc = TAP_NEXT(T8, acc, cols[ix[c][k] - c0], wx[c][k]);
                v[k] = acc;
            }
            transpose8(v);
#pragma unroll
            for (int r = 0; r < 8; ++r)
                if (yb + r < y1) hr[(a * RSPAN + yb + r - y0) * GROUPS + g] = v[r];
        }
    }
}

inline void tap_kernel(UPSAMPLE_KERNEL_ARGS) {
    UPSAMPLE_ROWS_ITEM(it)
    int y0 = 1 << 30, y1 = -1;  // the input rows [y0, y1) the tile reads
    for (int h = it.h; h < it.h1; ++h)
#pragma unroll
        for (int b = 0; b < KH; ++b) {
            const int y = idxH[b * sH + oH0 + h] - iH0;
            y0 = min(y0, y);
            y1 = max(y1, y + 1);
        }
    const int groups = min(GROUPS, (oW - it.x0 + 7) / 8);
    T8 hr[KD * RSPAN * GROUPS];  // hr[(a * RSPAN + y - y0) * GROUPS + g]: W sums of input row y, D tap a
    const int full = oW - it.x0 >= 8 * GROUPS;
#ifdef TAP_PERMUTE
    if (!full || !tap_permute_rows(UPSAMPLE_KERNEL_ARG_NAMES, it, y0, y1, hr))
#endif
    {
#ifdef TAP_PATTERN
    int c0[GROUPS];
    bool fast = groups == GROUPS;
#pragma unroll
    for (int g = 0; g < GROUPS; ++g) {
        c0[g] = fast ? tap_block_pattern(idxW, sW, oW, oW0, iW, iW0, it.x0 + 8 * g) : -1;
        fast = fast && c0[g] >= 0;
    }
    if (fast)
        tap_pattern_rows(UPSAMPLE_KERNEL_ARG_NAMES, it, c0, y0, y1, hr);
    else
#endif
        for (int g = 0; g < groups; ++g) tap_block_rows(UPSAMPLE_KERNEL_ARG_NAMES, it, g, y0, y1, hr);
    }
    const int gd = oD0 + it.d;
    T wz[KD];
#pragma unroll
    for (int a = 0; a < KD; ++a) wz[a] = wD[a * sD + gd];
    __global T* dst = UPSAMPLE_OUT_ROW(it) + it.x0;
    for (int h = it.h; h < it.h1; ++h, dst += oW) {
        const int gh = oH0 + h;
        const T8* r[KD][KH];
        T wy[KH];
#pragma unroll
        for (int b = 0; b < KH; ++b) wy[b] = wH[b * sH + gh];
#pragma unroll
        for (int a = 0; a < KD; ++a)
#pragma unroll
            for (int b = 0; b < KH; ++b) r[a][b] = hr + (a * RSPAN + idxH[b * sH + gh] - iH0 - y0) * GROUPS;
#if defined(__clang__) && GROUPS % 2 == 0
        if (full) {  // blocks two by two as 16-wide vectors, the same operations on each lane
#pragma unroll
            for (int g = 0; g < GROUPS; g += 2) {
                T16u outer = 0;
#pragma unroll
                for (int a = 0; a < KD; ++a) {
                    T16u inner = *(const T16u*)(r[a][0] + g);
                    if (KH > 1) {
                        inner = TAP_FIRST(T16u, inner, wy[0], *(const T16u*)(r[a][1] + g), wy[1]);
#pragma unroll
                        for (int b = 2; b < KH; ++b) inner = TAP_NEXT(T16u, inner, *(const T16u*)(r[a][b] + g), wy[b]);
                    }
                    if (KD == 1) outer = inner;
                    else if (a == 0) outer = inner * wz[0];
                    else outer += inner * wz[a];
                }
                __global T* o = dst + 8 * g;
#ifdef STREAM_STORES
                // An output larger than the caches (-DSTREAM_STORES=1): whole aligned cache lines
                // bypass them, as the CPU backend's row kernels write (rows_simd.cpp).
                if (((ulong)o & (sizeof(T16) - 1)) == 0) {
                    __builtin_nontemporal_store((T16)outer, (__global T16*)o);
                    continue;
                }
#endif
                STORE16(outer, o);
            }
            continue;
        }
#endif
#pragma unroll
        for (int g = 0; g < GROUPS; ++g) {
            if (!full && g >= groups) continue;  // past the row's end
            T8 outer = 0;
#pragma unroll
            for (int a = 0; a < KD; ++a) {
                T8 inner = r[a][0][g];
                if (KH > 1) {
                    inner = TAP_FIRST(T8, inner, wy[0], r[a][1][g], wy[1]);
#pragma unroll
                    for (int b = 2; b < KH; ++b) inner = TAP_NEXT(T8, inner, r[a][b][g], wy[b]);
                }
                if (KD == 1) outer = inner;
                else if (a == 0) outer = inner * wz[0];
                else outer += inner * wz[a];
            }
            const int n = oW - it.x0 - 8 * g;
            if (full || n >= 8) {
                STORE8(outer, dst + 8 * g);
            } else {
                T o[8];
                vstore8(outer, 0, o);
                for (int k = 0; k < n; ++k) dst[8 * g + k] = o[k];
            }
        }
    }
#ifdef STREAM_STORES
    stream_fence();
#endif
}
#else
// The W sum of the item's VEC outputs on one input row.
inline VT tap_row(__global const T* row, const int ix[KW][VEC], const VT wx[KW]) {
    T g[VEC];
#pragma unroll
    for (int k = 0; k < VEC; ++k) g[k] = row[ix[0][k]];
    const VT first = VLOAD(g);
#pragma unroll
    for (int k = 0; k < VEC; ++k) g[k] = row[ix[1][k]];
    VT v = TAP_FIRST(VT, first, wx[0], VLOAD(g), wx[1]);
#pragma unroll
    for (int c = 2; c < KW; ++c) {
#pragma unroll
        for (int k = 0; k < VEC; ++k) g[k] = row[ix[c][k]];
        v = TAP_NEXT(VT, v, VLOAD(g), wx[c]);
    }
    return v;
}

inline void tap_kernel(UPSAMPLE_KERNEL_ARGS) {
    UPSAMPLE_ROWS_ITEM(it)
    const int x0 = it.x0, h0 = it.h, p = it.p, d = it.d;
    const int n = min(VEC, oW - x0);
    const int gx = oW0 + x0;
    int ix[KW][VEC];
    VT wx[KW];
#pragma unroll
    for (int c = 0; c < KW; ++c) {
        T w[VEC];
#pragma unroll
        for (int k = 0; k < VEC; ++k) {
            const int xk = gx + min(k, n - 1);  // past the row's end: a repeat, never stored
            ix[c][k] = idxW[c * sW + xk] - iW0;
            w[k] = wW[c * sW + xk];
        }
        wx[c] = VLOAD(w);
    }
    const int gd = oD0 + d;
    int zs[KD];
    T wz[KD];
#pragma unroll
    for (int a = 0; a < KD; ++a) {
        zs[a] = idxD[a * sD + gd] - iD0;
        wz[a] = wD[a * sD + gd];
    }
    // W sums of the input rows read by the previous output row: row key z * iH + y, -1 none.
    int key[KR];
    VT hr[KR];
#pragma unroll
    for (int r = 0; r < KR; ++r) key[r] = -1;
    __global T* dst = out + (((IDX)p * oD + d) * oH + h0) * (IDX)oW + x0;
    const int h1 = it.h1;
    for (int h = h0; h < h1; ++h, dst += oW) {
        const int gh = oH0 + h;
        int nkey[KR];
        VT nr[KR];
#pragma unroll
        for (int a = 0; a < KD; ++a)
#pragma unroll
            for (int b = 0; b < KH; ++b) {
                const int y = idxH[b * sH + gh] - iH0;
                const int kk = zs[a] * iH + y;
                nkey[a * KH + b] = kk;
                int found = -1;
#pragma unroll
                for (int r = 0; r < KR; ++r)
                    if (key[r] == kk) found = r;
                if (found >= 0) {
#pragma unroll
                    for (int r = 0; r < KR; ++r)
                        if (r == found) nr[a * KH + b] = hr[r];
                } else {
                    nr[a * KH + b] = tap_row(in + input_row(p, zs[a], y, iD, iH, iW), ix, wx);
                }
            }
        VT outer = 0;
#pragma unroll
        for (int a = 0; a < KD; ++a) {
            VT inner = nr[a * KH];
            if (KH > 1) {
                inner = TAP_FIRST(VT, inner, wH[gh], nr[a * KH + 1], wH[sH + gh]);
#pragma unroll
                for (int b = 2; b < KH; ++b) inner = TAP_NEXT(VT, inner, nr[a * KH + b], wH[b * sH + gh]);
            }
            if (KD == 1) outer = inner;
            else if (a == 0) outer = inner * wz[0];
            else outer += inner * wz[a];
        }
        if (n == VEC) {
            VSTORE(outer, dst);
        } else {
            T o[VEC];
            VSTORE(outer, o);
            for (int k = 0; k < n; ++k) dst[k] = o[k];
        }
#pragma unroll
        for (int r = 0; r < KR; ++r) {
            key[r] = nkey[r];
            hr[r] = nr[r];
        }
    }
}
#endif
