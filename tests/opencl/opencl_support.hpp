// Helpers of the OpenCL tests: one backend per test process, environment guards, comparisons.
#pragma once

#include "upsample/backend.hpp"
#include "upsample/opencl.hpp"

#include <bit>
#include <cstdlib>
#include <cstring>
#include <optional>
#include <string>

namespace ocltest {

// The default OpenCL device of this machine (PoCL in CI); built once per process so that the
// context and programs are shared by the test cases of one executable.
inline upsample::OpenCLBackend& backend() {
    static upsample::OpenCLBackend b;
    return b;
}

// auto with the default device chosen explicitly: auto then runs on it even when it is a CPU
// device (PoCL in CI), which it otherwise leaves to the native CPU backend.
inline upsample::RunOptions autoOnDevice() {
    upsample::RunOptions o;
    o.backend = upsample::BackendKind::Auto;
    o.device = backend().device().index;
    return o;
}

// Sets (or, with nullopt, unsets) an environment variable for a scope.
class EnvVar {
public:
    EnvVar(const char* name, std::optional<std::string> value) : name_(name) {
        if (const char* old = std::getenv(name)) old_ = old;
        if (value) ::setenv(name, value->c_str(), 1);
        else ::unsetenv(name);
    }
    ~EnvVar() {
        if (old_) ::setenv(name_, old_->c_str(), 1);
        else ::unsetenv(name_);
    }
    EnvVar(const EnvVar&) = delete;
    EnvVar& operator=(const EnvVar&) = delete;

private:
    const char* name_;
    std::optional<std::string> old_;
};

// True when both tensors have the same shape, dtype and bits.
inline bool sameBits(const upsample::Tensor& a, const upsample::Tensor& b) {
    return a.shape() == b.shape() && a.dtype() == b.dtype() && std::memcmp(a.raw(), b.raw(), a.nbytes()) == 0;
}

}  // namespace ocltest
