#!/bin/bash
# The official image's health check, for the two tests Slipway uses: --connect (a TCP connection
# as the `healthcheck` user, which the temporary first-start server cannot accept) and
# --innodb_initialized (InnoDB is ready).
set -eu
cnf=/var/lib/mysql/.my-healthcheck.cnf
for test in "$@"; do
  case "$test" in
    --connect) mariadb --defaults-extra-file="$cnf" --protocol=tcp -h 127.0.0.1 -e 'SELECT 1' >/dev/null ;;
    --innodb_initialized)
      [ "$(mariadb --defaults-extra-file="$cnf" -N -e "SELECT 1 FROM information_schema.ENGINES WHERE ENGINE = 'InnoDB' AND SUPPORT IN ('YES', 'DEFAULT')")" = 1 ] ;;
    *) echo "healthcheck.sh stand-in: unsupported test $test" >&2; exit 1 ;;
  esac
done
