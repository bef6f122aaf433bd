// libFuzzer target: see fuzzcheck::torchFile in checks.hpp.
#include "checks.hpp"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    fuzzcheck::torchFile(data, size);
    return 0;
}
