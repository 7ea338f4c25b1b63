import { Annotations, Validation, type App as CoreApp } from '@slipway/core';
import type { Construct } from 'constructs';
import { HealthCheck } from '../health-check.js';
import { Secret } from '../secret.js';
import { Service, type PortMapping, type ServiceProps } from '../service.js';
import { Volume } from '../volume.js';
import { CONTAINER_PATHS, PROXY_FILES } from './_paths.js';
import { checkProxy } from './_proxy-checks.js';
import type { ProxyKind } from './proxy-model.js';
import { AUTH_IMAGE, CERTBOT_IMAGE, PROXY_IMAGES, type ProxySettings } from './proxy-options.js';
import { dockerApiNetwork, dockerSocketProxy } from './traefik/docker-socket-proxy.js';

const PROXY_SYMBOL = Symbol.for('@slipway/constructs.ReverseProxy');
const CACHE = new WeakMap<CoreApp, ReverseProxy>();
/** Id (and Compose name) of the proxy service: reserved once the App has a Domain. */
export const PROXY_ID = 'proxy';
export const RESERVED_PROXY_ID = {
  message: 'the id "proxy" is reserved for the reverse proxy that Domains create.',
  fix: `give this construct another id (e.g. 'edge' or 'gateway'); to change the proxy, use the App's proxy and proxyOptions.`,
};

/**
 * The App's reverse proxy (`proxy` in Compose), created by the first {@link Domain}. It is the
 * only service publishing 80/443; with nginx in production it brings a `certbot` service, and
 * with basic auth a one-shot `proxy-auth` service that hashes passwords from `.env` at start.
 */
export class ReverseProxy extends Service {
  static isReverseProxy(x: unknown): x is ReverseProxy {
    return typeof x === 'object' && x !== null && PROXY_SYMBOL in x;
  }

  /** The proxy of an App, created on first use from the App's proxy settings. */
  static of(app: CoreApp): ReverseProxy {
    let proxy = CACHE.get(app);
    if (!proxy) {
      const settings = (app as Partial<{ proxySettings: ProxySettings }>).proxySettings ?? { kind: 'nginx', mode: 'production', options: {} };
      const taken = app.node.tryFindChild(PROXY_ID);
      if (taken) Annotations.of(taken).addError(RESERVED_PROXY_ID.message, RESERVED_PROXY_ID.fix);
      // Under another id when the user took `proxy`, so the synth reports instead of crashing.
      proxy = new ReverseProxy(app, taken ? `${PROXY_ID}~slipway` : PROXY_ID, settings);
      CACHE.set(app, proxy);
    }
    return proxy;
  }

  readonly kind: ProxyKind;
  readonly settings: ProxySettings;
  /** certbot (nginx in production). */
  readonly certbot?: Service;
  /** The read-only Docker API proxy Traefik's Docker or Swarm provider reads (Traefik in labels mode or on Swarm). */
  dockerSocketProxy?: Service;
  /** Password of the Traefik dashboard, when enabled. */
  dashboardPassword?: Secret;
  /** Hashes basic-auth passwords at start; created when a route needs it. */
  authService?: Service;
  private readonly authSecrets: Secret[] = [];

