// The live link's frames (upsample/link.hpp): encoding, reading in pieces, and every way a frame
// can be wrong, each refused with its message before anything is allocated.
#include "upsample/link.hpp"

#include <catch2/catch.hpp>

#include <cstring>
#include <limits>

using namespace upsample;
using namespace upsample::link;
using nlohmann::json;

namespace {
std::vector<std::byte> bytesOf(const std::string& s) {
    std::vector<std::byte> b(s.size());
    std::memcpy(b.data(), s.data(), s.size());
    return b;
}
std::vector<std::byte> rawFrame(const std::string& header, std::size_t payload = 0) {
    std::vector<std::byte> out;
    const uint32_t n = static_cast<uint32_t>(header.size());
    for (int i = 0; i < 4; ++i) out.push_back(static_cast<std::byte>((n >> (8 * i)) & 0xff));
    const auto h = bytesOf(header);
    out.insert(out.end(), h.begin(), h.end());
    out.resize(out.size() + payload, std::byte{7});
    return out;
}
Tensor ramp() {
    std::vector<float> v(16);
    for (int i = 0; i < 16; ++i) v[static_cast<std::size_t>(i)] = static_cast<float>(i) * 0.5f - 3.0f;
    return Tensor::fromValues({1, 1, 4, 4}, v);
}
}  // namespace

TEST_CASE("a tensor frame round-trips bit for bit, fed one byte at a time") {
    const Tensor t = ramp();
    json h = tensorFields(t);
    h["command"] = "open";
    h["name"] = "x";
    const auto bytes = encodeFrame(h, tensorBytes(t));
    REQUIRE(bytes.size() == 4 + h.dump().size() + 64);
    FrameReader r(1 << 20);
    for (std::size_t i = 0; i < bytes.size(); ++i) {
        CHECK_FALSE(r.pending());
        r.feed(std::span<const std::byte>(bytes.data() + i, 1));
    }
    auto got = r.next();
    REQUIRE(got);
    REQUIRE(got->frame);
    CHECK(got->frame->header["command"] == "open");
    CHECK(got->frame->header["nbytes"] == 64);
    const TensorLoad back = decodeTensor(*got->frame, 1 << 20);
    REQUIRE(back.tensor.shape() == Shape{1, 1, 4, 4});
    CHECK(back.tensor.dtype() == DType::Float32);
    CHECK(std::memcmp(back.tensor.raw(), t.raw(), 64) == 0);
    CHECK(back.notices.empty());
    CHECK_FALSE(r.midFrame());
}

TEST_CASE("several frames in one piece come out in order") {
    std::vector<std::byte> all;
    for (int i = 0; i < 5; ++i) {
        const auto f = encodeFrame({{"command", "spec"}, {"call", "F.interpolate(x, scale_factor=" + std::to_string(i + 1) + ")"}});
        all.insert(all.end(), f.begin(), f.end());
    }
    FrameReader r(1024);
    r.feed(all);
    for (int i = 0; i < 5; ++i) {
        auto got = r.next();
        REQUIRE(got);
        REQUIRE(got->frame);
        CHECK(got->frame->header["call"] == "F.interpolate(x, scale_factor=" + std::to_string(i + 1) + ")");
    }
    CHECK_FALSE(r.next());
}

TEST_CASE("other dtypes and big-endian data are converted as .npy files are") {
    const std::vector<std::byte> be16{std::byte{0x01}, std::byte{0x00}, std::byte{0xff}, std::byte{0xfe}};  // 256, -2
    Frame f{{{"command", "open"}, {"dtype", "int16"}, {"shape", {1, 1, 2}}, {"byteorder", "big"}, {"nbytes", 4}}, be16};
    const TensorLoad t = decodeTensor(f, 1024);
    REQUIRE(t.tensor.dtype() == DType::Float32);
    CHECK(t.tensor.at(0) == 256.0);
    CHECK(t.tensor.at(1) == -2.0);
    REQUIRE(t.notices.size() == 1);
    CHECK(t.notices[0] == "converted int16 to float32");
    Frame g{{{"command", "open"}, {"dtype", "float64"}, {"shape", {1, 1, 1}}, {"byteorder", "little"}, {"nbytes", 8}},
            std::vector<std::byte>(8)};
    const double v = -0.1;
    std::memcpy(g.payload.data(), &v, 8);
    const TensorLoad d = decodeTensor(g, 1024);
    CHECK(d.tensor.dtype() == DType::Float64);
    CHECK(d.tensor.at(0) == -0.1);
}

TEST_CASE("a header that lies about its byte count is refused and its payload skipped") {
    FrameReader r(1 << 20);
    r.feed(rawFrame(R"({"command":"open","dtype":"float32","shape":[1,1,4,4],"byteorder":"little","nbytes":100})", 100));
    r.feed(encodeFrame({{"command", "ping"}}));
    auto bad = r.next();
    REQUIRE(bad);
    CHECK_FALSE(bad->frame);
    CHECK_FALSE(bad->fatal);
    CHECK(bad->command == "open");
    CHECK(bad->error == "the header says nbytes 100, but the tensor (1, 1, 4, 4) float32 is 64 bytes");
    auto ping = r.next();
    REQUIRE(ping);
    REQUIRE(ping->frame);
    CHECK(ping->frame->header["command"] == "ping");
}

