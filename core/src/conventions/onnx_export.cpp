// What PyTorch 1.13's ONNX exporter writes for F.interpolate at opset 16
// (torch/onnx/symbolic_helper.py _interpolate_helper, symbolic_opset9.py _adaptive_pool), checked
// against torch.onnx.export itself (tests/golden/libraries/onnx_export.json):
//  * nearest, linear, bilinear, trilinear, bicubic: one Resize with mode nearest / linear / cubic,
//    coordinate_transformation_mode asymmetric (nearest), align_corners (align_corners=True) or
//    half_pixel (never pytorch_half_pixel), cubic_coeff_a -0.75 and nearest_mode floor, whatever
//    the mode; the input "scales" = [1, 1, float32(scale_factor)...] when a scale_factor reaches
//    the kernel, else "sizes" = [N, C, out...];
//  * area: adaptive average pooling. Output 1 everywhere: GlobalAveragePool; a size that divides
//    the input: AveragePool with kernel_shape = strides = in/out; anything else is refused, and so is
//    a scale_factor (the output size is not a constant in the traced graph);
//  * nearest-exact and antialias are refused (no symbolic function for their aten operators).
// PyTorch 2.x's exporter (dynamo=True, onnxscript's torch_lib) writes antialiased calls at opset 18:
// onnxExportOpset18Antialias says what, and its check runs that node.
#include "common.hpp"
#include "mode_table.hpp"
#include "cpu/parallel.hpp"

#include "upsample/backend.hpp"
#include "upsample/error.hpp"

#include <cmath>
#include <sstream>

