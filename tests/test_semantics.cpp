// core/src/semantics/: the PyTorch versions, what each means, and that no other part of the core
// names a version.
#include "support/golden.hpp"

#include "upsample/coords.hpp"
#include "upsample/explain.hpp"
#include "upsample/semantics.hpp"
#include "upsample/spec.hpp"
#include "upsample/taps.hpp"

#include <catch2/catch.hpp>

#include <filesystem>
#include <fstream>
#include <sstream>

using namespace upsample;

namespace {
const Semantics& newest() { return *allSemantics().front(); }
const Semantics& oldest() { return *allSemantics().back(); }

// A source file's text with its comments removed (// to the end of the line, /* ... */).
std::string codeOf(const std::filesystem::path& p) {
    std::ifstream f(p);
    std::stringstream ss;
    ss << f.rdbuf();
    const std::string s = ss.str();
    std::string out;
    bool inString = false;
    for (std::size_t i = 0; i < s.size(); ++i) {
        if (!inString && s.compare(i, 2, "//") == 0) {
            while (i < s.size() && s[i] != '\n') ++i;
        } else if (!inString && s.compare(i, 2, "/*") == 0) {
            const auto end = s.find("*/", i + 2);
            i = end == std::string::npos ? s.size() : end + 1;
            continue;
        } else if (s[i] == '"' && (i == 0 || s[i - 1] != '\\') && (i == 0 || s[i - 1] != '\'')) {
            inString = !inString;
        }
        if (i < s.size()) out += s[i];
    }
    return out;
}
// `version` ("2.14") as a number of its own in the text: not inside a longer number ("12.14", "2.145").
bool namesVersion(const std::string& text, const std::string& version) {
    const auto isNumberChar = [](char c) { return (c >= '0' && c <= '9') || c == '.'; };
    for (std::size_t at = text.find(version); at != std::string::npos; at = text.find(version, at + 1)) {
        const bool before = at > 0 && isNumberChar(text[at - 1]);
        const std::size_t end = at + version.size();
        const bool after = end < text.size() && text[end] >= '0' && text[end] <= '9';
        if (!before && !after) return true;
    }
    return false;
}
}  // namespace

TEST_CASE("semantics: the versions, the default and look-ups by name", "[semantics]") {
    REQUIRE(allSemantics().size() >= 2);
    CHECK(&defaultSemantics() == &newest());
    for (const Semantics* s : allSemantics()) {
        CHECK(semanticsNamed(s->version) == s);
        CHECK(semanticsNamed(s->release) == s);
        CHECK(nearestSemantics(std::string(s->release) + "+cpu") == s);
    }
    CHECK(semanticsNamed("0.4") == nullptr);
    CHECK(nearestSemantics("not a version") == nullptr);
    CHECK(nearestSemantics("") == nullptr);
    // Debian 12's build reports 1.13.0a0; a 2.x release between the two is nearest to the newest.
    CHECK(nearestSemantics("1.13.0a0") == &oldest());
    CHECK(nearestSemantics("2.6.0") == &newest());
    CHECK(nearestSemantics("3.0") == &newest());
    CHECK(semanticsNames("|").find('|') != std::string::npos);
}

TEST_CASE("semantics: a version is found as a number of its own", "[semantics]") {
    CHECK(namesVersion("x = \"2.14\";", "2.14"));
    CHECK(namesVersion("PyTorch 2.14.1", "2.14"));
    CHECK_FALSE(namesVersion("12.14 and 2.145", "2.14"));
    CHECK_FALSE(namesVersion("v3.2.14", "2.14"));
}

TEST_CASE("semantics: no version number outside core/src/semantics", "[semantics]") {
    namespace fs = std::filesystem;
    const fs::path core = fs::path(UPSAMPLE_TESTS_DIR).parent_path() / "core";
    std::vector<std::string> versions;
    for (const Semantics* s : allSemantics()) versions.emplace_back(s->version);
    int files = 0;
    for (const auto& e : fs::recursive_directory_iterator(core)) {
        if (!e.is_regular_file()) continue;
        const std::string ext = e.path().extension().string();
        if (ext != ".cpp" && ext != ".hpp" && ext != ".cl") continue;
        if (e.path().parent_path().filename() == "semantics") continue;
        ++files;
        const std::string code = codeOf(e.path());
        for (const std::string& v : versions) {
            INFO(e.path().string() << " names version " << v << " outside a comment");
            CHECK_FALSE(namesVersion(code, v));
        }
    }
    CHECK(files > 50);
}

TEST_CASE("semantics: the versions' messages and rules", "[semantics]") {
    Spec s;
    s.mode = Mode::Nearest;
    s.scaleFactor = std::vector<double>{2};
    s.antialias = true;
    for (const Semantics* v : allSemantics()) {
        s.torch = v;
        CHECK_THROWS_WITH(resolve(s, {1, 1, 4, 4}), std::string(v->antialiasRefusal));
    }
    CHECK(newest().antialiasRefusal != oldest().antialiasRefusal);
    // recompute_scale_factor: floor in the older version, int() (truncation) in the newer.
    Spec r;
    r.mode = Mode::Nearest;
    r.scaleFactor = std::vector<double>{-0.3};
    r.recomputeScaleFactor = true;
    r.torch = &oldest();
    CHECK_THROWS_WITH(resolve(r, {1, 1, 5}), Catch::Contains("output (W: -2)"));
    r.torch = &newest();
    CHECK_THROWS_WITH(resolve(r, {1, 1, 5}), Catch::Contains("output (W: -1)"));
}

