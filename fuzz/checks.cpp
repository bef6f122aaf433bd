#include "checks.hpp"

#include "spec_args.hpp"

#include "io/zip.hpp"  // core/src: the zip writer behind encodeTensorFile

#include "upsample/backend.hpp"
#include "upsample/call_parser.hpp"
#include "upsample/error.hpp"
#include "upsample/explain.hpp"
#include "upsample/exr.hpp"
#include "upsample/npy.hpp"
#include "upsample/tensor_file.hpp"
#include "upsample/spec.hpp"

#include <algorithm>
#include <cstdlib>
#include <cstring>
#include <limits>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace fuzzcheck {

using namespace upsample;

namespace {
// ---------------------------------------------------------------------------------------------
// npy

constexpr uint64_t kNpyMaxBytes = 1 << 20;  // larger claims are refused before allocation

// ---------------------------------------------------------------------------------------------
// tensor files

bool sameTensor(const Tensor& a, const Tensor& b) {
    return a.shape() == b.shape() && a.dtype() == b.dtype() &&
           (a.nbytes() == 0 || std::memcmp(a.raw(), b.raw(), a.nbytes()) == 0);
}

void tensorFile(std::span<const std::byte> bytes, TensorFileFormat format) {
    std::vector<TensorEntry> entries;
    try {
        entries = listTensorBytes(bytes, format, kNpyMaxBytes);
    } catch (const Error&) {
        return;
    }
    for (const auto& e : entries) {
        try {
            const TensorLoad load = readTensorBytes(bytes, format, e.name, NpyDTypes::AsPyTorch, kNpyMaxBytes);
            if (load.tensor.shape() != e.shape) std::abort();
            const auto again = encodeTensorFile(load.tensor, format);
            if (!sameTensor(readTensorBytes(again, format, std::nullopt, NpyDTypes::AsPyTorch, kNpyMaxBytes).tensor,
                            load.tensor))
                std::abort();
        } catch (const Error&) {
        }
    }
}

// ---------------------------------------------------------------------------------------------
// cli args

std::vector<std::string> tokens(std::string_view text) {
    std::vector<std::string> out;
    std::size_t start = 0;
    while (start <= text.size()) {
        const std::size_t end = std::min(text.find('\n', start), text.size());
        out.emplace_back(text.substr(start, end - start));
        start = end + 1;
    }
    return out;
}

Tensor ramp(const Shape& shape, DType dtype) {
    Tensor t(shape, dtype);
    for (int64_t i = 0; i < t.numel(); ++i) {
        const double v = static_cast<double>(i % 11) - 4.5;
        if (dtype == DType::Float64) t.data<double>()[i] = v;
        else t.data<float>()[i] = static_cast<float>(v);
    }
    return t;
}

// Resolves spec on shape; computes it on the CPU (one thread) when input and result are small.
void tryShape(const Spec& spec, const Shape& shape, const RunOptions& options, DType dtype) {
    try {
        const ResolvedSpec r = resolve(spec, shape);
        checkRunBytes(r, dtype, options.maxBytes);
        if (shapeNumel(shape) <= 4096 && shapeNumel(r.outputShape) <= (int64_t{1} << 16)) {
            RunOptions cpu;
            cpu.backend = BackendKind::Cpu;
            cpu.threads = 1;
            const Tensor out = interpolate(ramp(shape, dtype), r, cpu);
            if (out.shape() != r.outputShape) std::abort();
        }
    } catch (const Error&) {
    }
}

// ---------------------------------------------------------------------------------------------
// call parser

// Up to 8 sizes: each run of digits is one (saturating at int64's maximum).
Shape parseShape(std::string_view text) {
    Shape shape;
    std::size_t i = 0;
    while (i < text.size() && shape.size() < 8) {
        if (text[i] < '0' || text[i] > '9') {
            ++i;
            continue;
        }
        int64_t v = 0;
        for (; i < text.size() && text[i] >= '0' && text[i] <= '9'; ++i)
            v = v > (std::numeric_limits<int64_t>::max() - 9) / 10 ? std::numeric_limits<int64_t>::max()
                                                                     : v * 10 + (text[i] - '0');
        shape.push_back(v);
    }
    return shape;
}
}  // namespace

