#!/usr/bin/env bash
# The Debian package as `make package` builds it: CPack into a temporary folder, then its file list
# (dpkg-deb -c) and control fields (dpkg-deb -f) checked. Uses the built binaries (no rebuild).
# Usage: check_package.sh SOURCE_DIR BUILD_DIR VERSION CPACK [with-opencl]
set -euo pipefail
source_dir=$1 build_dir=$2 version=$3 cpack=$4 opencl=${5:-}

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fail=0
bad() { echo "FAIL: $*" >&2; fail=1; }

"$cpack" -G DEB --config "$build_dir/CPackConfig.cmake" -B "$tmp" > "$tmp/cpack.log" 2>&1 ||
  { cat "$tmp/cpack.log" >&2; echo "FAIL: cpack" >&2; exit 1; }
deb="$tmp/upsample-studio_${version}_amd64.deb"
[ -f "$deb" ] || { ls "$tmp" >&2; echo "FAIL: no $(basename "$deb")" >&2; exit 1; }
echo "built $(basename "$deb") ($(stat -c %s "$deb") bytes)"

contents=$(dpkg-deb -c "$deb")
echo "$contents"
for path in ./usr/bin/upsample-studio ./usr/bin/upsample-cli \
            ./usr/share/applications/upsample-studio.desktop \
            ./usr/share/icons/hicolor/scalable/apps/upsample-studio.svg \
            ./usr/share/doc/upsample-studio/README.md ./usr/share/doc/upsample-studio/CHANGELOG.md \
            ./usr/lib/python3/dist-packages/upsample_studio/__init__.py; do
  grep -q " $path\$" <<<"$contents" || bad "missing $path"
done
# Only /usr, owned by root, no group- or world-writable entry; the programs executable by all.
grep -vE ' \./$| \./usr(/|$)' <<<"$contents" | sed 's/^/outside \/usr: /' | grep . >&2 && fail=1
awk '$2 != "root/root" {print "not root/root: " $0; bad=1} END {exit bad}' <<<"$contents" >&2 || fail=1
awk 'substr($1,6,1) == "w" || substr($1,9,1) == "w" {print "writable by others: " $0; bad=1} END {exit bad}' \
  <<<"$contents" >&2 || fail=1
for prog in upsample-studio upsample-cli; do
  grep -qE "^-rwxr-xr-x .* \./usr/bin/$prog\$" <<<"$contents" || bad "usr/bin/$prog is not -rwxr-xr-x"
done
# Nothing of the build: no tests, no static libraries, no headers.
grep -E '\.(a|hpp|h|cmake)$|/test_' <<<"$contents" | sed 's/^/build leftover: /' | grep . >&2 && fail=1

# Stripped binaries (no .symtab section).
dpkg-deb -x "$deb" "$tmp/root"
for prog in upsample-studio upsample-cli; do
  if LC_ALL=C readelf -S "$tmp/root/usr/bin/$prog" 2>/dev/null | grep -q '\.symtab'; then
    bad "usr/bin/$prog is not stripped"
  fi
done
"$tmp/root/usr/bin/upsample-cli" --version | grep -qx "upsample-cli $version" || bad "upsample-cli --version"
QT_QPA_PLATFORM=offscreen "$tmp/root/usr/bin/upsample-studio" --version 2>/dev/null |
  grep -qx "upsample-studio $version" || bad "upsample-studio --version"
# No path into the source or build tree: kernels and samples are embedded.
for prog in upsample-studio upsample-cli; do
  for dir in "$source_dir" "$build_dir"; do
    grep -qaF "$dir/" "$tmp/root/usr/bin/$prog" && bad "usr/bin/$prog names $dir"
  done
done

field() { dpkg-deb -f "$deb" "$1"; }
dpkg-deb -f "$deb"
[ "$(field Package)" = upsample-studio ] || bad "Package: $(field Package)"
[ "$(field Version)" = "$version" ] || bad "Version: $(field Version)"
[ "$(field Architecture)" = amd64 ] || bad "Architecture: $(field Architecture)"
[ "$(field Section)" = graphics ] || bad "Section: $(field Section)"
[ -n "$(field Maintainer)" ] || bad "no Maintainer"
[ -n "$(field Description)" ] || bad "no Description"
[ -n "$(field Installed-Size)" ] || bad "no Installed-Size"
# The package names of a relation field (alternatives and versions left out).
names() { tr ',|' '\n\n' <<<"$1" | awk 'NF {print $1}'; }
has() { names "$1" | grep -qxF "$2"; }
depends=$(field Depends)
# Computed from the binaries (dpkg-shlibdeps) ...
for lib in libqt6core6 libqt6gui6 libqt6widgets6 libqt6charts6 libstdc++6 libc6; do
  has "$depends" "$lib" || bad "Depends lacks $lib: $depends"
done
# ... and the run-time pieces no binary links.
for pkg in qt6-image-formats-plugins libqt6svg6 fonts-dejavu-core; do
  has "$depends" "$pkg" || bad "Depends lacks $pkg: $depends"
done
if [ "$opencl" = with-opencl ]; then
  has "$depends" ocl-icd-libopencl1 || bad "Depends lacks ocl-icd-libopencl1: $depends"
  has "$(field Suggests)" pocl-opencl-icd || bad "Suggests lacks pocl-opencl-icd"
  has "$depends $(field Recommends)" pocl-opencl-icd && bad "PoCL is installed by default (it brings clang and -dev packages): $depends"
fi
# A user installs no build tools with it.
names "$depends" | grep -E -- '-dev$|^(gcc|g\+\+|clang|cmake|build-essential)(-[0-9]+)?$' |
  sed 's/^/build package in Depends: /' | grep . >&2 && fail=1

[ $fail -eq 0 ] && echo "package: ok"
exit $fail
