import { App as CoreApp, Validation } from '@slipway/core';
import { Construct } from 'constructs';
import { dnsNameOf } from './_naming.js';
import { checkDomain } from './proxy/_domain-checks.js';
import type { CorsOptions } from './proxy/cors.js';
import { ReverseProxy } from './reverse-proxy.js';
import type { Secret } from './secret.js';
import type { Service } from './service.js';

/** One user allowed through basic auth. The password is a Secret: only its hash reaches the proxy. */
export interface BasicAuthUser {
  /**
   * User name.
   * @default `admin`
   */
  readonly user?: string;
  /** The password, read from `.env` on the server; its hash is derived when the proxy starts. */
  readonly password?: Secret;
}

/** Basic auth in front of a route. */
export interface BasicAuthOptions {
  /** Users (at least one). */
  readonly users: readonly BasicAuthUser[];
  /**
   * Realm shown by browsers.
   * @default `Restricted`
   */
  readonly realm?: string;
}

/** Strict-Transport-Security. */
export interface HstsOptions {
  /**
   * Seconds, at least one year (31536000).
   * @default two years (63072000, Mozilla's value)
   */
  readonly maxAge?: number;
  /**
   * Also pin every subdomain to HTTPS.
   * @default false
   */
  readonly includeSubDomains?: boolean;
  /**
   * Ask browsers to preload the host (needs `includeSubDomains`).
   * @default false
   */
  readonly preload?: boolean;
}

/** Properties of a {@link Domain}. */
export interface DomainProps {
  /** Host name, or several (the first names the certificate), e.g. `shop.example.com`. */
  readonly host: string | readonly string[];
  /** The service to route to, or its Compose name. */
  readonly to: Service | string;
  /**
   * Port of the service.
   * @default the service's `port`
   */
  readonly port?: number;
  /**
   * Route only paths under this prefix, e.g. `/api`.
   * @default `/` (everything)
   */
  readonly pathPrefix?: string;
  /**
   * Remove `pathPrefix` before passing the request on (`/api/users` → `/users`).
   * @default false
   */
  readonly stripPrefix?: boolean;
  /**
   * Also answer the `www.` (or apex) name and redirect it with 308: `www-to-apex` serves
   * `example.com` and redirects `www.example.com`; `apex-to-www` the reverse.
   * @default none
   */
  readonly wwwRedirect?: 'www-to-apex' | 'apex-to-www';
  /**
   * Requests per second per client IP, with a burst; beyond it the proxy answers 429.
   * @default no limit
   */
  readonly rateLimit?: { readonly rps: number; readonly burst?: number };
  /**
   * Basic auth; passwords come from Secrets and are hashed on the server.
   * @default none
   */
  readonly basicAuth?: BasicAuthOptions;
  /**
   * Only these client addresses or CIDR ranges get through (others get 403).
   * @default everyone
   */
  readonly allowIps?: readonly string[];
  /**
   * Largest request body, e.g. `10m`, `512k`, `1g`. Beyond it the proxy answers 413.
   * @default `10m`
   */
  readonly maxBodySize?: string;
  /**
   * Seconds.
   * @default connect 5, read 60, send 60
   */
  readonly timeouts?: { readonly connect?: number; readonly read?: number; readonly send?: number };
  /**
   * Pass WebSocket upgrades through (long read timeout).
   * @default false
   */
  readonly websocket?: boolean;
  /**
   * Compress text responses.
   * @default true
   */
  readonly gzip?: boolean;
  /**
   * Serve `/index.html` when the service answers 404 (client-side routing).
   * @default false
   */
  readonly spa?: boolean;
  /**
   * `Cache-Control: public, max-age=31536000, immutable` on hashed static assets
   * (`/assets/index-3f2a9c1b.js`, `/_next/static/…`).
   * @default the value of `spa`
   */
  readonly cacheHashedAssets?: boolean;
  /** HSTS options (HSTS itself is always on in production). */
  readonly hsts?: HstsOptions;
  /**
   * Content-Security-Policy.
   * @default none (set one: it depends on the app)
   */
  readonly csp?: string;
  /**
   * `X-Frame-Options` (and CSP `frame-ancestors` when `csp` is unset).
   * @default `DENY`
   */
  readonly frameOptions?: 'DENY' | 'SAMEORIGIN';
  /**
   * @default `strict-origin-when-cross-origin`
   */
  readonly referrerPolicy?: string;
  /**
   * @default `camera=(), geolocation=(), microphone=(), payment=(), usb=()`
   */
  readonly permissionsPolicy?: string;
  /** Extra response headers, e.g. `{ 'Cross-Origin-Resource-Policy': 'same-site' }`. */
  readonly headers?: Readonly<Record<string, string>>;
  /**
   * Answer cross-origin browser requests from these origins at the proxy (preflights included);
   * the service's own CORS headers are dropped.
   * @default none (no CORS headers are added)
   */
  readonly cors?: CorsOptions;
}

