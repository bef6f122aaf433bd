// A build without OpenEXR (scripts/install-deps.sh installs libopenexr-dev): .exr is refused.
#include "upsample/exr.hpp"

#include "upsample/error.hpp"

namespace upsample {
namespace {
[[noreturn]] void refuse(const std::string& name) {
    throw TensorFileError(name + ": this build reads no OpenEXR files (built without Debian's libopenexr-dev)");
}
}  // namespace

bool exrSupported() { return false; }
ExrLoad readExr(const std::string& path, uint64_t) { refuse(path); }
ExrLoad readExrBytes(std::span<const std::byte>, uint64_t) { refuse("the OpenEXR data"); }
void writeExrForTest(const std::string& path, const Tensor&, bool) { refuse(path); }

}  // namespace upsample
