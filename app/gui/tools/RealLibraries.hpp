// The real OpenCV and Pillow, where they are installed: the Libraries view's rows are otherwise
// this program's emulations of cv2.resize and Image.resize (core/src/conventions), and say so. A
// Python 3 that imports the library and NumPy is looked for once per library
// ($UPSAMPLE_STUDIO_PYTHON, else /usr/bin/python3, else python3 on the PATH); the row's call then
// runs there, on the same float32 data the emulation computes ((H, W, C) images for cv2, mode "F"
// planes for Pillow), and the row measures that output against PyTorch.
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
    QString version;  // cv2.__version__ or PIL.__version__
    upsample::Library library = upsample::Library::OpenCV;
};

// The installed cv2 (found once, then remembered; safe from any thread); none when no Python
// imports cv2 and NumPy.
const std::optional<RealLibrary>& installedOpenCv();
const std::optional<RealLibrary>& installedPillow();
// Whether a library's row can be measured with the installed library (OpenCV, Pillow).
bool measurable(upsample::Library lib);

// Runs `code` (a cv2.resize(img, ...) or img.resize(...) expression, as LibraryCall::code writes
// it) with the installed library: cv2 on each n of an (N, C, H, W) or (N, C, L) tensor as a float32
// (H, W, C) image ((N, C, L): height 1), Pillow on each (n, c) plane as a mode "F" image; returns
// the outputs as (N, C, H', W') or (N, C, L'). None, with *why, when it fails.
std::optional<upsample::Tensor> runInstalled(const RealLibrary& cv, const upsample::Tensor& input, const std::string& code,
                                          QString* why);

// The installed library's own output for a row's call, measured against PyTorch's and against
// this program's emulation of it.
struct RealMeasure {
    RealLibrary library;
    std::optional<upsample::DiffStats> vsPyTorch, vsEmulation;  // same shapes only
    upsample::Shape shape;                                      // the installed library's output shape
    QString error;                                              // why it could not run
};

// For an OpenCV or Pillow row with an output, when that library is installed: runs its call there.
// None otherwise.
std::optional<RealMeasure> measureInstalled(const upsample::LibraryCall& call, const upsample::Tensor& input,
                                            const upsample::Tensor& reference);
// What a row says about where its numbers come from (HTML lines starting with <br>): the installed
// library's figures (OpenCV and Pillow rows: or that it is not installed), and that the row is an
// emulation.
QString measuredHtml(const upsample::LibraryCall& call, const std::optional<RealMeasure>& real);
QString emulatedHtml(const upsample::LibraryCall& call);

}  // namespace studio
