// libFuzzer target: see fuzzcheck::npz in checks.hpp.
#include "checks.hpp"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    fuzzcheck::npz(data, size);
    return 0;
}
