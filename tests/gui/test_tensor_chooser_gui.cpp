// Opening a file of several tensors in the studio: the chooser lists name, shape and dtype, the
// chosen tensor is read ("FILE.pt:NAME") and shows and upsamples; .exr pictures open as float32.
#include "studio_fixture.hpp"

#include "dialogs/TensorChooserDialog.hpp"
#include "session/InputDocument.hpp"

#include "upsample/exr.hpp"
#include "upsample/npy.hpp"

#include <QApplication>
#include <QTimer>

#include <cstring>

using namespace studio;
using namespace studio::testing;
using namespace upsample;

namespace {
const QString kFixtures = QString(UPSAMPLE_TESTS_DIR) + "/tensorfiles/fixtures/";

bool sameValues(const Tensor& a, const Tensor& b) {
    return a.numel() == b.numel() && a.dtype() == b.dtype() && std::memcmp(a.raw(), b.raw(), a.nbytes()) == 0;
}
}  // namespace

TEST_CASE("the chooser lists a state dict's names and shapes and dtypes") {
    const auto entries = listTensors((kFixtures + "torch-1.13/state_dict.pt").toStdString());
    TensorChooserDialog d("state_dict.pt", entries);
    CHECK(d.count() == 7);
    CHECK(d.chosenName() == "0.weight");
    d.choose(6);
    CHECK(d.chosenName() == "1.num_batches_tracked");
}

TEST_CASE("a .pt of three tensors opens the chooser and the chosen one shows and upsamples") {
    Fixture f;
    bool asked = false;
    QTimer::singleShot(0, [&] {
        auto* d = qobject_cast<TensorChooserDialog*>(QApplication::activeModalWidget());
        REQUIRE(d);
        asked = true;
        CHECK(d->count() == 3);
        d->choose(2);  // "plane", (3, 4)
        d->accept();
    });
    REQUIRE(f.w().openFile(kFixtures + "torch-1.13/shared.pt"));
    CHECK(asked);
    const auto& in = f.w().input();
    REQUIRE(in);
    CHECK(in->displayName == "shared.pt:plane");
    CHECK(in->tensor.shape() == Shape{1, 1, 3, 4});
    const Tensor ref = readNpy((kFixtures + "torch-1.13/ref_shared_plane.npy").toStdString(), NpyDTypes::AsPyTorch).tensor;
    CHECK(sameValues(in->tensor, ref));
    f.setSpec(scaleSpec(Mode::Bilinear, 2));
    REQUIRE(f.w().result());
    REQUIRE(f.w().result()->ok);
    CHECK(f.w().result()->output.shape() == Shape{1, 1, 6, 8});
}

TEST_CASE("FILE.npz:NAME opens that array without asking and an .exr opens with its float values") {
    const InputDocument doc = loadInput(kFixtures + "numpy/deflated.npz:c", uint64_t{1} << 30);
    CHECK(doc.tensor.shape() == Shape{1, 1, 3, 3});
    CHECK(doc.tensor.dtype() == DType::Float64);
    if (!exrSupported()) return;
    QTemporaryDir dir;
    Tensor t({1, 3, 2, 2}, DType::Float32);
    for (int64_t i = 0; i < t.numel(); ++i) t.data<float>()[i] = 250.0f * static_cast<float>(i) - 3.5f;
    writeExrForTest(dir.filePath("hdr.exr").toStdString(), t, false);
    const InputDocument exr = loadInput(dir.filePath("hdr.exr"), uint64_t{1} << 30);
    CHECK(sameValues(exr.tensor, t));  // 2746.5 stays 2746.5: no tone mapping of the data
    CHECK_FALSE(exr.isImage());
}
