#!/bin/sh
# check-tls: the transport over TLS, against 'openssl s_server' on loopback
# with a throw-away self-signed certificate:
#   - with --insecure a case runs and its response is read (exit 0 or 1);
#   - a half-close over TLS ends cleanly too;
#   - without --insecure the certificate is refused: target unreachable (3).
#
# usage: sh harness/tests/tls_check.sh TOOL
set -eu

tool=${1:?usage: tls_check.sh TOOL}
dir=$(mktemp -d "${TMPDIR:-/tmp}/h1conform-tls.XXXXXX")
pid=
cleanup() {
	if [ -n "$pid" ]; then
		kill "$pid" 2>/dev/null || true
		wait "$pid" 2>/dev/null || true
	fi
	rm -rf "$dir"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

fail() {
	echo "check-tls: $*" >&2
	exit 1
}

openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -subj /CN=localhost \
	-keyout "$dir/key.pem" -out "$dir/cert.pem" -days 1 >/dev/null 2>&1 || fail "openssl req failed"
: >"$dir/server.log"
openssl s_server -accept 127.0.0.1:0 -cert "$dir/cert.pem" -key "$dir/key.pem" -www \
	>"$dir/server.log" 2>&1 </dev/null &
pid=$!
port=
tries=0
while [ -z "$port" ]; do
	port=$(sed -n 's/^ACCEPT 127\.0\.0\.1:\([0-9]*\)$/\1/p' "$dir/server.log" || true)
	[ -n "$port" ] && break
	[ "$tries" -ge 50 ] && fail "s_server did not start: $(cat "$dir/server.log")"
	tries=$((tries + 1))
	sleep 0.1
done

mkdir -p "$dir/cases/rfc9110/tls"
cat >"$dir/cases/rfc9110/tls/get.json" <<'CASE'
{"title": "GET over TLS", "requirement": {"document": "RFC 9110", "section": "9.3.1", "level": "MUST",
 "text": "A GET is answered."},
 "send": "GET / HTTP/1.1\r\nHost: {host}\r\n\r\n", "reference": {"verdict": "accept"},
 "expect": {"outcomes": [{"responses": [{"status": "2xx"}]}]}}
CASE
cat >"$dir/cases/rfc9110/tls/half-close.json" <<'CASE'
{"title": "GET then half-close over TLS", "requirement": {"document": "RFC 9110", "section": "9.3.1",
 "level": "MUST", "text": "A GET is answered."},
 "send": [{"data": "GET / HTTP/1.1\r\nHost: {host}\r\n\r\n"}, {"half_close": true}],
 "reference": {"verdict": "accept"},
 "expect": {"outcomes": [{"responses": [{"status": "2xx"}]}, {"responses": [], "connection": "closed"}]}}
CASE

status=0
"$tool" run -q --jobs 1 --cases "$dir/cases" --insecure --json "$dir/r.json" "https://127.0.0.1:$port/" || status=$?
[ "$status" -le 1 ] || fail "run --insecure exited $status"
grep -q '"actual": "200 ' "$dir/r.json" || fail "no 200 response read over TLS: $(cat "$dir/r.json")"

status=0
"$tool" run -q --cases "$dir/cases" "https://127.0.0.1:$port/" 2>"$dir/err" || status=$?
[ "$status" -eq 3 ] || fail "an untrusted certificate gave exit $status, not 3"
grep -q "certificate" "$dir/err" || fail "the refusal does not mention the certificate: $(cat "$dir/err")"
echo "check-tls: https works (--insecure), untrusted certificates are refused (exit 3)"
