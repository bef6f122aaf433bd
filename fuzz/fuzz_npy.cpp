// libFuzzer target: see fuzzcheck::npy in checks.hpp.
#include "checks.hpp"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    fuzzcheck::npy(data, size);
    return 0;
}
