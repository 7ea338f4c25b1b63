# shellcheck shell=bash disable=SC2034  # settings read by the other lib files
# Shared settings and helpers of the engine harness (sourced by engine.sh).
ENGINE_DIR="${SLIPWAY_ENGINE_DIR:-/var/cache/slipway-engine}"
MIRROR="${SLIPWAY_DEBIAN_MIRROR:-http://deb.debian.org/debian}"
SECURITY_MIRROR="${SLIPWAY_DEBIAN_SECURITY_MIRROR:-http://deb.debian.org/debian-security}"
export DOCKER_HOST="unix://$ENGINE_DIR/run/docker.sock"
export DOCKER_CONFIG="$ENGINE_DIR/docker-config"
export DEBIAN_FRONTEND=noninteractive
APT=(apt-get -o DPkg::Lock::Timeout=600 -o Acquire::Retries=3)

log() { printf '[engine %s] %s\n' "$(date +%T)" "$*" >&2; }
die() { printf '[engine] error: %s\n' "$*" >&2; exit 1; }

# retry N SLEEP command…: bounded polling.
retry() {
  local n="$1" s="$2" i
  shift 2
  for ((i = 0; i < n; i++)); do "$@" >/dev/null 2>&1 && return 0; sleep "$s"; done
  return 1
}

# listed FILE: the lines of a list file, without blank lines and # comments.
listed() { grep -v -e '^[[:space:]]*$' -e '^[[:space:]]*#' "$1" || true; }

engine_env() {
  printf 'export DOCKER_HOST=%q DOCKER_CONFIG=%q\n' "$DOCKER_HOST" "$DOCKER_CONFIG"
}
