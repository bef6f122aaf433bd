// The tool windows are held to the studio's one result limit (Preferences): the modes grid and the
// A/B compare hold every mode variant whole where they fit together, else previews of them and the
// compare's two whole; the Libraries window five outputs and their differences, else PyTorch's whole
// and previews of each library's, computed one at a time; where not even that fits they refuse
// before allocating, with the figure (they ran each variant under a default 4 GiB and passed
// 7-9 GB for a 32-byte input before).
#include "studio_fixture.hpp"

#include "session/ModeBatch.hpp"
#include "tools/CompareWindow.hpp"

#include "tools/LibrariesWindow.hpp"
#include "views/ImageView.hpp"
#include "views/ValueFormat.hpp"
#include "views/ViewPane.hpp"

#include "upsample/analysis.hpp"
#include "upsample/backend.hpp"
#include "upsample/conventions.hpp"

#include <QApplication>
#include <QTest>

using namespace studio;
using namespace studio::testing;
using namespace upsample;

namespace {
// What the batch holds: the bytes of every outcome's output.
uint64_t heldBytes(const ModeBatch& batch) {
    uint64_t n = 0;
    for (const auto& o : batch.outcomes())
        if (o && o->ok) n += o->output.nbytes();
    return n;
}
}  // namespace

TEST_CASE("memory: over the result limit together, the modes grid streams its variants into previews") {
    Fixture f;
    f.settings->setMaxResultBytes(1000);
    f.open("arange");  // 4 x 4 float32
    f.setSpec(scaleSpec(Mode::Bilinear, 2));  // 8 x 8: 256 bytes a result, 12 x 256 = 3072 over the limit
    REQUIRE(f.w().result());
    AnalysisTools* tools = f.w().analysis();
    tools->showModesGrid();
    tools->waitForModes();
    ModeBatch* batch = tools->modes();
    const std::size_t n = batch->variants().size();
    // nearest, nearest-exact, bilinear x2, bicubic x2, area, lanczos; bilinear x2 and bicubic x2 under
    // the other PyTorch version (for the A/B compare)
    REQUIRE(n == 12);
    CHECK(batch->streaming());
    // Previews share a quarter of the limit: 250 / 12 = 20 bytes each, so every 4th sample (2 x 2 floats).
    for (std::size_t i = 0; i < n; ++i) {
        const auto& o = batch->outcomes()[i];
        REQUIRE(o);
        REQUIRE(o->ok);
        CHECK(batch->previewStep(i) == 4);
        REQUIRE(o->output.shape() == Shape{1, 1, 2, 2});
        CHECK(o->resolved.outputShape == Shape{1, 1, 8, 8});
        const Tensor whole = interpolate(f.w().input()->tensor, o->spec, RunOptions{BackendKind::Cpu});
        for (int y = 0; y < 2; ++y)
            for (int x = 0; x < 2; ++x) CHECK(o->output.at(y * 2 + x) == whole.at(4 * y * 8 + 4 * x));
    }
    CHECK(heldBytes(*batch) <= 250);
    // Two whole results beside the previews and the one being computed: 3 x 256 + 250 > 1000.
    CompareWindow* compare = tools->compare();
    tools->showCompare();
    REQUIRE(compare->setSources("bilinear", "bicubic"));
    tools->waitForModes();
    compare->refresh();
    CHECK_FALSE(compare->stats());
    CHECK(compare->message() == "2 whole results of 256 bytes (and one being computed) beside the modes grid's previews "
                                "(a quarter of the limit) are over the limit of 1000 bytes (Preferences > Maximum "
                                "result size)");
}

