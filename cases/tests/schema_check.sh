#!/bin/sh
# Validate the case corpus and the test fixtures against cases/schema.json.
#
# usage: sh cases/tests/schema_check.sh TOOL
#
# TOOL is the built h1conform (its 'parse --help' lists the leniency flags the
# schema must know). The validator is Debian's python3-jsonschema: installed
# here when running as root (the way scripts/deps.sh installs packages),
# otherwise the command to install it is printed and the step fails, so a
# missing validator never passes silently.
set -eu

tool=${1:?usage: schema_check.sh TOOL}
# Debian's interpreter, not one from a version manager that cannot see
# Debian's python3-jsonschema.
py=/usr/bin/python3
[ -x "$py" ] || py=python3

if ! "$py" -c 'import jsonschema' 2>/dev/null; then
	if [ "$(id -u)" != 0 ]; then
		echo "schema_check: needs the Debian package python3-jsonschema" >&2
		echo "Install it with:" >&2
		echo "  sudo apt-get update && sudo apt-get install -y python3-jsonschema" >&2
		exit 1
	fi
	echo "schema_check: installing python3-jsonschema" >&2
	export DEBIAN_FRONTEND=noninteractive
	stamp=/tmp/h1conform-apt-updated
	if [ ! -e "$stamp" ]; then
		apt-get -o DPkg::Lock::Timeout=600 update -qq >&2
		touch "$stamp"
	fi
	apt-get -o DPkg::Lock::Timeout=600 install -y -qq --no-install-recommends python3-jsonschema >&2
fi

exec "$py" cases/tests/schema_check.py "$tool"
