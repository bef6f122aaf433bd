#!/usr/bin/env bash
# Regenerates README.md's "Bad input" table (between <!-- bad-input:begin --> and
# <!-- bad-input:end -->) from the rows of tests/cli/test_cli_bad_input.cpp.
# Usage: scripts/bad-input-table.sh BUILD_DIR
set -euo pipefail
cd "$(dirname "$0")/.."
build=${1:?usage: scripts/bad-input-table.sh BUILD_DIR}
table=$(mktemp)
trap 'rm -f "$table"' EXIT
UPSAMPLE_WRITE_BAD_INPUT_TABLE="$table" "$build/tests/test_cli_bad_input" \
  "bad input: the README's table is the one these rows generate" >/dev/null
python3 - "$table" README.md <<'PY'
import sys
table = open(sys.argv[1], encoding="utf-8").read()
path = sys.argv[2]
text = open(path, encoding="utf-8").read()
begin, end = "<!-- bad-input:begin -->", "<!-- bad-input:end -->"
b, e = text.index(begin) + len(begin), text.index(end)
new = text[:b] + "\n" + table + text[e:]
if new != text:
    open(path, "w", encoding="utf-8").write(new)
rows = sum(1 for line in table.splitlines() if line.startswith("| ") and not line.startswith("| #"))
print(f"README.md: bad-input table with {rows} rows" + ("" if new != text else " (unchanged)"))
PY
