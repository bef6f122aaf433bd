#include "session/SpecState.hpp"

#include <limits>

namespace studio {

using upsample::Mode;

upsample::Spec SpecState::toSpec(int spatialDims) const {
    upsample::Spec s;
    s.mode = mode;
    const int dims = spatialDims < 1 ? 1 : (spatialDims > 3 ? 3 : spatialDims);
    if (useSize) {
        std::vector<int64_t> v;
        if (perDim) v.assign(size.end() - dims, size.end());
        else v = {size[2]};
        s.size = v;
        s.sizeIsSequence = perDim;
    } else {
        std::vector<double> v;
        if (perDim) v.assign(scale.end() - dims, scale.end());
        else v = {scale[2]};
        s.scaleFactor = v;
        s.scaleIsSequence = perDim;
    }
    s.alignCorners = alignCorners;
    s.recomputeScaleFactor = recomputeScaleFactor;
    s.antialias = antialias;
    s.torch = torch;
    return s;
}

std::optional<SpecState> SpecState::fromSpec(const upsample::Spec& spec, int spatialDims, QString* why) {
    auto refuse = [&](const QString& reason) -> std::optional<SpecState> {
        if (why) *why = reason;
        return std::nullopt;
    };
    if (spec.unknownModeName)
        return refuse(QString("'%1' is not one of PyTorch's modes").arg(QString::fromStdString(*spec.unknownModeName)));
    SpecState s;
    s.mode = spec.mode;
    s.alignCorners = spec.alignCorners;
    s.recomputeScaleFactor = spec.recomputeScaleFactor;
    s.antialias = spec.antialias;
    s.torch = &spec.semantics();
    const int dims = spatialDims < 1 ? 1 : (spatialDims > 3 ? 3 : spatialDims);
    // Values fill the last entries (…, H, W); a single value goes to every entry.
    auto place = [&](std::size_t n, bool isSequence, auto set) -> bool {
        s.perDim = isSequence;
        if (!isSequence && n != 1) return false;
        if (isSequence && n != static_cast<std::size_t>(dims)) return false;
        for (std::size_t i = 0; i < n; ++i) {
            if (isSequence) set(3 - static_cast<int>(n) + static_cast<int>(i), i);
            else
                for (int k = 0; k < 3; ++k) set(k, i);
        }
        return true;
    };
    if (spec.size) {
        s.useSize = true;
        for (int64_t v : *spec.size)
            if (v < 0 || v > std::numeric_limits<int>::max())
                return refuse(QString("size %1 is outside the Spec dock's range 0 to %2")
                                  .arg(v)
                                  .arg(std::numeric_limits<int>::max()));
        const auto& v = *spec.size;
        if (!place(v.size(), spec.sizeIsSequence, [&](int k, std::size_t i) { s.size[static_cast<std::size_t>(k)] = v[i]; }))
            return refuse(QString("size has %1 values for %2 spatial dims").arg(v.size()).arg(dims));
    } else if (spec.scaleFactor) {
        s.useSize = false;
        for (double v : *spec.scaleFactor) {
            if (!(v >= 0 && v <= kMaxScale))
                return refuse(QString("scale_factor %1 is outside the Spec dock's range 0 to %2")
                                  .arg(QString::fromStdString(upsample::pyFloatRepr(v)))
                                  .arg(kMaxScale));
            if (QString::number(v, 'f', kScaleDecimals).toDouble() != v)
                return refuse(QString("scale_factor %1 has more than %2 decimals, more than the Spec dock holds")
                                  .arg(QString::fromStdString(upsample::pyFloatRepr(v)))
                                  .arg(kScaleDecimals));
        }
        const auto& v = *spec.scaleFactor;
        if (!place(v.size(), spec.scaleIsSequence, [&](int k, std::size_t i) { s.scale[static_cast<std::size_t>(k)] = v[i]; }))
            return refuse(QString("scale_factor has %1 values for %2 spatial dims").arg(v.size()).arg(dims));
    } else {
        return refuse("neither size nor scale_factor is given");
    }
    return s;
}

const std::vector<SpecPreset>& specPresets() {
    static const std::vector<SpecPreset> presets = [] {
        std::vector<SpecPreset> p;
        SpecState s;  // nearest, scale_factor=2
        p.push_back({"nn.Upsample(scale_factor=2)", s});
        s.mode = Mode::Bilinear;
        p.push_back({"nn.Upsample(scale_factor=2, mode='bilinear')", s});
        s = SpecState{};
        p.push_back({"nn.UpsamplingNearest2d(scale_factor=2)", s});
        s.mode = Mode::Bilinear;
        s.alignCorners = true;
        p.push_back({"nn.UpsamplingBilinear2d(scale_factor=2)", s});
        s = SpecState{};
        s.mode = Mode::Bicubic;
        s.scale = {1.7, 1.7, 1.7};
        p.push_back({"F.interpolate(x, scale_factor=1.7, mode='bicubic')", s});
        s.mode = Mode::NearestExact;
        p.push_back({"F.interpolate(x, scale_factor=1.7, mode='nearest-exact')", s});
        s = SpecState{};
        s.mode = Mode::Bilinear;
        s.scale = {0.25, 0.25, 0.25};
        s.antialias = true;
        p.push_back({"F.interpolate(x, scale_factor=0.25, mode='bilinear', antialias=True)", s});
        s.mode = Mode::Lanczos;
        p.push_back({"F.interpolate(x, scale_factor=0.25, mode='lanczos', antialias=True)", s});
        return p;
    }();
    return presets;
}

}  // namespace studio
