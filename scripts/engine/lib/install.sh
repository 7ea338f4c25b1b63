# shellcheck shell=bash
# Debian packages and the Compose v2 / buildx CLI plugins.

HOST_PACKAGES=(docker.io mmdebstrap pebble certbot iptables iproute2 curl openssl ca-certificates)

engine_install() {
  local missing=() p
  for p in "${HOST_PACKAGES[@]}"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
  done
  if [ ${#missing[@]} -gt 0 ]; then
    log "installing ${missing[*]}"
    # Package scripts must not start a system dockerd beside ours.
    local policy=/usr/sbin/policy-rc.d created=0
    if [ ! -e "$policy" ]; then printf '#!/bin/sh\nexit 101\n' >"$policy" && chmod +x "$policy" && created=1; fi
    "${APT[@]}" update -qq
    "${APT[@]}" install -y -qq --no-install-recommends --no-upgrade "${missing[@]}" >/dev/null
    [ "$created" -eq 0 ] || rm -f "$policy"
  fi
  install_plugins
}

# Compose v2 and buildx come from Debian trixie's packages: they link only libc, so they run on
# bookworm as CLI plugins. Fetched through a private apt configuration: the system's sources
# stay untouched.
install_plugins() {
  local dir="$ENGINE_DIR/plugins" plugins="$DOCKER_CONFIG/cli-plugins"
  if [ -x "$plugins/docker-compose" ] && [ -x "$plugins/docker-buildx" ]; then return 0; fi
  mkdir -p "$dir/lists/partial" "$dir/cache/archives/partial" "$dir/debs" "$plugins"
  if ! ls "$dir"/debs/docker-compose_*.deb "$dir"/debs/docker-buildx_*.deb >/dev/null 2>&1; then
    log "fetching docker-compose and docker-buildx from trixie"
    echo "deb $MIRROR trixie main" >"$dir/sources.list"
    local opts=(-o Dir::Etc::SourceList="$dir/sources.list" -o Dir::Etc::SourceParts=/dev/null
      -o Dir::State::Lists="$dir/lists" -o Dir::Cache="$dir/cache")
    "${APT[@]}" "${opts[@]}" update -qq
    (cd "$dir/debs" && "${APT[@]}" "${opts[@]}" download docker-compose docker-buildx >/dev/null) ||
      die "apt-get download docker-compose docker-buildx (trixie) failed"
  fi
  rm -rf "$dir/x" && mkdir -p "$dir/x"
  local deb
  for deb in "$dir"/debs/*.deb; do dpkg -x "$deb" "$dir/x"; done
  install -m 755 "$dir/x/usr/libexec/docker/cli-plugins/docker-compose" \
    "$dir/x/usr/libexec/docker/cli-plugins/docker-buildx" "$plugins/"
  log "plugins: $(docker compose version), $(docker buildx version | cut -d' ' -f1-2)"
}
