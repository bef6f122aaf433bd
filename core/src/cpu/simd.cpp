#include "simd.hpp"

#include <atomic>
#include <cstdlib>
#include <cstring>

namespace upsample::cpu {

namespace {
// UPSAMPLE_CPU_ISA=baseline|avx2 caps the instruction set from the start (to compare the paths).
int initialLimit() {
    const char* e = std::getenv("UPSAMPLE_CPU_ISA");
    if (e && std::strcmp(e, "baseline") == 0) return static_cast<int>(Isa::Baseline);
    if (e && std::strcmp(e, "avx2") == 0) return static_cast<int>(Isa::Avx2);
    return static_cast<int>(Isa::Avx512);
}
std::atomic<int> g_limit{initialLimit()};
}

Isa detectedIsa() {
#if UPSAMPLE_X86
    static const Isa detected = [] {
        __builtin_cpu_init();
        if (__builtin_cpu_supports("avx512f") && __builtin_cpu_supports("avx512vl") &&
            __builtin_cpu_supports("avx512bw") && __builtin_cpu_supports("avx512dq"))
            return Isa::Avx512;
        if (__builtin_cpu_supports("avx2")) return Isa::Avx2;
        return Isa::Baseline;
    }();
    return detected;
#else
    return Isa::Baseline;
#endif
}

Isa isa() {
    const int d = static_cast<int>(detectedIsa()), l = g_limit.load(std::memory_order_relaxed);
    return static_cast<Isa>(d < l ? d : l);
}

void limitIsa(Isa max) { g_limit.store(static_cast<int>(max), std::memory_order_relaxed); }

const char* isaName(Isa i) {
    switch (i) {
    case Isa::Avx512: return "avx512";
    case Isa::Avx2: return "avx2";
    default: return "baseline";
    }
}

}  // namespace upsample::cpu
