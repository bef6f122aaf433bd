// Prepended to every program: exact arithmetic, the scalar type T, the index type and the
// arguments that all kernels take. The host builds each program with -DT=float or -DT=double
// (with -DUPSAMPLE_FP64), -DVEC=<outputs per work item>, the tap counts of the mode's tables
// (-DKD, -DKH, -DKW, for the tap kernels), -DUPSAMPLE_INDEX64 only when a launch's input or
// output box holds 2^31 elements or more, never -cl-fast-relaxed-math, and with
// -cl-fp32-correctly-rounded-divide-sqrt where the device has it.
//
// The kernels only gather and sum: where an output reads from, and with which weights, comes
// from the per-axis tables of a plan (core/src/plan/, built by core/src/modes.cpp), and the
// sums run in the same order as the CPU kernels (core/src/cpu/), so both backends round alike.
//
// Shape of a launch: a 3-D range over (x / (VEC * GROUPS), y / R, plane * oD + d). A work item
// writes VEC (x GROUPS) consecutive outputs of R rows (R = 1, or ROWS for the gather and the
// tap kernels; one vector store when the row has them all); the only division is one per work
// item, for 3-D data, to split plane and d. Index arithmetic is 32-bit unless the host asks for
// the 64-bit variant.
// On CPU devices the host also turns on the forms that suit a CPU's vector unit (8 x 8 blocks,
// shuffles of vector loads, vector windows, row strips: AA_BLOCKS, TAP_BLOCKS, TAP_PATTERN,
// TAP_STRIPS, GATHER16, AREA_K); GPUs
// run the plain forms, whose neighbouring work items read neighbouring inputs.

// a * b + c stays two roundings, as on the CPU (built with -ffp-contract=off).
#pragma OPENCL FP_CONTRACT OFF

#ifdef UPSAMPLE_FP64
#pragma OPENCL EXTENSION cl_khr_fp64 : enable
#endif

#ifndef T
#error "build with -DT=float or -DT=double"
#endif
#ifndef VEC
#define VEC 1
#endif
// A work item's outputs along W: VEC, times GROUPS blocks of 8 in taps.cl's blocks (-DGROUPS).
#ifndef GROUPS
#define GROUPS 1
#endif

// Offsets into the input and output boxes.
#ifdef UPSAMPLE_INDEX64
typedef long IDX;
#else
typedef int IDX;
#endif

// Every kernel's arguments.
//  in, out:        the input and output boxes of this launch, contiguous (planes, D, H, W).
//  idx*, w*, n*:   the table of spatial axis D, H or W, tap-major: for output d, tap j reads input
//                  idx[j * s + d] (area: the window start idx[d]) with weight w[j * s + d], where
//                  the stride s (sD, sH, sW) is the table's output count; n[d] taps in use (area,
//                  antialias: the window extent). Padded axes of 1-D and 2-D inputs have one
//                  output, reading index 0 with weight 1. 32-bit indices, global (whole tensor).
//  planes, o*:     the output box: planes x oD x oH x oW elements, the first at global output
//                  index (oD0, oH0, oW0). Tables are indexed with global indices.
//  i*:             the input box: iD x iH x iW elements per plane from global input index
//                  (iD0, iH0, iW0); table indices minus these offsets address the box.
#define UPSAMPLE_KERNEL_ARGS \
    __global const T* restrict in, __global T* restrict out, \
    __global const int* restrict idxD, __global const T* restrict wD, __global const int* restrict nD, \
    __global const int* restrict idxH, __global const T* restrict wH, __global const int* restrict nH, \
    __global const int* restrict idxW, __global const T* restrict wW, __global const int* restrict nW, \
    const int sD, const int sH, const int sW, const int dims, const int planes, \
    const int oD, const int oH, const int oW, const int oD0, const int oH0, const int oW0, \
    const int iD, const int iH, const int iW, const int iD0, const int iH0, const int iW0

// One work item: VEC consecutive outputs from x0 on, in output rows [h, h1) of (plane p, d);
// local indices of the output box.
typedef struct {
    int p, d, h, h1, x0;
} Item;

