#include "upsample/analysis.hpp"

#include "upsample/error.hpp"
#include "upsample/inspect.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <sstream>

namespace upsample {

namespace {
void checkSameShape(const Tensor& a, const Tensor& b) {
    if (a.shape() != b.shape())
        throw Error(ErrorKind::Usage, "cannot compare tensors of different shapes: " + formatShape(a.shape()) + " and " +
                                          formatShape(b.shape()));
}

bool sameValue(double x, double y) { return x == y || (std::isnan(x) && std::isnan(y)); }

// Calls f(get), get(i) reading element i of t (from `offset`) as a double: one instantiation per
// common dtype, so the loops over millions of elements (the A/B compare's statistics, on the
// studio's GUI thread) read typed memory instead of calling Tensor::at, a switch per element.
template <class F>
decltype(auto) withReader(const Tensor& t, F&& f, int64_t offset = 0) {
    switch (t.dtype()) {
    case DType::Float32: {
        const float* p = t.data<float>() + offset;
        return f([p](int64_t i) { return static_cast<double>(p[i]); });
    }
    case DType::Float64: {
        const double* p = t.data<double>() + offset;
        return f([p](int64_t i) { return p[i]; });
    }
    case DType::UInt8: {
        const uint8_t* p = t.data<uint8_t>() + offset;
        return f([p](int64_t i) { return static_cast<double>(p[i]); });
    }
    default:
        return f([&t, offset](int64_t i) { return t.at(offset + i); });
    }
}
}  // namespace

Tensor signedDifference(const Tensor& a, const Tensor& b) {
    checkSameShape(a, b);
    Tensor d(a.shape(), a.dtype() == DType::Float64 ? DType::Float64 : DType::Float32);
    withReader(a, [&](auto ga) {
        withReader(b, [&](auto gb) {
            if (d.dtype() == DType::Float64) {
                double* out = d.data<double>();
                for (int64_t i = 0; i < a.numel(); ++i) out[i] = ga(i) - gb(i);
            } else {
                float* out = d.data<float>();
                for (int64_t i = 0; i < a.numel(); ++i) out[i] = static_cast<float>(ga(i) - gb(i));
            }
        });
    });
    return d;
}

DiffStats diffStats(const Tensor& a, const Tensor& b, std::optional<double> peak) {
    checkSameShape(a, b);
    DiffStats s;
    s.count = a.numel();
    double sumAbs = 0, sumSq = 0, lo = INFINITY, hi = -INFINITY;
    int64_t finite = 0;
    withReader(a, [&](auto ga) { withReader(b, [&](auto gb) {
    for (int64_t i = 0; i < s.count; ++i) {
        const double x = ga(i), y = gb(i);
        if (std::isfinite(y)) {
            lo = std::min(lo, y);
            hi = std::max(hi, y);
        }
        if (!sameValue(x, y)) ++s.differing;
        if (!std::isfinite(x) || !std::isfinite(y)) {
            if (!sameValue(x, y)) ++s.nonFiniteMismatch;
            continue;
        }
        const double e = std::fabs(x - y);
        if (e > s.maxAbs || s.argMaxAbs < 0) {
            s.argMaxAbs = i;
            s.maxAbs = e;
        }
        sumAbs += e;
        sumSq += e * e;
        ++finite;
    }
    }); });
    s.meanAbs = finite ? sumAbs / static_cast<double>(finite) : 0;
    s.rmse = finite ? std::sqrt(sumSq / static_cast<double>(finite)) : 0;
    s.peak = peak ? *peak : (hi > lo ? hi - lo : 1.0);
    s.psnr = s.rmse == 0 ? INFINITY : 20.0 * std::log10(s.peak) - 20.0 * std::log10(s.rmse);
    return s;
}

DiffStats diffStats(const Tensor& a, const Tensor& b, const PsnrPeak& peak) {
    DiffStats s = diffStats(a, b, peak.value);
    s.peakRule = peak.rule;
    return s;
}

PsnrPeak psnrPeak(const Tensor& input, int bitDepth) {
    if (bitDepth == 8 || bitDepth == 16)
        return {bitDepth == 8 ? 255.0 : 65535.0, "the " + std::to_string(bitDepth) + "-bit input's maximum"};
    if (input.dtype() == DType::UInt8) return {255.0, "uint8's maximum"};
    const ValueStats v = tensorStats(input);  // min and max of the finite values (NaN when none)
    if (v.max > v.min) return {v.max - v.min, "the input's range, max − min"};
    return {1.0, "1: the input is constant"};
}

LineProfile lineProfile(const ResolvedSpec& spec, const Tensor& input, const Tensor& output, int64_t batch,
                        const std::vector<int64_t>& outPos, int dim, int64_t maxChannels) {
    const int dims = spec.spatialDims;
    if (static_cast<int>(outPos.size()) != dims || dim < 0 || dim >= dims)
        throw Error(ErrorKind::Usage, "lineProfile: position or axis does not match the spec");
    LineProfile p;
    p.dim = dim;
    // the input line: on every other axis, the input index nearest to the pixel's source position
    p.inputLine.resize(static_cast<std::size_t>(dims));
    for (int k = 0; k < dims; ++k) {
        const double src = outputCenterInSource(spec, k, outPos[k]);
        p.inputLine[k] = std::clamp<int64_t>(static_cast<int64_t>(std::lround(src)), 0, spec.inSize(k) - 1);
    }
    auto flat = [&](const Shape& shape, int64_t ch, const std::vector<int64_t>& pos) {
        int64_t off = batch * shape[1] + ch;
        for (int k = 0; k < dims; ++k) off = off * shape[2 + k] + pos[k];
        return off;
    };
    for (int64_t ch = 0; ch < std::min(spec.inputShape[1], maxChannels); ++ch) {
        ProfileSeries in, out;
        std::vector<int64_t> pos = p.inputLine;
        for (int64_t i = 0; i < spec.inSize(dim); ++i) {
            pos[dim] = i;
            in.coord.push_back(static_cast<double>(i));
            in.value.push_back(input.at(flat(spec.inputShape, ch, pos)));
        }
        pos = outPos;
        for (int64_t d = 0; d < spec.outSize(dim); ++d) {
            pos[dim] = d;
            out.coord.push_back(outputCenterInSource(spec, dim, d));
            out.value.push_back(output.at(flat(spec.outputShape, ch, pos)));
        }
        p.input.push_back(std::move(in));
        p.output.push_back(std::move(out));
    }
    return p;
}

std::string profileCsv(const LineProfile& profile) {
    std::ostringstream os;
    os << "series,channel,coord,value\n";
    char buf[96];
    auto rows = [&](const char* name, const std::vector<ProfileSeries>& series) {
        for (std::size_t ch = 0; ch < series.size(); ++ch)
            for (std::size_t i = 0; i < series[ch].coord.size(); ++i) {
                std::snprintf(buf, sizeof buf, "%s,%zu,%.9g,%.9g\n", name, ch, series[ch].coord[i], series[ch].value[i]);
                os << buf;
            }
    };
    rows("input", profile.input);
    rows("output", profile.output);
    return os.str();
}

// ---------------------------------------------------------------------------------------------
// statistics, histograms and display ranges

namespace {

// "8e-7", "1", "0.0001": %g without the exponent's padding.
std::string shortNumber(double v, int digits) {
    char buf[64];
    std::snprintf(buf, sizeof buf, "%.*g", digits, v);
    std::string s = buf;
    const auto e = s.find('e');
    if (e != std::string::npos) {
        std::string mant = s.substr(0, e), exp = s.substr(e + 1);
        const char sign = exp[0];
        exp = exp.substr(1);
        while (exp.size() > 1 && exp[0] == '0') exp.erase(0, 1);
        s = mant + "e" + (sign == '-' ? "-" : "") + exp;
    }
    return s;
}

// One significant digit, rounded up: a bound that is never smaller than the value.
std::string boundNumber(double v) {
    if (!(v > 0)) return shortNumber(v, 1);
    const double p = std::pow(10.0, std::floor(std::log10(v)));
    double m = std::ceil(v / p * (1 - 1e-12));
    return shortNumber(m * p, 1);
}

const char* dtypeWord(DType d) { return d == DType::Float64 ? "float64" : "float32"; }

// Channel `channel` of batch entry `batch`: a contiguous block (or a row for (N, C, L)).
std::pair<int64_t, int64_t> channelBlock(const Tensor& t, int64_t batch, int64_t channel) {
    if (t.rank() < 3 || batch < 0 || batch >= t.dim(0) || channel < 0 || channel >= t.dim(1))
        throw Error(ErrorKind::Usage, "no channel " + std::to_string(channel) + " of batch entry " +
                                          std::to_string(batch) + " in a tensor of shape " + formatShape(t.shape()));
    int64_t inner = 1;
    for (int d = 2; d < t.rank(); ++d) inner *= t.dim(d);
    return {(batch * t.dim(1) + channel) * inner, inner};
}

template <class Get>
ValueStats statsOf(int64_t n, Get get) {
    ValueStats s;
    s.count = n;
    double lo = INFINITY, hi = -INFINITY, sum = 0;
    for (int64_t i = 0; i < n; ++i) {
        const double v = get(i);
        if (std::isnan(v)) ++s.nan;
        else if (std::isinf(v)) ++(v > 0 ? s.posInf : s.negInf);
        else {
            ++s.finite;
            lo = std::min(lo, v);
            hi = std::max(hi, v);
            sum += v;
        }
    }
    if (s.finite == 0) return s;
    s.min = lo;
    s.max = hi;
    s.mean = sum / static_cast<double>(s.finite);
    double sq = 0;  // two passes: the variance of values far from 0 keeps its digits
    for (int64_t i = 0; i < n; ++i) {
        const double v = get(i);
        if (std::isfinite(v)) sq += (v - s.mean) * (v - s.mean);
    }
    s.std = std::sqrt(sq / static_cast<double>(s.finite));
    return s;
}

double roundTo(double v, DType dtype) { return dtype == DType::Float32 ? static_cast<double>(static_cast<float>(v)) : v; }

template <class Get>
Histogram histogramOf(int64_t n, Get get, DType dtype, int bins, std::optional<std::pair<double, double>> range) {
    if (bins < 1) throw Error(ErrorKind::Usage, "a histogram needs at least one bin");
    Histogram h;
    if (range) {
        h.low = range->first;
        h.high = range->second;
    } else {
        double lo = INFINITY, hi = -INFINITY;
        for (int64_t i = 0; i < n; ++i) {
            const double v = get(i);
            if (std::isfinite(v)) {
                lo = std::min(lo, v);
                hi = std::max(hi, v);
            }
        }
        if (lo > hi) lo = hi = 0;
        if (lo == hi) {
            lo -= 0.5;
            hi += 0.5;
        }
        h.low = lo;
        h.high = hi;
    }
    if (!(h.low <= h.high)) throw Error(ErrorKind::Usage, "a histogram's range must have low <= high");
    // np.linspace: start + i · step, the last edge exactly `high`, then the data's dtype.
    const double step = (h.high - h.low) / bins;
    h.edges.resize(static_cast<std::size_t>(bins) + 1);
    for (int i = 0; i < bins; ++i) h.edges[static_cast<std::size_t>(i)] = roundTo(h.low + i * step, dtype);
    h.edges.back() = roundTo(h.high, dtype);
    const double first = h.edges.front(), last = h.edges.back();
    h.counts.assign(static_cast<std::size_t>(bins), 0);
    const double norm = last > first ? bins / (last - first) : 0;
    for (int64_t i = 0; i < n; ++i) {
        const double v = get(i);
        if (!std::isfinite(v)) {
            ++h.nonFinite;
            continue;
        }
        if (v < first) {
            ++h.below;
            continue;
        }
        if (v > last) {
            ++h.above;
            continue;
        }
        // A first guess, then NumPy's corrections against the edges themselves.
        int64_t k = std::min<int64_t>(bins - 1, static_cast<int64_t>((v - first) * norm));
        while (k > 0 && v < h.edges[static_cast<std::size_t>(k)]) --k;
        while (k < bins - 1 && v >= h.edges[static_cast<std::size_t>(k) + 1]) ++k;
        ++h.counts[static_cast<std::size_t>(k)];
    }
    return h;
}

}  // namespace

ValueStats channelStats(const Tensor& t, int64_t batch, int64_t channel) {
    const auto [off, n] = channelBlock(t, batch, channel);
    return withReader(t, [n = n](auto get) { return statsOf(n, get); }, off);
}

ValueStats tensorStats(const Tensor& t) {
    return withReader(t, [&](auto get) { return statsOf(t.numel(), get); });
}

Histogram channelHistogram(const Tensor& t, int64_t batch, int64_t channel, int bins,
                           std::optional<std::pair<double, double>> range) {
    const auto [off, n] = channelBlock(t, batch, channel);
    return withReader(t, [&, n = n](auto get) { return histogramOf(n, get, t.dtype(), bins, range); }, off);
}

Histogram valuesHistogram(const std::vector<double>& values, DType dtype, int bins,
                          std::optional<std::pair<double, double>> range) {
    return histogramOf(static_cast<int64_t>(values.size()), [&](int64_t i) { return values[static_cast<std::size_t>(i)]; },
                       dtype, bins, range);
}

double ulpOf(double x, DType dtype) {
    const double a = std::fabs(x);
    if (dtype == DType::Float64) return std::nextafter(a, INFINITY) - a;
    const float f = static_cast<float>(a);
    return static_cast<double>(std::nextafter(f, INFINITY)) - static_cast<double>(f);
}

DisplayRange precisionAwareRange(double min, double max, DType dtype, int ulps) {
    DisplayRange r;
    if (!std::isfinite(min) || !std::isfinite(max)) return r;
    if (min > max) std::swap(min, max);
    const double magnitude = std::max(std::fabs(min), std::fabs(max));
    const double floor = ulps * ulpOf(magnitude, dtype);
    if (max - min <= floor) {
        // Constant to the dtype's precision: the value the picture holds, and how far it strays.
        r.constant = true;
        const double mid = min + (max - min) / 2;
        r.center = std::stod(shortNumber(mid, dtype == DType::Float64 ? 15 : 7));
        r.spread = std::max(std::fabs(max - r.center), std::fabs(r.center - min));
        r.low = std::min(r.center, 0.0);
        r.high = std::max(r.center, 0.0);
        if (r.low == r.high) r.high = r.low + 1.0;
        r.note = "constant " + shortNumber(r.center, dtype == DType::Float64 ? 15 : 7);
        if (r.spread > 0)
            r.note += " ± " + boundNumber(r.spread) + " (equal to " + std::string(dtypeWord(dtype)) +
                      " precision; drawn flat)";
        return r;
    }
    r.low = min;
    r.high = max;
    return r;
}

std::optional<DisplayRange> percentileRange(std::vector<double> values, DType dtype, double p, double q) {
    values.erase(std::remove_if(values.begin(), values.end(), [](double v) { return !std::isfinite(v); }), values.end());
    if (values.empty()) return std::nullopt;
    auto at = [&](double pct) {
        const double pos = std::clamp(pct, 0.0, 100.0) / 100.0 * static_cast<double>(values.size() - 1);
        const auto i = static_cast<std::size_t>(std::floor(pos));
        std::nth_element(values.begin(), values.begin() + static_cast<std::ptrdiff_t>(i), values.end());
        const double a = values[i];
        if (i + 1 >= values.size()) return a;
        const double b = *std::min_element(values.begin() + static_cast<std::ptrdiff_t>(i) + 1, values.end());
        return a + (b - a) * (pos - static_cast<double>(i));
    };
    const double lo = at(p), hi = at(q);
    DisplayRange r = precisionAwareRange(lo, hi, dtype);
    if (!r.constant)
        r.note = "percentiles " + shortNumber(p, 4) + "–" + shortNumber(q, 4) + " %: [" + shortNumber(lo, 7) + ", " +
                 shortNumber(hi, 7) + "]";
    return r;
}

DifferenceRange differenceRange(double maxAbs, double magnitude, DType dtype, int ulps) {
    DifferenceRange r;
    r.floor = ulps * ulpOf(magnitude, dtype);
    if (!std::isfinite(maxAbs)) return r;
    if (maxAbs <= r.floor) {
        r.withinPrecision = true;
        r.limit = r.floor > 0 ? r.floor : 1.0;
        r.note = maxAbs == 0 ? std::string("identical")
                             : "identical to " + std::string(dtypeWord(dtype)) + " precision: |A − B| ≤ " +
                                   boundNumber(maxAbs) + " (under " + std::to_string(ulps) + " ulps of " +
                                   shortNumber(magnitude, 6) + ")";
        return r;
    }
    r.limit = maxAbs;
    return r;
}

// ---------------------------------------------------------------------------------------------
// overshoot

OvershootReport overshootReport(const Tensor& input, const Tensor& output, const ResolvedSpec* spec) {
    OvershootReport r;
    const ValueStats in = tensorStats(input), out = tensorStats(output);
    r.inMin = in.min;
    r.inMax = in.max;
    r.outMin = out.min;
    r.outMax = out.max;
    r.outCount = out.finite;
    if (spec && spec->mode == Mode::Bicubic) r.cubicA = spec->antialias ? -0.5 : -0.75;
    if (in.finite > 0) {
        for (int64_t i = 0; i < output.numel(); ++i) {
            const double v = output.at(i);
            if (!std::isfinite(v)) continue;
            if (v < r.inMin) {
                ++r.below;
                r.maxBelow = std::max(r.maxBelow, r.inMin - v);
            } else if (v > r.inMax) {
                ++r.above;
                r.maxAbove = std::max(r.maxAbove, v - r.inMax);
            }
        }
    }
    const DType dt = output.dtype();
    const double magnitude = std::max(std::fabs(r.inMin), std::fabs(r.inMax));
    r.roundingOnly = r.outside() > 0 && std::max(r.maxBelow, r.maxAbove) <= 4 * ulpOf(magnitude, dt);
    if (in.finite == 0 || out.finite == 0) {
        r.summary = "no finite values to compare";
        return r;
    }
    std::string s = "result [" + shortNumber(r.outMin, 7) + ", " + shortNumber(r.outMax, 7) + "] vs input [" +
                    shortNumber(r.inMin, 7) + ", " + shortNumber(r.inMax, 7) + "]: ";
    if (r.outside() == 0) {
        s += "no value outside the input's range";
    } else {
        s += std::to_string(r.outside()) + " of " + std::to_string(r.outCount) + " values outside (" +
             std::to_string(r.below) + " below";
        if (r.below) s += " by up to " + shortNumber(r.maxBelow, 4);
        s += ", " + std::to_string(r.above) + " above";
        if (r.above) s += " by up to " + shortNumber(r.maxAbove, 4);
        s += ")";
        if (r.roundingOnly) s += ", only by float rounding";
    }
    if (r.cubicA)
        s += "; bicubic weights (Keys' cubic convolution, A = " + shortNumber(*r.cubicA, 3) +
             (spec && spec->antialias ? " with antialias" : "") + ") go negative, so edges overshoot";
    else if (const SeparableFilter* f = spec && spec->antialias ? describe(spec->mode).antialiasFilter : nullptr;
             f && f->negativeLobes)
        s += "; " + std::string(describe(spec->mode).name) + " weights (" + f->label() +
             ") go negative, so edges overshoot";
    r.summary = s;
    return r;
}

std::vector<int64_t> valuesOutside(const Tensor& output, double low, double high, std::size_t limit) {
    std::vector<int64_t> at;
    for (int64_t i = 0; i < output.numel() && at.size() < limit; ++i) {
        const double v = output.at(i);
        if (std::isfinite(v) && (v < low || v > high)) at.push_back(i);
    }
    return at;
}

// ---------------------------------------------------------------------------------------------
// pairs of different sizes

Tensor alignBySourcePosition(const Tensor& b, const Shape& shape) {
    if (b.shape() == shape) return b;
    if (b.rank() != static_cast<int>(shape.size()) || b.rank() < 3 || b.dim(0) != shape[0] || b.dim(1) != shape[1])
        throw Error(ErrorKind::Usage, "cannot compare tensors of different shapes: " + formatShape(shape) + " and " +
                                          formatShape(b.shape()) + " (only the spatial sizes may differ)");
    for (std::size_t d = 2; d < shape.size(); ++d)
        if (shape[d] <= 0 || b.shape()[d] <= 0)
            throw Error(ErrorKind::Usage, "cannot compare empty tensors by source position");
    Tensor out(shape, b.dtype());
    const int rank = b.rank();
    // Per spatial dim, the index of b each output index reads.
    std::vector<std::vector<int64_t>> pick(static_cast<std::size_t>(rank));
    for (int d = 2; d < rank; ++d) {
        const int64_t n = shape[static_cast<std::size_t>(d)], m = b.dim(d);
        for (int64_t j = 0; j < n; ++j)
            pick[static_cast<std::size_t>(d)].push_back(
                std::min(m - 1, static_cast<int64_t>(std::floor((static_cast<double>(j) + 0.5) * static_cast<double>(m) /
                                                                static_cast<double>(n)))));
    }
    std::vector<int64_t> idx(static_cast<std::size_t>(rank), 0);
    for (int64_t i = 0; i < out.numel(); ++i) {
        int64_t rem = i;
        for (int d = rank - 1; d >= 0; --d) {
            idx[static_cast<std::size_t>(d)] = rem % shape[static_cast<std::size_t>(d)];
            rem /= shape[static_cast<std::size_t>(d)];
        }
        int64_t src = 0;
        for (int d = 0; d < rank; ++d) {
            const int64_t k = d < 2 ? idx[static_cast<std::size_t>(d)]
                                    : pick[static_cast<std::size_t>(d)][static_cast<std::size_t>(idx[static_cast<std::size_t>(d)])];
            src = src * b.dim(d) + k;
        }
        if (b.dtype() == DType::Float16 || b.dtype() == DType::BFloat16) {  // their bits, as they are
            static_cast<uint16_t*>(out.raw())[i] = static_cast<const uint16_t*>(b.raw())[src];
            continue;
        }
        const double v = b.at(src);
        if (b.dtype() == DType::Float64) out.data<double>()[i] = v;
        else if (b.dtype() == DType::UInt8) out.data<uint8_t>()[i] = static_cast<uint8_t>(v);
        else out.data<float>()[i] = static_cast<float>(v);
    }
    return out;
}

}  // namespace upsample
