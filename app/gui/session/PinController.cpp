#include "session/PinController.hpp"

#include "views/ImageView.hpp"
#include "session/StudioContext.hpp"

#include <algorithm>

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
    update();
}

void PinController::unpin() {
    if (!pixel_ && !pinned_) return;
    pixel_.reset();
    update();
}

void PinController::move(QPoint step) {
    if (!pixel_) return;
    pixel_ = *pixel_ + step;
    update();
}

void PinController::refresh() {
    // A pin belongs to one input; another file or sample drops it.
    const void* data = studio_.input() ? studio_.input()->tensor.raw() : nullptr;
    if (data != inputData_) {
        inputData_ = data;
        pixel_.reset();
    }
    update();
}

void PinController::update() {
    pinned_.reset();
    error_.clear();
    const auto& input = studio_.input();
    const auto& result = studio_.result();
    const PlaneView& plane = studio_.resultView()->plane();
    if (pixel_ && input && result && plane.valid() && plane.tensor().raw() == result->output.raw()) {
        // Stay inside the result plane (the result may have shrunk, an arrow may point outside).
        pixel_ = QPoint(std::clamp(pixel_->x(), 0, plane.width() - 1), std::clamp(pixel_->y(), 0, plane.height() - 1));
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
