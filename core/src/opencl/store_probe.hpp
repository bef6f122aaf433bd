// Which stores a CPU device's kernels write large outputs with: plain, or streamed past the caches
// (non-temporal: no read of each line before it is written). Which is faster depends on the
// machine, not on the kernel: on one 2-core virtual machine (AMD EPYC, PoCL) the tap blocks took
// 1.2-1.5x the time streamed, on another (Intel Xeon, PoCL) 0.45-0.65x, so it is measured, once per
// device, by store_probe (copy.cl) writing 32 MiB both ways, and kept in the cache folder
// (delete its stores-*.txt file to measure again).
#pragma once

#include "runtime.hpp"

#include <optional>
#include <string>

namespace upsample::opencl {

struct StoreProbe {
    double plainMs = 0;   // the fastest of the probe's plain runs
    double streamMs = 0;  // the fastest of its streamed runs
    // Streamed stores win by a clear margin (else plain, the safer choice where caches are small)
    bool stream() const { return plainMs > 0 && streamMs > 0 && streamMs < 0.85 * plainMs; }
};

// The probe's file form (a header line, the device's name, then "plain" and "stream" in ms), and
// back: nullopt for anything else.
std::string storeProbeText(const std::string& device, const StoreProbe& p);
std::optional<StoreProbe> storeProbeFromText(const std::string& text, const std::string& device);

// The probe's file in the cache folder for the device ("" where there is no cache folder).
std::string storeProbePath(const std::string& device);
// Runs the probe on the device now (about 30 ms on a CPU device). Throws OpenCLError where the
// device fails to build or run it. Call without the session's mutex held.
StoreProbe measureStoreProbe(DeviceState& d);

// The device's probe: from this process's earlier call with the same cache folder, else from the
// cache folder, else measured now (about 30 ms on a CPU device) and written there. Not for GPUs
// (their stores are not a CPU's); throws OpenCLError where the device fails to run it. Call
// without the session's mutex held.
StoreProbe storeProbe(DeviceState& d);

}  // namespace upsample::opencl
