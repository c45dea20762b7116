#!/bin/sh
# check-deviations: the suite must catch every deliberate deviation of
# 'h1conform serve --deviate' (each one realistic server bug) and every
# leniency the RFCs forbid a server (--lenient missing-host, ...): the run
# against each such server must exit 1 (deviations found). It is the
# suite's own mutation test: a rule or case that stops working shows up
# here as a deviation that passes.
#
# usage: sh harness/tests/deviations_check.sh TOOL [PARALLEL]
set -eu

tool=${1:?usage: deviations_check.sh TOOL [PARALLEL]}
par=${2:-4}
dir=$(mktemp -d "${TMPDIR:-/tmp}/h1conform-dev.XXXXXX")
trap 'rm -rf "$dir"' EXIT
trap 'exit 130' INT TERM

# The deviations, from the server's own list.
devs=$("$tool" serve --help | sed -n '/^deviations (--deviate):$/,$p' | sed -n 's/^  \([a-z0-9-]*\) .*/\1/p')
[ -n "$devs" ] || { echo "check-deviations: no deviations listed by serve --help" >&2; exit 1; }
# Leniencies a server may not have (each violates a MUST of RFC 9112).
lenient="missing-host ws-before-colon host-duplicate"

one() {
	# $1: label, $2: serve arguments
	status=0
	H1C_SERVE_ARGS="$2" sh harness/servers/serve/run.sh "$tool" --strict --no-progress --jobs 16 \
		>"$dir/$1.out" 2>&1 || status=$?
	echo "$status" >"$dir/$1.rc"
}

n=0
for d in $devs; do
	one "deviate-$d" "--deviate $d" &
	n=$((n + 1))
	[ $((n % par)) -eq 0 ] && wait
done
for l in $lenient; do
	one "lenient-$l" "--lenient $l" &
	n=$((n + 1))
	[ $((n % par)) -eq 0 ] && wait
done
wait

missed=""
for f in "$dir"/*.rc; do
	label=$(basename "$f" .rc)
	rc=$(cat "$f")
	summary=$(grep -E '^[0-9]+ cases?: ' "$dir/$label.out" | tail -n 1)
	case "$rc" in
	1) echo "caught  $label: $summary" ;;
	0)
		echo "MISSED  $label: $summary"
		missed="$missed $label"
		;;
	*)
		echo "ERROR   $label: exit $rc"
		sed 's/^/        /' "$dir/$label.out" | tail -n 5
		missed="$missed $label"
		;;
	esac
done
if [ -n "$missed" ]; then
	echo "check-deviations: not caught:$missed" >&2
	exit 1
fi
echo "check-deviations: all $n deviating servers caught"
