// libFuzzer target: see fuzzcheck::callParser in checks.hpp.
#include "checks.hpp"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    fuzzcheck::callParser(data, size);
    return 0;
}
