import { Annotations, Validation, type App as CoreApp } from '@slipway/core';
import type { Construct } from 'constructs';
import { HealthCheck } from './health-check.js';
import { Secret } from './secret.js';
import { Service, type PortMapping, type ServiceProps } from './service.js';
import { Volume } from './volume.js';
import type { Network } from './network.js';
import { CONTAINER_PATHS, PROXY_FILES } from './proxy/_paths.js';
import { checkProxy } from './proxy/_proxy-checks.js';
import { PROXY_KINDS, proxyKind, type ProxyKindDefinition } from './proxy/kinds/index.js';
import type { ProxyKind } from './model/proxy-model.js';
import { AUTH_IMAGE, type ProxySettings } from './proxy/proxy-options.js';

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
  /** certbot (nginx in production), set by the kind's `setUp`. */
  certbot?: Service;
  /** The read-only Docker API proxy Traefik's Docker or Swarm provider reads (Traefik in labels mode or on Swarm). */
  dockerSocketProxy?: Service;
  /** Networks the kind added besides `default` (see `ProxyKindDefinition.networks`). */
  readonly kindNetworks: readonly Network[];
  /** Password of the Traefik dashboard, when enabled. */
  dashboardPassword?: Secret;
  /** Hashes basic-auth passwords at start; created when a route needs it. */
  authService?: Service;
  private readonly authSecrets: Secret[] = [];

  private constructor(scope: Construct, id: string, settings: ProxySettings) {
    const tls = settings.mode === 'production';
    // An unknown kind is reported by the App (with the known ones); nothing is set up for it.
    const definition = Object.hasOwn(PROXY_KINDS, settings.kind) ? proxyKind(settings.kind) : undefined;
    const networks = definition?.networks?.(scope, id, settings) ?? [];
    super(scope, id, { ...proxyServiceProps(definition, tls, settings), ...(networks.length ? { networks } : {}) });
    Object.defineProperty(this, PROXY_SYMBOL, { value: true });
    this.kindNetworks = networks;
    this.kind = settings.kind;
    this.settings = settings;
    Validation.add(this, () => checkProxy(this));
    definition?.setUp(this, tls, settings);
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

function proxyServiceProps(definition: ProxyKindDefinition | undefined, tls: boolean, settings: ProxySettings): ServiceProps {
  const ports: PortMapping[] = tls
    ? [{ container: 80, public: true }, { container: 443, public: true }]
    : [{ container: 80 }]; // local: 127.0.0.1:80 only
  const base = { name: 'proxy', role: 'proxy' as const, image: settings.options.image ?? definition?.image, ports };
  return definition ? { ...base, ...definition.serviceProps(settings) } : base;
}
