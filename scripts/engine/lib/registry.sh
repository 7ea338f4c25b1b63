# shellcheck shell=bash
# A local image registry (Debian's docker-registry, in a stand-in image) that the private dockerd
# reaches under the public registry names, so `docker compose pull` and `build --pull` behave as on
# a server. TLS from a throwaway CA of the harness's own.

PKI="$ENGINE_DIR/pki"
REGISTRY_NET=slipway-registry
REGISTRY_SUBNET=10.254.200.0/24
REGISTRY_IP=10.254.200.2
REGISTRY_NAMES=(registry.slipway.test ghcr.io registry-1.docker.io index.docker.io docker.io gcr.io quay.io)

ensure_ca() {
  mkdir -p "$PKI"
  if [ ! -s "$PKI/ca.crt" ]; then
    openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes -days 3650 \
      -subj "/CN=Slipway engine test CA" -keyout "$PKI/ca.key" -out "$PKI/ca.crt" 2>/dev/null
  fi
  [ -s "$PKI/registry/server.crt" ] || issue_cert "$PKI/registry" "${REGISTRY_NAMES[@]}"
}

# issue_cert DIR NAME…: a server certificate from the test CA (DIR/server.key, server.crt, fullchain.pem).
issue_cert() {
  local dir="$1" san="" n
  shift
  for n in "$@"; do san="${san}DNS:$n,"; done
  mkdir -p "$dir"
  openssl req -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes -subj "/CN=$1" \
    -keyout "$dir/server.key" -out "$dir/server.csr" 2>/dev/null
  printf 'subjectAltName=%s\nextendedKeyUsage=serverAuth\nbasicConstraints=CA:FALSE\n' "${san%,}" >"$dir/ext.cnf"
  openssl x509 -req -in "$dir/server.csr" -CA "$PKI/ca.crt" -CAkey "$PKI/ca.key" -CAcreateserial -days 825 \
    -extfile "$dir/ext.cnf" -out "$dir/server.crt" 2>/dev/null
  cat "$dir/server.crt" "$PKI/ca.crt" >"$dir/fullchain.pem"
}

registry_up() {
  docker network inspect "$REGISTRY_NET" >/dev/null 2>&1 ||
    docker network create --subnet "$REGISTRY_SUBNET" "$REGISTRY_NET" >/dev/null
  if docker container inspect slipway-registry >/dev/null 2>&1; then
    docker start slipway-registry >/dev/null
  else
    mkdir -p "$ENGINE_DIR/registry"
    docker run -d --name slipway-registry --restart always --network "$REGISTRY_NET" --ip "$REGISTRY_IP" \
      -v "$PKI/registry:/certs:ro" -v "$ENGINE_DIR/registry:/var/lib/docker-registry" \
      slipway-standin/registry >/dev/null
  fi
  retry 60 0.5 curl -fsS -m 2 --cacert "$PKI/ca.crt" --resolve "ghcr.io:443:$REGISTRY_IP" https://ghcr.io/v2/ ||
    die "the local registry does not answer on $REGISTRY_IP:443"
}

# Pushes every stand-in tag that names a registry image (every name in images/*/tags).
push_standins() {
  local file tag
  for file in "$HERE"/images/*/tags; do
    while read -r tag; do
      docker push -q "$tag" >/dev/null || die "push of $tag to the local registry failed"
    done < <(listed "$file")
  done
}
