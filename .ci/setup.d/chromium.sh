#!/usr/bin/env bash
# Installs headless Chromium and its driver (Debian's packages) for the fake home server's browser
# tests of the web inbox. Does nothing when both are already there; safe to run any number of times.
set -euo pipefail

if [ -x /usr/bin/chromium ] && [ -x /usr/bin/chromedriver ]; then
  exit 0
fi

if [ "$(id -u)" -ne 0 ]; then
  echo "chromium.sh: installing chromium and chromium-driver needs root (run it with sudo)" >&2
  exit 1
fi

export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
apt-get install -y -qq --no-install-recommends chromium chromium-driver >/dev/null
echo "chromium.sh: installed $(/usr/bin/chromium --version 2>/dev/null || echo chromium)"
