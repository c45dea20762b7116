#!/bin/sh
# Run the suite against the embedded server: start 'h1conform serve' on a
# free loopback port, run 'h1conform run' with the server's target profile
# and the extra arguments given, stop the server, exit with run's status.
#
# usage: sh harness/servers/serve/run.sh TOOL [run options...]
#   e.g. sh harness/servers/serve/run.sh build/h1conform --strict --json out.json
# H1C_SERVE_ARGS adds arguments to 'serve' (e.g. "--deviate no-date").
set -eu

tool=${1:?usage: run.sh TOOL [run options...]}
shift
here=$(dirname "$0")
log=$(mktemp "${TMPDIR:-/tmp}/h1conform-serve.XXXXXX")
pid=

cleanup() {
	if [ -n "$pid" ]; then
		kill "$pid" 2>/dev/null || true
		wait "$pid" 2>/dev/null || true
	fi
	rm -f "$log"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# shellcheck disable=SC2086
"$tool" serve --port 0 ${H1C_SERVE_ARGS:-} >"$log" 2>&1 </dev/null &
pid=$!

# The first line is "listening on ADDR:PORT" (bounded wait: 5 s).
tries=0
addr=
while [ -z "$addr" ]; do
	addr=$(sed -n 's/^listening on //p' "$log" | head -n 1 || true)
	[ -n "$addr" ] && break
	if ! kill -0 "$pid" 2>/dev/null || [ "$tries" -ge 50 ]; then
		echo "serve did not start:" >&2
		cat "$log" >&2
		exit 4
	fi
	tries=$((tries + 1))
	sleep 0.1
done

status=0
"$tool" run --target-profile "$here/profile.json" "$@" "http://$addr/" || status=$?
exit "$status"
