#!/usr/bin/env bash
# The reference environment: a Debian sid root with current PyTorch (python3-torch, 2.14.1 when
# this was written), torchvision, NumPy and the libraries the golden generators compare against,
# plus the runtime libraries upsample-cli needs. The tests never need it (goldens are committed);
# the generators, scripts/parity.py and make bench use it when it exists.
#
# Usage:
#   scripts/reference-root.sh setup            make (or complete) the root; idempotent
#   scripts/reference-root.sh run CMD [ARG...] run CMD inside it, this checkout mounted at /repo
#                                              (the working directory); /proc, /dev, /sys and /repo
#                                              are mounted in a private namespace for the command
#   scripts/reference-root.sh path             print the root's folder
#   scripts/reference-root.sh torch-version    print the PyTorch version inside it
#
# Where: $UPSAMPLE_REFERENCE_ROOT, else ${XDG_CACHE_HOME:-~/.cache}/upsample-studio/reference-sid.
# The Debian mirror is the one this machine's apt uses ($UPSAMPLE_REFERENCE_MIRROR overrides it).
# About 2.3 GB and a few minutes; needs root (sudo is used when not root) and debootstrap.
set -euo pipefail

ROOT="${UPSAMPLE_REFERENCE_ROOT:-${XDG_CACHE_HOME:-$HOME/.cache}/upsample-studio/reference-sid}"
REPO="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
SUDO=""
if [ "$(id -u)" -ne 0 ]; then SUDO="sudo"; fi

# Python packages the generators, parity and bench scripts import, and the CLI's runtime libraries.
PACKAGES=(python3 python3-torch python3-torchvision python3-numpy python3-opencv python3-pil
          python3-skimage python3-onnx python3-onnxruntime
          libqt6gui6 libqt6widgets6 libqt6core6 ocl-icd-libopencl1 pocl-opencl-icd)

say() { echo "reference-root: $*" >&2; }

mirror() {
  if [ -n "${UPSAMPLE_REFERENCE_MIRROR:-}" ]; then echo "$UPSAMPLE_REFERENCE_MIRROR"; return; fi
  # The first Debian archive URI apt uses here (deb822 .sources or one-line .list).
  local uri
  uri=$(grep -hE '^(URIs:|deb )' /etc/apt/sources.list /etc/apt/sources.list.d/*.sources \
          /etc/apt/sources.list.d/*.list 2>/dev/null |
        grep -oE 'https?://[^ ]*/debian/?( |$)' | grep -v security | head -1 | tr -d ' ')
  if [ -z "$uri" ]; then say "no Debian mirror found in apt's sources; set UPSAMPLE_REFERENCE_MIRROR"; exit 2; fi
  echo "${uri%/}"
}

# Runs a command in the root inside a private mount namespace (unshare): /proc, /sys, /dev and the
# repository are bound there for the command alone and vanish with it, so runs from several
# checkouts at once do not disturb each other and nothing stays mounted after a failure.
in_root() {
  local inner='set -e
    for d in proc sys dev; do mount --bind "/$d" "$ROOT/$d"; done
    mkdir -p "$ROOT/repo"; mount --bind "$REPO" "$ROOT/repo"
    exec chroot "$ROOT" env -i PATH=/usr/local/bin:/usr/bin:/bin HOME=/root LANG=C.UTF-8 \
      LD_LIBRARY_PATH=/opt/upsample-host-libs DEBIAN_FRONTEND=noninteractive ${THREADS:+OMP_NUM_THREADS=$THREADS} bash -c "cd /repo && exec \"\$@\"" bash "$@"'
  $SUDO env ROOT="$ROOT" REPO="$REPO" THREADS="${OMP_NUM_THREADS:-}" \
    unshare --mount --propagation private bash -c "$inner" bash "$@"
}

# The CLI is built on this machine, against its libraries; sid has newer versions of some of them
# under other sonames (OpenEXR 3.1, Imath, ICU 72 when this was written). This machine's copies of
# the ones the root lacks go to /opt/upsample-host-libs there, which commands in the root find
# through LD_LIBRARY_PATH; nothing in sid asks for those sonames, so nothing else loads them.
host_libs() {
  local dir="$ROOT/opt/upsample-host-libs" exe lib name
  $SUDO mkdir -p "$dir"
  for exe in "$REPO"/build*/app/cli/upsample-cli; do
    [ -x "$exe" ] || continue
    ldd "$exe" 2>/dev/null | awk '$2 == "=>" && $3 ~ /^\// {print $3}' | while read -r lib; do
      name=$(basename "$lib")
      [ -e "$dir/$name" ] && continue
      [ -e "$ROOT/usr/lib/x86_64-linux-gnu/$name" ] || [ -e "$ROOT/lib/x86_64-linux-gnu/$name" ] && continue
      $SUDO cp -L "$lib" "$dir/$name"
    done
  done
}

setup() {
  if [ ! -x "$ROOT/usr/bin/apt-get" ]; then
    command -v debootstrap >/dev/null || { say "installing debootstrap"; $SUDO apt-get install -y -q debootstrap; }
    local m; m=$(mirror)
    say "debootstrap --variant=minbase sid into $ROOT (from this machine's Debian mirror)"
    $SUDO mkdir -p "$ROOT"
    $SUDO debootstrap --variant=minbase sid "$ROOT" "$m"
  fi
  # The mirror may serve a frozen copy of sid whose Release file is past its Valid-Until date.
  echo 'Acquire::Check-Valid-Until "false";' | $SUDO tee "$ROOT/etc/apt/apt.conf.d/99upsample-reference" >/dev/null
  local missing=()
  for p in "${PACKAGES[@]}"; do
    $SUDO chroot "$ROOT" dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" ||
      missing+=("$p")
  done
  if [ ${#missing[@]} -gt 0 ]; then
    say "installing in the root: ${missing[*]}"
    in_root apt-get update -q
    in_root apt-get install -y -q --no-install-recommends "${missing[@]}"
    in_root apt-get clean
  fi
  say "ready: $(torch_version) in $ROOT"
}

torch_version() {
  in_root python3 -c 'import torch; print("PyTorch", torch.__version__)' 2>/dev/null ||
    echo "no PyTorch yet"
}

case "${1:-}" in
  setup) setup ;;
  path) echo "$ROOT" ;;
  torch-version) torch_version ;;
  run)
    shift
    [ $# -gt 0 ] || { say "run needs a command"; exit 2; }
    [ -x "$ROOT/usr/bin/python3" ] || { say "no root at $ROOT: run scripts/reference-root.sh setup"; exit 2; }
    host_libs
    in_root "$@" ;;
  *) sed -n '2,20p' "$0" | sed 's/^# \{0,1\}//'; exit 2 ;;
esac
