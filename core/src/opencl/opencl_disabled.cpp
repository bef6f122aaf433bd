// The OpenCL entry points of a build without OpenCL (UPSAMPLE_WITH_OPENCL=OFF or no OpenCL
// found): nothing to list, and every attempt to use a device says why.
#include "upsample/opencl.hpp"

namespace upsample {

namespace {
const char* kNotBuilt = "this build has no OpenCL backend (built with UPSAMPLE_WITH_OPENCL=OFF)";
}

std::string openclStatusName(int status) { return "OpenCL status " + std::to_string(status); }

std::string OpenCLDeviceInfo::openclVersion() const { return version; }

bool openclBuiltIn() { return false; }

void prepareOpenCLDriver() {}

OpenCLInventory listOpenCLDevices() {
    OpenCLInventory inv;
    inv.problem = kNotBuilt;
    return inv;
}

int chooseOpenCLDevice(int) { throw OpenCLError(kNotBuilt); }

OpenCLProbe probeOpenCL() {
    OpenCLProbe p;
    p.inventory = listOpenCLDevices();
    return p;
}
std::string openclDriverKey() { return {}; }
std::string openclInventoryText(const OpenCLInventory&) { return {}; }
std::optional<OpenCLInventory> openclInventoryFromText(const std::string&) { return std::nullopt; }

OpenCLCacheStats openclCacheStats() { return {}; }
void clearOpenCLProgramCache() {}

OpenCLBackend::OpenCLBackend(int) { throw OpenCLError(kNotBuilt); }
std::string OpenCLBackend::description() const { return "opencl (not built)"; }
bool OpenCLBackend::supports(DType) const { return false; }
void OpenCLBackend::run(const ResolvedSpec&, const Tensor&, Tensor&, RunControl*) { throw OpenCLError(kNotBuilt); }
double OpenCLBackend::copyKernelMilliseconds(uint64_t, int) { throw OpenCLError(kNotBuilt); }

}  // namespace upsample