namespace upsample {

namespace {

const char* kPleaseRequest =
    " Please feel free to request support or submit a pull request on PyTorch GitHub: "
    "https://github.com/pytorch/pytorch/issues";

OnnxExport refuse(std::string type, std::string message) {
    OnnxExport e;
    e.refusalType = std::move(type);
    e.refusal = std::move(message) + kPleaseRequest;
    return e;
}

std::string intList(const std::vector<int64_t>& v) {
    std::string s = "[";
    for (std::size_t i = 0; i < v.size(); ++i) s += (i ? ", " : "") + std::to_string(v[i]);
    return s + "]";
}

// The exporter's float attribute as JSON text (a float32 value, shortest form).
std::string floatJson(double v) { return conventions::float32Text(static_cast<float>(v)); }

}  // namespace

void conventions::setExporterInputs(OnnxResize& r, const ResolvedSpec& spec) {
    bool passed = spec.spatialDims > 0;
    for (const auto& s : spec.scales) passed = passed && s.has_value();
    r.scales.clear();
    r.sizes.clear();
    if (passed) {
        r.scales = {1.f, 1.f};
        for (const auto& s : spec.scales) r.scales.push_back(static_cast<float>(*s));
    } else {
        r.sizes = spec.outputShape;
    }
}

OnnxExport onnxExport(const ResolvedSpec& spec) {
    const int sd = spec.spatialDims;
    const std::string dimsTag = std::to_string(sd) + "d";
    const ModeDescriptor& m = describe(spec.mode);
    if (m.filter == FilterKind::NearestCentre)  // PyTorch 1.13 exports no nearest-exact
        return refuse("UnsupportedOperatorError", "Exporting the operator 'aten::_upsample_nearest_exact" + dimsTag +
                                                      "' to ONNX opset version 16 is not supported.");
    if (spec.antialias)
        return refuse("UnsupportedOperatorError",
                      std::string("Exporting the operator 'aten::_upsample_") +
                          std::string(m.name) +
                          "2d_aa' to ONNX opset version 16 is not supported.");
    bool scaleGiven = false;
    for (const auto& s : spec.userScales) scaleGiven = scaleGiven || s.has_value();
    OnnxExport e;
    if (m.sampling == Sampling::Window) {
        if (scaleGiven)
            return refuse("SymbolicValueError",
                          "Unsupported: ONNX export of operator adaptive pooling, since output_size is not constant..");
        bool ones = true, divides = true;
        std::vector<int64_t> k;
        for (int d = 0; d < sd; ++d) {
            ones = ones && spec.outSize(d) == 1;
            divides = divides && spec.outSize(d) > 0 && spec.inSize(d) % spec.outSize(d) == 0;
            k.push_back(spec.outSize(d) > 0 ? spec.inSize(d) / spec.outSize(d) : 0);
        }
        e.exportable = true;
        if (ones) {
            e.op = "GlobalAveragePool";
            return e;
        }
        if (!divides)
            return refuse("SymbolicValueError", "Unsupported: ONNX export of operator adaptive_avg_pool" + dimsTag +
                                                    ", output size that are not factor of input size.");
        e.op = "AveragePool";
        e.kernelShape = k;
        e.attributes = {{"kernel_shape", intList(k)}, {"strides", intList(k)}};
        return e;
    }
    e.exportable = true;
    e.op = "Resize";
    OnnxResize& r = e.resize;
    const bool nearest = m.filter == FilterKind::Nearest;
    r.mode = *conventions::conventionOf(spec.mode).onnx;  // every mode that gets here has a Resize mode
    r.coordinateTransformationMode = nearest ? OnnxCoordinateTransform::Asymmetric
                                     : spec.alignCorners        ? OnnxCoordinateTransform::AlignCorners
                                                                : OnnxCoordinateTransform::HalfPixel;
    r.cubicCoeffA = conventions::conventionOf(spec.mode).onnxCubicA;
    r.nearestMode = OnnxNearestMode::Floor;
    conventions::setExporterInputs(r, spec);
    e.attributes = {{"coordinate_transformation_mode", "\"" + std::string(onnxCoordinateTransformName(r.coordinateTransformationMode)) + "\""},
                    {"cubic_coeff_a", floatJson(r.cubicCoeffA)},
                    {"mode", "\"" + std::string(onnxModeName(r.mode)) + "\""},
                    {"nearest_mode", "\"" + std::string(onnxNearestModeName(r.nearestMode)) + "\""}};
    return e;
}

Tensor runOnnxExport(const OnnxExport& e, const Tensor& input) {
    if (!e.exportable) throw UsageError("the exporter writes no node for this spec: " + e.refusal);
    if (e.op == "Resize") return resizeOnnx(input, e.resize);
    // The pooling nodes: the mean of each window (the whole spatial extent for GlobalAveragePool).
    const int sd = input.rank() - 2;
    if (sd < 1 || sd > 3) throw UsageError(e.op + ": expected (N, C, spatial...) with 1 to 3 spatial dims");
    ResolvedSpec shapeOnly;  // geometry only: planes and padded sizes
    shapeOnly.spatialDims = sd;
    shapeOnly.inputShape = input.shape();
    Shape outShape = {input.dim(0), input.dim(1)};
    std::vector<int64_t> k(static_cast<std::size_t>(sd));
    for (int d = 0; d < sd; ++d) {
        k[static_cast<std::size_t>(d)] = e.op == "GlobalAveragePool" ? input.dim(2 + d) : e.kernelShape.at(static_cast<std::size_t>(d));
        outShape.push_back(input.dim(2 + d) / k[static_cast<std::size_t>(d)]);
    }
    shapeOnly.outputShape = outShape;
    Tensor out(outShape, input.dtype());
    if (out.empty()) return out;
    const cpu::Geometry g = plan::geometryOf(shapeOnly);
    auto run = [&](auto zero) {
        using T = decltype(zero);
        std::array<AxisTable<T>, 3> t;
        for (auto& a : t) {
            a.index = {0};
            a.weight = {T(1)};
            a.skip = true;
        }
        for (int d = 0; d < sd; ++d) {
            const int64_t kd = k[static_cast<std::size_t>(d)], od = outShape[static_cast<std::size_t>(2 + d)];
            AxisTable<T>& a = t[static_cast<std::size_t>(3 - sd + d)];
            a = conventions::identityTable<T>(od);
            a.in = input.dim(2 + d);
            a.skip = false;
            a.count.assign(static_cast<std::size_t>(od), static_cast<int32_t>(kd));
            for (int64_t o = 0; o < od; ++o) {
                a.index[static_cast<std::size_t>(o)] = o * kd;
                a.weight[static_cast<std::size_t>(o)] = T(1) / static_cast<T>(kd);
            }
        }
        cpu::areaKernel<T>(g, t, input.data<T>(), out.data<T>(), cpu::defaultThreads());
    };
    if (input.dtype() == DType::Float64) run(0.0);
    else run(0.0f);
    return out;
}

namespace {

// Runs an exportable node and PyTorch on the input and words the verdict; `where` names the export.
void compareExport(OnnxExportCheck& c, const ResolvedSpec& spec, const Tensor& input) {
    RunOptions cpuOnly;
    cpuOnly.backend = BackendKind::Cpu;
    const Tensor ref = interpolate(input, spec, cpuOnly);
    const Tensor got = runOnnxExport(c.exported, input);
    c.onnxShape = got.shape();
    const auto a = conventions::agreement(got, ref);
    if (!a.sameShape) {
        c.note = "the exported " + c.exported.op + " gives " + formatShape(got.shape()) + " where PyTorch gives " +
                 formatShape(ref.shape()) +
                 ": ONNX sizes the output as floor(in · scale) with the scale stored as float32";
        return;
    }
    c.compared = true;
    c.maxAbsDiff = a.maxAbsDiff;
    c.differing = a.differing;
    if (a.argMax >= 0) c.maxAbsDiffAt = conventions::unravel(a.argMax, ref.shape());
    std::ostringstream os;
    os.precision(6);
    if (a.differing == 0) {
        os << "the exported " << c.exported.op << " reproduces PyTorch";
        if (a.maxAbsDiff > 0) os << " within float rounding (max |diff| " << a.maxAbsDiff << ")";
        else os << " exactly";
    } else {
        os << "the exported " << c.exported.op << " differs from PyTorch: max |diff| " << a.maxAbsDiff << " at "
           << formatShape(c.maxAbsDiffAt) << ", " << a.differing << " of " << a.compared
           << " elements beyond 2e-5·max(1, |PyTorch|)";
    }
    c.note = os.str();
}

}  // namespace

OnnxExportCheck checkOnnxExport(const ResolvedSpec& spec, const Tensor& input) {
    OnnxExportCheck c;
    c.exported = onnxExport(spec);
    if (!c.exported.exportable) {
        c.note = "torch.onnx.export (opset 16) refuses this call: " + c.exported.refusalType + ": " + c.exported.refusal;
        if (spec.antialias && conventions::conventionOf(spec.mode).onnx)
            c.note += " (PyTorch 2.x's exporter writes it at opset 18 as one Resize with antialias=1)";
        return c;
    }
    compareExport(c, spec, input);
    return c;
}

OnnxExport onnxExportOpset18Antialias(const ResolvedSpec& spec) {
    OnnxExport e;
    const ModeDescriptor& m = describe(spec.mode);
    if (!spec.antialias) {
        e.refusal = "the opset-18 export is the antialiased calls' export; mode='" + std::string(m.name) +
                    "' without antialias exports at opset 16";
        return e;
    }
    const auto resizeMode = conventions::conventionOf(spec.mode).onnx;
    if (!resizeMode) {
        e.refusal = "ONNX Resize has no " + std::string(m.name) + " filter: the exporter has no opset-18 node for it";
        return e;
    }
    e.exportable = true;
    e.op = "Resize";
    OnnxResize& r = e.resize;
    r.opset = 18;
    r.antialias = true;
    r.excludeOutside = true;
    const bool cubic = *resizeMode == OnnxMode::Cubic;
    r.mode = *resizeMode;
    r.coordinateTransformationMode =
        spec.alignCorners ? OnnxCoordinateTransform::AlignCorners : OnnxCoordinateTransform::HalfPixel;
    r.cubicCoeffA = cubic ? -0.5 : -0.75;
    r.nearestMode = OnnxNearestMode::Floor;
    r.sizes = spec.outputShape;
    e.attributes = {{"antialias", "1"},
                    {"coordinate_transformation_mode", "\"" + std::string(onnxCoordinateTransformName(r.coordinateTransformationMode)) + "\""},
                    {"cubic_coeff_a", floatJson(r.cubicCoeffA)},
                    {"exclude_outside", "1"},
                    {"mode", "\"" + std::string(onnxModeName(r.mode)) + "\""},
                    {"nearest_mode", "\"" + std::string(onnxNearestModeName(r.nearestMode)) + "\""}};
    return e;
}

OnnxExportCheck checkOnnxExportOpset18Antialias(const ResolvedSpec& spec, const Tensor& input) {
    OnnxExportCheck c;
    c.exported = onnxExportOpset18Antialias(spec);
    if (!c.exported.exportable) {
        c.note = c.exported.refusal;
        return c;
    }
    compareExport(c, spec, input);
    c.note = "opset 18: " + c.note;
    return c;
}

}  // namespace upsample
