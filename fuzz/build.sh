#!/bin/sh
# Build the fuzz targets the way OSS-Fuzz and ClusterFuzzLite expect.
#
# Environment (set by the OSS-Fuzz / ClusterFuzzLite builder, or by hand):
#   CC                  the compiler (clang)
#   CFLAGS              sanitizer and coverage flags, e.g.
#                       "-fsanitize=fuzzer-no-link,address"
#   LIB_FUZZING_ENGINE  what to link the engine with, e.g. -fsanitize=fuzzer
#   OUT                 where the fuzzers go
#   WORK                scratch space (optional; a temporary directory if unset)
#
# Writes, for every target T:
#   $OUT/T                    the fuzzer
#   $OUT/T_seed_corpus.zip    fuzz/corpus/T plus the fixed regressions
#   $OUT/T.dict               the shared HTTP dictionary
#   $OUT/T.options            libFuzzer options (max_len, timeout)
# fuzz_diff is built only where its peers are installed (Debian's
# node-llhttp sources and libh2o0.13); the OSS-Fuzz base images have
# neither, so it is a local and CI-on-Debian target. fuzz_case_loader and
# fuzz_judge need jansson (libjansson-dev; the Dockerfile installs it).
#
# The script finds the repository from its own path, so it runs from
# anywhere: OSS-Fuzz calls it from $SRC/h1conform via .clusterfuzzlite/build.sh.
set -eu

root=$(cd "$(dirname "$0")/.." && pwd)
: "${CC:=clang}" "${CFLAGS:=}" "${LIB_FUZZING_ENGINE:=-fsanitize=fuzzer}" "${OUT:?OUT must name the output directory}"
work=${WORK:-}
cleanup=""
if [ -z "$work" ]; then
	work=$(mktemp -d)
	cleanup=$work
fi
obj=$work/h1conform-fuzz-obj
mkdir -p "$OUT" "$obj"
cd "$root"

base="-std=c11 -D_GNU_SOURCE -I$root"
llhttp_dir=/usr/share/llhttp
llhttp_inc=/usr/share/include/llhttp
h2o_so=/usr/lib/x86_64-linux-gnu/libh2o.so.0.13.5

# The library under test and the shared driver, compiled once; the driver
# gets the ids of fuzz/known-bugs (open bugs its oracles let pass).
known=$(sed -n 's/^\([a-z0-9-][a-z0-9-]*\).*/\1/p' fuzz/known-bugs | paste -sd, -)
objs=""
for src in reference/*.c fuzz/fuzz_common.c; do
	o=$obj/$(echo "$src" | tr / _).o
	# shellcheck disable=SC2086
	$CC $CFLAGS $base -DFZ_KNOWN_BUGS="\"$known\"" -c "$src" -o "$o"
	objs="$objs $o"
done

# The case loader needs jansson: linked statically where the archive exists,
# so the fuzzers run on images without it (the ClusterFuzzLite runner).
jansson=""
for d in /usr/lib/x86_64-linux-gnu /usr/lib64 /usr/lib /usr/local/lib; do
	if [ -f "$d/libjansson.a" ]; then
		jansson=$d/libjansson.a
		break
	fi
done
if [ -z "$jansson" ] && pkg-config --exists jansson 2>/dev/null; then
	jansson=$(pkg-config --libs jansson)
fi

# Objects of other modules, compiled on first use: compile_set NAME FILES...
compile_set() {
	name=$1
	shift
	if [ ! -f "$obj/$name.list" ]; then
		list=""
		for src in "$@"; do
			o=$obj/$(echo "$src" | tr / _).o
			# shellcheck disable=SC2086
			$CC $CFLAGS $base -c "$src" -o "$o"
			list="$list $o"
		done
		echo "$list" >"$obj/$name.list"
	fi
	cat "$obj/$name.list"
}

targets=""
for src in fuzz/fuzz_*.c; do
	t=$(basename "$src" .c)
	[ "$t" = fuzz_common ] && continue
	extra=""
	if [ "$t" = fuzz_case_loader ] || [ "$t" = fuzz_judge ]; then
		if [ -z "$jansson" ]; then
			echo "fuzz/build.sh: skipping $t (jansson not installed)" >&2
			continue
		fi
		# shellcheck disable=SC2046
		extra="$(compile_set cases cases/h1k_*.c) $jansson"
		if [ "$t" = fuzz_judge ]; then
			extra="$(compile_set judge harness/judge.c harness/buf.c harness/httpdate.c) $extra"
		fi
	fi
	if [ "$t" = fuzz_diff ]; then
		if [ ! -f "$llhttp_dir/llhttp.c" ] || [ ! -f "$h2o_so" ]; then
			echo "fuzz/build.sh: skipping fuzz_diff (node-llhttp or libh2o0.13 not installed)" >&2
			continue
		fi
		for p in api http llhttp; do
			# shellcheck disable=SC2086
			$CC $CFLAGS -std=c11 -w -I"$llhttp_inc" -c "$llhttp_dir/$p.c" -o "$obj/llhttp_$p.o"
			extra="$extra $obj/llhttp_$p.o"
		done
		extra="$extra $h2o_so"
	fi
	# shellcheck disable=SC2086
	$CC $CFLAGS $base -I"$llhttp_inc" -c "$src" -o "$obj/$t.o"
	# shellcheck disable=SC2086
	$CC $CFLAGS "$obj/$t.o" $objs $extra $LIB_FUZZING_ENGINE -o "$OUT/$t"

	rm -f "$OUT/${t}_seed_corpus.zip"
	seeds=$(find "fuzz/corpus/$t" "fuzz/regressions/$t" -maxdepth 1 -type f 2>/dev/null || true)
	if [ -n "$seeds" ]; then
		# shellcheck disable=SC2086
		zip -q -j "$OUT/${t}_seed_corpus.zip" $seeds
	fi
	cp fuzz/http.dict "$OUT/$t.dict"
	cp "fuzz/$t.options" "$OUT/$t.options"
	targets="$targets $t"
done
[ -n "$cleanup" ] && rm -rf "$cleanup"
echo "fuzz/build.sh: built$targets into $OUT"
