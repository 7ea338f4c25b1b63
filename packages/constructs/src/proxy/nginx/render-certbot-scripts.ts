import { CONTAINER_PATHS, NGINX_CONF_ARGS } from '../_paths.js';
import { sitesOf } from '../_sites.js';
import type { ProxyModel, RouteModel } from '../../model/proxy-model.js';
import { shQuoted } from '../../formats/shell.js';

/**
 * `init-ssl.sh`: the first certificates. nginx cannot start while the certificate files its
 * config names do not exist, and certbot's webroot challenge needs nginx running. So, per
 * certificate: a throw-away self-signed certificate, nginx up, the real certificate from
 * Let's Encrypt, reload. Idempotent: certificates certbot already manages are left alone.
 * Beside a Swarm `stack`, it runs before the stack's proxy holds ports 80/443 and removes its
 * Compose containers and networks at the end (the stack's network has the same name), leaving the
 * certificates in the volume the stack mounts.
 */
export function renderInitSsl(routes: readonly RouteModel[], proxy: ProxyModel, stack?: string): string {
  const certbot = proxy.certbotService ?? 'certbot';
  const le = CONTAINER_PATHS.letsencrypt;
  const certs = sitesOf(routes).map((s) => `  ${shQuoted([s.certName, ...s.certHosts.filter((h) => h !== s.certName)].join(' '))}`);
  return `set -euo pipefail
# Issues the first Let's Encrypt certificates for nginx (webroot challenge), then reloads nginx.
# Run once on the server from this folder, after filling .env. Renewals are then automatic
# (the ${certbot} service renews twice a day and nginx reloads when a certificate changed).
#
# Usage: ./init-ssl.sh [--staging|--production] [--force]
#   --staging     use Let's Encrypt's staging CA (untrusted certificates, high rate limits)
#   --production  use the real CA${proxy.acme?.staging ? '' : ' (default)'}
#   --force       request new certificates even where certbot already has them

cd "$(dirname "$0")"${stack === undefined ? '' : swarmPreflight(stack, proxy.service)}
staging=${proxy.acme?.staging ? 1 : 0}
force=0
for arg in "$@"; do
  case "$arg" in
    --staging) staging=1 ;;
    --production) staging=0 ;;
    --force) force=1 ;;
    -h|--help) sed -n '2,11p' "$0"; exit 0 ;;
    *) echo "init-ssl.sh: unknown option $arg (see --help)" >&2; exit 2 ;;
  esac
done

email=${shQuoted(proxy.acme?.email ?? '')}${proxy.acme?.server ? `
# ACME directory of the certificate authority (acme.server in infra.ts); --staging does not apply.
server=${shQuoted(proxy.acme.server)}` : ''}
# One line per certificate: its name, then every host name on it.
certificates=(
${certs.join('\n')}
)

in_certbot() {
  docker compose run --rm --no-deps --entrypoint "$1" ${certbot} "\${@:2}"
}

for line in "\${certificates[@]}"; do
  read -r -a hosts <<<"$line"
  name="\${hosts[0]}"
  if [ "$force" -eq 0 ] && in_certbot sh -c "test -f ${le}/renewal/$name.conf"; then
    echo "init-ssl.sh: $name already managed by certbot, skipped (use --force to replace it)"
    continue
  fi
  echo "init-ssl.sh: temporary self-signed certificate for $name, so nginx can start"
  in_certbot sh -c "mkdir -p ${le}/live/$name && openssl req -x509 -nodes -newkey rsa:2048 -days 1 \\
    -subj /CN=localhost -keyout ${le}/live/$name/privkey.pem -out ${le}/live/$name/fullchain.pem"
done

echo "init-ssl.sh: starting ${proxy.service}"
docker compose up -d ${proxy.service}

for line in "\${certificates[@]}"; do
  read -r -a hosts <<<"$line"
  name="\${hosts[0]}"
  if [ "$force" -eq 0 ] && in_certbot sh -c "test -f ${le}/renewal/$name.conf"; then continue; fi
  domains=()
  for h in "\${hosts[@]}"; do domains+=(-d "$h"); done
  extra=()
${proxy.acme?.server ? '  extra+=(--server "$server")' : '  [ "$staging" -eq 1 ] && extra+=(--staging)'}
  [ "$force" -eq 1 ] && extra+=(--force-renewal)
  # certbot refuses to write over the temporary files: remove them first.
  in_certbot rm -rf "${le}/live/$name" "${le}/archive/$name" "${le}/renewal/$name.conf"
  echo "init-ssl.sh: requesting the certificate for \${hosts[*]}"
  in_certbot certbot certonly --webroot -w ${CONTAINER_PATHS.webroot} --cert-name "$name" "\${domains[@]}" \\
    --email "$email" --agree-tos --no-eff-email --non-interactive --key-type ecdsa "\${extra[@]}"
done

${stack === undefined ? `echo "init-ssl.sh: reloading nginx"
docker compose exec ${proxy.service} nginx ${NGINX_CONF_ARGS.join(' ')} -s reload
docker compose up -d ${certbot}
echo "init-ssl.sh: done"` : `echo "init-ssl.sh: certificates ready; removing the temporary containers (the stack's ${proxy.service} and ${certbot} take over)"
docker compose down
echo "init-ssl.sh: done; now run ./deploy-stack.sh"`}
`;
}

/** Swarm: the stack's proxy must not be running (it holds ports 80 and 443). */
function swarmPreflight(stack: string, proxyService: string): string {
  const service = shQuoted(`${stack}_${proxyService}`);
  return `
# Beside the Swarm stack: its proxy holds ports 80 and 443 while it runs.
replicas="$(docker service inspect -f '{{.Spec.Mode.Replicated.Replicas}}' ${service} 2>/dev/null || true)"
if [ -n "$replicas" ] && [ "$replicas" != 0 ]; then
  echo "init-ssl.sh: the stack's proxy (${stack}_${proxyService}) is running and holds ports 80 and 443." >&2
  echo "  Its certbot service renews existing certificates. For a new host name: docker service scale ${stack}_${proxyService}=0, then ./init-ssl.sh, then ./deploy-stack.sh." >&2
  exit 1
fi`;
}

/**
 * Mounted into `/docker-entrypoint.d/`: a background loop that reloads nginx when certbot's
 * deploy hook touched the flag file, so renewed certificates are served without a restart.
 */
export function renderReloadOnRenew(): string {
  const flag = `${CONTAINER_PATHS.letsencrypt}/slipway-renewed`;
  return `# Reloads nginx within the hour after certbot renewed a certificate (its deploy hook touches
# ${flag}). Runs in the background; nginx itself stays the container's main process.
seen=/tmp/slipway-reloaded
touch "$seen"
(
  while :; do
    sleep 3600
    # POSIX sh has no -nt; find -newer does the same comparison.
    if [ -n "$(find ${flag} -newer "$seen" 2>/dev/null)" ]; then
      touch "$seen"
      nginx ${NGINX_CONF_ARGS.join(' ')} -s reload
    fi
  done
) &
`;
}
