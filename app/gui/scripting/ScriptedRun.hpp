// Runs the studio as the command line asks: opens the file or sample, applies the spec, explain
// and analysis options, then either hands over to the user or, with --screenshot, renders the
// window (or the tool window or dock asked for), writes the PNG and exits.
#pragma once

#include "scripting/ScriptOptions.hpp"

namespace studio {

// Shows the window and runs the event loop; returns the process's exit code (2: an option that
// does not apply to the input; 1: a failed open, export or screenshot).
int runStudio(const ScriptOptions& options);

}  // namespace studio
