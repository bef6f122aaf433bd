// The seed example pages: a 4x4 input through nn.UpsamplingNearest2d(scale_factor=2) and
// nn.UpsamplingBilinear2d(scale_factor=2), computed live, with the claims that circulate about
// this example set against the computed facts.
#include "upsample/backend.hpp"
#include "upsample/error.hpp"
#include "upsample/explain.hpp"
#include "upsample/format.hpp"

#include <cmath>
#include <cstdio>

namespace upsample {

namespace {
constexpr const char* kNearestCall = "nn.UpsamplingNearest2d(scale_factor=2)(x)";
constexpr const char* kBilinearCall = "nn.UpsamplingBilinear2d(scale_factor=2)(x)";

struct SeedInput {
    std::string name, expr;
    Tensor x;
};

SeedInput seedInput(std::string_view which) {
    std::vector<float> v(16);
    if (which == "ones4x4") {
        std::fill(v.begin(), v.end(), 1.0f);
        return {"ones4x4", "torch.ones(1, 1, 4, 4)", Tensor::fromValues({1, 1, 4, 4}, v)};
    }
    if (which == "arange4x4") {
        for (std::size_t i = 0; i < v.size(); ++i) v[i] = static_cast<float>(i);
        return {"arange4x4", "torch.arange(16.).reshape(1, 1, 4, 4)", Tensor::fromValues({1, 1, 4, 4}, v)};
    }
    throw UsageError("unknown example '" + std::string(which) + "' (known: ones4x4, arange4x4)");
}

struct ModuleRun {
    std::string call;
    Explanation ex;
    Tensor out;
};

ModuleRun run(const std::string& call, const Tensor& x) {
    ModuleRun r{call, explain(x.shape(), call), {}};
    if (!r.ex.ok()) throw std::logic_error("seed example: " + call + " failed: " + r.ex.error->message);
    RunOptions o;
    o.backend = BackendKind::Cpu;
    o.threads = 1;
    r.out = interpolate(x, *r.ex.resolved, o);
    return r;
}

std::string num(double v) {
    char buf[64];
    std::snprintf(buf, sizeof buf, "%.6g", v);
    return buf;
}

bool sameAxes(const Explanation& e) {
    for (const auto& d : e.dims)
        if (d.in != e.dims[0].in || d.out != e.dims[0].out || d.coordinateScale != e.dims[0].coordinateScale) return false;
    return true;
}

std::string coordinateSection(const Explanation& e) {
    std::string out;
    const bool same = sameAxes(e);
    for (const auto& d : e.dims) {
        out += "Source coordinates, " + (same ? std::string("H and W alike") : "dim " + d.name) + " (" +
               std::to_string(d.in) + " -> " + std::to_string(d.out) + "; kernel scale " + d.scaleFormula + "):\n";
        out += "  " + d.coordinateRule + "\n" + formatCoordinateTable(d, "  ");
        if (same) break;
    }
    return out;
}

std::string moduleSection(const ModuleRun& r) {
    std::string out = "== " + r.call + " ==\n";
    out += "Runs as " + r.ex.equivalentCall + "; output " + formatShape(r.out.shape()) + ", computed:\n";
    out += formatTorch(r.out) + "\n\n" + coordinateSection(r.ex);
    return out;
}

// ---------------------------------------------------------------------------------------------
// the claims
std::string hw(const Tensor& t) { return std::to_string(t.dim(2)) + "x" + std::to_string(t.dim(3)); }

std::string shapeVerdict(const ModuleRun& r, const std::string& claimed) {
    if (hw(r.out) == claimed) return "Right: the computed output is " + formatShape(r.out.shape()) + ".";
    return "Wrong: the computed output is " + formatShape(r.out.shape()) + ", " + hw(r.out) +
           ": scale_factor=2 doubles H and W (" + r.ex.dims[0].sizeRule + ").";
}

struct Diff {
    int64_t count = 0;
    double maxAbs = 0;
};

Diff difference(const Tensor& a, const Tensor& b) {
    Diff d;
    for (int64_t i = 0; i < a.numel(); ++i) {
        const double x = std::fabs(a.at(i) - b.at(i));
        if (x != 0) ++d.count;
        d.maxAbs = std::max(d.maxAbs, x);
    }
    return d;
}

std::optional<double> constantValue(const Tensor& t) {
    for (int64_t i = 1; i < t.numel(); ++i)
        if (t.at(i) != t.at(0)) return std::nullopt;
    return t.at(0);
}

// Float rounding: a few units in the last place of float32 around 1.
bool withinRounding(const Diff& d) { return d.maxAbs <= 1e-6; }

std::string modesVerdict(const ModuleRun& nearest, const ModuleRun& bilinear) {
    const Diff d = difference(nearest.out, bilinear.out);
    if (withinRounding(d)) {
        const auto c = constantValue(nearest.out);
        return "Wrong for this input: the two outputs agree" + (c ? ", every value " + num(*c) : std::string()) +
               " (to float rounding). Interpolating a constant gives the constant whatever the weights, so every "
               "mode agrees here (the arange4x4 page shows where the modes differ).";
    }
    return "Here the modes do differ: at " + std::to_string(d.count) + " of " + std::to_string(nearest.out.numel()) +
           " positions, by up to " + num(d.maxAbs) +
           ". nearest copies each input value into a 2x2 block; bilinear with align_corners=True blends neighbours. "
           "Which is better depends on the use, not on the shape (both are " + formatShape(nearest.out.shape()) + ").";
}

std::string cornersVerdict(const Tensor& x, const ModuleRun& bilinear) {
    const double in0 = x.at(0), in1 = x.at(x.numel() - 1);
    const double out0 = bilinear.out.at(0), out1 = bilinear.out.at(bilinear.out.numel() - 1);
    const bool kept = std::fabs(in0 - out0) <= 1e-6 && std::fabs(in1 - out1) <= 1e-6;
    return std::string(kept ? "Right" : "Wrong") + ": input corners " + num(in0) + ", " + num(in1) + "; output corners " +
           num(out0) + ", " + num(out1) + (kept ? " (align_corners=True pins the corner pixels' centres)." : ".");
}

// "bilinear − nearest", elementwise, when the two differ anywhere.
std::string differenceSection(const ModuleRun& nearest, const ModuleRun& bilinear) {
    if (withinRounding(difference(nearest.out, bilinear.out))) return "";
    std::vector<float> d(static_cast<std::size_t>(nearest.out.numel()));
    for (std::size_t i = 0; i < d.size(); ++i)
        d[i] = static_cast<float>(bilinear.out.at(static_cast<int64_t>(i)) - nearest.out.at(static_cast<int64_t>(i)));
    return "== Where the modes differ: bilinear − nearest ==\n" +
           formatTorch(Tensor::fromValues(nearest.out.shape(), d)) + "\n\n";
}

std::string claimsSection(const Tensor& x, const ModuleRun& nearest, const ModuleRun& bilinear) {
    const std::pair<std::string, std::string> claims[] = {
        {"nn.UpsamplingNearest2d(scale_factor=2) leaves a 4x4 result.", shapeVerdict(nearest, "4x4")},
        {"nn.UpsamplingBilinear2d(scale_factor=2) gives a 6x6 result.", shapeVerdict(bilinear, "6x6")},
        {"Nearest is not ideal here: bilinear would give a different, better result.", modesVerdict(nearest, bilinear)},
        {"nn.UpsamplingBilinear2d keeps the input's corner values.", cornersVerdict(x, bilinear)},
    };
    std::string out = "Claims you may have read, against the computed facts:\n";
    int k = 0;
    for (const auto& [claim, verdict] : claims)
        out += "  " + std::to_string(++k) + ". \"" + claim + "\"\n     -> " + verdict + "\n";
    return out;
}
}  // namespace

std::vector<std::string> seedExampleNames() { return {"ones4x4", "arange4x4"}; }

std::string seedExamplePage(std::string_view which) {
    const SeedInput in = seedInput(which);
    const ModuleRun nearest = run(kNearestCall, in.x);
    const ModuleRun bilinear = run(kBilinearCall, in.x);
    std::string out = "Seed example " + in.name + ": x = " + in.expr + ", shape " + formatShape(in.x.shape()) + "\n";
    out += formatTorch(in.x) + "\n\n";
    out += moduleSection(nearest) + "\n" + moduleSection(bilinear) + "\n";
    out += differenceSection(nearest, bilinear);
    out += claimsSection(in.x, nearest, bilinear);
    out += "\nAll values above are computed live by Upsample Studio's CPU kernels and printed as PyTorch prints "
           "them. nearest is bit-identical to PyTorch; the linear modes agree with it to float rounding, so where "
           "PyTorch's last bits differ (0.99999994 for 1) it prints 1.0000 where this page prints 1.\n";
    return out;
}

}  // namespace upsample