// The prologue of every kernel: the work item's place over a launch of (x / VEC, y / R, plane *
// oD + d) items, R output rows per item; returns for the items of the rounded-up range.
#define UPSAMPLE_ITEM_ROWS(it, R) \
    Item it; \
    it.x0 = (int)get_global_id(0) * (VEC * GROUPS); \
    it.h = (int)get_global_id(1) * (R); \
    { \
        const int z_ = (int)get_global_id(2); \
        it.p = oD == 1 ? z_ : z_ / oD; \
        it.d = z_ - it.p * oD; \
    } \
    if (it.x0 >= oW || it.h >= oH || it.p >= planes) return; \
    it.h1 = min(it.h + (R), oH);
// One output row per item (area, antialias).
#define UPSAMPLE_ITEM(it) UPSAMPLE_ITEM_ROWS(it, 1)
// ROWS output rows per item (gather.cl, taps.cl: -DROWS, 1 by default).
#ifndef ROWS
#define ROWS 1
#endif
#define UPSAMPLE_ROWS_ITEM(it) UPSAMPLE_ITEM_ROWS(it, ROWS)

// The first output element of the item's (first) row in the output box.
#define UPSAMPLE_OUT_ROW(it) (out + (((IDX)it.p * oD + it.d) * oH + it.h) * (IDX)oW)

// Offset of the local input element (p, z, y, 0) in the input box.
inline IDX input_row(const int p, const int z, const int y, const int iD, const int iH, const int iW) {
    return (((IDX)p * iD + z) * iH + y) * (IDX)iW;
}

// Writes the VEC values v[0..VEC) at dst, or the first n of them at the end of a row.
#if VEC == 1
#define UPSAMPLE_STORE(dst, v, n) (dst)[0] = (v)[0]
#elif VEC == 2 || VEC == 4 || VEC == 8 || VEC == 16
#define UPSAMPLE_VSTORE_(N) vstore##N
#define UPSAMPLE_VSTORE(N) UPSAMPLE_VSTORE_(N)
#define UPSAMPLE_VECTYPE_(t, N) t##N
#define UPSAMPLE_VECTYPE(t, N) UPSAMPLE_VECTYPE_(t, N)
#define UPSAMPLE_VLOAD_(N) vload##N
#define UPSAMPLE_VLOAD(N) UPSAMPLE_VLOAD_(N)
// v is a private array of VEC values: vload makes the vector (no type punning).
#define UPSAMPLE_STORE(dst, v, n) \
    do { \
        if ((n) == VEC) { \
            UPSAMPLE_VSTORE(VEC)(UPSAMPLE_VLOAD(VEC)(0, (v)), 0, (dst)); \
        } else { \
            for (int k_ = 0; k_ < (n); ++k_) (dst)[k_] = (v)[k_]; \
        } \
    } while (0)
#else
#error "VEC must be 1, 2, 4, 8 or 16"
#endif

// VT: VEC values of T as one OpenCL vector (float8 ...), whose operations are element-wise IEEE
// operations, the same roundings as VEC scalar ones; VLOAD / VSTORE at any address; VSEL(a, b, c)
// takes b where the int comparison c (of VEC ints, as VINT) is true, else a, bit for bit.
#if VEC == 1
typedef T VT;
typedef int VINT;
#define VLOAD(p) (*(p))
#define VSTORE(v, p) (*(p) = (v))
#define VSEL(a, b, c) ((c) ? (b) : (a))
#else
typedef UPSAMPLE_VECTYPE(T, VEC) VT;
typedef UPSAMPLE_VECTYPE(int, VEC) VINT;
#define VLOAD(p) UPSAMPLE_VLOAD(VEC)(0, (p))
#define VSTORE(v, p) UPSAMPLE_VSTORE(VEC)((v), 0, (p))
#ifdef UPSAMPLE_FP64
#define VSEL(a, b, c) select((a), (b), UPSAMPLE_CONVERT(long, VEC)(c))
#define UPSAMPLE_CONVERT_(t, N) convert_##t##N
#define UPSAMPLE_CONVERT(t, N) UPSAMPLE_CONVERT_(t, N)
#else
#define VSEL(a, b, c) select((a), (b), (c))
#endif
#endif

#ifdef STREAM_STORES
// Streamed (non-temporal) stores are weakly ordered: a work item that made them fences them
// before it ends (-DSTREAM_STORES=1: CPU devices, clang's __builtin_nontemporal_store).
inline void stream_fence(void) {
#if defined(__x86_64__) || defined(__i386__)
    __builtin_ia32_sfence();
#else
    mem_fence(CLK_GLOBAL_MEM_FENCE);
#endif
}
#endif

