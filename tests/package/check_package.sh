#!/usr/bin/env bash
# The Debian packages as `make package` builds them: CPack into a temporary folder, then each
# package's file list (dpkg-deb -c), control fields and maintainer scripts (dpkg-deb -f, -e), the
# man pages, changelog and copyright, and the programs run from the unpacked package: the studio's
# --help and --version with no display (QT_QPA_PLATFORM and DISPLAY unset). Uses the built binaries.
# Usage: check_package.sh SOURCE_DIR BUILD_DIR VERSION CPACK [with-opencl]
set -euo pipefail
source_dir=$1 build_dir=$2 version=$3 cpack=$4 opencl=${5:-}
debversion=$version-1

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fail=0
bad() { echo "FAIL: $*" >&2; fail=1; }

"$cpack" -G DEB --config "$build_dir/CPackConfig.cmake" -B "$tmp" > "$tmp/cpack.log" 2>&1 ||
  { cat "$tmp/cpack.log" >&2; echo "FAIL: cpack" >&2; exit 1; }
deb="$tmp/upsample-studio_${debversion}_amd64.deb"
pydeb="$tmp/python3-upsample-studio_${debversion}_all.deb"
for d in "$deb" "$pydeb"; do
  [ -f "$d" ] || { ls "$tmp" >&2; echo "FAIL: no $(basename "$d")" >&2; exit 1; }
  echo "built $(basename "$d") ($(stat -c %s "$d") bytes)"
done
[ "$(ls "$tmp"/*.deb | wc -l)" -eq 2 ] || bad "expected 2 packages: $(ls "$tmp"/*.deb)"

contents=$(dpkg-deb -c "$deb")
pycontents=$(dpkg-deb -c "$pydeb")
echo "$contents"
echo "$pycontents"
has_path() { grep -q " $2\$" <<<"$1"; }
for path in ./usr/bin/upsample-studio ./usr/bin/upsample-cli \
            ./usr/share/applications/upsample-studio.desktop \
            ./usr/share/icons/hicolor/scalable/apps/upsample-studio.svg \
            ./usr/share/man/man1/upsample-cli.1.gz ./usr/share/man/man1/upsample-studio.1.gz \
            ./usr/share/doc/upsample-studio/README.md ./usr/share/doc/upsample-studio/changelog.gz \
            ./usr/share/doc/upsample-studio/copyright ./usr/share/doc/upsample-studio/changelog.Debian.gz; do
  has_path "$contents" "$path" || bad "upsample-studio lacks $path"
done
for path in ./usr/lib/python3/dist-packages/upsample_studio/__init__.py \
            ./usr/share/doc/python3-upsample-studio/copyright \
            ./usr/share/doc/python3-upsample-studio/changelog.Debian.gz; do
  has_path "$pycontents" "$path" || bad "python3-upsample-studio lacks $path"
done
# Each file in one package: the client only in the Python package, no program in it.
grep -q 'dist-packages' <<<"$contents" && bad "upsample-studio holds Python modules"
grep -qE ' \./usr/(bin|share/man)/' <<<"$pycontents" && bad "python3-upsample-studio holds programs or man pages"
grep -q '__pycache__\|\.pyc$' <<<"$pycontents" && bad "python3-upsample-studio ships byte-compiled files"

for list in "$contents" "$pycontents"; do
  # Only /usr, owned by root, no group- or world-writable entry.
  grep -vE ' \./$| \./usr(/|$)' <<<"$list" | sed 's/^/outside \/usr: /' | grep . >&2 && fail=1
  awk '$2 != "root/root" {print "not root/root: " $0; bad=1} END {exit bad}' <<<"$list" >&2 || fail=1
  awk 'substr($1,6,1) == "w" || substr($1,9,1) == "w" {print "writable by others: " $0; bad=1} END {exit bad}' \
    <<<"$list" >&2 || fail=1
  # Nothing of the build: no tests, no static libraries, no headers.
  grep -E '\.(a|hpp|h|cmake)$|/test_' <<<"$list" | sed 's/^/build leftover: /' | grep . >&2 && fail=1
done
for prog in upsample-studio upsample-cli; do
  grep -qE "^-rwxr-xr-x .* \./usr/bin/$prog\$" <<<"$contents" || bad "usr/bin/$prog is not -rwxr-xr-x"
done

dpkg-deb -x "$deb" "$tmp/root"
dpkg-deb -x "$pydeb" "$tmp/pyroot"
# Stripped binaries (no .symtab section).
for prog in upsample-studio upsample-cli; do
  if LC_ALL=C readelf -S "$tmp/root/usr/bin/$prog" 2>/dev/null | grep -q '\.symtab'; then
    bad "usr/bin/$prog is not stripped"
  fi
