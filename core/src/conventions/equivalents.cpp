// For a PyTorch spec, each library's closest call, computed on the input and judged against
// PyTorch's result. The mapping picks the call whose formula is PyTorch's where one exists; the
// verdict always comes from the numbers:
//  * OpenCV: nearest -> INTER_NEAREST, nearest-exact -> INTER_NEAREST_EXACT, (bi)linear ->
//    INTER_LINEAR, bicubic -> INTER_CUBIC (both A = -0.75), area -> INTER_AREA; antialias when
//    downscaling -> INTER_AREA (OpenCV's only antialiased downscale). fx/fy when the kernel's
//    scale is 1/scale_factor and OpenCV's round(in · fx) gives PyTorch's size, else dsize.
//  * Pillow: nearest and nearest-exact -> NEAREST (pixel centres), (bi)linear -> BILINEAR,
//    bicubic -> BICUBIC (a = -0.5), area -> BOX; Pillow always antialiases when downscaling, so its
//    filters match PyTorch's antialias=True.
//  * ONNX: the node PyTorch's exporter writes; where it refuses, the Resize that computes the same
//    formula (nearest-exact: half_pixel + round_prefer_ceil; antialias on upscaling: linear, or
//    cubic with A = -0.5 and exclude_outside, which is how antialias clips its window).
//  * scikit-image: skimage.transform.resize to PyTorch's output shape: nearest and nearest-exact ->
//    order=0 (floor(x + 0.5) of the pixel centre: nearest-exact), (bi/tri)linear -> order=1 with
//    mode='edge' (PyTorch clamps at the border), bicubic -> order=3 with mode='edge' (a cubic
//    B-spline, not Keys' convolution); anti_aliasing only for antialias=True; area has none (no box
//    average in resize).
//  * 3-D data has no equivalent in the two image libraries.
#include "common.hpp"
#include "mode_table.hpp"

#include "upsample/backend.hpp"
#include "upsample/error.hpp"

#include <cmath>
#include <functional>

