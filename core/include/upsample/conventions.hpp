// Other libraries' resize conventions, computed the way each library computes them, and how they
// compare with PyTorch's F.interpolate:
//  * OpenCV's cv2.resize on float32 images (INTER_NEAREST, INTER_NEAREST_EXACT, INTER_LINEAR,
//    INTER_LINEAR_EXACT, INTER_CUBIC, INTER_AREA, INTER_LANCZOS4; dsize or fx/fy), and on 8-bit
//    images (INTER_NEAREST, INTER_NEAREST_EXACT, INTER_LINEAR_EXACT), bit for bit against OpenCV 4.6;
//  * Pillow's Image.resize on mode "F" images (NEAREST, BOX, BILINEAR, HAMMING, BICUBIC, LANCZOS),
//    checked against Pillow 9.4;
//  * ONNX's Resize operator, opsets 11 to 16 (modes nearest / linear / cubic, every
//    coordinate_transformation_mode and nearest_mode, cubic_coeff_a, exclude_outside,
//    extrapolation_value, roi, scales or sizes), checked against ONNX's conformance data, and
//    opsets 18 and 19 (antialias, axes, keep_aspect_ratio_policy; half_pixel_symmetric), checked
//    against ONNX's node tests for them run through ONNX's reference implementation;
//  * scikit-image's skimage.transform.resize (scikit-image 0.19 on SciPy 1.10: scipy.ndimage.zoom
//    with grid_mode=True) on float images, orders 0 to 3 (nearest, linear, quadratic and cubic
//    B-splines with their prefilter), every mode
//    ('constant', 'edge', 'symmetric', 'reflect', 'wrap'), anti_aliasing (a Gaussian prefilter),
//    cval and clip, checked against scikit-image in float64;
//  * what PyTorch 1.13's ONNX exporter (opset 16) writes for a spec, or its refusal, and whether
//    that node reproduces PyTorch's numbers;
//  * torchvision's transforms.v2.functional.resize on image tensors (torchvision 0.27 on PyTorch
//    2.14: uint8 in PyTorch's fixed point, or through float32 for bilinear on CPUs without AVX2);
//  * for a PyTorch spec, each library's closest call, with a verdict measured on an input.
//
// Tensors are the tool's own layout: (N, C, H, W), or (N, C, L) read as images of height 1.
// OpenCV and Pillow resize 2-D images: each n is one (H, W, C) image in OpenCV's terms (channels
// never mix, so each (n, c) plane is resized on its own), and each (n, c) plane is one mode "F"
// image in Pillow's. Both compute on float32: float64 input is converted to float32 first. ONNX
// Resize works on any rank and resizes any axis; it computes in double (as ONNX's reference does)
// and returns the input's dtype.
#pragma once

#include "upsample/spec.hpp"
#include "upsample/tensor.hpp"