done
"$tmp/root/usr/bin/upsample-cli" --version | grep -qx "upsample-cli $version" || bad "upsample-cli --version"
# The studio answers --help and --version before any Qt platform opens: no display needed.
nodisplay=(env -u QT_QPA_PLATFORM -u DISPLAY -u WAYLAND_DISPLAY)
"${nodisplay[@]}" "$tmp/root/usr/bin/upsample-studio" --version > "$tmp/version.txt" 2>&1 || bad "upsample-studio --version failed: $(cat "$tmp/version.txt")"
grep -qx "upsample-studio $version" "$tmp/version.txt" || bad "upsample-studio --version: $(cat "$tmp/version.txt")"
"${nodisplay[@]}" "$tmp/root/usr/bin/upsample-studio" --help > "$tmp/help.txt" 2>&1 || bad "upsample-studio --help failed: $(cat "$tmp/help.txt")"
grep -q '^Usage: .*upsample-studio \[options\] file' "$tmp/help.txt" || bad "upsample-studio --help: $(head -3 "$tmp/help.txt")"
grep -q -- '--listen' "$tmp/help.txt" || bad "upsample-studio --help lacks --listen"
# No path into the source or build tree: kernels and samples are embedded.
for prog in upsample-studio upsample-cli; do
  for dir in "$source_dir" "$build_dir"; do
    grep -qaF "$dir/" "$tmp/root/usr/bin/$prog" && bad "usr/bin/$prog names $dir"
  done
done

# The man pages: generated from each program's --help (an option of each appears), with the
# NAME line man-db's whatis reads.
man_text() { zcat "$tmp/root/usr/share/man/man1/$1.1.gz"; }
man_text upsample-cli | grep -q '^\.TH UPSAMPLE-CLI "1"' || bad "upsample-cli.1: no .TH line"
man_text upsample-cli | grep -qF 'upsample-cli \- PyTorch' || bad "upsample-cli.1: NAME line"
man_text upsample-cli | grep -q '^\.SH SYNOPSIS' || bad "upsample-cli.1: no SYNOPSIS (its --help's usage line)"
for command in show devices resize compare bench explain send; do  # one list entry each
  man_text upsample-cli | grep -A1 '^\.TP$' | grep -q "^$command\b" || bad "upsample-cli.1 lacks the command $command"
done
man_text upsample-studio | grep -q '^\.TH UPSAMPLE-STUDIO "1"' || bad "upsample-studio.1: no .TH line"
man_text upsample-studio | grep -qF 'upsample-studio \- see exactly' || bad "upsample-studio.1: NAME line"
man_text upsample-studio | grep -qF '\-\-listen' || bad "upsample-studio.1 lacks its --help's --listen"
man_text upsample-studio | grep -qF "upsample-studio $version" || bad "upsample-studio.1 lacks the version"

# The Debian changelog (from CHANGELOG.md) and the copyright file (Debian's format, LICENSE's text).
changelog=$(zcat "$tmp/root/usr/share/doc/upsample-studio/changelog.Debian.gz")
[ "$(head -1 <<<"$changelog")" = "upsample-studio ($debversion) unstable; urgency=medium" ] ||
  bad "changelog.Debian.gz: first line $(head -1 <<<"$changelog")"
grep -qE '^ -- .+ <.+@.+>  [A-Z][a-z]{2}, [0-9]{2} [A-Z][a-z]{2} [0-9]{4} [0-9:]{8} [+-][0-9]{4}$' <<<"$changelog" ||
  bad "changelog.Debian.gz: no trailer line"
awk 'length > 80 && !/^ -- / {print "changelog line over 80 columns: " $0; bad=1} END {exit bad}' <<<"$changelog" >&2 || fail=1
zcat "$tmp/root/usr/share/doc/upsample-studio/changelog.gz" | cmp -s - "$source_dir/CHANGELOG.md" ||
  bad "changelog.gz is not CHANGELOG.md"
cmp -s "$tmp/root/usr/share/doc/upsample-studio/changelog.Debian.gz" \
  "$tmp/pyroot/usr/share/doc/python3-upsample-studio/changelog.Debian.gz" || bad "the packages' Debian changelogs differ"
copyright="$tmp/root/usr/share/doc/upsample-studio/copyright"
head -1 "$copyright" | grep -qx 'Format: https://www.debian.org/doc/packaging-manuals/copyright-format/1.0/' ||
  bad "copyright: not in Debian's machine-readable format"
grep -qx 'Copyright: [0-9-]* The Upsample Studio authors' "$copyright" || bad "copyright: holder"
[ "$(grep -c '^License: MIT$' "$copyright")" -eq 2 ] || bad "copyright: License: MIT (Files and its text)"
grep -qF " $(sed -n '/^Permission/p' "$source_dir/LICENSE")" "$copyright" || bad "copyright: LICENSE's text"
cmp -s "$copyright" "$tmp/pyroot/usr/share/doc/python3-upsample-studio/copyright" || bad "the packages' copyright files differ"

# The desktop entry: one main category (so menus show it once).
main_categories=$(grep '^Categories=' "$tmp/root/usr/share/applications/upsample-studio.desktop" | cut -d= -f2 |
  tr ';' '\n' | grep -cxE 'AudioVideo|Audio|Video|Development|Education|Game|Graphics|Network|Office|Science|Settings|System|Utility' || true)
