#!/bin/sh
# Run every fuzzer briefly on its committed corpus: part of make check.
#
# usage: fuzz/tools/smoke.sh BUILD_DIR RUNS TARGET...
#
# Deterministic: a fixed seed and a fixed number of runs (-max_total_time
# is only a guard). New inputs and artifacts go to a scratch directory, so
# the committed corpus is never modified here; a crash fails the step and
# its input is copied to fuzz/crashes/<target>/ for minimising. Two
# fuzzers run at a time (FUZZ_SMOKE_JOBS).
set -eu
. fuzz/tools/lib.sh

bdir=$1
runs=$2
shift 2
jobs=${FUZZ_SMOKE_JOBS:-2}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT INT TERM

run_one() {
	t=$1
	mkdir -p "$tmp/$t/new"
	# shellcheck disable=SC2046
	if "$bdir/$t" -seed=1 -runs="$runs" -max_total_time=30 -print_final_stats=1 \
		-dict=fuzz/http.dict $(fuzz_options "$t") -artifact_prefix="$tmp/$t/" \
		"$tmp/$t/new" "fuzz/corpus/$t" >"$tmp/$t/log" 2>&1; then
		echo ok >"$tmp/$t/status"
	else
		echo fail >"$tmp/$t/status"
	fi
}

n=0
for t in "$@"; do
	run_one "$t" &
	n=$((n + 1))
	if [ $((n % jobs)) -eq 0 ]; then wait; fi
done
wait

rc=0
for t in "$@"; do
	read -r execs cov ft _ _ <<EOF
$(last_stats "$tmp/$t/log")
EOF
	secs=$(awk '/^Done [0-9]+ runs in/ { print $(NF - 1) }' "$tmp/$t/log")
	if [ "$(cat "$tmp/$t/status")" = ok ]; then
		printf '== smoke %-16s ok   %s runs in %ss, cov %s ft %s\n' "$t" "$execs" "${secs:-?}" "$cov" "$ft"
	else
		printf '== smoke %-16s FAIL\n' "$t"
		tail -40 "$tmp/$t/log"
		mkdir -p "fuzz/crashes/$t"
		for a in "$tmp/$t"/crash-* "$tmp/$t"/leak-* "$tmp/$t"/timeout-* "$tmp/$t"/oom-*; do
			[ -f "$a" ] && cp "$a" "fuzz/crashes/$t/" && echo "   kept fuzz/crashes/$t/$(basename "$a")"
		done
		rc=1
	fi
done
exit $rc
