#!/usr/bin/env bash
# benchmarks/setup.sh: installs what benchmarks/run needs from Debian's packages: the load generator
# (wrk), the timer (hyperfine), curl, Apprise (the Python notifier the CLI is compared with) and the
# Python libraries that Synapse 1.67 (../shared/synapse, the home server the fake is compared with) runs on.
# Idempotent: installs only what is missing. Needs root (or sudo).
set -euo pipefail

packages=(wrk hyperfine curl apprise
  python3-twisted python3-signedjson python3-canonicaljson python3-matrix-common
  python3-frozendict python3-pymacaroons python3-unpaddedbase64 python3-treq python3-ijson
  python3-bleach python3-netaddr python3-phonenumbers python3-prometheus-client
  python3-service-identity python3-msgpack python3-sortedcontainers python3-bcrypt python3-pil
  python3-jsonschema python3-nacl python3-yaml python3-openssl python3-pyasn1 python3-pyasn1-modules
  python3-attr python3-jinja2 python3-typing-extensions python3-cryptography python3-packaging
  python3-idna python3-pydantic)

missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
done
[ ${#missing[@]} -eq 0 ] && exit 0

sudo=""
[ "$(id -u)" = 0 ] || sudo="sudo"
echo "benchmarks/setup.sh: installing ${missing[*]}" >&2
log="$(mktemp)"
trap 'rm -f "$log"' EXIT
export DEBIAN_FRONTEND=noninteractive
if ! { $sudo apt-get update -qq -o DPkg::Lock::Timeout=600 \
       && $sudo apt-get install -y -qq -o DPkg::Lock::Timeout=600 -o Dpkg::Use-Pty=0 --no-install-recommends "${missing[@]}"; } >"$log" 2>&1; then
  cat "$log" >&2
  echo "benchmarks/setup.sh: apt-get failed (output above)" >&2
  exit 1
fi
