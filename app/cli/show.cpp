// upsample-cli show FILE (.npy or a picture): shape, dtype and values as PyTorch prints them.
#include "args.hpp"
#include "commands.hpp"
#include "tensor_files.hpp"

#include "upsample/error.hpp"
#include "upsample/format.hpp"
#include "upsample/npy.hpp"

#include <cstdio>

namespace cli {

using namespace upsample;

int showCommand(const std::vector<std::string>& argv) {
    const Args a(argv, {}, {"help"});
    if (a.has("help")) {
        std::puts("usage: upsample-cli show FILE\n\nFILE is a .npy tensor or a picture (read as the studio reads it).\nPrints the tensor's shape, dtype and values the way PyTorch prints them.");
        return 0;
    }
    if (a.positionals().size() != 1) throw UsageError("expected one file (.npy or a picture)");
    const InputFile load = readInput(a.positionals()[0], kDefaultNpyMaxBytes);
    for (const auto& n : load.notices) std::fprintf(stderr, "upsample-cli show: notice: %s\n", n.c_str());
    std::printf("shape %s, %s\n%s\n", formatShape(load.tensor.shape()).c_str(),
                std::string(dtypeName(load.tensor.dtype())).c_str(), formatTorch(load.tensor).c_str());
    return 0;
}

}  // namespace cli
