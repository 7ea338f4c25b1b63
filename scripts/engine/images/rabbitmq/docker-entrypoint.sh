#!/bin/bash
# The default user, password and virtual host from the environment, as the official image does,
# then the broker as the rabbitmq user.
set -euo pipefail
if [ "${1:-}" != rabbitmq-server ]; then exec "$@"; fi
if [ "$(id -u)" = 0 ]; then
  {
    echo "default_user = ${RABBITMQ_DEFAULT_USER:-guest}"
    echo "default_pass = ${RABBITMQ_DEFAULT_PASS:-guest}"
    echo "default_vhost = ${RABBITMQ_DEFAULT_VHOST:-/}"
  } >/etc/rabbitmq/conf.d/05-default-user.conf
  chown -R rabbitmq:rabbitmq /var/lib/rabbitmq /etc/rabbitmq/conf.d/05-default-user.conf
  chmod 600 /etc/rabbitmq/conf.d/05-default-user.conf
  exec setpriv --reuid=rabbitmq --regid=rabbitmq --init-groups "$0" "$@"
fi
exec /usr/lib/rabbitmq/bin/rabbitmq-server
