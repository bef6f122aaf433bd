// libFuzzer target: see fuzzcheck::safetensors in checks.hpp.
#include "checks.hpp"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    fuzzcheck::safetensors(data, size);
    return 0;
}
