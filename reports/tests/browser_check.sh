#!/bin/sh
# The HTML report in a real browser (headless Chromium), from the fixtures
# (nginx-like, apache-like and hostile runs as a matrix):
#  1. a canary page proves that console output is detected at all;
#  2. the rendered DOM's counts (id="count-R-VERDICT" data-count) and the
#     number of matrix cells per verdict match each results file's summary;
#  3. the inline script ran (so the CSP hash is right) and the page logged
#     nothing: no console message, no CSP violation, no injected script;
#  4. a screenshot is saved as an artifact: OUTDIR/report.png.
#
# usage: reports/tests/browser_check.sh PATH/TO/h1conform OUTDIR
# Needs chromium, jq and xmllint (reports/tests/deps.sh browser xml).
set -eu

tool=$1
out=$2
fx=reports/fixtures
runs="$fx/nginx.json $fx/apache.json $fx/hostile.json"

for cmd in chromium jq xmllint; do
	command -v "$cmd" >/dev/null 2>&1 || {
		echo "browser_check: $cmd is missing; run: sh reports/tests/deps.sh browser xml" >&2
		exit 1
	}
done
mkdir -p "$out"
out=$(cd "$out" && pwd)
profile=$(mktemp -d)
trap 'rm -rf "$profile"' EXIT INT TERM

fail() {
	echo "browser_check: FAIL: $*" >&2
	exit 1
}

# One headless Chromium; everything that could reach the network is off.
# Console messages are logged to stderr as lines containing "CONSOLE".
browse() {
	timeout 120 chromium --headless --no-sandbox --disable-gpu --disable-quic \
		--no-first-run --disable-background-networking --disable-component-update \
		--disable-sync --disable-extensions --user-data-dir="$profile" \
		--enable-logging=stderr --v=0 "$@"
}

# 1. The detector must see a console message, or its silence proves nothing.
printf '%s\n' '<!DOCTYPE html><html><body><script>console.error("h1r-canary")</script></body></html>' \
	>"$out/canary.html"
browse --dump-dom "file://$out/canary.html" >/dev/null 2>"$out/canary.log" || true
grep 'CONSOLE' "$out/canary.log" | grep -q 'h1r-canary' ||
	fail "console messages are not detected (see $out/canary.log)"

# 2 and 3. The report as the browser sees it.
# shellcheck disable=SC2086
"$tool" report -q $runs -o "$out/report.html"
browse --dump-dom "file://$out/report.html" >"$out/report.dom.html" 2>"$out/report.log" ||
	fail "chromium failed (see $out/report.log)"
[ -s "$out/report.dom.html" ] || fail "empty DOM dump"

if grep 'CONSOLE' "$out/report.log" >&2; then
	fail "the page wrote to the console (above)"
fi
if grep -q 'h1r-injected' "$out/report.log"; then
	fail "hostile content ran in the page"
fi

dom_value() {
	xmllint --html --xpath "$1" "$out/report.dom.html" 2>/dev/null || true
}

[ "$(dom_value 'string(/html/@data-js)')" = on ] ||
	fail "the inline script did not run (CSP hash wrong?)"

checks=0
r=0
for f in $runs; do
	for v in pass fail warn skip error total; do
		want=$(jq -r ".summary.$v" "$f")
		got=$(dom_value "string(//*[@id='count-$r-$v']/@data-count)")
		shown=$(dom_value "normalize-space(//*[@id='count-$r-$v'])")
		if [ "$got" != "$want" ] || [ "$shown" != "$want" ]; then
			fail "run $r ($f): $v is $want in the JSON, the page shows '$shown' (data-count '$got')"
		fi
		checks=$((checks + 1))
		if [ "$v" != total ]; then
			cells=$(dom_value "count(//td[@data-run='$r'][@data-verdict='$v'])")
			[ "$cells" = "$want" ] ||
				fail "run $r ($f): $want $v cases in the JSON, $cells $v cells in the matrix"
			checks=$((checks + 1))
		fi
	done
	r=$((r + 1))
done

# 4. The artifact a person looks at.
rm -f "$out/report.png"
browse --screenshot="$out/report.png" --window-size=1280,2000 --hide-scrollbars \
	"file://$out/report.html" >/dev/null 2>"$out/screenshot.log" || fail "screenshot failed"
size=$(wc -c <"$out/report.png")
[ "$size" -gt 20000 ] || fail "screenshot is suspiciously small ($size bytes)"

echo "browser_check: $checks counts match, no console output, screenshot $out/report.png"
