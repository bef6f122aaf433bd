#include "tools/RealLibraries.hpp"

#include "upsample/npy.hpp"

#include <QFileInfo>
#include <QProcess>
#include <QProcessEnvironment>
#include <QStandardPaths>
#include <QTemporaryDir>

#include <mutex>

namespace studio {

using namespace upsample;

namespace {
constexpr int kProbeMs = 20000, kRunMs = 120000;

// Each n of x as an (H, W, C) float32 image through `code` (cv2), or each (n, c) plane as a mode
// "F" image (Pillow), back to (N, C, ...).
const char* kScript = R"PY(
import sys, numpy as np
x = np.load(sys.argv[1]).astype(np.float32)
code, lib = sys.argv[3], sys.argv[4]
outs = []
if lib == "cv2":
    import cv2
    for n in range(x.shape[0]):
        img = np.ascontiguousarray(np.moveaxis(x[n], 0, -1))
        if x.ndim == 3:
            img = img[None]
        y = eval(code, {"cv2": cv2, "img": img, "None": None})
        if y.ndim == 2:
            y = y[..., None]
        y = np.moveaxis(y, -1, 0)
        outs.append(y[:, 0, :] if x.ndim == 3 else y)
else:
    from PIL import Image
    for n in range(x.shape[0]):
        planes = [np.asarray(eval(code, {"Image": Image, "img": Image.fromarray(np.ascontiguousarray(p), mode="F")}))
                  for p in x[n]]
        outs.append(np.stack(planes))
np.save(sys.argv[2], np.ascontiguousarray(np.stack(outs)).astype(np.float32))
)PY";

// The import and version of a library's Python module.
const char* probeCode(Library lib) {
    return lib == Library::Pillow ? "import PIL, numpy; print(PIL.__version__)" : "import cv2, numpy; print(cv2.__version__)";
}

std::optional<RealLibrary> probe(const QString& python, Library lib) {
    if (python.isEmpty() || !QFileInfo(python).isExecutable()) return std::nullopt;
    QProcess p;
    p.start(python, {"-c", probeCode(lib)});
    if (!p.waitForFinished(kProbeMs) || p.exitStatus() != QProcess::NormalExit || p.exitCode() != 0) {
        p.kill();
        p.waitForFinished(1000);
        return std::nullopt;
    }
    const QString version = QString::fromUtf8(p.readAllStandardOutput()).trimmed();
    if (version.isEmpty()) return std::nullopt;
    return RealLibrary{python, version, lib};
}

std::optional<RealLibrary> find(Library lib) {
    const QString chosen = QProcessEnvironment::systemEnvironment().value("UPSAMPLE_STUDIO_PYTHON");
    if (!chosen.isEmpty()) return probe(chosen, lib);  // as told, even when that is "none"
    for (const QString& python : {QString("/usr/bin/python3"), QStandardPaths::findExecutable("python3")})
        if (auto found = probe(python, lib)) return found;
    return std::nullopt;
}
}  // namespace

const std::optional<RealLibrary>& installedOpenCv() {
    static std::once_flag once;
    static std::optional<RealLibrary> found;
    std::call_once(once, [] { found = find(Library::OpenCV); });
    return found;
}

const std::optional<RealLibrary>& installedPillow() {
    static std::once_flag once;
    static std::optional<RealLibrary> found;
    std::call_once(once, [] { found = find(Library::Pillow); });
    return found;
}

