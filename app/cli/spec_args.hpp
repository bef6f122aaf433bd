// The argument sets of the resize and bench commands and what they mean: the spec, the run
// options and the bench request. Pure parsing (no files, no devices), shared with the fuzz targets.
#pragma once

#include "args.hpp"

#include "upsample/backend.hpp"
#include "upsample/spec.hpp"

#include <set>
#include <string>
#include <vector>

namespace cli {

// resize's PyTorch option set (the --convention options are added by the resize command).
std::set<std::string> resizeValueOptions();
std::set<std::string> resizeFlags();

// The command lines of resize and bench, read with their own option sets.
Args resizeArgs(const std::vector<std::string>& argv);
Args benchArgs(const std::vector<std::string>& argv);

// PyTorch's mode names from the mode table, joined by sep ("nearest | nearest-exact | ...").
std::string modeNames(const std::string& sep);
// Why the backend ran, as the CLI says it: a request is the flag that made it ("--backend opencl").
std::string runReason(const upsample::RunReport& report);

upsample::Spec specFromArgs(const Args& a);  // --torch included
// --torch V: the version's semantics (default: the newest); a UsageError names the versions.
const upsample::Semantics& torchFromArgs(const Args& a);
// The --torch line of a command's help, with the versions from the semantics table.
std::string torchOptionHelp();
upsample::RunOptions runOptionsFromArgs(const Args& a);

// What the generated bench input holds.
// normal: uniform in [-1, 1) (seed 0); denormal: the same values scaled into the subnormal range
// of the dtype (every value subnormal or zero); zero: all zeros.
enum class BenchFill { Normal, Denormal, Zero };

struct BenchRequest {
    upsample::Shape shape;
    upsample::DType dtype = upsample::DType::Float32;
    BenchFill fill = BenchFill::Normal;
    int repeat = 10;
    int warmup = 1;
    bool freshOutput = false;  // every call's output in fresh pages (the block cache dropped first)
    bool faultCost = false;    // also time the first touch of as many fresh bytes as the output has
};

// --shape, --dtype, --fill, --repeat, --warmup, --fresh-output, --fault-cost. Refuses (TooLargeError, before anything is
// allocated) an input over the run options' cap, with its size.
BenchRequest benchRequestFromArgs(const Args& a, const upsample::RunOptions& options);

}  // namespace cli
