// What MainWindow's two views show: the planes of the input and the result for the display's
// slice, one colour range over both, the captions above them, the hover readout and the zoom.
#include "MainWindow.hpp"

#include "docks/DisplayDock.hpp"
#include "docks/SpecDock.hpp"
#include "session/Settings.hpp"
#include "session/StudioContext.hpp"
#include "views/ImageView.hpp"
#include "views/ValueFormat.hpp"
#include "views/ViewPane.hpp"
#include "views/ViewSync.hpp"

#include "upsample/inspect.hpp"

#include <QProgressBar>
#include <QLabel>

#include <algorithm>

namespace studio {

using namespace upsample;

namespace {
QString qs(const std::string& s) { return QString::fromStdString(s); }
QString shapeText(const Tensor& t) { return qs(formatShape(t.shape())); }
QString dtypeText(const Tensor& t) { return qs(std::string(dtypeName(t.dtype()))); }
}  // namespace

PlaneView MainWindow::originalPlane() const {
    if (!input_) return {};
    return PlaneView(input_->tensor, displayDock_->options().slice);
}

int MainWindow::resultDepthFor(int sourceDepth) const {
    if (!input_ || !result_ || input_->tensor.rank() != 5 || result_->output.empty()) return 0;
    // The result slice whose centre lies nearest to the source slice (the core's mapping), or
    // the one stepped to from there.
    int d = static_cast<int>(outputIndexNearestSource(result_->resolved, 0, sourceDepth));
    if (sourceDepth == resultDepthStepFrom_) d += resultDepthStep_;
    return std::clamp(d, 0, static_cast<int>(result_->output.dim(2)) - 1);
}

PlaneView MainWindow::resultPlane() const {
    if (!result_ || result_->output.empty()) return {};
    SliceSelection s = displayDock_->options().slice;
    s.depth = resultDepthFor(s.depth);
    return PlaneView(result_->output, s);
}

QSizeF MainWindow::resultPixelsPerSource() const {
    const PlaneView a = originalPlane(), b = resultPlane();
    if (!a.valid() || !b.valid()) return {1, 1};
    return {static_cast<double>(b.width()) / a.width(), static_cast<double>(b.height()) / a.height()};
}

DisplayMapping MainWindow::currentMapping() const {
    const DisplayOptions o = displayDock_->options();
    switch (o.range) {
    case RangeMode::Stored:
        if (input_ && input_->isImage()) return DisplayMapping(0.0, input_->bitDepth == 16 ? 65535.0 : 255.0, o.colorMap);
        break;
    case RangeMode::User: return DisplayMapping(o.userLow, o.userHigh, o.colorMap);
    case RangeMode::Auto:
    case RangeMode::Percentile: break;
    }
    // Auto and percentiles: one range over both views, so equal values look equal on both sides.
    const auto r = displayRange();
    if (!r) return DisplayMapping(0.0, 1.0, o.colorMap);
    return DisplayMapping(r->low, r->high, o.colorMap);
}

std::optional<DisplayRange> MainWindow::displayRange() const {
    const DisplayOptions o = displayDock_->options();
    const PlaneView op = originalPlane(), rp = resultPlane();
    const DType dtype = rp.valid() ? rp.dtype() : op.dtype();
    if (o.range == RangeMode::Percentile) {
        autoRange();  // the cache for these tensors and this slice
        if (!rangeCache_->percentile) {
            std::vector<double> values;
            for (const PlaneView* p : {&op, &rp}) {
                if (!p->valid()) continue;
                for (int k = 0; k < p->channels(); ++k)
                    for (int y = 0; y < p->height(); ++y)
                        for (int x = 0; x < p->width(); ++x) values.push_back(p->value(x, y, k));
            }
            if (auto r = percentileRange(std::move(values), dtype)) rangeCache_->percentile = *r;
        }
        if (rangeCache_->percentile) return rangeCache_->percentile;
        return std::nullopt;
    }
    if (o.range != RangeMode::Auto) return std::nullopt;
    const auto r = autoRange();
    if (!r) return std::nullopt;
    return precisionAwareRange(r->first, r->second, dtype);
}

QString MainWindow::rangeNote() const {
    const auto r = displayRange();
    return r ? qs(r->note) : QString();
}

std::optional<std::pair<double, double>> MainWindow::autoRange() const {
    const PlaneView op = originalPlane(), rp = resultPlane();
    const void* a = op.valid() ? op.tensor().raw() : nullptr;
    const void* b = rp.valid() ? rp.tensor().raw() : nullptr;
    const SliceSelection slice = displayDock_->options().slice;
    if (rangeCache_ && rangeCache_->original.raw() == a && rangeCache_->result.raw() == b &&
        rangeCache_->slice == slice)
        return rangeCache_->range;
    std::optional<std::pair<double, double>> r = DisplayMapping::finiteRange(op);
    if (rp.valid()) {
        if (const auto rr = DisplayMapping::finiteRange(rp)) {
            if (!r) r = rr;
            else r = std::make_pair(std::min(r->first, rr->first), std::max(r->second, rr->second));
        }
    }
    rangeCache_ = RangeCache{op.valid() ? op.tensor() : Tensor(), rp.valid() ? rp.tensor() : Tensor(), slice, r, std::nullopt};
    return r;
}

void MainWindow::onDisplayChanged() { updateViews(); }

void MainWindow::updateViews() {
    if (!input_) return;
    const DisplayMapping mapping = currentMapping();
    const PlaneView op = originalPlane();
    originalPane_->view()->setPlane(op, mapping, {1, 1});
    const PlaneView rp = resultPlane();
    if (rp.valid()) {
        resultPane_->view()->setPlane(rp, mapping, resultPixelsPerSource());
    } else if (result_) {
        resultPane_->view()->clear(tr("The result %1 has no elements").arg(shapeText(result_->output)));
    } else {
        resultPane_->view()->clear(compute_->busy() ? tr("Computing...") : resultError_);
    }
    displayDock_->setShownRange(mapping.low(), mapping.high(), input_->tensor.dtype());
    displayDock_->setRangeNote(rangeNote());
    if (input_->tensor.rank() == 5 && result_) {
        const int depth = resultDepthFor(displayDock_->options().slice.depth);
        displayDock_->setResultDepth(depth, static_cast<int>(result_->output.dim(2)),
                                     outputCenterInSource(result_->resolved, 0, depth));
    }
    updateOriginalCaption();
    updateResultCaption();
    onHoverChanged();
    emit viewsUpdated();
}

void MainWindow::updateOriginalCaption() {
    if (!input_) {
        originalPane_->setCaption(QString());
        return;
    }
    QString extra = input_->displayName;
    if (input_->isImage()) extra += tr(" \u00b7 %1-bit picture, values as stored").arg(input_->bitDepth);
    if (input_->tensor.rank() == 5) extra += tr(" \u00b7 depth slice %1").arg(originalPlane().selection().depth);
    if (input_->tensor.rank() == 3) extra += tr(" \u00b7 (N, C, L): rows are channels");
    if (!input_->convertedFrom.isEmpty()) extra += tr(" \u00b7 converted from %1").arg(input_->convertedFrom);
    originalPane_->setCaption(shapeText(input_->tensor) + " " + dtypeText(input_->tensor), extra);
}

// The running computation's percentage and time left, in the status bar.
void MainWindow::onComputeProgress(quint64, double fraction, double secondsLeft) {
    showProgress(QString(), fraction, secondsLeft);
}

// "reading big.npy: 42% · about 3 s left" in the status bar's progress bar.
void MainWindow::showProgress(const QString& what, double fraction, double secondsLeft) {
    progress_->setRange(0, 1000);
    progress_->setValue(static_cast<int>(fraction * 1000));
    QString format = what + tr("%1%").arg(static_cast<int>(fraction * 100));
    if (secondsLeft >= 0 && fraction < 1)
        format += secondsLeft < 1.5 ? tr(" \u00b7 about 1 s left")
                                   : tr(" \u00b7 about %1 s left").arg(qRound(secondsLeft));
    progress_->setFormat(format);
    progress_->setToolTip(format);
    // Wide enough for its whole text on one line, whatever the status bar's other labels hold.
    const int textWidth = progress_->fontMetrics().horizontalAdvance(format) + 40;
    progress_->setMinimumWidth(std::min(textWidth, 560));
    progress_->setMaximumWidth(std::max(320, std::min(textWidth, 560)));
}

QString MainWindow::progressText() const { return progress_->format(); }

void MainWindow::updateResultCaption() {
    const bool busy = compute_->busy();
    if (result_ && !resultError_.isEmpty()) {  // a refused size: the last good result stays on show
        resultPane_->setCaption(resultError_, tr("showing the previous result %1").arg(shapeText(result_->output)),
                                true);
        return;
    }
    if (!result_) {
        if (!resultError_.isEmpty()) resultPane_->setCaption(QString(), resultError_, true);
        else resultPane_->setCaption(QString(), busy ? tr("computing...") : QString());
        return;
    }
    const ComputeOutcome& r = *result_;
    QString extra = qs(std::string(modeName(r.resolved.mode)));
    if (r.resolved.alignCorners) extra += ", align_corners";
    if (r.resolved.antialias) extra += ", antialias";
    if (r.resolved.recomputed) extra += ", scale recomputed";
    extra += tr(" \u00b7 %1 ms on %2").arg(QString::number(r.report.milliseconds, 'f', 2), qs(r.report.backend));
    if (input_ && input_->tensor.rank() == 5) extra += tr(" \u00b7 depth slice %1").arg(resultPlane().selection().depth);
    if (const auto range = displayRange(); range && range->constant) extra += " \u00b7 " + qs(range->note);
    if (busy) extra += tr(" \u00b7 updating...");
    else if (!(r.spec == specDock_->spec()))
        extra += tr(" \u00b7 computed for %1 (cancelled since; F5 recomputes)").arg(qs(toPythonCall(r.spec)));
    resultPane_->setCaption(shapeText(r.output) + " " + dtypeText(r.output), extra);
}

QString MainWindow::originalCaption() const { return originalPane_->caption(); }
QString MainWindow::resultCaption() const { return resultPane_->caption(); }
ImageView* MainWindow::originalView() const { return originalPane_->view(); }
ImageView* MainWindow::resultView() const { return resultPane_->view(); }
QString MainWindow::hoverText() const { return hoverLabel_->text(); }

void MainWindow::setHover(std::optional<QPointF> sourcePoint) { sync_->setHover(sourcePoint); }
upsample::Spec MainWindow::spec() const { return specDock_->spec(); }
uint64_t MainWindow::maxResultBytes() const { return settings_.maxResultBytes(); }
SliceSelection MainWindow::shownSlice() const { return displayDock_->options().slice; }

void MainWindow::onHoverChanged() {
    const auto h = sync_->hover();
    if (!h || !input_) {
        hoverLabel_->clear();
        return;
    }
    auto describe = [](const QString& name, const ImageView* v, QPointF s) {
        const auto pix = v->pixelAt(s);
        if (!pix) return QString();
        const PlaneView& p = v->plane();
        QStringList values;
        for (int k = 0; k < p.channels(); ++k) values << formatValue(p.value(pix->x(), pix->y(), k), p.dtype());
        const QString value = values.size() == 1 ? values[0] : "(" + values.join(", ") + ")";
        return QString("%1 %2 = %3").arg(name, p.indexText(pix->x(), pix->y()), value);
    };
    QStringList parts;
    parts << tr("at x %1, y %2 (original pixels)").arg(h->x(), 0, 'f', 2).arg(h->y(), 0, 'f', 2);
    const QString a = describe(tr("original"), originalPane_->view(), *h);
    const QString b = describe(tr("result"), resultPane_->view(), *h);
    if (!a.isEmpty()) parts << a;
    if (!b.isEmpty()) parts << b;
    hoverLabel_->setText(parts.join("   \u2502   "));
}

// ---- zoom ----

void MainWindow::zoomIn() { sync_->zoomBy(1.25); }
void MainWindow::zoomOut() { sync_->zoomBy(0.8); }
void MainWindow::actualSize() { sync_->actualSize(); }
void MainWindow::fitToWindow() {
    const QSize a = originalPane_->view()->size(), b = resultPane_->view()->size();
    sync_->fit(QSize(std::min(a.width(), b.width()), std::min(a.height(), b.height())));
}

}  // namespace studio
