// core/src/tensor.cpp: shapes, overflow checks, storage.
#include "upsample/error.hpp"
#include "upsample/preview.hpp"
#include "upsample/tensor.hpp"

#include "storage.hpp"

#include <catch2/catch.hpp>

#include <cstdint>
#include <limits>

using namespace upsample;

TEST_CASE("tensor: shape helpers", "[tensor]") {
    CHECK(formatShape({1, 1, 8, 8}) == "(1, 1, 8, 8)");
    CHECK(formatShape({5}) == "(5,)");
    CHECK(shapeNumel({2, 3, 4}) == 24);
    CHECK(shapeNumel({2, 0, 4}) == 0);
    CHECK(shapeBytes({2, 3}, DType::Float64) == 48);
    CHECK_THROWS_AS(shapeNumel({std::numeric_limits<int64_t>::max(), 2}), TooLargeError);
    CHECK_THROWS_AS(shapeBytes({int64_t{1} << 62}, DType::Float32), TooLargeError);
    CHECK_THROWS_AS(shapeNumel({3, -1}), TooLargeError);
}

TEST_CASE("tensor: shapes read back from text", "[tensor]") {
    CHECK(parseShape("1,1,4,4") == Shape{1, 1, 4, 4});
    CHECK(parseShape("(1, 3, 256, 256)") == Shape{1, 3, 256, 256});
    CHECK(parseShape("[3, 512, 512]") == Shape{3, 512, 512});
    CHECK(parseShape("(5,)") == Shape{5});
    CHECK(parseShape(formatShape({2, 0, 7})) == Shape{2, 0, 7});
    CHECK_THROWS_WITH(parseShape("1, -1, 4"), "'-1' is not a size (a non-negative integer)");
    CHECK_THROWS_WITH(parseShape("1, 2.5"), "'2.5' is not a size (a non-negative integer)");
    CHECK_THROWS_AS(parseShape("()"), UsageError);
    CHECK_THROWS_AS(parseShape("1,1,1,1,1,1,1,1,1"), UsageError);
}

TEST_CASE("tensor: values, copies share, clone does not", "[tensor]") {
    const std::vector<float> v = {1.5f, -2.0f, 3.25f};
    Tensor a = Tensor::fromValues({3}, v);
    Tensor b = a;
    Tensor c = a.clone();
    a.data<float>()[0] = 9.0f;
    CHECK(b.at(0) == 9.0);
    CHECK(c.at(0) == 1.5);
    CHECK(reinterpret_cast<std::uintptr_t>(a.raw()) % 64 == 0);
    const Tensor d = a.to(DType::Float64);
    CHECK(d.dtype() == DType::Float64);
    CHECK(d.at(2) == 3.25);
    CHECK_THROWS(a.data<double>());
}

TEST_CASE("tensor: byte counts are written for people and caps name the size", "[tensor]") {
    CHECK(formatBytes(0) == "0 bytes");
    CHECK(formatBytes(1) == "1 byte");
    CHECK(formatBytes(1023) == "1023 bytes");
    CHECK(formatBytes(1024) == "1.0 KiB (1024 bytes)");
    CHECK(formatBytes(uint64_t{3} << 29) == "1.5 GiB (1610612736 bytes)");
    CHECK(formatBytes(std::numeric_limits<uint64_t>::max()) == "16.0 EiB (18446744073709551615 bytes)");
    CHECK_NOTHROW(checkByteCap("x", 64, 64));
    try {
        checkByteCap("the output (1, 1, 8, 8) float32", 256, 100);
        FAIL("no TooLargeError");
    } catch (const TooLargeError& e) {
        CHECK(std::string(e.what()) == "the output (1, 1, 8, 8) float32 needs 256 bytes, over the limit of 100 bytes");
        CHECK(e.bytes() == 256);
        CHECK(e.limit() == 100);
    }
}


TEST_CASE("everyNth keeps every k-th sample of each spatial axis, batch and channels whole") {
    using namespace upsample;
    Tensor t(Shape{2, 3, 5, 7}, DType::Float64);
    for (int64_t i = 0; i < t.numel(); ++i) t.data<double>()[i] = static_cast<double>(i);
    const Tensor p = everyNth(t, 3);
    REQUIRE(p.shape() == Shape{2, 3, 2, 3});
    for (int64_t n = 0; n < 2; ++n)
        for (int64_t c = 0; c < 3; ++c)
            for (int64_t y = 0; y < 2; ++y)
                for (int64_t x = 0; x < 3; ++x)
                    CHECK(p.at(((n * 3 + c) * 2 + y) * 3 + x) == t.at(((n * 3 + c) * 5 + 3 * y) * 7 + 3 * x));
    Tensor v(Shape{1, 1, 4, 4, 4}, DType::UInt8);
    for (int64_t i = 0; i < v.numel(); ++i) v.data<uint8_t>()[i] = static_cast<uint8_t>(i);
    const Tensor q = everyNth(v, 2);
    REQUIRE(q.shape() == Shape{1, 1, 2, 2, 2});
    CHECK(q.at(7) == v.at(2 * 16 + 2 * 4 + 2));
    CHECK(everyNth(t, 1).raw() == t.raw());  // step 1: the tensor itself
    CHECK_THROWS_AS(everyNth(t, 0), UsageError);
    CHECK_THROWS_AS(everyNth(Tensor(Shape{4, 4}, DType::Float32), 2), UsageError);
}

