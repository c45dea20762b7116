#!/bin/sh
# make demo: the whole suite against the embedded strict server, with every
# report written under reports/out/.
#
# usage: sh scripts/demo.sh build/h1conform
set -eu

tool=${1:-build/h1conform}
out=reports/out
mkdir -p "$out"
status=0
sh harness/servers/serve/run.sh "$tool" --json "$out/results.json" --junit "$out/junit.xml" \
	--html "$out/report.html" || status=$?
echo
echo "reports: $out/results.json $out/junit.xml $out/report.html"
exit "$status"
