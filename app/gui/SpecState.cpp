#include "SpecState.hpp"

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
        return p;
    }();
    return presets;
}

}  // namespace studio