[ "$main_categories" -eq 1 ] || bad "desktop entry: $main_categories main categories"

field() { dpkg-deb -f "$1" "$2"; }
dpkg-deb -f "$deb"
dpkg-deb -f "$pydeb"
for d in "$deb" "$pydeb"; do
  [ "$(field "$d" Version)" = "$debversion" ] || bad "$(basename "$d"): Version $(field "$d" Version)"
  [ -n "$(field "$d" Maintainer)" ] || bad "$(basename "$d"): no Maintainer"
  [ -n "$(field "$d" Installed-Size)" ] || bad "$(basename "$d"): no Installed-Size"
  # The synopsis, then an extended description of lines within 80 columns.
  field "$d" Description | awk 'NR == 1 && length < 10 {bad=1} length > 80 {bad=1} END {exit bad || NR < 3}' ||
    bad "$(basename "$d"): Description"
done
[ "$(field "$deb" Package)" = upsample-studio ] || bad "Package: $(field "$deb" Package)"
[ "$(field "$deb" Architecture)" = amd64 ] || bad "Architecture: $(field "$deb" Architecture)"
[ "$(field "$deb" Section)" = graphics ] || bad "Section: $(field "$deb" Section)"
[ "$(field "$pydeb" Package)" = python3-upsample-studio ] || bad "Package: $(field "$pydeb" Package)"
[ "$(field "$pydeb" Architecture)" = all ] || bad "python3-upsample-studio: Architecture $(field "$pydeb" Architecture)"
[ "$(field "$pydeb" Section)" = python ] || bad "python3-upsample-studio: Section $(field "$pydeb" Section)"
[ "$(field "$pydeb" Source)" = upsample-studio ] || bad "python3-upsample-studio: Source $(field "$pydeb" Source)"
# The package names of a relation field (alternatives and versions left out).
names() { tr ',|' '\n\n' <<<"$1" | awk 'NF {print $1}'; }
has() { names "$1" | grep -qxF "$2"; }
depends=$(field "$deb" Depends)
# Computed from the binaries (dpkg-shlibdeps) ...
for lib in libqt6core6 libqt6gui6 libqt6widgets6 libqt6charts6 libstdc++6 libc6; do
  has "$depends" "$lib" || bad "Depends lacks $lib: $depends"
done
# ... and the run-time pieces no binary links; each package named once.
for pkg in qt6-image-formats-plugins libqt6svg6 fonts-dejavu-core; do
  has "$depends" "$pkg" || bad "Depends lacks $pkg: $depends"
done
dups=$(names "$depends" | sort | uniq -d)
[ -z "$dups" ] || bad "Depends names $(tr '\n' ' ' <<<"$dups")more than once: $depends"
[ "$(field "$deb" Recommends)" = python3-upsample-studio ] || bad "Recommends: $(field "$deb" Recommends)"
pydepends=$(field "$pydeb" Depends)
for pkg in python3 python3-numpy; do
  has "$pydepends" "$pkg" || bad "python3-upsample-studio: Depends lacks $pkg: $pydepends"
done
if [ "$opencl" = with-opencl ]; then
  has "$depends" ocl-icd-libopencl1 || bad "Depends lacks ocl-icd-libopencl1: $depends"
  has "$(field "$deb" Suggests)" pocl-opencl-icd || bad "Suggests lacks pocl-opencl-icd"
  has "$depends $(field "$deb" Recommends)" pocl-opencl-icd && bad "PoCL is installed by default (it brings clang and -dev packages): $depends"
fi
# A user installs no build tools with it.
names "$depends $pydepends" | grep -E -- '-dev$|^(gcc|g\+\+|clang|cmake|build-essential)(-[0-9]+)?$' |
  sed 's/^/build package in Depends: /' | grep . >&2 && fail=1

# The Python package's maintainer scripts byte-compile on configure and clean before removal, as
# dh_python3's do (so remove leaves no __pycache__ and purge works).
dpkg-deb -e "$pydeb" "$tmp/pycontrol"
for script in postinst prerm; do
  [ -x "$tmp/pycontrol/$script" ] || { bad "python3-upsample-studio has no executable $script"; continue; }
  head -1 "$tmp/pycontrol/$script" | grep -qx '#!/bin/sh' || bad "$script: not a /bin/sh script"
  grep -qx 'set -e' "$tmp/pycontrol/$script" || bad "$script: no set -e"
  sh -n "$tmp/pycontrol/$script" || bad "$script: syntax"
done
grep -q 'py3compile -p python3-upsample-studio' "$tmp/pycontrol/postinst" || bad "postinst does not call py3compile"
grep -q 'py3clean -p python3-upsample-studio' "$tmp/pycontrol/prerm" || bad "prerm does not call py3clean"
# The studio needs no maintainer script (menus and icon caches update through triggers).
dpkg-deb -e "$deb" "$tmp/control"
ls "$tmp/control" | grep -vxE 'control|md5sums|shlibs|triggers' | sed 's/^/upsample-studio control file: /' | grep . >&2 && fail=1

[ $fail -eq 0 ] && echo "package: ok"
exit $fail