#include <array>
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace upsample {

enum class Library { PyTorch, OpenCV, Pillow, Onnx, Skimage, Torchvision };
inline constexpr std::array<Library, 6> kAllLibraries = {Library::PyTorch, Library::OpenCV, Library::Pillow,
                                                         Library::Onnx,    Library::Skimage, Library::Torchvision};
std::string_view libraryName(Library l);         // "pytorch", "opencv", "pillow", "onnx", "skimage", "torchvision"
std::string_view libraryDisplayName(Library l);  // "PyTorch", "OpenCV", "Pillow", "ONNX", "scikit-image", "torchvision"
std::optional<Library> libraryFromName(std::string_view name);

// ------------------------------------------------------------------------------------------------
// OpenCV: cv2.resize(img, dsize, fx=fx, fy=fy, interpolation=...)

enum class CvInterpolation {
    Nearest = 0,
    Linear = 1,
    Cubic = 2,
    Area = 3,
    Lanczos4 = 4,
    LinearExact = 5,  // 8-bit: bit-exact fixed point; float32: INTER_LINEAR (OpenCV 4.6 falls back)
    NearestExact = 6,
};
inline constexpr std::array<CvInterpolation, 7> kAllCvInterpolations = {
    CvInterpolation::Nearest, CvInterpolation::NearestExact, CvInterpolation::Linear, CvInterpolation::LinearExact,
    CvInterpolation::Cubic,   CvInterpolation::Area,         CvInterpolation::Lanczos4};
std::string_view cvInterpolationName(CvInterpolation i);  // "INTER_LINEAR"
// Accepts "INTER_LINEAR" and "cv2.INTER_LINEAR".
std::optional<CvInterpolation> cvInterpolationFromName(std::string_view name);

struct OpenCvResize {
    CvInterpolation interpolation = CvInterpolation::Linear;
    // dsize is (width, height), as cv2 writes it; when given it wins and the kernel's scale is
    // in/out. Without it the output is round(W·fx) x round(H·fy) (half to even) and the kernel's
    // scale is 1/fx, 1/fy.
    std::optional<std::pair<int64_t, int64_t>> dsize;
    double fx = 0, fy = 0;
    // An 8-bit image (np.uint8): the input's values must be integers in [0, 255] (UsageError
    // otherwise), the output holds cv2's uint8 results (as float32). Models INTER_NEAREST,
    // INTER_NEAREST_EXACT and INTER_LINEAR_EXACT (UsageError for the other interpolations).
    bool uint8 = false;
};

// Output (height, width) for an input of (height, width). Throws UsageError where OpenCV's
// assertions fail (an empty output, fx <= 0 without dsize).
std::pair<int64_t, int64_t> openCvOutputSize(int64_t height, int64_t width, const OpenCvResize& r);
// cv2.resize on every image of the tensor. Throws UsageError for ranks other than 3 and 4.
Tensor resizeOpenCv(const Tensor& input, const OpenCvResize& r);
// "cv2.resize(img, (16, 16), interpolation=cv2.INTER_LINEAR)" or
// "cv2.resize(img, None, fx=2.0, fy=2.0, interpolation=cv2.INTER_LINEAR)"; 8-bit:
// "cv2.resize(img.astype(np.uint8), (16, 16), interpolation=cv2.INTER_LINEAR_EXACT)".
std::string openCvCallText(const OpenCvResize& r);

// ------------------------------------------------------------------------------------------------
// Pillow: Image.fromarray(plane, mode="F").resize((width, height), resample)

enum class PilResample { Nearest = 0, Lanczos = 1, Bilinear = 2, Bicubic = 3, Box = 4, Hamming = 5 };
inline constexpr std::array<PilResample, 6> kAllPilResamples = {PilResample::Nearest,  PilResample::Box,
                                                                PilResample::Bilinear, PilResample::Hamming,
                                                                PilResample::Bicubic,  PilResample::Lanczos};
std::string_view pilResampleName(PilResample r);  // "BICUBIC"
// Accepts "BICUBIC", "Image.BICUBIC" and "Image.Resampling.BICUBIC" (and ANTIALIAS for LANCZOS).
std::optional<PilResample> pilResampleFromName(std::string_view name);

struct PillowResize {
    PilResample resample = PilResample::Bicubic;  // Image.resize's default
    int64_t width = 0, height = 0;                // Pillow's (width, height) order
};

// Image.resize on every plane. Throws UsageError for a size <= 0 ("height and width must be > 0",
// Pillow's ValueError) and for ranks other than 3 and 4.
Tensor resizePillow(const Tensor& input, const PillowResize& r);
// "img.resize((16, 16), Image.Resampling.BICUBIC)"
std::string pillowCallText(const PillowResize& r);

// ------------------------------------------------------------------------------------------------
// ONNX: Resize(X, roi, scales, sizes) with its attributes (opsets 11 to 16)

enum class OnnxMode { Nearest, Linear, Cubic };
enum class OnnxCoordinateTransform {
    HalfPixel,         // (x + 0.5) / scale - 0.5
    PytorchHalfPixel,  // as half_pixel, but -0.5 when the output length is 1
    AlignCorners,      // x · (in - 1) / (scale·in - 1), 0 when scale·in is 1
    Asymmetric,        // x / scale
    TfHalfPixelForNn,  // (x + 0.5) / scale (opsets 11 to 17)
    TfCropAndResize,   // x · (end - start) · (in - 1) / (scale·in - 1) + start · (in - 1), from roi
    HalfPixelSymmetric,  // opset 19: half_pixel + in/2 · (1 - out/(scale·in)), centred when out is rounded
};
// opset 18: how sizes are read (scales refuse anything but stretch).
enum class OnnxKeepAspectRatioPolicy {
    Stretch,     // out = sizes
    NotLarger,   // scale = min(sizes / in) over the axes, out = round_half_up(scale · in)
    NotSmaller,  // scale = max(sizes / in) over the axes
};
enum class OnnxNearestMode { RoundPreferFloor, RoundPreferCeil, Floor, Ceil };
std::string_view onnxModeName(OnnxMode m);                             // "linear"
std::string_view onnxCoordinateTransformName(OnnxCoordinateTransform c);  // "half_pixel"
std::string_view onnxNearestModeName(OnnxNearestMode n);               // "round_prefer_floor"
std::optional<OnnxMode> onnxModeFromName(std::string_view name);
std::optional<OnnxCoordinateTransform> onnxCoordinateTransformFromName(std::string_view name);
std::optional<OnnxNearestMode> onnxNearestModeFromName(std::string_view name);
std::string_view onnxKeepAspectRatioPolicyName(OnnxKeepAspectRatioPolicy p);  // "not_larger"
std::optional<OnnxKeepAspectRatioPolicy> onnxKeepAspectRatioPolicyFromName(std::string_view name);
// The first opset with the coordinate transformation (19 for half_pixel_symmetric, else 11) and
// the last (17 for tf_half_pixel_for_nn, which opset 18 removed; else none: 0).
int onnxCoordinateTransformFirstOpset(OnnxCoordinateTransform c);
int onnxCoordinateTransformLastOpset(OnnxCoordinateTransform c);

struct OnnxResize {
    // attributes (the spec's defaults)
    OnnxMode mode = OnnxMode::Nearest;
    OnnxCoordinateTransform coordinateTransformationMode = OnnxCoordinateTransform::HalfPixel;
    OnnxNearestMode nearestMode = OnnxNearestMode::RoundPreferFloor;
    double cubicCoeffA = -0.75;
    bool excludeOutside = false;
    double extrapolationValue = 0;  // tf_crop_and_resize: the value outside the roi
    // inputs: exactly one of scales and sizes, one value per input dim (N and C included)
    std::vector<float> scales;
    std::vector<int64_t> sizes;
    std::vector<float> roi;  // tf_crop_and_resize: the starts, then the ends (2·rank values)
    // opset 18 and later (onnxOutputShape refuses them for an earlier opset)
    int opset = 16;              // the node's opset: 11 to 19
    bool antialias = false;      // linear, cubic: the kernel stretched by 1/scale when scale < 1
    std::vector<int64_t> axes;   // the axes scales / sizes / roi refer to (negative from the back);
                                 // empty: every axis. The others keep their length.
    OnnxKeepAspectRatioPolicy keepAspectRatioPolicy = OnnxKeepAspectRatioPolicy::Stretch;  // sizes only
};

// The output shape: sizes, or floor(in · scale) per dim. Throws UsageError for inputs the operator
// refuses (both or neither of scales and sizes, a wrong count, scales <= 0, a missing roi, an
// attribute or coordinate transformation the opset does not have, a bad or repeated axis,
// keep_aspect_ratio_policy with scales).
Shape onnxOutputShape(const Shape& input, const OnnxResize& r);
// Resize on a tensor of any rank, as ONNX's reference implementation computes it (in double,
// one axis after another from the last, rounded to the input's dtype at the end).
Tensor resizeOnnx(const Tensor& input, const OnnxResize& r);
// "Resize(X, scales=[1.0, 1.0, 2.0, 2.0], mode='linear', coordinate_transformation_mode='half_pixel')":
// the inputs, mode and coordinate_transformation_mode, and the attributes that matter for them
// (nearest_mode, cubic_coeff_a, exclude_outside when set, extrapolation_value, and antialias, axes,
// keep_aspect_ratio_policy when set).
std::string onnxCallText(const OnnxResize& r);

// ------------------------------------------------------------------------------------------------
// scikit-image: skimage.transform.resize(image, output_shape, order=..., mode=..., cval=...,
// clip=..., anti_aliasing=...) on each (n, c) slice as one float image of the spatial rank

// numpy.pad's names, as skimage takes them (scipy.ndimage's in brackets)
enum class SkMode {
    Constant,   // cval outside ('grid-constant')
    Edge,       // the edge value repeated ('nearest')
    Symmetric,  // d c b a | a b c d | d c b a ('reflect')
    Reflect,    // d c b | a b c d | c b a ('mirror'): skimage's default
    Wrap,       // a b c d | a b c d ('grid-wrap')
};
inline constexpr std::array<SkMode, 5> kAllSkModes = {SkMode::Constant, SkMode::Edge, SkMode::Symmetric,
                                                      SkMode::Reflect, SkMode::Wrap};
std::string_view skModeName(SkMode m);  // "reflect"
std::optional<SkMode> skModeFromName(std::string_view name);

struct SkimageResize {
    int order = 1;                 // spline order 0 to 3 (2, 3: B-splines after spline prefiltering)
    SkMode mode = SkMode::Reflect;
    double cval = 0;               // SkMode::Constant: the value outside
    bool clip = true;              // clip to the input's range (widened to cval where skimage does)
    bool antiAliasing = false;     // Gaussian prefilter, sigma = max(0, (in/out - 1) / 2) per axis
    Shape outputShape;             // the spatial output shape (one value per spatial dim)
};

// skimage.transform.rescale(image, scale)'s output_shape: max(1, round(in · scale)) per spatial dim
// (NumPy's round: half to even); one scale for every dim or one per dim (UsageError otherwise, and
// for a scale <= 0). rescale then is resize to that shape.
Shape skimageRescaleShape(const Shape& spatial, const std::vector<double>& scale);
// skimage.transform.resize on every (n, c) slice of a (N, C, spatial...) tensor: the sample
// points (d + 0.5)·in/out - 0.5 mapped into the image by the mode, order 0 taking
// floor(x + 0.5), order 1 the two neighbours, orders 2 and 3 the B-spline of the prefiltered
// line; anti_aliasing first runs scipy.ndimage's Gaussian
// (truncate 4) with the same mode. float32 and float64 are computed in double and returned in the
// input's dtype (float32 rounded after the Gaussian, as skimage keeps float32 images). Throws
// UsageError for another order, a wrong output rank, an empty output, other dtypes.
Tensor resizeSkimage(const Tensor& input, const SkimageResize& r);
// "skimage.transform.resize(img, (16, 16), order=1, mode='edge', anti_aliasing=False)" (cval and
// clip when not the defaults)
std::string skimageCallText(const SkimageResize& r);

// ------------------------------------------------------------------------------------------------
// torchvision: transforms.v2.functional.resize(img, size, interpolation, max_size, antialias=True)
// on an (N, C, H, W) image tensor (core/src/conventions/torchvision.cpp says what it does)

enum class TvInterpolation { Nearest, NearestExact, Bilinear, Bicubic, Lanczos };
inline constexpr std::array<TvInterpolation, 5> kAllTvInterpolations = {
    TvInterpolation::Nearest, TvInterpolation::NearestExact, TvInterpolation::Bilinear, TvInterpolation::Bicubic,
    TvInterpolation::Lanczos};
std::string_view tvInterpolationName(TvInterpolation i);  // "BILINEAR"
// Accepts "BILINEAR" and "InterpolationMode.BILINEAR".
std::optional<TvInterpolation> tvInterpolationFromName(std::string_view name);
// torch.backends.cpu.get_cpu_capability(): torchvision sends uint8 bilinear to PyTorch's fixed
// point only on AVX2 and AVX512; DEFAULT (no AVX2, ARM) computes it in float32 and rounds.
enum class TvCpuCapability { Avx2, Avx512, Default };
std::string_view tvCpuCapabilityName(TvCpuCapability c);  // "AVX2"
std::optional<TvCpuCapability> tvCpuCapabilityFromName(std::string_view name);

struct TorchvisionResize {
    TvInterpolation interpolation = TvInterpolation::Bilinear;
    std::vector<int64_t> size;      // [height, width], or [s]: the smaller edge becomes s
    std::optional<int64_t> maxSize;  // with [s]: the longer edge at most this
    bool antialias = true;          // BILINEAR, BICUBIC (the others ignore it)
    TvCpuCapability cpu = TvCpuCapability::Avx2;
};

// Whether uint8 goes to F.interpolate as uint8 (else through float32): every interpolation but
// BILINEAR on a DEFAULT CPU.
bool tvNativeUint8(const TorchvisionResize& r);
// The output (height, width) for an image of (h, w), as torchvision's _compute_resized_output_size;
// throws UsageError with torchvision's ValueError for max_size with [h, w] or max_size <= s.
std::pair<int64_t, int64_t> torchvisionOutputSize(int64_t h, int64_t w, const TorchvisionResize& r);
// resize on every image of an (N, C, H, W) tensor of uint8, float32, float64 or bfloat16 (UsageError
// for other ranks and dtypes); the output has the input's dtype.
Tensor resizeTorchvision(const Tensor& input, const TorchvisionResize& r);
// "v2.functional.resize(img, [224, 224])", "v2.functional.resize(img, 256, max_size=400)",
// "v2.functional.resize(img, [8, 8], interpolation=InterpolationMode.BICUBIC, antialias=False)"
std::string torchvisionCallText(const TorchvisionResize& r);

// ------------------------------------------------------------------------------------------------
// PyTorch's ONNX exporter (torch.onnx.export, opset 16, PyTorch 1.13)

struct OnnxExport {
    bool exportable = false;
    // Resize, or AveragePool for area with a size that divides the input (kernel = strides = in/out).
    std::string op;
    OnnxResize resize;                 // op == "Resize": attributes and scales or sizes as written
    std::vector<int64_t> kernelShape;  // op == "AveragePool" (strides are the same)
    // The node's attributes with the exporter's names and values, in its order (alphabetical):
    // ("coordinate_transformation_mode", "half_pixel"), ("cubic_coeff_a", "-0.75"), ...; values are
    // JSON texts (strings quoted, numbers and lists as numbers).
    std::vector<std::pair<std::string, std::string>> attributes;
    std::string refusalType;  // "UnsupportedOperatorError", "SymbolicValueError"
    std::string refusal;      // the exporter's message
};

// What the exporter writes for a resolved spec (the spec as written decides scales vs sizes).
OnnxExport onnxExport(const ResolvedSpec& spec);
// Runs the exported node (Resize or AveragePool) on the input. Throws UsageError when not exportable.
Tensor runOnnxExport(const OnnxExport& e, const Tensor& input);

struct OnnxExportCheck {
    OnnxExport exported;
    bool compared = false;   // both sides were computed and have the same shape
    Shape onnxShape;         // the node's output shape (empty when not exportable)
    double maxAbsDiff = 0;   // over the elements finite on both sides
    std::vector<int64_t> maxAbsDiffAt;  // its index (N, C, spatial...)
    int64_t differing = 0;   // elements beyond 2e-5·max(1, |PyTorch|)
    std::string note;        // one line: the verdict, or why nothing was compared
};

// The exported node against PyTorch on this input: computed both ways.
OnnxExportCheck checkOnnxExport(const ResolvedSpec& spec, const Tensor& input);

// What PyTorch 2.x's exporter writes at opset 18 for an antialiased call, which opset 16 refuses
// (torch.onnx.export(..., dynamo=True) through onnxscript's torch_lib, aten__upsample_bilinear2d_aa
// and aten__upsample_bicubic2d_aa): one Resize with sizes = [N, C, out...] (the scales never reach
// the node), mode linear or cubic, coordinate_transformation_mode half_pixel (align_corners with
// align_corners=True), antialias=1, exclude_outside=1, cubic_coeff_a -0.5 for cubic (-0.75, unused,
// for linear), nearest_mode floor. Not exportable, with refusal text, for a call without antialias.
OnnxExport onnxExportOpset18Antialias(const ResolvedSpec& spec);
// That node against PyTorch on this input (the note names opset 18), as checkOnnxExport does.
OnnxExportCheck checkOnnxExportOpset18Antialias(const ResolvedSpec& spec, const Tensor& input);

// ------------------------------------------------------------------------------------------------
// Closest equivalent calls

enum class Verdict {
    Identical,     // same shape, every element within 2e-5·max(1, |PyTorch|) (float rounding)
    Differs,       // another shape or other values
    NoEquivalent,  // the library has no call for this (e.g. 3-D data in a 2-D image library)
};
std::string_view verdictName(Verdict v);  // "identical", "differs", "no equivalent"

struct LibraryCall {
    Library library = Library::PyTorch;
    std::string code;  // the call as code; "" when there is no equivalent
    Verdict verdict = Verdict::NoEquivalent;
    std::optional<double> maxAbsDiff;  // max |library - PyTorch| over finite elements (same shape only)
    std::vector<int64_t> maxAbsDiffAt;
    int64_t differing = 0;  // elements beyond the tolerance (NaN-ness included)
    int64_t compared = 0;   // elements compared (0 when the shapes differ)
    Shape shape;            // the library's output shape
    std::string note;       // OpenCV, Pillow: why the call differs (empty when identical); ONNX: which
                            // node this is (the exporter's, or the Resize standing in for a refusal)
    std::optional<Tensor> output;  // the library's result, when asked for
    // The options behind `code` (set for the library it belongs to).
    std::optional<OpenCvResize> opencv;
    std::optional<PillowResize> pillow;
    std::optional<OnnxExport> onnx;  // op "Resize" or "AveragePool"
    std::optional<SkimageResize> skimage;
    std::optional<TorchvisionResize> torchvision;
};

// The inputs one output pixel reads under a library's convention, per axis (H, then W), with
// their weights, in the order the library sums them (area windows: each input at 1/count).
struct LibraryAxisTaps {
    std::string axis;  // "H" or "W"
    std::vector<int64_t> index;
    std::vector<double> weight;
};
// Output pixel (y, x) of an (h, w) plane under cv2.resize / Image.resize as given; empty when
// (y, x) is outside the output.
std::vector<LibraryAxisTaps> openCvPixelTaps(const OpenCvResize& r, int64_t h, int64_t w, int64_t y, int64_t x);
std::vector<LibraryAxisTaps> pillowPixelTaps(const PillowResize& r, int64_t h, int64_t w, int64_t y, int64_t x);
// The same for the call a LibraryCall holds (OpenCV, Pillow); empty for PyTorch (see
// inspectPixel) and for ONNX.
std::vector<LibraryAxisTaps> libraryPixelTaps(const LibraryCall& call, int64_t h, int64_t w, int64_t y, int64_t x);

// The PyTorch result first (verdict Identical, the reference), then OpenCV, Pillow, ONNX,
// scikit-image and torchvision.
// Throws SpecError when PyTorch refuses the spec for this input.
std::vector<LibraryCall> closestCalls(const Spec& spec, const Tensor& input, bool keepOutputs = false);
// The same one library at a time, for a caller that cannot hold every output at once: `each`
// gets each call as soon as it is computed, PyTorch's first, with its output (PyTorch's is the
// reference the others are judged against, shared, not a copy); the next is computed after `each`
// returns, so beside PyTorch's output only one library's is held, and whatever `each` keeps.
void closestCallsEach(const Spec& spec, const Tensor& input, const std::function<void(LibraryCall&&)>& each);

// Deterministic test input: uniform in [-10, 10) from a fixed seed (float32).
Tensor probeInput(const Shape& shape, unsigned seed = 20240917);

}  // namespace upsample
