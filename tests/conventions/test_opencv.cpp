// OpenCV's cv2.resize (float32) against real cv2 outputs (tests/golden/libraries/opencv.json).
#include "../support/golden.hpp"
#include "../support/library_golden.hpp"

#include "upsample/conventions.hpp"
#include "upsample/error.hpp"

#include <catch2/catch.hpp>

#include <map>

using namespace upsample;

TEST_CASE("opencv: every golden case of cv2.resize", "[opencv][golden]") {
    const auto& cases = libgolden::openCvCases();
    REQUIRE(cases.size() >= 150);
    std::map<std::string, int> passed;
    const auto failures = libgolden::runCases(
        cases, [](const auto& c) { return resizeOpenCv(c.input, c.resize); },
        [](const auto& c) { return cvInterpolationName(c.resize.interpolation); }, passed);
    for (const auto& f : failures) UNSCOPED_INFO(f);
    CHECK(failures.empty());
    CHECK(passed.size() == kAllCvInterpolations.size());  // every interpolation has passing cases
}

TEST_CASE("opencv: the call text and the fx round-half-to-even output size", "[opencv]") {
    OpenCvResize r;
    r.interpolation = CvInterpolation::Cubic;
    r.dsize = std::make_pair(16, 12);
    CHECK(openCvCallText(r) == "cv2.resize(img, (16, 12), interpolation=cv2.INTER_CUBIC)");
    CHECK(openCvOutputSize(5, 5, r) == std::make_pair<int64_t, int64_t>(12, 16));
    OpenCvResize f;
    f.fx = 0.5;
    f.fy = 0.5;
    CHECK(openCvCallText(f) == "cv2.resize(img, None, fx=0.5, fy=0.5, interpolation=cv2.INTER_LINEAR)");
    CHECK(openCvOutputSize(5, 7, f) == std::make_pair<int64_t, int64_t>(2, 4));  // round(2.5) = 2, round(3.5) = 4
    f.fx = 0.1;
    CHECK_THROWS_AS(openCvOutputSize(4, 4, f), UsageError);  // round(0.4) = 0: OpenCV's assertion
    OpenCvResize none;
    CHECK_THROWS_AS(openCvOutputSize(4, 4, none), UsageError);
    CHECK(cvInterpolationFromName("cv2.INTER_LANCZOS4") == CvInterpolation::Lanczos4);
    CHECK(cvInterpolationFromName("INTER_NEAREST_EXACT") == CvInterpolation::NearestExact);
    CHECK_FALSE(cvInterpolationFromName("bilinear"));
}

TEST_CASE("opencv: layouts: (N, C, L) is an image of height 1, float64 is computed as float32", "[opencv]") {
    const Tensor row = probeInput({2, 3, 7});
    OpenCvResize r;
    r.dsize = std::make_pair(11, 1);
    const Tensor out = resizeOpenCv(row, r);
    CHECK(out.shape() == Shape{2, 3, 11});
    CHECK(out.dtype() == DType::Float32);
    r.dsize = std::make_pair(11, 2);
    CHECK_THROWS_AS(resizeOpenCv(row, r), UsageError);
    CHECK_THROWS_AS(resizeOpenCv(probeInput({1, 1, 2, 2, 2}), r), UsageError);
    const Tensor img = probeInput({1, 2, 5, 6});
    r.dsize = std::make_pair(9, 4);
    const Tensor a = resizeOpenCv(img, r), b = resizeOpenCv(img.to(DType::Float64), r);
    CHECK(golden::compareTensors(b, a, true).empty());
    // the same size is a copy
    r.dsize = std::make_pair(6, 5);
    CHECK(golden::compareTensors(resizeOpenCv(img, r), img, true).empty());
}

TEST_CASE("opencv: INTER_AREA on float32 and every 8-bit case bit for bit", "[opencv][golden]") {
    int area = 0, eightBit = 0, linearExact8 = 0;
    std::vector<std::string> failures;
    for (const auto& c : libgolden::openCvCases()) {
        const bool isArea = c.resize.interpolation == CvInterpolation::Area;
        if (!isArea && !c.resize.uint8) continue;
        area += isArea;
        eightBit += c.resize.uint8;
        linearExact8 += c.resize.uint8 && c.resize.interpolation == CvInterpolation::LinearExact;
        try {
            const std::string diff = golden::compareTensors(resizeOpenCv(c.input, c.resize), c.output, true);
            if (!diff.empty()) failures.push_back(c.id + " (" + c.call + "): " + diff);
        } catch (const std::exception& e) {
            failures.push_back(c.id + " (" + c.call + "): threw " + e.what());
        }
    }
    CHECK(area == 28);
    CHECK(eightBit == 99);
    CHECK(linearExact8 == 33);
    for (const auto& f : failures) UNSCOPED_INFO(f);
    CHECK(failures.empty());
}

TEST_CASE("opencv: 8-bit images: the values it takes, the interpolations it models, the call text", "[opencv]") {
    OpenCvResize r;
    r.uint8 = true;
    r.interpolation = CvInterpolation::LinearExact;
    r.dsize = std::make_pair(3, 3);
    const Tensor ok = Tensor::fromValues({1, 1, 2, 2}, std::vector<float>{0, 255, 17, 3});
    const Tensor y = resizeOpenCv(ok, r);
    CHECK(y.shape() == Shape{1, 1, 3, 3});
    for (int64_t i = 0; i < y.numel(); ++i) CHECK(y.at(i) == std::floor(y.at(i)));
    CHECK(openCvCallText(r) == "cv2.resize(img.astype(np.uint8), (3, 3), interpolation=cv2.INTER_LINEAR_EXACT)");
    CHECK_THROWS_AS(resizeOpenCv(Tensor::fromValues({1, 1, 2, 2}, std::vector<float>{0, 256, 1, 1}), r), UsageError);
    CHECK_THROWS_AS(resizeOpenCv(Tensor::fromValues({1, 1, 2, 2}, std::vector<float>{0, 2.5f, 1, 1}), r), UsageError);
    r.interpolation = CvInterpolation::Cubic;
    CHECK_THROWS_AS(resizeOpenCv(ok, r), UsageError);
    // float32 INTER_LINEAR_EXACT is INTER_LINEAR in OpenCV 4.6
    OpenCvResize f;
    f.dsize = std::make_pair(7, 5);
    const Tensor x = probeInput({1, 2, 4, 6});
    const Tensor lin = resizeOpenCv(x, f);
    f.interpolation = CvInterpolation::LinearExact;
    CHECK(golden::compareTensors(resizeOpenCv(x, f), lin, true).empty());
    CHECK(cvInterpolationFromName("cv2.INTER_LINEAR_EXACT") == CvInterpolation::LinearExact);
}
