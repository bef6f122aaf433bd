// How the studio reads an input and says so without stopping the window: the core's shape guesses
// ((1, 1, L) is PyTorch's (N, C, L); (H, W, 3) gets a one-click channels-last offer), multi-page
// TIFF stacks with the volume / channels choice, the bar that replaces modal dialogs for refused
// inputs (a refused last file at start, then a live-link open), and the live link's uint8.
#include "studio_fixture.hpp"

#include "export/PythonSnippet.hpp"
#include "scripting/LinkServer.hpp"
#include "views/InputBanner.hpp"

#include "upsample/link.hpp"
#include "upsample/npy.hpp"
#include "upsample/semantics.hpp"

#include <QAbstractButton>
#include <QAction>
#include <QApplication>
#include <QCoreApplication>
#include <QDeadlineTimer>
#include <QFile>
#include <QLocalSocket>

#include <cstring>
#include <string>

using namespace studio;
using namespace studio::testing;
using namespace upsample;

namespace {
const QString kImages = QString(UPSAMPLE_TESTS_DIR) + "/images/";

template <class T>
QString writeArray(Fixture& f, const QString& name, const Shape& shape, DType dtype, const std::vector<T>& values) {
    Tensor t(shape, dtype);
    REQUIRE(t.nbytes() == values.size() * sizeof(T));
    std::memcpy(t.raw(), values.data(), t.nbytes());
    const QString path = f.dir.filePath(name);
    writeNpy(path.toStdString(), t);
    return path;
}

std::vector<float> ramp(int64_t n) {
    std::vector<float> v(static_cast<std::size_t>(n));
    for (int64_t i = 0; i < n; ++i) v[static_cast<std::size_t>(i)] = static_cast<float>(i);
    return v;
}

bool noDialogUp(Fixture& f) {
    QApplication::processEvents();
    return !QApplication::activeModalWidget() && !(f.w().errorDialog() && f.w().errorDialog()->isVisible());
}

// A .npy of dtype uint16 (no core tensor has it): an int16 file with its descr made '<u2'.
QString writeUint16(Fixture& f, const QString& name) {
    Tensor bits({1, 1, 2, 2}, DType::Int16);
    const std::vector<uint16_t> v{0, 1000, 65535, 7};
    std::memcpy(bits.raw(), v.data(), bits.nbytes());
    const std::vector<std::byte> bytes = encodeNpy(bits);
    std::string text(reinterpret_cast<const char*>(bytes.data()), bytes.size());
    text[text.find("'<i2'") + 2] = 'u';
    const QString path = f.dir.filePath(name);
    QFile out(path);
    REQUIRE(out.open(QIODevice::WriteOnly));
    out.write(text.data(), static_cast<qint64>(text.size()));
    return path;
}

// Sends one frame to the link and runs the event loop until its reply arrived (returns its header).
nlohmann::json request(QLocalSocket& s, const nlohmann::json& header, std::span<const std::byte> payload = {}) {
    const auto frame = link::encodeFrame(header, payload);
    s.write(reinterpret_cast<const char*>(frame.data()), static_cast<qint64>(frame.size()));
    s.flush();
    link::FrameReader reader(uint64_t{1} << 20);
    QDeadlineTimer deadline(20000);
    while (!deadline.hasExpired()) {
        QApplication::processEvents(QEventLoop::AllEvents, 20);
        s.waitForReadyRead(10);
        const QByteArray got = s.readAll();
        reader.feed({reinterpret_cast<const std::byte*>(got.constData()), static_cast<std::size_t>(got.size())});
        if (auto r = reader.next()) {
            REQUIRE(r->frame);
            return r->frame->header;
        }
    }
    FAIL("no reply from the link");
    return {};
}
}  // namespace

TEST_CASE("a (1, 1, L) .npy opens as PyTorch's (N, C, L), not as a 1 x L picture") {
    Fixture f;
    REQUIRE(f.w().openFile(writeArray(f, "signal.npy", {1, 1, 10}, DType::Float32, ramp(10))));
    f.w().waitForCompute();
    CHECK(f.w().input()->tensor.shape() == Shape{1, 1, 10});  // before: (1, 1, 1, 10), x[None]
    CHECK(f.w().input()->reading == ArrayReading::AsPyTorch);
    CHECK(f.w().input()->addedDims.isEmpty());
    CHECK(f.w().input()->notices.last().contains("two leading ones"));
    CHECK(f.w().specDock()->spatialDims() == 1);
    REQUIRE(f.w().result());
    CHECK(f.w().result()->output.shape() == Shape{1, 1, 20});
    // The menu still has the picture reading.
    REQUIRE(f.w().rereadAs(ArrayReading::ChannelsFirst));
    CHECK(f.w().input()->tensor.shape() == Shape{1, 1, 1, 10});
}

