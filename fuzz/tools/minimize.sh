#!/bin/sh
# Minimise a crashing input and keep it as a regression.
#
# usage: fuzz/tools/minimize.sh TARGET CRASH_FILE [open]
#
# Runs libFuzzer's -minimize_crash on build/fuzz/TARGET, then stores the
# result as fuzz/regressions/TARGET/<sha1> (or under open/ when the third
# argument is "open": a bug not fixed yet, skipped by the check replay until
# then; list it in fuzz/known-bugs). Prints the oracle message and the
# input in hex, ready for a bug report.
set -eu
t=$1
in=$2
where=${3:-}
bin=${FUZZ_BIN_DIR:-build/fuzz}/$t
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT INT TERM

"$bin" -minimize_crash=1 -runs=50000 -exact_artifact_path="$tmp/min" "$in" >"$tmp/log" 2>&1 || true
[ -s "$tmp/min" ] || cp "$in" "$tmp/min"
dir=fuzz/regressions/$t
[ "$where" = open ] && dir=$dir/open
mkdir -p "$dir"
name=$(sha1sum "$tmp/min" | cut -c1-40)
cp "$tmp/min" "$dir/$name"
echo "kept $dir/$name ($(wc -c <"$tmp/min") bytes)"
"$bin" -runs=1 "$tmp/min" 2>&1 | grep -E "fuzz oracle:|ERROR: (Address|Undefined)|runtime error" | head -3 || true
od -An -tx1 -v "$tmp/min" | tr -s ' \n' ' '
echo
