#include "session/InputDocument.hpp"

#include "imageio/image_io.hpp"
#include "upsample/error.hpp"
#include "upsample/npy.hpp"
#include "upsample/tensor_file.hpp"

#include <QFile>
#include <QFileInfo>

#include <algorithm>
#include <cstring>
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

// The same values under another shape (the dims added are of size 1).
Tensor withShape(const Tensor& t, Shape shape) {
    Tensor out(std::move(shape), t.dtype());
    if (t.nbytes() > 0) std::memcpy(out.raw(), t.raw(), t.nbytes());
    return out;
}

QString shapeText(const Shape& s) { return QString::fromStdString(formatShape(s)); }

// Gives an array of rank 1 to 3 the batch (and channel) dims F.interpolate wants, with the
// one-line notice of what was added.
void addLeadingDims(InputDocument& doc, ArrayReading reading) {
    const Shape s = doc.tensor.shape();
    const QString from = shapeText(s);
    doc.reading = reading;
    if (s.size() == 3 && reading == ArrayReading::AsPyTorch) {
        doc.notices << QString("%1 array read as PyTorch reads it, (N, C, L): one spatial dim; "
                               "File \u25b8 Read 3-D Array As has (C, H, W) and (D, H, W)")
                           .arg(from);
        return;
    }
    Shape to = s;
    QString as;
    if (s.size() == 3 && reading == ArrayReading::Auto) {
        to.insert(to.begin(), 1);
        doc.addedDims = "x[None]";
        as = "(C, H, W)";
    } else {
        to.insert(to.begin(), 2, 1);
        doc.addedDims = "x[None, None]";
        as = s.size() == 1 ? "(L)" : s.size() == 2 ? "(H, W)" : "(D, H, W)";
    }
    doc.tensor = withShape(doc.tensor, to);
    QString line = QString("%1 array read as %2: %3 gives %4").arg(from, as, doc.addedDims, shapeText(to));
    if (s.size() == 3)
        line += QString("; PyTorch itself reads it as (N, C, L) (File \u25b8 Read 3-D Array As)");
    doc.notices << line;
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
        imageio::ImageLoad load = imageio::readImageBytes(bytes, path);
        doc.tensor = std::move(load.tensor);
        doc.bitDepth = load.bitDepth;
        for (const auto& n : load.notices) doc.notices << QString::fromStdString(n);
        doc.notices << QString("%1-bit %2 read as a %3 float32 tensor of the stored values (0 to %4)")
                           .arg(load.bitDepth)
                           .arg(load.format.toUpper())
                           .arg(QString::fromStdString(formatShape(doc.tensor.shape())))
                           .arg(load.bitDepth == 16 ? 65535 : 255);
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
