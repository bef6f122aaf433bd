// The backends interpolate() chooses among. Each backend folder (cpu/, opencl/) defines one
// assess function answering "can you run this, and how well"; registry.cpp lists them.
#pragma once

#include "upsample/backend.hpp"
#include "upsample/error.hpp"

#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace upsample::backends {

// Scores: higher runs first. The CPU runs everything, the fallback of every other backend.
inline constexpr int kScoreFallback = 10;
inline constexpr int kScoreAccelerator = 100;

// A backend's answer for one call.
struct Offer {
    std::unique_ptr<Backend> backend;  // null: it declines
    BackendKind kind = BackendKind::Cpu;  // set by interpolate() from the registry entry
    int score = 0;
    RunChoice choice = RunChoice::Preferred;  // with backend: why it is chosen; without: why it declined
    std::string reason;                       // the same in the core's words
    std::string notice;                       // a declined request worth telling the user about
    std::string device, deviceType;
    // A run that fails with this kind of error falls back (in auto); "<label> failed: ..." notice.
    std::optional<ErrorKind> recoverable;
    std::string label;
};

using Assess = Offer (*)(const ResolvedSpec& spec, DType dtype, const RunOptions& options);

struct Entry {
    BackendKind kind;
    Assess assess;
};

// In order of preference among equal scores; the last entry runs every spec.
const std::vector<Entry>& registry();

}  // namespace upsample::backends
