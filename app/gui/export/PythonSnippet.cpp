#include "export/PythonSnippet.hpp"

#include <QFileInfo>
#include <QStringList>

namespace studio {

using namespace upsample;

namespace {
// A Python string literal: single quotes, backslashes and quotes escaped.
QString pyString(const QString& s) {
    QString e = s;
    e.replace("\\", "\\\\").replace("'", "\\'");
    return "'" + e + "'";
}

QString shapeText(const Shape& s) { return QString::fromStdString(formatShape(s)); }

QStringList loadLines(const InputDocument& in) {
    const bool sample = in.path.startsWith(":");
    const QString file = sample ? QFileInfo(in.path).fileName() : in.path;
    QStringList lines;
    if (in.isImage() && in.pages > 1) {  // every page of a multi-page TIFF, as the studio read them
        lines << "from PIL import Image, ImageSequence"
              << QString("pages = ImageSequence.Iterator(Image.open(%1))").arg(pyString(file))
              << QString("a = np.stack([np.array(p) for p in pages]).astype(np.float32)  # the %1 pages' stored values")
                     .arg(in.pages)
              << "x = torch.from_numpy(a)";
        if (!in.addedDims.isEmpty())
            lines << QString("x = %1  # %2 read as %3").arg(in.addedDims, shapeText(in.fileShape), shapeText(in.tensor.shape()));
        else
            lines << "x = x.permute(3, 0, 1, 2)[None]  # (D, H, W, C) pages as (1, C, D, H, W)";
        return lines;
    }
    if (in.isImage()) {
        lines << "from PIL import Image"
              << QString("a = np.array(Image.open(%1)).astype(np.float32)  # the stored values").arg(pyString(file))
              << "x = torch.from_numpy(a)"
              << "x = x.permute(2, 0, 1)[None] if x.ndim == 3 else x[None, None]  # (1, C, H, W)";
        return lines;
    }
    const bool toFloat32 = in.tensor.dtype() == DType::Float32;
    lines << QString("x = torch.from_numpy(np.load(%1)%2)%3")
                 .arg(pyString(file), toFloat32 ? QString(".astype(np.float32)") : QString(),
                      sample ? QString("  # the studio's sample '%1'").arg(in.displayName) : QString());
    if (!in.addedDims.isEmpty())
        lines << QString("x = %1  # %2 read as %3").arg(in.addedDims, shapeText(in.fileShape), shapeText(in.tensor.shape()));
    return lines;
}
}  // namespace

QString pythonSnippet(const InputDocument& input, const Spec& spec, const QString& resultPath) {
    QStringList lines{"import numpy as np", "import torch", "import torch.nn.functional as F", ""};
    lines << loadLines(input);
    lines << "y = " + QString::fromStdString(toPythonCall(spec));
    lines << QString("np.save(%1, y.numpy())").arg(pyString(resultPath.isEmpty() ? QString("result.npy") : resultPath));
    return lines.join("\n") + "\n";
}

}  // namespace studio
