// Tests of the .npy codec: round trips, every dtype, byte orders, Fortran order, versions,
// each malformed-file error, atomic writing, and files written by real NumPy.
#include "support/errors.hpp"

#include "upsample/error.hpp"
#include "upsample/npy.hpp"

#include <catch2/catch.hpp>

#include <bit>
#include <cmath>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <limits>
#include <string>
#include <vector>

using namespace upsample;
namespace fs = std::filesystem;
using Bytes = std::vector<std::byte>;
using Catch::Matchers::Contains;
using Catch::Matchers::Equals;

namespace {

const std::string kFixtures = std::string(UPSAMPLE_TEST_DATA_DIR) + "/npy/fixtures/";

Bytes bytesOf(std::initializer_list<int> values) {
    Bytes out;
    for (int v : values) out.push_back(static_cast<std::byte>(v));
    return out;
}

// Each value's low `size` bytes, little- or big-endian.
template <class T>
Bytes encodeValues(std::initializer_list<T> values, bool bigEndian) {
    Bytes out;
    for (T v : values) {
        uint64_t bits = 0;
        std::memcpy(&bits, &v, sizeof(T));  // little-endian host
        for (std::size_t i = 0; i < sizeof(T); ++i) {
            const std::size_t shift = 8 * (bigEndian ? sizeof(T) - 1 - i : i);
            out.push_back(static_cast<std::byte>((bits >> shift) & 0xff));
        }
    }
    return out;
}
template <class T>
Bytes le(std::initializer_list<T> values) {
    return encodeValues(values, false);
}
template <class T>
Bytes be(std::initializer_list<T> values) {
    return encodeValues(values, true);
}

// A .npy file with exactly the given header text (no padding added) and data.
Bytes npyRaw(int major, int minor, const std::string& header, const Bytes& data) {
    Bytes out = bytesOf({0x93, 'N', 'U', 'M', 'P', 'Y', major, minor});
    const std::size_t lengthBytes = major == 1 ? 2 : 4;
    for (std::size_t i = 0; i < lengthBytes; ++i)
        out.push_back(static_cast<std::byte>((header.size() >> (8 * i)) & 0xff));
    for (char c : header) out.push_back(static_cast<std::byte>(c));
    out.insert(out.end(), data.begin(), data.end());
    return out;
}

std::string dict(const std::string& descr, const std::string& shape, bool fortran = false) {
    return "{'descr': '" + descr + "', 'fortran_order': " + (fortran ? "True" : "False") +
           ", 'shape': " + shape + ", }\n";
}

Bytes npy(const std::string& descr, const std::string& shape, const Bytes& data, bool fortran = false) {
    return npyRaw(1, 0, dict(descr, shape, fortran), data);
}

using testerr::messageOf;

std::string npyError(const Bytes& bytes) {
    return messageOf<NpyError>([&] { readNpyBytes(bytes); });
}

std::vector<double> values(const Tensor& t) {
    std::vector<double> v;
    for (int64_t i = 0; i < t.numel(); ++i) v.push_back(t.at(i));
    return v;
}

Bytes fileBytes(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    REQUIRE(in);
    std::vector<char> chars((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    Bytes out(chars.size());
    std::memcpy(out.data(), chars.data(), chars.size());
    return out;
}

// A fresh folder under the system temp dir, removed with everything in it.
struct TempDir {
    fs::path path;
    TempDir() {
        std::string tmpl = (fs::temp_directory_path() / "npy-test-XXXXXX").string();
        REQUIRE(::mkdtemp(tmpl.data()) != nullptr);
        path = tmpl;
    }
    ~TempDir() { fs::remove_all(path); }
    std::string file(const std::string& name) const { return (path / name).string(); }
    std::vector<std::string> entries() const {
        std::vector<std::string> names;
        for (const auto& e : fs::directory_iterator(path)) names.push_back(e.path().filename().string());
        return names;
    }
};

Tensor patterned(const Shape& shape, DType dtype) {
    Tensor t(shape, dtype);
    for (int64_t i = 0; i < t.numel(); ++i) {
        const double v = (i % 7 == 3) ? -0.0 : (static_cast<double>(i) * 0.37 - 5.0) / 3.0;
        if (dtype == DType::Float64)
            t.data<double>()[i] = v;
        else
            t.data<float>()[i] = static_cast<float>(v);
    }
    return t;
}

void requireSameTensor(const Tensor& a, const Tensor& b) {
    REQUIRE(a.shape() == b.shape());
    REQUIRE(a.dtype() == b.dtype());
    REQUIRE(a.nbytes() == b.nbytes());
    REQUIRE(std::memcmp(a.raw(), b.raw(), a.nbytes()) == 0);
}

const std::vector<Shape> kShapes{{7}, {2, 3}, {2, 3, 4}, {1, 2, 3, 4}, {2, 1, 3, 1, 2}, {0}, {3, 0, 2}, {}};

}  // namespace

TEST_CASE("encodeNpy and readNpyBytes round-trip float32 and float64", "[npy]") {
    for (DType dtype : {DType::Float32, DType::Float64}) {
        for (const Shape& shape : kShapes) {
            INFO(dtypeName(dtype) << " " << formatShape(shape));
            const Tensor t = patterned(shape, dtype);
            const Bytes encoded = encodeNpy(t);
            REQUIRE((encoded.size() - t.nbytes()) % 64 == 0);  // NumPy's header alignment
            REQUIRE(encoded[6] == std::byte{1});
            const NpyLoad back = readNpyBytes(encoded);
            requireSameTensor(back.tensor, t);
            CHECK(back.info.descr == (dtype == DType::Float64 ? "<f8" : "<f4"));
            CHECK_FALSE(back.info.fortranOrder);
            CHECK(back.info.versionMajor == 1);
            CHECK(back.notices.empty());
        }
    }
}

TEST_CASE("writeNpy and readNpy round-trip through a file", "[npy]") {
    TempDir dir;
    for (const Shape& shape : kShapes) {
        INFO(formatShape(shape));
        const Tensor t = patterned(shape, DType::Float64);
        const std::string path = dir.file("a.npy");
        writeNpy(path, t);
        requireSameTensor(readNpy(path).tensor, t);
        REQUIRE(fileBytes(path) == encodeNpy(t));
    }
    REQUIRE(dir.entries() == std::vector<std::string>{"a.npy"});  // no temporary file left behind
}

TEST_CASE("integer, bool and float16 arrays are converted to float32 with exact values", "[npy]") {
    struct Case {
        std::string descr, name;
        Bytes data;
        std::vector<double> expected;
    };
    const std::vector<Case> cases{
        {"|u1", "uint8", bytesOf({0, 1, 127, 128, 255}), {0, 1, 127, 128, 255}},
        {"|i1", "int8", bytesOf({0x80, 0xff, 0, 1, 0x7f}), {-128, -1, 0, 1, 127}},
        {"<i2", "int16", le<int16_t>({-32768, -2, 0, 300, 32767}), {-32768, -2, 0, 300, 32767}},
        {">i2", "int16", be<int16_t>({-32768, -2, 0, 300, 32767}), {-32768, -2, 0, 300, 32767}},
        {"<u2", "uint16", le<uint16_t>({0, 256, 65535}), {0, 256, 65535}},
        {">u2", "uint16", be<uint16_t>({0, 256, 65535}), {0, 256, 65535}},
        {"<i4", "int32", le<int32_t>({-2147483647 - 1, -7, 16777217}), {-2147483648.0, -7, 16777216}},
        {">i4", "int32", be<int32_t>({-2147483647 - 1, -7, 16777217}), {-2147483648.0, -7, 16777216}},
        {"<u4", "uint32", le<uint32_t>({0, 4294967295u, 16777219}), {0, 4294967296.0, 16777220}},
        {">u4", "uint32", be<uint32_t>({0, 4294967295u, 16777219}), {0, 4294967296.0, 16777220}},
        {"<i8",
         "int64",
         le<int64_t>({std::numeric_limits<int64_t>::min(), -3, 1ll << 40}),
         {-9223372036854775808.0, -3, 1099511627776.0}},
        {">i8",
         "int64",
         be<int64_t>({std::numeric_limits<int64_t>::min(), -3, 1ll << 40}),
         {-9223372036854775808.0, -3, 1099511627776.0}},
        {"<u8",
         "uint64",
         le<uint64_t>({0, 5, std::numeric_limits<uint64_t>::max()}),
         {0, 5, 18446744073709551616.0}},
        {">u8",
         "uint64",
         be<uint64_t>({0, 5, std::numeric_limits<uint64_t>::max()}),
         {0, 5, 18446744073709551616.0}},
        {"|b1", "bool", bytesOf({0, 1, 1, 0}), {0, 1, 1, 0}},
        {"<f2", "float16", le<uint16_t>({0x3c00, 0xc100, 0x7bff, 0x0001}), {1.0, -2.5, 65504.0, 0x1p-24}},
        {">f2", "float16", be<uint16_t>({0x3c00, 0xc100, 0x7bff, 0x0001}), {1.0, -2.5, 65504.0, 0x1p-24}},
    };
    for (const Case& c : cases) {
        INFO(c.descr);
        const std::string shape = "(" + std::to_string(c.expected.size()) + ",)";
        const NpyLoad load = readNpyBytes(npy(c.descr, shape, c.data));
        CHECK(load.tensor.dtype() == DType::Float32);
        CHECK(load.tensor.shape() == Shape{static_cast<int64_t>(c.expected.size())});
        CHECK(values(load.tensor) == c.expected);
        CHECK(load.info.descr == c.descr);
        CHECK(load.notices == std::vector<std::string>{"converted " + c.name + " to float32"});
    }
}

TEST_CASE("float16 subnormals, infinities, NaN and signed zero convert exactly", "[npy]") {
    const Bytes data = le<uint16_t>({0x0001, 0x03ff, 0x0400, 0x8000, 0x7c00, 0xfc00, 0x7e00, 0xfe01, 0x3555});
    const Tensor t = readNpyBytes(npy("<f2", "(9,)", data)).tensor;
    const float* v = t.data<float>();
    CHECK(v[0] == 0x1p-24f);
    CHECK(v[1] == 1023 * 0x1p-24f);  // largest subnormal
    CHECK(v[2] == 0x1p-14f);         // smallest normal
    CHECK(v[3] == 0.0f);
    CHECK(std::signbit(v[3]));
    CHECK(v[4] == std::numeric_limits<float>::infinity());
    CHECK(v[5] == -std::numeric_limits<float>::infinity());
    CHECK(std::bit_cast<uint32_t>(v[6]) == 0x7fc00000u);  // quiet NaN
    CHECK(std::bit_cast<uint32_t>(v[7]) == 0xffc02000u);  // sign and payload kept
    CHECK(v[8] == 0x1.554p-2f);                           // 0.333251953125
}

TEST_CASE("big-endian float32 and float64 are byte-swapped and kept", "[npy]") {
    const NpyLoad f = readNpyBytes(npy(">f4", "(3,)", be<float>({1.5f, -0.1f, 3e38f})));
    CHECK(f.tensor.dtype() == DType::Float32);
    CHECK(values(f.tensor) ==
          std::vector<double>{1.5, static_cast<double>(-0.1f), static_cast<double>(3e38f)});
    CHECK(f.notices.empty());
    const NpyLoad d = readNpyBytes(npy(">f8", "(2, 1)", be<double>({-2.25, 1e-300})));
    CHECK(d.tensor.dtype() == DType::Float64);
    CHECK(d.tensor.shape() == Shape{2, 1});
    CHECK(values(d.tensor) == std::vector<double>{-2.25, 1e-300});
}

TEST_CASE("Fortran-order arrays are transposed into C order", "[npy]") {
    SECTION("2-D float32") {
        // [[0, 1, 2], [3, 4, 5]] stored column by column.
        const NpyLoad load = readNpyBytes(npy("<f4", "(2, 3)", le<float>({0, 3, 1, 4, 2, 5}), true));
        CHECK(load.info.fortranOrder);
        CHECK(load.tensor.shape() == Shape{2, 3});
        CHECK(values(load.tensor) == std::vector<double>{0, 1, 2, 3, 4, 5});
    }
    SECTION("3-D uint8, converted") {
        // value(i, j, k) = 100 i + 10 j + k, shape (2, 3, 4), stored with i fastest.
        Bytes data;
        for (int k = 0; k < 4; ++k)
            for (int j = 0; j < 3; ++j)
                for (int i = 0; i < 2; ++i) data.push_back(static_cast<std::byte>(100 * i + 10 * j + k));
        const Tensor t = readNpyBytes(npy("|u1", "(2, 3, 4)", data, true)).tensor;
        REQUIRE(t.shape() == Shape{2, 3, 4});
        for (int i = 0; i < 2; ++i)
            for (int j = 0; j < 3; ++j)
                for (int k = 0; k < 4; ++k) CHECK(t.at(i * 12 + j * 4 + k) == 100 * i + 10 * j + k);
    }
    SECTION("1-D and zero-size arrays need no transpose") {
        CHECK(values(readNpyBytes(npy("<f8", "(3,)", le<double>({1, 2, 3}), true)).tensor) ==
              std::vector<double>{1, 2, 3});
        CHECK(readNpyBytes(npy("<f8", "(3, 0)", {}, true)).tensor.shape() == Shape{3, 0});
        // empty, with dims whose strides overflow int64 (found by fuzz_npy under UBSan)
        CHECK(readNpyBytes(npy("<f4", "(0, 99999999999999, 99999999999999)", {}, true)).tensor.shape() ==
              Shape{0, 99999999999999, 99999999999999});
    }
}

TEST_CASE("versions 2.0 and 3.0 are read", "[npy]") {
    const Bytes data = le<float>({1.0f, 2.0f});
    for (int major : {2, 3}) {
        INFO("version " << major);
        const NpyLoad load = readNpyBytes(npyRaw(major, 0, dict("<f4", "(2,)"), data));
        CHECK(load.info.versionMajor == major);
        CHECK(load.info.versionMinor == 0);
        CHECK(values(load.tensor) == std::vector<double>{1, 2});
    }
}

TEST_CASE("the header dict is parsed in any key order and spacing", "[npy]") {
    const Bytes two = le<float>({4.0f, 5.0f});
    const auto shapeOf = [](const std::string& header, const Bytes& data) {
        return readNpyBytes(npyRaw(1, 0, header, data)).tensor.shape();
    };
    CHECK(shapeOf("{'shape': (2,), 'fortran_order': False, 'descr': '<f4'}", two) == Shape{2});
    CHECK(shapeOf("  {\"descr\":'<f4' ,'fortran_order':False,'shape':( 2 , ) ,}   \n", two) == Shape{2});
    CHECK(shapeOf("{'descr': '<f4', 'fortran_order': False, 'shape': (1, 2)}", two) == Shape{1, 2});
    CHECK(shapeOf("{'descr': '<f4', 'fortran_order': False, 'shape': (1, 2, ), }", two) == Shape{1, 2});
    CHECK(shapeOf("{'descr': '<f4', 'fortran_order': False, 'shape': (), }", le<float>({4.0f})) == Shape{});
    CHECK(shapeOf("{'descr': '<f4', 'fortran_order': False, 'shape': (2L,), }", two) ==
          Shape{2});  // Python 2
}

TEST_CASE("malformed files are refused with messages naming the values", "[npy]") {
    const Bytes good = npy("<f4", "(2,)", le<float>({1.0f, 2.0f}));

    SECTION("wrong magic") {
        Bytes bad = good;
        bad[1] = std::byte{'X'};
        CHECK_THAT(npyError(bad), Contains("magic string") && Contains("93 58 55 4d 50 59"));
        CHECK_THAT(npyError({}), Contains("the file is empty"));
        CHECK_THAT(npyError(bytesOf({0x89, 'P', 'N', 'G'})), Contains("89 50 4e 47"));
    }
    SECTION("unsupported version") {
        Bytes bad = good;
        bad[6] = std::byte{4};
        CHECK_THAT(npyError(bad), Contains("unsupported .npy format version 4.0"));
        bad[6] = std::byte{1};
        bad[7] = std::byte{1};
        CHECK_THAT(npyError(bad), Contains("version 1.1"));
    }
    SECTION("truncated preamble") {
        CHECK_THAT(npyError(bytesOf({0x93, 'N', 'U', 'M', 'P', 'Y', 1})), Contains("holds 7 bytes"));
        CHECK_THAT(npyError(bytesOf({0x93, 'N', 'U', 'M', 'P', 'Y', 2, 0, 10, 0})),
                   Contains("holds 10 bytes, fewer than the 12-byte preamble of version 2.0"));
    }
    SECTION("header length past the end of the file") {
        const Bytes bad(good.begin(), good.begin() + 20);
        CHECK_THAT(npyError(bad),
                   Contains("header length 58") && Contains("end at byte 68") && Contains("holds 20 bytes"));
        const Bytes huge = bytesOf({0x93, 'N', 'U', 'M', 'P', 'Y', 2, 0, 0xff, 0xff, 0xff, 0xff, '{'});
        CHECK_THAT(npyError(huge), Contains("header length 4294967295") &&
                                       Contains("end at byte 4294967307") && Contains("holds 13 bytes"));
    }
    SECTION("malformed header dict") {
        const auto headerError = [](const std::string& header) { return npyError(npyRaw(1, 0, header, {})); };
        CHECK_THAT(headerError("['descr']"), Contains("expected the header to start with '{'"));
        CHECK_THAT(headerError(""), Contains("expected the header to start with '{'"));
        CHECK_THAT(headerError("{'descr' '<f4'}"), Contains("expected ':' after the key 'descr'"));
        CHECK_THAT(headerError("{'descr': '<f4' 'shape': ()}"),
                   Contains("',' or '}' after the value of 'descr'"));
        CHECK_THAT(headerError("{'descr': '<f4"), Contains("unterminated string"));
        CHECK_THAT(headerError("{'shape': (2)}"), Contains("one-element tuple such as (5,)"));
        CHECK_THAT(headerError("{'shape': (2, 3.0)}"), Contains("',' or ')' in the shape tuple"));
        CHECK_THAT(headerError("{'shape': (2,,)}"), Contains("expected an integer"));
        CHECK_THAT(headerError("{'fortran_order': Truest}"),
                   Contains("expected a string, True, False or a tuple"));
        CHECK_THAT(headerError("{'descr': '<f4'} x"), Contains("unexpected text after the closing '}'"));
        CHECK_THAT(headerError("{'descr': [('a', '<f4')]}"), Contains("structured arrays"));
        CHECK_THAT(headerError("{'descr': '<f4',"), Contains("at offset 16"));
    }
    SECTION("missing, unexpected, repeated and mistyped keys") {
        const auto headerError = [](const std::string& header) { return npyError(npyRaw(1, 0, header, {})); };
        CHECK_THAT(headerError("{'descr': '<f4', 'fortran_order': False}"),
                   Contains("missing the key 'shape'"));
        CHECK_THAT(headerError("{'descr': '<f4', 'shape': ()}"), Contains("missing the key 'fortran_order'"));
        CHECK_THAT(headerError("{'fortran_order': False, 'shape': ()}"), Contains("missing the key 'descr'"));
        CHECK_THAT(headerError("{}"), Contains("missing the key"));
        CHECK_THAT(headerError("{'descr': '<f4', 'fortran_order': False, 'shape': (), 'x': ()}"),
                   Contains("unexpected key 'x'"));
        CHECK_THAT(headerError("{'descr': '<f4', 'descr': '<f8'}"), Contains("repeats the key 'descr'"));
        CHECK_THAT(headerError("{'descr': '<f4', 'fortran_order': 'no', 'shape': ()}"),
                   Contains("'fortran_order' is not True or False"));
        CHECK_THAT(headerError("{'descr': '<f4', 'fortran_order': False, 'shape': '3'}"),
                   Contains("'shape' is not a tuple"));
        CHECK_THAT(headerError("{'descr': True, 'fortran_order': False, 'shape': ()}"),
                   Contains("'descr' is not a string"));
    }
    SECTION("negative dimension") {
        CHECK_THAT(npyError(npy("<f4", "(2, -3)", {})),
                   Contains("negative dimension -3 in the shape (2, -3)"));
    }
    SECTION("unsupported dtypes") {
        CHECK_THAT(npyError(npy("|O", "(1,)", bytesOf({0, 0, 0, 0, 0, 0, 0, 0}))),
                   Contains("'|O'") && Contains("object arrays") && Contains("unpickling"));
        CHECK_THAT(npyError(npy("<c8", "(1,)", Bytes(8))), Contains("'<c8'") && Contains("complex"));
        CHECK_THAT(npyError(npy("<c16", "(1,)", Bytes(16))), Contains("'<c16'") && Contains("complex"));
        CHECK_THAT(npyError(npy("<U5", "(1,)", Bytes(20))), Contains("unsupported dtype '<U5'"));
        CHECK_THAT(npyError(npy("<f16", "(1,)", Bytes(16))), Contains("unsupported dtype '<f16'"));
        CHECK_THAT(npyError(npy("<M8[ns]", "(1,)", Bytes(8))), Contains("unsupported dtype '<M8[ns]'"));
        CHECK_THAT(npyError(npy("f4", "(1,)", Bytes(4))), Contains("unsupported dtype 'f4'"));
        CHECK_THAT(npyError(npy("|f4", "(1,)", Bytes(4))), Contains("'|f4'") && Contains("byte order"));
        CHECK_THAT(npyError(npy("", "(1,)", Bytes(4))), Contains("unsupported dtype ''"));
    }
    SECTION("data shorter or longer than the header claims") {
        CHECK_THAT(npyError(npy("<f4", "(2, 3)", Bytes(20))),
                   Contains("header claims 24 bytes of data but the file holds 20"));
        CHECK_THAT(npyError(npy("<f8", "(2,)", Bytes(17))),
                   Contains("header claims 16 bytes of data but the file holds 17") && Contains("trailing"));
        CHECK_THAT(npyError(npy("<f8", "(0,)", Bytes(1))),
                   Contains("header claims 0 bytes of data but the file holds 1"));
    }
}

TEST_CASE("sizes that overflow or pass maxBytes throw TooLargeError before allocating", "[npy]") {
    const auto tooLarge = [](const Bytes& bytes, uint64_t maxBytes) {
        try {
            readNpyBytes(bytes, maxBytes);
        } catch (const TooLargeError& e) {
            return e;
        }
        FAIL("TooLargeError was not thrown");
        return TooLargeError("", 0, 0);
    };
    SECTION("element count overflow") {
        const TooLargeError e = tooLarge(npy("<f4", "(4294967296, 4294967296)", {}), kDefaultNpyMaxBytes);
        CHECK_THAT(e.what(), Contains("(4294967296, 4294967296)"));
    }
    SECTION("byte count overflow") {
        const TooLargeError e = tooLarge(npy("<f8", "(4611686018427387904,)", {}), kDefaultNpyMaxBytes);
        CHECK_THAT(e.what(), Contains("byte count") && Contains("(4611686018427387904,)"));
    }
    SECTION("a dimension past int64") {
        const TooLargeError e = tooLarge(npy("<f4", "(99999999999999999999,)", {}), kDefaultNpyMaxBytes);
        CHECK_THAT(e.what(), Contains("overflows int64"));
    }
    SECTION("over maxBytes as stored") {
        const TooLargeError e = tooLarge(npy("<f8", "(4,)", Bytes(32)), 31);
        CHECK(e.bytes() == 32);
        CHECK(e.limit() == 31);
        CHECK_THAT(e.what(), Contains("needs 32 bytes, over the limit of 31 bytes"));
        CHECK(readNpyBytes(npy("<f8", "(4,)", Bytes(32)), 32).tensor.numel() == 4);
    }
    SECTION("over maxBytes once converted to float32") {
        const TooLargeError e = tooLarge(npy("|u1", "(10,)", Bytes(10)), 39);
        CHECK(e.bytes() == 40);
        CHECK(e.limit() == 39);
    }
}

TEST_CASE("readNpy reports file problems as IoError and prefixes NpyError with the path", "[npy]") {
    TempDir dir;
    const std::string missing = dir.file("missing.npy");
    CHECK_THAT(messageOf<IoError>([&] { readNpy(missing); }),
               Contains(missing) && Contains("No such file or directory"));
    CHECK_THAT(messageOf<IoError>([&] { readNpy(dir.path.string()); }), Contains("it is a directory"));
    CHECK_THAT(messageOf<IoError>([&] { readNpy("/dev/null"); }), Contains("not a regular file"));
    const std::string bad = dir.file("bad.npy");
    std::ofstream(bad) << "hello";
    CHECK_THAT(messageOf<NpyError>([&] { readNpy(bad); }), Contains(bad + ": not a .npy file"));
}

TEST_CASE("writeNpy replaces files atomically and refuses anything else", "[npy]") {
    TempDir dir;
    const Tensor t = patterned({2, 2}, DType::Float32);

    SECTION("an existing file is replaced") {
        const std::string path = dir.file("x.npy");
        std::ofstream(path) << "old contents";
        writeNpy(path, t);
        requireSameTensor(readNpy(path).tensor, t);
        CHECK(dir.entries() == std::vector<std::string>{"x.npy"});
    }
    SECTION("a directory is never replaced") {
        const std::string path = dir.file("sub");
        fs::create_directory(path);
        CHECK_THAT(messageOf<IoError>([&] { writeNpy(path, t); }),
                   Contains(path) && Contains("not a regular file"));
        CHECK(fs::is_directory(path));
        CHECK(dir.entries() == std::vector<std::string>{"sub"});
    }
    SECTION("a device is never replaced") {
        CHECK_THAT(messageOf<IoError>([&] { writeNpy("/dev/null", t); }), Contains("'/dev/null'"));
        CHECK(fs::is_character_file("/dev/null"));
    }
    SECTION("a missing folder") {
        const std::string path = dir.file("no/such/folder/x.npy");
        const std::string message = messageOf<IoError>([&] { writeNpy(path, t); });
        CHECK(message == "cannot write '" + path + "': the folder '" + dir.file("no/such/folder") + "' does not exist");
        CHECK(dir.entries().empty());
    }
    SECTION("a file where a folder should be") {
        std::ofstream(dir.file("plain")) << "x";
        const std::string path = dir.file("plain/x.npy");
        CHECK(messageOf<IoError>([&] { writeNpy(path, t); }) ==
              "cannot write '" + path + "': '" + dir.file("plain") + "' is not a folder");
    }
    SECTION("/dev/full is refused, not replaced") {
        CHECK_THAT(messageOf<IoError>([&] { writeNpy("/dev/full", t); }),
                   Equals("cannot write '/dev/full': it exists and is not a regular file"));
        CHECK(fs::is_character_file("/dev/full"));
    }
    SECTION("the IoError carries the path") {
        const std::string path = dir.file("sub2");
        fs::create_directory(path);
        try {
            writeNpy(path, t);
            FAIL("no IoError");
        } catch (const IoError& e) {
            CHECK(e.path() == path);
            CHECK(e.kind() == ErrorKind::Io);
        }
    }
}

TEST_CASE("encodeNpy refuses a tensor without storage", "[npy]") {
    CHECK_THROWS_AS(encodeNpy(Tensor()), Error);
}

TEST_CASE("encodeNpy writes the bytes NumPy's np.save writes", "[npy][numpy]") {
    for (const char* name : {"c_f32_2x3.npy", "c_f64_5.npy", "c_f32_scalar.npy"}) {
        INFO(name);
        const Bytes numpyBytes = fileBytes(kFixtures + name);
        const NpyLoad load = readNpyBytes(numpyBytes);
        CHECK(encodeNpy(load.tensor) == numpyBytes);
    }
    CHECK(values(readNpy(kFixtures + "c_f32_2x3.npy").tensor) == std::vector<double>{0, 0.5, 1, 1.5, 2, 2.5});
    CHECK(values(readNpy(kFixtures + "c_f32_scalar.npy").tensor) == std::vector<double>{7.25});
    CHECK(readNpy(kFixtures + "c_f32_scalar.npy").tensor.shape() == Shape{});
}

TEST_CASE("files written by NumPy are read with the right values", "[npy][numpy]") {
    SECTION("uint8") {
        const NpyLoad load = readNpy(kFixtures + "uint8.npy");
        CHECK(load.info.descr == "|u1");
        CHECK(load.tensor.shape() == Shape{2, 3});
        CHECK(values(load.tensor) == std::vector<double>{0, 1, 2, 127, 128, 255});
        CHECK(load.notices == std::vector<std::string>{"converted uint8 to float32"});
    }
    SECTION("big-endian int16") {
        const NpyLoad load = readNpy(kFixtures + "int16_be.npy");
        CHECK(load.info.descr == ">i2");
        CHECK(values(load.tensor) == std::vector<double>{-32768, -1, 0, 1, 300, 32767});
        CHECK(load.notices == std::vector<std::string>{"converted int16 to float32"});
    }
    SECTION("float16") {
        const Tensor t = readNpy(kFixtures + "float16.npy").tensor;
        REQUIRE(t.numel() == 8);
        const float* v = t.data<float>();
        CHECK(v[0] == 1.0f);
        CHECK(v[1] == -2.5f);
        CHECK(v[2] == 65504.0f);
        CHECK(v[3] == 0x1p-24f);
        CHECK((v[4] == 0.0f && std::signbit(v[4])));
        CHECK(v[5] == std::numeric_limits<float>::infinity());
        CHECK(v[6] == -std::numeric_limits<float>::infinity());
        CHECK(std::isnan(v[7]));
    }
    SECTION("bool") {
        const NpyLoad load = readNpy(kFixtures + "bool.npy");
        CHECK(values(load.tensor) == std::vector<double>{1, 0, 0, 1});
        CHECK(load.notices == std::vector<std::string>{"converted bool to float32"});
    }
    SECTION("Fortran-order float32") {
        const NpyLoad load = readNpy(kFixtures + "fortran_f32.npy");
        CHECK(load.info.fortranOrder);
        CHECK(load.tensor.shape() == Shape{2, 3, 4});
        std::vector<double> expected(24);
        for (int i = 0; i < 24; ++i) expected[i] = i;  // np.arange(24).reshape(2, 3, 4)
        CHECK(values(load.tensor) == expected);
    }
    SECTION("version 2.0 float64") {
        const NpyLoad load = readNpy(kFixtures + "v2_f64.npy");
        CHECK(load.info.versionMajor == 2);
        CHECK(load.tensor.dtype() == DType::Float64);
        CHECK(values(load.tensor) == std::vector<double>{0.5, -1.25, 1e300, -0.0});
    }
    SECTION("version 3.0 float32") {
        const NpyLoad load = readNpy(kFixtures + "v3_f32.npy");
        CHECK(load.info.versionMajor == 3);
        CHECK(values(load.tensor) == std::vector<double>{1.5, 2.5, 3.5});
    }
    SECTION("big-endian float64") {
        const NpyLoad load = readNpy(kFixtures + "be_f64.npy");
        CHECK(load.info.descr == ">f8");
        CHECK(load.tensor.dtype() == DType::Float64);
        CHECK(values(load.tensor) == std::vector<double>{1.0, -3.75, 1e-300});
    }
}

TEST_CASE("writeNpy: injected write faults leave the previous file and no temporary file", "[npy]") {
    TempDir dir;
    const std::string path = dir.file("x.npy");
    const Tensor before = patterned({2, 2}, DType::Float32);
    writeNpy(path, before);
    struct Fault {
        const char* name;
        std::string message;
    };
    for (const Fault& f : {Fault{"eacces", "cannot create a temporary file beside '" + path + "': Permission denied"},
                           Fault{"enospc", "cannot write '" + path + "': No space left on device"},
                           Fault{"eio", "cannot flush '" + path + "': Input/output error"}}) {
        INFO(f.name);
        ::setenv("UPSAMPLE_FAULT_WRITE", f.name, 1);
        const std::string message = messageOf<IoError>([&] { writeNpy(path, patterned({3, 3}, DType::Float64)); });
        ::unsetenv("UPSAMPLE_FAULT_WRITE");
        CHECK(message == f.message);
        requireSameTensor(readNpy(path).tensor, before);
        CHECK(dir.entries() == std::vector<std::string>{"x.npy"});
    }
}

TEST_CASE("readNpy: an array over the cap is refused before allocation, naming the file and the size", "[npy]") {
    TempDir dir;
    const std::string path = dir.file("big.npy");
    writeNpy(path, patterned({4, 4}, DType::Float64));
    try {
        readNpy(path, 100);
        FAIL("no TooLargeError");
    } catch (const TooLargeError& e) {
        CHECK(std::string(e.what()) == path + ": the array of shape (4, 4) needs 128 bytes, over the limit of 100 bytes");
        CHECK(e.bytes() == 128);
        CHECK(e.limit() == 100);
    }
}
