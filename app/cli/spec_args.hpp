// The spec and run options shared by the resize and bench commands.
#pragma once

#include "args.hpp"

#include "upsample/backend.hpp"
#include "upsample/spec.hpp"

namespace cli {

upsample::Spec specFromArgs(const Args& a);
upsample::RunOptions runOptionsFromArgs(const Args& a);

}  // namespace cli
