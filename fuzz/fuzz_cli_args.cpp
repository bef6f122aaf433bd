// libFuzzer target: see fuzzcheck::cliArgs in checks.hpp.
#include "checks.hpp"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    fuzzcheck::cliArgs(data, size);
    return 0;
}