TEST_CASE("unknown dtypes, bad shapes and byte orders are refused with their reason") {
    auto refusal = [](const std::string& header) {
        FrameReader r(1 << 20);
        r.feed(rawFrame(header));
        auto got = r.next();
        REQUIRE(got);
        CHECK_FALSE(got->frame);
        CHECK_FALSE(got->fatal);
        return got->error;
    };
    CHECK(refusal(R"({"command":"open","dtype":"complex64","shape":[1],"nbytes":0})") ==
          "unsupported dtype 'complex64' (supported: float32, float64, float16, bfloat16, uint8, int8, uint16, int16, int32, int64, bool)");
    CHECK(refusal(R"({"command":"open","dtype":"float32","shape":[1,-4,4],"nbytes":0})") ==
          "negative dimension -4 in the shape (1, -4, 4)");
    CHECK(refusal(R"({"command":"open","dtype":"float32","shape":[],"nbytes":0})") ==
          "a shape of rank 0 is not supported (1 to 8)");
    CHECK(refusal(R"({"command":"open","dtype":"float32","shape":[2],"byteorder":"middle","nbytes":8})") ==
          "unknown byteorder 'middle' (expected \"little\" or \"big\")");
    CHECK(refusal(R"({"dtype":"float32","shape":[2],"nbytes":0})") == "the frame header has no \"command\"");
}

TEST_CASE("an absurd shape is refused under the cap before anything is allocated, and ends the stream") {
    FrameReader r(uint64_t{2} << 30);
    r.feed(rawFrame(R"({"command":"open","dtype":"float32","shape":[1,1,100000,100000],"byteorder":"little","nbytes":40000000000})"));
    auto got = r.next();
    REQUIRE(got);
    CHECK_FALSE(got->frame);
    CHECK(got->fatal);
    CHECK(got->error ==
          "the tensor (1, 1, 100000, 100000) float32 needs 37.3 GiB (40000000000 bytes), over the limit of 2.0 GiB (2147483648 bytes)");
    CHECK(r.failed());
    r.feed(encodeFrame({{"command", "ping"}}));
    CHECK_FALSE(r.next());  // nothing is read past it

    // A shape whose element count overflows 64 bits, with a small byte count, is refused too.
    FrameReader o(1 << 20);
    o.feed(rawFrame(R"({"command":"open","dtype":"float32","shape":[4294967296,4294967296,16],"nbytes":0})"));
    auto over = o.next();
    REQUIRE(over);
    CHECK_FALSE(over->frame);
    CHECK(over->error.find("overflows") != std::string::npos);
}

TEST_CASE("garbage, an oversized header and a non-object header end the stream") {
    FrameReader a(1024);
    a.feed(bytesOf("GET / HTTP/1.1\r\n\r\n"));
    auto ga = a.next();
    REQUIRE(ga);
    CHECK(ga->fatal);
    CHECK(ga->error.find("a frame header of 542393671 bytes (the limit is 65536") == 0);

    FrameReader b(1024);
    b.feed(rawFrame("[1, 2, 3]"));
    auto gb = b.next();
    REQUIRE(gb);
    CHECK(gb->fatal);
    CHECK(gb->error == "the frame header is not a JSON object: \"[1, 2, 3]\"");

    FrameReader c(1024);
    c.feed(rawFrame(R"({"command":"open","nbytes":-5})"));
    auto gc = c.next();
    REQUIRE(gc);
    CHECK(gc->fatal);
    CHECK(gc->error == "\"nbytes\" is not a byte count: -5");
}

TEST_CASE("a truncated frame says how far it got when it is abandoned") {
    const Tensor t = ramp();
    json h = tensorFields(t);
    h["command"] = "open";
    auto bytes = encodeFrame(h, tensorBytes(t));
    REQUIRE(bytes.size() > 40);
    bytes.erase(bytes.end() - 40, bytes.end());
    FrameReader r(1 << 20);
    r.feed(bytes);
    CHECK_FALSE(r.pending());
    CHECK(r.midFrame());
    CHECK(r.progress() == "24 of 64 bytes of the payload");
    r.abandon("no byte came for 100 ms");
    auto got = r.next();
    REQUIRE(got);
    CHECK(got->fatal);
    CHECK(got->command == "open");
    CHECK(got->error == "truncated frame: no byte came for 100 ms after 24 of 64 bytes of the payload");
}

TEST_CASE("link names and socket paths") {
    CHECK(validName("default"));
    CHECK(validName("test_42-a"));
    CHECK_FALSE(validName(""));
    CHECK_FALSE(validName("a/b"));
    CHECK_FALSE(validName("image.png"));
    CHECK_FALSE(validName(std::string(65, 'a')));
    ::setenv("XDG_RUNTIME_DIR", "/run/user/1234", 1);
    CHECK(socketPath("x") == "/run/user/1234/upsample-studio-x.sock");
}
