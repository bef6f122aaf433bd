// upsample-cli resize IN OUT --mode M (--scale S | --size N) [...]
// upsample-cli resize IN OUT --convention opencv|pillow|onnx|skimage|torchvision [the library's own options]
#include "args.hpp"
#include "commands.hpp"
#include "libraries.hpp"
#include "spec_args.hpp"
#include "tensor_files.hpp"
#include "upsample/tensor_file.hpp"

#include "upsample/backend.hpp"
#include "upsample/conventions.hpp"
#include "upsample/error.hpp"
#include "upsample/npy.hpp"
#include "upsample/spec.hpp"

#include <cstdio>
#include <optional>
#include <set>

namespace cli {

using namespace upsample;

namespace {
// The help; @MODES@ stands for the mode names (from the mode table).
const char* kHelpText =
    "usage: upsample-cli resize IN OUT --mode M (--scale S[,S[,S]] | --size N[,N[,N]])\n"
    "                           [--align-corners] [--recompute-scale-factor] [--antialias] [--torch V]\n"
    "                           [--backend auto|cpu|opencl] [--device N] [--threads N] [--max-bytes B]\n"
    "                           [--convert float32] [--read-as chw|dhw|ncl|hwc|auto]\n"
    "       upsample-cli resize IN.npy OUT.npy --convention opencv --interpolation INTER_X (--dsize W,H | --fx F --fy F)\n"
    "       upsample-cli resize IN.npy OUT.npy --convention pillow --resample FILTER --size W,H\n"
    "       upsample-cli resize IN.npy OUT.npy --convention onnx --mode nearest|linear|cubic (--scales ... | --sizes ...)\n"
    "                           [--coordinate-transformation-mode C] [--nearest-mode N] [--cubic-coeff-a A]\n"
    "                           [--exclude-outside] [--extrapolation-value V] [--roi R]\n"
    "       upsample-cli resize IN.npy OUT.npy --convention skimage (--output-shape N,... | --rescale S) [--order 0-3]\n"
    "                           [--skimage-mode M] [--cval V] [--no-clip] [--anti-aliasing]\n"
    "       upsample-cli resize IN OUT --convention torchvision --size H,W|S [--interpolation I] [--max-size N]\n"
    "                           [--no-antialias] [--cpu-capability AVX2|AVX512|DEFAULT]\n"
    "\n"
    "Computes torch.nn.functional.interpolate(IN, ...) and writes the result to OUT; with --convention,\n"
    "the resize of another library, computed as that library computes it.\n"
    "IN is a .npy tensor (N, C, L), (N, C, H, W) or (N, C, D, H, W); its dtype is PyTorch's (CPU):\n"
    "float32 and float64 are computed in their own precision in every mode, uint8 in nearest\n"
    "and nearest-exact (a uint8 result, the input's bytes); other dtypes and modes are refused with\n"
    "the chosen PyTorch version's error. --convert float32 converts the input first (with a notice).\n"
    "--read-as chw|dhw|ncl|hwc|auto reads an array of rank 1 to 3 as (C, H, W) x[None], (D, H, W)\n"
    "x[None, None], (N, C, L) as is, (H, W, C) x.permute(2, 0, 1)[None], or as the studio guesses\n"
    "(auto: (1, 1, L) as is, other 3-D arrays (C, H, W)); without it IN is used as given.\n"
    "IN may also be a picture (.png .jpg .jpeg .bmp .tif .tiff .webp): it is read as the (1, C, H, W)\n"
    "float32 tensor of its stored values (0-255, or 0-65535 for 16-bit files), C = 1, 3 or 4; a\n"
    "multi-page TIFF as the (1, C, D, H, W) stack of its pages.\n"
    "OUT is .npy (exact values) or a picture: 8-bit, or 16-bit when IN was a 16-bit picture (PNG\n"
    "and TIFF only), values rounded half to even and clamped.\n"
    "\n"
    "options (PyTorch, the default --convention pytorch):\n"
    "  --mode M                  @MODES@\n"
    "  --scale S[,S[,S]]         scale_factor: one value for every spatial dim, or one per dim\n"
    "  --size N[,N[,N]]          size: one value for every spatial dim, or one per dim\n"
    "  --align-corners           align_corners=True (linear modes only; default None/False)\n"
    "  --no-align-corners        align_corners=False, passed explicitly (an error for nearest/area, as in PyTorch)\n"
    "  --recompute-scale-factor  recompute_scale_factor=True\n"
    "  --antialias               antialias=True (@ANTIALIAS@; 4-D input)\n"
    "@TORCH@"
    "  --backend B               auto (default): OpenCL when a device is usable, else the CPU with a\n"
    "                            notice; cpu; opencl: the OpenCL device or an error saying why\n"
    "                            (float64 on a device without cl_khr_fp64 runs on the CPU, with a notice)\n"
    "  --device N                OpenCL device index (see 'upsample-cli devices'; default: the\n"
    "                            UPSAMPLE_OPENCL_DEVICE environment variable, else a GPU before a CPU)\n"
    "  --threads N               CPU threads (default: one per hardware thread)\n"
    "  --max-bytes B             refuse an input or output larger than B bytes (K/M/G suffixes; default 4G)\n"
    "  --convert float32         convert an integer, bool or float16 .npy input to float32 first\n"
    "  --verbose                 say which backend ran, why, and how long it took\n"
    "\n"
    "--convention opencv: cv2.resize on float32 images; each n of (N, C, H, W) is an (H, W, C) image,\n"
    "(N, C, L) is an image of height 1; the output is float32\n"
    "  --interpolation I         INTER_NEAREST | INTER_NEAREST_EXACT | INTER_LINEAR (default) |\n"
    "                            INTER_LINEAR_EXACT | INTER_CUBIC | INTER_AREA | INTER_LANCZOS4\n"
    "  --uint8                   an 8-bit image (values integers 0..255): INTER_NEAREST, INTER_NEAREST_EXACT,\n"
    "                            INTER_LINEAR_EXACT as cv2 computes them on np.uint8\n"
    "  --dsize W,H               dsize, width first as cv2 writes it\n"
    "  --fx F --fy F             without --dsize: output round(W·fx) x round(H·fy), the kernel uses 1/fx, 1/fy\n"
    "--convention pillow: Image.resize on each (n, c) plane as a mode \"F\" image; the output is float32\n"
    "  --resample R              NEAREST | BOX | BILINEAR | HAMMING | BICUBIC (default) | LANCZOS\n"
    "  --size W,H                the size, width first as Pillow writes it\n"
    "--convention onnx: the Resize operator (opsets 11 to 19) on the whole tensor, computed in double\n"
    "  --opset N                 the node's opset (default 16); 18: --antialias, --axes,\n"
    "                            --keep-aspect-ratio-policy; 19: half_pixel_symmetric\n"
    "  --antialias               linear / cubic: stretch the kernel by 1/scale when downscaling (opset 18)\n"
    "  --axes A,...              the axes --scales / --sizes / --roi refer to (opset 18; negative from the back)\n"
    "  --keep-aspect-ratio-policy P   stretch (default) | not_larger | not_smaller, with --sizes (opset 18)\n"
    "  --mode M                  nearest | linear | cubic\n"
    "  --scales S,...            one per dim (N and C included), or one per spatial dim (N, C keep 1)\n"
    "  --sizes N,...             one per dim, or one per spatial dim (N and C keep their size)\n"
    "  --coordinate-transformation-mode C   half_pixel (default) | pytorch_half_pixel | align_corners |\n"
    "                            asymmetric | tf_half_pixel_for_nn (to opset 17) | tf_crop_and_resize |\n"
    "                            half_pixel_symmetric (opset 19)\n"
    "  --nearest-mode N          round_prefer_floor (default) | round_prefer_ceil | floor | ceil\n"
    "  --cubic-coeff-a A         default -0.75\n"
    "  --exclude-outside         weights of taps outside the input are 0, the rest renormalised\n"
    "  --extrapolation-value V   tf_crop_and_resize: the value outside the roi (default 0)\n"
    "  --roi R                   tf_crop_and_resize: starts then ends, per dim or per spatial dim\n"
    "--convention skimage: skimage.transform.resize on each (n, c) slice as a float image (scikit-image\n"
    "0.19); float32 and float64 keep their dtype\n"
    "  --output-shape N,...      output_shape: one value per spatial dim, rows first\n"
    "  --rescale S[,S...]        skimage.transform.rescale: output max(1, round(in · S)) (half to even)\n"
    "  --order O                 0 (nearest) | 1 (linear, the default) | 2 | 3 (quadratic, cubic B-splines)\n"
    "  --skimage-mode M          constant | edge | symmetric | reflect (default) | wrap\n"
    "  --cval V                  constant: the value outside (default 0)\n"
    "  --no-clip                 clip=False (default: clip to the input's range)\n"
    "  --anti-aliasing           anti_aliasing=True: a Gaussian prefilter, sigma = (in/out - 1)/2 per axis\n"
    "--convention torchvision: transforms.v2.functional.resize (torchvision 0.27 on PyTorch 2.14) on the\n"
    "(N, C, H, W) tensor as it is (uint8, float32, float64, bfloat16; an 8-bit picture as uint8, as\n"
    "torchvision.io.decode_image gives it); the output keeps the dtype\n"
    "  --size H,W | S            [H, W], or S: the smaller edge becomes S, the other int(S · long / short)\n"
    "  --interpolation I         NEAREST | NEAREST_EXACT | BILINEAR (default) | BICUBIC | LANCZOS\n"
    "  --max-size N              with --size S: the longer edge at most N\n"
    "  --no-antialias            antialias=False (default True; BILINEAR and BICUBIC; LANCZOS refuses it)\n"
    "  --cpu-capability C        torch.backends.cpu.get_cpu_capability(): AVX2 (default) or AVX512 send\n"
    "                            uint8 BILINEAR to PyTorch's fixed point; DEFAULT (no AVX2, ARM) computes\n"
    "                            it in float32 and rounds half to even\n"
    "\n"
    "Errors go to stderr with PyTorch's message; the exit status is non-zero and OUT is not\n"
    "created (it is written to a temporary file beside it and renamed when complete).\n";

// The modes that take antialias, from their policies: "bilinear, bicubic: optional; lanczos: required".
std::string antialiasModes() {
    std::string optional, required;
    for (Mode m : kAllModes) {
        const ModeDescriptor& d = describe(m);
        std::string& list = d.antialias == AntialiasPolicy::Optional ? optional : required;
        if (d.antialias != AntialiasPolicy::Refused) list += (list.empty() ? "" : ", ") + std::string(d.name);
    }
    return optional + ": optional" + (required.empty() ? "" : "; " + required + ": required");
}
}  // namespace


namespace {
// The resize of another library: options, output cap, the call.
int resizeOtherConvention(const Args& a, Library convention, const std::string& inPath, const std::string& outPath) {
    for (const char* o : {"align-corners", "no-align-corners", "recompute-scale-factor", "antialias", "scale", "backend",
                          "device", "threads"})
        if (a.has(o) && !(convention == Library::Onnx && std::string_view(o) == "antialias"))  // ONNX's own (opset 18)
            throw UsageError(std::string("--") + o + " is a PyTorch option; --convention " +
                             std::string(libraryName(convention)) + " takes its library's own (see --help)");
    if (convention != Library::Onnx && a.has("mode"))
        throw UsageError("--mode is a PyTorch and ONNX option; --convention " + std::string(libraryName(convention)) +
                         (convention == Library::OpenCV || convention == Library::Torchvision ? " takes --interpolation"
                          : convention == Library::Pillow ? " takes --resample"
                                                          : " takes --order and --skimage-mode"));
    const uint64_t maxBytes = runOptionsFromArgs(a).maxBytes;  // the PyTorch-only options were refused above
    const bool keepDType = convention == Library::Torchvision;  // torchvision takes the tensor as it is
    InputFile load = readInput(inPath, maxBytes, keepDType ? NpyDTypes::AsPyTorch : NpyDTypes::ConvertToFloat32);
    if (keepDType && load.bitDepth == 8) load.tensor = load.tensor.to(DType::UInt8);  // decode_image: uint8
    for (const auto& n : load.notices) std::fprintf(stderr, "upsample-cli resize: notice: %s\n", n.c_str());
    const Tensor& in = load.tensor;
    Shape outShape;
    std::string call;
    std::optional<OpenCvResize> cv;
    std::optional<PillowResize> pil;
    std::optional<OnnxResize> onnx;
    std::optional<SkimageResize> sk;
    std::optional<TorchvisionResize> tv;
    if (convention == Library::Torchvision) {
        tv = torchvisionFromArgs(a);
        call = torchvisionCallText(*tv);
        if (in.rank() != 4) throw UsageError("torchvision resizes images: expected (N, C, H, W), got " + formatShape(in.shape()));
        const auto [oh, ow] = torchvisionOutputSize(in.dim(2), in.dim(3), *tv);
        outShape = {in.dim(0), in.dim(1), oh, ow};
    } else if (convention == Library::OpenCV) {
        cv = openCvFromArgs(a);
        call = openCvCallText(*cv);
        if (in.rank() < 3) throw UsageError("OpenCV resizes 2-D images: expected (N, C, H, W) or (N, C, L), got " + formatShape(in.shape()));
        const auto [oh, ow] = openCvOutputSize(in.rank() == 4 ? in.dim(2) : 1, in.shape().back(), *cv);
        outShape = {in.dim(0), in.dim(1), oh, ow};
    } else if (convention == Library::Pillow) {
        pil = pillowFromArgs(a);
        call = pillowCallText(*pil);
        if (in.rank() < 3) throw UsageError("Pillow resizes 2-D images: expected (N, C, H, W) or (N, C, L), got " + formatShape(in.shape()));
        outShape = {in.dim(0), in.dim(1), pil->height, pil->width};
    } else if (convention == Library::Skimage) {
        sk = skimageFromArgs(a, in.shape());
        call = skimageCallText(*sk);
        if (in.rank() < 3) throw UsageError("expected (N, C, spatial...), got " + formatShape(in.shape()));
        outShape = {in.dim(0), in.dim(1)};
        outShape.insert(outShape.end(), sk->outputShape.begin(), sk->outputShape.end());
    } else {
        onnx = onnxFromArgs(a, in.shape());
        call = onnxCallText(*onnx);
        outShape = onnxOutputShape(in.shape(), *onnx);
    }
    const bool keeps = convention == Library::Onnx || convention == Library::Skimage || convention == Library::Torchvision;
    const DType outType = keeps ? in.dtype() : DType::Float32;
    const uint64_t bytes = shapeBytes(outShape, outType);
    if (bytes > maxBytes)
        throw TooLargeError("output " + formatShape(outShape) + " needs " + std::to_string(bytes) +
                                " bytes, over the limit of " + std::to_string(maxBytes),
                            bytes, maxBytes);
    const Tensor out = cv    ? resizeOpenCv(in, *cv)
                       : pil ? resizePillow(in, *pil)
                       : sk  ? resizeSkimage(in, *sk)
                       : tv  ? resizeTorchvision(in, *tv)
                             : resizeOnnx(in, *onnx);
    if (a.has("verbose"))
        std::fprintf(stderr, "upsample-cli resize: %s: %s -> %s\n", call.c_str(), formatShape(in.shape()).c_str(),
                     formatShape(out.shape()).c_str());
    if (tv) writeOutput(outPath, out, load.bitDepth);  // a picture as a picture, bfloat16 said how it is stored
    else writeTensorFile(outPath, out);
    return 0;
}
}  // namespace

int resizeCommand(const std::vector<std::string>& argv) {
    std::set<std::string> values = resizeValueOptions(), flags = resizeFlags();
    values.insert("convention");
    values.insert("convert");
    values.insert("read-as");
    values.insert(conventionValueOptions().begin(), conventionValueOptions().end());
    flags.insert(conventionFlags().begin(), conventionFlags().end());
    const Args a(argv, values, flags);
    if (a.has("help")) {
        std::string help = kHelpText;
        help.replace(help.find("@MODES@"), 7, modeNames(" | "));
        help.replace(help.find("@TORCH@"), 7, torchOptionHelp());
        help.replace(help.find("@ANTIALIAS@"), 11, antialiasModes());
        std::fputs(help.c_str(), stdout);
        return 0;
    }
    if (a.positionals().size() != 2)
        throw UsageError("expected IN and OUT files, got " + std::to_string(a.positionals().size()) +
                         " file arguments (see upsample-cli resize --help)");
    const std::string& inPath = a.positionals()[0];
    const std::string& outPath = a.positionals()[1];
    Library convention = Library::PyTorch;
    if (auto c = a.value("convention")) {
        auto l = libraryFromName(*c);
        if (!l) throw UsageError("--convention: '" + *c + "' is not one of pytorch, opencv, pillow, onnx, skimage, torchvision");
        convention = *l;
    }
    checkConventionOptions(a, convention);
    if (convention != Library::PyTorch) return resizeOtherConvention(a, convention, inPath, outPath);
    const Spec spec = specFromArgs(a);
    const RunOptions options = runOptionsFromArgs(a);

    NpyDTypes dtypes = NpyDTypes::AsPyTorch;
    if (const auto c = a.value("convert")) {
        if (*c != "float32") throw UsageError("--convert: '" + *c + "' is not float32 (the one conversion offered)");
        dtypes = NpyDTypes::ConvertToFloat32;
    }
    std::optional<ArrayReading> reading;
    if (const auto r = a.value("read-as")) reading = readingFromName(*r);
    InputFile load = readInput(inPath, options.maxBytes, dtypes, reading);
    for (const auto& n : load.notices) std::fprintf(stderr, "upsample-cli resize: notice: %s\n", n.c_str());
    RunReport report;
    const Tensor out = interpolate(load.tensor, spec, options, &report);
    for (const auto& n : report.notices) std::fprintf(stderr, "upsample-cli resize: notice: %s\n", n.c_str());
    if (a.has("verbose"))
        std::fprintf(stderr, "upsample-cli resize: %s -> %s on %s in %.3f ms (%s)\n", formatShape(load.tensor.shape()).c_str(),
                     formatShape(out.shape()).c_str(), report.backend.c_str(), report.milliseconds, runReason(report).c_str());
    writeOutput(outPath, out, load.bitDepth);
    return 0;
}

}  // namespace cli
