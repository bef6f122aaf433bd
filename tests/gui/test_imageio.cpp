// The picture loader's value mapping: files written here with Qt at 8 and 16 bits, grey, RGB and
// RGBA, read back as (1, C, H, W) float32 tensors of the stored values; and the writer's
// rounding, clamping and failure behaviour.
#include <catch2/catch.hpp>

#include "imageio/image_io.hpp"
#include "upsample/error.hpp"

#include <QDir>
#include <QImage>
#include <QImageWriter>
#include <QTemporaryDir>

#include <cmath>
#include <limits>
#include <vector>

using namespace upsample;
using upsample::imageio::readImage;
using upsample::imageio::writeImage;

namespace {

QString save(const QTemporaryDir& dir, const QString& name, const QImage& img) {
    const QString path = dir.filePath(name);
    QImageWriter w(path);
    REQUIRE(w.write(img));
    return path;
}

float at(const Tensor& t, int c, int y, int x) {
    const int64_t h = t.dim(2), w = t.dim(3);
    return t.data<float>()[(c * h + y) * w + x];
}

}  // namespace

TEST_CASE("8-bit grey PNG reads as (1, 1, H, W) of the stored values") {
    QTemporaryDir dir;
    QImage img(3, 2, QImage::Format_Grayscale8);
    const uint8_t v[2][3] = {{0, 1, 127}, {128, 254, 255}};
    for (int y = 0; y < 2; ++y)
        for (int x = 0; x < 3; ++x) img.scanLine(y)[x] = v[y][x];
    const auto load = readImage(save(dir, "g8.png", img));
    REQUIRE(load.tensor.shape() == Shape{1, 1, 2, 3});
    REQUIRE(load.tensor.dtype() == DType::Float32);
    CHECK(load.bitDepth == 8);
    CHECK(load.channels == 1);
    for (int y = 0; y < 2; ++y)
        for (int x = 0; x < 3; ++x) CHECK(at(load.tensor, 0, y, x) == v[y][x]);
}

TEST_CASE("16-bit grey PNG and TIFF keep 0..65535") {
    QTemporaryDir dir;
    QImage img(4, 1, QImage::Format_Grayscale16);
    const uint16_t v[4] = {0, 1, 12345, 65535};
    auto* row = reinterpret_cast<uint16_t*>(img.scanLine(0));
    for (int x = 0; x < 4; ++x) row[x] = v[x];
    for (const char* name : {"g16.png", "g16.tif"}) {
        const auto load = readImage(save(dir, name, img));
        INFO(name);
        REQUIRE(load.tensor.shape() == Shape{1, 1, 1, 4});
        CHECK(load.bitDepth == 16);
        for (int x = 0; x < 4; ++x) CHECK(at(load.tensor, 0, 0, x) == v[x]);
    }
}

TEST_CASE("8-bit RGB reads channel-first, as permute(2, 0, 1) gives") {
    QTemporaryDir dir;
    QImage img(2, 2, QImage::Format_RGB888);
    img.setPixel(0, 0, qRgb(10, 20, 30));
    img.setPixel(1, 0, qRgb(40, 50, 60));
    img.setPixel(0, 1, qRgb(0, 255, 128));
    img.setPixel(1, 1, qRgb(255, 0, 1));
    for (const char* name : {"rgb.png", "rgb.bmp", "rgb.tif"}) {
        INFO(name);
        const auto load = readImage(save(dir, name, img));
        REQUIRE(load.tensor.shape() == Shape{1, 3, 2, 2});
        CHECK(load.channels == 3);
        CHECK(at(load.tensor, 0, 0, 0) == 10);
        CHECK(at(load.tensor, 1, 0, 0) == 20);
        CHECK(at(load.tensor, 2, 0, 0) == 30);
        CHECK(at(load.tensor, 0, 0, 1) == 40);
        CHECK(at(load.tensor, 2, 0, 1) == 60);
        CHECK(at(load.tensor, 1, 1, 0) == 255);
        CHECK(at(load.tensor, 2, 1, 0) == 128);
        CHECK(at(load.tensor, 0, 1, 1) == 255);
        CHECK(at(load.tensor, 2, 1, 1) == 1);
    }
}

TEST_CASE("8-bit RGBA keeps the alpha channel and unpremultiplied colours") {
    QTemporaryDir dir;
    QImage img(2, 1, QImage::Format_RGBA8888);
    img.setPixelColor(0, 0, QColor(200, 100, 50, 128));
    img.setPixelColor(1, 0, QColor(1, 2, 3, 0));
    const auto load = readImage(save(dir, "rgba.png", img));
    REQUIRE(load.tensor.shape() == Shape{1, 4, 1, 2});
    CHECK(load.channels == 4);
    CHECK(at(load.tensor, 0, 0, 0) == 200);
    CHECK(at(load.tensor, 1, 0, 0) == 100);
    CHECK(at(load.tensor, 2, 0, 0) == 50);
    CHECK(at(load.tensor, 3, 0, 0) == 128);
    CHECK(at(load.tensor, 3, 0, 1) == 0);
}

