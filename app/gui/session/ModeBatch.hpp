// One input under every mode PyTorch allows for its rank (align_corners off and on where the
// mode takes it), computed off the GUI thread one after another. The modes grid shows these
// results and the A/B compare picks from them. A newer request supersedes the running one.
#pragma once

#include "session/ComputeController.hpp"

#include <QObject>
#include <QString>
#include <QThreadPool>

#include <atomic>
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
    // Runs the event loop until every result has arrived.
    void waitForIdle();

signals:
    void updated();  // a result arrived, or the batch was restarted or cleared

private:
    void deliver(quint64 generation, std::size_t index, const ComputeOutcome& outcome);

    QThreadPool pool_;
    std::atomic<quint64> generation_{0};
    int pending_ = 0;
    upsample::Tensor input_;
    QString call_;
    std::vector<ModeVariant> variants_;
    std::vector<std::optional<ComputeOutcome>> outcomes_;
};

}  // namespace studio
