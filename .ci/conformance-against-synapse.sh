#!/usr/bin/env bash
# Runs the conformance suite (*ConformanceTest) against real Synapse servers that the suite starts itself
# (test-support's SynapseServer; .ci/setup.d/synapse.sh installs them), and against the embedded fake in
# its strict profile; the fake's default profile runs in `mvn -B verify`. Each run keeps its surefire
# reports under conformance-tests/target/conformance-runs/<name>/, and at the end a table of every check
# against every target is printed (conformance-tests/README.md shows it).
#
# Usage: .ci/conformance-against-synapse.sh [extra mvn arguments, e.g. -o]
# Exit status: non-zero when any run fails (a Synapse that is absent fails too: CI=true makes it required).
set -euo pipefail
cd "$(dirname "$0")/.."

runs_dir="conformance-tests/target/conformance-runs"
rm -rf "$runs_dir"
mkdir -p "$runs_dir"
# name | -D properties. The strict profile refuses the deprecated top-level login `user` by design (that is
# what the profile is for), so that one check is left out of its run.
strict_filter='-Dtest=*ConformanceTest,!LoginConformanceTest#passwordLoginWithTheLegacyUserField'
runs=(
  "fake-synapse|-Dhomeserver.fake.profile=synapse"
  "fake-strict|-Dhomeserver.fake.profile=strict $strict_filter"
  "synapse-current-default-but-login|-Dhomeserver.synapse=current -Dhomeserver.synapse.rate-limits=default-but-login"
  "synapse-current-off|-Dhomeserver.synapse=current -Dhomeserver.synapse.rate-limits=off"
  "synapse-1.67-default|-Dhomeserver.synapse=1.67 -Dhomeserver.synapse.rate-limits=default"
  "synapse-1.67-off|-Dhomeserver.synapse=1.67 -Dhomeserver.synapse.rate-limits=off"
)
failed=()
for run in "${runs[@]}"; do
  name="${run%%|*}"
  read -r -a properties <<<"${run#*|}"
  echo "== conformance suite: $name"
  started=$SECONDS
  set +e
  mvn -B -q "$@" -pl conformance-tests -am verify -Dtest='*ConformanceTest' -Dsurefire.failIfNoSpecifiedTests=false \
    -Dmxnotify.synapse.required=true "${properties[@]}" >"$runs_dir/$name.log" 2>&1
  status=$?
  set -e
  cp -r conformance-tests/target/surefire-reports "$runs_dir/$name"
  echo "   $(grep -hoE 'Tests run: [0-9]+, Failures: [0-9]+, Errors: [0-9]+, Skipped: [0-9]+' \
      "$runs_dir/$name"/*.txt | awk -F'[:,] *' '{r+=$2; f+=$4; e+=$6; s+=$8} END {print r" run, "f" failed, "e" errors, "s" skipped"}')," \
    "$(grep -c 'answered 429' "$runs_dir/$name.log" || true) rate-limit waits, $((SECONDS - started)) s"
  if [ $status -ne 0 ]; then
    failed+=("$name")
    grep -E '^\[ERROR\]' "$runs_dir/$name.log" | head -40 >&2 || true
  fi
done

python3 .ci/conformance-table.py "$runs_dir" $(for run in "${runs[@]}"; do echo "${run%%|*}"; done)

if [ ${#failed[@]} -gt 0 ]; then
  echo "conformance suite failed against: ${failed[*]} (logs in $runs_dir)" >&2
  exit 1
fi