TEST_CASE("memory: while the modes grid streams, the A/B compare gets its two results whole, within the limit") {
    Fixture f;
    f.settings->setMaxResultBytes(2000);
    f.open("arange");
    f.setSpec(scaleSpec(Mode::Bilinear, 2.5));  // 10 x 10: 400 bytes; 12 x 400 = 4800 over the limit
    AnalysisTools* tools = f.w().analysis();
    tools->showModesGrid();
    tools->showCompare();
    CompareWindow* compare = tools->compare();
    REQUIRE(compare->setSources("bilinear", "bicubic+ac"));
    tools->waitForModes();
    compare->refresh();
    tools->waitForModes();
    compare->refresh();
    ModeBatch* batch = tools->modes();
    REQUIRE(batch->streaming());
    REQUIRE(compare->stats());
    const int a = batch->indexOfKey("bilinear"), b = batch->indexOfKey("bicubic+ac");
    for (int i = 0; i < static_cast<int>(batch->variants().size()); ++i) {
        const auto& o = batch->outcomes()[static_cast<std::size_t>(i)];
        REQUIRE(o);
        REQUIRE(o->ok);
        const bool whole = i == a || i == b;
        // 500 / 12 = 41 bytes a preview: every 4th sample, 3 x 3 floats (36 bytes; every 3rd would be 64)
        CHECK(batch->previewStep(static_cast<std::size_t>(i)) == (whole ? 1 : 4));
        CHECK(o->output.shape() == (whole ? Shape{1, 1, 10, 10} : Shape{1, 1, 3, 3}));
    }
    // The difference is of the whole results, as computed alone.
    const Tensor wa = interpolate(f.w().input()->tensor, batch->outcomes()[a]->spec, RunOptions{BackendKind::Cpu});
    const Tensor wb = interpolate(f.w().input()->tensor, batch->outcomes()[b]->spec, RunOptions{BackendKind::Cpu});
    REQUIRE(compare->difference().shape() == wa.shape());
    for (int64_t k = 0; k < wa.numel(); ++k) REQUIRE(compare->difference().at(k) == wa.at(k) - wb.at(k));
    CHECK(heldBytes(*batch) <= 2000);
    // Picking another B makes the old one a preview again and computes the new one whole.
    REQUIRE(compare->setSources("bilinear", "area"));
    tools->waitForModes();
    compare->refresh();
    CHECK(batch->previewStep(static_cast<std::size_t>(b)) == 4);
    CHECK(batch->previewStep(static_cast<std::size_t>(batch->indexOfKey("area"))) == 1);
    CHECK(heldBytes(*batch) <= 2000);
    // Under a limit they all fit in, every variant is held whole.
    f.setSpec(scaleSpec(Mode::Bilinear, 1.5));  // 6 x 6: 144 bytes; 12 x 144 = 1728 bytes
    tools->waitForModes();
    CHECK_FALSE(batch->streaming());
    for (const auto& o : batch->outcomes()) {
        REQUIRE(o);
        CHECK(o->ok);
        CHECK(o->output.shape() == Shape{1, 1, 6, 6});
    }
}

