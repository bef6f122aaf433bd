// The mode table (modes.hpp): one entry per mode, and what it says agrees with PyTorch's rules
// as resolve() applies them and with the kernels each backend has.
#include "cpu/kernels.hpp"

#include "upsample/error.hpp"
#include "upsample/modes.hpp"
#include "upsample/spec.hpp"
#include "upsample/taps.hpp"

#include <catch2/catch.hpp>

#include <algorithm>
#include <set>

using namespace upsample;

TEST_CASE("every mode has one descriptor, in kAllModes order, and names round-trip") {
    REQUIRE(modeDescriptors().size() == kAllModes.size());
    std::set<std::string_view> names;
    for (std::size_t i = 0; i < kAllModes.size(); ++i) {
        const ModeDescriptor& d = modeDescriptors()[i];
        CHECK(d.mode == kAllModes[i]);
        CHECK(&describe(d.mode) == &d);
        CHECK(modeName(d.mode) == d.name);
        CHECK(modeFromName(d.name) == d.mode);
        names.insert(d.name);
    }
    CHECK(names.size() == kAllModes.size());
    CHECK_FALSE(modeFromName("bilinear2d").has_value());
}

// A 4-D (or other rank) spec of the mode with one variant's options, from a 4-wide input.
static Spec specOf(Mode m, const OptionVariant& v, const Semantics* sem) {
    Spec s;
    s.mode = m;
    s.size = std::vector<int64_t>{2};
    s.alignCorners = v.alignCorners;
    s.antialias = v.antialias;
    s.torch = sem;
    return s;
}

TEST_CASE("the options and ranks of each descriptor are the ones resolve() accepts") {
    for (const ModeDescriptor& d : modeDescriptors()) {
        CAPTURE(d.name);
        CHECK(modeAllowsAlignCorners(d.mode) == (d.alignCorners == AlignCornersPolicy::Allowed));
        CHECK(modeAllowsAntialias(d.mode) == (d.antialias != AntialiasPolicy::Refused));
        CHECK((d.alignCorners == AlignCornersPolicy::Allowed) == d.alignCornersRefusal.empty());
        CHECK((d.antialias == AntialiasPolicy::Required) == !d.antialiasRequirement.empty());
        CHECK((d.antialias == AntialiasPolicy::Refused) == (d.antialiasFilter == nullptr));
        const auto variants = optionVariants(d.mode);
        for (const Semantics* sem : allSemantics()) {
            CAPTURE(sem->version);
            for (int dims = 1; dims <= 3; ++dims) {
                Shape shape = {1, 1};
                for (int i = 0; i < dims; ++i) shape.push_back(4);
                const bool takes = (d.spatialDims == 0 || d.spatialDims == dims) && versionHasMode(*sem, d.mode);
                CHECK(modeSupportsSpatialDims(d.mode, dims) == (d.spatialDims == 0 || d.spatialDims == dims));
                // every combination of options: accepted exactly when it is one of the variants
                for (std::optional<bool> ac : {std::optional<bool>{}, std::optional<bool>{false}, std::optional<bool>{true}})
                    for (bool aa : {false, true}) {
                        CAPTURE(dims, ac.value_or(false), ac.has_value(), aa);
                        OptionVariant v{ac, aa};
                        // align_corners=False where it is allowed is the same as not passing it
                        const bool listed = std::find(variants.begin(), variants.end(), v) != variants.end() ||
                                            (!ac && std::find(variants.begin(), variants.end(), OptionVariant{false, aa}) != variants.end()) ||
                                            (ac == false && d.alignCorners == AlignCornersPolicy::FalseOnly &&
                                             std::find(variants.begin(), variants.end(), OptionVariant{std::nullopt, aa}) != variants.end());
                        const bool ok = takes && listed && (!aa || dims == 2);
                        if (ok) CHECK_NOTHROW(resolve(specOf(d.mode, v, sem), shape));
                        else CHECK_THROWS_AS(resolve(specOf(d.mode, v, sem), shape), SpecError);
                    }
            }
        }
    }
}

TEST_CASE("the option variants of each mode, from its policies") {
    using V = OptionVariant;
    CHECK(optionVariants(Mode::Nearest) == std::vector<V>{{std::nullopt, false}});
    CHECK(optionVariants(Mode::Linear) == std::vector<V>{{false, false}, {true, false}});
    CHECK(optionVariants(Mode::Bicubic) == std::vector<V>{{false, false}, {true, false}, {false, true}, {true, true}});
    CHECK(optionVariants(Mode::Lanczos) == std::vector<V>{{std::nullopt, true}});
}

