#!/usr/bin/env bash
# Installs every Debian package Upsample Studio needs, and nothing when all are present.
# The one list of packages lives here.
# Usage: scripts/install-deps.sh [--with-torch] [--with-bench] [--with-libs] [--with-fuzz]
set -euo pipefail

# Build and test: compiler, CMake, Ninja, Catch2 v2, Qt 6 (widgets, charts and the OpenGL module
# its CMake package needs, image plugins, SVG),
# OpenCL (ICD loader, headers, PoCL as a CPU device that works anywhere), Xvfb for screenshots
# and, with xdotool, the GUI monkey (scripts/monkey.py),
# NumPy for golden checks, nlohmann-json for the CLI's --json output and the golden files,
# dpkg-dev (dpkg-shlibdeps), file and help2man (the man pages) for make package and its test, zlib
# (deflated .npz members) and OpenEXR (.exr pictures) for the tensor-file readers.
PACKAGES=(
  build-essential cmake ninja-build pkg-config make dpkg-dev file
  catch2 nlohmann-json3-dev zlib1g-dev libopenexr-dev
  qt6-base-dev qt6-charts-dev libqt6opengl6-dev qt6-svg-dev qt6-image-formats-plugins libgl-dev
  ocl-icd-opencl-dev opencl-c-headers opencl-clhpp-headers pocl-opencl-icd clinfo
  python3 python3-numpy help2man
  xvfb xauth xdotool
)
# PyTorch (and friends) are only needed to regenerate goldens, run parity checks or benchmarks;
# --with-libs: the libraries whose conventions the library goldens record (make goldens-libs):
# OpenCV, Pillow, ONNX (and its conformance data), scikit-image, and PyTorch for its ONNX exporter.
# --with-fuzz: clang 16 only for the fuzz targets (clang 14 rejects structured bindings captured by
# lambdas, which the core uses).
for arg in "$@"; do
  case "$arg" in
    --with-torch) PACKAGES+=(python3-torch) ;;
    --with-bench) PACKAGES+=(python3-torch python3-opencv python3-pil python3-matplotlib) ;;
    --with-libs) PACKAGES+=(python3-torch python3-opencv python3-pil python3-onnx libonnx-testdata python3-skimage) ;;
    --with-fuzz) PACKAGES+=(clang-16 libclang-rt-16-dev) ;;  # make fuzz: clang's libFuzzer and sanitizer runtimes
    *) echo "install-deps: unknown option $arg" >&2; exit 2 ;;
  esac
done

missing=()
for p in "${PACKAGES[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
    missing+=("$p")
  fi
done
[ ${#missing[@]} -eq 0 ] && exit 0

echo "install-deps: installing ${missing[*]}"
SUDO=""
if [ "$(id -u)" -ne 0 ]; then SUDO="sudo"; fi
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -q
$SUDO apt-get install -y -q --no-install-recommends "${missing[@]}"