TEST_CASE("an (H, W, 3) array offers channels-last in the bar, and one click reads it so") {
    Fixture f;
    const int64_t h = 9, w = 12;
    std::vector<float> v = ramp(h * w * 3);  // value = (y * w + x) * 3 + c
    REQUIRE(f.w().openFile(writeArray(f, "hwc.npy", {h, w, 3}, DType::Float32, v)));
    f.w().waitForCompute();
    CHECK(f.w().input()->tensor.shape() == Shape{1, h, w, 3});  // read as (C, H, W) at first, as before
    InputBanner* bar = f.w().inputBanner();
    REQUIRE(bar->isVisible());  // before: no hint at all
    CHECK(bar->kind() == InputBanner::Kind::Offer);
    CHECK(bar->title() == "(H, W, C)?");
    CHECK(bar->message().contains("(9, 12, 3) looks like (H, W, C), channels-last: x.permute(2, 0, 1)[None] is (1, 3, 9, 12)"));
    REQUIRE(bar->actionButton());
    CHECK(bar->actionButton()->text() == "Read as Channels-Last");
    CHECK(noDialogUp(f));
    bar->actionButton()->click();
    f.w().waitForCompute();
    const Tensor& t = f.w().input()->tensor;
    REQUIRE(t.shape() == Shape{1, 3, h, w});
    CHECK(f.w().input()->reading == ArrayReading::ChannelsLast);
    CHECK(f.w().input()->addedDims == "x.permute(2, 0, 1)[None]");
    for (int64_t c = 0; c < 3; ++c)
        for (int64_t y = 0; y < h; ++y)
            for (int64_t x = 0; x < w; ++x) CHECK(t.at((c * h + y) * w + x) == static_cast<double>((y * w + x) * 3 + c));
    CHECK_FALSE(bar->isVisible());
    REQUIRE(f.w().result());
    CHECK(f.w().result()->output.shape() == Shape{1, 3, 2 * h, 2 * w});
}

TEST_CASE("a multi-page TIFF opens as a (1, 1, D, H, W) volume, with (1, D, H, W) one click away") {
    Fixture f;
    REQUIRE(f.w().openFile(kImages + "stack_gray8.tif"));  // 3 pages of 8x6, value p*64 + y*8 + x
    f.w().waitForCompute();
    const Tensor& t = f.w().input()->tensor;
    REQUIRE(t.shape() == Shape{1, 1, 3, 6, 8});  // before: (1, 1, 6, 8), the first page only
    for (int64_t p = 0; p < 3; ++p)
        for (int64_t y = 0; y < 6; ++y)
            for (int64_t x = 0; x < 8; ++x) CHECK(t.at((p * 6 + y) * 8 + x) == static_cast<double>(p * 64 + y * 8 + x));
    CHECK(f.w().input()->pages == 3);
    // Copy as PyTorch Code loads every page, as the studio did.
    const QString code = pythonSnippet(*f.w().input(), f.w().spec(), QString());
    CHECK(code.contains("a = np.stack([np.array(p) for p in pages]).astype(np.float32)  # the 3 pages' stored values"));
    CHECK(code.contains("x = x[None, None]  # (3, 6, 8) read as (1, 1, 3, 6, 8)"));
    CHECK(f.w().input()->readingIsAmbiguous());
    InputBanner* bar = f.w().inputBanner();
    REQUIRE(bar->isVisible());
    CHECK(bar->title() == "Multi-page TIFF:");
    CHECK(bar->message().contains("3 pages of 8x6 read as one volume (1, 1, 3, 6, 8); as the channels of one picture "
                                  "they are (1, 3, 6, 8)"));
    REQUIRE(bar->actionButton());
    CHECK(bar->actionButton()->text() == "Read Pages as Channels");
    bar->actionButton()->click();
    f.w().waitForCompute();
    CHECK(f.w().input()->tensor.shape() == Shape{1, 3, 6, 8});
    CHECK(f.w().input()->tensor.at(2 * 48 + 5) == 2 * 64 + 5);
    REQUIRE(bar->isVisible());  // and back
    CHECK(bar->actionButton()->text() == "Read as a Volume");
    REQUIRE(f.w().rereadAs(ArrayReading::DepthHW));
    f.w().waitForCompute();
    CHECK(f.w().input()->tensor.shape() == Shape{1, 1, 3, 6, 8});
    REQUIRE(f.w().result());
    CHECK(f.w().result()->output.shape() == Shape{1, 1, 6, 12, 16});
}

