#!/usr/bin/env bash
# benchmarks/synapse.sh: Synapse 1.67 (../shared/synapse) for the benchmarks, rate limits off, on 127.0.0.1.
#
#   benchmarks/synapse.sh config DIR PORT      writes DIR/homeserver.yaml (fresh SQLite database in DIR)
#   benchmarks/synapse.sh command DIR          prints the command that runs it (one word per line)
#   benchmarks/synapse.sh seed DIR PORT ENV    registers user bot (password secret), creates room #alerts and
#                                              writes BASE_URL, ACCESS_TOKEN, ROOM_ID, SEND_PATH to ENV
#
# Synapse is unpacked once into benchmarks/target/synapse-1.67 (from shared/synapse/synapse-1.67.0.tar.gz,
# found beside the clone or one of its parent directories); its Python libraries are Debian packages
# (benchmarks/setup.sh installs them). Runs with Debian's /usr/bin/python3.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
install="$root/benchmarks/target/synapse-1.67"
python=/usr/bin/python3

unpack() {
  [ -f "$install/matrix_synapse-1.67.0.dist-info/METADATA" ] && return 0
  local tarball=""
  for parent in "$root/.." "$root/../.." "$root/../../.."; do
    if [ -f "$parent/shared/synapse/synapse-1.67.0.tar.gz" ]; then tarball="$parent/shared/synapse/synapse-1.67.0.tar.gz"; break; fi
  done
  [ -n "$tarball" ] || { echo "synapse.sh: shared/synapse/synapse-1.67.0.tar.gz not found beside the clone" >&2; exit 1; }
  rm -rf "$install.tmp"
  mkdir -p "$install.tmp/matrix_synapse-1.67.0.dist-info"
  tar -xzf "$tarball" -C "$install.tmp" --strip-components=1 synapse-1.67.0/synapse synapse-1.67.0/LICENSE
  printf 'Metadata-Version: 2.1\nName: matrix-synapse\nVersion: 1.67.0\nProvides-Extra: all\nRequires-Dist: attrs\n' \
    >"$install.tmp/matrix_synapse-1.67.0.dist-info/METADATA"
  rm -rf "$install"
  mv "$install.tmp" "$install"
}

case "${1:-}" in
  config)
    dir="$2" port="$3"
    unpack
    rm -rf "$dir"
    mkdir -p "$dir"
    (cd "$dir" && PYTHONPATH="$install" "$python" -m synapse.app.homeserver --server-name localhost \
      --config-path "$dir/homeserver.yaml" --generate-config --report-stats=no >/dev/null)
    PORT="$port" DIR="$dir" "$python" - <<'PY'
import os, yaml
path = os.path.join(os.environ["DIR"], "homeserver.yaml")
with open(path) as f:
    config = yaml.safe_load(f)
config["listeners"] = [{"port": int(os.environ["PORT"]), "bind_addresses": ["127.0.0.1"], "type": "http",
                        "tls": False, "x_forwarded": False, "resources": [{"names": ["client"], "compress": False}]}]
config["registration_shared_secret"] = "bench-secret"
config["trusted_key_servers"] = []
config["suppress_key_server_warning"] = True
config["report_stats"] = False
config["enable_metrics"] = False
unlimited = {"per_second": 1000000, "burst_count": 1000000}
for key in ("rc_message", "rc_registration", "rc_joins", "rc_invites", "rc_3pid_validation", "rc_admin_redaction"):
    config[key] = dict(unlimited)
config["rc_login"] = {"address": dict(unlimited), "account": dict(unlimited), "failed_attempts": dict(unlimited)}
config["rc_joins"] = {"local": dict(unlimited), "remote": dict(unlimited)}
config["rc_invites"] = {"per_room": dict(unlimited), "per_user": dict(unlimited), "per_issuer": dict(unlimited)}
config["log_config"] = os.path.join(os.environ["DIR"], "log.yaml")
with open(config["log_config"], "w") as f:
    f.write("version: 1\nformatters:\n  precise:\n    format: '%(asctime)s %(levelname)s %(name)s %(message)s'\n"
            "handlers:\n  file:\n    class: logging.FileHandler\n    formatter: precise\n"
            "    filename: " + os.path.join(os.environ["DIR"], "homeserver.log") + "\n"
            "root:\n  level: WARNING\n  handlers: [file]\ndisable_existing_loggers: false\n")
with open(path, "w") as f:
    yaml.safe_dump(config, f)
PY
    ;;
  command)
    dir="$2"
    unpack
    printf '%s\n' env "PYTHONPATH=$install" "$python" -m synapse.app.homeserver --config-path "$dir/homeserver.yaml"
    ;;
  seed)
    dir="$2" port="$3" envfile="$4"
    base="http://127.0.0.1:$port"
    (cd "$dir" && PYTHONPATH="$install" "$python" -m synapse._scripts.register_new_matrix_user \
      -u bot -p secret -k bench-secret --no-admin "$base" >/dev/null)
    token="$(curl -sf -X POST -H 'Content-Type: application/json' \
      --data '{"type":"m.login.password","identifier":{"type":"m.id.user","user":"bot"},"password":"secret"}' \
      "$base/_matrix/client/v3/login" | "$python" -c 'import json,sys; print(json.load(sys.stdin)["access_token"])')"
    room="$(curl -sf -X POST -H "Authorization: Bearer $token" -H 'Content-Type: application/json' \
      --data '{"room_alias_name":"alerts","preset":"public_chat"}' \
      "$base/_matrix/client/v3/createRoom" | "$python" -c 'import json,sys; print(json.load(sys.stdin)["room_id"])')"
    encoded="$("$python" -c 'import sys, urllib.parse; print(urllib.parse.quote(sys.argv[1], safe=""))' "$room")"
    {
      echo "BASE_URL=$base"
      echo "ACCESS_TOKEN=$token"
      echo "ROOM_ID='$room'"
      echo "SEND_PATH='/_matrix/client/v3/rooms/$encoded/send/m.room.message/'"
    } >"$envfile"
    ;;
  *)
    sed -n '2,12p' "$0" | sed 's/^# \{0,1\}//' >&2
    exit 64
    ;;
esac
