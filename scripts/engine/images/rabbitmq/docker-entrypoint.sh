#!/bin/bash
# The default user, password and virtual host from the environment, as the official image does,
# then the broker as the rabbitmq user.
set -euo pipefail
if [ "${1:-}" != rabbitmq-server ]; then exec "$@"; fi
if [ "$(id -u)" = 0 ]; then
  # Written new as root, made private, then given away: root holds CHOWN and DAC_OVERRIDE only
  # (cap_drop ALL), and chmod on a file another user owns needs FOWNER.
  conf=/etc/rabbitmq/conf.d/05-default-user.conf
  rm -f "$conf"
  {
    echo "default_user = ${RABBITMQ_DEFAULT_USER:-guest}"
    echo "default_pass = ${RABBITMQ_DEFAULT_PASS:-guest}"
    echo "default_vhost = ${RABBITMQ_DEFAULT_VHOST:-/}"
  } >"$conf"
  chmod 600 "$conf"
  chown -R rabbitmq:rabbitmq /var/lib/rabbitmq "$conf"
  exec setpriv --reuid=rabbitmq --regid=rabbitmq --init-groups "$0" "$@"
fi
exec /usr/lib/rabbitmq/bin/rabbitmq-server
