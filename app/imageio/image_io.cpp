#include "imageio/image_io.hpp"

#include "upsample/error.hpp"

#include <QBuffer>
#include <QFile>
#include <QFileInfo>
#include <QImageReader>
#include <QImageWriter>
#include <QtGlobal>
#include <QSaveFile>

#include <algorithm>
#include <cstdio>
#include <unistd.h>
#include <cmath>
#include <cstdint>

namespace upsample::imageio {

namespace {

const char* const kExtensions[] = {"png", "jpg", "jpeg", "bmp", "tif", "tiff", "webp"};

QString suffixOf(const QString& path) { return QFileInfo(path).suffix().toLower(); }

QByteArray writerFormat(const QString& suffix) {
    if (suffix == "jpg" || suffix == "jpeg") return "jpeg";
    if (suffix == "tif" || suffix == "tiff") return "tiff";
    return suffix.toLatin1();
}

bool paletteIsGrey(const QImage& img) {
    const auto table = img.colorTable();
    if (table.isEmpty()) return img.format() == QImage::Format_Mono || img.format() == QImage::Format_MonoLSB;
    return std::all_of(table.begin(), table.end(),
                       [](QRgb c) { return qAlpha(c) == 255 && qRed(c) == qGreen(c) && qGreen(c) == qBlue(c); });
}

// Copies the first `channels` 8- or 16-bit samples of each pixel, as stored, into planes.
template <class Sample>
Tensor planesFrom(const QImage& img, int channels, int stride) {
    const int h = img.height(), w = img.width();
    Tensor t({1, channels, h, w}, DType::Float32);
    float* out = t.data<float>();
    const std::size_t plane = static_cast<std::size_t>(h) * static_cast<std::size_t>(w);
    for (int y = 0; y < h; ++y) {
        const auto* row = reinterpret_cast<const Sample*>(img.constScanLine(y));
        for (int x = 0; x < w; ++x)
            for (int c = 0; c < channels; ++c)
                out[c * plane + static_cast<std::size_t>(y) * w + x] = static_cast<float>(row[x * stride + c]);
    }
    return t;
}

ImageLoad fromImage(QImage img, const QString& format) {
    ImageLoad load;
    load.format = format;
    const QImage::Format f = img.format();
    switch (f) {
    case QImage::Format_Grayscale16:
        load.bitDepth = 16;
        load.channels = 1;
        load.tensor = planesFrom<uint16_t>(img, 1, 1);
        return load;
    case QImage::Format_Grayscale8:
        load.channels = 1;
        load.tensor = planesFrom<uint8_t>(img, 1, 1);
        return load;
    case QImage::Format_RGBX64:
        load.bitDepth = 16;
        load.channels = 3;
        load.tensor = planesFrom<uint16_t>(img, 3, 4);
        return load;
    case QImage::Format_RGBA64:
    case QImage::Format_RGBA64_Premultiplied:
    case QImage::Format_RGBX16FPx4:
    case QImage::Format_RGBA16FPx4:
    case QImage::Format_RGBA16FPx4_Premultiplied:
    case QImage::Format_RGBX32FPx4:
    case QImage::Format_RGBA32FPx4:
    case QImage::Format_RGBA32FPx4_Premultiplied:
    case QImage::Format_BGR30:
    case QImage::Format_A2BGR30_Premultiplied:
    case QImage::Format_RGB30:
    case QImage::Format_A2RGB30_Premultiplied: {
        load.bitDepth = 16;
        if (f != QImage::Format_RGBA64 && f != QImage::Format_RGBX64)
            load.notices.push_back("the file stores more than 8 bits per channel in a form other than 16-bit "
                                   "integers; read as 16-bit");
        load.channels = img.hasAlphaChannel() ? 4 : 3;
        const QImage c = img.convertToFormat(load.channels == 4 ? QImage::Format_RGBA64 : QImage::Format_RGBX64);
        load.tensor = planesFrom<uint16_t>(c, load.channels, 4);
        return load;
    }
    case QImage::Format_Indexed8:
    case QImage::Format_Mono:
    case QImage::Format_MonoLSB:
        if (paletteIsGrey(img)) {
            load.channels = 1;
            load.tensor = planesFrom<uint8_t>(img.convertToFormat(QImage::Format_Grayscale8), 1, 1);
            return load;
        }
        load.notices.push_back("palette image: read as its RGB(A) colours, not as palette indices");
        break;
    default: break;
    }
    load.channels = img.hasAlphaChannel() ? 4 : 3;
    const QImage c = img.convertToFormat(load.channels == 4 ? QImage::Format_RGBA8888 : QImage::Format_RGB888);
    load.tensor = planesFrom<uint8_t>(c, load.channels, load.channels);
    return load;
}

// Collects what the decoders print while it lives — Qt's warnings, and what libpng's default
// error handler writes straight to stderr — so that a failed read says it in its one message.
class DecoderMessages {
public:
    DecoderMessages() {
        previous_ = qInstallMessageHandler(&DecoderMessages::collect);
        std::fflush(stderr);
        capture_ = std::tmpfile();
        savedStderr_ = capture_ ? ::dup(2) : -1;
        if (savedStderr_ >= 0) ::dup2(::fileno(capture_), 2);
    }
    ~DecoderMessages() {
        restoreStderr();
        qInstallMessageHandler(previous_);
        messages().clear();
        if (capture_) std::fclose(capture_);
    }
    // The first thing a decoder said, "" when it said nothing.
    std::string first() {
        restoreStderr();
        if (capture_) {
            std::rewind(capture_);
            char line[512];
            if (std::fgets(line, sizeof line, capture_)) {
                std::string text(line);
                while (!text.empty() && (text.back() == '\n' || text.back() == '\r')) text.pop_back();
                if (!text.empty()) messages().insert(messages().begin(), text);
            }
        }
        return messages().empty() ? std::string() : messages().front();
    }

private:
    void restoreStderr() {
        if (savedStderr_ < 0) return;
        std::fflush(stderr);
        ::dup2(savedStderr_, 2);
        ::close(savedStderr_);
        savedStderr_ = -1;
    }
    static std::vector<std::string>& messages() {
        static std::vector<std::string> m;
        return m;
    }
    static void collect(QtMsgType, const QMessageLogContext&, const QString& text) { messages().push_back(text.toStdString()); }
    QtMessageHandler previous_ = nullptr;
    std::FILE* capture_ = nullptr;
    int savedStderr_ = -1;
};

std::string pageText(const ImageLoad& l) {
    const Shape& s = l.tensor.shape();
    return std::to_string(s[3]) + "x" + std::to_string(s[2]) + ", " + std::to_string(s[1]) + " channel" +
           (s[1] == 1 ? "" : "s") + ", " + std::to_string(l.bitDepth) + "-bit";
}

// Every page of a multi-page TIFF after the first (already read), as one (1, C, D, H, W) stack.
// The pages must agree in size, channels and depth; each is read as the first is.
ImageLoad readPages(QImageReader& reader, ImageLoad first, int pages, const std::string& n, uint64_t maxBytes) {
    const Shape page = first.tensor.shape();  // (1, C, H, W)
    const int64_t c = page[1], h = page[2], w = page[3];
    const Shape stackShape{1, c, pages, h, w};
    checkByteCap("'" + n + "', " + std::to_string(pages) + " pages of " + std::to_string(w) + "x" + std::to_string(h) +
                     ", as a float32 tensor",
                 shapeBytes(stackShape, DType::Float32), maxBytes);
    Tensor stack(stackShape, DType::Float32);
    const auto plane = static_cast<std::size_t>(h * w);
    auto put = [&](const Tensor& t, int p) {
        for (int64_t ch = 0; ch < c; ++ch)
            std::copy_n(t.data<float>() + static_cast<std::size_t>(ch) * plane, plane,
                        stack.data<float>() + (static_cast<std::size_t>(ch) * pages + p) * plane);
    };
    put(first.tensor, 0);
    for (int p = 1; p < pages; ++p) {
        QImage img;
        if (!reader.jumpToImage(p) || !reader.read(&img) || img.isNull())
            throw IoError(n, "cannot read page " + std::to_string(p + 1) + " of the " + std::to_string(pages) +
                                 " pages of '" + n + "': " + reader.errorString().toStdString());
        const ImageLoad l = fromImage(std::move(img), first.format);
        if (l.tensor.shape() != page || l.bitDepth != first.bitDepth)
            throw IoError(n, "'" + n + "' holds " + std::to_string(pages) + " pages that differ (page 1 is " +
                                 pageText(first) + ", page " + std::to_string(p + 1) + " is " + pageText(l) +
                                 "); a multi-page TIFF is read as a stack only when every page has the same size, "
                                 "channels and depth");
        put(l.tensor, p);
    }
    first.notices.push_back(std::to_string(pages) + " pages of " + pageText(first) + " read as one stack " +
                            formatShape(stackShape) + ", (N, C, D, H, W) with the pages as D");
    first.tensor = std::move(stack);
    first.pages = pages;
    return first;
}

ImageLoad readFrom(QImageReader& reader, const QString& name, uint64_t maxBytes) {
    const std::string n = name.toStdString();
    DecoderMessages decoder;  // from the first look at the header on
    reader.setAutoTransform(false);  // values as stored, as np.array(Image.open(...)) gives them
    if (reader.device() && reader.device()->size() == 0)
        throw IoError(n, "cannot read '" + n + "' as an image: the file is empty");
    const QString format = QString::fromLatin1(reader.format());
    // Asked before anything else reads the header: after size(), Qt's TIFF handler counts 1 page.
    const int pages = format == "tiff" ? reader.imageCount() : 1;
    const QSize size = reader.size();  // from the header
    if (size.isValid()) {
        // at most 4 channels of float32 in the tensor; the decoder's own buffer is smaller
        const Shape shape{1, 4, size.height(), size.width()};
        checkByteCap("'" + n + "', a " + std::to_string(size.width()) + "x" + std::to_string(size.height()) +
                         " image, as a float32 tensor",
                     shapeBytes(shape, DType::Float32), maxBytes);
        // Qt refuses images over its process-wide limit (128 MiB by default); our cap above is the
        // one that counts, so the limit is raised (never lowered) to what this image needs.
        const uint64_t decodeMiB = static_cast<uint64_t>(size.width()) * static_cast<uint64_t>(size.height()) * 8 / (1u << 20) + 1;
        const int needed = static_cast<int>(std::min<uint64_t>(decodeMiB, 1u << 30));
        if (QImageReader::allocationLimit() != 0 && needed > QImageReader::allocationLimit())
            QImageReader::setAllocationLimit(needed);
    }
    QImage img;
    if (!reader.read(&img) || img.isNull()) {
        std::string why = reader.errorString().toStdString();
        if (!decoder.first().empty()) why += " (" + decoder.first() + ")";
        throw IoError(n, "cannot read '" + n + "' as an image: " + why);
    }
    ImageLoad first = fromImage(std::move(img), format);
    if (pages <= 1) return first;
    return readPages(reader, std::move(first), pages, n, maxBytes);
}

template <class Sample>
Sample toSample(float v, float maxValue) {
    if (std::isnan(v)) return 0;
    const float r = std::nearbyint(v);  // round half to even, as torch.round
    return static_cast<Sample>(std::clamp(r, 0.0f, maxValue));
}

template <class Sample, class T>
void fillImage(QImage& img, const T* data, int channels, int stride, float maxValue) {
    const int h = img.height(), w = img.width();
    const std::size_t plane = static_cast<std::size_t>(h) * static_cast<std::size_t>(w);
    for (int y = 0; y < h; ++y) {
        auto* row = reinterpret_cast<Sample*>(img.scanLine(y));
        for (int x = 0; x < w; ++x) {
            for (int c = 0; c < channels; ++c)
                row[x * stride + c] = toSample<Sample>(
                    static_cast<float>(data[c * plane + static_cast<std::size_t>(y) * w + x]), maxValue);
            if (stride == 4 && channels == 3) row[x * stride + 3] = static_cast<Sample>(maxValue);  // RGBX
        }
    }
}

}  // namespace

bool isImagePath(const QString& path) {
    const QString s = suffixOf(path);
    return std::any_of(std::begin(kExtensions), std::end(kExtensions), [&](const char* e) { return s == e; });
}

bool isImagePath(const std::string& path) { return isImagePath(QString::fromStdString(path)); }

bool formatKeeps16Bit(const QString& path) {
    const QString s = suffixOf(path);
    return s == "png" || s == "tif" || s == "tiff";
}

ImageLoad readImage(const QString& path, uint64_t maxBytes) {
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        throw IoError(path.toStdString(), "cannot open '" + path.toStdString() + "': " + file.errorString().toStdString());
    QImageReader reader(&file);
    return readFrom(reader, path, maxBytes);
}

ImageLoad readImageBytes(const QByteArray& bytes, const QString& nameForMessages, uint64_t maxBytes) {
    QBuffer buffer;
    buffer.setData(bytes);
    buffer.open(QIODevice::ReadOnly);
    QImageReader reader(&buffer);
    return readFrom(reader, nameForMessages, maxBytes);
}

QImage tensorToImage(const Tensor& t, int bitDepth) {
    const Shape& s = t.shape();
    if (t.rank() != 4 || s[0] != 1 || !(s[1] == 1 || s[1] == 3 || s[1] == 4))
        throw Error(ErrorKind::Usage, "a tensor of shape " + formatShape(s) +
                                          " cannot be written as an image: it needs shape (1, C, H, W) with C = 1, 3 "
                                          "or 4 (write .npy to keep any shape)");
    if (s[2] > 32767 || s[3] > 32767)
        throw Error(ErrorKind::TooLarge, "a tensor of shape " + formatShape(s) +
                                             " is too large for an image file (at most 32767 pixels a side); write .npy");
    const int channels = static_cast<int>(s[1]);
    const int h = static_cast<int>(s[2]), w = static_cast<int>(s[3]);
    const bool deep = bitDepth == 16;
    QImage::Format format;
    if (channels == 1) format = deep ? QImage::Format_Grayscale16 : QImage::Format_Grayscale8;
    else if (channels == 3) format = deep ? QImage::Format_RGBX64 : QImage::Format_RGB888;
    else format = deep ? QImage::Format_RGBA64 : QImage::Format_RGBA8888;
    QImage img(w, h, format);
    if (img.isNull())
        throw Error(ErrorKind::TooLarge, "cannot allocate a " + std::to_string(w) + "x" + std::to_string(h) + " image");
    const int stride = (channels == 1) ? 1 : (deep ? 4 : channels);
    const float maxValue = deep ? 65535.0f : 255.0f;
    if (t.dtype() == DType::Float64) {
        if (deep) fillImage<uint16_t>(img, t.data<double>(), channels, stride, maxValue);
        else fillImage<uint8_t>(img, t.data<double>(), channels, stride, maxValue);
    } else {
        if (deep) fillImage<uint16_t>(img, t.data<float>(), channels, stride, maxValue);
        else fillImage<uint8_t>(img, t.data<float>(), channels, stride, maxValue);
    }
    return img;
}

void writeImage(const QString& path, const Tensor& t, int bitDepth) {
    const std::string p = path.toStdString();
    if (!isImagePath(path))
        throw IoError(p, "cannot write '" + p + "': unknown image extension (use .png, .jpg, .bmp, .tif or .webp)");
    if (bitDepth == 16 && !formatKeeps16Bit(path))
        throw IoError(p, "cannot write '" + p + "': the result has 16 bits per channel and ." +
                             suffixOf(path).toStdString() + " holds 8; write .png or .tif");
    const QImage img = tensorToImage(t, bitDepth);
    QSaveFile file(path);
    if (!file.open(QIODevice::WriteOnly))
        throw IoError(p, "cannot write '" + p + "': " + file.errorString().toStdString());
    QImageWriter writer(&file, writerFormat(suffixOf(path)));
    if (writer.format() == "jpeg") writer.setQuality(95);
    if (writer.format() == "webp") writer.setQuality(100);  // lossless
    if (!writer.write(img)) {
        const std::string why = writer.errorString().toStdString();
        file.cancelWriting();
        throw IoError(p, "cannot write '" + p + "': " + why);
    }
    if (!file.commit()) throw IoError(p, "cannot write '" + p + "': " + file.errorString().toStdString());
}

}  // namespace upsample::imageio
