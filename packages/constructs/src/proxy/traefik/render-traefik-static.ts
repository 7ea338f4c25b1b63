import { CONTAINER_PATHS, PROXY_FILES } from '../_paths.js';
import { LETS_ENCRYPT_STAGING } from '../caddy/render-caddyfile.js';
import type { ProxyModel } from '../../model/proxy-model.js';
import { DOCKER_API_ENDPOINT } from './docker-socket-proxy.js';

/** Name of the Let's Encrypt resolver routers refer to. */
export const CERT_RESOLVER = 'letsencrypt';
/** Entrypoint of `traefik healthcheck --ping`, not published. */
export const PING_ENTRYPOINT = 'ping';

/**
 * Traefik v3 static configuration: entrypoints (`web` redirects to `websecure` with 308), the
 * Let's Encrypt resolver (HTTP-01, storage on a volume), the file provider (and the Docker
 * provider in labels mode, or the Swarm provider for a stack, `exposedBy
 * @default false`, both through the read-only socket proxy), access log, ping, dashboard when asked
 */
export function renderTraefikStatic(proxy: ProxyModel, options: { readonly swarm?: boolean } = {}): Record<string, unknown> {
  const web: Record<string, unknown> = { address: ':80' };
  if (proxy.tls) web.http = { redirections: { entryPoint: { to: 'websecure', scheme: 'https', permanent: true } } };
  const entryPoints: Record<string, unknown> = { web };
  if (proxy.tls) entryPoints.websecure = { address: ':443', http: { tls: { certResolver: CERT_RESOLVER } } };
  entryPoints[PING_ENTRYPOINT] = { address: '127.0.0.1:8082' };

  const dynamicName = PROXY_FILES.traefikDynamic(proxy.traefikFormat).split('/').pop()!;
  const providers: Record<string, unknown> = { file: { filename: `${CONTAINER_PATHS.traefikDynamicDir}/${dynamicName}`, watch: true } };
  if (options.swarm) {
    // On Swarm, routes are service labels (deploy.labels) read from a manager's API.
    providers.swarm = { endpoint: DOCKER_API_ENDPOINT, exposedByDefault: false, network: proxy.dockerNetwork, watch: true };
  } else if (proxy.traefikLabels) {
    providers.docker = { endpoint: DOCKER_API_ENDPOINT, exposedByDefault: false, network: proxy.dockerNetwork, watch: true };
  }
  const out: Record<string, unknown> = {
    global: { checkNewVersion: false, sendAnonymousUsage: false },
    log: { level: 'INFO' },
    accessLog: {},
    entryPoints,
    ping: { entryPoint: PING_ENTRYPOINT },
    providers,
    // The dashboard, when on, is only reachable through its own router (never `insecure`).
    api: { dashboard: proxy.dashboard !== undefined, insecure: false },
  };
  if (proxy.tls && proxy.acme) {
    out.certificatesResolvers = {
      [CERT_RESOLVER]: {
        acme: {
          email: proxy.acme.email,
          storage: CONTAINER_PATHS.traefikAcme,
          ...(proxy.acme.server || proxy.acme.staging ? { caServer: proxy.acme.server ?? LETS_ENCRYPT_STAGING } : {}),
          httpChallenge: { entryPoint: 'web' },
        },
      },
    };
  }
  return out;
}
