#!/usr/bin/env bash
# Installs libolm's Python bindings and matrix-nio (Debian's python3-olm, python3-matrix-nio, for /usr/bin/python3): the
# independent implementations that notifier-core's encryption tests use as an oracle and as a recipient
# client (they decrypt what mxnotify encrypts). Does nothing when both import; safe to run any number of times.
set -euo pipefail

if /usr/bin/python3 -c 'import olm, nio' >/dev/null 2>&1; then
  exit 0
fi

if [ "$(id -u)" -ne 0 ]; then
  echo "olm.sh: installing python3-olm and python3-matrix-nio needs root: sudo bash $0" >&2
  exit 1
fi

log="$(mktemp)"
trap 'rm -f "$log"' EXIT
export DEBIAN_FRONTEND=noninteractive
if ! { apt-get update -qq && apt-get install -y -qq -o Dpkg::Use-Pty=0 --no-install-recommends python3-olm python3-matrix-nio; } >"$log" 2>&1; then
  cat "$log" >&2
  echo "olm.sh: could not install python3-olm and python3-matrix-nio (apt-get output above)" >&2
  exit 1
fi
echo "olm.sh: installed python3-olm and python3-matrix-nio"
