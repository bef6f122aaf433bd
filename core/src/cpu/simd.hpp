// The instruction sets the CPU kernels pick at run time (AVX-512, AVX2, or the baseline), and
// the attributes that compile one function for one of them. Every SIMD path computes each
// output element with the same operations in the same order as the baseline loops (the build
// turns contraction off; the fused multiply-adds that bicubic asks for are explicit, std::fma or
// the fmadd intrinsics, one rounding either way), so all three give the same bits.
#pragma once

#if defined(__x86_64__) || defined(__i386__)
#define UPSAMPLE_X86 1
#include <immintrin.h>
#define UPSAMPLE_TARGET_AVX2 __attribute__((target("avx2")))
#define UPSAMPLE_TARGET_AVX512 __attribute__((target("avx2,avx512f,avx512vl,avx512bw,avx512dq")))
#else
#define UPSAMPLE_X86 0
#endif

namespace upsample::cpu {

enum class Isa { Baseline = 0, Avx2 = 1, Avx512 = 2 };

// The widest instruction set this CPU has, within the limit below.
Isa isa();
// What the CPU has, whatever the limit.
Isa detectedIsa();
// Caps isa() (the tests run the narrower paths on a wider CPU); Isa::Avx512 lifts the cap.
// The environment variable UPSAMPLE_CPU_ISA=baseline|avx2 sets the cap at start-up.
void limitIsa(Isa max);
const char* isaName(Isa i);

// Orders this thread's streamed (non-temporal) stores before its later stores, so that a thread
// that sees it finished sees them. Kernels that stream call it once, at the end of a thread's
// share of the output, not after each row: a fence a row made rows of 1 KiB twice as slow.
inline void streamFence() {
#if UPSAMPLE_X86
    _mm_sfence();
#endif
}

}  // namespace upsample::cpu
