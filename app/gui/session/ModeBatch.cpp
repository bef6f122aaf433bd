#include "session/ModeBatch.hpp"

#include "session/MemoryBudget.hpp"

#include <QCoreApplication>
#include <QMetaObject>

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
    if (antialias) s += "+aa";
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
    auto add = [&](Mode m, const Semantics* torch) {
        const bool aa = antialias && modeAllowsAntialias(m);
        if (modeAllowsAlignCorners(m)) {
            v.push_back({m, false, aa, torch});
            v.push_back({m, true, aa, torch});
        } else {
            v.push_back({m, std::nullopt, aa, torch});
        }
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
    call_ = sharedCall(base);
    variants_ = modeVariants(input.rank() - 2, base.antialias, &base.semantics());
    outcomes_.assign(variants_.size(), std::nullopt);
    // Every variant is held at once: together they get the one result limit, checked before any
    // of them is computed (each one is also run under it).
    uint64_t needed = 0;
    const QString refusal = budgetRefusal(tr("The modes grid (and the A/B compare)"), base, input, variants_.size(),
                                          options.maxBytes, &needed);
    if (!refusal.isEmpty()) {
        for (std::size_t i = 0; i < variants_.size(); ++i) {
            ComputeOutcome o;
            o.spec = variants_[i].apply(base);
            o.error = refusal;
            o.tooLarge = true;
            o.bytes = needed;
            o.limit = options.maxBytes;
            outcomes_[i] = std::move(o);
        }
        emit updated();
        return;
    }
    pending_ += static_cast<int>(variants_.size());
    std::vector<ComputeRequest> requests;
    for (const ModeVariant& v : variants_) requests.push_back({input, v.apply(base), options});
    pool_.start([this, g, requests = std::move(requests)] {
        for (std::size_t i = 0; i < requests.size(); ++i) {
            // A superseded batch skips the computing but still reports, so pending_ balances.
            ComputeOutcome o = generation_ == g ? ComputeController::compute(requests[i], g) : ComputeOutcome{};
            QMetaObject::invokeMethod(this, [this, g, i, o = std::move(o)] { deliver(g, i, o); }, Qt::QueuedConnection);
        }
    });
    emit updated();
}

void ModeBatch::deliver(quint64 generation, std::size_t index, const ComputeOutcome& outcome) {
    --pending_;
    if (generation != generation_ || index >= outcomes_.size()) return;
    outcomes_[index] = outcome;
    emit updated();
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
