// A port of torch/_tensor_str.py (PyTorch 1.13) for float tensors with the default print
// options: precision 4, threshold 1000, edgeitems 3, linewidth 80.
#include "upsample/format.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <vector>

namespace upsample {

namespace {
constexpr int kPrecision = 4;
constexpr int64_t kThreshold = 1000;
constexpr int64_t kEdge = 3;
constexpr int kLineWidth = 80;

std::string printf1(const char* fmt, double v) {
    char buf[512];
    std::snprintf(buf, sizeof buf, fmt, v);
    return buf;
}

// Python's str.format for floats prints nan as "nan" (never "-nan").
std::string pyFormat(const char* fmt, double v) {
    if (std::isnan(v)) return "nan";
    return printf1(fmt, v);
}

struct View {
    const Tensor* t;
    int64_t offset;
    std::vector<int64_t> shape, strides;
    int dim() const { return static_cast<int>(shape.size()); }
    View sub(int64_t i) const {
        View v{t, offset + i * strides[0], {shape.begin() + 1, shape.end()}, {strides.begin() + 1, strides.end()}};
        return v;
    }
    double value() const { return t->at(offset); }
};

// Values that will be printed (PyTorch's get_summarized_data), appended to out.
void collect(const View& v, bool summarize, std::vector<double>& out) {
    if (v.dim() == 0) {
        out.push_back(v.value());
        return;
    }
    const int64_t n = v.shape[0];
    for (int64_t i = 0; i < n; ++i) {
        if (summarize && n > 2 * kEdge && i >= kEdge && i < n - kEdge) continue;
        collect(v.sub(i), summarize, out);
    }
}

struct Formatter {
    bool intMode = true, sciMode = false;
    std::size_t maxWidth = 1;

    explicit Formatter(const std::vector<double>& values) {
        std::vector<double> nz;
        for (double v : values)
            if (std::isfinite(v) && v != 0) nz.push_back(v);
        if (nz.empty()) return;
        double mn = INFINITY, mx = 0;
        for (double v : nz) {
            mn = std::min(mn, std::fabs(v));
            mx = std::max(mx, std::fabs(v));
        }
        for (double v : nz)
            if (v != std::ceil(v)) {
                intMode = false;
                break;
            }
        const bool wide = mx / mn > 1000.0 || mx > 1.0e8;
        if (intMode) {
            if (wide) {
                sciMode = true;
                for (double v : nz) maxWidth = std::max(maxWidth, pyFormat("%.4e", v).size());
            } else {
                for (double v : nz) maxWidth = std::max(maxWidth, pyFormat("%.0f", v).size() + 1);
            }
        } else if (wide || mn < 1.0e-4) {
            sciMode = true;
            for (double v : nz) maxWidth = std::max(maxWidth, pyFormat("%.4e", v).size());
        } else {
            for (double v : nz) maxWidth = std::max(maxWidth, pyFormat("%.4f", v).size());
        }
    }

    std::string format(double v) const {
        std::string s;
        if (sciMode) s = pyFormat("%.4e", v);
        else if (intMode) {
            s = pyFormat("%.0f", v);
            if (std::isfinite(v)) s += ".";
        } else s = pyFormat("%.4f", v);
        if (s.size() < maxWidth) s = std::string(maxWidth - s.size(), ' ') + s;
        return s;
    }
};

std::string vectorStr(const View& v, int indent, bool summarize, const Formatter& f) {
    const std::size_t elementLength = f.maxWidth + 2;
    const auto perLine = std::max<int64_t>(1, static_cast<int64_t>((kLineWidth - indent) / elementLength));
    std::vector<std::string> data;
    const int64_t n = v.shape[0];
    for (int64_t i = 0; i < n; ++i) {
        if (summarize && n > 2 * kEdge && i == kEdge) data.push_back(" ...");
        if (summarize && n > 2 * kEdge && i >= kEdge && i < n - kEdge) continue;
        data.push_back(f.format(v.sub(i).value()));
    }
    std::string out = "[";
    for (std::size_t i = 0; i < data.size(); ++i) {
        if (i) out += (static_cast<int64_t>(i) % perLine == 0) ? ",\n" + std::string(static_cast<std::size_t>(indent + 1), ' ') : ", ";
        out += data[i];
    }
    return out + "]";
}

std::string tensorStr(const View& v, int indent, bool summarize, const Formatter& f) {
    if (v.dim() == 0) return f.format(v.value());
    if (v.dim() == 1) return vectorStr(v, indent, summarize, f);
    std::vector<std::string> slices;
    const int64_t n = v.shape[0];
    for (int64_t i = 0; i < n; ++i) {
        if (summarize && n > 2 * kEdge && i == kEdge) slices.push_back("...");
        if (summarize && n > 2 * kEdge && i >= kEdge && i < n - kEdge) continue;
        slices.push_back(tensorStr(v.sub(i), indent + 1, summarize, f));
    }
    const std::string sep = "," + std::string(static_cast<std::size_t>(v.dim() - 1), '\n') +
                            std::string(static_cast<std::size_t>(indent + 1), ' ');
    std::string out = "[";
    for (std::size_t i = 0; i < slices.size(); ++i) out += (i ? sep : "") + slices[i];
    return out + "]";
}
}  // namespace

std::string formatTorch(const Tensor& t) {
    const std::string prefix = "tensor(";
    const int indent = static_cast<int>(prefix.size());
    std::vector<std::string> suffixes;
    std::string body;
    if (t.numel() == 0) {
        body = "[]";
        if (t.rank() != 1) suffixes.push_back("size=" + formatShape(t.shape()));
    } else {
        View v{&t, 0, t.shape(), std::vector<int64_t>(t.shape().size(), 1)};
        for (int i = t.rank() - 2; i >= 0; --i) v.strides[i] = v.strides[i + 1] * t.shape()[i + 1];
        const bool summarize = t.numel() > kThreshold;
        std::vector<double> values;
        collect(v, summarize, values);
        body = tensorStr(v, indent, summarize, Formatter(values));
    }
    if (t.dtype() == DType::Float64) suffixes.push_back("dtype=torch.float64");
    std::string out = prefix + body;
    // Python: len(s) - s.rfind("\n") + 1, where rfind gives -1 when there is no newline.
    const auto nl = out.rfind('\n');
    std::size_t lastLineLen = nl == std::string::npos ? out.size() + 2 : out.size() - nl + 1;
    for (const auto& s : suffixes) {
        if (lastLineLen + s.size() + 2 > static_cast<std::size_t>(kLineWidth)) {
            out += ",\n" + std::string(static_cast<std::size_t>(indent), ' ') + s;
            lastLineLen = static_cast<std::size_t>(indent) + s.size();
        } else {
            out += ", " + s;
            lastLineLen += s.size() + 2;
        }
    }
    return out + ")";
}

}  // namespace upsample
