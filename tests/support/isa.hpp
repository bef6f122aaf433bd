// The CPU's instruction-set paths for the tests that run each against the others
// (core/src/cpu/simd.hpp): every level this CPU has, and a scope that caps isa() at one of them.
#pragma once

#include "cpu/simd.hpp"

#include <vector>

namespace testisa {

inline std::vector<upsample::cpu::Isa> available() {
    using upsample::cpu::Isa;
    std::vector<Isa> v{Isa::Baseline};
    if (upsample::cpu::detectedIsa() >= Isa::Avx2) v.push_back(Isa::Avx2);
    if (upsample::cpu::detectedIsa() >= Isa::Avx512) v.push_back(Isa::Avx512);
    return v;
}

// isa() capped at one level for the scope's lifetime, uncapped after.
struct IsaScope {
    explicit IsaScope(upsample::cpu::Isa i) { upsample::cpu::limitIsa(i); }
    ~IsaScope() { upsample::cpu::limitIsa(upsample::cpu::Isa::Avx512); }
    IsaScope(const IsaScope&) = delete;
    IsaScope& operator=(const IsaScope&) = delete;
};

}  // namespace testisa
