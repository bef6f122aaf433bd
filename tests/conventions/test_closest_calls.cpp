// Each library's closest call to a PyTorch spec, and its measured verdict.
#include "../support/library_golden.hpp"

#include "upsample/call_parser.hpp"
#include "upsample/conventions.hpp"

#include <catch2/catch.hpp>

using namespace upsample;

namespace {
std::vector<LibraryCall> calls(const std::string& call, const Shape& shape) {
    return closestCalls(parseCall(call).spec, probeInput(shape), true);
}
}  // namespace

TEST_CASE("closest calls: bilinear x2 is the same everywhere", "[closest]") {
    const auto c = calls("F.interpolate(x, scale_factor=2, mode='bilinear')", {1, 1, 4, 4});
    REQUIRE(c.size() == 6);
    CHECK(c[0].library == Library::PyTorch);
    CHECK(c[0].code == "F.interpolate(x, scale_factor=2, mode='bilinear')");
    CHECK(c[1].code == "cv2.resize(img, None, fx=2.0, fy=2.0, interpolation=cv2.INTER_LINEAR)");
    CHECK(c[2].code == "img.resize((8, 8), Image.Resampling.BILINEAR)");
    CHECK(c[3].code == "Resize(X, scales=[1.0, 1.0, 2.0, 2.0], mode='linear', coordinate_transformation_mode='half_pixel')");
    CHECK(c[4].library == Library::Skimage);
    CHECK(c[4].code == "skimage.transform.resize(img, (8, 8), order=1, mode='edge', anti_aliasing=False)");
    CHECK(c[5].library == Library::Torchvision);
    CHECK(c[5].code == "v2.functional.resize(img, [8, 8], antialias=False)");
    for (const auto& l : c) {
        INFO(libraryName(l.library) << ": " << l.note);
        CHECK(l.verdict == Verdict::Identical);
        CHECK(l.differing == 0);
        CHECK(l.compared == 64);
        REQUIRE(l.output);
        CHECK(l.output->shape() == Shape{1, 1, 8, 8});
    }
}

TEST_CASE("closest calls: nearest at a non-integer ratio", "[closest]") {
    const auto c = calls("F.interpolate(x, size=(7, 5), mode='nearest')", {1, 2, 5, 7});
    CHECK(c[1].opencv->interpolation == CvInterpolation::Nearest);
    CHECK(c[1].opencv->dsize == std::make_pair<int64_t, int64_t>(5, 7));
    CHECK(c[1].verdict == Verdict::Identical);
    CHECK(c[2].pillow->resample == PilResample::Nearest);
    CHECK(c[2].verdict == Verdict::Differs);  // Pillow samples pixel centres
    CHECK(c[2].differing > 0);
    CHECK(c[2].maxAbsDiff.value() > 0);
    CHECK(c[2].note.find("pixel centres") != std::string::npos);
    CHECK(c[3].verdict == Verdict::Identical);
    const auto e = calls("F.interpolate(x, size=(7, 5), mode='nearest-exact')", {1, 2, 5, 7});
    for (int i = 1; i < 4; ++i) {
        INFO(e[i].code << ": " << e[i].note);
        CHECK(e[i].verdict == Verdict::Identical);
    }
    CHECK(e[3].note.find("refuses") != std::string::npos);
    CHECK(e[3].onnx->resize.nearestMode == OnnxNearestMode::RoundPreferCeil);
}

TEST_CASE("closest calls: no equivalent", "[closest]") {
    const auto t = calls("F.interpolate(x, scale_factor=1.5, mode='trilinear')", {1, 1, 3, 4, 5});
    CHECK(t[1].verdict == Verdict::NoEquivalent);
    CHECK(t[1].code.empty());
    CHECK(t[2].verdict == Verdict::NoEquivalent);
    CHECK(t[3].verdict == Verdict::Identical);
    const auto a = calls("F.interpolate(x, size=(3, 3), mode='area')", {1, 1, 5, 5});
    CHECK(a[3].verdict == Verdict::NoEquivalent);  // adaptive pooling that ONNX cannot express
    CHECK(a[3].note.find("SymbolicValueError") != std::string::npos);
    CHECK(a[1].verdict == Verdict::Differs);  // INTER_AREA's fractional coverage
}

