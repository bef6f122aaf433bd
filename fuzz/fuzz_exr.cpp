// libFuzzer target: see fuzzcheck::exr in checks.hpp.
#include "checks.hpp"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    fuzzcheck::exr(data, size);
    return 0;
}
