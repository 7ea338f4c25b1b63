# shellcheck shell=bash
# The private dockerd: its own data root, exec root, socket and pid file under $ENGINE_DIR, in a
# mount namespace of its own where /etc/hosts sends the registry names the stacks use to the local
# registry container, and the CA bundle also trusts the harness's test CA.

RUN_DIR="$ENGINE_DIR/run"
PID_FILE="$RUN_DIR/dockerd.pid"
# Addresses of the engine's networks: far from the host's own and from Docker's defaults.
BRIDGE_IP=10.252.0.1/24
ADDRESS_POOL=base=10.253.0.0/16,size=24

dockerd_running() { [ -f "$PID_FILE" ] && kill -0 "$(cat "$PID_FILE")" 2>/dev/null; }

prepare_namespace_files() {
  mkdir -p "$RUN_DIR/ns"
  ensure_ca
  {
    cat /etc/hosts
    echo "# slipway engine: registry names -> the local registry (this dockerd's mount namespace only)"
    echo "$REGISTRY_IP ${REGISTRY_NAMES[*]}"
  } >"$RUN_DIR/ns/hosts"
  cat /etc/ssl/certs/ca-certificates.crt "$PKI/ca.crt" >"$RUN_DIR/ns/ca-certificates.crt"
}

# Containers, swarm, networks and volumes of an earlier run that died before its teardown are not
# this run's business (a left-over proxy would hold ports 80/443). Only the registry stays.
clear_leftovers() {
  leave_swarm
  docker ps -a --format '{{.ID}} {{.Names}}' | awk '$2 != "slipway-registry" {print $1}' | xargs -r docker rm -f >/dev/null
  docker network prune -f >/dev/null
  docker volume prune -f >/dev/null
  if docker container inspect slipway-registry >/dev/null 2>&1; then registry_up; fi
}

engine_start() {
  if dockerd_running; then
    log "dockerd already running (pid $(cat "$PID_FILE")): clearing what an earlier run left"
    clear_leftovers
    return 0
  fi
  [ -x "$DOCKER_CONFIG/cli-plugins/docker-compose" ] || install_plugins
  # After a crash: a stale pid file, socket or leftover bridges/chains of the previous daemon.
  rm -f "$PID_FILE" "$RUN_DIR/docker.sock"
  remove_network_state
  mkdir -p "$ENGINE_DIR/data" "$RUN_DIR/exec"
  prepare_namespace_files
  local t0=$SECONDS
  # shellcheck disable=SC2016
  setsid unshare --mount --propagation private sh -c '
    mount --bind "$1/ns/hosts" /etc/hosts &&
    mount --bind "$1/ns/ca-certificates.crt" /etc/ssl/certs/ca-certificates.crt &&
    shift && exec dockerd "$@"' sh "$RUN_DIR" \
    --data-root "$ENGINE_DIR/data" --exec-root "$RUN_DIR/exec" -H "$DOCKER_HOST" --pidfile "$PID_FILE" \
    --storage-driver overlay2 --bip "$BRIDGE_IP" --default-address-pool "$ADDRESS_POOL" \
    --log-driver json-file --log-opt max-size=10m \
    >"$RUN_DIR/dockerd.log" 2>&1 </dev/null &
  if ! retry 120 0.5 docker info; then
    tail -20 "$RUN_DIR/dockerd.log" >&2
    die "dockerd did not answer within 60 s (log: $RUN_DIR/dockerd.log)"
  fi
  log "dockerd $(docker version -f '{{.Server.Version}}') up in $((SECONDS - t0)) s (pid $(cat "$PID_FILE"))"
  clear_leftovers
}

leave_swarm() {
  if [ "$(docker info -f '{{.Swarm.LocalNodeState}}' 2>/dev/null)" = active ]; then docker swarm leave --force >/dev/null 2>&1 || true; fi
}

engine_stop() {
  if dockerd_running; then
    leave_swarm
    local pid
    pid="$(cat "$PID_FILE")"
    kill -TERM "$pid"
    for _ in $(seq 1 60); do kill -0 "$pid" 2>/dev/null || break; sleep 1; done
    if kill -0 "$pid" 2>/dev/null; then log "dockerd (pid $pid) ignored TERM for 60 s: killing it"; kill -KILL "$pid"; sleep 1; fi
    log "dockerd (pid $pid) stopped"
  fi
  rm -f "$PID_FILE"
  remove_network_state
}

# Bridges and iptables chains dockerd leaves behind when it stops (or crashed).
remove_network_state() (
  set +e +o pipefail
  local link table rule chain
  for link in $(ip -o link show type bridge 2>/dev/null | awk -F': ' '{print $2}' | cut -d@ -f1 |
    grep -E '^(docker0|docker_gwbridge|br-[0-9a-f]{12})$' || true); do
    ip link del "$link" 2>/dev/null || true
  done
  command -v iptables-save >/dev/null || return 0
  for table in filter nat; do
    iptables-save -t "$table" | grep -E '^-A ' | grep -E 'DOCKER|docker0|docker_gwbridge|br-[0-9a-f]{12}' |
      sed 's/^-A/-D/' | while read -r rule; do eval iptables -t "$table" "$rule" 2>/dev/null || true; done
    for chain in $(iptables-save -t "$table" | sed -n 's/^:\(DOCKER[^ ]*\) .*/\1/p'); do
      iptables -t "$table" -F "$chain" 2>/dev/null || true
      iptables -t "$table" -X "$chain" 2>/dev/null || true
    done
  done
  return 0
)

engine_purge() {
  engine_stop
  rm -rf "$ENGINE_DIR/data" "$RUN_DIR" "$ENGINE_DIR/registry"
  log "purged the engine's data (kept: rootfs, plugins, test CA)"
}
