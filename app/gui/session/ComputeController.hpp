// Runs F.interpolate off the GUI thread. Every request gets a generation number; only the
// newest request's outcome is delivered, so a newer request supersedes an older one and
// cancel() simply makes the running one stale (the core has no stop hook: a cancelled job
// finishes in the background and its result is dropped). One job runs at a time; while it runs,
// only the newest waiting request is kept.
#pragma once

#include "upsample/backend.hpp"
#include "upsample/spec.hpp"
#include "upsample/tensor.hpp"

#include <QObject>
#include <QString>
#include <QThreadPool>

#include <cstdint>
#include <optional>

namespace studio {

struct ComputeRequest {
    upsample::Tensor input;
    upsample::Spec spec;
    upsample::RunOptions options;
};

struct ComputeOutcome {
    quint64 generation = 0;
    bool ok = false;
    upsample::Spec spec;
    upsample::ResolvedSpec resolved;  // when the spec resolved
    upsample::Tensor output;           // when ok
    upsample::RunReport report;        // when ok
    // On failure: the message (PyTorch's for a bad spec), its Python type ("ValueError") where
    // PyTorch raises, and for a refused size the bytes asked for and the limit.
    QString error;
    QString pythonError;
    bool tooLarge = false;
    uint64_t bytes = 0, limit = 0;
};

class ComputeController : public QObject {
    Q_OBJECT
public:
    explicit ComputeController(QObject* parent = nullptr);
    ~ComputeController() override;

    // Starts (or queues, replacing any queued one) a computation; returns its generation.
    quint64 request(ComputeRequest r);
    // Drops the running and the queued request; the last delivered result stays the last.
    void cancel();
    // A request that is still wanted is running or waiting.
    bool busy() const { return (running_ && runningGeneration_ == generation_) || pending_.has_value(); }
    quint64 generation() const { return generation_; }
    // Blocks until no job runs (tests, shutdown).
    void waitForIdle();

    // The computation itself, synchronous (what the worker runs).
    static ComputeOutcome compute(const ComputeRequest& r, quint64 generation);

signals:
    void started(quint64 generation);
    void finished(const studio::ComputeOutcome& outcome);  // ok or failed, newest request only
    void cancelled(quint64 generation);
    void busyChanged(bool busy);

private:
    void start(ComputeRequest r, quint64 generation);
    void onJobDone(const ComputeOutcome& outcome);
    void updateBusy();

    QThreadPool pool_;
    quint64 generation_ = 0;
    bool running_ = false;  // a job is on the worker thread (maybe a stale one)
    quint64 runningGeneration_ = 0;
    bool lastBusy_ = false;
    std::optional<std::pair<ComputeRequest, quint64>> pending_;
};

}  // namespace studio
