#include "upsample/spec.hpp"

#include "upsample/error.hpp"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <limits>
#include <sstream>

namespace upsample {

namespace {
[[noreturn]] void fail(PyErrorType t, const std::string& msg) { throw SpecError(t, msg); }

std::string joinInts(const std::vector<int64_t>& v, const char* sep = ", ") {
    std::ostringstream os;
    for (std::size_t i = 0; i < v.size(); ++i) os << (i ? sep : "") << v[i];
    return os.str();
}

std::string pyList(const std::vector<int64_t>& v) { return "[" + joinInts(v) + "]"; }

std::string pySequence(const std::vector<std::string>& items, bool isList) {
    std::string s = isList ? "[" : "(";
    for (std::size_t i = 0; i < items.size(); ++i) s += (i ? ", " : "") + items[i];
    if (!isList && items.size() == 1) s += ",";
    return s + (isList ? "]" : ")");
}

std::vector<std::string> scaleTexts(const Spec& spec) {
    const auto& scales = *spec.scaleFactor;
    if (spec.scaleText.size() == scales.size()) return spec.scaleText;
    std::vector<std::string> out;
    for (double v : scales) out.push_back(pyFloatRepr(v));
    return out;
}

// C++'s double -> int64 conversion as x86 performs it: NaN and out-of-range give INT64_MIN.
int64_t x86DoubleToInt64(double v) {
    if (!(v >= -9223372036854775808.0 && v < 9223372036854775808.0))
        return std::numeric_limits<int64_t>::min();
    return static_cast<int64_t>(v);
}

// SymInt reserves the most negative values; PyTorch refuses them.
void checkSymInt(int64_t v) {
    constexpr int64_t kMaxUnrepresentable = -(int64_t{1} << 62) - 1;
    if (v <= kMaxUnrepresentable)
        fail(PyErrorType::RuntimeError,
             "IntArrayRef contains an int that cannot be represented as a SymInt: " + std::to_string(v));
}

std::string notImplementedMessage(const Semantics& sem, int rank, std::string_view modeText) {
    std::ostringstream os;
    os << "Input Error: Only 3D, 4D and 5D input Tensors supported (got " << rank
       << "D) for the modes: " << sem.modeList << " (got " << modeText << ")";
    return os.str();
}

// The dispatch at the end of F.interpolate: which (rank, mode) pairs run, which raise what.
void checkDispatch(int rank, const Spec& spec) {
    const Semantics& sem = spec.semantics();
    if (spec.unknownModeName)
        fail(PyErrorType::NotImplementedError, notImplementedMessage(sem, rank, *spec.unknownModeName));
    const Mode m = spec.mode;
    if (!versionHasMode(sem, m))  // a mode newer than the version: an unknown name there
        fail(PyErrorType::NotImplementedError, notImplementedMessage(sem, rank, modeName(m)));
    const int dims = rank - 2;
    if (rank >= 3 && rank <= 5 && modeSupportsSpatialDims(m, dims)) {
        // The mode's own checks at its dispatch (lanczos: align_corners=True, then antialias=False).
        const ModeDescriptor& d = describe(m);
        if (d.alignCorners == AlignCornersPolicy::FalseOnly && spec.alignCorners.value_or(false))
            fail(PyErrorType::ValueError, std::string(d.alignCornersRefusal));
        if (d.antialias == AntialiasPolicy::Required && !spec.antialias)
            fail(PyErrorType::ValueError, std::string(d.antialiasRequirement));
        return;
    }
    auto needs = [&](int needRank) {
        fail(PyErrorType::NotImplementedError,
             "Got " + std::to_string(rank) + "D input, but " + std::string(modeName(m)) + " mode needs " +
                 std::to_string(needRank) + "D input");
    };
    if (rank >= 3 && rank <= 5 && describe(m).namesRank) needs(describe(m).spatialDims + 2);
    fail(PyErrorType::NotImplementedError, notImplementedMessage(sem, rank, modeName(m)));
}

// in * scale as a size: Python's math.floor (1.13) or int(), which truncates (newer versions).
double recomputedSize(const Semantics& sem, double v) {
    return sem.recomputeRounding == SizeRounding::Floor ? std::floor(v) : std::trunc(v);
}

// adaptive_avg_pool{1,2,3}d checks (area mode).
void checkArea(const Semantics& sem, const Shape& in, const std::vector<int64_t>& out) {
    const int dims = static_cast<int>(out.size());
    std::vector<int64_t> poolOut = out;
    Shape poolIn = in;
    if (dims == 1) {  // adaptive_avg_pool1d runs adaptive_avg_pool2d on (N, C, 1, L)
        poolOut.insert(poolOut.begin(), 1);
        poolIn.insert(poolIn.begin() + 2, 1);
    }
    for (int64_t v : poolOut) {
        if (v < 0) {
            std::string list = dims == 3 ? std::to_string(poolOut[0]) + ", " + std::to_string(poolOut[1]) + "," +
                                               std::to_string(poolOut[2])
                                         : joinInts(poolOut);
            fail(PyErrorType::RuntimeError,
                 std::string(dims == 3 ? sem.area3dSizeCheck : "adaptive_avg_pool2d") +
                     ": elements of output_size must be greater than or equal to 0 but received {" +
                     list + "}");
        }
    }
    // adaptive_avg_pool2d checks the two spatial dims; adaptive_avg_pool3d every non-batch dim.
    const char* fn = dims == 3 ? "adaptive_avg_pool3d()" : "adaptive_avg_pool2d()";
    for (std::size_t i = dims == 3 ? 1 : poolIn.size() - 2; i < poolIn.size(); ++i) {
        if (poolIn[i] <= 0)
            fail(PyErrorType::RuntimeError,
                 std::string(fn) + ": Expected input to have non-zero size for non-batch dimensions, but input has sizes " +
                     pyList(poolIn) + " with dimension " + std::to_string(i) + " being empty");
    }
}

void checkUpsample(const Shape& in, const std::vector<int64_t>& out) {
    std::vector<int64_t> inSpatial(in.begin() + 2, in.end());
    bool ok = true;
    for (int64_t v : inSpatial) ok = ok && v > 0;
    for (int64_t v : out) ok = ok && v > 0;
    if (!ok) throw SizeError(inSpatial, out);
    // PyTorch: numel == 0 and the product of the non-batch dims == 0, i.e. a non-batch dim is 0
    // (tested per dim: a product of large dims must not overflow).
    if (std::any_of(in.begin() + 1, in.end(), [](int64_t v) { return v == 0; }))
        fail(PyErrorType::RuntimeError, "Non-empty " + std::to_string(in.size()) +
                                            "D data tensor expected but got a tensor with sizes " + pyList(in));
}
}  // namespace

std::string_view modeName(Mode m) { return describe(m).name; }

std::optional<Mode> modeFromName(std::string_view name) {
    for (const auto& d : modeDescriptors())
        if (d.name == name) return d.mode;
    return std::nullopt;
}

bool modeAllowsAlignCorners(Mode m) { return describe(m).alignCorners == AlignCornersPolicy::Allowed; }
bool modeAllowsAntialias(Mode m) { return describe(m).antialias != AntialiasPolicy::Refused; }
bool modeRequiresAntialias(Mode m) { return describe(m).antialias == AntialiasPolicy::Required; }
int modeSpatialDims(Mode m) { return describe(m).spatialDims; }

bool modeSupportsSpatialDims(Mode m, int dims) {
    if (dims < 1 || dims > 3) return false;
    return describe(m).spatialDims == 0 || describe(m).spatialDims == dims;
}

std::vector<Mode> modesForSpatialDims(int dims) {
    std::vector<Mode> out;
    for (Mode m : kAllModes)
        if (modeSupportsSpatialDims(m, dims)) out.push_back(m);
    return out;
}

bool isChannelsLastContiguous(const Shape& shape) {
    if (shape.size() != 4 && shape.size() != 5) return false;
    std::vector<int64_t> strides(shape.size(), 1);
    for (int i = static_cast<int>(shape.size()) - 2; i >= 0; --i)
        if (__builtin_mul_overflow(strides[i + 1], shape[i + 1], &strides[i])) return false;  // no such tensor
    const std::vector<int> order = shape.size() == 4 ? std::vector<int>{1, 3, 2, 0} : std::vector<int>{1, 4, 3, 2, 0};
    int64_t expected = 1;
    for (int d : order) {
        if (shape[d] == 1) continue;
        if (strides[d] != expected || __builtin_mul_overflow(expected, shape[d], &expected)) return false;
    }
    return true;
}

bool Spec::operator==(const Spec& o) const {
    return mode == o.mode && size == o.size && scaleFactor == o.scaleFactor && sizeIsSequence == o.sizeIsSequence &&
           scaleIsSequence == o.scaleIsSequence && sequenceIsList == o.sequenceIsList && scaleText == o.scaleText &&
           unknownModeName == o.unknownModeName && alignCorners == o.alignCorners &&
           recomputeScaleFactor == o.recomputeScaleFactor && antialias == o.antialias && &semantics() == &o.semantics();
}

bool ResolvedSpec::emptyOutput() const { return shapeNumel(outputShape) == 0; }

ResolvedSpec resolve(const Spec& spec, const Shape& inputShape) {
    shapeNumel(inputShape);  // TooLargeError for a shape no tensor can have (overflow, negative)
    const Mode m = spec.mode;
    const bool known = !spec.unknownModeName.has_value() && versionHasMode(spec.semantics(), m);
    const bool noAlignMode = known && describe(m).alignCorners == AlignCornersPolicy::Refused;
    // area is adaptive average pooling: sizes only, with its own checks.
    const bool isArea = known && describe(m).sampling == Sampling::Window;
    const int rank = static_cast<int>(inputShape.size());
    const int dims = rank - 2;

    ResolvedSpec r;
    r.semantics = &spec.semantics();
    r.mode = m;
    r.spatialDims = dims;
    r.antialias = spec.antialias;
    r.inputShape = inputShape;

    if (noAlignMode) {
        if (spec.alignCorners.has_value())
            fail(PyErrorType::ValueError, std::string(describe(m).alignCornersRefusal));
    } else {
        r.alignCorners = spec.alignCorners.value_or(false);
    }

    const bool hasSize = spec.size.has_value();
    const bool hasScale = spec.scaleFactor.has_value();
    const std::vector<int64_t> spatialIn =
        rank > 2 ? std::vector<int64_t>(inputShape.begin() + 2, inputShape.end()) : std::vector<int64_t>{};
    std::optional<std::vector<int64_t>> outputSize;
    std::optional<std::vector<double>> scaleFactors;
    if (hasSize && hasScale) fail(PyErrorType::ValueError, "only one of size or scale_factor should be defined");
    if (hasSize) {
        const auto& size = *spec.size;
        if (spec.sizeIsSequence || size.size() != 1) {
            if (static_cast<int>(size.size()) != dims) {
                std::vector<std::string> items;
                for (int64_t v : size) items.push_back(std::to_string(v));
                fail(PyErrorType::ValueError,
                     "Input and output must have the same number of spatial dimensions, but got input with spatial "
                     "dimensions of " + pyList(spatialIn) + " and output size of " +
                         pySequence(items, spec.sequenceIsList) +
                         ". Please provide input tensor in (N, C, d1, d2, ...,dK) format and output size in "
                         "(o1, o2, ...,oK) format.");
            }
            outputSize = size;
        } else {
            outputSize = std::vector<int64_t>(static_cast<std::size_t>(std::max(dims, 0)), size[0]);
        }
    } else if (hasScale) {
        const auto& scales = *spec.scaleFactor;
        if (spec.scaleIsSequence || scales.size() != 1) {
            if (static_cast<int>(scales.size()) != dims)
                fail(PyErrorType::ValueError,
                     "Input and scale_factor must have the same number of spatial dimensions, but got input with "
                     "spatial dimensions of " + pyList(spatialIn) + " and scale_factor of shape " +
                         pySequence(scaleTexts(spec), spec.sequenceIsList) +
                         ". Please provide input tensor in (N, C, d1, d2, ...,dK) format and scale_factor in "
                         "(s1, s2, ...,sK) format.");
            scaleFactors = scales;
        } else {
            scaleFactors = std::vector<double>(static_cast<std::size_t>(std::max(dims, 0)), scales[0]);
        }
    } else {
        fail(PyErrorType::ValueError, "either size or scale_factor should be defined");
    }

    bool recompute = spec.recomputeScaleFactor.value_or(false);
    if (recompute && hasSize) fail(PyErrorType::ValueError, "recompute_scale_factor is not meaningful with an explicit size.");
    if (isArea && !outputSize) recompute = true;

    if (scaleFactors) r.userScales.assign(scaleFactors->begin(), scaleFactors->end());
    else r.userScales.assign(static_cast<std::size_t>(std::max(dims, 0)), std::nullopt);

    if (recompute && scaleFactors) {
        std::vector<int64_t> out;
        for (int i = 0; i < dims; ++i) {
            const double v = recomputedSize(spec.semantics(), static_cast<double>(inputShape[2 + i]) * (*scaleFactors)[i]);
            if (std::isnan(v)) fail(PyErrorType::ValueError, "cannot convert float NaN to integer");
            if (std::isinf(v)) fail(PyErrorType::OverflowError, "cannot convert float infinity to integer");
            out.push_back(x86DoubleToInt64(v));
        }
        outputSize = out;
        scaleFactors.reset();
        r.recomputed = true;
    }

    if (spec.antialias && !(known && describe(m).antialias != AntialiasPolicy::Refused && rank == 4))
        fail(PyErrorType::ValueError, std::string(spec.semantics().antialiasRefusal));

    checkDispatch(rank, spec);

    // The C++ operator: output size from the scale factors when no size was given.
    std::vector<int64_t> out;
    if (outputSize) {
        out = *outputSize;
    } else {
        for (int i = 0; i < dims; ++i) {
            const double v = static_cast<double>(inputShape[2 + i]) * (*scaleFactors)[i];
            if (spec.semantics().checkedSizeConversion && !(v >= -9223372036854775808.0 && v < 9223372036854775808.0))
                fail(PyErrorType::RuntimeError, "value cannot be converted to type int64_t without overflow");
            out.push_back(x86DoubleToInt64(v));
        }
    }
    for (int64_t v : out) checkSymInt(v);

    if (isArea) checkArea(spec.semantics(), inputShape, out);
    else checkUpsample(inputShape, out);

    r.outputShape = {inputShape[0], inputShape[1]};
    r.outputShape.insert(r.outputShape.end(), out.begin(), out.end());
    shapeNumel(r.outputShape);  // overflow check
    r.scales.assign(static_cast<std::size_t>(dims), std::nullopt);
    if (scaleFactors && !isArea)
        for (int i = 0; i < dims; ++i) r.scales[i] = (*scaleFactors)[i];
    r.channelsLastKernel = r.semantics->kernelChoice(r, 0).channelsLast;
    return r;
}

std::string pyFloatRepr(double v) {
    if (std::isnan(v)) return "nan";
    if (std::isinf(v)) return v > 0 ? "inf" : "-inf";
    char buf[64];
    // Python's repr: shortest round-trip digits; fixed notation for 1e-4 <= |v| < 1e16.
    const double a = std::fabs(v);
    std::to_chars_result res;
    if (a != 0 && (a < 1e-4 || a >= 1e16)) res = std::to_chars(buf, buf + sizeof buf, v, std::chars_format::scientific);
    else res = std::to_chars(buf, buf + sizeof buf, v, std::chars_format::fixed);
    std::string s(buf, res.ptr);
    const auto e = s.find('e');
    if (e != std::string::npos) {
        // Python writes 1e+16 and 1e-05: at least two exponent digits.
        std::string mant = s.substr(0, e), ex = s.substr(e + 1);
        char sign = '+';
        if (!ex.empty() && (ex[0] == '-' || ex[0] == '+')) {
            sign = ex[0];
            ex = ex.substr(1);
        }
        if (ex.size() < 2) ex = "0" + ex;
        return mant + "e" + sign + ex;
    }
    if (s.find('.') == std::string::npos) s += ".0";
    return s;
}

std::string toPythonCall(const Spec& spec) {
    std::ostringstream os;
    os << "F.interpolate(x, ";
    auto seq = [&](const std::vector<std::string>& items, bool isSeq) {
        if (!isSeq) return items.empty() ? std::string("None") : items[0];
        return pySequence(items, spec.sequenceIsList);
    };
    if (spec.size) {
        std::vector<std::string> items;
        for (int64_t v : *spec.size) items.push_back(std::to_string(v));
        os << "size=" << seq(items, spec.sizeIsSequence || spec.size->size() != 1);
    } else if (spec.scaleFactor) {
        os << "scale_factor=" << seq(scaleTexts(spec), spec.scaleIsSequence || spec.scaleFactor->size() != 1);
    } else {
        os << "size=None";
    }
    os << ", mode='" << (spec.unknownModeName ? *spec.unknownModeName : std::string(modeName(spec.mode))) << "'";
    if (spec.alignCorners) os << ", align_corners=" << (*spec.alignCorners ? "True" : "False");
    if (spec.recomputeScaleFactor)
        os << ", recompute_scale_factor=" << (*spec.recomputeScaleFactor ? "True" : "False");
    if (spec.antialias) os << ", antialias=True";
    os << ")";
    return os.str();
}

}  // namespace upsample