void npy(const uint8_t* data, std::size_t size) {
    try {
        const NpyLoad load = readNpyBytes(std::span(reinterpret_cast<const std::byte*>(data), size), kNpyMaxBytes);
        const NpyLoad again = readNpyBytes(encodeNpy(load.tensor), kNpyMaxBytes);
        if (again.tensor.shape() != load.tensor.shape() || again.tensor.dtype() != load.tensor.dtype() ||
            (load.tensor.nbytes() > 0 && std::memcmp(again.tensor.raw(), load.tensor.raw(), load.tensor.nbytes()) != 0))
            std::abort();
    } catch (const Error&) {
    }
}

void torchFile(const uint8_t* data, std::size_t size) {
    const std::span<const std::byte> in(reinterpret_cast<const std::byte*>(data), size);
    if (size >= 2 && data[0] == 'P' && data[1] == 'K') return tensorFile(in, TensorFileFormat::Torch);
    // A data.pkl: wrapped as torch.save would, with storages whose bytes count up.
    static const std::vector<std::byte> storage = [] {
        std::vector<std::byte> s(4096);
        for (std::size_t i = 0; i < s.size(); ++i) s[i] = static_cast<std::byte>(i * 7);
        return s;
    }();
    static constexpr std::string_view kVersion = "3\n";
    const auto v = std::as_bytes(std::span(kVersion.data(), kVersion.size()));
    std::vector<std::string> names;
    for (int i = 0; i < 8; ++i) names.push_back("archive/data/" + std::to_string(i));
    std::vector<io::ZipMember> members{{"archive/data.pkl", in}};
    for (const auto& n : names) members.push_back({n, storage});
    members.push_back({"archive/version", v});
    const auto pt = io::encodeZip(members, 64);
    tensorFile(pt, TensorFileFormat::Torch);
}

void npz(const uint8_t* data, std::size_t size) {
    tensorFile(std::span(reinterpret_cast<const std::byte*>(data), size), TensorFileFormat::Npz);
}

void safetensors(const uint8_t* data, std::size_t size) {
    tensorFile(std::span(reinterpret_cast<const std::byte*>(data), size), TensorFileFormat::Safetensors);
}

void exr(const uint8_t* data, std::size_t size) {
    try {
        const ExrLoad load = readExrBytes(std::span(reinterpret_cast<const std::byte*>(data), size), kNpyMaxBytes);
        if (load.tensor.rank() != 4 || load.tensor.dim(0) != 1 || load.tensor.dtype() != DType::Float32) std::abort();
    } catch (const Error&) {
    }
}

void cliArgs(const uint8_t* data, std::size_t size) {
    std::vector<std::string> argv = tokens(std::string_view(reinterpret_cast<const char*>(data), size));
    const bool bench = argv.front() == "bench";
    argv.erase(argv.begin());
    try {
        const cli::Args a = bench ? cli::benchArgs(argv) : cli::resizeArgs(argv);
        const Spec spec = cli::specFromArgs(a);
        const RunOptions options = cli::runOptionsFromArgs(a);
        (void)toPythonCall(spec);
        DType dtype = DType::Float32;
        if (bench) {
            const cli::BenchRequest req = cli::benchRequestFromArgs(a, options);
            dtype = req.dtype;
            tryShape(spec, req.shape, options, dtype);
        }
        for (const Shape& shape : {Shape{1, 1, 5}, Shape{1, 2, 5, 6}, Shape{2, 1, 3, 4, 5}, Shape{1, 1, 1, 7},
                                   Shape{1, 1, 0, 4}, Shape{0, 3, 4, 4}, Shape{4, 4}, Shape{1, 1, 1, 1, 1, 1}})
            tryShape(spec, shape, options, dtype);
    } catch (const Error&) {
    }
}

void callParser(const uint8_t* data, std::size_t size) {
    const std::string_view input(reinterpret_cast<const char*>(data), size);
    const std::size_t newline = input.find('\n');
    const Shape shape = newline == std::string_view::npos ? Shape{1, 1, 4, 4} : parseShape(input.substr(0, newline));
    const std::string_view call = newline == std::string_view::npos ? input : input.substr(newline + 1);
    try {
        const ParsedCall c = parseCall(call);
        (void)toPythonCall(c.spec);
        for (const auto& [name, span] : c.arguments) (void)c.slice(span);
    } catch (const ParseError& e) {
        (void)e.column();
        (void)e.caretLines();
        (void)e.typeName();
    } catch (const Error&) {
    }
    const Explanation e = explain(shape, call);  // never throws
    (void)formatExplanation(e);
    for (const auto& d : e.dims) (void)formatCoordinateTable(d);
}

}  // namespace fuzzcheck
