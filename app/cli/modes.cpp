// upsample-cli modes: the mode table (core modes.hpp) as text or JSON, so that scripts (parity,
// golden generators) read the modes, their ranks, option policies and versions from the program
// instead of restating them.
#include "args.hpp"
#include "commands.hpp"

#include "upsample/error.hpp"
#include "upsample/modes.hpp"
#include "upsample/semantics.hpp"

#include <nlohmann/json.hpp>

#include <cstdio>
#include <string>

namespace cli {

using namespace upsample;

namespace {
const char* kHelp =
    "usage: upsample-cli modes [--json]\n"
    "\n"
    "Lists F.interpolate's modes as this program computes them: each mode's spatial dims, what it\n"
    "does with align_corners (allowed | false-only | refused) and antialias (optional | required |\n"
    "refused) with PyTorch's reason, its antialias filter, its valid option combinations and the\n"
    "PyTorch versions that have it. --json prints one object {\"modes\": [...], \"versions\": [...]}.\n";

const char* policyName(AlignCornersPolicy p) {
    switch (p) {
    case AlignCornersPolicy::Allowed: return "allowed";
    case AlignCornersPolicy::FalseOnly: return "false-only";
    case AlignCornersPolicy::Refused: return "refused";
    }
    return "refused";
}
const char* policyName(AntialiasPolicy p) {
    switch (p) {
    case AntialiasPolicy::Optional: return "optional";
    case AntialiasPolicy::Required: return "required";
    case AntialiasPolicy::Refused: return "refused";
    }
    return "refused";
}

nlohmann::json modeJson(const ModeDescriptor& d) {
    nlohmann::json m;
    m["name"] = std::string(d.name);
    m["spatial_dims"] = d.spatialDims;  // 0: any of 1, 2, 3
    nlohmann::json dims = nlohmann::json::array();
    for (int k = 1; k <= 3; ++k)
        if (d.spatialDims == 0 || d.spatialDims == k) dims.push_back(k);
    m["dims"] = dims;
    m["align_corners"] = policyName(d.alignCorners);
    m["align_corners_refusal"] = std::string(d.alignCornersRefusal);
    m["antialias"] = policyName(d.antialias);
    m["antialias_requirement"] = std::string(d.antialiasRequirement);
    m["antialias_filter"] = d.antialiasFilter ? nlohmann::json(d.antialiasFilter->label()) : nlohmann::json();
    nlohmann::json variants = nlohmann::json::array();
    for (const OptionVariant& v : optionVariants(d.mode))
        variants.push_back({{"align_corners", v.alignCorners ? nlohmann::json(*v.alignCorners) : nlohmann::json()},
                            {"antialias", v.antialias}});
    m["variants"] = variants;
    nlohmann::json versions = nlohmann::json::array();
    for (const Semantics* s : allSemantics())
        if (versionHasMode(*s, d.mode)) versions.push_back(std::string(s->version));
    m["versions"] = versions;
    return m;
}
}  // namespace

int modesCommand(const std::vector<std::string>& argv) {
    const Args a(argv, {}, {"json", "help"});
    if (a.has("help")) {
        std::fputs(kHelp, stdout);
        return 0;
    }
    if (!a.positionals().empty()) throw UsageError("modes takes no positional arguments");
    nlohmann::json doc;
    doc["modes"] = nlohmann::json::array();
    for (const ModeDescriptor& d : modeDescriptors()) doc["modes"].push_back(modeJson(d));
    doc["versions"] = nlohmann::json::array();
    for (const Semantics* s : allSemantics()) doc["versions"].push_back(std::string(s->version));
    if (a.has("json")) {
        std::printf("%s\n", doc.dump(1).c_str());
        return 0;
    }
    std::printf("%-14s %-6s %-14s %-10s %-36s %s\n", "mode", "dims", "align_corners", "antialias", "antialias filter",
                "versions");
    for (const auto& m : doc["modes"]) {
        std::string dims, versions;
        for (const auto& k : m["dims"]) dims += (dims.empty() ? "" : ",") + std::to_string(k.get<int>());
        for (const auto& v : m["versions"]) versions += (versions.empty() ? "" : " ") + v.get<std::string>();
        const std::string filter = m["antialias_filter"].is_null() ? "-" : m["antialias_filter"].get<std::string>();
        std::printf("%-14s %-6s %-14s %-10s %-36s %s\n", m["name"].get<std::string>().c_str(), dims.c_str(),
                    m["align_corners"].get<std::string>().c_str(), m["antialias"].get<std::string>().c_str(),
                    filter.c_str(), versions.c_str());
    }
    return 0;
}

}  // namespace cli
