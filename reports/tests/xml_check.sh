#!/bin/sh
# The report outputs checked by external parsers, from the fixtures:
#  - JUnit XML validates against reports/tests/junit.xsd (one run and a matrix);
#  - the HTML is well-formed XML and parses as HTML (libxml2 knows HTML 4
#    only, so its "Tag svg invalid" complaints about HTML5 names are ignored);
#  - the HTML holds exactly one script, no event-handler attribute, no src,
#    no link other than fragments and rfc-editor.org;
#  - the CSP hash in the page is the SHA-256 of its inline script;
#  - the same input gives the same bytes.
#
# usage: reports/tests/xml_check.sh PATH/TO/h1conform OUTDIR
set -eu

tool=$1
out=$2
fx=reports/fixtures
mkdir -p "$out"
checks=0
fail() {
	echo "xml_check: FAIL: $*" >&2
	exit 1
}
ok() {
	checks=$((checks + 1))
}

xpath_count() {
	# $1 expression, $2 file (xmllint prints a number for count()).
	xmllint --xpath "$1" "$2" 2>/dev/null
}

check_html() {
	f=$1
	xmllint --noout "$f" || fail "$f is not well-formed XML"
	ok
	if xmllint --html --noout "$f" 2>&1 | grep 'parser error' | grep -v 'Tag [a-z-]* invalid' | grep . >&2; then
		fail "$f: HTML parser errors"
	fi
	ok
	[ "$(xpath_count 'count(//script)' "$f")" = 1 ] || fail "$f: not exactly one script element"
	ok
	n=$(xpath_count 'count(//@*[starts-with(name(), "on")] | //@src | //img | //iframe | //object | //embed | //form | //link | //base)' "$f")
	[ "$n" = 0 ] || fail "$f: $n forbidden elements or attributes"
	ok
	n=$(xpath_count 'count(//@href[not(starts-with(., "#")) and not(starts-with(., "https://www.rfc-editor.org/rfc/rfc"))])' "$f")
	[ "$n" = 0 ] || fail "$f: $n links leave the page"
	ok
	# The hash the CSP allows must be the hash of the script that is there.
	script=$(xmllint --xpath 'string(//script)' "$f")
	want=$(printf '%s\n' "$script" | openssl dgst -sha256 -binary | openssl base64 -A)
	# xmllint's string() drops the final newline of the script text; add it back above.
	grep -q "script-src 'sha256-$want'" "$f" || fail "$f: CSP hash does not match the inline script (want sha256-$want)"
	ok
}

for name in nginx apache hostile; do
	"$tool" report -q "$fx/$name.json" -o "$out/$name.html" --junit "$out/$name.xml"
	xmllint --noout --schema reports/tests/junit.xsd "$out/$name.xml" 2>/dev/null ||
		{ xmllint --noout --schema reports/tests/junit.xsd "$out/$name.xml"; fail "$name.xml does not validate"; }
	ok
	check_html "$out/$name.html"
done

"$tool" report -q "$fx/nginx.json" "$fx/apache.json" "$fx/hostile.json" -o "$out/matrix.html" --junit "$out/matrix.xml"
xmllint --noout --schema reports/tests/junit.xsd "$out/matrix.xml" 2>/dev/null || fail "matrix.xml does not validate"
ok
check_html "$out/matrix.html"

"$tool" report -q "$fx/nginx.json" "$fx/apache.json" "$fx/hostile.json" -o "$out/matrix2.html" --junit "$out/matrix2.xml"
cmp -s "$out/matrix.html" "$out/matrix2.html" || fail "HTML differs between two runs on the same input"
cmp -s "$out/matrix.xml" "$out/matrix2.xml" || fail "JUnit differs between two runs on the same input"
ok

# The hostile strings appear, escaped, and never as markup.
grep -q 'console.error(&quot;h1r-injected&quot;)' "$out/hostile.html" || fail "hostile payload not shown escaped"
if grep -q '<script>console' "$out/hostile.html" "$out/hostile.xml" "$out/matrix.html"; then
	fail "hostile payload reached the markup"
fi
ok

echo "xml_check: $checks checks passed ($out)"
