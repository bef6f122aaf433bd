// The AVX2 passes of the uint8 fixed-point path (see uint8_simd.hpp for how they keep the bits).
#include "simd.hpp"
#include "uint8_simd.hpp"

#include <algorithm>
#include <cstring>

#if UPSAMPLE_X86

namespace upsample::cpu::uint8simd {

namespace {
using fixedpoint::AxisFilter;

UPSAMPLE_TARGET_AVX2 inline __m256i load256(const void* p) { return _mm256_loadu_si256(static_cast<const __m256i*>(p)); }
UPSAMPLE_TARGET_AVX2 inline __m128i load128(const void* p) { return _mm_loadu_si128(static_cast<const __m128i*>(p)); }

int32_t roundingBias(unsigned precision) { return int32_t{1} << (precision - 1); }

// 8 outputs of a row: per pair of taps, each lane's 16 bytes shuffled into (pixel, pixel) int16
// pairs and multiplied by the pairs of weights.
UPSAMPLE_TARGET_AVX2 void shuffleRow(const WPlan& plan, const uint8_t* src, int64_t groups, unsigned precision,
                                     uint8_t* dst) {
    const __m256i bias = _mm256_set1_epi32(roundingBias(precision));
    const __m128i shift = _mm_cvtsi32_si128(static_cast<int>(precision));
    const __m256i order = _mm256_setr_epi32(0, 4, 1, 5, 2, 6, 3, 7);
    const auto pairs = static_cast<std::size_t>(plan.pairs);
    for (int64_t g = 0; g < groups; ++g) {
        const auto gi = static_cast<std::size_t>(g);
        const uint8_t* s0 = src + plan.base[2 * gi];
        const uint8_t* s1 = src + plan.base[2 * gi + 1];
        const uint8_t* masks = plan.masks.data() + gi * pairs * 32;
        const int16_t* weights = plan.weights.data() + gi * pairs * 16;
        __m256i acc = bias;
        for (std::size_t t = 0; t < pairs; ++t) {
            __m256i v = _mm256_inserti128_si256(_mm256_castsi128_si256(load128(s0 + 2 * t)), load128(s1 + 2 * t), 1);
            v = _mm256_shuffle_epi8(v, load256(masks + 32 * t));
            acc = _mm256_add_epi32(acc, _mm256_madd_epi16(v, load256(weights + 16 * t)));
        }
        acc = _mm256_sra_epi32(acc, shift);
        const __m256i words = _mm256_packs_epi32(acc, acc);      // lanes: x0-3 x0-3 | x4-7 x4-7
        const __m256i bytes = _mm256_packus_epi16(words, words);  // dword 0: x0-3, dword 4: x4-7
        _mm_storel_epi64(reinterpret_cast<__m128i*>(dst + 8 * g),
                         _mm256_castsi256_si128(_mm256_permutevar8x32_epi32(bytes, order)));
    }
}

// One output's partial sums (8 int32) over its window, 16 taps per madd (Chunks of them; 0: chunks).
template <int Chunks>
UPSAMPLE_TARGET_AVX2 inline __m256i windowSums(const uint8_t* src, const int16_t* w, int chunks) {
    const int n = Chunks > 0 ? Chunks : chunks;
    __m256i s = _mm256_madd_epi16(_mm256_cvtepu8_epi16(load128(src)), load256(w));
    for (int c = 1; c < n; ++c)
        s = _mm256_add_epi32(s, _mm256_madd_epi16(_mm256_cvtepu8_epi16(load128(src + 16 * c)), load256(w + 16 * c)));
    return s;
}

// The sums of 4 outputs' partial sums, one int32 each.
UPSAMPLE_TARGET_AVX2 inline __m128i sumFour(__m256i s0, __m256i s1, __m256i s2, __m256i s3) {
    const __m256i h = _mm256_hadd_epi32(_mm256_hadd_epi32(s0, s1), _mm256_hadd_epi32(s2, s3));
    return _mm_add_epi32(_mm256_castsi256_si128(h), _mm256_extracti128_si256(h, 1));
}

// Outputs [0, end) of a row (end a multiple of 8), 8 at a time: windows, then horizontal sums.
template <int Chunks>
UPSAMPLE_TARGET_AVX2 void windowRow(const AxisFilter& f, const WPlan& plan, const uint8_t* src, int64_t end,
                                    uint8_t* dst) {
    const __m128i bias = _mm_set1_epi32(roundingBias(f.precision));
    const __m128i shift = _mm_cvtsi32_si128(static_cast<int>(f.precision));
    const int chunks = plan.chunks;
    const std::ptrdiff_t width = static_cast<std::ptrdiff_t>(chunks) * 16;
    const int64_t* start = f.start.data();
    for (int64_t x = 0; x < end; x += 8) {
        const int16_t* w = plan.weights.data() + x * width;
        __m256i s[8];
        for (int i = 0; i < 8; ++i) s[i] = windowSums<Chunks>(src + start[x + i], w + i * width, chunks);
        __m128i lo = sumFour(s[0], s[1], s[2], s[3]), hi = sumFour(s[4], s[5], s[6], s[7]);
        lo = _mm_sra_epi32(_mm_add_epi32(lo, bias), shift);
        hi = _mm_sra_epi32(_mm_add_epi32(hi, bias), shift);
        const __m128i words = _mm_packs_epi32(lo, hi);
        _mm_storel_epi64(reinterpret_cast<__m128i*>(dst + x), _mm_packus_epi16(words, words));
    }
}

UPSAMPLE_TARGET_AVX2 void windowRowAny(const AxisFilter& f, const WPlan& plan, const uint8_t* src, int64_t end,
                                       uint8_t* dst) {
    switch (plan.chunks) {
    case 1: return windowRow<1>(f, plan, src, end, dst);
    case 2: return windowRow<2>(f, plan, src, end, dst);
    case 3: return windowRow<3>(f, plan, src, end, dst);
    default: return windowRow<0>(f, plan, src, end, dst);
    }
}

// 32 columns of an H-pass row from n rows (stride apart): two taps per madd, the two rows' bytes
// interleaved and zero-extended to int16.
UPSAMPLE_TARGET_AVX2 void hBlock(const uint8_t* src, int64_t stride, const int16_t* k, int64_t n, __m256i bias,
                                 __m128i shift, uint8_t* dst) {
    const __m256i zero = _mm256_setzero_si256();
    __m256i acc0 = bias, acc1 = bias, acc2 = bias, acc3 = bias;
    for (int64_t j = 0; j < n; j += 2) {
        const uint8_t* ra = src + j * stride;
        const bool second = j + 1 < n;
        const __m256i a = load256(ra), b = load256(second ? ra + stride : ra);
        const uint32_t pair = static_cast<uint16_t>(k[j]) | (second ? static_cast<uint32_t>(static_cast<uint16_t>(k[j + 1])) << 16 : 0u);
        const __m256i w = _mm256_set1_epi32(static_cast<int32_t>(pair));
        const __m256i lo = _mm256_unpacklo_epi8(a, b), hi = _mm256_unpackhi_epi8(a, b);
        acc0 = _mm256_add_epi32(acc0, _mm256_madd_epi16(_mm256_unpacklo_epi8(lo, zero), w));  // x0-3 | x16-19
        acc1 = _mm256_add_epi32(acc1, _mm256_madd_epi16(_mm256_unpackhi_epi8(lo, zero), w));  // x4-7 | x20-23
        acc2 = _mm256_add_epi32(acc2, _mm256_madd_epi16(_mm256_unpacklo_epi8(hi, zero), w));  // x8-11 | x24-27
        acc3 = _mm256_add_epi32(acc3, _mm256_madd_epi16(_mm256_unpackhi_epi8(hi, zero), w));  // x12-15 | x28-31
    }
    const __m256i w01 = _mm256_packs_epi32(_mm256_sra_epi32(acc0, shift), _mm256_sra_epi32(acc1, shift));
    const __m256i w23 = _mm256_packs_epi32(_mm256_sra_epi32(acc2, shift), _mm256_sra_epi32(acc3, shift));
    _mm256_storeu_si256(reinterpret_cast<__m256i*>(dst), _mm256_packus_epi16(w01, w23));  // x0-15 | x16-31
}
}  // namespace

void passWRowsAvx2(const AxisFilter& f, const WPlan& plan, const uint8_t* in, int64_t rows, int64_t r0, int64_t r1,
                   uint8_t* out) {
    for (int64_t r = r0; r < r1; ++r) {
        const uint8_t* src = in + r * f.in;
        uint8_t* dst = out + (r - r0) * f.out;
        const int64_t blocks = blocksWithin(plan, (rows - r) * f.in);
        int64_t done = 0;
        if (plan.kind == WPlan::Kind::Shuffle) {
            shuffleRow(plan, src, blocks, f.precision, dst);
            done = 8 * blocks;
        } else {
            done = blocks / 8 * 8;
            windowRowAny(f, plan, src, done, dst);
        }
        for (int64_t x = done; x < f.out; ++x)
            dst[x] = fixedpoint::resampleOne(f, x, src + f.start[static_cast<std::size_t>(x)], 1);
    }
}

UPSAMPLE_TARGET_AVX2 void hRowAvx2(const uint8_t* src, int64_t stride, const int16_t* k, int64_t n, unsigned precision,
                                   int64_t width, uint8_t* dst) {
    const __m256i bias = _mm256_set1_epi32(roundingBias(precision));
    const __m128i shift = _mm_cvtsi32_si128(static_cast<int>(precision));
    // the last block overlaps the one before it where width is not a multiple of 32: the same
    // columns computed twice give the same bytes
    for (int64_t x = 0;; x += 32) {
        const int64_t at = std::min(x, width - 32);
        hBlock(src + at, stride, k, n, bias, shift, dst + at);
        if (at + 32 >= width) break;
    }
}

}  // namespace upsample::cpu::uint8simd

#endif
