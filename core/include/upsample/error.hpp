// Typed errors of the core. Each carries the values it is about, and its message is the one a
// user sees: for specs that PyTorch rejects, word for word PyTorch's message.
#pragma once

#include <cstdint>
#include <stdexcept>
#include <string>
#include <vector>

namespace upsample {

enum class ErrorKind {
    Spec,      // a spec PyTorch rejects (message is PyTorch's)
    Npy,       // a malformed or unsupported .npy file
    TensorFile,  // a malformed or unsupported .pt, .safetensors, .npz or .exr file (or a refused pickle)
    Io,        // reading or writing a file failed
    TooLarge,  // a shape or byte count over a cap or overflowing
    OpenCL,    // the OpenCL backend failed (carries the build log where there is one)
    Parse,     // a call or argument text that cannot be read
    Usage,     // a wrong command-line argument
    Internal,  // a contract inside the program broken: a bug, never the user's input
    Cancelled, // a run stopped by its cancellation token (RunOptions::cancel); the CLI never sets one
};

class Error : public std::runtime_error {
public:
    Error(ErrorKind kind, const std::string& message) : std::runtime_error(message), kind_(kind) {}
    ErrorKind kind() const noexcept { return kind_; }

private:
    ErrorKind kind_;
};

// The Python exception type PyTorch raises for a spec error.
enum class PyErrorType {
    ValueError, NotImplementedError, RuntimeError, OverflowError, TypeError,
    // Raised by Python itself for a call text (see call_parser.hpp).
    AttributeError, NameError, IndexError, SyntaxError,
};
const char* pyErrorTypeName(PyErrorType t);

// A spec that PyTorch's F.interpolate refuses. what() is PyTorch's message.
class SpecError : public Error {
public:
    SpecError(PyErrorType type, const std::string& message) : Error(ErrorKind::Spec, message), type_(type) {}
    PyErrorType pyType() const noexcept { return type_; }

private:
    PyErrorType type_;
};

// "Input and output sizes should be greater than 0, but got input (H: 5, W: 5) output (H: 0, W: 0)"
class SizeError : public SpecError {
public:
    SizeError(std::vector<int64_t> input, std::vector<int64_t> output);
    const std::vector<int64_t>& inputSizes() const noexcept { return input_; }
    const std::vector<int64_t>& outputSizes() const noexcept { return output_; }

private:
    std::vector<int64_t> input_, output_;
};

class NpyError : public Error {
public:
    explicit NpyError(const std::string& message) : Error(ErrorKind::Npy, message) {}
};

// A .pt, .safetensors, .npz or .exr file that is malformed, lies about its sizes, holds a dtype
// that is not read, or (a torch.save pickle) names a global torch.load(weights_only=True) refuses.
// The message names the file and the reason.
class TensorFileError : public Error {
public:
    explicit TensorFileError(const std::string& message) : Error(ErrorKind::TensorFile, message) {}
};

class IoError : public Error {
public:
    IoError(const std::string& path, const std::string& message)
        : Error(ErrorKind::Io, message), path_(path) {}
    const std::string& path() const noexcept { return path_; }

private:
    std::string path_;
};

// A tensor whose size overflows or is over a cap. Carries the bytes asked for and the cap.
class TooLargeError : public Error {
public:
    TooLargeError(const std::string& message, uint64_t bytes, uint64_t limit)
        : Error(ErrorKind::TooLarge, message), bytes_(bytes), limit_(limit) {}
    uint64_t bytes() const noexcept { return bytes_; }
    uint64_t limit() const noexcept { return limit_; }

private:
    uint64_t bytes_, limit_;
};

class UsageError : public Error {
public:
    explicit UsageError(const std::string& message) : Error(ErrorKind::Usage, message) {}
};

// A run stopped by its cancellation token before it finished; its output is discarded.
class CancelledError : public Error {
public:
    CancelledError() : Error(ErrorKind::Cancelled, "the computation was cancelled") {}
};

// A broken internal contract (a bug). what() is the detail followed by kInternalErrorRequest.
class InternalError : public Error {
public:
    explicit InternalError(const std::string& detail);
    const std::string& detail() const noexcept { return detail_; }

private:
    std::string detail_;
};
inline constexpr const char* kInternalErrorRequest =
    " (an internal error of Upsample Studio, not a problem with the input: please report it as a bug)";

}  // namespace upsample
