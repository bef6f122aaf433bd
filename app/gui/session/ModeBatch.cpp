#include "session/ModeBatch.hpp"

#include "session/MemoryBudget.hpp"

#include "upsample/preview.hpp"

#include <QCoreApplication>
#include <QMetaObject>

#include <algorithm>

namespace studio {

using namespace upsample;

QString ModeVariant::label() const {
    QString s = QString::fromStdString(std::string(modeName(mode)));
    if (alignCorners) s += *alignCorners ? ", align_corners=True" : ", align_corners=False";
    if (antialias) s += ", antialias=True";
    if (torch) s += QString(" (PyTorch %1)").arg(QString::fromStdString(std::string(torch->version)));
    return s;
}

QString ModeVariant::key() const {
    QString s = QString::fromStdString(std::string(modeName(mode)));
    if (alignCorners && *alignCorners) s += "+ac";
    if (antialias && !modeRequiresAntialias(mode)) s += "+aa";  // lanczos: always, so just "lanczos"
    if (torch) s += "@" + QString::fromStdString(std::string(torch->version));
    return s;
}

Spec ModeVariant::apply(Spec base) const {
    base.mode = mode;
    base.alignCorners = alignCorners;
    base.antialias = antialias;
    if (torch) base.torch = torch;
    return base;
}

std::vector<ModeVariant> modeVariants(int spatialDims, bool antialias, const Semantics* base) {
    std::vector<ModeVariant> v;
    // the mode's option variants (core: optionVariants) with antialias as asked where it has a choice
    auto add = [&](Mode m, const Semantics* torch) {
        if (torch && !versionHasMode(*torch, m)) return;
        const bool aa = modeRequiresAntialias(m) || (antialias && modeAllowsAntialias(m));
        for (const OptionVariant& o : optionVariants(m))
            if (o.antialias == aa) v.push_back({m, o.alignCorners, aa, torch});
    };
    for (Mode m : modesForSpatialDims(spatialDims)) add(m, nullptr);
    if (!base) return v;
    for (const Semantics* other : allSemantics()) {
        if (other == base) continue;
        for (Mode m : modesForSpatialDims(spatialDims))
            if (describe(m).sampling == Sampling::Taps) add(m, other);
    }
    return v;
}

ModeBatch::ModeBatch(QObject* parent) : QObject(parent) {
    pool_.setMaxThreadCount(1);
    pool_.setExpiryTimeout(-1);
}

ModeBatch::~ModeBatch() {
    ++generation_;  // the running job stops after its current variant
    pool_.waitForDone();
}

namespace {
// What the variants share: the call with the mode and align_corners left out.
QString sharedCall(const Spec& base) {
    return QString::fromStdString(toPythonCall(ModeVariant{}.apply(base))) + (base.antialias ? " antialias" : "") + " @" +
           QString::fromStdString(std::string(base.semantics().version));
}
}  // namespace

bool ModeBatch::holds(const Tensor& input, const Spec& base) const {
    return !variants_.empty() && input.raw() == input_.raw() && sharedCall(base) == call_;
}

void ModeBatch::clear() {
    ++generation_;
    input_ = Tensor();
    call_.clear();
    variants_.clear();
    outcomes_.clear();
    emit updated();
}

void ModeBatch::request(const Tensor& input, const Spec& base, const RunOptions& options) {
    if (holds(input, base)) return;
    const quint64 g = ++generation_;
    input_ = input;
    base_ = base;
    options_ = options;
    call_ = sharedCall(base);
    variants_ = modeVariants(input.rank() - 2, base.antialias, &base.semantics());
    outcomes_.assign(variants_.size(), std::nullopt);
    steps_.assign(variants_.size(), 1);
    recomputing_.assign(variants_.size(), false);
    {
        std::lock_guard lock(wantedMutex_);
        wanted_.clear();
    }
    if (!planStreaming(base, options)) return;
    std::vector<std::size_t> all(variants_.size());
    for (std::size_t i = 0; i < all.size(); ++i) all[i] = i;
    start(g, std::move(all));
    emit updated();
}

// Whole, streamed or refused: false when refused (every outcome then says why, with the figures).
bool ModeBatch::planStreaming(const Spec& base, const RunOptions& options) {
    streaming_ = false;
    uint64_t needed = 0;
    const QString whole = budgetRefusal(tr("The modes grid (and the A/B compare)"), base, input_, variants_.size(),
                                        options.maxBytes, &needed);
    if (whole.isEmpty()) return true;
    const uint64_t each = outputBytes(base, input_).value_or(0);
    const uint64_t previews = options.maxBytes / 4;
    if (each > options.maxBytes - previews) {
        refuseAll(base, options,
                  tr("The modes grid (and the A/B compare) computes one result of %1 at a time beside its previews "
                     "(a quarter of the limit), over the limit of %2 (Preferences > Maximum result size)")
                      .arg(QString::fromStdString(formatBytes(each)),
                           QString::fromStdString(formatBytes(options.maxBytes))),
                  each);
        return false;
    }
    streaming_ = true;
    previewBytes_ = previews / variants_.size();
    fullSlots_ = static_cast<int>((options.maxBytes - previews) / each) - 1;
    return true;
}

void ModeBatch::refuseAll(const Spec& base, const RunOptions& options, const QString& why, uint64_t needed) {
    for (std::size_t i = 0; i < variants_.size(); ++i) {
        ComputeOutcome o;
        o.spec = variants_[i].apply(base);
        o.error = why;
        o.tooLarge = true;
        o.bytes = needed;
        o.limit = options.maxBytes;
        outcomes_[i] = std::move(o);
    }
    emit updated();
}

bool ModeBatch::wanted(std::size_t i) const {
    std::lock_guard lock(wantedMutex_);
    return std::find(wanted_.begin(), wanted_.end(), i) != wanted_.end();
}

void ModeBatch::reduce(ComputeOutcome& o, int64_t* step) const {
    if (!o.ok || o.output.rank() < 3) return;
    const int64_t k = upsample::previewStep(o.output.shape(), dtypeSize(o.output.dtype()), previewBytes_);
    if (k <= 1) return;
    o.output = upsample::everyNth(o.output, k);
    *step = k;
}

// Computes the variants `indices` one after another on the batch's thread; while streaming, each
// whole output not wanted whole is reduced to its preview there, before the next one is computed.
void ModeBatch::start(quint64 g, std::vector<std::size_t> indices) {
    pending_ += static_cast<int>(indices.size());
    std::vector<ComputeRequest> requests;
    for (std::size_t i : indices) requests.push_back({input_, variants_[i].apply(base_), options_});
    pool_.start([this, g, indices = std::move(indices), requests = std::move(requests), stream = streaming_] {
        for (std::size_t k = 0; k < requests.size(); ++k) {
            const std::size_t i = indices[k];
            // A superseded batch skips the computing but still reports, so pending_ balances.
            ComputeOutcome o = generation_ == g ? ComputeController::compute(requests[k], g) : ComputeOutcome{};
            int64_t step = 1;
            if (stream && !wanted(i)) reduce(o, &step);
            QMetaObject::invokeMethod(
                this, [this, g, i, step, o = std::move(o)]() mutable { deliver(g, i, std::move(o), step); },
                Qt::QueuedConnection);
        }
    });
}

void ModeBatch::deliver(quint64 generation, std::size_t index, ComputeOutcome outcome, int64_t step) {
    --pending_;
    if (generation != generation_ || index >= outcomes_.size()) return;
    recomputing_[index] = false;
    if (streaming_ && step == 1 && !wanted(index)) reduce(outcome, &step);  // no longer wanted whole
    outcomes_[index] = std::move(outcome);
    steps_[index] = step;
    if (streaming_ && step > 1 && wanted(index)) {  // asked for whole while its preview was made
        recomputing_[index] = true;
        start(generation_, {index});
    }
    emit updated();
}

QString ModeBatch::keepFull(const std::vector<int>& indices) {
    if (!streaming_) return {};
    std::vector<std::size_t> want;
    for (int i : indices)
        if (i >= 0 && static_cast<std::size_t>(i) < variants_.size() &&
            std::find(want.begin(), want.end(), static_cast<std::size_t>(i)) == want.end())
            want.push_back(static_cast<std::size_t>(i));
    if (static_cast<int>(want.size()) > fullSlots_) {
        const uint64_t each = outputBytes(base_, input_).value_or(0);
        return tr("%1 whole results of %2 (and one being computed) beside the modes grid's previews (a quarter of the "
                  "limit) are over the limit of %3 (Preferences > Maximum result size)")
            .arg(want.size())
            .arg(QString::fromStdString(formatBytes(each)), QString::fromStdString(formatBytes(options_.maxBytes)));
    }
    {
        std::lock_guard lock(wantedMutex_);
        wanted_ = want;
    }
    bool changed = false;
    std::vector<std::size_t> again;
    for (std::size_t i = 0; i < outcomes_.size(); ++i) {
        if (!outcomes_[i] || !outcomes_[i]->ok) continue;
        const bool whole = steps_[i] == 1;
        if (whole && !wanted(i)) {
            reduce(*outcomes_[i], &steps_[i]);
            changed = true;
        } else if (!whole && wanted(i) && !recomputing_[i]) {
            recomputing_[i] = true;
            again.push_back(i);
        }
    }
    if (!again.empty()) start(generation_, std::move(again));
    if (changed || !again.empty()) emit updated();
    return {};
}

int ModeBatch::indexOfKey(const QString& key) const {
    for (std::size_t i = 0; i < variants_.size(); ++i)
        if (variants_[i].key() == key || variants_[i].label() == key) return static_cast<int>(i);
    return -1;
}

void ModeBatch::waitForIdle() {
    while (pending_ > 0) {
        pool_.waitForDone(20);
        QCoreApplication::processEvents(QEventLoop::AllEvents, 10);
    }
}

}  // namespace studio
