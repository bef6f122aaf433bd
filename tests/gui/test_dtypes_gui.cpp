// PyTorch's dtypes in the studio: a .npy keeps its dtype as torch.from_numpy does; uint8 computes
// in nearest bit for bit; a dtype PyTorch refuses for the mode gives its message word for word,
// in the bar above the views (no modal dialog), with a "Convert to float32" button that converts the
// input through the core and computes again.
#include "studio_fixture.hpp"

#include "tools/AnalysisTools.hpp"
#include "tools/CompareWindow.hpp"
#include "views/InputBanner.hpp"

#include "upsample/npy.hpp"

#include <QAbstractButton>
#include <QApplication>
#include <QFile>
#include <QStatusBar>

#include <cstring>
#include <string>

using namespace studio;
using namespace studio::testing;
using namespace upsample;

namespace {
// The refusal is in the bar with this title, and no dialog is up.
void checkRefusalBar(Fixture& f, const QString& title) {
    QApplication::processEvents();
    CHECK_FALSE(QApplication::activeModalWidget());
    CHECK_FALSE(f.w().errorDialog());
    CHECK(f.w().inputBanner()->isVisible());
    CHECK(f.w().inputBanner()->kind() == InputBanner::Kind::Refusal);
    CHECK(f.w().inputBanner()->title() == title);
}

template <class T>
QString writeRaw(Fixture& f, const QString& name, const Shape& shape, DType dtype, const std::vector<T>& values) {
    Tensor t(shape, dtype);
    REQUIRE(t.nbytes() == values.size() * sizeof(T));
    std::memcpy(t.raw(), values.data(), t.nbytes());
    const QString path = f.dir.filePath(name);
    writeNpy(path.toStdString(), t);
    return path;
}
}  // namespace

TEST_CASE("an int16 .npy with bilinear: PyTorch's refusal, then Convert to float32 computes it") {
    Fixture f;
    f.setSpec(scaleSpec(Mode::Bilinear, 2));
    // Two channels of rows 0 10 20 30 (channel 1: 100 more), three rows each.
    std::vector<int16_t> v;
    for (int c = 0; c < 2; ++c)
        for (int y = 0; y < 3; ++y)
            for (int x = 0; x < 4; ++x) v.push_back(static_cast<int16_t>(100 * c + 10 * x));
    REQUIRE(f.w().openFile(writeRaw(f, "short.npy", {1, 2, 3, 4}, DType::Int16, v)));
    f.w().waitForCompute();
    CHECK(f.w().input()->tensor.dtype() == DType::Int16);  // kept, as torch.from_numpy keeps it
    CHECK_FALSE(f.w().result());
    checkRefusalBar(f, "F.interpolate refuses this dtype");
    // out_H + out_W = 14 <= 128: PyTorch 2.14 takes its channels-last kernel, and names it.
    CHECK(f.w().lastError().startsWith(
        "NotImplementedError: \"upsample_bilinear2d_channels_last\" not implemented for 'Short'\n"));
    CHECK(f.w().lastError().contains("The input is int16."));
    REQUIRE(f.w().convertButton());
    CHECK(f.w().convertButton()->isVisible());
    CHECK(f.w().convertButton()->text() == "Convert to float32");

    // Another spec on the refused input updates the same bar: still no dialog.
    f.setSpec(scaleSpec(Mode::Bicubic, 2));
    checkRefusalBar(f, "F.interpolate refuses this dtype");
    CHECK(f.w().lastError().contains("not implemented for 'Short'"));
    f.setSpec(scaleSpec(Mode::Bilinear, 2));
    REQUIRE(f.w().convertButton());
    f.w().convertButton()->click();
    f.w().waitForCompute();
    CHECK_FALSE(f.w().inputBanner()->isVisible());
    CHECK(f.w().input()->tensor.dtype() == DType::Float32);
    CHECK(f.w().input()->convertedFrom == "int16");
    CHECK(f.w().statusBar()->currentMessage() ==
          "Converted the int16 input to float32 (x.float()), as the CLI's --convert float32 does");
    CHECK(f.w().originalCaption().contains("converted from int16"));
    REQUIRE(f.w().result());
    const Tensor& out = f.w().result()->output;
    CHECK(out.dtype() == DType::Float32);
    REQUIRE(out.shape() == Shape{1, 2, 6, 8});
    // Bilinear x2 of 0 10 20 30 (half-pixel centres, edges clamped).
    const double row[8] = {0, 2.5, 7.5, 12.5, 17.5, 22.5, 27.5, 30};
    for (int c = 0; c < 2; ++c)
        for (int y = 0; y < 6; ++y)
            for (int x = 0; x < 8; ++x) CHECK(out.at((c * 6 + y) * 8 + x) == row[x] + 100 * c);
    // The bar is gone, and with it the conversion; another error's dialog offers none.
    CHECK_FALSE(f.w().convertButton());
    f.w().showError("Other", "something else");
    QApplication::processEvents();
    CHECK_FALSE(f.w().convertButton());
}

