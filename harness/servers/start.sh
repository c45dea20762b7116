#!/bin/sh
# Start a real server under test on 127.0.0.1, with the minimal config kept
# next to this script and all of its state (config, pid, logs, locks, temp
# files, a copy of the docroot) under build/servers/SERVER/. System config and
# the packages' own services (Debian may have started them on port 80) are
# never touched.
#
# usage: harness/servers/start.sh SERVER      (nginx, apache2 or lighttpd)
#
# The port is H1C_PORT, or else a free loopback port; it is written to
# build/servers/SERVER/port. Waits at most H1C_START_TIMEOUT seconds (default
# 20) for the port to answer HTTP, then prints
#   SERVER listening on 127.0.0.1:PORT
# A server this script already started is stopped first. Stop it with stop.sh.
# Install the servers with: sh scripts/deps.sh servers
set -eu

. "$(dirname "$0")/common.sh"

[ $# -eq 1 ] || die "usage: start.sh nginx|apache2|lighttpd"
name=$1
check_server_name "$name"
bin=$(server_binary "$name")
[ -x "$bin" ] || die "$bin is missing; install the servers with: sh scripts/deps.sh servers"
if [ "$name" = nginx ] && [ ! -e /usr/lib/nginx/modules/ngx_http_echo_module.so ]; then
	die "nginx's echo module is missing (Debian package libnginx-mod-http-echo, brought by nginx-light)"
fi

state=$servers_dir/$name
conf=$state/$name.conf

# Whatever an earlier start left running goes first (stop.sh is idempotent).
"$here/stop.sh" "$name" >/dev/null

port=${H1C_PORT:-$(free_port)}
case "$port" in
'' | *[!0-9]*) die "bad port '$port'" ;;
esac

rm -rf "$state/docroot" "$state/tmp" "$state/run" "$state/cgi"
mkdir -p "$state/logs" "$state/tmp" "$state/run" "$state/cgi"
: >"$state/logs/error.log"

# The docroot is copied so that the upload directory can be writable and the
# static files get a fixed modification time: ETag and Last-Modified are then
# the same on every run, and Last-Modified is old enough to be a strong
# validator (RFC 9110, 8.8.2.2).
cp -R "$here/docroot" "$state/docroot"
mkdir -p "$state/docroot/upload"
find "$state/docroot" -exec touch -h -d '2025-01-01 00:00:00 UTC' {} +
cp "$here/echo.cgi" "$state/cgi/echo.cgi"

# As root, workers run as the usual unprivileged user of each package; what
# they must write is given to that user, what they must read is world-readable.
user_line=""
if [ "$(id -u)" = 0 ]; then
	case "$name" in
	nginx)
		user=nobody group=nogroup
		user_line="user $user $group;"
		;;
	apache2)
		user=www-data group=www-data
		user_line="User $user
Group $group"
		;;
	lighttpd)
		user=www-data group=www-data
		user_line="server.username = \"$user\"
server.groupname = \"$group\""
		;;
	esac
	chown -R "$user:$group" "$state/docroot/upload" "$state/tmp" "$state/run" "$state/logs"
fi
chmod -R a+rX "$state/docroot" "$state/cgi"
chmod a+x "$state" "$servers_dir"

# Fill in the template. awk, so that no value is ever read as a pattern.
awk -v state="$state" -v port="$port" -v docroot="$state/docroot" -v user="$user_line" '
	$0 == "@USER@" { print user; next }
	{
		gsub(/@STATE@/, state); gsub(/@PORT@/, port); gsub(/@DOCROOT@/, docroot)
		print
	}' "$here/$name.conf" >"$conf"

echo "$port" >"$state/port"
case "$name" in
nginx)
	"$bin" -t -q -e "$state/logs/error.log" -c "$conf" -p "$state/" ||
		die "nginx refuses $conf (see above)"
	"$bin" -e "$state/logs/error.log" -c "$conf" -p "$state/"
	pidfile=$state/nginx.pid
	;;
apache2)
	"$bin" -t -f "$conf" -d "$state" >/dev/null 2>"$state/logs/configtest.log" || {
		cat "$state/logs/configtest.log" >&2
		die "apache2 refuses $conf (see above)"
	}
	"$bin" -f "$conf" -d "$state"
	pidfile=$state/apache2.pid
	;;
lighttpd)
	"$bin" -t -f "$conf" >/dev/null || die "lighttpd refuses $conf (see above)"
	"$bin" -f "$conf"
	pidfile=$state/lighttpd.pid
	;;
esac

# Bounded wait: the pid file, then an HTTP answer on the port.
timeout=${H1C_START_TIMEOUT:-20}
tries=$((timeout * 10))
pid=""
while [ "$tries" -gt 0 ]; do
	[ -z "$pid" ] && [ -s "$pidfile" ] && pid=$(cat "$pidfile")
	if [ -n "$pid" ]; then
		pid_alive "$pid" || break
		http_answers "$port" && break
	fi
	sleep 0.1
	tries=$((tries - 1))
done
if [ -z "$pid" ] || ! pid_alive "$pid" || ! http_answers "$port"; then
	echo "start.sh: $name did not come up on 127.0.0.1:$port within ${timeout}s; its error log:" >&2
	tail -n 20 "$state/logs/error.log" >&2 || true
	"$here/stop.sh" "$name" >/dev/null 2>&1 || true
	exit 1
fi
# The workers must be able to read the docroot (as root they run as an
# unprivileged user, who needs to traverse every parent directory).
if ! http_get_ok "$port" /static.txt; then
	echo "start.sh: $name answers, but not 200 for /static.txt: its workers cannot read $state/docroot?" >&2
	echo "start.sh: every parent directory must be world-searchable, or set H1C_SERVERS_DIR (e.g. /tmp/h1c-servers)" >&2
	tail -n 5 "$state/logs/error.log" >&2 || true
	"$here/stop.sh" "$name" >/dev/null 2>&1 || true
	exit 1
fi
echo "$name listening on 127.0.0.1:$port"