namespace upsample {

std::string_view libraryName(Library l) {
    switch (l) {
    case Library::PyTorch: return "pytorch";
    case Library::OpenCV: return "opencv";
    case Library::Pillow: return "pillow";
    case Library::Onnx: return "onnx";
    case Library::Skimage: return "skimage";
    case Library::Torchvision: return "torchvision";
    }
    return "pytorch";
}

std::string_view libraryDisplayName(Library l) {
    switch (l) {
    case Library::PyTorch: return "PyTorch";
    case Library::OpenCV: return "OpenCV";
    case Library::Pillow: return "Pillow";
    case Library::Onnx: return "ONNX";
    case Library::Skimage: return "scikit-image";
    case Library::Torchvision: return "torchvision";
    }
    return "PyTorch";
}

std::optional<Library> libraryFromName(std::string_view name) {
    return conventions::enumFromName(name, kAllLibraries, libraryName);
}

std::string_view verdictName(Verdict v) {
    switch (v) {
    case Verdict::Identical: return "identical";
    case Verdict::Differs: return "differs";
    case Verdict::NoEquivalent: return "no equivalent";
    }
    return "differs";
}

namespace {

bool downscales(const ResolvedSpec& s) {
    for (int d = 0; d < s.spatialDims; ++d)
        if (s.outSize(d) < s.inSize(d)) return true;
    return false;
}

// (H, W) sizes and the scale_factor per image axis (1-D data: height 1, scale 1).
struct ImageAxes {
    int64_t inH = 1, inW = 1, outH = 1, outW = 1;
    std::optional<double> scaleH, scaleW;  // the scale_factor reaching the kernel
};
ImageAxes imageAxes(const ResolvedSpec& s) {
    ImageAxes a;
    const int sd = s.spatialDims;
    a.inW = s.inSize(sd - 1);
    a.outW = s.outSize(sd - 1);
    a.scaleW = s.scales[static_cast<std::size_t>(sd - 1)];
    if (sd == 2) {
        a.inH = s.inSize(0);
        a.outH = s.outSize(0);
        a.scaleH = s.scales[0];
    } else {
        a.scaleH = a.scaleW ? std::optional<double>(1.0) : std::nullopt;
    }
    return a;
}

OpenCvResize openCvFor(const ResolvedSpec& s, std::string& note) {
    OpenCvResize r;
    // antialias by choice (not lanczos, which always has it and has INTER_LANCZOS4)
    const bool aaDown = s.antialias && !modeRequiresAntialias(s.mode) && downscales(s);
    const ModeDescriptor& m = describe(s.mode);
    const conventions::ModeConvention& row = conventions::conventionOf(s.mode);  // OpenCV's flag for the mode
    r.interpolation = row.opencv;
    note = std::string(row.opencvNote);
    if (aaDown) {
        r.interpolation = CvInterpolation::Area;
        note = "OpenCV never antialiases INTER_LINEAR or INTER_CUBIC; INTER_AREA is its antialiased downscale";
    } else if (s.antialias && m.filter == FilterKind::Cubic) {
        note = "antialias=True uses a = -0.5; INTER_CUBIC uses A = -0.75";
    }
    if (s.alignCorners) note = "OpenCV has no align_corners: it maps pixel centres (align_corners=False)";
    const ImageAxes a = imageAxes(s);
    // fx/fy reproduce PyTorch's 1/scale_factor when OpenCV rounds to the same size.
    const bool useFx = a.scaleW && a.scaleH && !s.alignCorners &&
                       std::nearbyint(static_cast<double>(a.inW) * *a.scaleW) == static_cast<double>(a.outW) &&
                       std::nearbyint(static_cast<double>(a.inH) * *a.scaleH) == static_cast<double>(a.outH);
    if (useFx) {
        r.fx = *a.scaleW;
        r.fy = *a.scaleH;
    } else {
        r.dsize = std::make_pair(a.outW, a.outH);
        if (a.scaleW && !s.alignCorners && note.empty())
            note = "fx would give round(in · scale_factor) pixels where PyTorch gives floor(in · scale_factor); with dsize "
                   "the kernel's scale is in/out, where PyTorch's is 1/scale_factor";
    }
    return r;
}

PillowResize pillowFor(const ResolvedSpec& s, std::string& note) {
    PillowResize r;
    const ImageAxes a = imageAxes(s);
    r.width = a.outW;
    r.height = a.outH;
    const ModeDescriptor& m = describe(s.mode);
    const bool image = m.spatialDims != 3;  // Pillow resizes images: not trilinear's volumes
    const conventions::ModeConvention& row = conventions::conventionOf(s.mode);  // Pillow's filter for the mode
    if (row.pillow && (image || m.sampling != Sampling::Taps)) r.resample = *row.pillow;
    note = std::string(row.pillowNote);
    const bool interpolating = m.sampling == Sampling::Taps && image;
    if (interpolating && !s.antialias && downscales(s))
        note = "Pillow always antialiases when downscaling (its filters widen with the scale); PyTorch does only with "
               "antialias=True";
    else if (m.filter == FilterKind::Cubic && !s.antialias)
        note = "Pillow's BICUBIC uses a = -0.5 (PyTorch's antialias=True); PyTorch's bicubic uses A = -0.75";
    if (s.alignCorners) note = "Pillow has no align_corners: it maps pixel centres (align_corners=False)";
    bool passed = false;
    for (const auto& sc : s.scales) passed = passed || sc.has_value();
    // lanczos: the scale is the difference where one is passed (the filter and window are Pillow's)
    if (passed && (note.empty() || modeRequiresAntialias(s.mode)) && m.sampling != Sampling::Gather)
        note = "Pillow's scale is in/out; PyTorch's kernel uses 1/scale_factor";
    return r;
}

// The exporter's node, or the Resize that computes the same formula where it refuses.
std::optional<OnnxExport> onnxFor(const ResolvedSpec& s, std::string& note) {
    OnnxExport e = onnxExport(s);
    if (e.exportable) {
        note = "the node torch.onnx.export writes (opset 16)";
        return e;
    }
    const std::string refusal = "torch.onnx.export refuses it (" + e.refusalType + ")";
    OnnxExport alt;
    alt.exportable = true;
    alt.op = "Resize";
    OnnxResize& r = alt.resize;
    conventions::setExporterInputs(r, s);
    const ModeDescriptor& m = describe(s.mode);
    if (m.filter == FilterKind::NearestCentre) {
        r.mode = OnnxMode::Nearest;
        r.coordinateTransformationMode = OnnxCoordinateTransform::HalfPixel;
        r.nearestMode = OnnxNearestMode::RoundPreferCeil;
        note = refusal + "; this Resize picks floor((d + 0.5) · scale), nearest-exact's index";
        return alt;
    }
    if (s.antialias && !conventions::conventionOf(s.mode).onnx) {
        note = refusal + "; ONNX Resize has no " + std::string(m.name) + " filter";
        return std::nullopt;
    }
    if (s.antialias) {
        r.mode = *conventions::conventionOf(s.mode).onnx;
        r.coordinateTransformationMode = s.alignCorners ? OnnxCoordinateTransform::AlignCorners : OnnxCoordinateTransform::HalfPixel;
        if (m.filter == FilterKind::Cubic) {
            r.cubicCoeffA = -0.5;
            r.excludeOutside = true;
        }
        note = refusal + (downscales(s) ? "; Resize has no antialias before opset 18: this is the upscaling formula"
                                        : "; upscaling with antialias is this Resize (the window clipped at the border "
                                          "is exclude_outside)");
        return alt;
    }
    if (m.sampling == Sampling::Window) {
        // Whole windows only: AveragePool when the size divides, as the exporter writes for size=.
        bool divides = true;
        std::vector<int64_t> k;
        for (int d = 0; d < s.spatialDims; ++d) {
            divides = divides && s.inSize(d) % s.outSize(d) == 0;
            k.push_back(s.inSize(d) / std::max<int64_t>(s.outSize(d), 1));
        }
        if (divides) {
            OnnxExport pool;
            pool.exportable = true;
            pool.op = "AveragePool";
            pool.kernelShape = k;
            note = refusal + " for a scale_factor; with size= it writes this AveragePool";
            return pool;
        }
        note = refusal + "; ONNX has no adaptive average pooling for sizes that do not divide the input";
        return std::nullopt;
    }
    note = refusal;
    return std::nullopt;
}

std::optional<SkimageResize> skimageFor(const ResolvedSpec& s, std::string& note) {
    SkimageResize r;
    for (int d = 0; d < s.spatialDims; ++d) r.outputShape.push_back(s.outSize(d));
    const conventions::ModeConvention& row = conventions::conventionOf(s.mode);
    note = std::string(row.skimageNote);
    if (!row.skimageOrder) return std::nullopt;
    r.order = *row.skimageOrder;
    if (row.skimageEdge) r.mode = SkMode::Edge;
    r.antiAliasing = s.antialias && downscales(s);
    if (r.antiAliasing && r.order == 1)
        note = "anti_aliasing is a Gaussian prefilter (sigma = (in/out - 1)/2); PyTorch's antialias widens the "
               "triangle filter";
    if (s.alignCorners) note = "skimage has no align_corners: it maps pixel centres (align_corners=False)";
    bool passed = false;
    for (const auto& sc : s.scales) passed = passed || sc.has_value();
    if (passed && note.empty())
        note = "skimage's scale is in/out from the shapes; PyTorch's kernel uses 1/scale_factor";
    return r;
}

std::string onnxExportCode(const OnnxExport& e) {
    if (e.op == "Resize") return onnxCallText(e.resize);
    if (e.op == "GlobalAveragePool") return "GlobalAveragePool(X)";
    std::string k = "[";
    for (std::size_t i = 0; i < e.kernelShape.size(); ++i) k += (i ? ", " : "") + std::to_string(e.kernelShape[i]);
    k += "]";
    return "AveragePool(X, kernel_shape=" + k + ", strides=" + k + ")";
}

void judge(LibraryCall& c, const Tensor& got, const Tensor& ref) {
    c.shape = got.shape();
    const auto a = conventions::agreement(got, ref);
    if (!a.sameShape) {
        c.verdict = Verdict::Differs;
        c.note = (c.note.empty() ? "" : c.note + "; ") + "output " + formatShape(got.shape()) + ", PyTorch's " +
                 formatShape(ref.shape());
    } else {
        c.compared = a.compared;
        c.differing = a.differing;
        c.maxAbsDiff = a.maxAbsDiff;
        if (a.argMax >= 0) c.maxAbsDiffAt = conventions::unravel(a.argMax, ref.shape());
        c.verdict = a.differing == 0 ? Verdict::Identical : Verdict::Differs;
    }
    c.output = got;
}

// scikit-image's row.
LibraryCall skimageCall(const ResolvedSpec& s, const Tensor& input, const Tensor& ref, bool empty) {
    LibraryCall sk;
    sk.library = Library::Skimage;
    if (empty) {
        sk.note = "the tensor is empty";
    } else if (auto r = skimageFor(s, sk.note)) {
        try {
            sk.skimage = *r;
            sk.code = skimageCallText(*r);
            // skimage keeps float32 images float32 (and float64 float64): the input as it is
            const Tensor img = input.dtype() == DType::Float64 ? input : input.to(DType::Float32);
            judge(sk, resizeSkimage(img, *r).to(ref.dtype()), ref);
            if (sk.verdict == Verdict::Identical) sk.note.clear();
        } catch (const Error& e) {
            sk.verdict = Verdict::NoEquivalent;
            sk.note = e.what();
        }
    }
    return sk;
}

// torchvision's row: its closest call on the input as it is (uint8 stays uint8).
LibraryCall torchvisionCall(const ResolvedSpec& s, const Tensor& input, const Tensor& ref, bool empty) {
    LibraryCall tv;
    tv.library = Library::Torchvision;
    if (empty) {
        tv.note = "the tensor is empty";
    } else if (auto r = conventions::torchvisionFor(s, tv.note)) {
        try {
            tv.torchvision = *r;
            tv.code = torchvisionCallText(*r);
            judge(tv, resizeTorchvision(input, *r), ref);
            if (tv.verdict == Verdict::Identical) tv.note.clear();
        } catch (const Error& e) {
            tv.verdict = Verdict::NoEquivalent;
            tv.note = e.what();
        }
    }
    return tv;
}

}  // namespace

std::vector<LibraryAxisTaps> libraryPixelTaps(const LibraryCall& call, int64_t h, int64_t w, int64_t y, int64_t x) {
    if (call.library == Library::OpenCV && call.opencv) return openCvPixelTaps(*call.opencv, h, w, y, x);
    if (call.library == Library::Pillow && call.pillow) return pillowPixelTaps(*call.pillow, h, w, y, x);
    return {};
}

std::vector<LibraryCall> closestCalls(const Spec& spec, const Tensor& input, bool keepOutputs) {
    std::vector<LibraryCall> calls;
    closestCallsEach(spec, input, [&](LibraryCall&& c) {
        if (!keepOutputs) c.output.reset();
        calls.push_back(std::move(c));
    });
    return calls;
}

void closestCallsEach(const Spec& spec, const Tensor& input, const std::function<void(LibraryCall&&)>& each) {
    const ResolvedSpec s = resolve(spec, input.shape());
    RunOptions cpuOnly;
    cpuOnly.backend = BackendKind::Cpu;
    const Tensor ref = interpolate(input, s, cpuOnly);

    LibraryCall py;
    py.library = Library::PyTorch;
    py.code = toPythonCall(spec);
    py.verdict = Verdict::Identical;
    py.maxAbsDiff = 0.0;
    py.compared = ref.numel();
    py.shape = ref.shape();
    py.note = "the reference";
    py.output = ref;
    each(std::move(py));

    const bool image = s.spatialDims == 1 || s.spatialDims == 2;
    const bool empty = ref.empty() || input.empty();
    // Image libraries take float32: compare against PyTorch on the same float32 values.
    for (Library lib : {Library::OpenCV, Library::Pillow}) {
        LibraryCall c;
        c.library = lib;
        if (!image) {
            c.note = std::string(libraryDisplayName(lib)) + " resizes 2-D images; it has no call for " +
                     std::to_string(s.spatialDims) + "-D data";
        } else if (empty) {
            c.note = "the tensor is empty";
        } else {
            try {
                Tensor got;
                if (lib == Library::OpenCV) {
                    c.opencv = openCvFor(s, c.note);
                    c.code = openCvCallText(*c.opencv);
                    got = resizeOpenCv(input, *c.opencv);
                } else {
                    c.pillow = pillowFor(s, c.note);
                    c.code = pillowCallText(*c.pillow);
                    got = resizePillow(input, *c.pillow);
                }
                judge(c, got.to(ref.dtype()), ref);
                if (c.verdict == Verdict::Identical) c.note.clear();  // the notes say why a call differs
            } catch (const Error& e) {
                c.verdict = Verdict::NoEquivalent;
                c.note = e.what();
            }
        }
        each(std::move(c));
    }

    LibraryCall ox;
    ox.library = Library::Onnx;
    if (empty) {
        ox.note = "the tensor is empty";
    } else if (auto e = onnxFor(s, ox.note)) {
        ox.onnx = *e;
        ox.code = onnxExportCode(*e);
        judge(ox, runOnnxExport(*e, input), ref);
    }
    each(std::move(ox));

    each(skimageCall(s, input, ref, empty));
    each(torchvisionCall(s, input, ref, empty));
}

}  // namespace upsample
