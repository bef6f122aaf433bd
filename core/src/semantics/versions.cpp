// The PyTorch versions this program reproduces. Each value states what its version computes
// differently (SEMANTICS.md in the project's notes, measured against the real releases):
//  * 1.13 (Debian 12's python3-torch, 1.13.1): the source index of the linear family and bicubic
//    in double (acc_type); the antialias cubic filter's outer lobe as (((x - 5) x + 8) x - 4) a in
//    double; the channels-last kernels whenever the input is channels-last contiguous.
//  * 2.14 (Debian sid's python3-torch, 2.14.1): the index in the tensor's type ("opmath", pytorch
//    #88277), index and lambda clamped (#89252), the vectorised kernel for small outputs (out_H +
//    out_W <= 128) and for channels-last inputs with C > 3 (#86361, #90302), the antialias cubic as
//    cubic_convolution1/2, recompute_scale_factor sizes through int(), lanczos in the mode list,
//    dtype refusals as NotImplementedError (#155470).
#include "upsample/semantics.hpp"

#include "upsample/error.hpp"
#include "upsample/spec.hpp"

#include <charconv>
#include <cstdlib>
#include <string>

namespace upsample {

namespace {

int64_t channels(const ResolvedSpec& s) { return s.inputShape.size() > 1 ? s.inputShape[1] : 1; }

// The kernels with a channels-last form: nearest and nearest-exact (2-D, 3-D), bilinear, trilinear.
bool hasChannelsLastKernel(const ResolvedSpec& s) {
    if (s.antialias || s.spatialDims < 2) return false;
    const ModeDescriptor& m = describe(s.mode);
    if (m.sampling == Sampling::Gather) return true;
    return m.sampling == Sampling::Taps && m.filter == FilterKind::Linear;
}

KernelChoice generic(const ResolvedSpec& s) {
    const ModeDescriptor& m = describe(s.mode);
    if (m.sampling == Sampling::Window) return {false, "area runs adaptive average pooling"};
    if (s.antialias) return {false, "antialias runs the separable kernel (a pass per axis)"};
    if (s.spatialDims == 1) return {false, "1-D inputs run the generic kernel"};
    return {false, std::string(m.name) + " has no channels-last kernel"};
}

KernelChoice choiceOld(const ResolvedSpec& s, int) {
    if (!hasChannelsLastKernel(s)) return generic(s);
    if (isChannelsLastContiguous(s.inputShape))
        return {true, "the input is also channels-last contiguous (C = 1 or 1x1 spatial)"};
    return {false, "the input is not channels-last contiguous"};
}

KernelChoice choiceNew(const ResolvedSpec& s, int threads) {
    if (!hasChannelsLastKernel(s)) return generic(s);
    const int64_t c = channels(s);
    if (isChannelsLastContiguous(s.inputShape) && c > 3)
        return {true, "the input is channels-last contiguous and C = " + std::to_string(c) + " > 3"};
    if (s.spatialDims == 2) {
        const int64_t sum = s.outSize(0) + s.outSize(1);
        if (sum <= 128) return {true, "out_H + out_W = " + std::to_string(sum) + " <= 128"};
        if (describe(s.mode).sampling == Sampling::Taps && c == 3) {
            if (threads == 1) return {true, "one thread and C = 3"};
            if (threads <= 0)
                return {false, "out_H + out_W = " + std::to_string(sum) +
                                   " > 128 (with one thread and C = 3 PyTorch takes the channels-last kernel)"};
        }
        return {false, "out_H + out_W = " + std::to_string(sum) + " > 128 and not channels-last with C > 3"};
    }
    return {false, "3-D inputs take the channels-last kernel only when channels-last with C > 3"};
}

const Semantics kNew{
    "2.14",
    "2.14.1",
    "index in float for float32, vectorised kernel for small outputs, lanczos",
    IndexPrecision::Opmath,
    CubicFilterForm::Convolution,
    SizeRounding::Truncate,
    "nearest | linear | bilinear | bicubic | trilinear | lanczos | area | nearest-exact",
    "Anti-alias option is restricted to bilinear, bicubic, and lanczos modes and requires a 4-D tensor as input",
    PyErrorType::NotImplementedError,
    true,
    "adaptive_avg_pool3d",
    true,
    true,
    true,
    true,
    true,
    choiceNew,
};

const Semantics kOld{
    "1.13",
    "1.13.1",
    "index in double, channels-last kernels for channels-last inputs",
    IndexPrecision::Accumulate,
    CubicFilterForm::DoublePolynomial,
    SizeRounding::Floor,
    "nearest | linear | bilinear | bicubic | trilinear | area | nearest-exact",
    "Anti-alias option is only supported for bilinear and bicubic modes",
    PyErrorType::RuntimeError,
    false,
    "adaptive_avg_pool2d",
    false,
    false,
    false,
    false,
    false,
    choiceOld,
};

const std::vector<const Semantics*> kAll = {&kNew, &kOld};

// "2.6.0+cpu" -> {2, 6}; false for text that does not start with major.minor.
bool majorMinor(std::string_view text, int& major, int& minor) {
    const char* p = text.data();
    const char* end = p + text.size();
    auto r = std::from_chars(p, end, major);
    if (r.ec != std::errc() || r.ptr == end || *r.ptr != '.') return false;
    r = std::from_chars(r.ptr + 1, end, minor);
    return r.ec == std::errc();
}

}  // namespace

const std::vector<const Semantics*>& allSemantics() { return kAll; }
const Semantics& defaultSemantics() { return *kAll.front(); }

const Semantics* semanticsNamed(std::string_view version) {
    for (const Semantics* s : kAll)
        if (s->version == version || s->release == version) return s;
    return nullptr;
}

const Semantics* nearestSemantics(std::string_view torchVersion) {
    int major = 0, minor = 0;
    if (!majorMinor(torchVersion, major, minor)) return nullptr;
    const Semantics* best = nullptr;
    long bestDistance = 0;
    for (const Semantics* s : kAll) {
        int sm = 0, sn = 0;
        majorMinor(s->version, sm, sn);
        const long distance = std::labs((major * 1000L + minor) - (sm * 1000L + sn));
        if (!best || distance < bestDistance) {
            best = s;
            bestDistance = distance;
        }
    }
    return best;
}

std::string deprecationWarning(const Semantics& s, std::string_view function) {
    const std::string q = s.quotedDeprecations ? "`" : "";
    return "UserWarning: " + q + "nn.functional." + std::string(function) + q + " is deprecated. Use " + q +
           "nn.functional.interpolate" + q + " instead.";
}

std::string semanticsNames(std::string_view sep) {
    std::string out;
    for (const Semantics* s : kAll) {
        if (!out.empty()) out += sep;
        out += s->version;
    }
    return out;
}

}  // namespace upsample
