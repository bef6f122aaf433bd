#include "upsample/inspect.hpp"

#include "upsample/coords.hpp"
#include "upsample/error.hpp"
#include "upsample/fixed_point.hpp"
#include "upsample/taps.hpp"

#include "cpu/reduced_float.hpp"
#include "cpu/tap_sum.hpp"
#include "plan/plan.hpp"

#include <cmath>
#include <cstdio>
#include <functional>

namespace upsample {

namespace {
std::string num(double v) {
    char buf[64];
    std::snprintf(buf, sizeof buf, "%.6g", v);
    return buf;
}

std::string scaleFormula(const ResolvedSpec& s, int dim, double scale) {
    const int64_t in = s.inSize(dim), out = s.outSize(dim);
    const auto& passed = s.scales[static_cast<std::size_t>(dim)];
    const ModeDescriptor& m = describe(s.mode);
    if (m.sampling == Sampling::Window)
        return std::string(m.name) + " ignores the scale: windows from in/out = " + std::to_string(in) + "/" + std::to_string(out);
    if (s.alignCorners && modeAllowsAlignCorners(s.mode))
        return out > 1 ? "(in-1)/(out-1) = " + std::to_string(in - 1) + "/" + std::to_string(out - 1) + " = " + num(scale)
                       : "0 (align_corners with out = 1)";
    if (passed && *passed > 0) return "1/scale_factor = 1/" + pyFloatRepr(*passed) + " = " + num(scale);
    std::string why = s.recomputed ? " (recompute_scale_factor: sizes, not the factor)" : "";
    return "in/out = " + std::to_string(in) + "/" + std::to_string(out) + " = " + num(scale) + why;
}

// The mode's formula (modes.hpp), then with the values, then its value.
std::string sourceFormula(const ResolvedSpec& s, int64_t d, double scale, double x) {
    const ModeDescriptor& m = describe(s.mode);
    if (m.sampling == Sampling::Window) return "window [" + std::string(m.formula) + ", " + std::string(m.windowEnd) + ")";
    const std::string ds = std::to_string(d), sc = num(scale);
    auto line = [&](const char* var, std::string_view f, double value) {
        return std::string(var) + " = " + std::string(f) + " = " + substituteFormula(f, {{"d", ds}, {"scale", sc}}) +
               " = " + num(value);
    };
    if (m.sampling == Sampling::Gather) return line("i", m.formula, x);
    if (s.antialias) return line("center", m.antialiasFormula, x);
    if (s.alignCorners) return line("x", m.alignedFormula, x);
    const double raw = (static_cast<double>(d) + 0.5) * scale - 0.5;
    std::string f = line("x", m.formula, raw);
    if (m.clampsAtZero && raw < 0) f += ", clamped to 0";
    return f;
}

template <class T>
AxisInspection inspectAxis(const ResolvedSpec& s, int dim, int64_t d, const std::string& name) {
    const AxisTable<T> t = axisTable<T>(s, dim);
    AxisInspection a;
    a.dim = dim;
    a.name = name;
    a.in = s.inSize(dim);
    a.out = s.outSize(dim);
    a.outIndex = d;
    // the scale in the tensor's precision, as the kernel rounds it
    const ModeDescriptor& m = describe(s.mode);
    const bool window = m.sampling == Sampling::Window;
    a.scale = window ? axisScale(s, dim)
                                   : static_cast<double>(coords::areaPixelComputeScale<T>(
                                         a.in, a.out, s.alignCorners && modeAllowsAlignCorners(s.mode),
                                         s.scales[static_cast<std::size_t>(dim)]));
    a.scaleFormula = scaleFormula(s, dim, a.scale);
    for (int j = 0; j < t.tapCount(d); ++j) {
        a.taps.push_back(window ? t.tapIndex(d, 0) + j : t.tapIndex(d, j));
        a.weights.push_back(window ? static_cast<double>(t.tapWeight(d, 0)) : static_cast<double>(t.tapWeight(d, j)));
    }
    if (m.sampling == Sampling::Gather) {
        a.source = static_cast<double>(a.taps[0]);
        a.note = "copies input " + std::to_string(a.taps[0]);
    } else if (window) {
        a.source = outputCenterInSource(s, dim, d);
        a.note = "window [" + std::to_string(a.taps.front()) + ", " + std::to_string(a.taps.back() + 1) + ") of " +
                 std::to_string(a.taps.size()) + " pixels, averaged";
    } else if (s.antialias) {
        const auto ax = coords::aaAxis<T>(a.in, a.out, s.alignCorners, s.scales[static_cast<std::size_t>(dim)],
                                          m.antialiasFilter->support);
        const auto win = coords::aaWindow<T>(ax, d, a.in);
        a.center = static_cast<double>(win.center);
        a.support = static_cast<double>(ax.support);
        a.source = *a.center;
        a.note = "antialias: support " + num(*a.support) + ", window [" + std::to_string(win.xmin) + ", " +
                 std::to_string(win.xmin + win.xsize) + "), " + m.antialiasFilter->in(*s.semantics).label() +
                 " filter, weights normalised to sum 1";
    } else if (m.filter == FilterKind::Cubic) {
        a.source = coords::cubicTapsFor<T>(s.semantics->linearIndex, static_cast<T>(a.scale), d, a.in, s.alignCorners).source;
        a.note = "cubic convolution, " + keysCubicSharpFilter().label() + ", taps clamped to [0, " +
                 std::to_string(a.in - 1) + "]";
        if (t.fusedSums) a.note += "; weights and sums contracted to fused multiply-adds, as PyTorch's compiled kernel";
    } else {
        const auto k = coords::linearTapsFor<T>(s.semantics->linearIndex, static_cast<T>(a.scale), d, a.in, a.out,
                                                s.alignCorners);
        a.source = k.source;
        if (a.in == a.out) a.note = "in == out: copied";
        if (k.pastEnd)
            a.note = "PyTorch " + std::string(s.semantics->version) + " reads input " + std::to_string(static_cast<int64_t>(k.source)) +
                     " here, past the last input " + std::to_string(a.in - 1) +
                     " (the float scale rounds up): an out-of-bounds read; clamped to input " +
                     std::to_string(a.in - 1) + " with weight 1, as newer PyTorch does";
    }
    a.sourceFormula = sourceFormula(s, d, a.scale, a.source);
    return a;
}

// The sum of one level's taps in the kernels' order (cpu/tap_sum.hpp), fused where the table is.
template <bool F, class T>
T tapSumAs(const std::vector<T>& x, const std::vector<T>& w) {
    if (x.size() == 1) return x[0] * w[0];
    T v = cpu::firstTwo<F>(x[0], w[0], x[1], w[1]);
    for (std::size_t j = 2; j < x.size(); ++j) v = cpu::nextTap<F>(v, x[j], w[j]);
    return v;
}
template <class T>
T tapSum(const std::vector<T>& x, const std::vector<T>& w, bool fused) {
    return fused ? tapSumAs<true>(x, w) : tapSumAs<false>(x, w);
}

// The value from the taps, in the kernels' order: nested sums, first spatial dim outermost (H-first
// antialias: W outermost), each level tapSum; area sums the window and divides per axis.
template <class T>
ChannelInspection evaluate(const ResolvedSpec& s, const std::vector<AxisTable<T>>& tables, const T* plane,
                           const std::vector<int64_t>& outPos) {
    const int dims = s.spatialDims;
    std::vector<int64_t> strides(static_cast<std::size_t>(dims), 1);
    for (int i = dims - 2; i >= 0; --i) strides[i] = strides[i + 1] * s.inSize(i + 1);
    ChannelInspection c;
    if (describe(s.mode).sampling == Sampling::Window) {
        T sum = 0;
        std::string terms;
        int count = 0;
        std::function<void(int, int64_t)> walk = [&](int dim, int64_t offset) {
            const auto& t = tables[dim];
            const int64_t d = outPos[dim];
            for (int j = 0; j < t.tapCount(d); ++j) {
                const int64_t off = offset + (t.tapIndex(d, 0) + j) * strides[dim];
                if (dim + 1 < dims) walk(dim + 1, off);
                else {
                    sum += plane[off];
                    if (count++ < 16) terms += (terms.empty() ? "" : " + ") + num(plane[off]);
                }
            }
        };
        walk(0, 0);
        T v = sum;
        std::string divisors;
        for (int dim = 0; dim < dims; ++dim) {
            const int k = tables[dim].tapCount(outPos[dim]);
            v = v / static_cast<T>(k);
            divisors += " / " + std::to_string(k);
        }
        c.recomputed = static_cast<double>(v);
        c.sum = "(" + terms + (count > 16 ? " + ..." : "") + ")" + divisors + " = " + num(c.recomputed);
        return c;
    }
    // nesting level k sums axis axisAt[k]: antialias in the H-first order (plan::antialiasHFirst)
    // sums the H window innermost
    std::vector<int> axisAt(static_cast<std::size_t>(dims));
    for (int k = 0; k < dims; ++k) axisAt[static_cast<std::size_t>(k)] = k;
    if (s.antialias && dims == 2 && plan::antialiasHFirst(plan::geometryOf(s), tables[0].taps, tables[1].taps))
        axisAt = {1, 0};
    std::function<T(int, int64_t, std::string&)> level = [&](int k, int64_t offset, std::string& text) -> T {
        const int dim = axisAt[static_cast<std::size_t>(k)];
        const auto& t = tables[dim];
        const int64_t d = outPos[dim];
        std::vector<T> xs, ws;
        text += k == 0 ? "" : "(";
        for (int j = 0; j < t.tapCount(d); ++j) {
            const int64_t off = offset + t.tapIndex(d, j) * strides[dim];
            std::string inner;
            T x;
            if (k + 1 < dims) x = level(k + 1, off, inner);
            else {
                x = plane[off];
                inner = num(x);
            }
            const T w = t.tapWeight(d, j);
            xs.push_back(x);
            ws.push_back(w);
            text += (j ? " + " : "") + num(w) + " * " + inner;
        }
        text += k == 0 ? "" : ")";
        return xs.empty() ? T{} : tapSum(xs, ws, t.fusedSums);
    };
    if (describe(s.mode).sampling == Sampling::Gather) {
        int64_t off = 0;
        std::string where;
        for (int dim = 0; dim < dims; ++dim) {
            off += tables[dim].tapIndex(outPos[dim], 0) * strides[dim];
            where += (dim ? ", " : "") + std::to_string(tables[dim].tapIndex(outPos[dim], 0));
        }
        c.recomputed = static_cast<double>(plane[off]);
        c.sum = "input[" + where + "] = " + num(c.recomputed);
        return c;
    }
    std::string text;
    c.recomputed = static_cast<double>(level(0, 0, text));
    c.sum = text + " = " + num(c.recomputed);
    return c;
}

template <class T>
PixelInspection inspectTyped(const ResolvedSpec& s, const Tensor& input, const Tensor& output, int64_t batch,
                             const std::vector<int64_t>& outPos,
                             const std::function<void(int, AxisTable<T>&)>& stored = {}) {
    PixelInspection p;
    p.batch = batch;
    p.outPos = outPos;
    const auto names = axisNames(s.spatialDims);
    std::vector<AxisTable<T>> tables;
    for (int dim = 0; dim < s.spatialDims; ++dim) {
        tables.push_back(axisTable<T>(s, dim));
        p.axes.push_back(inspectAxis<T>(s, dim, outPos[dim], names[dim]));
        if (!stored) continue;
        stored(dim, tables.back());  // the weights as the kernel keeps them
        const AxisTable<T>& t = tables.back();
        for (int j = 0; j < t.tapCount(outPos[dim]) && j < static_cast<int>(p.axes.back().weights.size()); ++j)
            p.axes.back().weights[static_cast<std::size_t>(j)] = static_cast<double>(t.tapWeight(outPos[dim], j));
    }
    const int64_t channels = s.inputShape[1];
    int64_t inPlane = 1, outPlane = 1, outOffset = 0;
    for (int dim = 0; dim < s.spatialDims; ++dim) {
        inPlane *= s.inSize(dim);
        outPlane *= s.outSize(dim);
        outOffset = outOffset * s.outSize(dim) + outPos[dim];
    }
    for (int64_t ch = 0; ch < channels; ++ch) {
        const T* plane = input.data<T>() + (batch * channels + ch) * inPlane;
        ChannelInspection c = evaluate<T>(s, tables, plane, outPos);
        c.channel = ch;
        c.value = output.at((batch * channels + ch) * outPlane + outOffset);
        p.channels.push_back(std::move(c));
    }
    return p;
}
// uint8 in fixed point (fixed_point.hpp): each axis's window, its double weights and the int16
// weights with p; per channel the two integer passes written out, W first.
std::string fixedSum(const fixedpoint::AxisFilter& f, int64_t d, const uint8_t* src, int64_t stride, uint8_t result) {
    std::string t = "(2^" + std::to_string(f.precision - 1);
    for (int64_t j = 0; j < f.count[static_cast<std::size_t>(d)]; ++j)
        t += " + " + std::to_string(f.fixedOf(d)[j]) + "*" + std::to_string(src[j * stride]);
    return t + ") >> " + std::to_string(f.precision) + " = " + std::to_string(result);
}

void describeFixedAxis(AxisInspection& a, const fixedpoint::AxisFilter& f, int64_t d, bool repeatFirst) {
    if (f.taps == 0) {
        a.taps = {d};
        a.weights = {1.0};
        a.note = "not resampled (in == out): copied";
        return;
    }
    const int64_t k = repeatFirst ? 0 : d;
    a.taps.clear();
    a.weights.clear();
    std::string fixed;
    for (int64_t j = 0; j < f.count[static_cast<std::size_t>(k)]; ++j) {
        a.taps.push_back(f.start[static_cast<std::size_t>(k)] + j);
        a.weights.push_back(f.weightsOf(k)[j]);
        fixed += (j ? ", " : "") + std::to_string(f.fixedOf(k)[j]);
    }
    a.note = "uint8 fixed point: p = " + std::to_string(f.precision) + ", int16 weights " + fixed +
             " (w * 2^" + std::to_string(f.precision) + " rounded half away from zero)";
    if (repeatFirst) a.note += "; with C > 4 and an output width of 1 PyTorch gives every row row 0's weights";
}

PixelInspection inspectFixedPoint(const ResolvedSpec& s, const Tensor& input, const Tensor& output, int64_t batch,
                                  const std::vector<int64_t>& outPos) {
    PixelInspection p;
    p.batch = batch;
    p.outPos = outPos;
    const fixedpoint::Filters f = fixedpoint::filtersOf(s);
    const bool repeat = fixedpoint::repeatsFirstRow(s);
    const auto names = axisNames(2);
    for (int dim = 0; dim < 2; ++dim) {
        p.axes.push_back(inspectAxis<double>(s, dim, outPos[static_cast<std::size_t>(dim)], names[static_cast<std::size_t>(dim)]));
        describeFixedAxis(p.axes.back(), dim == 0 ? f.h : f.w, outPos[static_cast<std::size_t>(dim)], dim == 0 && repeat);
    }
    const int64_t channels = s.inputShape[1], iH = s.inSize(0), iW = s.inSize(1), oH = s.outSize(0), oW = s.outSize(1);
    const int64_t y = outPos[0], x = outPos[1];
    for (int64_t ch = 0; ch < channels; ++ch) {
        const uint8_t* plane = input.data<uint8_t>() + (batch * channels + ch) * iH * iW;
        ChannelInspection c;
        c.channel = ch;
        c.value = output.at((batch * channels + ch) * oH * oW + y * oW + x);
        // the W pass of each input row the H window reads
        std::vector<int64_t> rows = p.axes[0].taps;
        std::vector<uint8_t> between;
        std::string text;
        for (int64_t r : rows) {
            const uint8_t* row = plane + r * iW;
            if (f.w.taps == 0) {
                between.push_back(row[x]);
                continue;
            }
            const uint8_t v = fixedpoint::resampleOne(f.w, x, row + f.w.start[static_cast<std::size_t>(x)], 1);
            between.push_back(v);
            text += "W, row " + std::to_string(r) + ": " + fixedSum(f.w, x, row + f.w.start[static_cast<std::size_t>(x)], 1, v) + "; ";
        }
        uint8_t result = between.front();
        if (f.h.taps == 0 && !text.empty()) text.resize(text.size() - 2);  // the W pass alone
        if (f.h.taps != 0) {
            const int64_t k = repeat ? 0 : y;
            result = fixedpoint::resampleOne(f.h, k, between.data(), 1);
            text += "H: " + fixedSum(f.h, k, between.data(), 1, result);
        }
        c.recomputed = result;
        c.sum = text.empty() ? "input[" + std::to_string(y) + ", " + std::to_string(x) + "] = " + std::to_string(result) : text;
        p.channels.push_back(std::move(c));
    }
    return p;
}
}  // namespace

std::vector<std::string> axisNames(int spatialDims) {
    if (spatialDims == 1) return {"W"};
    if (spatialDims == 2) return {"H", "W"};
    return {"D", "H", "W"};
}

double axisScale(const ResolvedSpec& s, int dim) {
    const int64_t in = s.inSize(dim), out = s.outSize(dim);
    if (describe(s.mode).sampling == Sampling::Window) return static_cast<double>(in) / static_cast<double>(out);
    const bool ac = s.alignCorners && modeAllowsAlignCorners(s.mode);
    return coords::areaPixelComputeScale<double>(in, out, ac, s.scales[static_cast<std::size_t>(dim)]);
}

double outputCenterInSource(const ResolvedSpec& s, int dim, int64_t d) {
    const double scale = axisScale(s, dim);
    if (s.alignCorners && modeAllowsAlignCorners(s.mode)) return static_cast<double>(d) * scale;
    return (static_cast<double>(d) + 0.5) * scale - 0.5;
}

int64_t outputIndexNearestSource(const ResolvedSpec& s, int dim, double source) {
    int64_t best = 0;
    double bestDist = INFINITY;
    for (int64_t d = 0; d < s.outSize(dim); ++d) {
        const double dist = std::fabs(outputCenterInSource(s, dim, d) - source);
        if (dist < bestDist) {
            bestDist = dist;
            best = d;
        }
    }
    return best;
}

// float16 and bfloat16: the float sum with the weights as PyTorch's kernel keeps them (its generic
// linear-family and bicubic kernel stores them in the dtype: rounded), then the rounding of the sum
// to the dtype, written out after it.
PixelInspection inspectReduced(const ResolvedSpec& s, const Tensor& input, const Tensor& output, int64_t batch,
                               const std::vector<int64_t>& outPos) {
    plan::Plan<float> kept = plan::makePlan<float>(s);
    cpu::roundWeightsAsReduced(s, kept, input.dtype());
    const bool rounded = s.mode != Mode::Nearest && s.mode != Mode::NearestExact && !s.channelsLastKernel &&
                         !s.antialias && describe(s.mode).sampling == Sampling::Taps;
    const auto stored = [&](int dim, AxisTable<float>& t) {
        const AxisTable<float>& k = kept.tables[static_cast<std::size_t>(3 - s.spatialDims + dim)];
        if (rounded && k.weight.size() == t.weight.size()) t.weight = k.weight;
    };
    PixelInspection p = inspectTyped<float>(s, input.to(DType::Float32), output, batch, outPos, stored);
    const std::string name(dtypeName(input.dtype()));
    for (AxisInspection& a : p.axes)
        if (rounded) a.note += std::string(a.note.empty() ? "" : "; ") + "weights stored in " + name + " (rounded)";
    for (ChannelInspection& c : p.channels) {
        Tensor one(Shape{1}, DType::Float32);
        one.data<float>()[0] = static_cast<float>(c.recomputed);
        const double r = one.to(input.dtype()).at(0);
        c.sum += ", rounded to " + name + " (nearest, ties to even): " + num(r);
    }
    return p;
}

PixelInspection inspectPixel(const ResolvedSpec& spec, const Tensor& input, const Tensor& output, int64_t batch,
                             const std::vector<int64_t>& outPos) {
    if (static_cast<int>(outPos.size()) != spec.spatialDims)
        throw Error(ErrorKind::Usage, "inspectPixel: expected " + std::to_string(spec.spatialDims) + " coordinates");
    if (batch < 0 || batch >= spec.inputShape[0]) throw Error(ErrorKind::Usage, "inspectPixel: batch out of range");
    for (int dim = 0; dim < spec.spatialDims; ++dim)
        if (outPos[dim] < 0 || outPos[dim] >= spec.outSize(dim))
            throw Error(ErrorKind::Usage, "inspectPixel: output position out of range");
    if (input.shape() != spec.inputShape || output.shape() != spec.outputShape)
        throw Error(ErrorKind::Usage, "inspectPixel: tensors do not match the spec");
    PixelInspection p;
    if (input.dtype() == DType::UInt8 && fixedpoint::takesFixedPoint(spec))
        p = inspectFixedPoint(spec, input, output, batch, outPos);
    else if (input.dtype() == DType::Float64)
        p = inspectTyped<double>(spec, input, output, batch, outPos);
    else if (input.dtype() == DType::Float32)
        p = inspectTyped<float>(spec, input, output, batch, outPos);
    else if (input.dtype() == DType::Float16 || input.dtype() == DType::BFloat16)
        p = inspectReduced(spec, input, output, batch, outPos);
    else  // uint8 nearest (a copy)
        p = inspectTyped<float>(spec, input.to(DType::Float32), output, batch, outPos);
    const KernelChoice k = spec.semantics->kernelChoice(spec, 0);
    p.kernel = "PyTorch " + std::string(spec.semantics->version) + " takes its " +
               (k.channelsLast ? "channels-last kernel" : "generic kernel") + " here: " + k.reason;
    if (k.channelsLast && describe(spec.mode).sampling == Sampling::Taps)
        p.kernel += " (it sums the taps in another order: the last bits can differ)";
    return p;
}

}  // namespace upsample
