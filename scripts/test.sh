#!/usr/bin/env bash
# `pnpm test`: the whole suite, unit tests then the real-engine tests. The engine's preparation
# (Debian packages, dockerd, the stand-in images: minutes on a fresh machine) runs beside the unit
# tests, under the engine lock; the engine tests start once both are done.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/ensure-tools.sh
pnpm build
mkdir -p test/.work
log=test/.work/engine-prepare.log
lock="${SLIPWAY_ENGINE_DIR:-/var/cache/slipway-engine}.lock"
# -o: the lock stays with flock, not with the dockerd that `up` leaves running (an inherited lock
# would make the engine tests wait for it forever).
flock -o -x -w 5400 "$lock" bash scripts/engine/engine.sh up >"$log" 2>&1 &
prep=$!
# Interrupted or failed before the engine tests: nothing of the engine stays running.
stop_engine() {
  kill "$prep" 2>/dev/null || true
  wait "$prep" 2>/dev/null || true
  flock -o -x -w 600 "$lock" bash scripts/engine/engine.sh stop >>"$log" 2>&1 || true
}
trap stop_engine EXIT
echo "test: preparing the engine in the background (log: $log)"
unit=0
pnpm test:unit || unit=$?
if ! wait "$prep"; then
  echo "test: preparing the engine failed; the end of $log:" >&2
  tail -n 60 "$log" >&2
  exit 1
fi
[ "$unit" -eq 0 ] || exit "$unit"
trap - EXIT
# The engine tests take the lock again, find the engine up, and stop it at the end.
pnpm test:engine
