// The library conventions on the command line: each library's options as the library names them
// (resize --convention), and the JSON of the export check and of the closest calls.
#pragma once

#include "args.hpp"

#include "upsample/conventions.hpp"
#include "upsample/tensor.hpp"

#include <nlohmann/json.hpp>

#include <set>
#include <string>

namespace cli {

// Value options and flags of every convention (for Args), and which convention owns each.
const std::set<std::string>& conventionValueOptions();
const std::set<std::string>& conventionFlags();
// Throws UsageError when an option of another convention is given.
void checkConventionOptions(const Args& a, upsample::Library convention);

// --interpolation INTER_X, --dsize W,H | --fx F --fy F
upsample::OpenCvResize openCvFromArgs(const Args& a);
// --resample NAME, --size W,H (Pillow's order)
upsample::PillowResize pillowFromArgs(const Args& a);
// --mode, --coordinate-transformation-mode, --nearest-mode, --cubic-coeff-a, --exclude-outside,
// --extrapolation-value, --roi, --scales | --sizes (one per dim, or one per spatial dim: N and C
// then keep their size)
upsample::OnnxResize onnxFromArgs(const Args& a, const upsample::Shape& inputShape);

// --interpolation NEAREST|NEAREST_EXACT|BILINEAR|BICUBIC, --size H,W | S, --max-size N,
// --no-antialias, --cpu-capability AVX2|AVX512|DEFAULT
upsample::TorchvisionResize torchvisionFromArgs(const Args& a);

// --order 0..3, --skimage-mode M, --cval V, --no-clip, --anti-aliasing, --output-shape N,... (one per
// spatial dim) | --rescale S[,S...] (skimage.transform.rescale's output shape)
upsample::SkimageResize skimageFromArgs(const Args& a, const upsample::Shape& inputShape);

// "onnx": {"exportable", "op", "attributes", "inputs", "max_abs_diff", "max_abs_diff_at", "differing",
// "output_shape", "note", ...}. computed: whether the check ran on an input (else the numbers are null).
nlohmann::json onnxExportJson(const upsample::OnnxExportCheck& c, bool computed);
nlohmann::json libraryCallJson(const upsample::LibraryCall& c);

}  // namespace cli
