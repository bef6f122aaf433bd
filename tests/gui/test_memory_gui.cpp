// The tool windows are held to the studio's one result limit (Preferences): the modes grid and the
// A/B compare hold every mode variant at once, the Libraries window five outputs and their
// differences; over the limit they refuse before allocating, with the figure (they ran each
// variant under a default 4 GiB and passed 7-9 GB for a 32-byte input before).
#include "studio_fixture.hpp"

#include "session/ModeBatch.hpp"
#include "tools/LibrariesWindow.hpp"

using namespace studio;
using namespace studio::testing;
using namespace upsample;

TEST_CASE("memory: the modes grid refuses variants that together pass the result limit, before computing") {
    Fixture f;
    f.settings->setMaxResultBytes(1000);
    f.open("arange");  // 4 x 4 float32
    f.setSpec(scaleSpec(Mode::Bilinear, 2));  // 8 x 8: 256 bytes a result, under the limit alone
    REQUIRE(f.w().result());
    AnalysisTools* tools = f.w().analysis();
    tools->showModesGrid();
    tools->waitForModes();
    ModeBatch* batch = tools->modes();
    const std::size_t n = batch->variants().size();
    // nearest, nearest-exact, bilinear x2, bicubic x2, area; bilinear x2 and bicubic x2 under the other
    // PyTorch version (for the A/B compare)
    REQUIRE(n == 11);
    for (const auto& o : batch->outcomes()) {
        REQUIRE(o);
        CHECK_FALSE(o->ok);
        CHECK(o->tooLarge);
        CHECK(o->output.empty());
        CHECK(o->bytes == 11 * 256);
        CHECK(o->limit == 1000);
        CHECK(o->error == "The modes grid (and the A/B compare) needs 11 results of 256 bytes = 2.8 KiB (2816 bytes), "
                          "over the limit of 1000 bytes (Preferences > Maximum result size)");
    }
    // Under a limit they fit in, they are computed.
    f.settings->setMaxResultBytes(2000);
    f.setSpec(scaleSpec(Mode::Bilinear, 2.5));  // 10 x 10: 400 bytes; 11 x 400 = 4400 bytes
    tools->waitForModes();
    CHECK(batch->outcomes().front()->tooLarge);
    f.setSpec(scaleSpec(Mode::Bilinear, 1.5));  // 6 x 6: 144 bytes; 11 x 144 = 1584 bytes
    tools->waitForModes();
    for (const auto& o : batch->outcomes()) {
        REQUIRE(o);
        CHECK(o->ok);
        CHECK(o->output.shape() == Shape{1, 1, 6, 6});
    }
}

TEST_CASE("memory: a 32-byte volume asking for 2.4 GiB is refused by every tool window, nothing allocated") {
    Fixture f;  // the default limit: 2 GiB
    InputDocument doc;
    doc.displayName = "tiny volume";
    doc.tensor = Tensor::zeros({1, 1, 2, 2, 2}, DType::Float32);
    REQUIRE(f.w().openDocument(std::move(doc)));
    SpecState s;
    s.mode = Mode::Trilinear;
    s.useSize = true;
    s.perDim = true;
    s.size = {700, 700, 1300};
    f.setSpec(s);
    CHECK_FALSE(f.w().result());
    CHECK(f.w().lastError().contains("over the limit of 2.0 GiB"));
    AnalysisTools* tools = f.w().analysis();
    tools->showModesGrid();
    tools->showCompare();
    tools->showLibraries();
    tools->waitForModes();
    const std::size_t n = tools->modes()->variants().size();
    REQUIRE(n == 7);  // nearest, nearest-exact, trilinear x2, area; trilinear x2 under the other version
    for (const auto& o : tools->modes()->outcomes()) {
        REQUIRE(o);
        CHECK(o->tooLarge);
        CHECK(o->output.empty());
        CHECK(o->error.contains("needs 7 results of 2.4 GiB (2548000000 bytes) = 16.6 GiB (17836000000 bytes), over "
                                "the limit of 2.0 GiB"));
    }
    LibrariesWindow* libs = tools->libraries();
    libs->waitForIdle();
    CHECK(libs->rows().empty());
    CHECK(libs->message().startsWith("The Libraries window needs 10 results of 2.4 GiB"));
}
