#!/usr/bin/env bash
# The real-engine harness: a private Docker engine for the test suite, on one Debian machine,
# without any image registry on the network. Every step is idempotent and safe after a crash.
#
#   engine.sh install   Debian packages (docker.io, mmdebstrap, pebble, certbot…), Compose v2 + buildx plugins
#   engine.sh start     private dockerd (own data/exec roots, socket, pid file, mount namespace)
#   engine.sh images    stand-in images from a cached Debian rootfs, pushed to a local registry
#   engine.sh up        install + start + images (what the engine tests need)
#   engine.sh env       prints the exports that point the docker CLI at the private engine
#   engine.sh stop      stops dockerd by its pid, then removes its bridges and iptables chains
#   engine.sh purge     stop, then delete the engine's data (keeps the rootfs and package caches)
#
# SLIPWAY_ENGINE_DIR (default /var/cache/slipway-engine) holds everything; nothing else is changed
# on the machine but the installed Debian packages.
set -euo pipefail
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
# shellcheck source=scripts/engine/lib/common.sh
. "$HERE/lib/common.sh"
for f in install daemon registry images; do
  # shellcheck disable=SC1090
  . "$HERE/lib/$f.sh"
done

case "${1:-up}" in
  install) engine_install ;;
  start) engine_start ;;
  images) engine_images ;;
  up) engine_install && engine_start && engine_images ;;
  env) engine_env ;;
  stop) engine_stop ;;
  purge) engine_purge ;;
  *) die "usage: engine.sh install|start|images|up|env|stop|purge" ;;
esac
