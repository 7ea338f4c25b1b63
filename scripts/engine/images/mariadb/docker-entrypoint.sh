#!/bin/bash
# First start: the system tables, root's password, the database and the application user from
# MARIADB_* (or MYSQL_*), a `healthcheck` user for healthcheck.sh, then the init scripts, against
# a server listening on the Unix socket only; then the real server.
set -euo pipefail
if [ "${1:0:1}" = - ]; then set -- mariadbd "$@"; fi
case "${1:-}" in mariadbd | mysqld) ;; *) exec "$@" ;; esac
if [ "$(id -u)" = 0 ]; then
  chown -R mysql:mysql /var/lib/mysql /run/mysqld
  exec setpriv --reuid=mysql --regid=mysql --init-groups "$0" "$@"
fi

# var NAME: MARIADB_NAME, else MYSQL_NAME, each also read from its *_FILE.
var() {
  local v
  for v in "MARIADB_$1" "MYSQL_$1"; do
    if [ -n "${!v:-}" ]; then printf '%s' "${!v}"; return; fi
    local f="${v}_FILE"
    if [ -n "${!f:-}" ]; then cat "${!f}"; return; fi
  done
}
sql_string() { printf "'%s'" "$(printf '%s' "$1" | sed "s/'/''/g")"; }

if [ ! -d /var/lib/mysql/mysql ]; then
  root_password="$(var ROOT_PASSWORD)" database="$(var DATABASE)" user="$(var USER)" password="$(var PASSWORD)"
  [ -n "$root_password" ] || { echo "mariadb stand-in: MARIADB_ROOT_PASSWORD is not set" >&2; exit 1; }
  mariadb-install-db --datadir=/var/lib/mysql --skip-test-db --auth-root-authentication-method=normal >/dev/null
  mariadbd --skip-networking --socket=/run/mysqld/init.sock &
  pid=$!
  for _ in $(seq 60); do mariadb --socket=/run/mysqld/init.sock -uroot -e 'SELECT 1' >/dev/null 2>&1 && break; sleep 1; done
  client=(mariadb --socket=/run/mysqld/init.sock -uroot)
  hc_password="$(openssl rand -hex 16)"
  {
    echo "ALTER USER 'root'@'localhost' IDENTIFIED BY $(sql_string "$root_password");"
    echo "CREATE USER 'root'@'%' IDENTIFIED BY $(sql_string "$root_password");"
    echo "GRANT ALL ON *.* TO 'root'@'%' WITH GRANT OPTION;"
    echo "CREATE USER 'healthcheck'@'127.0.0.1' IDENTIFIED BY '$hc_password';"
    echo "CREATE USER 'healthcheck'@'localhost' IDENTIFIED BY '$hc_password';"
    if [ -n "$database" ]; then echo "CREATE DATABASE IF NOT EXISTS \`$database\`;"; fi
    if [ -n "$user" ]; then
      echo "CREATE USER '$user'@'%' IDENTIFIED BY $(sql_string "$password");"
      if [ -n "$database" ]; then echo "GRANT ALL ON \`$database\`.* TO '$user'@'%';"; fi
    fi
  } | "${client[@]}"
  printf '[client]\nport=3306\nsocket=/run/mysqld/mysqld.sock\nuser=healthcheck\npassword=%s\n' "$hc_password" >/var/lib/mysql/.my-healthcheck.cnf
  chmod 600 /var/lib/mysql/.my-healthcheck.cnf
  client=(mariadb --socket=/run/mysqld/init.sock -uroot "-p$root_password" ${database:+"$database"})
  for f in /docker-entrypoint-initdb.d/*; do
    case "$f" in
      *.sql) echo "mariadb stand-in: running $f"; "${client[@]}" <"$f" ;;
      *.sql.gz) echo "mariadb stand-in: running $f"; gunzip -c "$f" | "${client[@]}" ;;
      *.sh) echo "mariadb stand-in: running $f"; bash "$f" ;;
    esac
  done
  kill "$pid"
  wait "$pid" || true
  echo "mariadb stand-in: database initialised"
fi
exec "$@"
