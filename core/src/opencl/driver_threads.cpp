#include "driver_threads.hpp"

#include <cstdlib>

#ifdef __linux__
#include <sched.h>
#include <unistd.h>
#endif

namespace upsample::opencl {

bool shouldPinDriverThreads(const DriverThreadsFacts& f) {
    return !f.affinitySet && !f.maxCountSet && f.cpus >= 1 && f.everyCpuAllowed;
}

DriverThreadsFacts driverThreadsFacts() {
    DriverThreadsFacts f;
    f.affinitySet = std::getenv("POCL_AFFINITY") != nullptr;
#ifdef __linux__
    f.cpus = sysconf(_SC_NPROCESSORS_CONF);
    if (const char* max = std::getenv("POCL_MAX_PTHREAD_COUNT"); max && *max)
        f.maxCountSet = std::atol(max) > f.cpus || std::atol(max) < 1;
    cpu_set_t allowed;
    CPU_ZERO(&allowed);
    if (f.cpus >= 1 && f.cpus <= CPU_SETSIZE && sched_getaffinity(0, sizeof allowed, &allowed) == 0) {
        f.everyCpuAllowed = true;
        for (long c = 0; c < f.cpus; ++c)
            if (!CPU_ISSET(static_cast<int>(c), &allowed)) f.everyCpuAllowed = false;
    }
#endif
    return f;
}

bool pinDriverThreads() {
#ifdef __linux__
    if (!shouldPinDriverThreads(driverThreadsFacts())) return false;
    return setenv("POCL_AFFINITY", "1", 0) == 0;
#else
    return false;
#endif
}

}  // namespace upsample::opencl
