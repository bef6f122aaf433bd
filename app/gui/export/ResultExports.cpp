#include "export/ResultExports.hpp"

#include "export/ExportActions.hpp"
#include "export/PythonSnippet.hpp"
#include "session/StudioContext.hpp"
#include "views/ImageView.hpp"
#include "views/ViewSync.hpp"

#include <QApplication>
#include <QClipboard>
#include <QFileInfo>

namespace studio {

using namespace upsample;

namespace {
QString qs(const std::string& s) { return QString::fromStdString(s); }
QString shapeText(const Tensor& t) { return qs(formatShape(t.shape())); }
QString suggestedBase(const std::optional<InputDocument>& in, const std::optional<ComputeOutcome>& r) {
    QString base = in ? QFileInfo(in->path).completeBaseName() : QString("result");
    if (r) base += "_" + QString::fromStdString(std::string(modeName(r->resolved.mode)));
    return base;
}
// Result pixels per original pixel, per axis.
QSizeF pixelsPerSource(const PlaneView& a, const PlaneView& b) {
    return {static_cast<double>(b.width()) / a.width(), static_cast<double>(b.height()) / a.height()};
}
}  // namespace

QRectF shownRegion(QRectF visible, const PlaneView& original) {
    const QRectF whole(0, 0, original.width(), original.height());
    const QRectF r = visible.intersected(whole);
    return r.isEmpty() ? whole : r;
}

ResultExports::ResultExports(StudioContext& studio, QObject* parent) : QObject(parent), studio_(studio) {}

void ResultExports::askAndWriteImage() {
    if (!studio_.result()) return;
    const QString path = studio_.askSavePath(tr("Export Result Image"), tr("PNG (*.png);;TIFF (*.tif *.tiff)"), "png",
                                     suggestedBase(studio_.input(), studio_.result()) + ".png");
    if (!path.isEmpty()) writeImage(path);
}

void ResultExports::askAndWriteNpy() {
    if (!studio_.result()) return;
    const QString path = studio_.askSavePath(tr("Export Result as .npy"), tr("NumPy (*.npy)"), "npy",
                                     suggestedBase(studio_.input(), studio_.result()) + ".npy");
    if (!path.isEmpty()) writeNpy(path);
}

void ResultExports::askAndWriteFigure() {
    if (!studio_.result()) return;
    const QString path = studio_.askSavePath(tr("Export Side-by-Side Figure"), tr("PNG (*.png)"), "png",
                                     suggestedBase(studio_.input(), studio_.result()) + "_figure.png");
    if (!path.isEmpty()) writeFigure(path);
}

bool ResultExports::writeImage(const QString& path) {
    if (!studio_.result() || !studio_.input()) {
        studio_.showError(tr("Nothing to export"), tr("There is no result yet to write to '%1'").arg(path));
        return false;
    }
    try {
        ExportActions::writeResultImage(path, studio_.result()->output, studio_.input()->bitDepth);
    } catch (const std::exception& e) {
        studio_.showError(tr("Export failed"), qs(e.what()));
        return false;
    }
    studio_.showStatus(tr("Wrote %1").arg(path), 5000);
    return true;
}

bool ResultExports::writeNpy(const QString& path) {
    if (!studio_.result()) {
        studio_.showError(tr("Nothing to export"), tr("There is no result yet to write to '%1'").arg(path));
        return false;
    }
    try {
        ExportActions::writeNpy(path, studio_.result()->output);
    } catch (const std::exception& e) {
        studio_.showError(tr("Export failed"), qs(e.what()));
        return false;
    }
    studio_.showStatus(tr("Wrote %1").arg(path), 5000);
    return true;
}

bool ResultExports::writeFigure(const QString& path) {
    if (!studio_.result() || !studio_.input()) {
        studio_.showError(tr("Nothing to export"), tr("There is no result yet to write to '%1'").arg(path));
        return false;
    }
    const PlaneView op = studio_.originalPlane(), rp = studio_.resultPlane();
    if (!op.valid() || !rp.valid()) {
        studio_.showError(tr("Export failed"), tr("The result %1 has no elements to draw").arg(shapeText(studio_.result()->output)));
        return false;
    }
    FigurePanel a{tr("Original"), shapeText(studio_.input()->tensor), op, {1, 1}};
    FigurePanel b{tr("Result"), shapeText(studio_.result()->output), rp, pixelsPerSource(op, rp)};
    QString subtitle = studio_.input()->displayName;
    if (studio_.input()->tensor.rank() == 5)
        subtitle += tr(" \u00b7 depth slice %1 \u2192 %2").arg(op.selection().depth).arg(rp.selection().depth);
    subtitle += tr(" \u00b7 %1 ms on %2").arg(QString::number(studio_.result()->report.milliseconds, 'f', 2),
                                               qs(studio_.result()->report.backend));
    try {
        // The region the views show, at their zoom: the result's pixels as large as on screen.
        const ViewSync* sync = studio_.viewSync();
        const QRectF region = shownRegion(sync->visibleSourceRect(studio_.originalView()->size()), op);
        const QImage fig = ExportActions::renderGridAt({a, b}, 2, studio_.currentMapping(),
                                                       qs(toPythonCall(studio_.result()->spec)), subtitle, region,
                                                       sync->zoom());
        ExportActions::writePng(path, fig);
    } catch (const std::exception& e) {
        studio_.showError(tr("Export failed"), qs(e.what()));
        return false;
    }
    studio_.showStatus(tr("Wrote %1").arg(path), 5000);
    return true;
}

void ResultExports::askAndWriteViewFigure() {
    if (!studio_.result()) return;
    const QString path = studio_.askSavePath(tr("Export View at True Pixels"), tr("PNG (*.png)"), "png",
                                             suggestedBase(studio_.input(), studio_.result()) + "_view.png");
    if (!path.isEmpty()) writeViewFigure(path, {0, true, true});
}

bool ResultExports::writeViewFigure(const QString& path, ViewFigureOptions options) {
    const PlaneView op = studio_.originalPlane(), rp = studio_.resultPlane();
    if (!studio_.result() || !op.valid() || !rp.valid()) {
        studio_.showError(tr("Nothing to export"), tr("There is no result yet to write to '%1'").arg(path));
        return false;
    }
    const ViewSync* sync = studio_.viewSync();
    const ViewFigure fig = renderViewFigure(op, rp, studio_.currentMapping(),
                                            sync->visibleSourceRect(studio_.originalView()->size()), sync->zoom(), options);
    try {
        ExportActions::writePng(path, fig.image);
    } catch (const std::exception& e) {
        studio_.showError(tr("Export failed"), qs(e.what()));
        return false;
    }
    studio_.showStatus(tr("Wrote %1 (%2 × %3)").arg(path).arg(fig.image.width()).arg(fig.image.height()), 5000);
    return true;
}

void ResultExports::copyPythonCode() {
    const QString call = ExportActions::pythonCode(studio_.spec());
    // A script that runs by itself when there is an input; the call alone otherwise.
    const QString code = studio_.input() ? pythonSnippet(*studio_.input(), studio_.spec()) : call;
    QApplication::clipboard()->setText(code);
    studio_.showStatus(tr("Copied a script that loads the input and runs %1").arg(call), 5000);
}

}  // namespace studio
