#include "session/PinController.hpp"

#include "views/ImageView.hpp"
#include "session/StudioContext.hpp"

#include <algorithm>
#include <cmath>

namespace studio {

using namespace upsample;

PinController::PinController(StudioContext& studio) : QObject(studio.widget()), studio_(studio) {
    connect(studio.resultView(), &ImageView::clicked, this, [this](QPointF s) {
        if (const auto p = studio_.resultView()->pixelAt(s)) pin(*p);
    });
    for (ImageView* v : {studio.originalView(), studio.resultView()})
        connect(v, &ImageView::arrowPressed, this, &PinController::move);
}

void PinController::pin(QPoint resultPixel) {
    pixel_ = resultPixel;
    source_.reset();
    update();
}

void PinController::unpin() {
    if (!pixel_ && !pinned_) return;
    pixel_.reset();
    source_.reset();
    update();
}

void PinController::move(QPoint step) {
    if (!pixel_) return;
    pixel_ = *pixel_ + step;
    source_.reset();
    update();
}

void PinController::refresh() {
    // A pin belongs to one input; another file or sample drops it.
    const void* data = studio_.input() ? studio_.input()->tensor.raw() : nullptr;
    if (data != inputData_) {
        inputData_ = data;
        pixel_.reset();
        source_.reset();
    }
    update();
}

void PinController::rememberSource(const PlaneView& result) {
    const PlaneView& original = studio_.originalView()->plane();
    if (!original.valid() || result.width() <= 0 || result.height() <= 0) return;
    const double sx = static_cast<double>(original.width()) / result.width();
    const double sy = static_cast<double>(original.height()) / result.height();
    source_ = QPointF((pixel_->x() + 0.5) * sx, (pixel_->y() + 0.5) * sy);
    resultSize_ = QSize(result.width(), result.height());
}

void PinController::remap(const PlaneView& result) {
    const PlaneView& original = studio_.originalView()->plane();
    if (!original.valid() || original.width() <= 0 || original.height() <= 0) return;
    const double kx = static_cast<double>(result.width()) / original.width();
    const double ky = static_cast<double>(result.height()) / original.height();
    pixel_ = QPoint(static_cast<int>(std::floor(source_->x() * kx)), static_cast<int>(std::floor(source_->y() * ky)));
    resultSize_ = QSize(result.width(), result.height());  // the source point itself stays as it was
}

void PinController::update() {
    pinned_.reset();
    error_.clear();
    const auto& input = studio_.input();
    const auto& result = studio_.result();
    const PlaneView& plane = studio_.resultView()->plane();
    if (pixel_ && input && result && plane.valid() && plane.tensor().raw() == result->output.raw()) {
        if (source_ && resultSize_ != QSize(plane.width(), plane.height())) remap(plane);
        // Stay inside the result plane (the result may have shrunk, an arrow may point outside).
        pixel_ = QPoint(std::clamp(pixel_->x(), 0, plane.width() - 1), std::clamp(pixel_->y(), 0, plane.height() - 1));
        if (!source_) rememberSource(plane);
        PinnedPixel p;
        p.pixel = *pixel_;
        p.spec = result->resolved;
        p.input = input->tensor;
        p.output = result->output;
        p.batch = plane.selection().batch;
        switch (result->output.rank()) {
        case 3:  // (N, C, L): rows are channels
            p.outPos = {pixel_->x()};
            p.row = pixel_->y();
            break;
        case 5: p.outPos = {plane.selection().depth, pixel_->y(), pixel_->x()}; break;
        default: p.outPos = {pixel_->y(), pixel_->x()}; break;
        }
        try {
            p.inspection = inspectPixel(p.spec, p.input, p.output, p.batch, p.outPos);
            pinned_ = std::move(p);
        } catch (const std::exception& e) {
            error_ = QString::fromStdString(e.what());
        }
    }
    emit changed();
}

}  // namespace studio
