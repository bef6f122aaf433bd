// PoCL's CPU driver runs a kernel on one worker thread per core, woken for each command. Left to
// the scheduler, a short kernel's workers are often woken on the same core (next to the thread
// that woke them) and stay there for the whole kernel: on a 2-core virtual machine (Intel Xeon,
// PoCL 3.1) a 1 ms kernel took twice its time in 4 of 12 fresh processes, the copy kernel too,
// and which process would was chance. Pinned (POCL_AFFINITY=1: worker i on CPU i), 12 of 12 ran
// at the fast time. So before OpenCL is first asked for its platforms, the variable is set where
// PoCL can pin safely, that is where this process may run on every CPU (worker i needs CPU i: a
// process confined to other CPUs, by taskset or a container's cpuset, would have PoCL fail to pin
// or abort). A POCL_AFFINITY already set, to 0 or 1, is the user's choice and stays.
#pragma once

namespace upsample::opencl {

struct DriverThreadsFacts {
    bool affinitySet = false;   // POCL_AFFINITY is in the environment (any value)
    bool maxCountSet = false;   // POCL_MAX_PTHREAD_COUNT is, above the CPU count
    long cpus = 0;              // the CPUs the system has (configured, online or not)
    bool everyCpuAllowed = false;  // this process's affinity mask holds CPUs 0 .. cpus - 1
};

// Whether POCL_AFFINITY=1 should be set for facts like these: pure, for the tests.
bool shouldPinDriverThreads(const DriverThreadsFacts& f);

// This process's facts.
DriverThreadsFacts driverThreadsFacts();

// Sets POCL_AFFINITY=1 where shouldPinDriverThreads says so, once, before OpenCL's first call
// (Runtime::discover, under its mutex). Returns whether this call set it.
bool pinDriverThreads();

}  // namespace upsample::opencl
