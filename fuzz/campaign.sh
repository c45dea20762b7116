#!/bin/sh
# A libFuzzer campaign over the fuzz targets: make fuzz runs this.
#
# usage: FUZZ_TIME=60 FUZZ_JOBS=2 fuzz/campaign.sh BUILD_DIR TARGET...
#
# For each target in turn: FUZZ_TIME seconds in libFuzzer's fork mode with
# FUZZ_JOBS parallel jobs, starting from fuzz/corpus/<target>/ and the
# shared dictionary; crashes, timeouts and leaks are kept going past
# (-ignore_*) and written to fuzz/crashes/<target>/ (git-ignored). New
# inputs collect in a scratch directory and are then merged into the
# committed corpus with -merge=1, which keeps only those adding coverage
# and names them by SHA-1. fuzz_diff records its disagreements under
# fuzz/diffs/<class>/ (git-ignored). The run ends with one table row per
# target; the exit status is 1 if any target crashed.
set -eu
. fuzz/tools/lib.sh

bdir=$1
shift
time_per=${FUZZ_TIME:-60}
jobs=${FUZZ_JOBS:-2}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT INT TERM
export H1_DIFF_DIR="$PWD/fuzz/diffs"

count() { if [ -d "$1" ]; then find "$1" -maxdepth 1 -type f | wc -l | tr -d ' '; else echo 0; fi; }

for t in "$@"; do
	corpus=fuzz/corpus/$t
	crashes=fuzz/crashes/$t
	mkdir -p "$corpus" "$crashes" "$tmp/$t/new"
	before=$(count "$corpus")
	crashes_before=$(count "$crashes")
	echo "== fuzz $t: ${time_per}s, $jobs jobs, corpus $before (log: $tmp/$t/log)"
	start=$(date +%s)
	# The corpus is read, never written: fork mode puts what it finds in
	# the first directory, the scratch one.
	# shellcheck disable=SC2046
	"$bdir/$t" -fork="$jobs" -ignore_crashes=1 -ignore_timeouts=1 -ignore_ooms=1 \
		-max_total_time="$time_per" -dict=fuzz/http.dict $(fuzz_options "$t") \
		-artifact_prefix="$crashes/" "$tmp/$t/new" "$corpus" >"$tmp/$t/log" 2>&1 || true
	secs=$(($(date +%s) - start))
	# shellcheck disable=SC2046
	"$bdir/$t" -merge=1 -dict=fuzz/http.dict $(fuzz_options "$t") \
		"$corpus" "$tmp/$t/new" >"$tmp/$t/merge.log" 2>&1 || true
	after=$(count "$corpus")
	crashes_after=$(count "$crashes")
	read -r execs cov ft _ es <<EOF
$(last_stats "$tmp/$t/log")
EOF
	printf '%s %s %s %s %s %s %s %s %s %s\n' "$t" "$secs" "$execs" "$es" "$cov" "$ft" "$before" "$after" \
		"$((after - before))" "$((crashes_after - crashes_before))" >>"$tmp/table"
	grep -E "^==[0-9]+==|fuzz oracle:|SUMMARY" "$tmp/$t/log" | sort | uniq -c | sort -rn | head -5 || true
done

echo
printf '%-16s %6s %11s %8s %7s %7s %15s %5s %7s\n' target secs execs exec/s cov ft corpus new crashes
rc=0
while read -r t secs execs es cov ft before after new crashes; do
	printf '%-16s %6s %11s %8s %7s %7s %15s %5s %7s\n' "$t" "$secs" "$execs" "$es" "$cov" "$ft" \
		"$before -> $after" "$new" "$crashes"
	[ "$crashes" -eq 0 ] || rc=1
done <"$tmp/table"
echo "(cov: edges covered; ft: libFuzzer features; exec/s over all jobs; crashes: new files in fuzz/crashes/<target>/)"
if [ -d fuzz/diffs ]; then
	echo
	echo "fuzz_diff disagreements recorded so far (fuzz/diffs/<class>/):"
	for d in fuzz/diffs/*/; do
		[ -d "$d" ] && printf '  %-48s %s\n' "$(basename "$d")" "$(count "$d")"
	done
fi
[ $rc -eq 0 ] || echo "crashes found: minimise with fuzz/tools/minimize.sh <target> <file>"
exit $rc
