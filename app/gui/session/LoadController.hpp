// Reads inputs (.npy tensors and pictures, through loadInput) off the GUI thread, as the
// ComputeController computes: every request gets a generation number and only the newest
// request's outcome is delivered, so a newer request supersedes an older one; cancel() and a
// newer request stop the running read through its cancellation token (between chunks of the
// file), and its outcome is never delivered. Progress (the fraction of the file read, with an
// estimate of the time left) arrives as progress().
#pragma once

#include "session/InputDocument.hpp"

#include "upsample/backend.hpp"

#include <QObject>
#include <QString>
#include <QThreadPool>

#include <cstdint>
#include <optional>

namespace studio {

struct LoadRequest {
    QString path;
    ArrayReading reading = ArrayReading::Auto;
    uint64_t maxBytes = uint64_t{4} << 30;
    QString displayName;           // what to call the input; empty: the file's name
    bool forgetOnFailure = false;  // a recent file: dropped from the list when it cannot be read
    bool toFloat32 = false;        // read a .npy of any dtype as float32 (loadInput's toFloat32)
    bool atStart = false;          // the last file, reopened at start: a failure shows in the bar, not a dialog
};

struct LoadOutcome {
    quint64 generation = 0;
    LoadRequest request;
    bool ok = false;
    InputDocument document;  // when ok
    QString error;           // otherwise: the reader's message, naming the file
    bool cancelled = false;  // stopped by its cancellation token (never delivered)
    // torch.from_numpy has no tensor type for the array's dtype (uint16, uint32, uint64): reading
    // it as float32 (toFloat32) works.
    bool dtypeRefused = false;
};

class LoadController : public QObject {
    Q_OBJECT
public:
    explicit LoadController(QObject* parent = nullptr);
    ~LoadController() override;

    // Starts a read, stopping the running one (whose outcome is dropped); returns its generation.
    quint64 request(LoadRequest r);
    // Stops the running read; nothing is delivered.
    void cancel();
    // The newest request is still being read.
    bool busy() const { return running_ > 0 && wanted_; }
    quint64 generation() const { return generation_; }
    // The file being read (empty when none).
    QString busyPath() const { return busy() ? current_.path : QString(); }
    // Runs the event loop until no read is left (tests, scripts, shutdown).
    void waitForIdle();

    // The read itself, synchronous (what the worker runs).
    static LoadOutcome load(const LoadRequest& r, quint64 generation, const LoadControl& control);

signals:
    void started(quint64 generation);
    void finished(const studio::LoadOutcome& outcome);  // ok or failed, newest request only
    void cancelled(quint64 generation);
    void busyChanged(bool busy);
    // The wanted read's fraction done and the seconds left (-1: no estimate yet).
    void progress(quint64 generation, double fraction, double secondsLeft);
    // A read stopped by its cancellation token before it finished (tests, diagnostics).
    void stopped(quint64 generation);

private:
    void onJobDone(const LoadOutcome& outcome);
    void updateBusy();

    QThreadPool pool_;
    quint64 generation_ = 0;
    int running_ = 0;      // reads started and not yet done (stale ones included)
    bool wanted_ = false;  // the newest request has not been delivered or cancelled
    bool lastBusy_ = false;
    LoadRequest current_;
    std::optional<upsample::CancelToken> token_;  // the newest read's
};

}  // namespace studio
