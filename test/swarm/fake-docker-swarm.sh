#!/usr/bin/env bash
# Stand-in for the docker CLI in deploy-stack.sh tests: records every call in $FAKE_DOCKER_LOG
# (with the environment `docker stack deploy` sees) and answers like a Swarm manager would.
#   FAKE_FAIL="svc …"   these services end their update in rollback_completed
#   FAKE_NO_LABEL=1     no node carries the data label
#   FAKE_NO_NNP=1       the daemon does not set no-new-privileges
set -u
log="${FAKE_DOCKER_LOG:?}"
printf '%s\n' "$*" >>"$log"
secrets="$log.secrets"
touch "$secrets"

case "$1 ${2:-}" in
  "info --format")
    case "$3" in
      *LocalNodeState*) echo active ;;
      *ControlAvailable*) echo true ;;
      *SecurityOptions*) if [ -n "${FAKE_NO_NNP:-}" ]; then echo '["name=seccomp"]'; else echo '["name=seccomp","name=no-new-privileges"]'; fi ;;
    esac
    exit 0 ;;
  "info "*) exit 0 ;;
  "node ls") [ -n "${FAKE_NO_LABEL:-}" ] || echo node1; exit 0 ;;
  "secret inspect") grep -q "^$3=" "$secrets"; exit $? ;;
  "secret create")
    name="${*: -2:1}"
    printf '%s=%s\n' "$name" "$(cat)" >>"$secrets"
    exit 0 ;;
  "build "* | "push "*) exit 0 ;;
  "stack deploy")
    env | grep -E '^(SLIPWAY_|RELEASE=|DB_PASSWORD=|CACHE_PASSWORD=|JWT_SECRET=)' | sort | sed 's/^/  env /' >>"$log"
    exit 0 ;;
  "service inspect")
    svc="${*: -1}"
    case "$4" in
      *UpdateStatus*) case " ${FAKE_FAIL:-} " in *" ${svc#*_} "*) echo rollback_completed ;; *) echo completed ;; esac ;;
      *PreviousSpec*) echo yes ;;
    esac
    exit 0 ;;
  "service ps") echo "Complete 3 seconds ago"; exit 0 ;;
  "service ls") name="${4#name=}"; echo "$name 1/1"; exit 0 ;;
  "service logs") echo "${*: -1} | Error: cannot connect to database"; exit 0 ;;
  "service rollback") exit 0 ;;
esac
echo "fake docker: unexpected $*" >&2
exit 2
