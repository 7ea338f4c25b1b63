#!/bin/sh
# What the official redis image's entry point does: options or a *.conf as first argument mean
# redis-server; started as root with redis-server, it hands /data to the redis user and runs again
# as that user (setpriv here, gosu there); umask 0077 unless one was set.
set -e
if [ "${1#-}" != "$1" ] || [ "${1%.conf}" != "$1" ]; then
  set -- redis-server "$@"
fi
if [ "$1" = redis-server ] && [ "$(id -u)" = 0 ]; then
  find . \! -user redis -exec chown redis '{}' +
  exec setpriv --reuid=redis --regid=redis --init-groups "$0" "$@"
fi
um="$(umask)"
if [ "$um" = 0022 ]; then umask 0077; fi
exec "$@"