TEST_CASE("multi-page TIFFs: 16-bit and RGB stacks keep every page") {
    Fixture f;
    REQUIRE(f.w().openFile(kImages + "stack_gray16.tif"));
    CHECK(f.w().input()->tensor.shape() == Shape{1, 1, 3, 6, 8});
    CHECK(f.w().input()->bitDepth == 16);
    CHECK(f.w().input()->tensor.at(2 * 48 + 47) == (2 * 64 + 47) * 257);
    REQUIRE(f.w().openFile(kImages + "stack_rgb8.tif"));  // 2 pages of 5x4 RGB: (1, 3, 2, 4, 5)
    const Tensor& t = f.w().input()->tensor;
    REQUIRE(t.shape() == Shape{1, 3, 2, 4, 5});
    for (int64_t c = 0; c < 3; ++c)
        for (int64_t p = 0; p < 2; ++p) CHECK(t.at(((c * 2 + p) * 4 + 3) * 5 + 4) == p * 60 + c * 20 + 3 * 5 + 4);
    CHECK_FALSE(f.w().input()->readingIsAmbiguous());
}

TEST_CASE("a refused last file at start shows the bar, not a dialog, and a live-link open replaces it") {
    Fixture f;
    f.settings->addRecentFile(writeUint16(f, "depth16.npy"));
    REQUIRE(f.w().reopenLastFile());
    f.w().waitForLoad();
    CHECK(noDialogUp(f));  // before: a modal "Cannot open file" that stayed up
    InputBanner* bar = f.w().inputBanner();
    REQUIRE(bar->isVisible());
    CHECK(bar->kind() == InputBanner::Kind::Refusal);
    CHECK(bar->message().contains("numpy.uint16"));
    REQUIRE(f.w().convertButton());

    LinkServer link(f.w(), *f.settings);
    QString error;
    REQUIRE(link.listen(QString("test-input-reading-%1").arg(QCoreApplication::applicationPid()), &error));
    QLocalSocket socket;
    socket.connectToServer(link.socketPath());
    REQUIRE(socket.waitForConnected(5000));
    const std::vector<uint8_t> v{0, 127, 255, 1, 2, 250};
    const Tensor u8 = Tensor::fromValues({1, 1, 2, 3}, std::span<const uint8_t>(v));
    nlohmann::json header = link::tensorFields(u8);
    header["command"] = "open";
    header["name"] = "from-python";
    const nlohmann::json reply = request(socket, header, link::tensorBytes(u8));
    INFO(reply.dump());
    REQUIRE(reply.at("ok") == true);
    CHECK(reply.at("input").at("dtype") == "uint8");  // before: float32
    CHECK(noDialogUp(f));
    CHECK_FALSE(bar->isVisible());
    REQUIRE(f.w().input());
    CHECK(f.w().input()->tensor.dtype() == DType::UInt8);

    // As the same array opened as a .npy: nearest computes uint8, bilinear (PyTorch 1.13) is refused.
    SpecState nearest = scaleSpec(Mode::Nearest, 2);
    f.setSpec(nearest);
    REQUIRE(f.w().result());
    CHECK(f.w().result()->output.dtype() == DType::UInt8);
    SpecState bilinear = scaleSpec(Mode::Bilinear, 2);
    bilinear.torch = allSemantics().back();
    f.setSpec(bilinear);
    CHECK(noDialogUp(f));
    CHECK(bar->isVisible());
    CHECK(f.w().lastError().contains("not implemented for 'Byte'"));
    socket.disconnectFromServer();
}

TEST_CASE("a file's refusal stays in the bar while the previous input computes again") {
    Fixture f;
    f.open("ones");
    CHECK_FALSE(f.w().openFile(writeUint16(f, "depth16.npy")));
    InputBanner* bar = f.w().inputBanner();
    REQUIRE(bar->isVisible());
    CHECK(bar->title() == "Cannot open file");
    f.setSpec(scaleSpec(Mode::Bilinear, 3));  // the ones sample computes
    REQUIRE(f.w().result());
    CHECK(bar->isVisible());  // still about the file, with its Convert
    REQUIRE(f.w().convertButton());
    f.w().convertButton()->click();
    f.w().waitForCompute();
    CHECK(f.w().input()->displayName == "depth16.npy");
    CHECK(f.w().input()->tensor.dtype() == DType::Float32);
    CHECK_FALSE(bar->isVisible());
    CHECK(noDialogUp(f));
}

TEST_CASE("a multi-page TIFF whose pages differ is refused, naming both pages") {
    Fixture f;
    f.open("ones");
    CHECK_FALSE(f.w().openFile(kImages + "stack_mixed.tif"));
    INFO(f.w().lastError().toStdString());
    CHECK(f.w().lastError().contains("stack_mixed.tif' holds 2 pages that differ (page 1 is 8x6, 1 channel, 8-bit, page 2 "
                                     "is 5x4, 1 channel, 8-bit)"));
    CHECK(f.w().input()->displayName == "torch.ones(1, 1, 4, 4)");  // the previous input stays
}
