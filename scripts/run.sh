#!/usr/bin/env bash
# `make run`: the CLI on the seed example, then the studio on the test chart. Without a display
# the studio renders its window offscreen to a PNG and prints the path.
set -euo pipefail
build="${1:-build}"
cli="$build/app/cli/upsample-cli"
studio="$build/app/gui/upsample-studio"
sample="resources/samples/ones_1x1x4x4.npy"
chart="resources/samples/test_chart.png"
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
echo

if [ ! -x "$studio" ]; then
  echo "(upsample-studio was not built: configure with -DUPSAMPLE_BUILD_GUI=ON to get the window)"
  exit 0
fi
if [ -n "${DISPLAY:-}" ] || [ -n "${WAYLAND_DISPLAY:-}" ]; then
  echo "== upsample-studio $chart"
  exec "$studio" "$chart"
fi
echo "== no display: upsample-studio --screenshot $out/studio.png $chart (offscreen)"
QT_QPA_PLATFORM=offscreen "$studio" --screenshot "$out/studio.png" "$chart" 2> >(grep -v -e propagateSizeHints -e XDG_RUNTIME_DIR >&2)
