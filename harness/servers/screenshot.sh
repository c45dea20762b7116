#!/bin/sh
# Screenshot of an HTML report with headless Chromium (as
# reports/tests/browser_check.sh does), for the README.
#
# usage: harness/servers/screenshot.sh REPORT.html OUT.png
# Needs chromium (sh reports/tests/deps.sh browser).
set -eu

[ $# -eq 2 ] || {
	echo "usage: screenshot.sh REPORT.html OUT.png" >&2
	exit 2
}
html=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
out=$2
command -v chromium >/dev/null 2>&1 || {
	echo "screenshot.sh: chromium is missing; run: sh reports/tests/deps.sh browser" >&2
	exit 1
}
[ -s "$html" ] || {
	echo "screenshot.sh: $html is missing or empty" >&2
	exit 1
}
profile=$(mktemp -d)
trap 'rm -rf "$profile"' EXIT INT TERM
mkdir -p "$(dirname "$out")"
out_abs=$(cd "$(dirname "$out")" && pwd)/$(basename "$out")
rm -f "$out_abs"
# Everything that could reach the network is off; the page is a local file.
timeout 120 chromium --headless --no-sandbox --disable-gpu --disable-quic \
	--no-first-run --disable-background-networking --disable-component-update \
	--disable-sync --disable-extensions --user-data-dir="$profile" \
	--screenshot="$out_abs" --window-size="${H1C_SHOT_SIZE:-1280,1600}" --hide-scrollbars \
	"file://$html" >/dev/null 2>"$profile/chromium.log" || {
	cat "$profile/chromium.log" >&2
	echo "screenshot.sh: chromium failed" >&2
	exit 1
}
size=$(wc -c <"$out_abs")
[ "$size" -gt 20000 ] || {
	echo "screenshot.sh: $out_abs is suspiciously small ($size bytes)" >&2
	exit 1
}
echo "screenshot: $out"
