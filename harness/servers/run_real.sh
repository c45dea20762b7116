#!/bin/sh
# Run the whole suite against one real server and compare every verdict with
# the committed expectations (harness/expectations/SERVER.json).
#
# usage: harness/servers/run_real.sh [--update] SERVER   (nginx, apache2 or lighttpd)
#
#   1. start.sh SERVER (stopped again on any exit);
#   2. h1conform run http://127.0.0.1:PORT/ --target-profile SERVER.profile.json,
#      writing build/servers/SERVER/results.json, junit.xml and run.log;
#   3. check: print every verdict that differs from the expectations (newly
#      failing, newly passing, other changes, new and removed cases, non-pass
#      verdicts without a note) and exit 1 if there is any;
#      --update: rewrite the expectations from this run instead, keeping the
#      note of every unchanged verdict (new non-pass verdicts get a "TODO"
#      note, which the check refuses until it is replaced by an explanation).
#
# Environment: H1CONFORM (default build/h1conform), H1C_RUN_TIMEOUT (seconds
# for the whole run, default 600), H1C_RUN_ARGS (more options for 'run', e.g.
# "--jobs 4"), and those of common.sh (H1C_SERVERS_DIR, H1C_PORT, ...).
# exit status: 0 as expected (or updated), 1 differences or a failed start,
# 2 usage error or 'h1conform run' unavailable
set -eu

. "$(dirname "$0")/common.sh"

update=0
if [ "${1:-}" = --update ]; then
	update=1
	shift
fi
[ $# -eq 1 ] || {
	echo "usage: run_real.sh [--update] nginx|apache2|lighttpd" >&2
	exit 2
}
name=$1
check_server_name "$name"

tool=${H1CONFORM:-$repo/build/h1conform}
if [ ! -x "$tool" ]; then
	echo "run_real.sh: $tool does not exist; build it first (make)" >&2
	exit 2
fi
if ! "$tool" run --help >/dev/null 2>&1; then
	echo "run_real.sh: '$tool run' is not available yet (h1conform run has not landed); cannot test $name" >&2
	exit 2
fi

state=$servers_dir/$name
profile=$here/$name.profile.json
expectations=$repo/harness/expectations/$name.json
results=$state/results.json

case "$name" in
nginx) package=nginx ;;
apache2) package=apache2-bin ;;
lighttpd) package=lighttpd ;;
esac
version=$(dpkg-query -W -f='${Version}' "$package" 2>/dev/null || echo unknown)

trap '"$here/stop.sh" "$name" >/dev/null 2>&1 || true' EXIT
trap 'exit 130' INT TERM

"$here/start.sh" "$name"
port=$(cat "$state/port")

rm -f "$results" "$state/junit.xml"
echo "$name: running the suite (log: $state/run.log)"
set +e
# shellcheck disable=SC2086
timeout "${H1C_RUN_TIMEOUT:-600}" "$tool" run "http://127.0.0.1:$port/" \
	--target-profile "$profile" --name "$name" --no-progress \
	--json "$results" --junit "$state/junit.xml" ${H1C_RUN_ARGS:-} >"$state/run.log" 2>&1
rc=$?
set -e
"$here/stop.sh" "$name" >/dev/null

# 0: no deviation, 1: deviations; anything else means no usable results.
if [ "$rc" -gt 1 ] || [ ! -s "$results" ]; then
	tail -n 20 "$state/run.log" >&2
	if [ "$rc" = 124 ]; then
		echo "run_real.sh: $name: the run took longer than ${H1C_RUN_TIMEOUT:-600}s" >&2
	else
		echo "run_real.sh: $name: h1conform run failed (exit $rc)" >&2
	fi
	exit 1
fi
tail -n 1 "$state/run.log"

if [ "$update" = 1 ]; then
	python3 "$here/expectations.py" update "$expectations" "$results" "$name" "$version"
	exit 0
fi

was=$(python3 "$here/expectations.py" version "$expectations")
if [ -n "$was" ] && [ "$was" != "$version" ]; then
	echo "$name: note: the expectations were made with $package $was, this is $version"
fi
if python3 "$here/expectations.py" check "$expectations" "$results"; then
	echo "$name: every verdict as expected ($expectations)"
else
	echo "$name: verdicts differ from $expectations (details: $results; accept with: $0 --update $name)" >&2
	exit 1
fi
