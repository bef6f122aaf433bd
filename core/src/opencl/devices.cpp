// Device choice shared by the OpenCL backend and the build without OpenCL.
#include "upsample/opencl.hpp"

namespace upsample {

int defaultOpenCLDevice(const std::vector<OpenCLDeviceInfo>& devices) {
    for (const char* type : {"GPU", "CPU"})
        for (const auto& d : devices)
            if (d.usable && d.type == type) return d.index;
    for (const auto& d : devices)
        if (d.usable) return d.index;
    return -1;
}

}  // namespace upsample