TEST_CASE("the refusals of a mode's options are PyTorch's, in its order") {
    const Shape four{1, 1, 4, 4};
    Spec s;
    s.mode = Mode::Nearest;
    s.size = std::vector<int64_t>{2};
    s.alignCorners = false;
    CHECK_THROWS_WITH(resolve(s, four), std::string(kAlignCornersRefusal));
    s.mode = Mode::Lanczos;
    s.alignCorners = true;
    CHECK_THROWS_WITH(resolve(s, four), "Lanczos mode does not support align_corners=True");
    s.alignCorners = false;
    CHECK_THROWS_WITH(resolve(s, four), "Lanczos mode requires antialias=True");
    s.antialias = true;
    CHECK_NOTHROW(resolve(s, four));
    // 3-D and 5-D: antialias is refused first; without it, the generic message
    CHECK_THROWS_WITH(resolve(s, Shape{1, 1, 4}), std::string(defaultSemantics().antialiasRefusal));
    s.antialias = false;
    s.alignCorners = true;
    CHECK_THROWS_WITH(resolve(s, Shape{1, 1, 4, 4, 4}),
                      "Input Error: Only 3D, 4D and 5D input Tensors supported (got 5D) for the modes: nearest | "
                      "linear | bilinear | bicubic | trilinear | lanczos | area | nearest-exact (got lanczos)");
}

TEST_CASE("a version without the mode refuses it as an unknown mode, in its own words") {
    const Semantics& old = *semanticsNamed("1.13");
    CHECK_FALSE(versionHasMode(old, Mode::Lanczos));
    CHECK(versionHasMode(defaultSemantics(), Mode::Lanczos));
    for (Mode m : kAllModes)
        if (m != Mode::Lanczos) CHECK(versionHasMode(old, m));
    Spec s;
    s.mode = Mode::Lanczos;
    s.size = std::vector<int64_t>{2};
    s.torch = &old;
    s.alignCorners = true;  // no align_corners check for a mode 1.13 does not know
    CHECK_THROWS_WITH(resolve(s, Shape{1, 1, 4, 4}),
                      "Input Error: Only 3D, 4D and 5D input Tensors supported (got 4D) for the modes: nearest | "
                      "linear | bilinear | bicubic | trilinear | area | nearest-exact (got lanczos)");
    s.antialias = true;
    CHECK_THROWS_WITH(resolve(s, Shape{1, 1, 4, 4}), "Anti-alias option is only supported for bilinear and bicubic modes");
}

TEST_CASE("each descriptor names kernels the CPU backend has, and builds tables in both precisions") {
    for (const ModeDescriptor& d : modeDescriptors()) {
        CAPTURE(d.name);
        CHECK(cpu::hasKernel(d.kernels.cpu));
        CHECK_FALSE(d.kernels.openclProgram.empty());
        CHECK_FALSE(d.kernels.openclKernel.empty());
        if (d.antialiasFilter) CHECK(cpu::hasKernel(d.antialiasKernels.cpu));
        CHECK_FALSE(d.formula.empty());
        AxisRequest r;
        r.in = 5;
        r.out = 3;
        CHECK(d.tableFloat(r).out == 3);
        CHECK(d.tableDouble(r).out == 3);
    }
}

TEST_CASE("the same family at another rank, and the other nearest mode") {
    CHECK(modeOfFamilyFor(Mode::Bilinear, 1) == Mode::Linear);
    CHECK(modeOfFamilyFor(Mode::Bicubic, 3) == Mode::Trilinear);
    CHECK(modeOfFamilyFor(Mode::Trilinear, 2) == Mode::Bilinear);
    CHECK(modeOfFamilyFor(Mode::Bicubic, 2) == Mode::Bicubic);
    CHECK(modeOfFamilyFor(Mode::Area, 3) == Mode::Area);
    CHECK(describe(Mode::Nearest).counterpart == Mode::NearestExact);
    CHECK(describe(Mode::NearestExact).counterpart == Mode::Nearest);
    CHECK_FALSE(describe(Mode::Bilinear).counterpart.has_value());
}
