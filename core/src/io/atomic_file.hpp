// Atomic file writing, shared by every tensor writer (.npy, .pt, .safetensors, .npz): the bytes go
// to a temporary file beside the target, which is fsynced and renamed over it.
#pragma once

#include <cstddef>
#include <initializer_list>
#include <span>
#include <string>

namespace upsample::io {

// Writes the parts in order. Throws IoError (and leaves path untouched, with no temporary file
// left) when the folder is missing, when path exists and is not a regular file (a directory,
// /dev/null, /dev/full), or when any write fails. For tests, UPSAMPLE_FAULT_WRITE=eacces, enospc
// or eio makes the creation, a write or the flush of the temporary file fail that way.
void writeFileAtomically(const std::string& path, std::initializer_list<std::span<const std::byte>> parts);

}  // namespace upsample::io
