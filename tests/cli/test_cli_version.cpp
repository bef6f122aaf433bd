// app/cli: `upsample-cli --version` prints the one version, written in project(VERSION ...).
#include "../support/process.hpp"

#include "upsample/version.hpp"

#include <catch2/catch.hpp>

#include <string>

using testproc::run;

namespace {
const std::string kCli = UPSAMPLE_CLI_PATH;
}  // namespace

TEST_CASE("cli --version: the project's version, on stdout, exit status 0", "[cli]") {
    for (const char* arg : {"--version", "version"}) {
        const auto r = run({kCli, arg});
        CHECK(r.exitCode == 0);
        CHECK(r.out == std::string("upsample-cli ") + UPSAMPLE_PROJECT_VERSION + "\n");
        CHECK(r.err.empty());
    }
}

TEST_CASE("core version header: the same version as CMake's project(VERSION ...)", "[cli]") {
    CHECK(std::string(upsample::kVersion) == UPSAMPLE_PROJECT_VERSION);
    CHECK(std::string(upsample::versionString()) == upsample::kVersion);
    CHECK(std::to_string(upsample::kVersionMajor) + "." + std::to_string(upsample::kVersionMinor) + "." +
              std::to_string(upsample::kVersionPatch) ==
          UPSAMPLE_PROJECT_VERSION);
}

TEST_CASE("cli --help names --version", "[cli]") {
    const auto r = run({kCli, "--help"});
    CHECK(r.exitCode == 0);
    CHECK(r.out.find("--version") != std::string::npos);
}
