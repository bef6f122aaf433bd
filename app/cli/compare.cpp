// upsample-cli compare IN.npy --mode M (--scale S | --size N) [...] [--json]: each library's closest
// call to the PyTorch spec, computed on IN and measured against PyTorch.
#include "args.hpp"
#include "commands.hpp"
#include "json_out.hpp"
#include "libraries.hpp"
#include "spec_args.hpp"
#include "tensor_files.hpp"

#include "upsample/analysis.hpp"
#include "upsample/conventions.hpp"
#include "upsample/error.hpp"
#include "upsample/npy.hpp"

#include <cmath>
#include <cstdio>
#include <optional>
#include <sstream>

namespace cli {

using namespace upsample;
using nlohmann::json;

namespace {
const char* kHelp =
    "usage: upsample-cli compare IN.npy --mode M (--scale S[,S[,S]] | --size N[,N[,N]])\n"
    "                            [--align-corners] [--recompute-scale-factor] [--antialias] [--torch V] [--json]\n"
    "\n"
    "Runs torch.nn.functional.interpolate(IN, ...) and each library's closest call on IN, and prints one\n"
    "line per library: the call, the verdict, max |library - PyTorch|, the elements that differ and the\n"
    "PSNR against PyTorch (peak: a picture's 255 or 65535, uint8's 255, else the input's max - min).\n"
    "  identical      same shape, every element within 2e-5·max(1, |PyTorch|) (float rounding)\n"
    "  differs        another shape, or elements beyond that tolerance\n"
    "  no equivalent  the library has no such call (3-D data in OpenCV or Pillow, ...)\n"
    "The libraries, computed here as each computes it: OpenCV's cv2.resize on float32 (H, W, C) images\n"
    "(each n of (N, C, H, W); (N, C, L) is height 1), Pillow's Image.resize on each plane as a mode \"F\"\n"
    "image, ONNX: the node torch.onnx.export writes at opset 16 (or, where it refuses, the Resize\n"
    "computing the same formula), and scikit-image's skimage.transform.resize on each (n, c) slice.\n"
    "Notes saying why a call differs follow the table.\n"
    "\n"
    "options: --mode, --scale, --size, --align-corners, --no-align-corners, --recompute-scale-factor,\n"
    "--antialias, --torch (the PyTorch version of the reference column) as for 'upsample-cli resize'; --json prints an object with every field;\n"
    "--max-bytes B refuses larger inputs (default 4G).\n";

// PSNR of each library's result against PyTorch's, with the studio's peak rule (psnrPeak): one
// value per call (nullopt where the shapes differ or there is no equivalent; +inf when identical).
std::vector<std::optional<double>> psnrs(const std::vector<LibraryCall>& calls, const PsnrPeak& peak) {
    std::vector<std::optional<double>> out;
    const LibraryCall& ref = calls.front();
    for (const auto& c : calls) {
        const bool comparable = ref.output && c.output && c.output->shape() == ref.output->shape();
        out.push_back(comparable ? std::optional<double>(diffStats(*c.output, *ref.output, peak).psnr) : std::nullopt);
    }
    return out;
}

std::string psnrText(const std::optional<double>& p) {
    if (!p) return "-";
    if (std::isinf(*p)) return "inf";
    char buf[32];
    std::snprintf(buf, sizeof buf, "%.2f dB", *p);
    return buf;
}

std::string diffText(const LibraryCall& c) {
    if (!c.maxAbsDiff) return "-";
    std::ostringstream os;
    os.precision(3);
    os << *c.maxAbsDiff;
    return os.str();
}
}  // namespace

int compareCommand(const std::vector<std::string>& argv) {
    const Args a(argv, {"mode", "scale", "size", "max-bytes", "torch"},
                 {"align-corners", "no-align-corners", "recompute-scale-factor", "antialias", "json", "help"});
    if (a.has("help")) {
        std::fputs(kHelp, stdout);
        return 0;
    }
    if (a.positionals().size() != 1)
        throw UsageError("expected one IN.npy, got " + std::to_string(a.positionals().size()) +
                         " file arguments (see upsample-cli compare --help)");
    const Spec spec = specFromArgs(a);
    const InputFile load = readInput(a.positionals()[0], runOptionsFromArgs(a).maxBytes);
    for (const auto& n : load.notices) std::fprintf(stderr, "upsample-cli compare: notice: %s\n", n.c_str());
    const auto calls = closestCalls(spec, load.tensor, /*keepOutputs=*/true);
    const PsnrPeak peak = psnrPeak(load.tensor, load.bitDepth);
    const auto psnr = psnrs(calls, peak);

    if (a.has("json")) {
        json j;
        j["input_shape"] = load.tensor.shape();
        j["dtype"] = std::string(dtypeName(load.tensor.dtype()));
        j["call"] = calls.front().code;
        j["output_shape"] = calls.front().shape;
        j["tolerance"] = "2e-5·max(1, |PyTorch|)";
        j["psnr_peak"] = peak.value;
        j["psnr_peak_rule"] = peak.rule;
        j["libraries"] = json::array();
        for (std::size_t i = 0; i < calls.size(); ++i) {
            json l = libraryCallJson(calls[i]);
            l["psnr"] = psnr[i] && std::isfinite(*psnr[i]) ? json(*psnr[i]) : json(nullptr);  // null: identical or not comparable
            j["libraries"].push_back(std::move(l));
        }
        std::puts(formatJson(j).c_str());
        return 0;
    }
    std::size_t width = 0;
    for (const auto& c : calls) width = std::max(width, c.code.size());
    std::printf("input %s %s -> %s\n", formatShape(load.tensor.shape()).c_str(),
                std::string(dtypeName(load.tensor.dtype())).c_str(), formatShape(calls.front().shape).c_str());
    std::printf("%-8s %-*s  %-13s  %-10s  %-14s  %s\n", "library", static_cast<int>(width), "call", "verdict", "max|diff|",
                "differing", "PSNR");
    for (std::size_t i = 0; i < calls.size(); ++i) {
        const LibraryCall& c = calls[i];
        const bool ref = c.library == Library::PyTorch;
        const std::string code = c.code.empty() ? "(none)" : c.code;
        const std::string verdict = ref ? "reference" : std::string(verdictName(c.verdict));
        const std::string differing =
            c.verdict == Verdict::NoEquivalent ? "-"
            : c.compared == 0                  ? "shape " + formatShape(c.shape)
                                               : std::to_string(c.differing) + "/" + std::to_string(c.compared);
        std::printf("%-8s %-*s  %-13s  %-10s  %-14s  %s\n", std::string(libraryName(c.library)).c_str(), static_cast<int>(width),
                    code.c_str(), verdict.c_str(), ref ? "-" : diffText(c).c_str(), ref ? "-" : differing.c_str(),
                    ref ? "-" : psnrText(psnr[i]).c_str());
    }
    std::printf("PSNR against PyTorch, peak %.6g: %s (the studio's A/B compare uses the same rule)\n", peak.value,
                peak.rule.c_str());
    bool header = false;
    for (const auto& c : calls) {
        if (c.library == Library::PyTorch || c.note.empty()) continue;
        if (!header) std::printf("notes:\n");
        header = true;
        std::printf("  %s: %s\n", std::string(libraryName(c.library)).c_str(), c.note.c_str());
    }
    return 0;
}

}  // namespace cli
