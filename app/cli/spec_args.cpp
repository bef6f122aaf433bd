// The spec and run options shared by the resize and bench commands, read from parsed arguments.
#include "spec_args.hpp"

#include "upsample/error.hpp"

namespace cli {

using namespace upsample;

std::set<std::string> resizeValueOptions() {
    return {"mode", "scale", "size", "backend", "threads", "max-bytes", "device", "torch"};
}

std::set<std::string> resizeFlags() {
    return {"align-corners", "no-align-corners", "recompute-scale-factor", "antialias", "verbose", "help"};
}

Args resizeArgs(const std::vector<std::string>& argv) { return Args(argv, resizeValueOptions(), resizeFlags()); }

Args benchArgs(const std::vector<std::string>& argv) {
    return Args(argv,
                {"shape", "mode", "scale", "size", "backend", "threads", "repeat", "warmup", "dtype", "device",
                 "max-bytes", "fill", "torch"},
                {"align-corners", "no-align-corners", "recompute-scale-factor", "antialias", "json", "fresh-output", "fault-cost", "help"});
}

std::string modeNames(const std::string& sep) {
    std::string s;
    for (const ModeDescriptor& d : modeDescriptors()) s += (s.empty() ? "" : sep) + std::string(d.name);
    return s;
}

std::string runReason(const RunReport& report) {
    if (report.choice == RunChoice::Requested) return "--backend " + std::string(backendKindName(report.ran));
    return report.reason;
}

const Semantics& torchFromArgs(const Args& a) {
    const auto v = a.value("torch");
    if (!v) return defaultSemantics();
    if (const Semantics* s = semanticsNamed(*v)) return *s;
    throw UsageError("--torch: '" + *v + "' is not one of the PyTorch versions this program reproduces (" +
                     semanticsNames(", ") + ")");
}

std::string torchOptionHelp() {
    return "  --torch V                 the PyTorch version whose F.interpolate to reproduce: " + semanticsNames(" or ") +
           "\n                            (default " + std::string(defaultSemantics().version) + ")\n";
}

Spec specFromArgs(const Args& a) {
    Spec spec;
    spec.torch = &torchFromArgs(a);
    const auto mode = a.value("mode");
    if (!mode) throw UsageError("--mode is required (" + modeNames(", ") + ")");
    if (auto m = modeFromName(*mode)) spec.mode = *m;
    else spec.unknownModeName = *mode;  // PyTorch's own error follows from resolve()
    if (auto s = a.value("scale")) {
        spec.scaleFactor = parseDoubles("scale", *s);
        spec.scaleIsSequence = spec.scaleFactor->size() > 1;
    }
    if (auto s = a.value("size")) {
        spec.size = parseInts("size", *s);
        spec.sizeIsSequence = spec.size->size() > 1;
    }
    if (a.has("align-corners") && a.has("no-align-corners"))
        throw UsageError("--align-corners and --no-align-corners contradict each other");
    if (a.has("align-corners")) spec.alignCorners = true;
    if (a.has("no-align-corners")) spec.alignCorners = false;
    if (a.has("recompute-scale-factor")) spec.recomputeScaleFactor = true;
    spec.antialias = a.has("antialias");
    return spec;
}

RunOptions runOptionsFromArgs(const Args& a) {
    RunOptions o;
    if (auto b = a.value("backend")) {
        auto k = backendKindFromName(*b);
        if (!k) throw UsageError("--backend: '" + *b + "' is not one of auto, cpu, opencl");
        o.backend = *k;
    }
    if (auto t = a.value("threads")) {
        o.threads = parseInt("threads", *t);
        if (o.threads < 1) throw UsageError("--threads: must be at least 1, got " + *t);
    }
    if (auto m = a.value("max-bytes")) o.maxBytes = parseBytes("max-bytes", *m);
    if (auto d = a.value("device")) {
        o.device = parseInt("device", *d);
        if (o.device < 0) throw UsageError("--device: must be a device index (0 or more), got " + *d);
    }
    return o;
}

BenchRequest benchRequestFromArgs(const Args& a, const RunOptions& options) {
    BenchRequest r;
    const auto shapeText = a.value("shape");
    if (!shapeText) throw UsageError("--shape is required, e.g. --shape 1,3,1080,1920");
    r.shape = parseInts("shape", *shapeText, 5);
    for (int64_t d : r.shape)
        if (d < 0) throw UsageError("--shape: '" + *shapeText + "' has a negative size");
    if (auto d = a.value("dtype")) {
        bool known = false;
        for (DType t : {DType::Float32, DType::Float64, DType::UInt8, DType::Float16, DType::BFloat16})
            if (*d == dtypeName(t)) {
                r.dtype = t;
                known = true;
            }
        if (!known) throw UsageError("--dtype: float32, float64, uint8, float16 or bfloat16, got '" + *d + "'");
    }
    if (auto f = a.value("fill")) {
        if (*f == "normal") r.fill = BenchFill::Normal;
        else if (*f == "denormal") r.fill = BenchFill::Denormal;
        else if (*f == "zero") r.fill = BenchFill::Zero;
        else throw UsageError("--fill: normal, denormal or zero, got '" + *f + "'");
    }
    if (auto v = a.value("repeat")) r.repeat = parseInt("repeat", *v);
    if (auto v = a.value("warmup")) r.warmup = parseInt("warmup", *v);
    if (r.repeat < 1) throw UsageError("--repeat: must be at least 1");
    if (r.warmup < 0) throw UsageError("--warmup: must be 0 or more");
    r.freshOutput = a.has("fresh-output");
    r.faultCost = a.has("fault-cost");
    checkByteCap("the input " + formatShape(r.shape) + " " + std::string(dtypeName(r.dtype)),
                 shapeBytes(r.shape, r.dtype), options.maxBytes);
    return r;
}

}  // namespace cli
