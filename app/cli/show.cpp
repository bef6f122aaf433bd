// upsample-cli show FILE: a tensor's shape, dtype and values as PyTorch prints them; for a file
// holding several tensors (.pt, .safetensors, .npz), the list of their names, shapes and dtypes.
#include "args.hpp"
#include "commands.hpp"
#include "tensor_files.hpp"

#include "imageio/image_io.hpp"
#include "upsample/error.hpp"
#include "upsample/format.hpp"
#include "upsample/npy.hpp"
#include "upsample/tensor_file.hpp"

#include <algorithm>
#include <cstdio>

namespace cli {

using namespace upsample;

namespace {

const char* kShowUsage =
    "usage: upsample-cli show FILE[:NAME]\n"
    "\n"
    "FILE is a .npy, .pt/.pth (torch.save), .safetensors, .npz or .exr tensor file, or a picture (read\n"
    "as the studio reads it). Prints the tensor's shape, dtype and values the way PyTorch prints them.\n"
    "A file holding several tensors (a dict, a list or a state dict in a .pt, the arrays of an .npz,\n"
    "the tensors of a .safetensors) is listed instead: name, shape and dtype of each; FILE:NAME\n"
    "(FILE.pt:conv.weight, FILE.npz:arr_0, FILE.pt:0 for a list) prints that one.";

// The listing of a file's tensors; false when it holds one unnamed tensor (then its values are shown).
bool listEntries(const std::string& file) {
    const auto entries = listTensors(file);
    if (entries.size() == 1 && entries[0].name.empty()) return false;
    std::size_t nameWidth = 4, shapeWidth = 5;
    for (const auto& e : entries) {
        nameWidth = std::max(nameWidth, e.name.size());
        shapeWidth = std::max(shapeWidth, formatShape(e.shape).size());
    }
    std::printf("%s: %zu tensor%s\n", file.c_str(), entries.size(), entries.size() == 1 ? "" : "s");
    if (entries.empty()) return true;
    const int nw = static_cast<int>(nameWidth), sw = static_cast<int>(shapeWidth);
    std::printf("  %-*s  %-*s  %s\n", nw, "name", sw, "shape", "dtype");
    for (const auto& e : entries)
        std::printf("  %-*s  %-*s  %s\n", nw, e.name.c_str(), sw, formatShape(e.shape).c_str(), e.dtype.c_str());
    std::printf("('upsample-cli show %s:NAME' prints one)\n", file.c_str());
    return true;
}

}  // namespace

int showCommand(const std::vector<std::string>& argv) {
    const Args a(argv, {}, {"help"});
    if (a.has("help")) {
        std::puts(kShowUsage);
        return 0;
    }
    if (a.positionals().size() != 1) throw UsageError("expected one file (a tensor file or a picture)");
    const std::string& arg = a.positionals()[0];
    const TensorPath path = splitTensorPath(arg);
    const auto format = tensorFileFormatOf(path.file);
    if (!imageio::isImagePath(arg) && !path.key && format && holdsSeveralTensors(*format) && listEntries(path.file))
        return 0;
    const InputFile load = readInput(arg, kDefaultNpyMaxBytes);
    for (const auto& n : load.notices) std::fprintf(stderr, "upsample-cli show: notice: %s\n", n.c_str());
    std::printf("shape %s, %s\n%s\n", formatShape(load.tensor.shape()).c_str(),
                std::string(dtypeName(load.tensor.dtype())).c_str(), formatTorch(load.tensor).c_str());
    return 0;
}

}  // namespace cli
