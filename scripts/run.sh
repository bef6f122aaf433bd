#!/usr/bin/env bash
# `make run`: the CLI on the bundled ones(1,1,4,4) sample (the studio takes over once it exists).
set -euo pipefail
build="${1:-build}"
cli="$build/app/cli/upsample-cli"
sample="resources/samples/ones_1x1x4x4.npy"
out="$build/run"
mkdir -p "$out"
echo "== input: $sample"
"$cli" show "$sample"
echo
echo "== nn.UpsamplingNearest2d(scale_factor=2): upsample-cli resize --mode nearest --scale 2"
"$cli" resize "$sample" "$out/nearest.npy" --mode nearest --scale 2
"$cli" show "$out/nearest.npy"
echo
echo "== nn.UpsamplingBilinear2d(scale_factor=2): upsample-cli resize --mode bilinear --scale 2 --align-corners"
"$cli" resize "$sample" "$out/bilinear.npy" --mode bilinear --scale 2 --align-corners
"$cli" show "$out/bilinear.npy"