TEST_CASE("a uint8 .npy stays uint8: nearest and bilinear give uint8 bit for bit, 1.13 refuses bilinear with 'Byte'") {
    Fixture f;
    f.setSpec(scaleSpec(Mode::Nearest, 2));
    const std::vector<uint8_t> v{0, 127, 255, 1, 2, 250};
    REQUIRE(f.w().openFile(writeRaw(f, "bytes.npy", {1, 1, 2, 3}, DType::UInt8, v)));
    f.w().waitForCompute();
    CHECK(f.w().input()->tensor.dtype() == DType::UInt8);
    CHECK(f.w().originalCaption().contains("uint8"));
    REQUIRE(f.w().result());
    CHECK(f.w().lastError().isEmpty());
    const Tensor& out = f.w().result()->output;
    CHECK(out.dtype() == DType::UInt8);
    REQUIRE(out.shape() == Shape{1, 1, 4, 6});
    const uint8_t* o = out.data<uint8_t>();
    for (int y = 0; y < 4; ++y)
        for (int x = 0; x < 6; ++x) CHECK(o[y * 6 + x] == v[static_cast<std::size_t>((y / 2) * 3 + x / 2)]);
    // The views draw it, and the compare and modes grid take it (the other modes are refused).
    CHECK_FALSE(f.w().grab().isNull());
    f.w().analysis()->showModesGrid();
    f.w().analysis()->showCompare();
    f.w().analysis()->waitForModes();
    REQUIRE(f.w().analysis()->compare()->setSources("current", "nearest-exact"));
    REQUIRE(f.w().analysis()->compare()->stats());
    CHECK(f.w().analysis()->compare()->stats()->count == 24);

    // PyTorch 2.14 computes uint8 bilinear in fixed point, and so does the studio: a uint8 result.
    f.setSpec(scaleSpec(Mode::Bilinear, 2));
    f.w().waitForCompute();
    CHECK(f.w().lastError().isEmpty());
    REQUIRE(f.w().result());
    const Tensor& fixed = f.w().result()->output;
    REQUIRE(fixed.dtype() == DType::UInt8);
    REQUIRE(fixed.shape() == Shape{1, 1, 4, 6});
    // row 0 of x2: 0 .. 127 .. 255 with weights 3/4 and 1/4 in fixed point (p = 14): 0, 32, 95, 159, 223, 255
    const uint8_t firstRow[6] = {0, 32, 95, 159, 223, 255};
    for (int x = 0; x < 6; ++x) CHECK(static_cast<int>(fixed.data<uint8_t>()[x]) == firstRow[x]);
    // PyTorch 1.13 refuses it: (1, 1, H, W) is channels-last contiguous, so it names its channels-last kernel.
    SpecState older = scaleSpec(Mode::Bilinear, 2);
    older.torch = allSemantics().back();
    f.setSpec(older);
    checkRefusalBar(f, "F.interpolate refuses this dtype");
    CHECK(f.w().lastError().startsWith(
        "RuntimeError: \"upsample_bilinear2d_channels_last\" not implemented for 'Byte'\n"));
    REQUIRE(f.w().convertButton());
}

TEST_CASE("a uint16 .npy: torch.from_numpy's TypeError naming the file, then Convert reads it as float32") {
    Fixture f;
    f.open("ones");
    // The core has no uint16 tensors (nor has PyTorch 1.13): an int16 file with its descr made '<u2'.
    const std::vector<uint16_t> v{0, 1000, 65535, 7};
    Tensor bits({1, 1, 2, 2}, DType::Int16);
    std::memcpy(bits.raw(), v.data(), bits.nbytes());
    std::vector<std::byte> bytes = encodeNpy(bits);
    std::string text(reinterpret_cast<const char*>(bytes.data()), bytes.size());
    const std::size_t at = text.find("'<i2'");
    REQUIRE(at != std::string::npos);
    text[at + 2] = 'u';
    const QString path = f.dir.filePath("depth16.npy");
    QFile out(path);
    REQUIRE(out.open(QIODevice::WriteOnly));
    out.write(text.data(), static_cast<qint64>(text.size()));
    out.close();
    CHECK_FALSE(f.w().openFile(path));
    checkRefusalBar(f, "Cannot open file");
    CHECK(f.w().inputBanner()->message().contains("depth16.npy"));
    CHECK(f.w().lastError().contains("depth16.npy"));
    CHECK(f.w().lastError().contains("TypeError: can't convert np.ndarray of type numpy.uint16. The only supported "
                                     "types are: float64, float32, float16, complex64, complex128, int64, int32, "
                                     "int16, int8, uint8, and bool."));
    CHECK(f.w().input()->displayName == "torch.ones(1, 1, 4, 4)");  // the previous input stays
    REQUIRE(f.w().convertButton());
    f.w().convertButton()->click();
    f.w().waitForCompute();
    REQUIRE(f.w().input()->path == path);
    const Tensor& t = f.w().input()->tensor;
    CHECK(t.dtype() == DType::Float32);
    CHECK(t.at(0) == 0.0);
    CHECK(t.at(1) == 1000.0);
    CHECK(t.at(2) == 65535.0);
    CHECK(t.at(3) == 7.0);
    CHECK(f.w().statusBar()->currentMessage() == "Read depth16.npy as float32: converted uint16 to float32");
    REQUIRE(f.w().result());
}
