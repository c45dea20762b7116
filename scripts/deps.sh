#!/bin/sh
# Ensure the Debian packages a make target needs are installed.
#
# usage: scripts/deps.sh GROUP...
#
# Each group names the packages one part of the build needs. Packages that are
# already installed are left alone. When run as root the missing ones are
# installed with apt-get (after one 'apt-get update'); otherwise the exact
# command to run is printed and the script fails, so that make stops with a
# message a newcomer can act on.
set -eu

packages_for() {
	case "$1" in
	build) echo "gcc make pkg-config libc6-dev libcurl4-openssl-dev libjansson-dev python3" ;;
	check) echo "check clang libclang-rt-14-dev llvm" ;;
	fuzz) echo "clang libclang-rt-14-dev llvm zip" ;;
	servers) echo "nginx libnginx-mod-http-echo apache2 lighttpd" ;;
	bench) echo "node-llhttp libh2o0.13 libhttp-parser-dev valgrind" ;;
	browser) echo "chromium" ;;
	lint) echo "clang-format cppcheck" ;;
	*) echo "deps.sh: unknown group '$1'" >&2; exit 2 ;;
	esac
}

want=""
for group in "$@"; do
	want="$want $(packages_for "$group")"
done

missing=""
for pkg in $want; do
	case " $missing " in *" $pkg "*) continue ;; esac
	status=$(dpkg-query -W -f='${db:Status-Status}' "$pkg" 2>/dev/null || true)
	[ "$status" = installed ] || missing="$missing $pkg"
done

[ -z "$missing" ] && exit 0

if [ "$(id -u)" != 0 ]; then
	echo "h1conform needs these Debian packages:$missing" >&2
	echo "Install them with:" >&2
	echo "  sudo apt-get update && sudo apt-get install -y$missing" >&2
	exit 1
fi

echo "deps.sh: installing$missing" >&2
export DEBIAN_FRONTEND=noninteractive
# One update per machine boot is enough; apt-get update is slow and the
# lists may be absent on a fresh image (then every install fails).
stamp=/tmp/h1conform-apt-updated
# Several builds may install at once (parallel make, CI steps): wait for the
# dpkg lock instead of failing.
lock="-o DPkg::Lock::Timeout=600"
if [ ! -e "$stamp" ]; then
	# shellcheck disable=SC2086
	apt-get $lock update -qq >&2
	touch "$stamp"
fi
# shellcheck disable=SC2086
apt-get $lock install -y -qq --no-install-recommends $missing >&2
