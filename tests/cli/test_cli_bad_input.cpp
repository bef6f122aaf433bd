// Bad input, run through the built upsample-cli: each row is one thing a user may get wrong (a
// damaged file, a spec PyTorch refuses, a destination that cannot be written) and the exact
// stderr they see. The README's "Bad input" table is generated from these rows:
//   UPSAMPLE_WRITE_BAD_INPUT_TABLE=FILE test_cli_bad_input   writes the Markdown table to FILE
//   make bad-input-table                                     puts it into README.md
// and a test here fails when README.md holds another table.
#include "../support/process.hpp"

#include "io/byte_source.hpp"
#include "io/zip.hpp"
#include "upsample/npy.hpp"

#include <catch2/catch.hpp>

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <fstream>
#include <functional>
#include <map>
#include <span>
#include <sstream>
#include <string>
#include <vector>

#include <sys/stat.h>

using namespace upsample;
using testproc::TempDir;

namespace {
const std::string kCli = UPSAMPLE_CLI_PATH;

// ---------------------------------------------------------------------------------------------
// Files the rows start from, made in a fresh folder per row.

void writeBytes(const std::string& path, const std::string& bytes) {
    std::ofstream(path, std::ios::binary) << bytes;
}

// A version 1.0 file; the header padded to 64 bytes as NumPy pads it, unless pad is false.
std::string npyBytes(const std::string& header, const std::string& data, bool pad = true) {
    std::string h = header;
    const char major = 1;
    const std::size_t lengthBytes = 2;
    while (pad && (10 + h.size() + 1) % 64 != 0) h += ' ';
    h += '\n';
    std::string out = std::string("\x93NUMPY", 6) + major + '\0';
    for (std::size_t i = 0; i < lengthBytes; ++i) out += static_cast<char>((h.size() >> (8 * i)) & 0xff);
    return out + h + data;
}

std::string header(const std::string& descr, const std::string& shape, bool fortran = false) {
    return "{'descr': '" + descr + "', 'fortran_order': " + (fortran ? "True" : "False") + ", 'shape': " + shape + ", }";
}

Tensor ramp(Shape shape) {
    Tensor t(std::move(shape), DType::Float32);
    for (int64_t i = 0; i < t.numel(); ++i) t.data<float>()[i] = static_cast<float>(i % 5);
    return t;
}

std::string fileText(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    std::ostringstream s;
    s << in.rdbuf();
    return s.str();
}

const std::string kTensorFiles = UPSAMPLE_TESTS_DIR "/tensorfiles/fixtures/";

// torch-1.13/contiguous.pt with its storage record cut to 10 bytes (the pickle claims 24 floats).
std::string shortStorage() {
    const std::string pt = fileText(kTensorFiles + "torch-1.13/contiguous.pt");
    const upsample::io::SpanSource src(std::as_bytes(std::span(pt.data(), pt.size())));
    const upsample::io::ZipReader zip(src);
    const auto pickle = zip.read(*zip.find("contiguous/data.pkl"), 1 << 20);
    const std::vector<std::byte> data(10, std::byte{1});
    const auto out = upsample::io::encodeZip({{"contiguous/data.pkl", pickle}, {"contiguous/data/0", data}}, 64);
    return std::string(reinterpret_cast<const char*>(out.data()), out.size());
}

// stored.npz with one byte of its first member's data flipped.
std::string damagedNpz() {
    std::string z = fileText(kTensorFiles + "numpy/stored.npz");
    const std::size_t name = static_cast<unsigned char>(z[26]) | static_cast<unsigned char>(z[27]) << 8;
    const std::size_t extra = static_cast<unsigned char>(z[28]) | static_cast<unsigned char>(z[29]) << 8;
    z[30 + name + extra + 200] ^= 0x55;
    return z;
}

// Every row's folder holds in.npy, a valid (1, 1, 4, 4) float32 tensor, and out.npy, the
// result of an earlier run, which a failing command must leave as it was.
// CRC-32 as PNG chunks use it.
uint32_t crc32(const std::string& data) {
    uint32_t c = 0xffffffffu;
    for (unsigned char b : data) {
        c ^= b;
        for (int k = 0; k < 8; ++k) c = (c >> 1) ^ (0xedb88320u & (0u - (c & 1u)));
    }
    return c ^ 0xffffffffu;
}

struct Row {
    std::string input;                     // what is wrong, in words
    std::vector<std::string> args;         // after "upsample-cli"; "@name" is a file in the folder
    std::string sees;                      // the exact stderr, the folder's path removed
    int exit = 1;
    std::function<void(const TempDir&)> setup = nullptr;
    std::map<std::string, std::string> env = {};
    bool needsOpenCL = false;
};

std::vector<Row> rows() {
    const auto bytes = [](const std::string& name, std::string content) {
        return [name, content](const TempDir& d) { writeBytes(d.file(name), content); };
    };
    const auto tensor = [](const std::string& name, Shape shape) {
        return [name, shape](const TempDir& d) { writeNpy(d.file(name), ramp(shape)); };
    };
    const std::string full = fileText(UPSAMPLE_TESTS_DIR "/npy/fixtures/c_f32_2x3.npy");
    const std::vector<std::string> nearest2 = {"--mode", "nearest", "--scale", "2"};
    const auto resize = [&](const std::string& in, std::vector<std::string> opts = {}, const std::string& out = "@out.npy") {
        std::vector<std::string> a = {"resize", in, out};
        if (opts.empty()) opts = nearest2;
        a.insert(a.end(), opts.begin(), opts.end());
        return a;
    };
    // A PNG whose header claims 100000 x 100000 pixels (and holds one byte of image data).
    const auto hugePng = [] {
        auto chunk = [](const std::string& typeAndData) {
            std::string c;
            const uint32_t len = static_cast<uint32_t>(typeAndData.size() - 4), crc = crc32(typeAndData);
            for (int k = 3; k >= 0; --k) c += static_cast<char>((len >> (8 * k)) & 0xff);
            c += typeAndData;
            for (int k = 3; k >= 0; --k) c += static_cast<char>((crc >> (8 * k)) & 0xff);
            return c;
        };
        return std::string("\x89PNG\r\n\x1a\n", 8) +
               chunk(std::string("IHDR\x00\x01\x86\xa0\x00\x01\x86\xa0\x08\x02\x00\x00\x00", 17)) +
               chunk(std::string("IDAT\x78\x01\x01\x01\x00\xfe\xff\x00\x00\x01\x00\x01", 16)) + chunk("IEND");
    };
    return {
        {"A 0-byte picture", resize("@empty.png"), "upsample-cli resize: cannot read 'empty.png' as an image: the file is empty",
         1, bytes("empty.png", "")},
        {"A corrupt PNG (a valid signature, then garbage)", resize("@corrupt.png"),
         "upsample-cli resize: cannot read 'corrupt.png' as an image: Unable to read image data (libpng error: [20]is[20]: "
         "invalid chunk type)",
         1, bytes("corrupt.png", "\x89PNG\r\n\x1a\nthis is not a png")},
        {"A PNG header claiming 100000 x 100000 pixels", resize("@huge.png"),
         "upsample-cli resize: 'huge.png', a 100000x100000 image, as a float32 tensor needs 149.0 GiB (160000000000 "
         "bytes), over the limit of 4.0 GiB (4294967296 bytes)",
         1, bytes("huge.png", hugePng())},
        // -- the .npy file
        {"Empty (0-byte) .npy file", resize("@in0.npy"),
         "upsample-cli resize: in0.npy: not a .npy file: it does not start with the magic string \\x93NUMPY (the file is empty)",
         1, bytes("in0.npy", "")},
        {"Wrong magic (a PNG renamed to .npy)", resize("@photo.npy"),
         "upsample-cli resize: photo.npy: not a .npy file: it does not start with the magic string \\x93NUMPY (it starts with 89 50 4e 47 0d 0a)",
         1, bytes("photo.npy", std::string("\x89PNG\r\n\x1a\n\0\0\0\rIHDR", 16))},
        {"Truncated preamble (7 bytes)", resize("@short.npy"),
         "upsample-cli resize: short.npy: truncated .npy header: the file holds 7 bytes, too few for the format version",
         1, bytes("short.npy", std::string("\x93NUMPY\x01", 7))},
        {"Unsupported format version 4.0", resize("@v4.npy"),
         "upsample-cli resize: v4.npy: unsupported .npy format version 4.0 (supported: 1.0, 2.0, 3.0)", 1,
         bytes("v4.npy", std::string("\x93NUMPY\x04\x00\x10\x00", 10) + "{}              ")},
        {"Header length past the end of the file", resize("@hlen.npy"),
         "upsample-cli resize: hlen.npy: the header length 65535 runs past the end of the file: the header would end at byte 65545 but the file holds 75 bytes",
         1, bytes("hlen.npy", std::string("\x93NUMPY\x01\x00\xff\xff", 10) + header("<f4", "(1, 1, 2, 2)"))},
        {"Malformed header dict", resize("@dict.npy"),
         "upsample-cli resize: dict.npy: malformed .npy header: expected ':' after the key 'descr' at offset 9 in \"{'descr' '<f4'}\\n\"",
         1, bytes("dict.npy", npyBytes("{'descr' '<f4'}", "", false))},
        {"Truncated data (the file was cut short)", resize("@cut.npy"),
         "upsample-cli resize: cut.npy: header claims 24 bytes of data but the file holds 10", 1,
         bytes("cut.npy", full.substr(0, full.size() - 14))},
        {"Header claims far more data than the file holds", resize("@claims.npy"),
         "upsample-cli resize: claims.npy: header claims 40000000000 bytes of data but the file holds 64", 1,
         bytes("claims.npy", npyBytes(header("<f4", "(1, 1, 100000, 100000)"), std::string(64, '\0')))},
        {"Trailing bytes after the data", resize("@long.npy"),
         "upsample-cli resize: long.npy: header claims 24 bytes of data but the file holds 25 (trailing data is refused)", 1,
         bytes("long.npy", full + "x")},
        {"Shape whose element count overflows int64", resize("@overflow.npy"),
         "upsample-cli resize: overflow.npy: the element count of shape (4294967296, 4294967296) overflows", 1,
         bytes("overflow.npy", npyBytes(header("<f4", "(4294967296, 4294967296)"), ""))},
        {"Negative dimension in the shape", resize("@neg.npy"),
         "upsample-cli resize: neg.npy: negative dimension -4 in the shape (1, 1, -4, 4)", 1,
         bytes("neg.npy", npyBytes(header("<f4", "(1, 1, -4, 4)"), ""))},
        {"Object (pickled) array", resize("@object.npy"),
         "upsample-cli resize: object.npy: unsupported dtype '|O': object arrays are not supported (reading them would need unpickling)",
         1, bytes("object.npy", npyBytes(header("|O", "(1, 1, 2, 2)"), "\x80\x04\x95"))},
        {"Complex dtype", resize("@complex.npy"),
         "upsample-cli resize: complex.npy: unsupported dtype '<c8': complex arrays are not supported", 1,
         bytes("complex.npy", npyBytes(header("<c8", "(1, 1, 2, 2)"), std::string(32, '\0')))},
        {"String dtype", resize("@strings.npy"),
         "upsample-cli resize: strings.npy: unsupported dtype '<U3': only bool, integer and float arrays can be read", 1,
         bytes("strings.npy", npyBytes(header("<U3", "(2,)"), std::string(24, '\0')))},
        {"Structured dtype", resize("@fields.npy"),
         "upsample-cli resize: fields.npy: unsupported .npy file: structured arrays (a list of fields as 'descr') are not supported",
         1, bytes("fields.npy", npyBytes("{'descr': [('r', '<f4'), ('g', '<f4')], 'fortran_order': False, 'shape': (2,), }", std::string(16, '\0')))},
        {"Fortran-order array (accepted)", resize("@fortran.npy"), "", 0,
         bytes("fortran.npy", fileText(UPSAMPLE_TESTS_DIR "/npy/fixtures/fortran_f32.npy"))},
        {"uint8 array (accepted: nearest returns uint8, as in PyTorch)", resize("@u8.npy"), "", 0,
         bytes("u8.npy", npyBytes(header("|u1", "(1, 1, 2, 2)"), "\x01\x02\x03\x04"))},
        {"uint8 array in bilinear (accepted: computed in fixed point, as PyTorch 2.14)",
         resize("@u8.npy", {"--mode", "bilinear", "--scale", "2"}), "", 0,
         bytes("u8.npy", npyBytes(header("|u1", "(1, 1, 2, 2)"), "\x01\x02\x03\x04"))},
        {"uint8 array in bilinear with --torch 1.13 (refused, as in PyTorch 1.13)",
         resize("@u8.npy", {"--mode", "bilinear", "--scale", "2", "--torch", "1.13"}),
         "upsample-cli resize: RuntimeError: \"upsample_bilinear2d_channels_last\" not implemented for 'Byte'", 1,
         bytes("u8.npy", npyBytes(header("|u1", "(1, 1, 2, 2)"), "\x01\x02\x03\x04"))},
        {"int16 array (refused, as in PyTorch: a small output takes its channels-last kernel)", resize("@i16.npy"),
         "upsample-cli resize: NotImplementedError: \"upsample_nearest2d_channels_last\" not implemented for 'Short'", 1,
         bytes("i16.npy", npyBytes(header("<i2", "(1, 1, 2, 2)"), std::string("\x01\x00\x02\x00\x03\x00\x04\x00", 8)))},
        {"int16 array with --convert float32 (accepted, converted)",
         resize("@i16.npy", {"--mode", "nearest", "--scale", "2", "--convert", "float32"}),
         "upsample-cli resize: notice: converted int16 to float32", 0,
         bytes("i16.npy", npyBytes(header("<i2", "(1, 1, 2, 2)"), std::string("\x01\x00\x02\x00\x03\x00\x04\x00", 8)))},
        {"uint16 array (PyTorch has no uint16 tensors)", resize("@u16.npy"),
         "upsample-cli resize: TypeError: can't convert np.ndarray of type numpy.uint16. The only supported types are: "
         "float64, float32, float16, complex64, complex128, int64, int32, int16, int8, uint8, and bool.", 1,
         bytes("u16.npy", npyBytes(header("<u2", "(1, 1, 2, 2)"), std::string(8, '\0')))},
        {"NaN and ±Inf values (accepted: they flow as in PyTorch)", resize("@nan.npy", {"--mode", "bicubic", "--scale", "2"}), "", 0,
         [](const TempDir& d) {
             const std::vector<float> v = {1, NAN, INFINITY, -INFINITY};
             writeNpy(d.file("nan.npy"), Tensor::fromValues({1, 1, 2, 2}, v));
         }},
        {"Input over --max-bytes", resize("@in.npy", {"--mode", "nearest", "--scale", "2", "--max-bytes", "32"}),
         "upsample-cli resize: in.npy: the array of shape (1, 1, 4, 4) needs 64 bytes, over the limit of 32 bytes"},
        // -- the tensor's shape against the spec (PyTorch's own errors)
        {"Zero-size spatial dim", resize("@empty.npy"),
         "upsample-cli resize: RuntimeError: Input and output sizes should be greater than 0, but got input (H: 0, W: 4) output (H: 0, W: 8)",
         1, tensor("empty.npy", {1, 1, 0, 4})},
        {"Rank 2 input (an H×W image without N, C)", resize("@rank2.npy"),
         "upsample-cli resize: NotImplementedError: Input Error: Only 3D, 4D and 5D input Tensors supported (got 2D) for the modes: nearest | linear | bilinear | bicubic | trilinear | lanczos | area | nearest-exact (got nearest)",
         1, tensor("rank2.npy", {4, 4})},
        {"Rank 6 input", resize("@rank6.npy"),
         "upsample-cli resize: NotImplementedError: Input Error: Only 3D, 4D and 5D input Tensors supported (got 6D) for the modes: nearest | linear | bilinear | bicubic | trilinear | lanczos | area | nearest-exact (got nearest)",
         1, tensor("rank6.npy", {1, 1, 1, 1, 1, 1})},
        // -- the spec
        {"NaN scale", resize("@in.npy", {"--mode", "nearest", "--scale", "nan"}),
         "upsample-cli resize: RuntimeError: value cannot be converted to type int64_t without overflow"},
        {"Unknown --torch version", resize("@in.npy", {"--mode", "nearest", "--scale", "2", "--torch", "2.0"}),
         "upsample-cli resize: --torch: '2.0' is not one of the PyTorch versions this program reproduces (2.14, 1.13)", 2},
        {"Zero size", resize("@in.npy", {"--mode", "nearest", "--size", "0"}),
         "upsample-cli resize: RuntimeError: Input and output sizes should be greater than 0, but got input (H: 4, W: 4) output (H: 0, W: 0)"},
        {"Negative size", resize("@in.npy", {"--mode", "bilinear", "--size", "-3"}),
         "upsample-cli resize: RuntimeError: Input and output sizes should be greater than 0, but got input (H: 4, W: 4) output (H: -3, W: -3)"},
        {"Size tuple of the wrong length", resize("@in.npy", {"--mode", "bilinear", "--size", "3,3,3"}),
         "upsample-cli resize: ValueError: Input and output must have the same number of spatial dimensions, but got input with spatial dimensions of [4, 4] and output size of (3, 3, 3). Please provide input tensor in (N, C, d1, d2, ...,dK) format and output size in (o1, o2, ...,oK) format."},
        {"align_corners with nearest", resize("@in.npy", {"--mode", "nearest", "--scale", "2", "--align-corners"}),
         "upsample-cli resize: ValueError: align_corners option can only be set with the interpolating modes: linear | bilinear | bicubic | trilinear"},
        {"antialias with trilinear", resize("@in5.npy", {"--mode", "trilinear", "--scale", "2", "--antialias"}),
         "upsample-cli resize: ValueError: Anti-alias option is restricted to bilinear, bicubic, and lanczos modes and "
         "requires a 4-D tensor as input", 1,
         tensor("in5.npy", {1, 1, 2, 2, 2})},
        {"Both --scale and --size", resize("@in.npy", {"--mode", "bilinear", "--scale", "2", "--size", "3"}),
         "upsample-cli resize: ValueError: only one of size or scale_factor should be defined"},
        {"Unknown mode", resize("@in.npy", {"--mode", "cubic", "--scale", "2"}),
         "upsample-cli resize: NotImplementedError: Input Error: Only 3D, 4D and 5D input Tensors supported (got 4D) for the modes: nearest | linear | bilinear | bicubic | trilinear | lanczos | area | nearest-exact (got cubic)"},
        {"Scale that is not a number", resize("@in.npy", {"--mode", "nearest", "--scale", "two"}),
         "upsample-cli resize: --scale: 'two' is not a number", 2},
        {"Output over the 4 GiB cap", resize("@in.npy", {"--mode", "nearest", "--scale", "100000"}),
         "upsample-cli resize: the output (1, 1, 400000, 400000) float32 needs 596.0 GiB (640000000000 bytes), over the limit of 4.0 GiB (4294967296 bytes)"},
        {"Antialias whose first pass would pass the cap", resize("@tall.npy", {"--mode", "bilinear", "--size", "1,65536", "--antialias"}),
         "upsample-cli resize: the antialias pass (1, 1, 65536, 65536) float32 needs 16.0 GiB (17179869184 bytes), over the limit of 4.0 GiB (4294967296 bytes)",
         1, tensor("tall.npy", {1, 1, 65536, 1})},
        {"--max-bytes past 64 bits", resize("@in.npy", {"--mode", "nearest", "--scale", "2", "--max-bytes", "99999999999G"}),
         "upsample-cli resize: --max-bytes: '99999999999G' is more bytes than 64 bits can count", 2},
        {"Unknown option", resize("@in.npy", {"--mode", "nearest", "--scal", "2"}), "upsample-cli resize: unknown option --scal", 2},
        {"Output file missing from the command", {"resize", "@in.npy", "--mode", "nearest", "--scale", "2"},
         "upsample-cli resize: expected IN and OUT files, got 1 file arguments (see upsample-cli resize --help)", 2},
        {"bench with an absurd --shape", {"bench", "--shape", "1,3,100000,100000", "--mode", "nearest", "--scale", "2"},
         "upsample-cli bench: the input (1, 3, 100000, 100000) float32 needs 111.8 GiB (120000000000 bytes), over the limit of 4.0 GiB (4294967296 bytes)"},
        // -- files and folders
        {"Missing input file", resize("@nope.npy"), "upsample-cli resize: cannot open 'nope.npy': No such file or directory"},
        {"A directory as input", resize("@sub"), "upsample-cli resize: cannot read 'sub': it is a directory", 1,
         [](const TempDir& d) { ::mkdir(d.file("sub").c_str(), 0755); }},
        {"A directory as output", resize("@in.npy", nearest2, "@sub"),
         "upsample-cli resize: cannot write 'sub': it exists and is not a regular file (it is a directory)", 1,
         [](const TempDir& d) { ::mkdir(d.file("sub").c_str(), 0755); }},
        {"/dev/null as output", resize("@in.npy", nearest2, "/dev/null"),
         "upsample-cli resize: cannot write '/dev/null': it exists and is not a regular file"},
        {"/dev/full as output", resize("@in.npy", nearest2, "/dev/full"),
         "upsample-cli resize: cannot write '/dev/full': it exists and is not a regular file"},
        {"Output folder missing", resize("@in.npy", nearest2, "@no/such/out.npy"),
         "upsample-cli resize: cannot write 'no/such/out.npy': the folder 'no/such' does not exist"},
        {"Unwritable output folder (UPSAMPLE_FAULT_WRITE=eacces)", resize("@in.npy"),
         "upsample-cli resize: cannot create a temporary file beside 'out.npy': Permission denied", 1, nullptr,
         {{"UPSAMPLE_FAULT_WRITE", "eacces"}}},
        {"Full disk (UPSAMPLE_FAULT_WRITE=enospc)", resize("@in.npy"),
         "upsample-cli resize: cannot write 'out.npy': No space left on device", 1, nullptr,
         {{"UPSAMPLE_FAULT_WRITE", "enospc"}}},
        {"Device error on flush (UPSAMPLE_FAULT_WRITE=eio)", resize("@in.npy"),
         "upsample-cli resize: cannot flush 'out.npy': Input/output error", 1, nullptr, {{"UPSAMPLE_FAULT_WRITE", "eio"}}},
        // -- OpenCL
        {"OpenCL requested, no usable device (UPSAMPLE_OPENCL_FAULT=nodevice)",
         resize("@in.npy", {"--mode", "nearest", "--scale", "2", "--backend", "opencl"}),
         "upsample-cli resize: no usable OpenCL device (injected by UPSAMPLE_OPENCL_FAULT=nodevice)", 1, nullptr,
         {{"UPSAMPLE_OPENCL_FAULT", "nodevice"}}, true},
        {"OpenCL fault under --backend auto (falls back to the CPU)", resize("@in.npy"),
         "upsample-cli resize: notice: OpenCL unavailable: no usable OpenCL device (injected by UPSAMPLE_OPENCL_FAULT=nodevice); computed on the CPU",
         0, nullptr, {{"UPSAMPLE_OPENCL_FAULT", "nodevice"}}, true},
        // -- tensor files: .pt (torch.save), .safetensors, .npz, .exr
        {"A .pt whose pickle calls os.system (never run)", resize("@evil.pt"),
         "upsample-cli resize: evil.pt: refused the global 'posix.system': torch.load(weights_only=True) does not allow "
         "it either, and nothing in the file was run (data.pkl, byte 13)",
         1, bytes("evil.pt", fileText(kTensorFiles + "crafted/os_system.pt"))},
        {"A .pt of several tensors, none named", resize("@shared.pt"),
         "upsample-cli resize: shared.pt: the file holds 3 tensors (whole, row, plane): name one as FILE.pt:NAME", 1,
         bytes("shared.pt", fileText(kTensorFiles + "torch-1.13/shared.pt"))},
        {"A name the .pt does not hold", resize("@shared.pt:nope"),
         "upsample-cli resize: shared.pt: the file holds no tensor named 'nope'; it holds: whole, row, plane", 1,
         bytes("shared.pt", fileText(kTensorFiles + "torch-1.13/shared.pt"))},
        {"One tensor of a .pt (accepted)", resize("@shared.pt:whole"), "", 0,
         bytes("shared.pt", fileText(kTensorFiles + "torch-1.13/shared.pt"))},
        {"A .pt cut short", resize("@cut.pt"),
         "upsample-cli resize: cut.pt: not a torch.save file: not a zip archive: no end-of-central-directory record (a "
         "truncated file, or another format)",
         1, bytes("cut.pt", fileText(kTensorFiles + "torch-1.13/contiguous.pt").substr(0, 700))},
        {"A .pt whose storage record is shorter than its tensor", resize("@short.pt"),
         "upsample-cli resize: short.pt: the tensor: its storage claims 24 elements of 4 bytes but the record "
         "'contiguous/data/0' holds 10 bytes",
         1, bytes("short.pt", shortStorage())},
        {"A .pt in the legacy format (before PyTorch 1.6)", resize("@legacy.pt"),
         "upsample-cli resize: legacy.pt: not a torch.save file: a pickle, not a zip archive: the legacy format of "
         "PyTorch before 1.6 (or _use_new_zipfile_serialization=False), which is not read; save it again with a current "
         "PyTorch",
         1, bytes("legacy.pt", std::string("\x80\x02}q\x00.", 6))},
        {"A complex tensor in a .pt", resize("@complex.pt:z"),
         "upsample-cli resize: complex.pt: the tensor 'z': the dtype complex64 is not read (float32, float64, float16, "
         "bfloat16, uint8, int8, int16, int32, int64 and bool are)",
         1, bytes("complex.pt", fileText(kTensorFiles + "torch-1.13/complex.pt"))},
        {"A .safetensors cut short", resize("@short.safetensors:f32"),
         "upsample-cli resize: short.safetensors: the header's tensors cover 201 bytes of data but the file holds 128: a "
         "truncated file",
         1, bytes("short.safetensors", fileText(kTensorFiles + "safetensors/dtypes.safetensors").substr(0, 600))},
        {"An .npz member with a damaged byte", resize("@bad.npz:a"),
         "upsample-cli resize: bad.npz: 'a.npy' fails its CRC-32 check: the data is damaged", 1,
         bytes("bad.npz", damagedNpz())},
        {"An .npz array over --max-bytes", resize("@in.npz:a", {"--mode", "nearest", "--scale", "2", "--max-bytes", "32"}),
         "upsample-cli resize: in.npz: the array of shape (2, 3, 4) needs 96 bytes, over the limit of 32 bytes", 1,
         bytes("in.npz", fileText(kTensorFiles + "numpy/stored.npz"))},
        {"A file named .exr that is not one", resize("@fake.exr"),
         "upsample-cli resize: fake.exr: not an OpenEXR file (no magic number)",
         1, bytes("fake.exr", "not an exr file at all")},
    };
}

std::string path(const TempDir& d, const std::string& arg) { return arg.rfind('@', 0) == 0 ? d.file(arg.substr(1)) : arg; }
std::string shown(const std::string& arg) { return arg.rfind('@', 0) == 0 ? arg.substr(1) : arg; }

std::string replaceAll(std::string s, const std::string& from, const std::string& to) {
    for (std::size_t at = s.find(from); at != std::string::npos; at = s.find(from, at + to.size()))
        s.replace(at, from.size(), to);
    return s;
}

// A shell word: quoted when it holds anything but plain characters.
std::string shellWord(const std::string& w) {
    if (!w.empty() && w.find_first_not_of("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_.,/=@") ==
                          std::string::npos)
        return w;
    return "'" + replaceAll(w, "'", "'\\''") + "'";
}

std::string commandLine(const Row& r) {
    std::string s;
    for (const auto& [k, v] : r.env) s += k + "=" + v + " ";
    s += "upsample-cli";
    for (const auto& a : r.args) s += " " + shellWord(shown(a));
    return s;
}

// A table cell: code, with the pipes escaped.
std::string codeCell(const std::string& text) { return "`" + replaceAll(text, "|", "\\|") + "`"; }

std::string markdownTable(const std::vector<Row>& table) {
    std::string md = "| # | Bad input | Command | What the user sees (stderr) | Exit |\n|---|---|---|---|---|\n";
    int n = 0;
    for (const auto& r : table) {
        md += "| " + std::to_string(++n) + " | " + replaceAll(r.input, "|", "\\|") + " | " + codeCell(commandLine(r)) +
              " | " + (r.sees.empty() ? std::string("(nothing; the output is written)") : codeCell(r.sees)) + " | " +
              std::to_string(r.exit) + " |\n";
    }
    return md;
}

bool builtWithOpenCL() {
#ifdef UPSAMPLE_HAVE_OPENCL
    return true;
#else
    return false;
#endif
}

const char* kBegin = "<!-- bad-input:begin -->";
const char* kEnd = "<!-- bad-input:end -->";
}  // namespace

