#!/bin/sh
# bench/suite.sh BUILD_DIR OUT_DIR — time one whole 'h1conform run' against
# nginx on loopback and against the embedded server ('h1conform serve').
#
# Per target it prints the wall time and peak RSS of the run (from
# /usr/bin/time -v), the number of cases and how many were skipped (from
# the results JSON summary), cases per second, and the TCP connections the
# run opened, counted inside the h1conform process by connect_count.so
# (LD_PRELOAD; see connect_count.c). The five slowest cases follow the
# table when jq is installed.
#
# Called by run.sh once 'h1conform run --help' succeeds.
set -eu

B=$1
OUT=$2
TOOL=$B/h1conform
PRELOAD=$(cd "$B/bench" && pwd)/connect_count.so
work=$(mktemp -d)
pids=""
cleanup() {
	for pid in $pids; do kill "$pid" 2>/dev/null || true; done
	rm -rf "$work"
}
trap cleanup EXIT INT TERM

listening_ports() {
	# local ports in state LISTEN (0A), as decimal
	cat /proc/net/tcp /proc/net/tcp6 2>/dev/null |
		awk '$4 == "0A" { split($2, a, ":"); print a[2] }' |
		while read -r hex; do printf '%d\n' "0x$hex"; done
}

free_port() {
	used=$(listening_ports | tr '\n' ' ')
	port=$1
	while case " $used " in *" $port "*) true ;; *) false ;; esac; do
		port=$((port + 1))
	done
	echo "$port"
}

wait_listen() { # port pid: up to 10 s
	i=0
	while [ $i -lt 100 ]; do
		listening_ports | grep -qx "$1" && return 0
		kill -0 "$2" 2>/dev/null || return 1
		sleep 0.1
		i=$((i + 1))
	done
	return 1
}


# measure NAME URL [PROFILE]: one run, one row of the table
measure() {
	name=$1
	url=$2
	profile=${3:-}
	count="$OUT/suite.$name.connections"
	rm -f "$count"
	set +e
	/usr/bin/time -v -o "$OUT/suite.$name.time" timeout 900 \
		env LD_PRELOAD="$PRELOAD" H1B_CONNECT_COUNT="$count" \
		"$TOOL" run ${profile:+--target-profile "$profile"} "$url" --json "$OUT/suite.$name.json" \
		>"$OUT/suite.$name.log" 2>&1
	rc=$?
	set -e
	connections=$(awk '{ s += $1 } END { print NR ? s : "n/a" }' "$count" 2>/dev/null || echo n/a)
	wall=$(sed -n 's/.*Elapsed (wall clock) time (h:mm:ss or m:ss): //p' "$OUT/suite.$name.time" |
		awk -F: '{ s = 0; for (i = 1; i <= NF; i++) s = s * 60 + $i; printf "%.2f", s }')
	rss=$(sed -n 's/.*Maximum resident set size (kbytes): //p' "$OUT/suite.$name.time")
	# the verdict counts of the results JSON summary
	summary=$(tr -d ' \n' <"$OUT/suite.$name.json" 2>/dev/null |
		sed -n 's/.*"summary":{\([^}]*\)}.*/\1/p')
	cases=$(echo "$summary" | awk -F, '{ s = 0; for (i = 1; i <= NF; i++) { split($i, kv, ":")
		if (kv[1] ~ /^"(pass|fail|warn|skip|error)"$/) s += kv[2] } print s }')
	skipped=$(echo "$summary" | tr ',' '\n' | sed -n 's/^"skip"://p')
	[ -n "$cases" ] && [ -n "$summary" ] || cases=n/a
	[ -n "$skipped" ] || skipped=n/a
	rate=$(awk -v c="$cases" -v w="$wall" 'BEGIN { if (c == "n/a" || w <= 0) print "n/a";
		else printf "%.0f", c / w }')
	note=""
	case $rc in
	0 | 1) ;;
	124) note=" (killed after 900 s)" ;;
	*) note=" (exit $rc, see $OUT/suite.$name.log)" ;;
	esac
	echo "| $name | $wall | $cases | $skipped | $rate | $connections | $rss | $rc$note |"
	# where the time goes: the slowest cases (needs jq)
	if command -v jq >/dev/null 2>&1 && [ -s "$OUT/suite.$name.json" ]; then
		jq -r '"\(.cases | map(.duration_ms) | add) ms in all cases; slowest: " +
			([.cases | sort_by(-.duration_ms)[:5][] | "\(.id) \(.duration_ms) ms"] | join(", "))' \
			"$OUT/suite.$name.json" >"$OUT/suite.$name.slowest" 2>/dev/null || true
	fi
}

echo "| target | wall s | cases | of which skipped | cases/s | connections | peak RSS KiB | exit |"
echo "| --- | ---: | ---: | ---: | ---: | ---: | ---: | --- |"

# the embedded server
port=$(free_port 18080)
"$TOOL" serve --port "$port" >"$OUT/serve.log" 2>&1 &
pid=$!
pids="$pids $pid"
if wait_listen "$port" "$pid"; then
	# with the profile of its paths, every case runs (none is skipped)
	measure "h1conform-serve" "http://127.0.0.1:$port/" harness/servers/serve/profile.json
else
	echo "| h1conform-serve | skipped: 'h1conform serve --port $port' did not listen, see $OUT/serve.log | | | | | | |"
fi
kill "$pid" 2>/dev/null || true

# nginx, from Debian (the 'servers' group of scripts/deps.sh)
nginx=$(command -v nginx || echo /usr/sbin/nginx)
if [ ! -x "$nginx" ]; then
	sh scripts/deps.sh servers >&2 || true
fi
if [ -x "$nginx" ]; then
	port=$(free_port 18180)
	mkdir -p "$work/nginx/www" "$work/nginx/tmp"
	printf 'hello from nginx\n' >"$work/nginx/www/index.html"
	sed -e "s|@PORT@|$port|g" -e "s|@PREFIX@|$work/nginx|g" bench/nginx.conf >"$work/nginx/nginx.conf"
	"$nginx" -p "$work/nginx" -c "$work/nginx/nginx.conf" -e "$work/nginx/error.log" \
		>"$OUT/nginx.log" 2>&1 &
	pid=$!
	pids="$pids $pid"
	if wait_listen "$port" "$pid"; then
		measure "nginx-$("$nginx" -v 2>&1 | sed 's|.*nginx/||')" "http://127.0.0.1:$port/"
	else
		echo "| nginx | skipped: nginx did not start, see $OUT/nginx.log | | | | | | |"
	fi
	kill "$pid" 2>/dev/null || true
else
	echo "| nginx | skipped: nginx not installed (sh scripts/deps.sh servers) | | | | | | |"
fi
echo
for f in "$OUT"/suite.*.slowest; do
	[ -s "$f" ] || continue
	n=${f#"$OUT"/suite.}
	echo "- ${n%.slowest}: $(cat "$f")"
done