TEST_CASE("closest calls: align_corners and antialias", "[closest]") {
    const auto ac = calls("F.interpolate(x, size=(9, 9), mode='bicubic', align_corners=True)", {1, 1, 4, 4});
    CHECK(ac[1].verdict == Verdict::Differs);
    CHECK(ac[1].note.find("align_corners") != std::string::npos);
    CHECK(ac[3].verdict == Verdict::Identical);
    const auto aa = calls("F.interpolate(x, size=(4, 3), mode='bicubic', antialias=True)", {1, 1, 9, 8});
    CHECK(aa[1].opencv->interpolation == CvInterpolation::Area);
    CHECK(aa[2].verdict == Verdict::Identical);  // Pillow's BICUBIC is PyTorch's antialias
    CHECK(aa[3].verdict == Verdict::Differs);    // Resize has no antialias before opset 18
    const auto up = calls("F.interpolate(x, size=(9, 11), mode='bicubic', antialias=True)", {1, 1, 4, 5});
    CHECK(up[3].onnx->resize.excludeOutside);
    CHECK(up[3].verdict == Verdict::Identical);
    const auto area = calls("F.interpolate(x, scale_factor=0.5, mode='area')", {1, 3, 6, 8});
    for (int i = 1; i < 4; ++i) {
        INFO(area[i].code << ": " << area[i].note);
        CHECK(area[i].verdict == Verdict::Identical);
    }
    CHECK(area[3].code == "AveragePool(X, kernel_shape=[2, 2], strides=[2, 2])");
}

TEST_CASE("closest calls: 1-D signals are images of height 1", "[closest]") {
    const auto c = calls("F.interpolate(x, scale_factor=2.5, mode='linear')", {2, 3, 6});
    CHECK(c[1].code == "cv2.resize(img, None, fx=2.5, fy=1.0, interpolation=cv2.INTER_LINEAR)");
    CHECK(c[1].verdict == Verdict::Identical);
    CHECK(c[2].code == "img.resize((15, 1), Image.Resampling.BILINEAR)");
}

TEST_CASE("closest calls: Pillow's BILINEAR and BICUBIC are PyTorch's antialias on downscaling", "[closest]") {
    const Tensor img = probeInput({1, 1, 12, 10});
    for (auto [mode, resample] : {std::pair{Mode::Bilinear, PilResample::Bilinear}, std::pair{Mode::Bicubic, PilResample::Bicubic}}) {
        Spec s;
        s.mode = mode;
        s.size = std::vector<int64_t>{5, 4};
        s.sizeIsSequence = true;
        s.antialias = true;
        const auto calls = closestCalls(s, img);
        REQUIRE(calls.size() == 6);
        CHECK(calls[2].library == Library::Pillow);
        CHECK(calls[2].pillow->resample == resample);
        CHECK(calls[2].verdict == Verdict::Identical);
    }
}

TEST_CASE("closest calls: scikit-image's order for each mode", "[closest][skimage]") {
    const auto lin = calls("F.interpolate(x, size=(7, 9), mode='bilinear')", {1, 2, 5, 6});
    REQUIRE(lin.size() == 6);
    CHECK(lin[4].library == Library::Skimage);
    CHECK(lin[4].skimage->order == 1);
    CHECK(lin[4].skimage->mode == SkMode::Edge);
    CHECK(lin[4].verdict == Verdict::Identical);  // half-pixel centres, clamped at the border
    const auto exact = calls("F.interpolate(x, size=(8, 3), mode='nearest-exact')", {1, 1, 5, 6});
    CHECK(exact[4].code == "skimage.transform.resize(img, (8, 3), order=0, mode='reflect', anti_aliasing=False)");
    CHECK(exact[4].verdict == Verdict::Identical);
    const auto cubic = calls("F.interpolate(x, size=(9, 7), mode='bicubic')", {1, 1, 6, 5});
    CHECK(cubic[4].skimage->order == 3);
    CHECK(cubic[4].verdict == Verdict::Differs);  // a B-spline, not Keys' convolution
    CHECK(cubic[4].note.find("B-spline") != std::string::npos);
    const auto aa = calls("F.interpolate(x, size=(3, 3), mode='bilinear', antialias=True)", {1, 1, 8, 8});
    CHECK(aa[4].skimage->antiAliasing);
    CHECK(aa[4].note.find("Gaussian") != std::string::npos);
    const auto area = calls("F.interpolate(x, size=(3, 3), mode='area')", {1, 1, 6, 6});
    CHECK(area[4].verdict == Verdict::NoEquivalent);
    CHECK(area[4].code.empty());
    const auto vol = calls("F.interpolate(x, scale_factor=2, mode='trilinear')", {1, 1, 3, 4, 5});
    CHECK(vol[4].code == "skimage.transform.resize(img, (6, 8, 10), order=1, mode='edge', anti_aliasing=False)");
    CHECK(vol[4].verdict == Verdict::Identical);  // skimage resizes volumes too
}