TEST_CASE("16-bit RGB and RGBA PNGs keep 16 bits per channel") {
    QTemporaryDir dir;
    QImage rgb(1, 1, QImage::Format_RGBX64);
    rgb.setPixelColor(0, 0, QColor::fromRgba64(1000, 40000, 65535));
    auto load = readImage(save(dir, "rgb16.png", rgb));
    REQUIRE(load.tensor.shape() == Shape{1, 3, 1, 1});
    CHECK(load.bitDepth == 16);
    CHECK(at(load.tensor, 0, 0, 0) == 1000);
    CHECK(at(load.tensor, 1, 0, 0) == 40000);
    CHECK(at(load.tensor, 2, 0, 0) == 65535);

    QImage rgba(1, 1, QImage::Format_RGBA64);
    rgba.setPixelColor(0, 0, QColor::fromRgba64(7, 8, 9, 65535));
    load = readImage(save(dir, "rgba16.png", rgba));
    REQUIRE(load.tensor.shape() == Shape{1, 4, 1, 1});
    CHECK(load.bitDepth == 16);
    CHECK(at(load.tensor, 0, 0, 0) == 7);
    CHECK(at(load.tensor, 2, 0, 0) == 9);
    CHECK(at(load.tensor, 3, 0, 0) == 65535);
}

TEST_CASE("grey JPEG reads as one channel, a colour palette reads as RGB with a notice") {
    QTemporaryDir dir;
    QImage grey(8, 8, QImage::Format_Grayscale8);
    grey.fill(200);
    const auto g = readImage(save(dir, "g.jpg", grey));
    CHECK(g.tensor.shape() == Shape{1, 1, 8, 8});

    QImage pal(2, 1, QImage::Format_Indexed8);
    pal.setColorTable({qRgb(255, 0, 0), qRgb(0, 0, 255)});
    pal.setPixel(0, 0, 0);
    pal.setPixel(1, 0, 1);
    const auto p = readImage(save(dir, "pal.png", pal));
    REQUIRE(p.tensor.shape() == Shape{1, 3, 1, 2});
    CHECK(at(p.tensor, 0, 0, 0) == 255);
    CHECK(at(p.tensor, 2, 0, 1) == 255);
    CHECK_FALSE(p.notices.empty());
}

TEST_CASE("writing rounds half to even, clamps, writes NaN as 0, and reads back") {
    QTemporaryDir dir;
    const float nan = std::numeric_limits<float>::quiet_NaN();
    const std::vector<float> v = {-3.f, 0.5f, 1.5f, 2.5f, 254.6f, 300.f, nan, 17.f};
    const Tensor t = Tensor::fromValues({1, 1, 2, 4}, v);
    const QString path = dir.filePath("out.png");
    writeImage(path, t, 8);
    const auto load = readImage(path);
    const float expect[8] = {0, 0, 2, 2, 255, 255, 0, 17};
    for (int i = 0; i < 8; ++i) CHECK(load.tensor.data<float>()[i] == expect[i]);

    const std::vector<float> w = {-1.f, 32767.5f, 65535.4f, 70000.f};
    writeImage(dir.filePath("out16.tif"), Tensor::fromValues({1, 1, 1, 4}, w), 16);
    const auto l16 = readImage(dir.filePath("out16.tif"));
    CHECK(l16.bitDepth == 16);
    const float e16[4] = {0, 32768, 65535, 65535};
    for (int i = 0; i < 4; ++i) CHECK(l16.tensor.data<float>()[i] == e16[i]);
}

TEST_CASE("writing refuses what an image cannot hold and leaves nothing behind") {
    QTemporaryDir dir;
    const Tensor five = Tensor::zeros({1, 5, 2, 2}, DType::Float32);
    CHECK_THROWS_WITH(writeImage(dir.filePath("x.png"), five, 8), Catch::Contains("(1, 5, 2, 2)"));
    const Tensor grey = Tensor::zeros({1, 1, 2, 2}, DType::Float32);
    CHECK_THROWS_WITH(writeImage(dir.filePath("x.jpg"), grey, 16), Catch::Contains("16 bits"));
    CHECK_THROWS_AS(writeImage(dir.filePath("missing/x.png"), grey, 8), IoError);
    CHECK(QDir(dir.path()).entryList(QDir::Files | QDir::Hidden).isEmpty());
}

TEST_CASE("an unreadable file names the file") {
    QTemporaryDir dir;
    QFile f(dir.filePath("broken.png"));
    REQUIRE(f.open(QIODevice::WriteOnly));
    f.write("not a png");
    f.close();
    CHECK_THROWS_WITH(readImage(dir.filePath("broken.png")), Catch::Contains("broken.png"));
    CHECK_THROWS_WITH(readImage(dir.filePath("absent.png")), Catch::Contains("absent.png"));
}

#include <QDirIterator>
#include <QFile>

TEST_CASE("the picture fuzz target's seeds and findings read or fail cleanly", "[imageio][fuzz]") {
    // fuzz/corpus/image holds the seeds of `make fuzz`'s image target; fuzz/regressions/image,
    // when it exists, every input that once crashed, hung or leaked.
    int files = 0, pictures = 0;
    for (const char* dir : {"fuzz/corpus/image", "fuzz/regressions/image"}) {
        QDirIterator it(QString(UPSAMPLE_SOURCE_DIR) + "/" + dir, QDir::Files);
        while (it.hasNext()) {
            QFile f(it.next());
            REQUIRE(f.open(QIODevice::ReadOnly));
            ++files;
            INFO(f.fileName().toStdString());
            try {
                const auto load = imageio::readImageBytes(f.readAll(), f.fileName(), uint64_t{64} << 20);
                const auto& s = load.tensor.shape();
                REQUIRE(s.size() == 4);
                CHECK(s[0] == 1);
                CHECK((s[1] == 1 || s[1] == 3 || s[1] == 4));
                ++pictures;
            } catch (const upsample::Error& e) {
                CHECK(std::string(e.what()).find(f.fileName().toStdString()) != std::string::npos);  // names the file
            }
        }
    }
    CHECK(files >= 5);
    CHECK(pictures >= 5);  // the seeds are real pictures
}
