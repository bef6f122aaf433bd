// The CPU's ceiling for a weighted sum of rows: how long one AVX-512 multiply-add of 16 floats
// (a "vector MAC") takes on this machine, its operand loaded from L1 or already in a register,
// as a separate multiply and add (the antialias passes' operations) and as one fused
// multiply-add. README's Speed section compares the antialias kernels' cost per vector MAC with
// it. Build and run (x86-64 with AVX-512):
//   g++ -O2 -o /tmp/mac_peak scripts/mac_peak.cpp && /tmp/mac_peak
#include <immintrin.h>

#include <chrono>
#include <cstdio>
#include <vector>

namespace {

// The lanes' sum (stored and added: GCC 12 warns on _mm512_reduce_add_ps's undefined vectors).
__attribute__((target("avx512f"))) float total(__m512 v) {
    alignas(64) float f[16];
    _mm512_store_ps(f, v);
    float s = 0;
    for (float x : f) s += x;
    return s;
}

// A accumulators, each summing `rows` rows of 16 * A floats (as the H pass sums input rows).
template <bool Fused, int A>
__attribute__((target("avx512f"))) float sumRows(long reps, const float* data, int rows) {
    __m512 acc[A];
    for (int k = 0; k < A; ++k) acc[k] = _mm512_setzero_ps();
    const __m512 w = _mm512_set1_ps(0.5f);
    for (long i = 0; i < reps; ++i) {
        for (int j = 0; j < rows; ++j) {
            const float* r = data + j * 16 * A;
            for (int k = 0; k < A; ++k) {
                const __m512 x = _mm512_loadu_ps(r + 16 * k);
                acc[k] = Fused ? _mm512_fmadd_ps(x, w, acc[k]) : _mm512_add_ps(acc[k], _mm512_mul_ps(x, w));
            }
        }
        __asm__ volatile("" ::: "memory");
    }
    __m512 s = acc[0];
    for (int k = 1; k < A; ++k) s = _mm512_add_ps(s, acc[k]);
    return total(s);
}

// The same sums on a value kept in a register (no loads).
template <bool Fused>
__attribute__((target("avx512f"))) float sumRegisters(long reps) {
    __m512 acc[8];
    for (int k = 0; k < 8; ++k) acc[k] = _mm512_setzero_ps();
    __m512 x = _mm512_set1_ps(0.25f);
    const __m512 w = _mm512_set1_ps(0.5f);
    for (long i = 0; i < reps; ++i) {
        for (int k = 0; k < 8; ++k) acc[k] = Fused ? _mm512_fmadd_ps(x, w, acc[k]) : _mm512_add_ps(acc[k], _mm512_mul_ps(x, w));
        __asm__ volatile("" : "+v"(x));
    }
    __m512 s = acc[0];
    for (int k = 1; k < 8; ++k) s = _mm512_add_ps(s, acc[k]);
    return total(s);
}

template <class F>
void report(const char* name, double macs, F f) {
    const auto t0 = std::chrono::steady_clock::now();
    volatile float sink = f();  // the sums are used: the loops stay
    (void)sink;
    const auto t1 = std::chrono::steady_clock::now();
    std::printf("%-38s %.3f ns per vector MAC\n", name, std::chrono::duration<double, std::nano>(t1 - t0).count() / macs);
}

}  // namespace

int main() {
    __builtin_cpu_init();
    if (!__builtin_cpu_supports("avx512f")) {
        std::puts("this CPU has no AVX-512");
        return 1;
    }
    std::vector<float> data(40 * 16 * 16, 1.0f);  // 40 rows: a lanczos band's window at x1/4
    const long reps = 500000;
    report("loaded, multiply + add, 8 sums", reps * 40 * 8.0, [&] { return sumRows<false, 8>(reps, data.data(), 40); });
    report("loaded, fused multiply-add, 8 sums", reps * 40 * 8.0, [&] { return sumRows<true, 8>(reps, data.data(), 40); });
    report("loaded, multiply + add, 16 sums", reps / 2 * 40 * 16.0, [&] { return sumRows<false, 16>(reps / 2, data.data(), 40); });
    report("loaded, fused multiply-add, 16 sums", reps / 2 * 40 * 16.0, [&] { return sumRows<true, 16>(reps / 2, data.data(), 40); });
    report("in a register, multiply + add", reps * 40 * 8.0, [&] { return sumRegisters<false>(reps * 40); });
    report("in a register, fused multiply-add", reps * 40 * 8.0, [&] { return sumRegisters<true>(reps * 40); });
    return 0;
}
