#!/usr/bin/env bash
# One command for a machine with a GPU and its OpenCL driver (an NVIDIA GPU with its ICD, say):
# builds the CLI and the OpenCL tests, runs the golden suite and the parity checks on the GPU's
# OpenCL device, then the benchmark table (kernel, copy-kernel floor, native CPU) on the GPU.
# Sized to finish in under 5 minutes once the build is there (about 10 more for a first build on
# 8 cores). Exits 0 when every check passes, 2 when there is no GPU (and says so), 1 otherwise.
#
#   scripts/gpu-check.sh [--device N] [--build-dir DIR] [--skip-parity]
#
# The device: --device N, else the first OpenCL GPU `upsample-cli devices` lists.
set -euo pipefail
cd "$(dirname "$0")/.."

build=build-gpu-check
device=""
parity=1
while [ $# -gt 0 ]; do
    case "$1" in
    --device) device="$2"; shift 2 ;;
    --build-dir) build="$2"; shift 2 ;;
    --skip-parity) parity=0; shift ;;
    -h|--help) sed -n '2,11p' "$0"; exit 0 ;;
    *) echo "gpu-check: unknown option $1" >&2; exit 1 ;;
    esac
done

step() { printf '\n== %s (%ds)\n' "$1" "$SECONDS"; }

step "build ($build, Release, no studio)"
cmake -S . -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=Release -DUPSAMPLE_BUILD_GUI=OFF >/dev/null
cmake --build "$build" --target upsample-cli test_opencl_kernels test_opencl_backend test_opencl_cli
cli="$build/app/cli/upsample-cli"

step "devices"
"$cli" devices
if [ -z "$device" ]; then
    # the device table's rows start with the index; the first whose type column says GPU
    device=$("$cli" devices | awk '$1 ~ /^[0-9]+$/ && / GPU / {print $1; exit}')
fi
if [ -z "$device" ]; then
    echo "gpu-check: no OpenCL GPU on this machine (see the list above); nothing checked." >&2
    echo "gpu-check: install the GPU's OpenCL driver (NVIDIA: nvidia-opencl-icd) or pass --device N." >&2
    exit 2
fi
export UPSAMPLE_OPENCL_DEVICE="$device"
echo "checking OpenCL device $device"

fail=0
step "golden suite and CPU parity on the device, bit for bit where the device rounds as IEEE says"
# The OpenCL test programs run on UPSAMPLE_OPENCL_DEVICE: every golden case against PyTorch's
# values, OpenCL against the CPU backend on every golden input, NaN/Inf inputs in every mode,
# tiling, the session and the faults.
for t in test_opencl_kernels test_opencl_backend test_opencl_cli; do
    "$build/tests/$t" || fail=1
done

if [ "$parity" = 1 ]; then
    step "random parity against PyTorch through the CLI on the device"
    if /usr/bin/python3 -c 'import torch' 2>/dev/null; then
        /usr/bin/python3 scripts/parity.py --cli "$cli" --backend opencl --cases 150 || fail=1
    else
        echo "gpu-check: no PyTorch for /usr/bin/python3 (apt install python3-torch): parity skipped"
    fi
fi

step "bench: kernel, copy-kernel floor and native CPU, side by side"
run() {  # prints one table row for: workload label, bench arguments...
    local label="$1"; shift
    local cpu ocl
    cpu=$("$cli" bench --json --backend cpu --repeat 5 "$@")
    ocl=$("$cli" bench --json --backend opencl --repeat 10 "$@")
    /usr/bin/python3 - "$label" "$cpu" "$ocl" <<'PY'
import json, sys
label, cpu, ocl = sys.argv[1], json.loads(sys.argv[2]), json.loads(sys.argv[3])
k, c, e, n = ocl["kernel_median_ms"], ocl["copy_kernel_median_ms"], ocl["median_ms"], cpu["median_ms"]
gb = ocl["bytes"] / 1e6
print("| %s | %.3f | %.3f | %.1f | %.1f | %.2f | %.3f | %.2f | %.3f |" % (
    label, k, c, gb / k, gb / c, k / c, n, k / n, e))
PY
}
echo "| workload | kernel ms | copy kernel ms | kernel GB/s | copy GB/s | kernel / copy | native CPU ms | kernel / CPU | end-to-end ms |"
echo "|---|---|---|---|---|---|---|---|---|"
run "W1 nearest x2" --shape 1,3,1080,1920 --mode nearest --scale 2
run "W1 bilinear x2" --shape 1,3,1080,1920 --mode bilinear --scale 2
run "W1 bicubic x2" --shape 1,3,1080,1920 --mode bicubic --scale 2
run "W2 8x64x128x128 nearest x2" --shape 8,64,128,128 --mode nearest --scale 2
run "W3 128^3 trilinear x2" --shape 1,1,128,128,128 --mode trilinear --scale 2
run "W4 2160x3840 bilinear-aa x1/4" --shape 1,3,2160,3840 --mode bilinear --scale 0.25 --antialias
run "W4 2160x3840 area x1/4" --shape 1,3,2160,3840 --mode area --scale 0.25
echo
echo "targets: W1 nearest kernel <= 1.3x copy, bilinear/bicubic <= 2x copy"

step "done"
if [ "$fail" = 0 ]; then echo "gpu-check: every check passed on OpenCL device $device"; else echo "gpu-check: FAILED (see above)"; fi
exit "$fail"
