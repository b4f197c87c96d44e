#!/usr/bin/env bash
# benchmarks/e2ee-synapse-proof.sh: `mxnotify send` into an end-to-end encrypted room of a real Synapse 1.67
# (benchmarks/synapse.sh, on 127.0.0.1), with matrix-nio + libolm (Debian's python3-matrix-nio, python3-olm;
# .ci/setup.d/olm.sh installs them) as the recipient devices. Checks that each notification decrypts exactly
# once: plain sends, one whose sender is killed with SIGKILL after encrypting and before Synapse answers
# (`queue flush` resends the stored ciphertext under the same txnId),
# one whose answer is lost after Synapse stored it (the retry's same txnId stores nothing new), and one after
# a second recipient device joined (a new Megolm session, read by both devices). The kill and the lost answer
# come from benchmarks/e2ee_fault_proxy.py on the next two ports.
#
#   benchmarks/e2ee-synapse-proof.sh [PORT]      (default 18448; needs cli/target/mxnotify.jar: mvn -B package -DskipTests)
#
# Exits 0 and prints "e2ee synapse proof: passed" when every check holds; everything it made stays in
# benchmarks/target/e2ee-synapse-proof/ for reading.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
port="${1:-18448}"
work="$root/benchmarks/target/e2ee-synapse-proof"
python=/usr/bin/python3
nio="$root/cli/src/test/resources/e2ee/nio_recipient.py"
jar="$root/cli/target/mxnotify.jar"
base="http://127.0.0.1:$port"
[ -f "$jar" ] || { echo "e2ee-synapse-proof.sh: build the CLI first: mvn -B package -DskipTests" >&2; exit 1; }
"$python" -c 'import nio, olm' 2>/dev/null || { echo "e2ee-synapse-proof.sh: run .ci/setup.d/olm.sh first" >&2; exit 1; }

rm -rf "$work"; mkdir -p "$work"
bash "$root/benchmarks/synapse.sh" config "$work/synapse" "$port"
mapfile -t command < <(bash "$root/benchmarks/synapse.sh" command "$work/synapse")
"${command[@]}" >"$work/synapse.out" 2>&1 &
synapse=$!
pids=()
cleanup() { kill -CONT "$synapse" 2>/dev/null || true; kill "$synapse" "${pids[@]}" 2>/dev/null || true; }
trap cleanup EXIT
for _ in $(seq 1 120); do curl -sf "$base/_matrix/client/versions" >/dev/null && break; sleep 0.5; done
install="$root/benchmarks/target/synapse-1.67"
for user in bot alice; do
  PYTHONPATH="$install" "$python" -m synapse._scripts.register_new_matrix_user -u "$user" -p "secret-$user" \
    -k bench-secret --no-admin "$base" >/dev/null
done
token="$(curl -sf -X POST -H 'Content-Type: application/json' \
  --data '{"type":"m.login.password","identifier":{"type":"m.id.user","user":"bot"},"password":"secret-bot"}' \
  "$base/_matrix/client/v3/login" | "$python" -c 'import json,sys; print(json.load(sys.stdin)["access_token"])')"
room="$(curl -sf -X POST -H "Authorization: Bearer $token" -H 'Content-Type: application/json' \
  --data '{"preset":"public_chat","initial_state":[{"type":"m.room.encryption","state_key":"","content":{"algorithm":"m.megolm.v1.aes-sha2"}}]}' \
  "$base/_matrix/client/v3/createRoom" | "$python" -c 'import json,sys; print(json.load(sys.stdin)["room_id"])')"

export MXNOTIFY_HOMESERVER="$base" MXNOTIFY_ACCESS_TOKEN="$token" MXNOTIFY_ROOM="$room" MXNOTIFY_SPOOL="$work/spool" HOME="$work/home"
mx() { java -jar "$jar" "$@"; }
recipients=()
recipient() { # NAME EXPECTED: a nio device of alice, ready when this returns
  mkdir -p "$work/$1"
  "$python" "$nio" "$base" @alice:localhost secret-alice "$room" "$work/$1" "$2" 120 >"$work/$1.out" 2>"$work/$1.err" &
  pids+=($!)
  recipients+=($!)
  for _ in $(seq 1 120); do grep -q ready "$work/$1.out" && return 0; sleep 0.5; done
  echo "nio device $1 did not get ready:"; cat "$work/$1.err"; exit 1
}

recipient first 4
mx send "one"
# killed after encrypting, before the server saw the send: the proxy holds the encrypted PUT
"$python" "$root/benchmarks/e2ee_fault_proxy.py" "$((port + 1))" "$port" hold >"$work/hold-proxy.out" 2>&1 &
pids+=($!)
sleep 1
MXNOTIFY_HOMESERVER="http://127.0.0.1:$((port + 1))" java -jar "$jar" send "two (sender killed after encrypting)" >"$work/killed.out" 2>&1 &
sender=$!
for _ in $(seq 1 1200); do grep -q spoiled "$work/hold-proxy.out" && break; sleep 0.1; done
grep -q spoiled "$work/hold-proxy.out" || { echo "the held send never reached the proxy"; cat "$work/killed.out"; exit 1; }
kill -9 "$sender"; wait "$sender" 2>/dev/null || true
mx queue flush | tee "$work/flush.out"
grep -q '^1 delivered' "$work/flush.out" || { echo "the flush did not deliver the killed send"; exit 1; }
# the answer lost after the server stored it: the retry (same txnId) stores nothing new
"$python" "$root/benchmarks/e2ee_fault_proxy.py" "$((port + 2))" "$port" lose >"$work/lose-proxy.out" 2>&1 &
pids+=($!)
sleep 1
MXNOTIFY_HOMESERVER="http://127.0.0.1:$((port + 2))" mx send --patience 60 "two and a half (answer lost)"
grep -q spoiled "$work/lose-proxy.out" || { echo "the lost-answer proxy spoiled nothing"; exit 1; }
recipient second 1
mx send --markdown "three, **after a device joined**"
mx whoami
wait "${recipients[@]}"

check() { # NAME EXPECTED-BODIES...
  local name="$1"; shift
  local got; got="$("$python" -c 'import json,sys; print("\n".join(json.loads(l)["body"] for l in open(sys.argv[1]) if "body" in json.loads(l)))' "$work/$name.out")"
  local want; want="$(printf '%s\n' "$@")"
  if [ "$got" != "$want" ]; then echo "device $name decrypted:"; echo "$got"; echo "expected:"; echo "$want"; exit 1; fi
  if grep -q undecryptable "$work/$name.out"; then echo "device $name could not decrypt:"; cat "$work/$name.out"; exit 1; fi
  echo "device $name decrypted each notification exactly once: $(echo "$got" | tr '\n' '|')"
}
check first "one" "two (sender killed after encrypting)" "two and a half (answer lost)" "three, **after a device joined**"
check second "three, **after a device joined**"
encoded="$("$python" -c 'import sys, urllib.parse; print(urllib.parse.quote(sys.argv[1], safe=""))' "$room")"
events="$(curl -sf -H "Authorization: Bearer $token" "$base/_matrix/client/v3/rooms/$encoded/messages?dir=b&limit=100" \
  | "$python" -c 'import json,sys; c=json.load(sys.stdin)["chunk"]; print(sum(e["type"]=="m.room.encrypted" for e in c), sum(e["type"]=="m.room.message" for e in c))')"
[ "$events" = "4 0" ] || { echo "the room holds $events (encrypted, plaintext) events, expected 4 0"; exit 1; }
echo "the room holds 4 m.room.encrypted events and no m.room.message"
echo "e2ee synapse proof: passed"
