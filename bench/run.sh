#!/bin/sh
# bench/run.sh — the body of 'make bench' (see bench/README.md).
#
#   1. machine, compiler and flags;
#   2. instructions per message for every parser and input, counted with
#      callgrind (exact and repeatable, unlike time on a shared machine);
#   3. the timing tables of bench_parsers, with those counts filled in;
#   4. the speed of a whole 'h1conform run' against nginx on loopback and
#      against 'h1conform serve' (suite.sh), once 'run' exists.
#
# Environment: B (build directory, default build), CC and BENCH_CFLAGS (for
# the report), BENCH_ROUNDS (timing rounds, default 201), BENCH_SUITE=0 to
# skip step 4. Exit status: 0, or 1 when a parser failed verification.
set -eu

B=${B:-build}
BIN=$B/bench/bench_parsers
INPUTS=bench/inputs
OUT=$B/bench/out
ROUNDS=${BENCH_ROUNDS:-201}
mkdir -p "$OUT"

# --- 1. the machine ------------------------------------------------------
cpuinfo() { sed -n "s/^$1[[:space:]]*: //p" /proc/cpuinfo | head -n 1; }
virt=""
grep -qw hypervisor /proc/cpuinfo && virt=", virtual machine"
echo "## Machine"
echo
echo "- CPU: $(cpuinfo 'model name') (family $(cpuinfo 'cpu family'), model $(cpuinfo model)$virt)," \
	"$(nproc) online cores ($(grep -c '^processor' /proc/cpuinfo) listed in /proc/cpuinfo)"
echo "- kernel: $(uname -sr)"
echo "- compiler: $(${CC:-cc} --version | head -n 1)"
echo "- flags: ${BENCH_CFLAGS:-?} for the reference parser, the adapters and llhttp;" \
	"http-parser and picohttpparser as Debian built them"
echo "- load average at the start: $(cut -d ' ' -f 1-3 /proc/loadavg) (other work on the machine disturbs the times, not the instruction counts)"
echo "- peers: llhttp $(dpkg-query -W -f='${Version}' node-llhttp 2>/dev/null)," \
	"libh2o0.13 $(dpkg-query -W -f='${Version}' libh2o0.13 2>/dev/null)," \
	"libhttp-parser-dev $(dpkg-query -W -f='${Version}' libhttp-parser-dev 2>/dev/null)"
echo

# --- 2. instruction counts -----------------------------------------------
# For each parser and input: callgrind counts only inside hb_measured(), one
# call of which parses the whole input. N calls, minus N calls of the
# do-nothing parser "null" (the call overhead), divided by N x messages.
IR="$OUT/ir.tsv"
: >"$IR"
if command -v valgrind >/dev/null 2>&1; then
	count() { # parser input n -> total Ir collected
		f="$OUT/callgrind.$1.$2.out"
		LD_BIND_NOW=1 valgrind --tool=callgrind --toggle-collect=hb_measured \
			--callgrind-out-file="$f" "$BIN" --count "$1" "$2" "$3" "$INPUTS" \
			>/dev/null 2>"$f.log" || { echo "callgrind failed for $1 on $2, see $f.log" >&2; exit 1; }
		sed -n 's/^summary: //p' "$f"
	}
	"$BIN" --list "$INPUTS" | awk -F '\t' '!seen[$2]++ { print $2 "\t" $3 }' >"$OUT/inputs.tsv"
	"$BIN" --list "$INPUTS" | cut -f 1 | awk '!seen[$0]++' >"$OUT/parsers.txt"
	while IFS="$(printf '\t')" read -r input messages; do
		n=200
		[ "$messages" -gt 1 ] && n=3
		base=$(count null "$input" "$n")
		while read -r parser; do
			total=$(count "$parser" "$input" "$n")
			echo "$parser	$input	$(awk -v t="$total" -v b="$base" -v n="$n" -v m="$messages" \
				'BEGIN { printf "%.1f", (t - b) / (n * m) }')" >>"$IR"
		done <"$OUT/parsers.txt"
	done <"$OUT/inputs.tsv"
else
	echo "(valgrind not found: no instruction counts)"
fi

# --- 3. timing -----------------------------------------------------------
echo "## Parsers"
echo
"$BIN" --rounds "$ROUNDS" --ir "$IR" "$INPUTS" || exit 1

# Instructions inside the phr_* functions alone: the picohttpparser rows
# above include the Content-Length / Transfer-Encoding lookup an application
# must add (see peer_pico.c).
if [ -s "$IR" ] && command -v callgrind_annotate >/dev/null 2>&1; then
	echo
	echo "### picohttpparser: instructions per message inside phr_* alone (no framing lookup)"
	echo
	echo "| input | instructions/msg |"
	echo "| --- | ---: |"
	while IFS="$(printf '\t')" read -r input messages; do
		n=200
		[ "$messages" -gt 1 ] && n=3
		callgrind_annotate --inclusive=yes --threshold=100 --auto=no \
			"$OUT/callgrind.picohttpparser.$input.out" 2>/dev/null |
			awk -v n="$n" -v m="$messages" -v input="$input" '
				/\?\?\?:phr_(parse_request|parse_response|decode_chunked) / {
					gsub(",", "", $1); s += $1 }
				END { printf "| %s | %.0f |\n", input, s / (n * m) }'
	done <"$OUT/inputs.tsv"
fi

# --- 4. the suite --------------------------------------------------------
echo
echo "## Suite"
echo
if [ "${BENCH_SUITE:-1}" = 0 ]; then
	echo "skipped: BENCH_SUITE=0"
	exit 0
fi
if ! "$B/h1conform" run --help >/dev/null 2>&1; then
	echo "skipped: h1conform run not built yet"
	exit 0
fi
sh bench/suite.sh "$B" "$OUT"
