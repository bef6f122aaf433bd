#include "session/InputDocument.hpp"

#include "imageio/image_io.hpp"
#include "upsample/error.hpp"
#include "upsample/npy.hpp"
#include "upsample/tensor_file.hpp"

#include <QFile>
#include <QFileInfo>

#include <algorithm>
#include <span>

namespace studio {

using namespace upsample;

namespace {
void checkCancelled(const LoadControl& c) {
    if (c.cancel && c.cancel->cancelled()) throw CancelledError();
}

// Room for a .npy header or a picture's metadata on top of the values' byte limit.
constexpr uint64_t kFileSlack = uint64_t{1} << 20;

// The whole file, read in chunks: between them the read reports the fraction read (up to 0.9; the
// parse is the rest) and stops when cancelled. A file larger than the values' limit allows (plus
// kFileSlack) is refused before any of it is read, as the CLI's reader refuses its header.
QByteArray readAll(const QString& path, uint64_t maxBytes, const LoadControl& control) {
    QFile f(path);
    if (!f.open(QIODevice::ReadOnly))
        throw IoError(path.toStdString(), "cannot open '" + path.toStdString() + "': " + f.errorString().toStdString());
    const qint64 size = f.size();
    if (size > 0 && static_cast<uint64_t>(size) > maxBytes + kFileSlack)
        checkByteCap("'" + path.toStdString() + "' (the whole file)", static_cast<uint64_t>(size), maxBytes);
    if (f.isSequential() || size <= 0) return f.readAll();
    constexpr qint64 kChunk = qint64{8} << 20;
    QByteArray bytes(size, Qt::Uninitialized);
    qint64 done = 0;
    while (done < size) {
        checkCancelled(control);
        const qint64 n = f.read(bytes.data() + done, std::min(kChunk, size - done));
        if (n < 0)
            throw IoError(path.toStdString(), "cannot read '" + path.toStdString() + "': " + f.errorString().toStdString());
        if (n == 0) break;  // the file shrank while it was read
        done += n;
        if (control.progress) control.progress(0.9 * static_cast<double>(done) / static_cast<double>(size));
    }
    bytes.truncate(done);
    checkCancelled(control);
    return bytes;
}

QString shapeText(const Shape& s) { return QString::fromStdString(formatShape(s)); }

// Gives an array of rank 1 to 3 the batch (and channel) dims F.interpolate wants, as the core
// reads it (readArrayAs), with the one-line notice of what was added.
void addLeadingDims(InputDocument& doc, ArrayReading reading) {
    ArrayRead r = readArrayAs(doc.tensor, reading);
    doc.tensor = std::move(r.tensor);
    doc.reading = r.reading;
    doc.addedDims = QString::fromStdString(r.indexing);
    doc.offer = r.offer;
    doc.offerText = QString::fromStdString(r.offerText);
    QString line = QString::fromStdString(r.notice);
    if (doc.fileShape.size() == 3) line += QString(" (File \u25b8 Read 3-D Array As)");
    doc.notices << line;
}

// A stack of grey pages is the (D, H, W) array of its pages, read as a 3-D array is: by default
// the (1, 1, D, H, W) volume; File ▸ Read 3-D Array As gives (1, D, H, W), the pages as channels.
void readGreyStack(InputDocument& doc, ArrayReading reading) {
    const Shape& s = doc.tensor.shape();  // (1, 1, D, H, W)
    doc.fileShape = {s[2], s[3], s[4]};
    Tensor pages(doc.fileShape, doc.tensor.dtype());
    std::copy_n(doc.tensor.data<float>(), doc.tensor.numel(), pages.data<float>());
    doc.tensor = std::move(pages);
    addLeadingDims(doc, reading == ArrayReading::Auto ? ArrayReading::DepthHW : reading);
    const Shape& d = doc.fileShape;
    const QString count = QString("%1 pages of %2x%3").arg(d[0]).arg(d[2]).arg(d[1]);
    if (doc.reading == ArrayReading::DepthHW) {
        doc.offer = ArrayReading::ChannelsFirst;
        doc.offerText = QString("%1 read as one volume %2; as the channels of one picture they are %3")
                            .arg(count, shapeText(doc.tensor.shape()), shapeText({1, d[0], d[1], d[2]}));
    } else {
        doc.offer = ArrayReading::DepthHW;
        doc.offerText = QString("%1 read as %2 %3; as one volume they are %4")
                            .arg(count, QString::fromLatin1(readingLayout(doc.reading).data()),
                                 shapeText(doc.tensor.shape()), shapeText({1, 1, d[0], d[1], d[2]}));
    }
}

// The readers' messages say what is wrong; this says in which file. .npy, .pt, .safetensors,
// .npz (one tensor of them: the key after FILE.pt:) and .exr.
TensorLoad readTensorIn(const QString& path, const TensorPath& tp, const QByteArray& bytes, uint64_t maxBytes,
                          NpyDTypes dtypes) {
    const auto* data = reinterpret_cast<const std::byte*>(bytes.constData());
    const std::span<const std::byte> span(data, static_cast<std::size_t>(bytes.size()));
    const TensorFileFormat format = tensorFileFormatOf(tp.file).value_or(TensorFileFormat::Npy);
    try {
        // As torch.from_numpy: integer, bool and float16 arrays keep their dtype (F.interpolate then
        // computes uint8 in the nearest modes and refuses the rest with PyTorch's message).
        return readTensorBytes(span, format, tp.key, dtypes, maxBytes);
    } catch (const NpyError& e) {
        throw NpyError("'" + path.toStdString() + "': " + e.what());
    } catch (const TensorFileError& e) {
        throw TensorFileError("'" + path.toStdString() + "': " + e.what());
    }
}
}  // namespace

InputDocument InputDocument::convertedToFloat32() const {
    InputDocument doc = *this;
    const std::string_view from = dtypeName(tensor.dtype());
    doc.convertedFrom = QString::fromLatin1(from.data(), static_cast<qsizetype>(from.size()));
    doc.tensor = tensor.to(DType::Float32);
    doc.notices << QString("converted %1 to float32").arg(doc.convertedFrom);
    return doc;
}

InputDocument loadInput(const QString& path, uint64_t maxBytes, ArrayReading reading, const LoadControl& control,
                        bool toFloat32) {
    InputDocument doc;
    doc.path = path;
    doc.displayName = QFileInfo(path).fileName();
    const TensorPath tp = splitTensorPath(path.toStdString());
    const QByteArray bytes = readAll(QString::fromStdString(tp.file), maxBytes, control);
    if (imageio::isImagePath(path)) {
        imageio::ImageLoad load = imageio::readImageBytes(bytes, path, maxBytes);
        doc.tensor = std::move(load.tensor);
        doc.bitDepth = load.bitDepth;
        doc.pages = load.pages;
        for (const auto& n : load.notices) doc.notices << QString::fromStdString(n);
        doc.notices << QString("%1-bit %2 read as a %3 float32 tensor of the stored values (0 to %4)")
                           .arg(load.bitDepth)
                           .arg(load.format.toUpper())
                           .arg(QString::fromStdString(formatShape(doc.tensor.shape())))
                           .arg(load.bitDepth == 16 ? 65535 : 255);
        if (load.pages > 1 && doc.tensor.dim(1) == 1) readGreyStack(doc, reading);
        if (control.progress) control.progress(1.0);
        return doc;
    }
    TensorLoad load =
        readTensorIn(path, tp, bytes, maxBytes, toFloat32 ? NpyDTypes::ConvertToFloat32 : NpyDTypes::AsPyTorch);
    checkCancelled(control);
    const Shape s = load.tensor.shape();
    if (load.tensor.rank() < 1 || load.tensor.rank() > 5)
        throw Error(ErrorKind::Usage,
                    "'" + path.toStdString() + "' holds a tensor of shape " + formatShape(s) + " (rank " +
                        std::to_string(load.tensor.rank()) +
                        "); the studio reads rank 1 to 5: (L), (H, W), (C, H, W) and the ranks F.interpolate "
                        "takes, (N, C, L), (N, C, H, W) and (N, C, D, H, W)");
    for (int64_t d : s)
        if (d == 0)
            throw Error(ErrorKind::Usage, "'" + path.toStdString() + "' holds an empty tensor of shape " +
                                              formatShape(s) + "; there is nothing to show");
    doc.fileShape = s;
    doc.tensor = std::move(load.tensor);
    for (const auto& n : load.notices) doc.notices << QString::fromStdString(n);
    if (doc.tensor.rank() <= 3) addLeadingDims(doc, reading);
    if (control.progress) control.progress(1.0);
    return doc;
}

}  // namespace studio
