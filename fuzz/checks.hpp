// What each fuzz target checks for one input, shared by the libFuzzer targets (fuzz_*.cpp) and
// by the Catch2 test that replays the seed corpora and every past finding (fuzz/regressions/).
// Each returns normally for any input: a core typed error (upsample::Error) is an expected
// outcome and is swallowed; any other exception escapes, and a broken invariant aborts.
#pragma once

#include <cstddef>
#include <cstdint>

namespace fuzzcheck {

// The .npy reader (readNpyBytes, 1 MiB cap): a tensor it returns encodes and reads back to the
// same shape, dtype and bits.
void npy(const uint8_t* data, std::size_t size);

// The CLI's argument parsing (upsample_cli_args) on a token list ('\n'-separated; the first token
// is "bench" for bench's options, anything else for resize's), then resolve() on a few shapes,
// and the CPU kernels when the result is small.
void cliArgs(const uint8_t* data, std::size_t size);

// The explainer: "1,1,4,4\nCALL" (no '\n': the shape is (1, 1, 4, 4)). parseCall returns or throws
// a typed error whose column and caret lines can be computed; explain() never throws.
void callParser(const uint8_t* data, std::size_t size);

// The tensor-file readers (tensor_file.hpp, 1 MiB cap): every tensor a file lists is read, and
// one that reads encodes in the same format and reads back to the same shape, dtype and bits.
// torchFile: input starting with "PK" is a whole .pt; anything else is a data.pkl, put in an
// archive with eight 4096-byte storages (data/0 to data/7) so that mutations reach the unpickler
// past the CRC-32 of the zip.
void torchFile(const uint8_t* data, std::size_t size);
void npz(const uint8_t* data, std::size_t size);
void safetensors(const uint8_t* data, std::size_t size);
// OpenEXR (readExrBytes, 1 MiB cap): a picture that reads is (1, C, H, W) float32.
void exr(const uint8_t* data, std::size_t size);

}  // namespace fuzzcheck
