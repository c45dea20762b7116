#!/bin/sh
# Stop the server that start.sh started: the process in its pid file under
# build/servers/SERVER/, and nothing else (a pid that does not run our config
# is never signalled). Idempotent: nothing running is not an error. Bounded:
# TERM, then after H1C_STOP_TIMEOUT seconds (default 15) KILL to the process
# and its direct children.
#
# usage: harness/servers/stop.sh SERVER      (nginx, apache2 or lighttpd)
set -eu

. "$(dirname "$0")/common.sh"

[ $# -eq 1 ] || die "usage: stop.sh nginx|apache2|lighttpd"
name=$1
check_server_name "$name"

state=$servers_dir/$name
conf=$state/$name.conf
pidfile=$state/$name.pid

if [ ! -s "$pidfile" ]; then
	echo "$name: not running"
	exit 0
fi
pid=$(cat "$pidfile")
case "$pid" in
'' | *[!0-9]*)
	rm -f "$pidfile"
	die "ignoring a bad pid file $pidfile"
	;;
esac
if ! pid_alive "$pid" || ! pid_is_ours "$pid" "$conf"; then
	rm -f "$pidfile"
	echo "$name: not running"
	exit 0
fi

kill -TERM "$pid" 2>/dev/null || true
tries=$((${H1C_STOP_TIMEOUT:-15} * 10))
while [ "$tries" -gt 0 ] && pid_alive "$pid"; do
	sleep 0.1
	tries=$((tries - 1))
done
if pid_alive "$pid"; then
	echo "stop.sh: $name (pid $pid) ignored TERM; killing it" >&2
	for child in $(ps -o pid= --ppid "$pid" 2>/dev/null); do
		kill -KILL "$child" 2>/dev/null || true
	done
	kill -KILL "$pid" 2>/dev/null || true
	sleep 0.2
fi
rm -f "$pidfile"
echo "$name: stopped"