TEST_CASE("bad input: each row gives its exact stderr and exit status and leaves out.npy as it was", "[cli][bad-input]") {
    const std::vector<Row> table = rows();
    for (const Row& r : table) {
        if (r.needsOpenCL && !builtWithOpenCL()) {
            WARN("skipped (built without OpenCL): " << r.input);
            continue;
        }
        TempDir dir;
        writeNpy(dir.file("in.npy"), ramp({1, 1, 4, 4}));
        writeNpy(dir.file("out.npy"), ramp({1, 1, 2, 2}));
        const std::string previous = fileText(dir.file("out.npy"));
        if (r.setup) r.setup(dir);
        const auto before = testproc::dirEntries(dir.path());
        std::vector<std::string> argv = {kCli};
        for (const auto& a : r.args) argv.push_back(path(dir, a));
        const auto result = testproc::run(argv, r.env);
        const std::string err = replaceAll(result.err, dir.path() + "/", "");
        INFO(r.input << "\n" << commandLine(r));
        CHECK(err == (r.sees.empty() ? std::string() : r.sees + "\n"));
        CHECK(result.exitCode == r.exit);
        if (r.exit != 0) {
            CHECK(fileText(dir.file("out.npy")) == previous);
            CHECK(testproc::dirEntries(dir.path()) == before);  // no temporary file left behind
        }
    }
}

TEST_CASE("bad input: the README's table is the one these rows generate", "[cli][bad-input]") {
    const std::string table = markdownTable(rows());
    if (const char* out = std::getenv("UPSAMPLE_WRITE_BAD_INPUT_TABLE")) {
        std::ofstream(out, std::ios::binary) << table;
        return;
    }
    const std::string readme = fileText(UPSAMPLE_TESTS_DIR "/../README.md");
    const auto begin = readme.find(kBegin), end = readme.find(kEnd);
    REQUIRE(begin != std::string::npos);
    REQUIRE(end != std::string::npos);
    const std::string current = readme.substr(begin + std::string(kBegin).size() + 1,
                                              end - begin - std::string(kBegin).size() - 1);
    INFO("README.md's Bad input table is out of date: run make bad-input-table");
    CHECK(current == table);
    CHECK(table.size() > 0);
}
