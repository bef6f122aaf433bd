#include "session/SampleLibrary.hpp"

namespace studio {

const std::vector<Sample>& SampleLibrary::all() {
    static const std::vector<Sample> samples = {
        {"ones", "torch.ones(1, 1, 4, 4)", ":/samples/ones_1x1x4x4.npy",
         "The seed example: a (1, 1, 4, 4) tensor of ones"},
        {"arange", "torch.arange(16.).reshape(1, 1, 4, 4)", ":/samples/arange_1x1x4x4.npy",
         "A 4x4 ramp 0..15: every value distinct, so each mode's source pixels show"},
        {"chart", "Test chart (256x256 RGB)", ":/samples/test_chart.png",
         "Zone plate, fine lines, slanted edges, gradients and colour patches (scripts/make_samples.py)"},
        {"volume", "Volume (1, 1, 8, 16, 16)", ":/samples/volume_1x1x8x16x16.npy",
         "A ball whose value is its depth slice plus one: for trilinear and 3-D nearest"},
    };
    return samples;
}

std::optional<Sample> SampleLibrary::byId(const QString& id) {
    for (const auto& s : all())
        if (s.id == id) return s;
    return std::nullopt;
}

}  // namespace studio
