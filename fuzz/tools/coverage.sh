#!/bin/sh
# Source coverage of reference/ from the fuzz corpora: make fuzz-coverage.
#
# usage: fuzz/tools/coverage.sh OUT_DIR TARGET...
#
# Builds every target with clang's source-based coverage
# (-fprofile-instr-generate -fcoverage-mapping) around replay_main.c, runs
# its corpus and regressions (not open/ ones), merges the profiles with
# llvm-profdata and writes an llvm-cov HTML report of reference/ to
# OUT_DIR/html/index.html, with the summary table on standard output.
set -eu
out=$1
shift
cc=${FUZZ_CC:-clang}
pick() { for n in "$@"; do command -v "$n" >/dev/null 2>&1 && { echo "$n"; return; }; done; echo "$1"; }
profdata=$(pick llvm-profdata-14 llvm-profdata)
cov=$(pick llvm-cov-14 llvm-cov)
rm -rf "$out"
mkdir -p "$out/bin" "$out/prof"
known=$(sed -n 's/^\([a-z0-9-][a-z0-9-]*\).*/\1/p' fuzz/known-bugs | paste -sd, -)
flags="-std=c11 -O0 -g -I. -I/usr/share/include/llhttp -D_GNU_SOURCE -fprofile-instr-generate -fcoverage-mapping"
ref=$(ls reference/*.c)
objects=""
for t in "$@"; do
	extra=""
	case $t in
	fuzz_diff) extra="/usr/share/llhttp/api.c /usr/share/llhttp/http.c /usr/share/llhttp/llhttp.c /usr/lib/x86_64-linux-gnu/libh2o.so.0.13.5" ;;
	fuzz_case_loader) extra="$(ls cases/h1k_*.c) -ljansson" ;;
	fuzz_judge) extra="harness/judge.c harness/buf.c harness/httpdate.c $(ls cases/h1k_*.c) -ljansson" ;;
	esac
	# shellcheck disable=SC2086
	$cc $flags -DFZ_KNOWN_BUGS="\"$known\"" -w -o "$out/bin/$t" "fuzz/$t.c" fuzz/fuzz_common.c fuzz/replay_main.c \
		$ref $extra
	dirs=""
	for d in "fuzz/corpus/$t" "fuzz/regressions/$t"; do [ -d "$d" ] && dirs="$dirs $d"; done
	# shellcheck disable=SC2086
	LLVM_PROFILE_FILE="$out/prof/$t.profraw" "$out/bin/$t" $dirs >/dev/null
	objects="$objects -object $out/bin/$t"
done
"$profdata" merge -sparse "$out"/prof/*.profraw -o "$out/all.profdata"
first=$(echo "$objects" | awk '{ print $2 }')
rest=$(echo "$objects" | cut -d' ' -f4-)
# shellcheck disable=SC2086
"$cov" show "$first" $rest -instr-profile="$out/all.profdata" -format=html \
	-output-dir="$out/html" -show-line-counts-or-regions $ref
# shellcheck disable=SC2086
"$cov" report "$first" $rest -instr-profile="$out/all.profdata" $ref
echo "report: $out/html/index.html"
