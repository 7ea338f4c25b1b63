#!/bin/sh
# Writes /tmp/haproxy.cfg from the variables, then runs the command. A request passes only when
# its method is GET or HEAD (or POST=1 allows the others) and its path, with or without an API
# version prefix, starts with a section whose variable is 1; anything else gets 403.
set -eu
cfg=/tmp/haproxy.cfg
{
  printf 'global\n  log stdout format raw daemon info\n  pidfile /run/haproxy.pid\n\n'
  printf 'defaults\n  mode http\n  log global\n  option httplog\n'
  printf '  timeout connect 10s\n  timeout client 10m\n  timeout server 10m\n  timeout http-request 10s\n\n'
  printf 'backend docker_api\n  server docker %s\n\n' "$SOCKET_PATH"
  printf 'frontend api\n  bind :2375\n'
  printf '  http-request deny unless { method GET HEAD } || { env(POST) -m bool }\n'
  for section in containers networks services tasks nodes swarm configs secrets images volumes exec build commit auth \
    distribution plugins session system info grpc events _ping version; do
    variable=$(printf '%s' "$section" | tr -d _ | tr '[:lower:]' '[:upper:]')
    # single-quoted for HAProxy, which would expand a bare $ as a variable
    printf "  http-request allow if { path,url_dec -m reg -i '^(/v[0-9.]+)?/%s(/|\$)' } { env(%s) -m bool }\n" "$section" "$variable"
  done
  printf '  http-request deny\n  default_backend docker_api\n'
} >"$cfg"
exec "$@"
