// measureOpenCLCalibration (upsample/opencl.hpp): every mode's workload on an OpenCL device and
// on the native CPU backend, in turn, for the measured rule of `auto`. At this level because it
// runs both backends (which never include each other).
#include "upsample/backend.hpp"
#include "upsample/opencl.hpp"

#include <algorithm>
#include <chrono>

namespace upsample {

namespace {
struct Workload {
    Mode mode;
    Shape shape;
    std::vector<int64_t> size;
    bool antialias;
};

double medianOf(std::vector<double> v) {
    std::sort(v.begin(), v.end());
    return v.size() % 2 ? v[v.size() / 2] : 0.5 * (v[v.size() / 2 - 1] + v[v.size() / 2]);
}

// One workload per mode and antialias setting, from the mode table (a new mode is timed with no
// line here): x2 up in the mode's rank (2-D for the modes of any rank); a 2-D x1/4 down where it
// averages windows (area) or antialiases.
std::vector<Workload> calibrationWorkloads() {
    std::vector<Workload> w;
    for (Mode m : kAllModes) {
        const ModeDescriptor& d = describe(m);
        std::vector<bool> antialias;
        for (const OptionVariant& v : optionVariants(m))
            if (std::find(antialias.begin(), antialias.end(), v.antialias) == antialias.end())
                antialias.push_back(v.antialias);
        for (bool aa : antialias) {
            if (d.spatialDims == 1) w.push_back({m, {1, 24, 65536}, {131072}, aa});
            else if (d.spatialDims == 3) w.push_back({m, {1, 1, 64, 64, 64}, {128, 128, 128}, aa});
            else if (aa || d.sampling == Sampling::Window) w.push_back({m, {1, 3, 1080, 1920}, {270, 480}, aa});
            else w.push_back({m, {1, 3, 540, 960}, {1080, 1920}, aa});
        }
    }
    return w;
}
}  // namespace

std::vector<OpenCLCalibrationRow> measureOpenCLCalibration(int device, int repeat) {
    const std::vector<Workload> workloads = calibrationWorkloads();
    OpenCLBackend ocl(device);
    CpuBackend cpu;
    std::vector<OpenCLCalibrationRow> rows;
    for (const Workload& w : workloads) {
        Spec spec;
        spec.mode = w.mode;
        spec.size = w.size;
        spec.sizeIsSequence = w.size.size() > 1;
        spec.antialias = w.antialias;
        const ResolvedSpec r = resolve(spec, w.shape);
        Tensor x(w.shape, DType::Float32);
        float* p = x.data<float>();
        for (int64_t i = 0; i < x.numel(); ++i) p[i] = static_cast<float>((i * 7919) % 1000) / 500.0f - 1.0f;
        Tensor a(r.outputShape, DType::Float32), b(r.outputShape, DType::Float32);
        auto time = [&](Backend& backend, Tensor& out) {
            const auto t0 = std::chrono::steady_clock::now();
            backend.run(r, x, out);
            return std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t0).count();
        };
        time(ocl, a);  // warm-up: builds the program
        time(cpu, b);
        std::vector<double> o, c, ratio;  // each pair back to back: a drift of the machine moves both
        for (int i = 0; i < std::max(repeat, 1); ++i) {
            o.push_back(time(ocl, a));
            c.push_back(time(cpu, b));
            ratio.push_back(o.back() / c.back());
        }
        rows.push_back({openclCalibrationKey(r), toPythonCall(spec), medianOf(o), medianOf(c), medianOf(ratio)});
    }
    return rows;
}

}  // namespace upsample