// 8 x 8 blocks: T8 is 8 values of T; transpose8 transposes m[0..8) (m[r].s[c] -> m[c].s[r]) in
// three rounds of two-vector shuffles (moves only, no arithmetic).
#define UPSAMPLE_T8_(t) t##8
#define UPSAMPLE_T8(t) UPSAMPLE_T8_(t)
typedef UPSAMPLE_T8(T) T8;
#define UPSAMPLE_T16_(t) t##16
#define UPSAMPLE_T16(t) UPSAMPLE_T16_(t)
typedef UPSAMPLE_T16(T) T16;
// LOAD8 / STORE8: 8 values at any address of a T, as one vector load or store where the compiler
// is clang (PoCL, on CPU devices: its vload8 / vstore8 become several smaller moves), else vload8
// and vstore8. Moves only.
#ifdef __clang__
typedef T T8u __attribute__((ext_vector_type(8), aligned(sizeof(T))));
#define LOAD8(p) (*(__global const T8u*)(p))
#define STORE8(v, p) (*(__global T8u*)(p) = (v))
// 16 values at any address (T16u), for the CPU devices' 16-wide paths (AVX-512: one register).
typedef T T16u __attribute__((ext_vector_type(16), aligned(sizeof(T))));
#define LOAD16(p) (*(__global const T16u*)(p))
#define STORE16(v, p) (*(__global T16u*)(p) = (v))
#else
#define LOAD8(p) vload8(0, (p))
#define STORE8(v, p) vstore8((v), 0, (p))
#define LOAD16(p) vload16(0, (p))
#define STORE16(v, p) vstore16((v), 0, (p))
#endif
inline void transpose8(T8 m[8]) {
    T8 a[8], b[8];
#pragma unroll
    for (int i = 0; i < 4; ++i) {
        a[i] = (T8)(m[i].s0123, m[i + 4].s0123);
        a[i + 4] = (T8)(m[i].s4567, m[i + 4].s4567);
    }
#pragma unroll
    for (int j = 0; j < 4; ++j) {
        const int i = j < 2 ? j : j + 2;  // 0, 1, 4, 5
        b[i] = (T8)(a[i].s01, a[i + 2].s01, a[i].s45, a[i + 2].s45);
        b[i + 2] = (T8)(a[i].s23, a[i + 2].s23, a[i].s67, a[i + 2].s67);
    }
#pragma unroll
    for (int i = 0; i < 8; i += 2) {
        m[i] = (T8)(b[i].s0, b[i + 1].s0, b[i].s2, b[i + 1].s2, b[i].s4, b[i + 1].s4, b[i].s6, b[i + 1].s6);
        m[i + 1] = (T8)(b[i].s1, b[i + 1].s1, b[i].s3, b[i + 1].s3, b[i].s5, b[i + 1].s5, b[i].s7, b[i + 1].s7);
    }
}

// The input columns [c0, c1) of 8 rows (src[r]: row r, iW values) as cols[c - c0], each column the
// 8 rows' values: whole 8-column groups with vector loads and transpose8, the tail one by one.
inline void load_columns8(__global const T* src[8], int c0, int c1, int iW, T8* cols) {
    for (int c = c0; c < c1; c += 8) {
        if (c + 8 <= iW) {
            T8 m[8];
#pragma unroll
            for (int r = 0; r < 8; ++r) m[r] = LOAD8(src[r] + c);
            transpose8(m);
#pragma unroll
            for (int i = 0; i < 8; ++i) cols[c - c0 + i] = m[i];
        } else {
            for (int i = 0; i < 8 && c + i < iW; ++i)
                cols[c - c0 + i] = (T8)(src[0][c + i], src[1][c + i], src[2][c + i], src[3][c + i], src[4][c + i],
                                        src[5][c + i], src[6][c + i], src[7][c + i]);
        }
    }
}

// The same names, to pass the arguments on to a helper.
#define UPSAMPLE_KERNEL_ARG_NAMES \
    in, out, idxD, wD, nD, idxH, wH, nH, idxW, wW, nW, sD, sH, sW, dims, planes, \
    oD, oH, oW, oD0, oH0, oW0, iD, iH, iW, iD0, iH0, iW0
