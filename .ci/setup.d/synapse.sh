#!/usr/bin/env bash
# Installs two real Synapse home servers for the tests that compare the project with a real server
# (the conformance suite, the fake's fidelity test, the CLI end-to-end tests). Safe to run any number of
# times: each part does nothing when it is already in place.
#
#   $MXNOTIFY_SYNAPSE_DIR/synapse-1.67/  Synapse 1.67.0 from ../shared/synapse, run with Debian 12's
#                                        /usr/bin/python3 and the python3-* packages below (seconds).
#   $MXNOTIFY_SYNAPSE_DIR/synapse-sid/   a `debootstrap --variant=minbase sid` chroot holding Debian
#                                        unstable's matrix-synapse (the current release), from the Debian
#                                        mirror the machine's apt sources name; the tests run it with chroot.
#
# MXNOTIFY_SYNAPSE_DIR defaults to /opt/mxnotify-test (the tests look there too). Needs root.
set -euo pipefail
cd "$(dirname "$0")/../.."

dir="${MXNOTIFY_SYNAPSE_DIR:-/opt/mxnotify-test}"
# shared/ sits beside the clone (CI) or beside one of its parent directories (a worktree).
shared_tarball=""
for parent in .. ../.. ../../..; do
  if [ -f "$parent/shared/synapse/synapse-1.67.0.tar.gz" ]; then
    shared_tarball="$parent/shared/synapse/synapse-1.67.0.tar.gz"
    break
  fi
done
python_packages=(python3-twisted python3-signedjson python3-canonicaljson python3-matrix-common
  python3-frozendict python3-pymacaroons python3-unpaddedbase64 python3-treq python3-ijson python3-bleach
  python3-netaddr python3-phonenumbers python3-prometheus-client python3-service-identity python3-msgpack
  python3-sortedcontainers python3-bcrypt python3-pil python3-jsonschema python3-nacl python3-yaml
  python3-openssl python3-pyasn1 python3-pyasn1-modules python3-attr python3-jinja2
  python3-typing-extensions python3-cryptography python3-packaging python3-idna python3-pydantic)

log="$(mktemp)"
trap 'rm -f "$log"' EXIT
export DEBIAN_FRONTEND=noninteractive

fail() {
  [ -s "$log" ] && cat "$log" >&2
  echo "synapse.sh: $*" >&2
  exit 1
}

if [ "$(id -u)" -ne 0 ]; then
  fail "installing Debian packages and building a chroot needs root: sudo bash $0"
fi

# --- the host's packages: Synapse 1.67's dependencies and debootstrap -----------------------------------
missing=()
for package in debootstrap "${python_packages[@]}"; do
  dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q 'install ok installed' || missing+=("$package")
done
if [ ${#missing[@]} -gt 0 ]; then
  { apt-get update -qq && apt-get install -y -qq -o Dpkg::Use-Pty=0 --no-install-recommends "${missing[@]}"; } \
    >"$log" 2>&1 || fail "could not install ${missing[*]} (apt-get output above)"
fi

# --- Synapse 1.67.0, unpacked beside the metadata it checks at start -------------------------------------
old="$dir/synapse-1.67"
if [ ! -f "$old/matrix_synapse-1.67.0.dist-info/METADATA" ]; then
  [ -n "$shared_tarball" ] || fail "shared/synapse/synapse-1.67.0.tar.gz not found: run from a clone with ../shared beside it"
  rm -rf "$old.tmp"
  mkdir -p "$old.tmp/matrix_synapse-1.67.0.dist-info"
  tar -xzf "$shared_tarball" -C "$old.tmp" --strip-components=1 synapse-1.67.0/synapse synapse-1.67.0/LICENSE
  [ -d "$old.tmp/synapse" ] || fail "$shared_tarball holds no synapse/ directory"
  printf 'Metadata-Version: 2.1\nName: matrix-synapse\nVersion: 1.67.0\nProvides-Extra: all\nRequires-Dist: attrs\n' \
    >"$old.tmp/matrix_synapse-1.67.0.dist-info/METADATA"
  rm -rf "$old"
  mv "$old.tmp" "$old"
  echo "synapse.sh: Synapse 1.67.0 unpacked into $old"
fi

# --- the current Synapse: Debian unstable's matrix-synapse in a minbase chroot ---------------------------
sid="$dir/synapse-sid"
if [ ! -x "$sid/usr/bin/python3" ] || ! chroot "$sid" dpkg-query -W -f='${Status}' matrix-synapse 2>/dev/null \
    | grep -q 'install ok installed'; then
  mirror="$(grep -rhoE '^(URIs:|deb)[[:space:]]+[^[:space:]]+' /etc/apt/sources.list /etc/apt/sources.list.d/ 2>/dev/null \
    | awk '{print $2}' | grep -E '^https?://.*/debian/?$' | head -n1 || true)"
  [ -n "$mirror" ] || fail "no Debian mirror (a .../debian URI) found in /etc/apt/sources.list{,.d}"
  started=$SECONDS
  rm -rf "$sid.tmp"
  mkdir -p "$dir"
  debootstrap --variant=minbase sid "$sid.tmp" "$mirror" >"$log" 2>&1 \
    || fail "debootstrap of sid from $mirror failed (output above)"
  # The archive's Release file may carry a Valid-Until before this machine's clock.
  apt_opts=(-o Acquire::Check-Valid-Until=false -o Dpkg::Use-Pty=0 -qq)
  { chroot "$sid.tmp" apt-get "${apt_opts[@]}" update \
      && chroot "$sid.tmp" apt-get "${apt_opts[@]}" install -y --no-install-recommends matrix-synapse \
      && chroot "$sid.tmp" apt-get "${apt_opts[@]}" clean; } >"$log" 2>&1 \
    || fail "installing matrix-synapse in the sid chroot failed (output above)"
  rm -rf "$sid"
  mv "$sid.tmp" "$sid"
  echo "synapse.sh: $(chroot "$sid" dpkg-query -W -f='matrix-synapse ${Version}' matrix-synapse) installed in $sid" \
    "($((SECONDS - started)) s)"
fi
