#!/usr/bin/env bash
# `pnpm test`: the whole suite. The engine's preparation (Debian packages, dockerd, the stand-in
# images: minutes on a fresh machine) starts first, under the engine lock; the unit tests run
# beside it and beside the real-engine tests that follow it (they share no port: the unit tests
# that run deploy.sh do it in a network namespace of their own). The unit log is printed at the end.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/ensure-tools.sh
pnpm build
mkdir -p test/.work
prep_log=test/.work/engine-prepare.log
unit_log=test/.work/unit.log
lock="${SLIPWAY_ENGINE_DIR:-/var/cache/slipway-engine}.lock"
# -o: the lock stays with flock, not with the dockerd that `up` leaves running (an inherited lock
# would make the engine tests wait for it forever).
flock -o -x -w 5400 "$lock" bash scripts/engine/engine.sh up >"$prep_log" 2>&1 &
prep=$!
pnpm test:unit >"$unit_log" 2>&1 &
unit=$!
# Interrupted or failed before the engine tests took over: nothing of the engine stays running.
cleanup() {
  kill "$prep" "$unit" 2>/dev/null || true
  wait "$prep" "$unit" 2>/dev/null || true
  flock -o -x -w 600 "$lock" bash scripts/engine/engine.sh stop >>"$prep_log" 2>&1 || true
}
trap cleanup EXIT
echo "test: preparing the engine (log: $prep_log) and running the unit tests (log: $unit_log)"
if ! wait "$prep"; then
  echo "test: preparing the engine failed; the end of $prep_log:" >&2
  tail -n 60 "$prep_log" >&2
  exit 1
fi
trap 'kill "$unit" 2>/dev/null || true' EXIT
# The engine tests take the lock again, find the engine up, and stop it at the end.
engine=0
pnpm test:engine || engine=$?
unit_status=0
wait "$unit" || unit_status=$?
trap - EXIT
echo
echo "test: unit tests ($unit_log):"
cat "$unit_log"
[ "$unit_status" -eq 0 ] || { echo "test: the unit tests failed (exit $unit_status)" >&2; exit "$unit_status"; }
[ "$engine" -eq 0 ] || { echo "test: the real-engine tests failed (exit $engine)" >&2; exit "$engine"; }
echo "test: unit and real-engine tests passed"
