#!/bin/sh
# Ensure the Debian packages the reports/ checks need are installed.
#
# usage: reports/tests/deps.sh GROUP...
#   xml      xmllint (JUnit XSD, XML and HTML parsing) and openssl (CSP hash)
#   browser  headless Chromium and jq (reading the results JSON)
#
# As root, missing packages are installed with apt-get (one 'apt-get update'
# per boot, shared with scripts/deps.sh); otherwise the command to run is
# printed and the script fails, so make stops with a message one can act on.
set -eu

packages_for() {
	case "$1" in
	xml) echo "libxml2-utils openssl" ;;
	browser) echo "chromium jq fonts-dejavu-core" ;;
	*) echo "reports/tests/deps.sh: unknown group '$1'" >&2; exit 2 ;;
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
	echo "the reports/ checks need these Debian packages:$missing" >&2
	echo "Install them with:" >&2
	echo "  sudo apt-get update && sudo apt-get install -y$missing" >&2
	exit 1
fi

echo "reports/tests/deps.sh: installing$missing" >&2
export DEBIAN_FRONTEND=noninteractive
stamp=/tmp/h1conform-apt-updated
if [ ! -e "$stamp" ]; then
	apt-get update -qq >&2
	touch "$stamp"
fi
# shellcheck disable=SC2086
apt-get install -y -qq --no-install-recommends $missing >&2
