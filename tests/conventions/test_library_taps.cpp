// core/src/conventions (openCvPixelTaps, pillowPixelTaps, libraryPixelTaps): the taps and weights
// one output pixel reads under another library's convention.
#include "upsample/conventions.hpp"

#include <catch2/catch.hpp>

#include <cmath>

using namespace upsample;

namespace {
// sum_h wh * (sum_w ww * x[h][w]) in double: the value the taps describe.
double fromTaps(const std::vector<LibraryAxisTaps>& taps, const Tensor& plane, int64_t w) {
    double v = 0;
    for (std::size_t i = 0; i < taps[0].index.size(); ++i) {
        double row = 0;
        for (std::size_t j = 0; j < taps[1].index.size(); ++j)
            row += taps[1].weight[j] * plane.at(taps[0].index[i] * w + taps[1].index[j]);
        v += taps[0].weight[i] * row;
    }
    return v;
}
}  // namespace

TEST_CASE("library taps: OpenCV INTER_LINEAR x2 at output 3 reads 1 and 2 with 0.75 / 0.25", "[conventions]") {
    OpenCvResize r;
    r.interpolation = CvInterpolation::Linear;
    r.dsize = std::pair<int64_t, int64_t>{8, 8};
    const auto taps = openCvPixelTaps(r, 4, 4, 3, 3);
    REQUIRE(taps.size() == 2);
    for (const auto& a : taps) {
        CHECK(a.index == std::vector<int64_t>{1, 2});
        CHECK(a.weight[0] == Approx(0.75));
        CHECK(a.weight[1] == Approx(0.25));
    }
    CHECK(taps[0].axis == "H");
    CHECK(openCvPixelTaps(r, 4, 4, 8, 0).empty());  // outside the output
}

TEST_CASE("library taps: the weighted taps reproduce the library's output", "[conventions]") {
    const Tensor x = probeInput({1, 1, 13, 17});
    std::vector<OpenCvResize> cvs;
    for (CvInterpolation i : {CvInterpolation::Nearest, CvInterpolation::NearestExact, CvInterpolation::Linear,
                              CvInterpolation::Cubic, CvInterpolation::Area, CvInterpolation::Lanczos4}) {
        for (auto size : {std::pair<int64_t, int64_t>{29, 23}, std::pair<int64_t, int64_t>{7, 5}}) {
            OpenCvResize r;
            r.interpolation = i;
            r.dsize = size;  // (width, height)
            cvs.push_back(r);
        }
    }
    for (const auto& r : cvs) {
        const Tensor y = resizeOpenCv(x, r);
        const int64_t oh = y.dim(2), ow = y.dim(3);
        for (int64_t py : {int64_t{0}, oh / 2, oh - 1})
            for (int64_t px : {int64_t{0}, ow / 3, ow - 1}) {
                INFO(openCvCallText(r) << " at (" << py << ", " << px << ")");
                const auto taps = openCvPixelTaps(r, 13, 17, py, px);
                REQUIRE(taps.size() == 2);
                const double want = y.at(py * ow + px);
                CHECK(fromTaps(taps, x, 17) == Approx(want).margin(1e-4).epsilon(1e-5));
            }
    }
    for (PilResample f : {PilResample::Nearest, PilResample::Box, PilResample::Bilinear, PilResample::Hamming,
                          PilResample::Bicubic, PilResample::Lanczos}) {
        PillowResize r;
        r.resample = f;
        r.width = 9;
        r.height = 31;
        const Tensor y = resizePillow(x, r);
        for (int64_t py : {int64_t{0}, int64_t{15}, int64_t{30}})
            for (int64_t px : {int64_t{0}, int64_t{4}, int64_t{8}}) {
                INFO(pillowCallText(r) << " at (" << py << ", " << px << ")");
                const auto taps = pillowPixelTaps(r, 13, 17, py, px);
                REQUIRE(taps.size() == 2);
                CHECK(fromTaps(taps, x, 17) == Approx(y.at(py * 9 + px)).margin(1e-4).epsilon(1e-5));
            }
    }
}

TEST_CASE("library taps: a LibraryCall gives its library's taps, PyTorch and ONNX give none", "[conventions]") {
    Spec s;
    s.mode = Mode::Bilinear;
    s.scaleFactor = std::vector<double>{2.0};
    const Tensor x = probeInput({1, 1, 4, 4});
    for (const auto& call : closestCalls(s, x)) {
        const auto taps = libraryPixelTaps(call, 4, 4, 3, 3);
        if (call.library == Library::OpenCV || call.library == Library::Pillow) {
            REQUIRE(taps.size() == 2);
            CHECK(taps[1].index == std::vector<int64_t>{1, 2});
        } else {
            CHECK(taps.empty());
        }
    }
}
