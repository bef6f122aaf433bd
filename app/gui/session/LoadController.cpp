#include "session/LoadController.hpp"

#include "session/WorkerProgress.hpp"

#include "upsample/error.hpp"

#include <QCoreApplication>
#include <QFileInfo>
#include <QMetaObject>

#include <exception>
#include <new>

namespace studio {

using namespace upsample;

LoadController::LoadController(QObject* parent) : QObject(parent) {
    pool_.setMaxThreadCount(1);
    pool_.setExpiryTimeout(-1);
}

LoadController::~LoadController() {
    // Queued completions to this object are dropped when it is deleted; stop the read and wait
    // so that no job is still posting to it.
    if (token_) token_->cancel();
    pool_.waitForDone();
}

LoadOutcome LoadController::load(const LoadRequest& r, quint64 generation, const LoadControl& control) {
    LoadOutcome o;
    o.generation = generation;
    o.request = r;
    try {
        o.document = loadInput(r.path, r.maxBytes, r.reading, control, r.toFloat32);
        if (!r.displayName.isEmpty()) o.document.displayName = r.displayName;
        o.ok = true;
    } catch (const CancelledError& e) {
        o.error = QString::fromStdString(e.what());
        o.cancelled = true;
    } catch (const SpecError& e) {
        o.error = QString("%1: %2").arg(QString::fromLatin1(pyErrorTypeName(e.pyType())), QString::fromStdString(e.what()));
        o.dtypeRefused = true;
    } catch (const std::bad_alloc&) {
        o.error = QString("out of memory while reading '%1'").arg(r.path);
    } catch (const std::exception& e) {
        o.error = QString::fromStdString(e.what());
    }
    // Every message names the file it is about.
    if (!o.ok && !o.cancelled && !o.error.contains(QFileInfo(r.path).fileName()))
        o.error = QString("'%1': %2").arg(r.path, o.error);
    return o;
}

quint64 LoadController::request(LoadRequest r) {
    const quint64 g = ++generation_;
    if (token_) token_->cancel();  // superseded: the old read stops, the new one starts sooner
    token_ = CancelToken();
    current_ = r;
    wanted_ = true;
    ++running_;
    emit started(g);
    updateBusy();
    LoadControl control;
    control.cancel = token_;
    pool_.start([this, r = std::move(r), g, control]() mutable {
        control.progress = workerProgress(this, [this, g](double fraction, double left) {
            if (g == generation_ && wanted_) emit progress(g, fraction, left);
        });
        LoadOutcome o = load(r, g, control);
        QMetaObject::invokeMethod(this, [this, o = std::move(o)] { onJobDone(o); }, Qt::QueuedConnection);
    });
    return g;
}

void LoadController::cancel() {
    if (!busy()) return;
    const quint64 g = generation_;
    ++generation_;  // whatever runs is now stale...
    if (token_) token_->cancel();  // ...and stops
    wanted_ = false;
    emit cancelled(g);
    updateBusy();
}

void LoadController::onJobDone(const LoadOutcome& outcome) {
    --running_;
    if (outcome.cancelled) {
        emit stopped(outcome.generation);
    } else if (outcome.generation == generation_ && wanted_) {
        wanted_ = false;
        token_.reset();
        updateBusy();
        emit finished(outcome);
        return;
    }
    updateBusy();
}

void LoadController::updateBusy() {
    const bool b = busy();
    if (b == lastBusy_) return;
    lastBusy_ = b;
    emit busyChanged(b);
}

void LoadController::waitForIdle() {
    while (running_ > 0) {
        pool_.waitForDone(20);
        QCoreApplication::processEvents(QEventLoop::AllEvents, 10);
    }
    QCoreApplication::processEvents();
}

}  // namespace studio
