#include "upsample/error.hpp"

#include <sstream>

namespace upsample {

const char* pyErrorTypeName(PyErrorType t) {
    switch (t) {
    case PyErrorType::ValueError: return "ValueError";
    case PyErrorType::NotImplementedError: return "NotImplementedError";
    case PyErrorType::RuntimeError: return "RuntimeError";
    case PyErrorType::OverflowError: return "OverflowError";
    case PyErrorType::TypeError: return "TypeError";
    case PyErrorType::AttributeError: return "AttributeError";
    case PyErrorType::NameError: return "NameError";
    case PyErrorType::IndexError: return "IndexError";
    case PyErrorType::SyntaxError: return "SyntaxError";
    }
    return "Error";
}

namespace {
// PyTorch labels spatial dims from the right: W, H, D.
std::string labelled(const std::vector<int64_t>& sizes) {
    static const char* names1[] = {"W"};
    static const char* names2[] = {"H", "W"};
    static const char* names3[] = {"D", "H", "W"};
    const char** names = sizes.size() == 1 ? names1 : sizes.size() == 2 ? names2 : names3;
    std::ostringstream os;
    os << '(';
    for (std::size_t i = 0; i < sizes.size() && i < 3; ++i) {
        if (i) os << ", ";
        os << names[i] << ": " << sizes[i];
    }
    os << ')';
    return os.str();
}

std::string sizeMessage(const std::vector<int64_t>& in, const std::vector<int64_t>& out) {
    // PyTorch's 1-D check says "and output"; the 2-D and 3-D checks say "output".
    return "Input and output sizes should be greater than 0, but got input " + labelled(in) +
           (in.size() == 1 ? " and output " : " output ") + labelled(out);
}
}  // namespace

InternalError::InternalError(const std::string& detail)
    : Error(ErrorKind::Internal, detail + kInternalErrorRequest), detail_(detail) {}

SizeError::SizeError(std::vector<int64_t> input, std::vector<int64_t> output)
    : SpecError(PyErrorType::RuntimeError, sizeMessage(input, output)),
      input_(std::move(input)), output_(std::move(output)) {}

}  // namespace upsample
