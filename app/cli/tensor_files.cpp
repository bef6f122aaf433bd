#include "tensor_files.hpp"

#include "imageio/image_io.hpp"
#include "upsample/error.hpp"
#include "upsample/npy.hpp"
#include "upsample/tensor_file.hpp"

#include <QString>

namespace cli {

using namespace upsample;

InputFile readInput(const std::string& path, uint64_t maxBytes, NpyDTypes dtypes) {
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
    return in;
}

void writeOutput(const std::string& path, const Tensor& t, int sourceBitDepth) {
    if (imageio::isImagePath(path)) {
        const Tensor values = isFloatingDType(t.dtype()) ? t : t.to(DType::Float32);  // uint8 results: 0-255 as is
        imageio::writeImage(QString::fromStdString(path), values, sourceBitDepth == 16 ? 16 : 8);
        return;
    }
    writeTensorFile(path, t);
}

}  // namespace cli