std::optional<Tensor> runInstalled(const RealLibrary& cv, const Tensor& input, const std::string& code, QString* why) {
    QTemporaryDir dir;
    if (!dir.isValid()) {
        *why = QObject::tr("no scratch folder for the exchange: %1").arg(dir.errorString());
        return std::nullopt;
    }
    const QString in = dir.filePath("in.npy"), out = dir.filePath("out.npy");
    try {
        writeNpy(in.toStdString(), input.dtype() == DType::Float32 ? input : input.to(DType::Float32));
    } catch (const std::exception& e) {
        *why = QString::fromStdString(e.what());
        return std::nullopt;
    }
    QProcess p;
    p.start(cv.python, {"-c", kScript, in, out, QString::fromStdString(code),
                        cv.library == Library::Pillow ? QString("pil") : QString("cv2")});
    const bool finished = p.waitForFinished(kRunMs);
    if (!finished || p.exitStatus() != QProcess::NormalExit || p.exitCode() != 0) {
        if (!finished) p.kill();
        p.waitForFinished(1000);
        const QString err = QString::fromUtf8(p.readAllStandardError()).trimmed().section('\n', -1);
        *why = finished ? QObject::tr("%1 failed: %2").arg(cv.python, err) : QObject::tr("%1 took over %2 s").arg(cv.python).arg(kRunMs / 1000);
        return std::nullopt;
    }
    try {
        return readNpy(out.toStdString()).tensor;
    } catch (const std::exception& e) {
        *why = QString::fromStdString(e.what());
        return std::nullopt;
    }
}

std::optional<RealMeasure> measureInstalled(const LibraryCall& call, const Tensor& input, const Tensor& reference) {
    if (!measurable(call.library) || !call.output || call.code.empty()) return std::nullopt;
    const auto& cv = call.library == Library::Pillow ? installedPillow() : installedOpenCv();
    if (!cv) return std::nullopt;
    RealMeasure m{*cv, std::nullopt, std::nullopt, {}, {}};
    const std::optional<Tensor> out = runInstalled(*cv, input, call.code, &m.error);
    if (!out) return m;
    m.shape = out->shape();
    if (out->shape() == reference.shape()) m.vsPyTorch = diffStats(*out, reference);
    if (out->shape() == call.output->shape()) m.vsEmulation = diffStats(*out, *call.output);
    return m;
}

bool measurable(Library lib) { return lib == Library::OpenCV || lib == Library::Pillow; }

QString measuredHtml(const LibraryCall& call, const std::optional<RealMeasure>& real) {
    if (!measurable(call.library) || call.code.empty()) return {};
    const bool pil = call.library == Library::Pillow;
    if (!real)
        return QObject::tr("<br><span style='color:#666'>%1 is not installed for Python 3 here (%2): the real library "
                           "is not measured.</span>")
            .arg(pil ? "Pillow" : "cv2", pil ? "python3-pil" : "python3-opencv");
    const QString who =
        QObject::tr("the installed %1 %2 (%3)").arg(pil ? "Pillow" : "cv2", real->library.version, real->library.python);
    if (!real->error.isEmpty()) return QObject::tr("<br>%1 failed: %2").arg(who, real->error.toHtmlEscaped());
    if (!real->vsPyTorch)
        return QObject::tr("<br><b>Measured with %1</b>: output %2, PyTorch's differs in shape")
            .arg(who, QString::fromStdString(formatShape(real->shape)));
    const DiffStats& s = *real->vsPyTorch;
    QString h = QObject::tr("<br><b>Measured with %1</b>: %2 of %3 values differ from PyTorch's, max |diff| = %4")
                    .arg(who)
                    .arg(s.differing)
                    .arg(s.count)
                    .arg(QString::number(s.maxAbs, 'g', 3));
    if (real->vsEmulation)
        h += QObject::tr("; from the emulation: %1 differ, max %2")
                 .arg(real->vsEmulation->differing)
                 .arg(QString::number(real->vsEmulation->maxAbs, 'g', 3));
    return h;
}

QString emulatedHtml(const LibraryCall& call) {
    if (call.library == Library::PyTorch || call.code.empty()) return {};
    const QString lib = QString::fromUtf8(libraryDisplayName(call.library).data());
    return QObject::tr("<br><span style='color:#8a5a00'>Emulated: %1 as this program computes it, not the installed "
                       "library.</span>")
        .arg(lib.toHtmlEscaped());
}

}  // namespace studio
