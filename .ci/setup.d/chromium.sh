#!/usr/bin/env bash
# Installs headless Chromium and its driver (Debian's packages) for the fake home server's browser
# tests of the web inbox. Does nothing when both are already there; safe to run any number of times.
set -euo pipefail

if [ -x /usr/bin/chromium ] && [ -x /usr/bin/chromedriver ]; then
  exit 0
fi

if [ "$(id -u)" -ne 0 ]; then
  echo "chromium.sh: installing chromium and chromium-driver needs root: sudo bash $0" >&2
  exit 1
fi

log="$(mktemp)"
trap 'rm -f "$log"' EXIT
export DEBIAN_FRONTEND=noninteractive
if ! { apt-get update -qq && apt-get install -y -qq -o Dpkg::Use-Pty=0 --no-install-recommends chromium chromium-driver; } >"$log" 2>&1; then
  cat "$log" >&2
  echo "chromium.sh: could not install chromium and chromium-driver (apt-get output above)" >&2
  exit 1
fi
echo "chromium.sh: installed $(/usr/bin/chromium --version 2>/dev/null || echo chromium)"
