#!/usr/bin/env bash
# A complete CI job against the fake home server: start it in the background on a free port, wait until it
# is ready, run the notifier under test, then assert through the inspection API. Run from the repository root.
set -euo pipefail

work=$(mktemp -d)
./mxnotify serve --port 0 --port-file "$work/port" --user bot:bot-password --room alerts >"$work/serve.log" 2>&1 &
serve_pid=$!
trap 'kill "$serve_pid" 2>/dev/null || true; wait "$serve_pid" 2>/dev/null || true; rm -rf "$work"' EXIT

# 1. wait for readiness: the port file appears once the server listens (give the first build time)
for _ in $(seq 1 1200); do
  [ -s "$work/port" ] && break
  kill -0 "$serve_pid" 2>/dev/null || { cat "$work/serve.log"; exit 1; }
  sleep 0.25
done
[ -s "$work/port" ] || { echo "the fake home server did not start" >&2; cat "$work/serve.log"; exit 1; }
base="http://127.0.0.1:$(cat "$work/port")"
curl -fsS "$base/_fake/v1/health" >/dev/null

# 2. the notifier under test (here: plain curl, as a shell script would do it)
token=$(curl -fsS -X POST "$base/_matrix/client/v3/login" \
  -d '{"type":"m.login.password","identifier":{"type":"m.id.user","user":"bot"},"password":"bot-password"}' \
  | sed -n 's/.*"access_token":"\([^"]*\)".*/\1/p')
room=$(curl -fsS "$base/_matrix/client/v3/directory/room/%23alerts%3Alocalhost" \
  | sed -n 's/.*"room_id":"\([^"]*\)".*/\1/p')
room_segment=$(printf '%s' "$room" | sed 's/!/%21/; s/:/%3A/')
curl -fsS -X PUT -H "Authorization: Bearer $token" \
  "$base/_matrix/client/v3/rooms/$room_segment/send/m.room.message/ci-$$" \
  -d '{"msgtype":"m.notice","body":"deploy finished"}' >/dev/null

# 3. assert through the inspection API: wait (no sleep) for the message, then check the journal
events=$(curl -fsS "$base/_fake/v1/rooms/%23alerts%3Alocalhost/events?min=1&timeout_ms=10000&body_contains=deploy")
echo "$events" | grep -q '"timed_out":false' || { echo "message not delivered: $events" >&2; exit 1; }
unmatched=$(curl -fsS "$base/_fake/v1/requests?unmatched=true")
echo "$unmatched" | grep -q '"requests":\[\]' || { echo "unknown endpoints called: $unmatched" >&2; exit 1; }
echo "ci-job: message delivered and no unknown endpoint called"
