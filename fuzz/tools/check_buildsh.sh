#!/bin/sh
# Test of fuzz/build.sh, run by make check (step fuzz-buildsh): build with
# the variables OSS-Fuzz sets, then check that every target came out with
# its seed corpus, dictionary and options, and that each binary runs its
# seeds and a few mutations.
#
# usage: fuzz/tools/check_buildsh.sh TARGET...
set -eu
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT INT TERM
mkdir -p "$tmp/out" "$tmp/work"

CC=clang CFLAGS="-fsanitize=fuzzer-no-link,address" LIB_FUZZING_ENGINE=-fsanitize=fuzzer \
	OUT="$tmp/out" WORK="$tmp/work" SRC="$(dirname "$PWD")" sh fuzz/build.sh >"$tmp/build.log" 2>&1 || {
	cat "$tmp/build.log"
	echo "fuzz-buildsh: fuzz/build.sh failed"
	exit 1
}

rc=0
for t in "$@"; do
	missing=""
	for f in "$t" "${t}_seed_corpus.zip" "$t.dict" "$t.options"; do
		[ -s "$tmp/out/$f" ] || missing="$missing $f"
	done
	if [ -n "$missing" ]; then
		echo "== buildsh $t: missing$missing"
		rc=1
		continue
	fi
	mkdir -p "$tmp/seeds/$t"
	(cd "$tmp/seeds/$t" && unzip -q "$tmp/out/${t}_seed_corpus.zip")
	nseeds=$(find "$tmp/seeds/$t" -type f | wc -l | tr -d ' ')
	if "$tmp/out/$t" -runs=200 -seed=1 -dict="$tmp/out/$t.dict" "$tmp/seeds/$t" >"$tmp/$t.log" 2>&1; then
		printf '== buildsh %-16s ok   %s seeds\n' "$t" "$nseeds"
	else
		tail -20 "$tmp/$t.log"
		echo "== buildsh $t: FAIL"
		rc=1
	fi
done
exit $rc
