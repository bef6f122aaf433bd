// The core's reading of arrays that are not (N, C, ...) yet (array_reading.hpp): the guess per
// shape, the channels-last offer and the values each reading gives.
#include "upsample/array_reading.hpp"
#include "upsample/error.hpp"

#include <catch2/catch.hpp>

using namespace upsample;

namespace {
Tensor ramp(Shape shape) {
    Tensor t(std::move(shape), DType::Float32);
    for (int64_t i = 0; i < t.numel(); ++i) t.data<float>()[i] = static_cast<float>(i);
    return t;
}
}  // namespace

TEST_CASE("array reading: the guess per shape", "[array_reading]") {
    // Two leading ones: PyTorch's (N, C, L).
    const ReadingGuess signal = guessArrayReading({1, 1, 100});
    CHECK(signal.reading == ArrayReading::AsPyTorch);
    CHECK(signal.why == "two leading ones: almost surely (N, C, L), one signal of length 100");
    CHECK_FALSE(signal.offer);
    // A (C, H, W) picture, no offer.
    CHECK(guessArrayReading({3, 64, 64}).reading == ArrayReading::ChannelsFirst);
    CHECK_FALSE(guessArrayReading({3, 64, 64}).offer);
    CHECK_FALSE(guessArrayReading({1, 5, 7}).offer);
    // (H, W, C) with C of 1 to 4 after two dims of 8 or more: channels-last is offered.
    const ReadingGuess hwc = guessArrayReading({480, 640, 3});
    CHECK(hwc.reading == ArrayReading::ChannelsFirst);
    REQUIRE(hwc.offer);
    CHECK(*hwc.offer == ArrayReading::ChannelsLast);
    CHECK(hwc.offerText == "(480, 640, 3) looks like (H, W, C), channels-last: x.permute(2, 0, 1)[None] is "
                           "(1, 3, 480, 640), one 480x640 picture of 3 channels");
    CHECK(guessArrayReading({16, 16, 1}).offer);
    CHECK_FALSE(guessArrayReading({16, 16, 5}).offer);  // five channels: not a picture's
    CHECK_FALSE(guessArrayReading({4, 16, 3}).offer);   // a few leading: (C, H, W) is as likely
    CHECK_FALSE(guessArrayReading({1, 1, 4, 4}).offer);
}

TEST_CASE("array reading: each reading's shape, indexing and values", "[array_reading]") {
    const Tensor x = ramp({2, 3, 4});  // (H, W, C) = (2, 3, 4) as channels-last
    SECTION("auto: (C, H, W), x[None]") {
        const ArrayRead r = readArrayAs(x);
        CHECK(r.reading == ArrayReading::ChannelsFirst);
        CHECK(r.tensor.shape() == Shape{1, 2, 3, 4});
        CHECK(r.indexing == "x[None]");
        CHECK(r.notice == "(2, 3, 4) array read as (C, H, W): x[None] gives (1, 2, 3, 4); PyTorch itself reads it as (N, C, L)");
    }
    SECTION("channels-last: x.permute(2, 0, 1)[None], every value where PyTorch puts it") {
        const ArrayRead r = readArrayAs(x, ArrayReading::ChannelsLast);
        REQUIRE(r.tensor.shape() == Shape{1, 4, 2, 3});
        CHECK(r.indexing == "x.permute(2, 0, 1)[None]");
        for (int64_t c = 0; c < 4; ++c)
            for (int64_t h = 0; h < 2; ++h)
                for (int64_t w = 0; w < 3; ++w) CHECK(r.tensor.at((c * 2 + h) * 3 + w) == static_cast<double>((h * 3 + w) * 4 + c));
    }
    SECTION("uint8 keeps its dtype through a permute") {
        Tensor u({8, 8, 3}, DType::UInt8);
        for (int64_t i = 0; i < u.numel(); ++i) u.data<uint8_t>()[i] = static_cast<uint8_t>(i);
        const ArrayRead r = readArrayAs(u, ArrayReading::ChannelsLast);
        CHECK(r.tensor.dtype() == DType::UInt8);
        CHECK(r.tensor.at(1 * 64 + 2 * 8 + 5) == static_cast<double>(static_cast<uint8_t>((2 * 8 + 5) * 3 + 1)));
    }
    SECTION("(D, H, W) and (N, C, L)") {
        CHECK(readArrayAs(x, ArrayReading::DepthHW).tensor.shape() == Shape{1, 1, 2, 3, 4});
        CHECK(readArrayAs(x, ArrayReading::AsPyTorch).tensor.shape() == Shape{2, 3, 4});
        const ArrayRead s = readArrayAs(ramp({1, 1, 6}));
        CHECK(s.reading == ArrayReading::AsPyTorch);
        CHECK(s.tensor.shape() == Shape{1, 1, 6});
        CHECK(s.notice.find("two leading ones") != std::string::npos);
    }
    SECTION("(L), (H, W) and ranks 4, 5: as before; rank 0 and 6 refused") {
        CHECK(readArrayAs(ramp({6})).tensor.shape() == Shape{1, 1, 6});
        CHECK(readArrayAs(ramp({5, 7})).notice == "(5, 7) array read as (H, W): x[None, None] gives (1, 1, 5, 7)");
        CHECK(readArrayAs(ramp({1, 2, 3, 4}), ArrayReading::ChannelsLast).tensor.shape() == Shape{1, 2, 3, 4});
        CHECK_THROWS_AS(readArrayAs(ramp({1, 1, 1, 1, 1, 2})), UsageError);
    }
}
