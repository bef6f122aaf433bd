// The progress callback of a job on a worker thread (ComputeController, LoadController): the
// fraction done and the seconds left, estimated from the time since the callback was made (-1
// until 50 ms have passed), handed to `deliver` on the receiver's thread.
#pragma once

#include <QElapsedTimer>
#include <QMetaObject>
#include <QObject>

#include <functional>
#include <memory>

namespace studio {

inline std::function<void(double)> workerProgress(QObject* receiver, std::function<void(double, double)> deliver) {
    auto clock = std::make_shared<QElapsedTimer>();
    clock->start();
    return [receiver, clock, deliver = std::move(deliver)](double fraction) {
        const double seconds = static_cast<double>(clock->elapsed()) / 1000.0;
        const double left = fraction > 0 && seconds > 0.05 ? seconds * (1 - fraction) / fraction : -1;
        QMetaObject::invokeMethod(receiver, [deliver, fraction, left] { deliver(fraction, left); }, Qt::QueuedConnection);
    };
}

}  // namespace studio