TEST_CASE("semantics: which kernel each version takes", "[semantics]") {
    Spec s;
    s.mode = Mode::Bilinear;
    s.scaleFactor = std::vector<double>{2};
    const auto choice = [&](const Semantics& v, const Shape& shape, int threads) {
        s.torch = &v;
        const ResolvedSpec r = resolve(s, shape);
        return v.kernelChoice(r, threads);
    };
    // out_H + out_W = 16 <= 128: the newer version's vectorised kernel, the older's generic one.
    CHECK(choice(newest(), {1, 3, 4, 4}, 2).channelsLast);
    CHECK_FALSE(choice(oldest(), {1, 3, 4, 4}, 2).channelsLast);
    CHECK_THAT(choice(newest(), {1, 3, 4, 4}, 2).reason, Catch::Contains("<= 128"));
    // 2 x 100: out 200 + 200 > 128; C = 3 takes it only with one thread.
    CHECK_FALSE(choice(newest(), {1, 3, 100, 100}, 2).channelsLast);
    CHECK(choice(newest(), {1, 3, 100, 100}, 1).channelsLast);
    // C == 1 is channels-last contiguous: the older version takes that kernel, the newer (C <= 3) not.
    CHECK(choice(oldest(), {1, 1, 100, 100}, 2).channelsLast);
    CHECK_FALSE(choice(newest(), {1, 1, 100, 100}, 2).channelsLast);
    s.mode = Mode::Bicubic;
    CHECK_FALSE(choice(newest(), {1, 3, 4, 4}, 2).channelsLast);
}

TEST_CASE("semantics: nearest x2 on a small output indexes by d >> 1 in the newer version", "[semantics]") {
    // 5 -> 10 with scale_factor 2.1: the generic kernel floors d / 2.1, the channels-last one d >> 1.
    Spec s;
    s.mode = Mode::Nearest;
    s.scaleFactor = std::vector<double>{2.1};
    for (const Semantics* v : allSemantics()) {
        s.torch = v;
        const ResolvedSpec r = resolve(s, {1, 3, 5, 5});
        const auto t = axisTable<float>(r, 1);
        const bool shift = v->kernelChoice(r, 0).channelsLast;
        CHECK(t.index == (shift ? std::vector<int64_t>{0, 0, 1, 1, 2, 2, 3, 3, 4, 4}
                                : std::vector<int64_t>{0, 0, 0, 1, 1, 2, 2, 3, 3, 4}));
    }
}

TEST_CASE("semantics: the linear index in double (older) or float (newer)", "[semantics]") {
    // in 7 -> out 23 (size): x = (d + 0.5) * 7/23 - 0.5; float and double round the weight apart.
    int differ = 0;
    for (int64_t d = 0; d < 23; ++d) {
        const float s = 7.0f / 23.0f;
        const auto a = coords::linearTaps<float, IndexPrecision::Accumulate>(s, d, 7, 23, false);
        const auto b = coords::linearTaps<float, IndexPrecision::Opmath>(s, d, 7, 23, false);
        CHECK(a.i0 == b.i0);
        CHECK(std::abs(a.l1 - b.l1) < 1e-6f);
        differ += a.l1 != b.l1;
    }
    CHECK(differ > 0);
}

TEST_CASE("semantics: explain says where the versions differ", "[semantics][explain]") {
    const Explanation e = explain({1, 3, 7, 7}, "F.interpolate(x, scale_factor=2.3, mode='bilinear')");
    REQUIRE(e.ok());
    std::string all;
    for (const auto& l : e.versions) all += l + "\n";
    CHECK_THAT(all, Catch::Contains("float32: spatial dim 0 has other taps or weights"));
    CHECK_THAT(all, Catch::Contains("computes the source coordinate in the tensor's type"));
    CHECK_THAT(all, Catch::Contains("channels-last kernel"));
    // area tables hold a window's start and count: compared as such (read past the table before)
    const Explanation area = explain({1, 1, 4, 4}, "F.interpolate(x, 2, None, 'area', None, None, False)");
    REQUIRE(area.versions.size() == 1);
    CHECK_THAT(area.versions[0], Catch::Contains("give the same values"));
    const Explanation same = explain({1, 3, 4, 4}, "F.interpolate(x, scale_factor=2, mode='area')");
    REQUIRE(same.versions.size() == 1);
    CHECK_THAT(same.versions[0], Catch::Contains("give the same values"));
    const Explanation err = explain({1, 3, 4, 4}, "F.interpolate(x, scale_factor=2, mode='nearest', antialias=True)");
    REQUIRE(err.versions.size() == 1);
    CHECK_THAT(err.versions[0], Catch::Contains("raises ValueError: Anti-alias option is restricted"));
    CHECK_THAT(formatExplanation(e), Catch::Contains("PyTorch versions (explained for " +
                                                     std::string(defaultSemantics().version) + ")"));
}
