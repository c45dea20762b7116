# Shared by start.sh, stop.sh and run_real.sh (sourced, not run).
#
# Environment:
#   H1C_SERVERS_DIR  where the servers' state lives (default: build/servers in
#                    the repository); one subdirectory per server
#   H1C_PORT         the port to listen on (default: a free loopback port)
#   H1C_START_TIMEOUT  seconds start.sh waits for the port to answer (default 20)
#   H1C_STOP_TIMEOUT   seconds stop.sh waits for the server to exit (default 15)

here=$(cd "$(dirname "$0")" && pwd)
repo=$(cd "$here/../.." && pwd)
servers_dir=${H1C_SERVERS_DIR:-$repo/build/servers}
mkdir -p "$servers_dir"
servers_dir=$(cd "$servers_dir" && pwd)

die() {
	echo "$(basename "$0"): $*" >&2
	exit 1
}

check_server_name() {
	case "$1" in
	nginx | apache2 | lighttpd) ;;
	*) die "unknown server '$1' (nginx, apache2 or lighttpd)" ;;
	esac
}

# The binary of each server, from the Debian packages (sh scripts/deps.sh servers).
server_binary() {
	case "$1" in
	nginx) echo /usr/sbin/nginx ;;
	apache2) echo /usr/sbin/apache2 ;;
	lighttpd) echo /usr/sbin/lighttpd ;;
	esac
}

# pid_alive PID: the process exists (and is not a zombie).
pid_alive() {
	[ -n "$1" ] && kill -0 "$1" 2>/dev/null || return 1
	state=$(awk '{print $3}' "/proc/$1/stat" 2>/dev/null || echo '?')
	[ "$state" != Z ]
}

# pid_is_ours PID CONF: the process runs the server with our config file, so
# a recycled pid is never signalled.
pid_is_ours() {
	[ -r "/proc/$1/cmdline" ] || return 1
	tr '\0' ' ' <"/proc/$1/cmdline" | grep -qF -- "$2"
}

# free_port: a TCP port on 127.0.0.1 that nothing listens on right now.
free_port() {
	python3 -c 'import socket
s = socket.socket()
s.bind(("127.0.0.1", 0))
print(s.getsockname()[1])
s.close()'
}

# http_status PORT PATH: the first 12 octets of the response to a GET of PATH
# on 127.0.0.1:PORT ("HTTP/1.1 200"), or nothing.
http_status() {
	python3 - "$1" "$2" <<'EOF' 2>/dev/null || true
import socket, sys
try:
    s = socket.create_connection(("127.0.0.1", int(sys.argv[1])), timeout=1)
    s.settimeout(2)
    s.sendall(b"GET " + sys.argv[2].encode() + b" HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n")
    data = b""
    while len(data) < 12:
        more = s.recv(64)
        if not more:
            break
        data += more
    s.close()
    print(data[:12].decode("latin-1"))
except OSError:
    pass
EOF
}

# http_answers PORT: a GET / on 127.0.0.1:PORT gets an HTTP status line.
http_answers() {
	case "$(http_status "$1" /)" in
	HTTP/1.?\ [0-9][0-9][0-9]) return 0 ;;
	*) return 1 ;;
	esac
}

# http_get_ok PORT PATH: a GET of PATH gets 200.
http_get_ok() {
	case "$(http_status "$1" "$2")" in
	HTTP/1.?\ 200) return 0 ;;
	*) return 1 ;;
	esac
}
