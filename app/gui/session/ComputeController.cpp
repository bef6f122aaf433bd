#include "session/ComputeController.hpp"

#include "session/WorkerProgress.hpp"

#include "upsample/error.hpp"

#include <QCoreApplication>
#include <QMetaObject>

#include <exception>
#include <new>

namespace studio {

using namespace upsample;

ComputeController::ComputeController(QObject* parent) : QObject(parent) {
    pool_.setMaxThreadCount(1);
    pool_.setExpiryTimeout(-1);
}

ComputeController::~ComputeController() {
    // Queued completions to this object are dropped when it is deleted; wait so that no job is
    // still posting to it.
    pending_.reset();
    pool_.waitForDone();
}

ComputeOutcome ComputeController::compute(const ComputeRequest& r, quint64 generation) {
    ComputeOutcome o;
    o.generation = generation;
    o.spec = r.spec;
    bool resolved = false;
    try {
        o.resolved = resolve(r.spec, r.input.shape());
        resolved = true;
        o.output = interpolate(r.input, o.resolved, r.options, &o.report);
        o.ok = true;
    } catch (const CancelledError& e) {
        o.error = QString::fromStdString(e.what());
        o.cancelled = true;
    } catch (const SpecError& e) {
        o.error = QString::fromStdString(e.what());
        o.pythonError = QString::fromLatin1(pyErrorTypeName(e.pyType()));
        o.dtypeRefused = resolved && dtypeRefusal(o.resolved, r.input.dtype()).has_value();
    } catch (const TooLargeError& e) {
        o.error = QString::fromStdString(e.what());
        o.tooLarge = true;
        o.bytes = e.bytes();
        o.limit = e.limit();
    } catch (const std::bad_alloc&) {
        o.error = QString("out of memory while computing an output of shape %1")
                      .arg(QString::fromStdString(formatShape(o.resolved.outputShape)));
    } catch (const std::exception& e) {
        o.error = QString::fromStdString(e.what());
        // A dtype the spec's PyTorch version computes and this program does not: Convert applies too.
        o.dtypeRefused = resolved && !dtypeComputed(o.resolved, r.input.dtype());
    }
    return o;
}

quint64 ComputeController::request(ComputeRequest r) {
    const quint64 g = ++generation_;
    if (running_) {
        if (runningToken_) runningToken_->cancel();  // superseded: stop it, the new one starts sooner
        pending_ = std::make_pair(std::move(r), g);
        updateBusy();
    } else {
        start(std::move(r), g);
    }
    return g;
}

void ComputeController::cancel() {
    if (!busy()) return;
    const quint64 g = generation_;
    ++generation_;  // whatever is running is now stale...
    if (runningToken_) runningToken_->cancel();  // ...and stops
    pending_.reset();
    emit cancelled(g);
    updateBusy();
}

void ComputeController::updateBusy() {
    const bool b = busy();
    if (b == lastBusy_) return;
    lastBusy_ = b;
    emit busyChanged(b);
}

void ComputeController::start(ComputeRequest r, quint64 generation) {
    running_ = true;
    runningGeneration_ = generation;
    emit started(generation);
    updateBusy();
    runningToken_ = CancelToken();
    r.options.cancel = runningToken_;
    pool_.start([this, r = std::move(r), generation]() mutable {
        r.options.progress = workerProgress(this, [this, generation](double fraction, double left) {
            if (generation == generation_) emit progress(generation, fraction, left);
        });
        ComputeOutcome o = compute(r, generation);
        QMetaObject::invokeMethod(this, [this, o = std::move(o)] { onJobDone(o); }, Qt::QueuedConnection);
    });
}

void ComputeController::onJobDone(const ComputeOutcome& outcome) {
    running_ = false;
    runningToken_.reset();
    if (outcome.cancelled) emit stopped(outcome.generation);
    else if (outcome.generation == generation_) emit finished(outcome);
    if (pending_) {
        auto [r, g] = std::move(*pending_);
        pending_.reset();
        start(std::move(r), g);
        return;
    }
    updateBusy();
}

void ComputeController::waitForIdle() {
    // Let queued completions run until no job is left, stale ones included.
    while (running_ || pending_) {
        pool_.waitForDone();
        QCoreApplication::processEvents(QEventLoop::AllEvents, 10);
    }
    QCoreApplication::processEvents();
}

}  // namespace studio
