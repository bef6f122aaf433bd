// The Libraries window's rows and how they are held under the studio's result limit. Where every
// library's output and its difference to PyTorch fit together, the rows hold them whole. Over the
// limit, the rows stream: PyTorch's output is computed and kept whole, then each library one at a
// time (the core's closestCallsEach); its statistics are measured against PyTorch's whole output,
// then only previews of its output and its difference (every k-th sample, upsample::everyNth) are
// kept before the next library is computed. Refused, before anything is allocated and with the
// figures, only when even one library's output beside PyTorch's does not fit.
#pragma once

#include "tools/RealLibraries.hpp"

#include "upsample/analysis.hpp"
#include "upsample/conventions.hpp"
#include "upsample/spec.hpp"
#include "upsample/tensor.hpp"

#include <QString>

#include <cstdint>
#include <functional>
#include <optional>
#include <vector>

namespace studio {

// One library's call with what the core measured against PyTorch on the input.
struct LibraryRow {
    upsample::LibraryCall call;                  // call.output: the library's result (a preview when step > 1)
    std::optional<upsample::Tensor> difference;  // library - PyTorch, same shape only (a preview when step > 1)
    std::optional<upsample::DiffStats> stats;    // against PyTorch's whole output, same shape only
    std::optional<RealMeasure> real;             // the installed library's own output, where there is one
    // > 1: output and difference hold every step-th sample along each spatial axis of the whole
    // results (sample i of the preview is sample step·i of the result).
    int64_t step = 1;
};

// Whole, streamed or refused, for `spec` on `input` under the result limit.
struct LibraryPlan {
    QString refusal;            // not empty: refused, with the figures
    QString streaming;          // not empty: streamed, and why (the figures of holding them whole)
    uint64_t previewBytes = 0;  // > 0 while streaming: the most a library's output or difference keeps
};
LibraryPlan planLibraries(const upsample::Spec& spec, const upsample::Tensor& input, uint64_t limit);

// The rows, PyTorch's first, computed as the plan says (previewBytes 0: whole). PSNR uses the
// studio's one peak rule (upsample::psnrPeak of the input and its bit depth). Stops early, with no
// rows, when `superseded` says so between libraries. Throws what the core throws (PyTorch refusing
// the spec).
std::vector<LibraryRow> computeLibraryRows(const upsample::Tensor& input, int bitDepth, const upsample::Spec& spec,
                                           uint64_t previewBytes, const std::function<bool()>& superseded);

}  // namespace studio