  private constructor(scope: Construct, id: string, settings: ProxySettings) {
    const tls = settings.mode === 'production';
    const kind = settings.kind;
    const swarm = (scope as Partial<{ target: string }>).target === 'swarm';
    const dockerApi = kind === 'traefik' && (settings.options.traefikLabels || swarm) ? dockerApiNetwork(scope, `${id}-docker-api`) : undefined;
    super(scope, id, { ...proxyServiceProps(kind, tls, settings), ...(dockerApi ? { networks: [dockerApi] } : {}) });
    Object.defineProperty(this, PROXY_SYMBOL, { value: true });
    this.kind = kind;
    this.settings = settings;
    const o = settings.options;
    Validation.add(this, () => checkProxy(this));

    if (kind === 'nginx') {
      this.addMount({ outputFile: PROXY_FILES.nginxConf, target: '/etc/nginx/nginx.conf' });
      if (tls) {
        const certs = new Volume(this, 'letsencrypt', { name: 'letsencrypt' });
        const webroot = new Volume(this, 'certbot-webroot', { name: 'certbot-webroot' });
        this.addMount({ volume: certs, target: CONTAINER_PATHS.letsencrypt, readOnly: true });
        this.addMount({ volume: webroot, target: CONTAINER_PATHS.webroot, readOnly: true });
        this.addMount({ outputFile: PROXY_FILES.nginxReload, target: '/docker-entrypoint.d/90-slipway-reload-on-renew.sh' });
        this.certbot = new Service(this, 'certbot', {
          name: 'certbot',
          role: 'tool',
          image: o.certbotImage ?? CERTBOT_IMAGE,
          // Renew twice a day; the deploy hook flags nginx (reload-on-renew.sh) to reload.
          entrypoint: [
            '/bin/sh',
            '-c',
            `trap exit TERM; while :; do certbot renew --quiet --webroot -w ${CONTAINER_PATHS.webroot} ` +
              `--deploy-hook "touch ${CONTAINER_PATHS.letsencrypt}/slipway-renewed"; sleep 12h & wait $!; done`,
          ],
          volumes: [
            { volume: certs, target: CONTAINER_PATHS.letsencrypt },
            { volume: webroot, target: CONTAINER_PATHS.webroot },
          ],
          healthCheck: HealthCheck.none('a renewal loop; init-ssl.sh reports issuance problems'),
        });
      }
    } else if (kind === 'traefik') {
      this.addMount({ outputFile: PROXY_FILES.traefikStatic, target: '/etc/traefik/traefik.yml' });
      const format = o.traefikFormat ?? 'yaml';
      const dynamic = PROXY_FILES.traefikDynamic(format);
      this.addMount({ outputFile: dynamic, target: `${CONTAINER_PATHS.traefikDynamicDir}/${dynamic.split('/').pop()}` });
      if (tls) this.addMount({ volume: new Volume(this, 'traefik-acme', { name: 'traefik-acme' }), target: '/letsencrypt' });
      // Labels mode and Swarm read routes from the Docker API: through the socket proxy only.
      if (dockerApi) this.addDependency((this.dockerSocketProxy = dockerSocketProxy(this, dockerApi, swarm)));
      if (o.dashboard) {
        this.dashboardPassword = new Secret(this, 'dashboard-password', { generate: 'alnum-24', description: 'password of the Traefik dashboard' });
        this.addSecrets([this.dashboardPassword]);
      }
    } else {
      this.addMount({ outputFile: PROXY_FILES.caddyfile, target: '/etc/caddy/Caddyfile' });
      this.addMount({ volume: new Volume(this, 'caddy-data', { name: 'caddy-data' }), target: '/data' });
      this.addMount({ volume: new Volume(this, 'caddy-config', { name: 'caddy-config' }), target: '/config' });
    }
  }

  /** Secrets whose hashes the proxy needs (basic auth); creates the `proxy-auth` service once. */
  addSecrets(secrets: readonly Secret[]): void {
    if (!secrets.length) return;
    if (!this.authService) {
      const volume = new Volume(this, 'proxy-auth-data', { name: 'proxy-auth' });
      this.authService = new Service(this, 'auth', {
        name: 'proxy-auth',
        role: 'tool',
        image: AUTH_IMAGE,
        entrypoint: ['/bin/sh', CONTAINER_PATHS.authScript],
        capAdd: [], // htpasswd as root into its own volume: no capability (the httpd server's are not needed)
        restart: 'no',
        volumes: [
          { volume, target: CONTAINER_PATHS.authWriteDir },
          { outputFile: PROXY_FILES.authScript, target: CONTAINER_PATHS.authScript },
        ],
        healthCheck: HealthCheck.none('one-shot: hashes passwords, then exits'),
      });
      this.addMount({ volume, target: CONTAINER_PATHS.authDir, readOnly: true });
      // The proxy must wait until the hashes exist, not merely until the service started.
      this.addDependency(this.authService, 'completed');
    }
    for (const s of secrets) {
      if (this.authSecrets.includes(s)) continue;
      this.authSecrets.push(s);
      this.authService.addEnv(s.variable, s);
    }
  }
}

function proxyServiceProps(kind: ProxyKind, tls: boolean, settings: ProxySettings): ServiceProps {
  const ports: PortMapping[] = tls
    ? [{ container: 80, public: true }, { container: 443, public: true }]
    : [{ container: 80 }]; // local: 127.0.0.1:80 only
  const base = { name: 'proxy', role: 'proxy' as const, image: settings.options.image ?? PROXY_IMAGES[kind], ports };
  switch (kind) {
    case 'nginx':
      // The default server answers this path on 127.0.0.1 only.
      return { ...base, healthCheck: HealthCheck.http(80, '/slipway-health', 'wget', { interval: '15s', startPeriod: '10s' }) };
    case 'traefik':
      return {
        ...base,
        healthCheck: HealthCheck.command(['traefik', 'healthcheck', '--ping'], { interval: '15s', startPeriod: '10s' }),
        capDrop: ['ALL'],
        capAdd: ['NET_BIND_SERVICE'],
      };
    case 'caddy':
      return {
        ...base,
        healthCheck: HealthCheck.command(['wget', '-q', '-O', '/dev/null', 'http://127.0.0.1:2019/config/'], { interval: '15s', startPeriod: '10s' }),
        capDrop: ['ALL'],
        capAdd: ['NET_BIND_SERVICE'],
      };
  }
}
