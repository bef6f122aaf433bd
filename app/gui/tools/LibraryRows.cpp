#include "tools/LibraryRows.hpp"

#include "session/MemoryBudget.hpp"

#include "upsample/preview.hpp"

#include <QObject>

#include <algorithm>
#include <limits>

namespace studio {

using namespace upsample;

namespace {
// Held whole: every library's output (PyTorch's included), the others' differences, and the
// float32 copy an image library's output is compared through.
constexpr uint64_t kWholeCopies = 2 * kAllLibraries.size();
// Held while streaming, beside the previews: PyTorch's output, one library's, its float32 copy
// and its difference.
constexpr uint64_t kStreamCopies = 4;
// The previews share a quarter of the limit: the other libraries' outputs and their differences.
constexpr uint64_t kPreviews = 2 * (kAllLibraries.size() - 1);

QString bytesText(uint64_t n) { return QString::fromStdString(formatBytes(n)); }

struct Superseded {};
}  // namespace

LibraryPlan planLibraries(const Spec& spec, const Tensor& input, uint64_t limit) {
    LibraryPlan plan;
    uint64_t needed = 0;
    const QString whole = budgetRefusal(QObject::tr("The Libraries window"), spec, input, kWholeCopies, limit, &needed,
                                        sizeof(float));
    if (whole.isEmpty()) return plan;
    const uint64_t each = outputBytes(spec, input, sizeof(float)).value_or(0);
    const uint64_t previews = limit / 4;
    if (each > (limit - previews) / kStreamCopies) {
        const uint64_t most = std::numeric_limits<uint64_t>::max();
        const uint64_t stream = each > most / kStreamCopies ? most : each * kStreamCopies;
        plan.refusal = QObject::tr("The Libraries window computes one library at a time beside PyTorch's output: %1 "
                                   "results of %2 = %3 (PyTorch's, the library's, its float32 copy and its difference) "
                                   "beside its previews (a quarter of the limit), over the limit of %4 (Preferences > "
                                   "Maximum result size)")
                           .arg(kStreamCopies)
                           .arg(bytesText(each), bytesText(stream), bytesText(limit));
        return plan;
    }
    plan.previewBytes = std::max<uint64_t>(previews / kPreviews, 1);
    plan.streaming = QObject::tr("Previews: every library's output and difference together would need %1 results of "
                                 "%2 = %3, over the limit of %4 (Preferences > Maximum result size), so each library "
                                 "was computed one at a time and measured against PyTorch's whole output (the figures "
                                 "are the whole outputs'); a tile marked \u201cpreview 1:k\u201d holds every k-th sample "
                                 "along each axis, and the probe gives a library's value only at those samples.")
                         .arg(kWholeCopies)
                         .arg(bytesText(each), bytesText(needed), bytesText(limit));
    return plan;
}

std::vector<LibraryRow> computeLibraryRows(const Tensor& input, int bitDepth, const Spec& spec, uint64_t previewBytes,
                                           const std::function<bool()>& superseded) {
    std::vector<LibraryRow> rows;
    const PsnrPeak peak = psnrPeak(input, bitDepth);
    std::optional<Tensor> reference;  // PyTorch's output, whole
    try {
        closestCallsEach(spec, input, [&](LibraryCall&& c) {
            if (superseded()) throw Superseded{};
            LibraryRow row;
            if (!reference) reference = c.output;  // PyTorch's, first
            const bool measured = c.library != Library::PyTorch && reference && c.output &&
                                  c.output->shape() == reference->shape();
            // The same step for the output and its difference (float32, or float64 for float64).
            const bool whole = previewBytes == 0 || !c.output || c.library == Library::PyTorch || c.output->rank() < 3;
            const int64_t step =
                whole ? 1
                      : previewStep(c.output->shape(), std::max(dtypeSize(c.output->dtype()), sizeof(float)), previewBytes);
            if (measured) {
                row.stats = diffStats(*c.output, *reference, peak);
                row.difference = signedDifference(*c.output, *reference);
                if (step > 1) row.difference = everyNth(*row.difference, step);  // before the installed cv2 runs
                row.real = measureInstalled(c, input, *reference);
            }
            if (step > 1) c.output = everyNth(*c.output, step);
            row.step = step;
            row.call = std::move(c);
            rows.push_back(std::move(row));
        });
    } catch (const Superseded&) {
        rows.clear();
    }
    return rows;
}

}  // namespace studio
