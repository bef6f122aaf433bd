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
}  // namespace

Tensor signedDifference(const Tensor& a, const Tensor& b) {
    checkSameShape(a, b);
    Tensor d(a.shape(), a.dtype());
    for (int64_t i = 0; i < a.numel(); ++i) {
        const double v = a.at(i) - b.at(i);
        if (a.dtype() == DType::Float64) d.data<double>()[i] = v;
        else d.data<float>()[i] = static_cast<float>(v);
    }
    return d;
}

DiffStats diffStats(const Tensor& a, const Tensor& b, std::optional<double> peak) {
    checkSameShape(a, b);
    DiffStats s;
    s.count = a.numel();
    double sumAbs = 0, sumSq = 0, lo = INFINITY, hi = -INFINITY;
    int64_t finite = 0;
    for (int64_t i = 0; i < s.count; ++i) {
        const double x = a.at(i), y = b.at(i);
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
    s.meanAbs = finite ? sumAbs / static_cast<double>(finite) : 0;
    s.rmse = finite ? std::sqrt(sumSq / static_cast<double>(finite)) : 0;
    s.peak = peak ? *peak : (hi > lo ? hi - lo : 1.0);
    s.psnr = s.rmse == 0 ? INFINITY : 20.0 * std::log10(s.peak) - 20.0 * std::log10(s.rmse);
    return s;
}

LineProfile lineProfile(const ResolvedSpec& spec, const Tensor& input, const Tensor& output, int64_t batch,
                        const std::vector<int64_t>& outPos, int dim) {
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
    for (int64_t ch = 0; ch < spec.inputShape[1]; ++ch) {
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

}  // namespace upsample
