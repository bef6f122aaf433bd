// app/cli's pure argument parsing (upsample_cli_args): options, numbers, byte counts, specs,
// run options and bench requests, including the inputs the fuzz target found or aims at.
#include "../support/errors.hpp"
#include "spec_args.hpp"

#include "upsample/error.hpp"

#include <catch2/catch.hpp>

#include <limits>

using namespace upsample;
using Catch::Matchers::Contains;
using Catch::Matchers::Equals;

using testerr::messageOf;

TEST_CASE("cli args: byte counts with units, and counts past 64 bits refused", "[cli]") {
    CHECK(cli::parseBytes("max-bytes", "4096") == 4096);
    CHECK(cli::parseBytes("max-bytes", "512M") == (uint64_t{512} << 20));
    CHECK(cli::parseBytes("max-bytes", "4GiB") == (uint64_t{4} << 30));
    CHECK(cli::parseBytes("max-bytes", "18446744073709551615") == std::numeric_limits<uint64_t>::max());
    CHECK(cli::parseBytes("max-bytes", "17179869183G") == (uint64_t{17179869183} << 30));
    CHECK_THAT(messageOf<UsageError>([] { cli::parseBytes("max-bytes", "17179869184G"); }),
               Equals("--max-bytes: '17179869184G' is more bytes than 64 bits can count"));
    CHECK_THAT(messageOf<UsageError>([] { cli::parseBytes("max-bytes", "18446744073709551616"); }),
               Equals("--max-bytes: '18446744073709551616' is not a byte count"));
    CHECK_THAT(messageOf<UsageError>([] { cli::parseBytes("max-bytes", "4T"); }), Contains("unknown unit 'T'"));
    CHECK_THROWS_AS(cli::parseBytes("max-bytes", ""), UsageError);
    CHECK_THROWS_AS(cli::parseBytes("max-bytes", "-1"), UsageError);
}

TEST_CASE("cli args: resize and bench read their own options", "[cli]") {
    const cli::Args r = cli::resizeArgs({"in.npy", "out.npy", "--mode=bilinear", "--scale", "2", "--antialias"});
    CHECK(r.positionals() == std::vector<std::string>{"in.npy", "out.npy"});
    const Spec spec = cli::specFromArgs(r);
    CHECK(spec.mode == Mode::Bilinear);
    CHECK(spec.antialias);
    CHECK_THAT(messageOf<UsageError>([] { cli::resizeArgs({"--shape", "1,1,4,4"}); }), Equals("unknown option --shape"));
    CHECK_THAT(messageOf<UsageError>([] { cli::benchArgs({"--verbose"}); }), Equals("unknown option --verbose"));
    CHECK_THAT(messageOf<UsageError>([] { cli::resizeArgs({"--mode"}); }), Equals("option --mode needs a value"));
    CHECK_THAT(messageOf<UsageError>([] { cli::resizeArgs({"--antialias=1"}); }), Equals("option --antialias takes no value"));
}

TEST_CASE("cli args: bench requests are checked against the cap before anything is allocated", "[cli]") {
    const auto request = [](std::vector<std::string> argv) {
        const cli::Args a = cli::benchArgs(argv);
        return cli::benchRequestFromArgs(a, cli::runOptionsFromArgs(a));
    };
    const cli::BenchRequest ok = request({"--shape", "1,3,8,8", "--fill", "denormal", "--dtype", "float64", "--warmup", "0"});
    CHECK(ok.shape == Shape{1, 3, 8, 8});
    CHECK(ok.fill == cli::BenchFill::Denormal);
    CHECK(ok.dtype == DType::Float64);
    CHECK(ok.warmup == 0);
    CHECK(ok.repeat == 10);
    CHECK_FALSE(ok.freshOutput);
    CHECK_FALSE(ok.faultCost);
    CHECK(request({"--shape", "1,3,8,8", "--fresh-output"}).freshOutput);
    CHECK(request({"--shape", "1,3,8,8", "--fault-cost"}).faultCost);
    CHECK_THAT(messageOf<UsageError>([&] { request({"--shape", "1,3,8,8", "--fresh-output=1"}); }),
               Equals("option --fresh-output takes no value"));

    CHECK_THAT(messageOf<TooLargeError>([&] { request({"--shape", "1,1,100000,100000"}); }),
               Equals("the input (1, 1, 100000, 100000) float32 needs 37.3 GiB (40000000000 bytes), over the limit of "
                      "4.0 GiB (4294967296 bytes)"));
    CHECK(request({"--shape", "1,1,16,16", "--max-bytes", "1K"}).shape == Shape{1, 1, 16, 16});  // exactly the cap
    CHECK_THAT(messageOf<TooLargeError>([&] { request({"--shape", "1,1,16,17", "--max-bytes", "1K"}); }),
               Equals("the input (1, 1, 16, 17) float32 needs 1.1 KiB (1088 bytes), over the limit of 1.0 KiB (1024 "
                      "bytes)"));
    CHECK_THAT(messageOf<TooLargeError>([&] { request({"--shape", "100000,100000,100000,100000"}); }),
               Contains("overflows"));
    CHECK_THAT(messageOf<UsageError>([&] { request({"--shape", "1,-1,4,4"}); }), Contains("negative size"));
    CHECK_THAT(messageOf<UsageError>([&] { request({"--shape", "1,1,4,4", "--fill", "nan"}); }),
               Equals("--fill: normal, denormal or zero, got 'nan'"));
    CHECK_THAT(messageOf<UsageError>([&] { request({"--shape", "1,1,4,4", "--warmup", "-1"}); }),
               Equals("--warmup: must be 0 or more"));
    CHECK_THAT(messageOf<UsageError>([&] { request({}); }), Contains("--shape is required"));
}
