// Golden cases written by tests/golden/generate.py from real PyTorch, one folder per version this
// program reproduces (tests/golden/torch-<version>/interpolate.json).
#pragma once

#include "upsample/spec.hpp"
#include "upsample/tensor.hpp"

#include <nlohmann/json.hpp>

#include <optional>
#include <string>
#include <vector>

namespace upsample {
class Backend;
}

namespace golden {

// The golden folders present, one per PyTorch version: ("golden/torch-2.14", its semantics).
struct GoldenFolder {
    std::string path;  // relative to tests/
    const upsample::Semantics* torch;
};
std::vector<GoldenFolder> goldenFolders();
// A golden file of every version ("interpolate.json"): the parsed documents, in goldenFolders() order.
// Each document's torch_version is checked against its folder's version.
std::vector<std::pair<const upsample::Semantics*, nlohmann::json>> goldenDocuments(const std::string& name);
// The documents of every version as one: each top-level array concatenated, every element given
// "torch": "<version>" and its "id" (where it has one) prefixed "<version>:"; other fields from the
// first (newest) version's document.
nlohmann::json mergedGolden(const std::string& name);
// The version a merged element names ("torch").
const upsample::Semantics& torchOf(const nlohmann::json& element);

struct Case {
    std::string id;   // "<version>:<mode>-<k>d-<tag>-<nnnn>"
    std::string call;
    std::string modeText;
    upsample::Spec spec;
    upsample::Tensor input;
    std::optional<upsample::Tensor> output;  // absent for error cases
    std::string errorType;                   // "ValueError", ... (error cases)
    std::string errorMessage;
    bool isError() const { return !output.has_value(); }
    bool isNearestMode() const { return modeText == "nearest" || modeText == "nearest-exact"; }
};

// All cases of the golden file (parsed once).
const std::vector<Case>& cases();
// Cases of one PyTorch mode name ("bilinear", ...), successes only unless withErrors.
std::vector<const Case*> casesOfMode(const std::string& mode, bool withErrors = false);

// Compares a result with a golden output: nearest modes bit for bit, the others within
// 2e-5 * max(1, |ref|) with NaN where the reference has NaN. Returns "" when they agree,
// else a description of the first difference.
std::string compare(const Case& c, const upsample::Tensor& got);
// The same rule for any two tensors: bit for bit when bitExact, else the tolerance above. "" when
// they agree, else the first difference ("element 3: got 1.5, <refName> 1.25").
std::string compareTensors(const upsample::Tensor& got, const upsample::Tensor& ref, bool bitExact,
                           const std::string& refName = "expected");

// Bit for bit, NaN by position (PyTorch's NaN payloads and signs are not compared): "" when they
// agree, else the first difference.
std::string compareBits(const upsample::Tensor& got, const upsample::Tensor& ref, const std::string& refName = "PyTorch");
// Runs every case on the backend and compares bit for bit (compareBits); "id (call): difference"
// for each mismatch.
std::vector<std::string> runCasesBitExact(const std::vector<const Case*>& cases, upsample::Backend& backend);

// The path of a file under the source tree's tests/ folder.
std::string testDataPath(const std::string& relative);

// A tensor from the golden files' encoding: each element's IEEE bits as hex, C order.
upsample::Tensor decodeTensor(const upsample::Shape& shape, upsample::DType dtype, const std::string& hex);

}  // namespace golden

namespace upsample {
class Backend;
}

namespace golden {

// Successful cases of the given modes; antialias: only cases with that antialias value.
std::vector<const Case*> select(const std::vector<std::string>& modes, std::optional<bool> antialias = std::nullopt);

// Runs every case on the backend; returns "id (call): difference" for each mismatch.
std::vector<std::string> runCases(const std::vector<const Case*>& cases, upsample::Backend& backend);
// The same on the CPU backend with 1 and with 2 threads; each mismatch names the thread count.
std::vector<std::string> runCasesOnCpu(const std::vector<const Case*>& cases);

}  // namespace golden
