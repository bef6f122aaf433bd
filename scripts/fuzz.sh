#!/usr/bin/env bash
# Runs each libFuzzer target of a fuzz build for a bounded time and prints its exec count.
# Usage: scripts/fuzz.sh BUILD_DIR SECONDS [TARGET...]
#   (targets: npy cli_args call_parser image torch npz safetensors exr)
# New corpus entries go to BUILD_DIR/fuzz-corpus/<target> (the committed seeds in fuzz/corpus/
# are only read); findings go to BUILD_DIR/fuzz-artifacts/<target>/. Exit status 1 on a finding.
set -uo pipefail
cd "$(dirname "$0")/.."
build=${1:?usage: scripts/fuzz.sh BUILD_DIR SECONDS [TARGET...]}
seconds=${2:-60}
shift 2 || true
targets=("$@")
[ ${#targets[@]} -eq 0 ] && targets=(npy cli_args call_parser image torch npz safetensors exr)

max_len() {
  case "$1" in
    npy) echo 4096 ;;        # header (<= 4 KiB in practice) and a little data
    image) echo 8192 ;;      # small pictures of every format
    torch|exr) echo 8192 ;;  # a data.pkl (or a small .pt), a small OpenEXR picture
    npz|safetensors) echo 4096 ;;  # a few small arrays
    call_parser) echo 16384 ;;  # a call text, long enough to nest far past Python's 200 levels
    *) echo 512 ;;           # a command line or a call text
  esac
}

status=0
summary=()
for t in "${targets[@]}"; do
  exe="$build/fuzz/fuzz_$t"
  [ -x "$exe" ] || { echo "fuzz: $exe is not built" >&2; exit 2; }
  corpus="$build/fuzz-corpus/$t" artifacts="$build/fuzz-artifacts/$t/" log="$build/fuzz-$t.log"
  mkdir -p "$corpus" "$artifacts"
  echo "fuzz: $t for ${seconds}s (log: $log)"
  "$exe" -max_total_time="$seconds" -max_len="$(max_len "$t")" -timeout=10 -rss_limit_mb=2048 \
    $( [ -f "fuzz/dict/$t.dict" ] && echo "-dict=fuzz/dict/$t.dict" ) -artifact_prefix="$artifacts" -print_final_stats=1 \
    "$corpus" "fuzz/corpus/$t" >"$log" 2>&1
  rc=$?
  runs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -1)
  secs=$(sed -n 's/^Done [0-9]* runs in \([0-9]*\) second.*/\1/p' "$log" | tail -1)
  line="fuzz_$t: ${runs:-?} runs in ${secs:-?} s, corpus $(ls "$corpus" | wc -l) entries"
  if [ $rc -ne 0 ]; then
    status=1
    line="$line, FINDING (exit $rc): $(ls "$artifacts" | tr '\n' ' ')"
    grep -m1 -E "ERROR: |runtime error:|terminate called" "$log" >&2 || true
  fi
  echo "$line"
  summary+=("$line")
done
echo "fuzz summary:"
printf '  %s\n' "${summary[@]}"
exit $status
