// The live link's `stats` request: {"command": "stats", "rect": [x, y, w, h]} in the original's
// pixels sets the Region Statistics dock's rectangle and answers its numbers, as JSON:
// "rect" (snapped to whole pixels), and "original", "result" and (with an A/B difference)
// "difference", each {"pixels": [x, y, w, h], "count", "finite", "mean", "min", "max", "std"}.
#pragma once

#include <nlohmann/json.hpp>

namespace studio {

class MainWindow;

// Throws std::invalid_argument for a bad "rect" and std::runtime_error when there is nothing to
// measure (the messages say which).
nlohmann::json regionStatsReply(MainWindow& window, const nlohmann::json& header);

}  // namespace studio
