#include "session/MemoryBudget.hpp"

#include "upsample/error.hpp"

#include <QObject>

#include <algorithm>
#include <limits>

namespace studio {

using namespace upsample;

std::optional<uint64_t> outputBytes(const Spec& spec, const Tensor& input, std::size_t minElementSize) {
    try {
        const ResolvedSpec r = resolve(spec, input.shape());
        const uint64_t n = static_cast<uint64_t>(shapeNumel(r.outputShape));
        const uint64_t size = std::max<uint64_t>(dtypeSize(input.dtype()), minElementSize);
        if (n > std::numeric_limits<uint64_t>::max() / size) return std::numeric_limits<uint64_t>::max();
        return n * size;
    } catch (const std::exception&) {
        return std::nullopt;
    }
}

QString budgetRefusal(const QString& what, const Spec& spec, const Tensor& input, uint64_t copies, uint64_t limit,
                      uint64_t* needed, std::size_t minElementSize) {
    const std::optional<uint64_t> one = outputBytes(spec, input, minElementSize);
    if (!one) return {};
    const uint64_t most = std::numeric_limits<uint64_t>::max();
    const uint64_t total = copies != 0 && *one > most / copies ? most : *one * copies;
    if (needed) *needed = total;
    if (total <= limit) return {};
    const QString each = QString::fromStdString(formatBytes(*one));
    return QObject::tr("%1 needs %2 results of %3 = %4, over the limit of %5 (Preferences > Maximum result size)")
        .arg(what)
        .arg(copies)
        .arg(each, QString::fromStdString(formatBytes(total)), QString::fromStdString(formatBytes(limit)));
}

}  // namespace studio
