// Where two PyTorch versions (semantics.hpp) part for a call: errors, the taps and weights of each
// axis (float32 and float64), and the kernel each version takes. Read from the tables both
// versions build, so a line appears exactly where the values can differ.
#include "upsample/error.hpp"
#include "upsample/explain.hpp"
#include "upsample/taps.hpp"

#include <algorithm>
#include <cstdio>
#include <string>

namespace upsample {

namespace {
struct Outcome {
    std::optional<ResolvedSpec> resolved;
    std::string error;  // "ValueError: ..." where the version raises
};

Outcome resolveUnder(Spec spec, const Shape& shape, const Semantics& sem) {
    spec.torch = &sem;
    Outcome o;
    try {
        o.resolved = resolve(spec, shape);
    } catch (const SpecError& e) {
        o.error = std::string(pyErrorTypeName(e.pyType())) + ": " + e.what();
    } catch (const Error& e) {
        o.error = e.what();
    }
    return o;
}

std::string name(const Semantics& s) { return "PyTorch " + std::string(s.version); }

// The first output of an axis whose taps or weights differ between the two tables, or -1.
template <class T>
int64_t firstDifference(const AxisTable<T>& a, const AxisTable<T>& b, int64_t& count) {
    int64_t first = -1;
    count = 0;
    for (int64_t d = 0; d < a.out; ++d) {
        // An area table holds each window's start and count (taps is 1); the others up to `taps` taps.
        bool same = a.tapCount(d) == b.tapCount(d) && a.taps == b.taps;
        for (int j = 0; same && j < std::min(a.tapCount(d), a.taps); ++j)
            same = a.tapIndex(d, j) == b.tapIndex(d, j) && a.tapWeight(d, j) == b.tapWeight(d, j);
        if (same) continue;
        if (first < 0) first = d;
        ++count;
    }
    return first;
}

std::string why(const ResolvedSpec& a, const ResolvedSpec& b) {
    const Semantics& sa = *a.semantics;
    const Semantics& sb = *b.semantics;
    const ModeDescriptor& m = describe(a.mode);
    for (const ResolvedSpec* r : {&a, &b})
        if (antialiasRepeatsFirstRow(*r, 0))
            return name(*r->semantics) + " gives every output row the taps of row 0 when the output width is 1 (antialias)";
    if (a.channelsLastKernel != b.channelsLastKernel && m.sampling == Sampling::Gather)
        return "the channels-last kernel indexes nearest differently (d >> 1 at x2, a copy at x1)";
    if (a.antialias && m.filter == FilterKind::Cubic && sa.antialiasCubic != sb.antialiasCubic)
        return "the antialias cubic filter is evaluated in another form";
    if (sa.linearIndex != sb.linearIndex) {
        const auto inType = [](const Semantics& s) {
            return s.linearIndex == IndexPrecision::Opmath ? "the tensor's type" : "double";
        };
        return name(sa) + " computes the source coordinate in " + inType(sa) + ", " + name(sb) + " in " + inType(sb);
    }
    return "the tables differ";
}

template <class T>
void tableLines(const ResolvedSpec& a, const ResolvedSpec& b, const char* dtype, std::vector<std::string>& out) {
    for (int dim = 0; dim < a.spatialDims; ++dim) {
        if (a.outSize(dim) > (int64_t{1} << 20)) continue;  // the explainer reads shapes, not only small ones
        int64_t count = 0;
        const int64_t first = firstDifference(axisTable<T>(a, dim), axisTable<T>(b, dim), count);
        if (first < 0) continue;
        out.push_back(std::string(dtype) + ": spatial dim " + std::to_string(dim) + " has other taps or weights at " +
                      std::to_string(count) + " of " + std::to_string(a.outSize(dim)) + " outputs (first: output " +
                      std::to_string(first) + "): " + why(a, b));
    }
}
}  // namespace

std::vector<std::string> versionDifferences(const Spec& spec, const Shape& shape, const Semantics& other) {
    const Semantics& mine = spec.semantics();
    const Outcome a = resolveUnder(spec, shape, mine);
    const Outcome b = resolveUnder(spec, shape, other);
    std::vector<std::string> out;
    if (!a.resolved || !b.resolved) {
        if (a.error == b.error) return {name(mine) + " and " + name(other) + " raise the same error"};
        const auto says = [](const Outcome& o) { return o.resolved ? std::string("computes it") : "raises " + o.error; };
        out.push_back(name(mine) + " " + says(a) + "; " + name(other) + " " + says(b));
        return out;
    }
    if (a.resolved->outputShape != b.resolved->outputShape)
        out.push_back("the output shapes differ: " + formatShape(a.resolved->outputShape) + " (" + name(mine) +
                      ") and " + formatShape(b.resolved->outputShape) + " (" + name(other) + ")");
    else {
        tableLines<float>(*a.resolved, *b.resolved, "float32", out);
        tableLines<double>(*a.resolved, *b.resolved, "float64", out);
    }
    const KernelChoice ka = mine.kernelChoice(*a.resolved, 0);
    const KernelChoice kb = other.kernelChoice(*b.resolved, 0);
    if (ka.channelsLast != kb.channelsLast || ka.reason != kb.reason) {
        const auto kernel = [](const KernelChoice& k) {
            return std::string(k.channelsLast ? "the channels-last kernel" : "the generic kernel") + " (" + k.reason + ")";
        };
        if (ka.channelsLast != kb.channelsLast)
            out.push_back(name(mine) + " takes " + kernel(ka) + ", " + name(other) + " " + kernel(kb) +
                          (describe(spec.mode).sampling == Sampling::Taps ? ": sums in another order (float rounding)" : ""));
    }
    if (out.empty())
        out.push_back(name(mine) + " and " + name(other) + " give the same values for this call (same taps, weights and kernel)");
    return out;
}

}  // namespace upsample
