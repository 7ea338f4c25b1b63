#!/usr/bin/env bash
# Stand-in for the docker CLI in deploy.sh tests: records every call in $FAKE_DOCKER_LOG and
# answers like a Docker engine would, without one.
#   FAKE_UNHEALTHY="svc …"  containers of these services report "unhealthy" until a rollback
#                           (a `compose … -f .releases/… up`) happened.
#   FAKE_NO_COMPOSE=1       `docker compose version` fails (plugin missing).
#   FAKE_EXITED="svc=code …" containers of these services have exited with that status.
#   FAKE_RUN_FAILS="svc …"  `compose run` of these services (their release command) fails.
set -u
printf '%s\n' "$*" >>"${FAKE_DOCKER_LOG:?}"
state="${FAKE_DOCKER_LOG}.rolled-back"

if [ "${1:-}" = compose ]; then
  shift
  [ "${1:-}" = version ] && { [ -z "${FAKE_NO_COMPOSE:-}" ] || exit 1; echo "Docker Compose version v2.29.0"; exit 0; }
  rollback=no
  while [ $# -gt 0 ]; do
    case "$1" in
      -f) case "$2" in .releases/*) rollback=yes ;; esac; shift 2 ;;
      --project-directory) shift 2 ;;
      *) break ;;
    esac
  done
  cmd="${1:-}"
  shift || true
  case "$cmd" in
    up) [ "$rollback" = yes ] && touch "$state"; exit 0 ;;
    # --status running: what deploy.sh asks to find a running proxy (none: a first start).
    ps) svc="${*: -1}"; case " $* " in *" --status "*) exit 0 ;; esac; echo "cid-$svc"; exit 0 ;;
    logs) echo "${*: -1} | Error: cannot connect to database"; exit 0 ;;
    pull | build) exit 0 ;;
    # A one-off (a release command): fails for the services in FAKE_RUN_FAILS.
    run) for a in "$@"; do case " ${FAKE_RUN_FAILS:-} " in *" $a "*) echo "$a | migration failed" >&2; exit 1 ;; esac; done; exit 0 ;;
    *) echo "fake docker: unexpected compose $cmd" >&2; exit 2 ;;
  esac
fi

case "${1:-}" in
  info | tag) exit 0 ;;
  ps) exit 0 ;;
  image) exit 0 ;;
  inspect)
    cid="${*: -1}"
    svc="${cid#cid-}"
    for pair in ${FAKE_EXITED:-}; do
      if [ "${pair%%=*}" = "$svc" ]; then
        case "${3:-}" in *ExitCode*) echo "${pair#*=}" ;; *) echo exited ;; esac
        exit 0
      fi
    done
    case " ${FAKE_UNHEALTHY:-} " in
      *" $svc "*) [ -e "$state" ] && echo healthy || echo unhealthy ;;
      *) echo healthy ;;
    esac
    exit 0 ;;
esac
echo "fake docker: unexpected $*" >&2
exit 2
