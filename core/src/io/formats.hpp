// The readers and writers behind tensor_file.hpp: each multi-tensor format opens as a
// TensorArchive over a ByteSource (which must outlive it).
#pragma once

#include "io/byte_source.hpp"
#include "upsample/tensor_file.hpp"

#include <cstddef>
#include <memory>
#include <vector>

namespace upsample::io {

class TensorArchive {
public:
    virtual ~TensorArchive() = default;
    virtual std::vector<TensorEntry> entries() const = 0;
    // The entry at index (of entries()). Throws TensorFileError, TooLargeError.
    virtual TensorLoad read(std::size_t index, NpyDTypes dtypes, uint64_t maxBytes) const = 0;
};

// Each throws TensorFileError (without the file's name) when the container is malformed.
std::unique_ptr<TensorArchive> openTorchArchive(const ByteSource& src);
std::unique_ptr<TensorArchive> openNpzArchive(const ByteSource& src);
std::unique_ptr<TensorArchive> openSafetensors(const ByteSource& src);

std::vector<std::byte> encodeTorch(const Tensor& t);
std::vector<std::byte> encodeNpz(const Tensor& t, const std::string& name);
std::vector<std::byte> encodeSafetensors(const Tensor& t, const std::string& name);

}  // namespace upsample::io
