#!/bin/sh
# Check the traceability file cases/REQUIREMENTS.md against the corpus:
#  - every case id it names (`rfcNNNN/section/name` in backquotes) must be a case file;
#  - every case file below cases/rfc*/ must be named in it at least once.
# Run from anywhere; exit 0 when both hold, 1 otherwise (listing what is wrong),
# 2 when the files cannot be read.
#
#   cases/tools/check_requirements.sh [--missing-only]
#
# --missing-only checks only the first rule (ids named but missing).
set -u

here=$(cd "$(dirname "$0")" && pwd) || exit 2
cases=$(dirname "$here")
req="$cases/REQUIREMENTS.md"
only_missing=0
case "${1:-}" in
--missing-only) only_missing=1 ;;
'') ;;
*) echo "usage: $0 [--missing-only]" >&2; exit 2 ;;
esac
[ -r "$req" ] || { echo "check_requirements: cannot read $req" >&2; exit 2; }

tmp=$(mktemp -d) || exit 2
trap 'rm -rf "$tmp"' EXIT INT TERM

# ids named in the file
# shellcheck disable=SC2016 # the backquotes are literal
grep -o '`rfc[0-9][0-9]*/[a-z0-9./-]*`' "$req" | tr -d '`' | sort -u >"$tmp/named"
# ids of the case files
(cd "$cases" && find rfc[0-9]* -type f -name '*.json' 2>/dev/null) |
	sed 's/\.json$//' | sort -u >"$tmp/files"

status=0
comm -23 "$tmp/named" "$tmp/files" >"$tmp/missing"
if [ -s "$tmp/missing" ]; then
	echo "check_requirements: REQUIREMENTS.md names cases that do not exist:"
	sed 's/^/  /' "$tmp/missing"
	status=1
fi
if [ "$only_missing" = 0 ]; then
	comm -13 "$tmp/named" "$tmp/files" >"$tmp/unnamed"
	if [ -s "$tmp/unnamed" ]; then
		echo "check_requirements: cases not traced in REQUIREMENTS.md:"
		sed 's/^/  /' "$tmp/unnamed"
		status=1
	fi
fi
if [ "$status" = 0 ]; then
	echo "check_requirements: $(wc -l <"$tmp/named" | tr -d ' ') case ids named, all present; $(wc -l <"$tmp/files" | tr -d ' ') case files, all traced"
fi
exit $status
