// Runs F.interpolate off the GUI thread. Every request gets a generation number; only the
// newest request's outcome is delivered, so a newer request supersedes an older one. cancel()
// and a newer request stop the running job through its cancellation token (the core stops
// between rows or pieces and frees what it allocated); its outcome is never delivered. One job
// runs at a time; while it runs, only the newest waiting request is kept. The running job's
// progress arrives as progress() with an estimate of the time left.
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
    bool cancelled = false;  // stopped by its cancellation token (never delivered)
    // PyTorch refuses the input's dtype for this spec (e.g. int16, or uint8 with bilinear):
    // converting the input to float32 lets it run.
    bool dtypeRefused = false;
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
    // The wanted job's fraction done and the seconds left, estimated from the time so far (-1:
    // no estimate yet); at most ~30 a second.
    void progress(quint64 generation, double fraction, double secondsLeft);
    // A job stopped by its cancellation token before it finished (tests, diagnostics).
    void stopped(quint64 generation);

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
    std::optional<upsample::CancelToken> runningToken_;  // the running job's
};

}  // namespace studio