TEST_CASE("previewStep: the smallest step whose preview fits") {
    using namespace upsample;
    CHECK(previewStep({1, 1, 8, 8}, 4, 256) == 1);
    CHECK(previewStep({1, 1, 8, 8}, 4, 255) == 2);   // 4 x 4 floats
    CHECK(previewStep({1, 1, 8, 8}, 4, 22) == 4);    // 2 x 2 floats
    CHECK(previewStep({1, 1, 8, 8}, 4, 1) == 8);     // one sample per axis at most
    // every 5th: 3 x 20000 x 4 floats = 960,000 bytes; every 4th: 3 x 25000 x 5 floats = 1,500,000
    CHECK(previewStep({1, 3, 100000, 19}, 4, 1 << 20) == 5);
}

TEST_CASE("storage: the kept blocks stay within the cache limit", "[tensor][memory]") {
    releaseStorageCache();
    const uint64_t mib = uint64_t{1} << 20;
    { Tensor a({1, 1, 1024, 1024 * 3}, DType::Float32), b({1, 1, 1024, 1024 * 5}, DType::Float32); }
    CHECK(storageCachedBytes() == 32 * mib);  // 12 and 20 MiB blocks kept under the default 1 GiB
    setStorageCacheLimit(16 * mib);  // lowering the cap drops the oldest (b, freed first) at once
    CHECK(storageCachedBytes() == 12 * mib);
    { Tensor c({1, 1, 1024, 1024 * 3}, DType::Float32), d({1, 1, 1024, 1024 * 5}, DType::Float32); }
    CHECK(storageCachedBytes() == 12 * mib);  // c reused a's block; d's 20 MiB is over the cap and freed
    { Tensor e({1, 1, 1024, 1024 * 2}, DType::Float32); }
    CHECK(storageCachedBytes() == 8 * mib);   // 12 + 8 > 16: the older 12 MiB block goes, the new one stays
    setStorageCacheLimit(uint64_t{1} << 30);
    releaseStorageCache();
    CHECK(storageCachedBytes() == 0);
}

TEST_CASE("storage: a fresh large block is reported fresh once, a reused one never", "[tensor][memory]") {
    releaseStorageCache();
    const uint64_t bytes = uint64_t{12} << 20;
    const std::byte* first = nullptr;
    {
        Tensor a({1, 1, 1024, 1024 * 3}, DType::Float32);  // 12 MiB: a large block, fresh
        first = static_cast<const std::byte*>(a.raw());
        CHECK_FALSE(storage::takeFreshPages(a.raw(), bytes + 1));  // past the block: not fresh...
        CHECK_FALSE(storage::takeFreshPages(a.raw(), bytes));      // ...and asking marked it written
    }
    {
        Tensor b({1, 1, 1024, 1024 * 3}, DType::Float32);  // the same block again, from the cache
        CHECK(static_cast<const std::byte*>(b.raw()) == first);
        CHECK_FALSE(storage::takeFreshPages(b.raw(), bytes));
    }
    releaseStorageCache();
    {
        Tensor c({1, 1, 1024, 1024 * 3}, DType::Float32);  // fresh again once the cache is dropped
        const auto* p = static_cast<const std::byte*>(c.raw());
        CHECK(storage::takeFreshPages(p + 4096, bytes - 4096));  // a part of it: fresh, once
        CHECK_FALSE(storage::takeFreshPages(p, bytes));
        Tensor d({1, 1, 1024, 1024 * 3}, DType::Float32);
        CHECK(storage::takeFreshPages(d.raw(), bytes));
        CHECK_FALSE(storage::takeFreshPages(d.raw(), bytes));
    }
    {
        Tensor small({1, 1, 64, 64}, DType::Float32);  // small blocks are never reported
        CHECK_FALSE(storage::takeFreshPages(small.raw(), 64 * 64 * 4));
    }
    CHECK_FALSE(storage::takeFreshPages(nullptr, 0));
    releaseStorageCache();
}
