#include "common.hpp"

#include "upsample/error.hpp"
#include "upsample/spec.hpp"

#include <charconv>
#include <cmath>
#include <random>

namespace upsample {

Tensor probeInput(const Shape& shape, unsigned seed) {
    Tensor t(shape, DType::Float32);
    std::mt19937 rng(seed);
    std::uniform_real_distribution<float> dist(-10.f, 10.f);
    for (int64_t i = 0; i < t.numel(); ++i) t.data<float>()[i] = dist(rng);
    return t;
}

}  // namespace upsample

namespace upsample::conventions {

Planes planesOf(const Tensor& t, std::string_view library) {
    Planes p;
    p.rank = t.rank();
    if (p.rank == 4) {
        p.n = t.dim(0);
        p.c = t.dim(1);
        p.h = t.dim(2);
        p.w = t.dim(3);
    } else if (p.rank == 3) {
        p.n = t.dim(0);
        p.c = t.dim(1);
        p.h = 1;
        p.w = t.dim(2);
    } else {
        throw UsageError(std::string(library) + " resizes 2-D images: expected a (N, C, H, W) tensor or a (N, C, L) one " +
                         "(read as height 1), got " + formatShape(t.shape()));
    }
    p.planes = p.n * p.c;
    if (p.h <= 0 || p.w <= 0)
        throw UsageError(std::string(library) + ": the image is empty (" + formatShape(t.shape()) + ")");
    return p;
}

Tensor planesOutput(const Planes& p, int64_t oh, int64_t ow, DType dtype, std::string_view library) {
    if (p.rank == 3) {
        if (oh != 1)
            throw UsageError(std::string(library) + ": a (N, C, L) tensor is an image of height 1; the output height must be 1, not " +
                             std::to_string(oh));
        return Tensor({p.n, p.c, ow}, dtype);
    }
    return Tensor({p.n, p.c, oh, ow}, dtype);
}

Tensor asFloat32(const Tensor& t) { return t.dtype() == DType::Float32 ? t : t.to(DType::Float32); }

cpu::Geometry planeGeometry(const Planes& p, int64_t oh, int64_t ow) {
    cpu::Geometry g;
    g.dims = 2;
    g.planes = p.planes;
    g.in = {1, p.h, p.w};
    g.out = {1, oh, ow};
    return g;
}

bool withinTolerance(double got, double ref) {
    if (std::isnan(ref) || std::isnan(got)) return std::isnan(ref) && std::isnan(got);
    if (std::isinf(ref) || std::isinf(got)) return ref == got;
    return std::fabs(got - ref) <= 2e-5 * std::max(1.0, std::fabs(ref));
}

Agreement agreement(const Tensor& got, const Tensor& ref) {
    Agreement a;
    a.sameShape = got.shape() == ref.shape();
    if (!a.sameShape) return a;
    a.compared = ref.numel();
    for (int64_t i = 0; i < a.compared; ++i) {
        const double g = got.at(i), r = ref.at(i);
        if (!withinTolerance(g, r)) ++a.differing;
        if (std::isfinite(g) && std::isfinite(r)) {
            const double d = std::fabs(g - r);
            if (a.argMax < 0 || d > a.maxAbsDiff) {
                a.maxAbsDiff = d;
                a.argMax = i;
            }
        }
    }
    return a;
}

std::vector<int64_t> unravel(int64_t flat, const Shape& shape) {
    std::vector<int64_t> idx(shape.size(), 0);
    for (std::size_t k = shape.size(); k-- > 0;) {
        if (shape[k] <= 0) continue;
        idx[k] = flat % shape[k];
        flat /= shape[k];
    }
    return idx;
}

std::string float32Text(float v) {
    if (!std::isfinite(v)) return pyFloatRepr(v);
    char buf[64];
    const auto res = std::to_chars(buf, buf + sizeof buf, v);
    std::string t(buf, res.ptr);
    if (t.find_first_of(".en") == std::string::npos) t += ".0";
    return t;
}

}  // namespace upsample::conventions
