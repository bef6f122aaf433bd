#!/usr/bin/env bash
# The Debian packages tried on a bare Debian 12 root, as a new user would, and checked by lintian.
#
# Usage: scripts/package-trial.sh CACHE_DIR DEB_DIR [lintian|trial|sizes|all]
#   CACHE_DIR  where the roots are kept (outside the checkout): CACHE_DIR/bare is made once with
#              `debootstrap --variant=minbase bookworm` from the Debian mirror this machine's apt
#              uses; each step works on a fresh copy of it.
#   DEB_DIR    the folder holding upsample-studio_*.deb and python3-upsample-studio_*.deb
#              (make package: build/).
#   lintian    installs lintian in CACHE_DIR/lintian and runs it on both packages (full output)
#   sizes      what `apt install` pulls on the bare root, with and without Recommends (apt's own
#              summary: package count, download and disk figures), installing nothing
#   trial      installs both packages, runs README's live link session against a studio
#              listening offscreen, as a new user; removes and purges both; lists what
#              `find / -xdev -name '*upsample*'` finds outside that user's home
# Needs root, debootstrap and unshare; commands inside the roots run in a private mount namespace
# (/proc and /dev mounted for them only).
set -euo pipefail

cache=${1:?usage: package-trial.sh CACHE_DIR DEB_DIR [lintian|trial|sizes|all]}
debs=$(cd "${2:?DEB_DIR}" && pwd)
step=${3:-all}
say() { echo "package-trial: $*" >&2; }

studio_deb=$(ls "$debs"/upsample-studio_*.deb | tail -1)
python_deb=$(ls "$debs"/python3-upsample-studio_*.deb | tail -1)

mirror() {
  grep -hE '^(URIs:|deb )' /etc/apt/sources.list /etc/apt/sources.list.d/*.sources /etc/apt/sources.list.d/*.list \
    2>/dev/null | grep -oE 'https?://[^ ]*/debian/?( |$)' | grep -v security | head -1 | tr -d ' '
}

