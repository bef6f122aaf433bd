#include "tensor_files.hpp"

#include "imageio/image_io.hpp"
#include "upsample/error.hpp"
#include "upsample/npy.hpp"
#include "upsample/tensor_file.hpp"

#include <QString>

#include <cstdio>

namespace cli {

using namespace upsample;

ArrayReading readingFromName(const std::string& name) {
    if (name == "auto") return ArrayReading::Auto;
    if (name == "chw") return ArrayReading::ChannelsFirst;
    if (name == "dhw") return ArrayReading::DepthHW;
    if (name == "ncl") return ArrayReading::AsPyTorch;
    if (name == "hwc") return ArrayReading::ChannelsLast;
    throw UsageError("--read-as: '" + name + "' is not one of auto, chw (C, H, W), dhw (D, H, W), ncl (N, C, L), "
                     "hwc (H, W, C)");
}

InputFile readInput(const std::string& path, uint64_t maxBytes, NpyDTypes dtypes, std::optional<ArrayReading> reading) {
    InputFile in;
    if (imageio::isImagePath(path)) {
        imageio::ImageLoad load = imageio::readImage(QString::fromStdString(path), maxBytes);
        in.tensor = std::move(load.tensor);
        in.bitDepth = load.bitDepth;
        in.notices = std::move(load.notices);
        in.notices.push_back("read " + std::to_string(load.bitDepth) + "-bit " + load.format.toStdString() +
                             " as a " + formatShape(in.tensor.shape()) + " float32 tensor of stored values");
        return in;
    }
    const TensorPath p = splitTensorPath(path);
    TensorLoad load = readTensorFile(p.file, p.key, dtypes, maxBytes);
    in.tensor = std::move(load.tensor);
    in.notices = std::move(load.notices);
    if (reading && in.tensor.rank() <= 3) {
        ArrayRead r = readArrayAs(in.tensor, *reading);
        in.tensor = std::move(r.tensor);
        if (!r.notice.empty()) in.notices.push_back(r.notice);
    } else if (in.tensor.rank() == 3) {
        const ReadingGuess g = guessArrayReading(in.tensor.shape());
        if (g.offer == ArrayReading::ChannelsLast)
            in.notices.push_back(g.offerText + "; it is used as given, which F.interpolate reads as (N, C, L) (--read-as hwc "
                                               "reads it channels-last)");
    }
    return in;
}

void writeOutput(const std::string& path, const Tensor& t, int sourceBitDepth) {
    if (imageio::isImagePath(path)) {
        // uint8 results: 0-255 as is; float16 and bfloat16 widened exactly
        const bool wide = t.dtype() == DType::Float32 || t.dtype() == DType::Float64;
        const Tensor values = wide ? t : t.to(DType::Float32);
        imageio::writeImage(QString::fromStdString(path), values, sourceBitDepth == 16 ? 16 : 8);
        return;
    }
    if (const auto how = storageNotice(path, t.dtype())) std::fprintf(stderr, "upsample-cli resize: notice: %s\n", how->c_str());
    writeTensorFile(path, t);
}

}  // namespace cli
