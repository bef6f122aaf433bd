#include "backends/registry.hpp"

namespace upsample {

// Each backend's assess function, defined in its folder.
namespace opencl { backends::Offer assess(const ResolvedSpec&, DType, const RunOptions&); }
namespace cpu { backends::Offer assess(const ResolvedSpec&, DType, const RunOptions&); }

namespace backends {

const std::vector<Entry>& registry() {
    static const std::vector<Entry> entries = {
        {BackendKind::OpenCL, opencl::assess},
        {BackendKind::Cpu, cpu::assess},  // last: runs every spec
    };
    return entries;
}

}  // namespace backends
}  // namespace upsample