const DOMAIN_SYMBOL = Symbol.for('@slipway/constructs.Domain');

/**
 * Routes host names (optionally a path prefix) to a service port through the App's reverse proxy,
 * over HTTPS with automatic certificates (plain HTTP on localhost in `local` mode).
 *
 * @example
 * new Domain(app, 'api-domain', { host: 'api.example.com', to: api, rateLimit: { rps: 10, burst: 20 } });
 * new Domain(app, 'admin', { host: 'admin.example.com', to: adminer,
 *   basicAuth: { users: [{ user: 'ops', password: new Secret(app, 'admin-password', { generate: 'alnum-24' }) }] },
 *   allowIps: ['203.0.113.0/24'] });
 */
export class Domain extends Construct {
  static isDomain(x: unknown): x is Domain {
    return typeof x === 'object' && x !== null && DOMAIN_SYMBOL in x;
  }

  /** Stable route name, from the construct path (`api-domain`). */
  readonly routeName: string;
  /** Host names, lowercase, in the order given. */
  readonly hosts: readonly string[];
  readonly props: DomainProps;
  /** The proxy serving this Domain (shared by every Domain of the App). */
  readonly proxy: ReverseProxy;

  constructor(scope: Construct, id: string, props: DomainProps) {
    super(scope, id);
    Object.defineProperty(this, DOMAIN_SYMBOL, { value: true });
    this.props = props ?? ({} as DomainProps);
    this.routeName = dnsNameOf(this);
    const hosts: unknown[] = typeof props?.host === 'string' ? [props.host] : Array.isArray(props?.host) ? [...props.host] : [];
    this.hosts = hosts.map((h) => String(h).trim());
    this.proxy = ReverseProxy.of(CoreApp.of(this));
    this.proxy.addSecrets(this.passwords());
    Validation.add(this, () => checkDomain(this));
  }

  /** The hosts redirected to a served host (`www` ↔ apex), one per served host. */
  get redirects(): ReadonlyArray<{ readonly from: string; readonly to: string }> {
    const mode = this.props.wwwRedirect;
    if (!mode) return [];
    const pairs = this.hosts.map((h) => {
      const apex = h.replace(/^www\./, '');
      return mode === 'www-to-apex' ? { from: `www.${apex}`, to: apex } : { from: apex, to: `www.${apex}` };
    });
    return pairs.filter((p, i) => pairs.findIndex((q) => q.from === p.from) === i);
  }

  /** Host names this Domain serves content on: `hosts`, moved to apex or `www.` by `wwwRedirect`. */
  get servedHosts(): readonly string[] {
    if (!this.props.wwwRedirect) return this.hosts;
    const served = this.redirects.map((r) => r.to);
    return served.filter((h, i) => served.indexOf(h) === i);
  }

  /** Path prefix without a trailing slash (`/` for everything). */
  get pathPrefix(): string {
    const p = this.props.pathPrefix ?? '/';
    return p === '/' ? '/' : p.replace(/\/+$/, '');
  }

  /** The Secrets of the basic-auth users. */
  passwords(): Secret[] {
    return (this.props.basicAuth?.users ?? []).flatMap((u) => (u.password ? [u.password] : []));
  }
}
