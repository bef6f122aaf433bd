// bfloat16 in the studio: a .safetensors bfloat16 tensor stays bfloat16, is computed as PyTorch 2.14
// computes it (in float, rounded to bfloat16), drawn, its values shown as bfloat16 reads them; the
// antialias refusal is PyTorch's, word for word.
#include "studio_fixture.hpp"

#include "views/DisplayMapping.hpp"
#include "views/InputBanner.hpp"
#include "views/ValueFormat.hpp"

#include "upsample/backend.hpp"
#include "upsample/tensor_file.hpp"

#include <QApplication>

#include <cmath>
#include <cstring>

using namespace studio;
using namespace studio::testing;
using namespace upsample;

namespace {
// A (1, 2, 3, 4) bfloat16 tensor: values k / 10 rounded to bfloat16 (0.1 is 0x3dcd), a NaN at 5.
Tensor bfloat16Input() {
    Tensor t(Shape{1, 2, 3, 4}, DType::BFloat16);
    auto* b = static_cast<uint16_t*>(t.raw());
    for (int64_t i = 0; i < t.numel(); ++i) b[i] = floatToBFloat16(static_cast<float>(i) / 10.0f);
    b[5] = 0x7fc0u;
    return t;
}
}  // namespace

TEST_CASE("a bfloat16 .safetensors stays bfloat16: bilinear bit for bit with the core, shown as bfloat16 values") {
    Fixture f;
    f.setSpec(scaleSpec(Mode::Bilinear, 2));
    const Tensor in = bfloat16Input();
    const QString path = f.dir.filePath("act.safetensors");
    writeTensorFile(path.toStdString(), in);
    REQUIRE(f.w().openFile(path));
    f.w().waitForCompute();
    CHECK(f.w().lastError().isEmpty());
    CHECK(f.w().input()->tensor.dtype() == DType::BFloat16);
    CHECK(f.w().originalCaption().contains("bfloat16"));
    REQUIRE(f.w().result());
    const Tensor& out = f.w().result()->output;
    REQUIRE(out.dtype() == DType::BFloat16);
    REQUIRE(out.shape() == Shape{1, 2, 6, 8});
    Spec s;
    s.mode = Mode::Bilinear;
    s.scaleFactor = std::vector<double>{2.0};
    RunOptions cpu;
    cpu.backend = BackendKind::Cpu;
    const Tensor want = interpolate(in, s, cpu);
    CHECK(std::memcmp(out.raw(), want.raw(), want.nbytes()) == 0);
    // the fewest digits that read back as the same bfloat16: 0.1 for 0.10009765625 (0x3dcd),
    // 0.334 for 0.333984375 (0x3eab, the bfloat16 nearest 1/3; 0.33 reads back as 0x3ea9)
    CHECK(formatValue(in.at(1), DType::BFloat16) == "0.1");
    CHECK(formatValue(bfloat16ToFloat(0x3eabu), DType::BFloat16) == "0.334");
    CHECK(formatValue(in.at(5), DType::BFloat16) == "nan");
    CHECK(formatValue(3.0, DType::BFloat16) == "3");
    CHECK(formatValue(100.0, DType::BFloat16) == "100");
    const PlaneView plane(out, SliceSelection{});
    CHECK(plane.value(0, 5) == out.at(5 * 8));  // row 5, column 0 of channel 0 (no NaN reaches it)
    CHECK_FALSE(std::isnan(out.at(5 * 8)));
    CHECK_FALSE(f.w().grab().isNull());

    // antialias: PyTorch 2.14's refusal, in the bar above the views.
    SpecState aa = scaleSpec(Mode::Bilinear, 0.5);
    aa.antialias = true;
    f.setSpec(aa);
    QApplication::processEvents();
    CHECK(f.w().inputBanner()->isVisible());
    CHECK(f.w().lastError().startsWith(
        "NotImplementedError: \"compute_index_ranges_weights\" not implemented for 'BFloat16'\n"));
}
