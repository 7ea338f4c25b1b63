# shellcheck shell=bash
# Stand-in images: one Debian bookworm rootfs (cached as a tar, keyed by its package list), imported
# as slipway-standin/base, then one small image per folder of images/, tagged with the names the
# generated files use. An image is rebuilt only when its folder (or the base) changes.

ROOTFS_PACKAGES=(
  postgresql redis-server redis-tools nginx caddy certbot apache2-utils docker-registry prometheus prometheus-node-exporter
  python3 python3-psycopg2 python3-redis tini curl wget ca-certificates openssl procps
  netcat-openbsd iproute2 gzip tar
  mariadb-server mariadb-client rabbitmq-server haproxy cron
  python3-venv python3-pip python3-wheel python3-flask gunicorn python3-django python3-celery
  python3-flask-sqlalchemy python3-flask-migrate
)

rootfs_key() { printf '%s\n' bookworm "${ROOTFS_PACKAGES[@]}" | sha256sum | cut -c1-16; }

# The rootfs tar, built by mmdebstrap from the Debian mirror (80-120 s) unless cached.
build_rootfs() {
  local out t0=$SECONDS
  out="$ENGINE_DIR/rootfs/base-$(rootfs_key).tar"
  if [ -s "$out" ]; then echo "$out"; return 0; fi
  mkdir -p "$ENGINE_DIR/rootfs"
  rm -f "$ENGINE_DIR"/rootfs/*.tmp.tar
  log "mmdebstrap bookworm minbase (${#ROOTFS_PACKAGES[@]} packages)"
  local include
  include="$(IFS=,; echo "${ROOTFS_PACKAGES[*]}")"
  # The clusters Debian's postinst creates are dropped: the Postgres stand-in runs initdb itself.
  # shellcheck disable=SC2016 # "$1" is the hook's argument, expanded by mmdebstrap's shell
  mmdebstrap --variant=minbase --mode=root --quiet --aptopt='Acquire::Retries "3"' \
    --dpkgopt='path-exclude=/usr/share/man/*' --dpkgopt='path-exclude=/usr/share/doc/*' \
    --dpkgopt='path-include=/usr/share/doc/*/copyright' --dpkgopt='path-exclude=/usr/share/locale/*' \
    --dpkgopt='path-exclude=/usr/share/info/*' \
    --customize-hook='rm -rf "$1"/var/cache/apt/*.bin "$1"/var/lib/apt/lists/* "$1"/var/lib/postgresql/15 "$1"/etc/postgresql/15' \
    --include="$include" bookworm "${out%.tar}.tmp.tar" \
    "deb $MIRROR bookworm main" "deb $MIRROR bookworm-updates main" "deb $SECURITY_MIRROR bookworm-security main" ||
    die "mmdebstrap failed"
  mv "${out%.tar}.tmp.tar" "$out"
  # Older rootfs tars (another package list) are not needed any more.
  find "$ENGINE_DIR/rootfs" -name 'base-*.tar' ! -path "$out" -delete
  log "rootfs built in $((SECONDS - t0)) s, $(du -m "$out" | cut -f1) MiB"
  echo "$out"
}

# hash of a folder's content (names, modes and bytes), plus the base it builds on.
content_hash() {
  (cd "$1" && find . -type f -print0 | sort -z | xargs -0 sha256sum && find . -type f -printf '%m %p\n' | sort && echo "$2") |
    sha256sum | cut -c1-16
}

image_hash() { docker image inspect -f '{{index .Config.Labels "slipway.standin.hash"}}' "$1" 2>/dev/null || true; }

import_base() {
  local tar key
  tar="$(build_rootfs)"
  key="$(rootfs_key)"
  if [ "$(image_hash slipway-standin/rootfs)" = "$key" ]; then return 0; fi
  log "importing the rootfs as slipway-standin/rootfs"
  docker import -c 'ENV LANG=C.UTF-8' -c 'CMD ["/bin/bash"]' -c "LABEL slipway.standin.hash=$key" \
    "$tar" slipway-standin/rootfs >/dev/null
}

# The build context of images/NAME: the folder, plus the host files its host-files lists.
standin_context() {
  local dir="$HERE/images/$1" ctx="$ENGINE_DIR/build/$1" src dest
  rm -rf "$ctx" && mkdir -p "$ctx" && cp -a "$dir/." "$ctx/"
  if [ -f "$dir/host-files" ]; then
    while read -r src dest; do
      src="${src//\$ENGINE_DIR/$ENGINE_DIR}"
      mkdir -p "$ctx/$(dirname "$dest")"
      if [ -e "$src" ]; then cp -aL "$src" "$ctx/$dest"; else mkdir -p "$ctx/$dest"; fi
    done < <(listed "$dir/host-files")
  fi
  echo "$ctx"
}

BUILT_STANDINS=" "
# build_standin NAME: builds images/NAME (after the stand-in it starts FROM) when its content
# changed; tags it with every name in NAME/tags.
build_standin() {
  local name="$1" dir="$HERE/images/$1" parent ctx hash tag
  case "$BUILT_STANDINS" in *" $name "*) return 0 ;; esac
  parent="$(sed -n 's|^FROM slipway-standin/\([a-z0-9-]*\).*|\1|p' "$dir/Dockerfile" | head -1)"
  [ "$parent" = rootfs ] || [ -z "$parent" ] || build_standin "$parent"
  ctx="$(standin_context "$name")"
  hash="$(content_hash "$ctx" "$(image_hash "slipway-standin/${parent:-rootfs}")")"
  if [ "$(image_hash "slipway-standin/$name")" != "$hash" ]; then
    log "building stand-in $name"
    # The legacy builder takes the local base image as it is (BuildKit would look for it in a registry).
    if ! DOCKER_BUILDKIT=0 docker build --label "slipway.standin.hash=$hash" -t "slipway-standin/$name" "$ctx" \
      >"$ENGINE_DIR/build/$name.log" 2>&1; then
      tail -20 "$ENGINE_DIR/build/$name.log" >&2
      die "build of stand-in $name failed: DOCKER_BUILDKIT=0 docker build $ctx"
    fi
  fi
  if [ -f "$dir/tags" ]; then
    while read -r tag; do docker tag "slipway-standin/$name" "$tag"; done < <(listed "$dir/tags")
  fi
  BUILT_STANDINS="$BUILT_STANDINS$name "
}

engine_images() {
  local t0=$SECONDS d
  ensure_ca
  import_base
  for d in "$HERE"/images/*/; do build_standin "$(basename "$d")"; done
  registry_up
  push_standins
  log "stand-in images ready in $((SECONDS - t0)) s"
}
