// One input under every mode PyTorch allows for its rank (align_corners off and on where the
// mode takes it), computed off the GUI thread one after another. The modes grid shows these
// results and the A/B compare picks from them. A newer request supersedes the running one.
// Memory: the batch stays within the studio's one result limit. When every variant at full size
// fits, it holds them all; otherwise it streams: each variant is computed at full size into one
// buffer at a time and kept as a preview (every k-th sample, upsample::everyNth; the previews
// together take a quarter of the limit), except the variants a viewer needs whole (keepFull: the
// A/B compare's A and B), which are computed again at full size when asked for.
#pragma once

#include "session/ComputeController.hpp"

#include <QObject>
#include <QString>
#include <QThreadPool>

#include <atomic>
#include <mutex>
#include <optional>
#include <vector>

namespace studio {

struct ModeVariant {
    upsample::Mode mode = upsample::Mode::Nearest;
    std::optional<bool> alignCorners;  // set (False or True) only where the mode allows it
    bool antialias = false;            // the base spec's antialias, where the mode allows it
    // Another PyTorch version than the base spec's (nullptr: the base spec's own).
    const upsample::Semantics* torch = nullptr;

    // "bilinear, align_corners=True" and a short key for the command line: "bilinear+ac"; with
    // another version "bicubic (PyTorch 1.13)" and "bicubic@1.13".
    QString label() const;
    QString key() const;
    // The base spec with this mode and these options.
    upsample::Spec apply(upsample::Spec base) const;
};

// Every mode the core allows for this many spatial dims (modesForSpatialDims), in its order,
// twice for the modes that take align_corners (modeAllowsAlignCorners); with otherVersions, then
// the interpolating modes again under each PyTorch version other than `base` (the A/B compare's
// "bicubic@1.13" against "bicubic").
std::vector<ModeVariant> modeVariants(int spatialDims, bool antialias = false,
                                      const upsample::Semantics* base = nullptr);

class ModeBatch : public QObject {
    Q_OBJECT
public:
    explicit ModeBatch(QObject* parent = nullptr);
    ~ModeBatch() override;

    // Computes every variant of `base` on `input` unless that is what the batch holds already.
    void request(const upsample::Tensor& input, const upsample::Spec& base, const upsample::RunOptions& options);
    bool holds(const upsample::Tensor& input, const upsample::Spec& base) const;
    void clear();

    const std::vector<ModeVariant>& variants() const { return variants_; }
    // Per variant, once computed (ok or failed).
    const std::vector<std::optional<ComputeOutcome>>& outcomes() const { return outcomes_; }
    int indexOfKey(const QString& key) const;  // -1 when no variant has this key (or label)
    bool busy() const { return pending_ > 0; }
    // Whether the variants are held as previews (their full outputs together are over the limit).
    bool streaming() const { return streaming_; }
    // 1 when variant i's outcome holds its whole output, k > 1 when it holds every k-th sample along
    // each spatial axis.
    int64_t previewStep(std::size_t i) const { return i < steps_.size() ? steps_[i] : 1; }
    // The variants a viewer needs whole (indices; -1 entries are ignored). While streaming, a
    // preview among them is computed again at full size and a whole output no longer needed becomes
    // a preview. Returns why they cannot all be held (over the limit, with the figures), else "".
    QString keepFull(const std::vector<int>& indices);
    // Runs the event loop until every result has arrived.
    void waitForIdle();

signals:
    void updated();  // a result arrived, or the batch was restarted or cleared

private:
    void deliver(quint64 generation, std::size_t index, ComputeOutcome outcome, int64_t step);
    bool planStreaming(const upsample::Spec& base, const upsample::RunOptions& options);
    void refuseAll(const upsample::Spec& base, const upsample::RunOptions& options, const QString& why,
                   uint64_t needed);
    void start(quint64 generation, std::vector<std::size_t> indices);
    bool wanted(std::size_t i) const;  // any thread
    // The preview of a whole output (on the thread that holds it).
    void reduce(ComputeOutcome& o, int64_t* step) const;

    QThreadPool pool_;
    std::atomic<quint64> generation_{0};
    int pending_ = 0;
    upsample::Tensor input_;
    upsample::Spec base_;
    upsample::RunOptions options_;
    QString call_;
    bool streaming_ = false;
    uint64_t previewBytes_ = 0;  // each variant's preview at most
    int fullSlots_ = 0;          // whole outputs kept at once besides the one being computed
    mutable std::mutex wantedMutex_;
    std::vector<std::size_t> wanted_;   // keepFull's indices (read by the worker)
    std::vector<bool> recomputing_;     // a whole-size computation of this variant is queued
    std::vector<int64_t> steps_;
    std::vector<ModeVariant> variants_;
    std::vector<std::optional<ComputeOutcome>> outcomes_;
};

}  // namespace studio
