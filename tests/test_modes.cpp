// The mode table (modes.hpp): one entry per mode, and what it says agrees with PyTorch's rules
// as resolve() applies them and with the kernels each backend has.
#include "cpu/kernels.hpp"

#include "upsample/error.hpp"
#include "upsample/modes.hpp"
#include "upsample/spec.hpp"
#include "upsample/taps.hpp"

#include <catch2/catch.hpp>

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

TEST_CASE("the options and ranks of each descriptor are the ones resolve() accepts") {
    for (const ModeDescriptor& d : modeDescriptors()) {
        CAPTURE(d.name);
        CHECK(modeAllowsAlignCorners(d.mode) == d.alignCorners);
        CHECK(modeAllowsAntialias(d.mode) == d.antialias);
        CHECK(d.alignCorners == d.alignCornersRefusal.empty());
        for (int dims = 1; dims <= 3; ++dims) {
            Shape shape = {1, 1};
            for (int i = 0; i < dims; ++i) shape.push_back(4);
            Spec s;
            s.mode = d.mode;
            s.size = std::vector<int64_t>{2};
            const bool takes = d.spatialDims == 0 || d.spatialDims == dims;
            CHECK(modeSupportsSpatialDims(d.mode, dims) == takes);
            if (!takes) {
                CHECK_THROWS_AS(resolve(s, shape), SpecError);
                continue;
            }
            CHECK_NOTHROW(resolve(s, shape));
            s.alignCorners = true;
            if (d.alignCorners) CHECK_NOTHROW(resolve(s, shape));
            else CHECK_THROWS_WITH(resolve(s, shape), std::string(d.alignCornersRefusal));
            s.alignCorners.reset();
            s.antialias = true;
            for (const Semantics* sem : allSemantics()) {
                s.torch = sem;
                if (d.antialias && dims == 2) CHECK_NOTHROW(resolve(s, shape));
                else CHECK_THROWS_WITH(resolve(s, shape), std::string(sem->antialiasRefusal));
            }
        }
    }
}

TEST_CASE("each descriptor names kernels the CPU backend has, and builds tables in both precisions") {
    for (const ModeDescriptor& d : modeDescriptors()) {
        CAPTURE(d.name);
        CHECK(cpu::hasKernel(d.kernels.cpu));
        CHECK_FALSE(d.kernels.openclProgram.empty());
        CHECK_FALSE(d.kernels.openclKernel.empty());
        if (d.antialias) CHECK(cpu::hasKernel(d.antialiasKernels.cpu));
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
