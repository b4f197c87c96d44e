#!/usr/bin/env bash
# Runs the home server conformance suite (conformance-tests, *ConformanceTest) against a separately
# started `mxnotify serve`, by URL, the way a user runs it against their own server: the suite only sees
# -Dhomeserver.url plus credentials, never the Java object.
#
# Usage: .ci/conformance-against-serve.sh [extra mvn arguments, e.g. -o]
# Exit status: that of the Maven run (non-zero when a conformance test fails), 1 when the server never got ready.
set -euo pipefail
cd "$(dirname "$0")/.."

work="$(mktemp -d)"
port_file="$work/port"
log="$work/serve.log"
user="conformance"
password="pw-$(od -An -N12 -tx1 /dev/urandom | tr -d ' \n')"
secret="secret-$(od -An -N16 -tx1 /dev/urandom | tr -d ' \n')"
serve_pid=""

stop_server() {
  if [ -n "$serve_pid" ] && kill -0 "$serve_pid" 2>/dev/null; then
    kill "$serve_pid" 2>/dev/null || true
    wait "$serve_pid" 2>/dev/null || true
  fi
  rm -rf "$work"
}
trap stop_server EXIT

echo "== conformance: starting mxnotify serve on a free port"
./mxnotify serve --port 0 --port-file "$port_file" --user "$user:$password" \
  --registration-shared-secret "$secret" >"$log" 2>&1 &
serve_pid=$!

# The launcher may build the CLI first, so allow a few minutes; poll, never sleep blindly past readiness.
deadline=$((SECONDS + 300))
base_url=""
while [ $SECONDS -lt $deadline ]; do
  if ! kill -0 "$serve_pid" 2>/dev/null; then
    echo "mxnotify serve exited before it was ready; its output:" >&2
    cat "$log" >&2
    exit 1
  fi
  if [ -s "$port_file" ]; then
    base_url="http://127.0.0.1:$(tr -d ' \n' <"$port_file")"
    if curl -fsS --max-time 5 "$base_url/_fake/v1/health" >/dev/null 2>&1; then
      break
    fi
  fi
  sleep 0.5
done
if [ -z "$base_url" ] || ! curl -fsS --max-time 5 "$base_url/_fake/v1/health" >/dev/null 2>&1; then
  echo "mxnotify serve did not answer /_fake/v1/health within 300 s; its output:" >&2
  cat "$log" >&2
  exit 1
fi
echo "== conformance: mxnotify serve is ready at $base_url; running the suite against it"

set +e
mvn -B "$@" -pl conformance-tests -am verify \
  -Dtest='*ConformanceTest' -Dsurefire.failIfNoSpecifiedTests=false \
  -Dhomeserver.url="$base_url" -Dhomeserver.user="$user" -Dhomeserver.password="$password" \
  -Dhomeserver.registration-secret="$secret"
status=$?
set -e
exit $status
