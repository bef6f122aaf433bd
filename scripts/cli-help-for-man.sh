#!/bin/sh
# upsample-cli's --help as help2man reads it for the man page (cmake/Packaging.cmake): "Usage:"
# capitalised, and one paragraph per command so that each becomes an entry of the page's list
# (a command too long for the description column gets the two spaces that start its description).
# Usage: help2man "scripts/cli-help-for-man.sh path/to/upsample-cli"
cli=$1
shift
if [ "${1:-}" = --help ]; then
  "$cli" --help | sed -e 's/^usage:/Usage:/' -e '/^  [a-z]/{/[^ ]  [^ ]/!s/\] \([a-z]\)/]  \1/;G;}'
else
  exec "$cli" "$@"
fi
