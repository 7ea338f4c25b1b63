#!/bin/sh
# Runs the executable scripts of /docker-entrypoint.d, in name order, then the command.
set -e
if [ "$1" = nginx ]; then
  for f in /docker-entrypoint.d/*.sh; do
    [ -e "$f" ] || continue
    if [ -x "$f" ]; then echo "$0: running $f"; "$f"; else echo "$0: ignoring $f, not executable"; fi
  done
fi
exec "$@"
