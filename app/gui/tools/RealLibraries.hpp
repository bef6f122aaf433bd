// The real OpenCV, where it is installed: the Libraries view's OpenCV row is otherwise this
// program's emulation of cv2.resize (core/src/conventions), and says so. A Python 3 that imports
// cv2 and NumPy is looked for once ($UPSAMPLE_STUDIO_PYTHON, else /usr/bin/python3, else python3
// on the PATH); the row's call then runs there, on the same float32 (H, W, C) images the emulation
// computes, and the row measures that output against PyTorch.
#pragma once

#include "upsample/analysis.hpp"
#include "upsample/conventions.hpp"
#include "upsample/tensor.hpp"

#include <QString>

#include <optional>
#include <string>

namespace studio {

struct RealLibrary {
    QString python;   // the interpreter that imports it
    QString version;  // cv2.__version__
};

// The installed cv2 (found once, then remembered; safe from any thread); none when no Python
// imports cv2 and NumPy.
const std::optional<RealLibrary>& installedOpenCv();

// Runs `code` (a cv2.resize(img, ...) expression, as LibraryCall::code writes it) on each n of an
// (N, C, H, W) or (N, C, L) tensor as a float32 (H, W, C) image ((N, C, L): height 1) with the
// real cv2, and returns the outputs as (N, C, H', W') or (N, C, L'). None, with *why, when it fails.
std::optional<upsample::Tensor> runOpenCv(const RealLibrary& cv, const upsample::Tensor& input, const std::string& code,
                                          QString* why);

// The installed library's own output for a row's call, measured against PyTorch's and against
// this program's emulation of it.
struct RealMeasure {
    RealLibrary library;
    std::optional<upsample::DiffStats> vsPyTorch, vsEmulation;  // same shapes only
    upsample::Shape shape;                                      // the installed library's output shape
    QString error;                                              // why it could not run
};

// For an OpenCV row with an output, when cv2 is installed: runs its call there. None otherwise.
std::optional<RealMeasure> measureInstalled(const upsample::LibraryCall& call, const upsample::Tensor& input,
                                            const upsample::Tensor& reference);
// What a row says about where its numbers come from (HTML lines starting with <br>): the installed
// library's figures (OpenCV rows: or that it is not installed), and that the row is an emulation.
QString measuredHtml(const upsample::LibraryCall& call, const std::optional<RealMeasure>& real);
QString emulatedHtml(const upsample::LibraryCall& call);

}  // namespace studio
