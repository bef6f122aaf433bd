#include "session/InputDocument.hpp"

#include "imageio/image_io.hpp"
#include "upsample/error.hpp"
#include "upsample/npy.hpp"

#include <QFile>
#include <QFileInfo>

#include <span>

namespace studio {

using namespace upsample;

namespace {
QByteArray readAll(const QString& path) {
    QFile f(path);
    if (!f.open(QIODevice::ReadOnly))
        throw IoError(path.toStdString(), "cannot open '" + path.toStdString() + "': " + f.errorString().toStdString());
    return f.readAll();
}

QString hintFor3d(const Shape& s) {
    return QString("A 3-D array is read as PyTorch reads it: (N, C, L) = %1, so N=%2, C=%3 and one spatial dim "
                   "L=%4. For a (C, H, W) image, add a batch dim first (x.unsqueeze(0)) to get (1, %2, %3, %4).")
        .arg(QString::fromStdString(formatShape(s)))
        .arg(s[0])
        .arg(s[1])
        .arg(s[2]);
}
}  // namespace

InputDocument loadInput(const QString& path, uint64_t maxBytes) {
    InputDocument doc;
    doc.path = path;
    doc.displayName = QFileInfo(path).fileName();
    const QByteArray bytes = readAll(path);
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
        return doc;
    }
    const auto* data = reinterpret_cast<const std::byte*>(bytes.constData());
    NpyLoad load = readNpyBytes(std::span<const std::byte>(data, static_cast<std::size_t>(bytes.size())), maxBytes);
    const Shape s = load.tensor.shape();
    if (load.tensor.rank() < 3 || load.tensor.rank() > 5)
        throw Error(ErrorKind::Usage,
                    "'" + path.toStdString() + "' holds a tensor of shape " + formatShape(s) + " (rank " +
                        std::to_string(load.tensor.rank()) +
                        "); F.interpolate takes rank 3 to 5: (N, C, L), (N, C, H, W) or (N, C, D, H, W)");
    for (int64_t d : s)
        if (d == 0)
            throw Error(ErrorKind::Usage, "'" + path.toStdString() + "' holds an empty tensor of shape " +
                                              formatShape(s) + "; there is nothing to show");
    doc.tensor = std::move(load.tensor);
    for (const auto& n : load.notices) doc.notices << QString::fromStdString(n);
    if (doc.tensor.rank() == 3) doc.notices << hintFor3d(s);
    return doc;
}

}  // namespace studio