bare() {
  if [ -x "$cache/bare/usr/bin/apt-get" ]; then
    ls "$cache"/bare/var/lib/apt/lists/*_Packages > /dev/null 2>&1 || in_root "$cache/bare" apt-get update -q > /dev/null
    return
  fi
  mkdir -p "$cache"
  say "debootstrap --variant=minbase bookworm $cache/bare $(mirror)"
  debootstrap --variant=minbase bookworm "$cache/bare" "$(mirror)" > "$cache/debootstrap.log"
  # The same sources as this machine (bookworm, -updates, -security), resolv.conf for apt.
  rm -f "$cache/bare/etc/apt/sources.list"
  cp /etc/apt/sources.list.d/*.sources "$cache/bare/etc/apt/sources.list.d/" 2>/dev/null ||
    cp /etc/apt/sources.list "$cache/bare/etc/apt/sources.list"
  cp /etc/resolv.conf "$cache/bare/etc/resolv.conf"
  in_root "$cache/bare" apt-get update -q > /dev/null
}

fresh() {  # a copy of the bare root
  rm -rf "$cache/$1"
  cp -a "$cache/bare" "$cache/$1"
  echo "$cache/$1"
}

in_root() {  # ROOT CMD...: runs CMD in ROOT with /proc and /dev
  local root=$1; shift
  unshare -m --propagation private sh -c 'mount -t proc proc "$0/proc" && mount --rbind /dev "$0/dev" && exec chroot "$@"' \
    "$root" "$root" "$@"
}

lint() {
  local root="$cache/lintian"
  if [ ! -x "$root/usr/bin/lintian" ]; then
    fresh lintian > /dev/null
    in_root "$root" sh -c 'DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends lintian' > /dev/null
  fi
  cp "$studio_deb" "$python_deb" "$root/tmp/"
  say "lintian $(in_root "$root" lintian --version)"
  in_root "$root" sh -c 'cd /tmp && lintian --display-info --pedantic --show-overrides --tag-display-limit 0 *.deb; echo "lintian exit status $?"'
  rm -f "$root"/tmp/*.deb
}

sizes() {
  local root; root=$(fresh sizes)
  cp "$studio_deb" "$python_deb" "$root/tmp/"
  local s=/tmp/$(basename "$studio_deb") p=/tmp/$(basename "$python_deb")
  echo "== apt install ./upsample-studio_*.deb ./python3-upsample-studio_*.deb (with Recommends)"
  in_root "$root" apt-get install --assume-no "$s" "$p" 2>&1 | grep -E 'newly installed|Need to get|After this operation' || true
  echo "== apt install --no-install-recommends ./upsample-studio_*.deb ./python3-upsample-studio_*.deb"
  in_root "$root" apt-get install --assume-no --no-install-recommends "$s" "$p" 2>&1 |
    grep -E 'newly installed|Need to get|After this operation' || true
  echo "== apt install --no-install-recommends ./upsample-studio_*.deb"
  in_root "$root" apt-get install --assume-no --no-install-recommends "$s" 2>&1 |
    grep -E 'newly installed|Need to get|After this operation' || true
  rm -rf "$root"
}

trial() {
  local root; root=$(fresh trial)
  in_root "$root" useradd -m -s /bin/sh alice
  cp "$studio_deb" "$python_deb" "$root/home/alice/"
  local s=/home/alice/$(basename "$studio_deb") p=/home/alice/$(basename "$python_deb")
  echo "== apt-get install ./$(basename "$studio_deb") ./$(basename "$python_deb")"
  in_root "$root" env DEBIAN_FRONTEND=noninteractive apt-get install -y -q "$s" "$p" 2>&1 | tail -3
  echo "== as alice: upsample-studio --listen (offscreen), then README's live link session"
  cat > "$root/home/alice/session.py" <<'EOF'
import numpy as np
x = np.random.default_rng(1).random((1, 3, 48, 64), dtype=np.float32)
my_model_output = np.repeat(np.repeat(x, 2, axis=2), 2, axis=3)
import upsample_studio as us                              # PYTHONPATH=python, or pip install ./python
s = us.connect(spawn=True)                                # starts a studio when none listens
s.open(x)                                                 # NumPy array or torch tensor, (N, C, H, W)
s.spec("F.interpolate(x, scale_factor=2, mode='bicubic')")
y = s.result(); s.compare(my_model_output)                # the exact result; A/B against yours
print("result", y.shape, y.dtype, "mean %.6f" % float(y.mean()))
print("compare", {k: v for k, v in s.compare(my_model_output).items() if k in ("title", "stats")})
s.quit()
EOF
  in_root "$root" su - alice -c '
    QT_QPA_PLATFORM=offscreen upsample-studio --listen > studio.log 2>&1 &
    for i in $(seq 50); do ls /tmp/runtime-alice/*.sock > /dev/null 2>&1 && break; sleep 0.2; done
    python3 session.py; status=$?; wait; echo "session exit status $status; studio log:"; cat studio.log'
  # remove, then (installed again) purge: each must leave nothing. After a remove nothing is left
  # to purge (no configuration files), so apt no longer knows packages installed from files.
  local verb rc
  for verb in remove purge; do
    if [ $verb = purge ]; then
      in_root "$root" env DEBIAN_FRONTEND=noninteractive apt-get install -y -q "$s" "$p" > /dev/null 2>&1
    fi
    in_root "$root" su - alice -c 'python3 -c "import upsample_studio"'
    in_root "$root" python3 -c 'import upsample_studio'  # as root: would write __pycache__ if postinst had not
    echo "byte-compiled: $(in_root "$root" find /usr/lib/python3/dist-packages/upsample_studio -name '*.pyc' | tr '\n' ' ')"
    echo "== apt-get $verb upsample-studio python3-upsample-studio"
    rc=0
    in_root "$root" apt-get "$verb" -y -q upsample-studio python3-upsample-studio > "$root/tmp/$verb.log" 2>&1 || rc=$?
    if [ $rc -eq 0 ]; then tail -2 "$root/tmp/$verb.log"; else cat "$root/tmp/$verb.log"; fi
    rm -f "$root/tmp/$verb.log"
    echo "$verb exit status $rc; dpkg knows: $(in_root "$root" dpkg-query -W -f='${db:Status-Abbrev}${Package} ' \
      upsample-studio python3-upsample-studio 2>&1 | tr -s ' \n' ' ')"
    echo "== find / -xdev -name '*upsample*' after $verb (outside /home/alice, which holds the .deb files)"
    in_root "$root" find / -xdev -name '*upsample*' | grep -v '^/home/alice/' || echo "(nothing)"
  done
  echo "== in /home/alice"
  in_root "$root" find /home/alice -name '*upsample*'
}

bare
case "$step" in
  lintian) lint ;;
  sizes) sizes ;;
  trial) trial ;;
  all) lint; sizes; trial ;;
  *) say "unknown step $step"; exit 2 ;;
esac