TEST_CASE("memory: over the result limit together, the Libraries window streams each library into previews") {
    Fixture f;
    f.settings->setMaxResultBytes(2000);
    f.open("arange");  // 4 x 4 float32
    f.setSpec(scaleSpec(Mode::Bicubic, 2));  // 8 x 8: 256 bytes; 12 x 256 = 3072 over the limit, 4 x 256 = 1024 not
    AnalysisTools* tools = f.w().analysis();
    tools->showLibraries();
    LibrariesWindow* libs = tools->libraries();
    libs->waitForIdle();
    QApplication::processEvents();
    INFO(libs->message().toStdString());
    REQUIRE(libs->rows().size() == 6);  // it refused before: "needs 12 results of 256 bytes = 3.0 KiB"
    CHECK(libs->message().startsWith("Previews: every library's output and difference together would need 12 results "
                                     "of 256 bytes = 3.0 KiB (3072 bytes), over the limit of 2.0 KiB (2000 bytes)"));
    // Each library as the core computes it alone, whole, against PyTorch's whole output.
    const Tensor& input = f.w().input()->tensor;
    const std::vector<LibraryCall> alone = closestCalls(f.w().specDock()->spec(), input, true);
    REQUIRE(alone.size() == 6);
    const Tensor& ref = *alone[0].output;
    const LibraryRow& py = libs->rows()[0];
    CHECK(py.step == 1);  // PyTorch's stays whole
    REQUIRE(py.call.output);
    REQUIRE(py.call.output->shape() == Shape{1, 1, 8, 8});
    for (int64_t k = 0; k < ref.numel(); ++k) REQUIRE(py.call.output->at(k) == ref.at(k));
    uint64_t held = py.call.output->nbytes();
    const PsnrPeak peak = psnrPeak(input);
    int previews = 0;
    for (std::size_t i = 1; i < alone.size(); ++i) {
        const LibraryRow& r = libs->rows()[i];
        const LibraryCall& c = alone[i];
        INFO(libraryName(c.library));
        CHECK(r.call.library == c.library);
        CHECK(r.call.verdict == c.verdict);
        REQUIRE(r.call.output.has_value() == c.output.has_value());
        if (!c.output) continue;
        REQUIRE(c.output->shape() == ref.shape());
        // Previews share a quarter of the limit: 500 / 10 = 50 bytes each, so every 3rd sample (3 x 3 floats).
        CHECK(r.step == 3);
        REQUIRE(r.call.output->shape() == Shape{1, 1, 3, 3});
        REQUIRE(r.difference);
        REQUIRE(r.difference->shape() == Shape{1, 1, 3, 3});
        const Tensor diff = signedDifference(*c.output, ref);
        for (int y = 0; y < 3; ++y)
            for (int x = 0; x < 3; ++x) {
                CHECK(r.call.output->at(y * 3 + x) == c.output->at(3 * y * 8 + 3 * x));
                CHECK(r.difference->at(y * 3 + x) == diff.at(3 * y * 8 + 3 * x));
            }
        // The figures are the whole output's, PSNR by the studio's peak rule (the input's range, 15).
        const DiffStats want = diffStats(*c.output, ref, peak);
        REQUIRE(r.stats);
        CHECK(r.stats->maxAbs == want.maxAbs);
        CHECK(r.stats->meanAbs == want.meanAbs);
        CHECK(r.stats->count == 64);
        CHECK(r.stats->peak == 15);
        CHECK(r.stats->psnr == want.psnr);
        CHECK(r.call.differing == c.differing);
        CHECK(libs->resultTile(static_cast<int>(i))->caption().endsWith(" \u00b7 preview 1:3"));
        CHECK(libs->differenceTile(static_cast<int>(i))->caption().endsWith(" \u00b7 preview 1:3"));
        held += r.call.output->nbytes() + r.difference->nbytes();
        ++previews;
    }
    CHECK(previews == 5);  // OpenCV, Pillow, ONNX, scikit-image, torchvision
    CHECK(held <= 2000);
    // The probe: true values at a kept sample, "not held" elsewhere; PyTorch's everywhere.
    libs->probe(QPoint(3, 6));
    QString text = libs->probeText();
    for (std::size_t i = 1; i < alone.size(); ++i) {
        const QString lib = QString::fromUtf8(libraryDisplayName(alone[i].library).data());
        CHECK(text.contains(lib + " = " + formatValue(alone[i].output->at(6 * 8 + 3), DType::Float32) + " "));
    }
    libs->probe(QPoint(4, 6));
    text = libs->probeText();
    CHECK(text.contains("PyTorch = " + formatValue(ref.at(6 * 8 + 4), DType::Float32)));
    CHECK(text.contains("OpenCV: not held at this pixel (its preview 1:3 keeps the samples whose indices are multiples "
                        "of 3)"));
    // Clicking a preview tile probes the output pixel it holds: preview (1, 2) is output (3, 6).
    libs->resize(1400, 900);
    for (int i = 0; i < 5; ++i) QApplication::processEvents();
    libs->fit();
    ImageView* view = libs->resultTile(1)->view();
    QTest::mouseClick(view, Qt::LeftButton, Qt::NoModifier, view->sourceToWidget(QPointF(2.0, 3.3)).toPoint());
    CHECK(libs->probeText().contains("[0, 0, 6, 3]"));
    CHECK(libs->probeText().contains("OpenCV = " + formatValue(alone[1].output->at(6 * 8 + 3), DType::Float32)));
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
        CHECK(o->error == "The modes grid (and the A/B compare) computes one result of 2.4 GiB (2548000000 bytes) at a "
                          "time beside its previews (a quarter of the limit), over the limit of 2.0 GiB (2147483648 "
                          "bytes) (Preferences > Maximum result size)");
    }
    LibrariesWindow* libs = tools->libraries();
    libs->waitForIdle();
    CHECK(libs->rows().empty());
    // Not even one library's output beside PyTorch's fits: refused with the figure.
    CHECK(libs->message() == "The Libraries window computes one library at a time beside PyTorch's output: 4 results "
                             "of 2.4 GiB (2548000000 bytes) = 9.5 GiB (10192000000 bytes) (PyTorch's, the library's, "
                             "its float32 copy and its difference) beside its previews (a quarter of the limit), over "
                             "the limit of 2.0 GiB (2147483648 bytes) (Preferences > Maximum result size)");
}
