// The OpenCL disk cache's folder and files: program binaries (runtime.cpp), the device list
// (probeOpenCL) and the auto rule's calibration (calibration.cpp). Built with and without OpenCL.
#pragma once

#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

namespace upsample::opencl {

// FNV-1a, 64 bits: a stable name for a cache entry.
uint64_t fnv1a(const std::string& s, uint64_t h = 1469598103934665603ull);
// UPSAMPLE_OPENCL_CACHE_DIR ("off" or empty: none), else $XDG_CACHE_HOME/upsample-studio/opencl,
// else ~/.cache/upsample-studio/opencl; empty when there is none.
std::filesystem::path cacheDirectory();
// Reads a whole file; empty when it cannot.
std::vector<unsigned char> readFile(const std::filesystem::path& path);
// Writes beside path and renames, so readers never see half a file. Best effort.
bool writeFileAtomically(const std::filesystem::path& path, const std::vector<unsigned char>& bytes);

}  // namespace upsample::opencl
