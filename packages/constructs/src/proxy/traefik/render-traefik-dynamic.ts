import { CONTAINER_PATHS } from '../_paths.js';
import { CORS_RESPONSE_HEADERS } from '../cors.js';
import { HASHED_ASSET_REGEX, IMMUTABLE_CACHE } from '../_route-values.js';
import type { ProxyModel, RouteModel } from '../../model/proxy-model.js';
import { MOZILLA_INTERMEDIATE } from '../tls-profile.js';
import { CERT_RESOLVER } from './render-traefik-static.js';
import { servedHostNames } from '../../model/local-hosts.js';

export const TLS_OPTIONS = 'mozilla-intermediate';
type Obj = Record<string, unknown>;

/** Routers, services and middlewares of one route (what labels mode puts on the service). */
export interface TraefikRouteConfig {
  readonly routers: Obj;
  readonly services: Obj;
  readonly middlewares: Obj;
  /** Forwarding timeouts; only the file provider can define them. */
  readonly serversTransports: Obj;
}

/** `Host(`a`) || Host(`b`)`, with the `.localhost` aliases in local mode. */
function hostRule(hosts: readonly string[], proxy: ProxyModel): string {
  const all = servedHostNames(hosts, !proxy.tls);
  const rule = all.map((h) => `Host(\`${h}\`)`).join(' || ');
  return all.length > 1 ? `(${rule})` : rule;
}

/**
 * The dynamic configuration of one route. `ref` qualifies names defined by the file provider
 * when the route itself lives elsewhere (labels mode: `mozilla-intermediate@file`).
 */
export function traefikRoute(r: RouteModel, proxy: ProxyModel, ref: (name: string) => string = (n) => n): TraefikRouteConfig {
  const n = r.name;
  const m: Obj = {};
  const chain: string[] = [];
  const add = (suffix: string, config: Obj) => {
    m[`${n}-${suffix}`] = config;
    chain.push(`${n}-${suffix}`);
  };
  if (r.allowIps.length) add('allow', { ipAllowList: { sourceRange: [...r.allowIps] } });
  if (r.rateLimit) add('ratelimit', { rateLimit: { average: r.rateLimit.rps, period: '1s', burst: r.rateLimit.burst } });
  // Before basic auth: browsers send preflights without credentials, and Traefik answers them here.
  if (r.cors) add('cors', { headers: corsHeaders(r) });
  if (r.basicAuth) add('auth', { basicAuth: { usersFile: `${CONTAINER_PATHS.authDir}/${n}.htpasswd`, realm: r.basicAuth.realm, removeHeader: true } });
  add('body', { buffering: { maxRequestBodyBytes: r.maxBodyMb * 1024 * 1024 } });
  add('headers', { headers: headersConfig(r) });
  if (r.gzip) add('compress', { compress: {} });
  if (r.stripPrefix) add('strip', { stripPrefix: { prefixes: [r.pathPrefix] } });
  if (r.spa) add('spa', { errors: { status: ['404'], service: n, query: '/index.html' } });

  const rule = `${hostRule(r.hosts, proxy)}${r.pathPrefix === '/' ? '' : ` && (Path(\`${r.pathPrefix}\`) || PathPrefix(\`${r.pathPrefix}/\`))`}`;
  const tls = proxy.tls ? { tls: { certResolver: CERT_RESOLVER, options: ref(TLS_OPTIONS) } } : {};
  const entryPoints = [proxy.tls ? 'websecure' : 'web'];
  const routers: Obj = { [n]: { rule, entryPoints, service: n, middlewares: [...chain], ...tls } };
  if (r.cacheHashedAssets) {
    m[`${n}-immutable`] = { headers: { customResponseHeaders: { 'Cache-Control': IMMUTABLE_CACHE } } };
    routers[`${n}-assets`] = { rule: `${rule} && PathRegexp(\`${HASHED_ASSET_REGEX}\`)`, entryPoints, service: n, middlewares: [...chain, `${n}-immutable`], ...tls };
  }
  r.redirects.forEach((redirect, i) => {
    const name = `${n}-redirect${i ? `-${i + 1}` : ''}`;
    const scheme = proxy.tls ? 'https' : 'http';
    m[name] = { redirectRegex: { regex: `^https?://${redirect.from.replace(/\./g, '\\.')}(?::\\d+)?/(.*)`, replacement: `${scheme}://${redirect.to}/\${1}`, permanent: true } };
    routers[name] = { rule: hostRule([redirect.from], proxy), entryPoints, service: 'noop@internal', middlewares: [name], ...tls };
  });
  // Plain copies: shared objects would come out as YAML anchors and aliases.
  return plain({
    routers,
    services: { [n]: { loadBalancer: { servers: [{ url: `http://${r.service}:${r.port}` }], passHostHeader: true, serversTransport: ref(n) } } },
    middlewares: m,
    serversTransports: {
      [n]: { forwardingTimeouts: { dialTimeout: `${r.timeouts.connect}s`, responseHeaderTimeout: `${r.timeouts.read}s`, idleConnTimeout: '90s' } },
    },
  });
}

function plain<T>(value: T): T {
  return JSON.parse(JSON.stringify(value)) as T;
}

/**
 * Traefik's CORS: it answers preflights itself (200) and sets Access-Control-Allow-Origin for
 * allowed origins after deleting the service's own Access-Control-* (custom headers run first).
 */
function corsHeaders(r: RouteModel): Obj {
  const c = r.cors!;
  return {
    accessControlAllowOriginList: [...c.origins],
    accessControlAllowMethods: [...c.methods],
    accessControlAllowHeaders: [...c.headers],
    ...(c.expose.length ? { accessControlExposeHeaders: [...c.expose] } : {}),
    ...(c.credentials ? { accessControlAllowCredentials: true } : {}),
    accessControlMaxAge: c.maxAge,
    addVaryHeader: true,
    customResponseHeaders: Object.fromEntries(CORS_RESPONSE_HEADERS.map((h) => [h, ''])),
  };
}

function headersConfig(r: RouteModel): Obj {
  const h = r.headers;
  const set = new Map(h.set);
  const out: Obj = {};
  if (h.hsts) Object.assign(out, { stsSeconds: h.hsts.maxAge, stsIncludeSubdomains: h.hsts.includeSubDomains, stsPreload: h.hsts.preload, forceSTSHeader: true });
  out.contentTypeNosniff = set.get('X-Content-Type-Options') === 'nosniff';
  out.customFrameOptionsValue = set.get('X-Frame-Options');
  out.referrerPolicy = set.get('Referrer-Policy');
  out.permissionsPolicy = set.get('Permissions-Policy');
  out.contentSecurityPolicy = set.get('Content-Security-Policy');
  const handled = new Set(['X-Content-Type-Options', 'X-Frame-Options', 'Referrer-Policy', 'Permissions-Policy', 'Content-Security-Policy']);
  const custom: Obj = {};
  for (const [k, v] of h.set) if (!handled.has(k)) custom[k] = v;
  // An empty value removes the header from the response.
  for (const k of h.remove) custom[k] = '';
  out.customResponseHeaders = custom;
  return out;
}

/** TLS options per Mozilla intermediate; `default` too, so every TLS connection gets them. */
export function traefikTlsOptions(): Obj {
  const profile = {
    minVersion: 'VersionTLS12',
    cipherSuites: [...MOZILLA_INTERMEDIATE.ciphersIana],
    curvePreferences: [...MOZILLA_INTERMEDIATE.curvesGo],
    sniStrict: true,
  };
  return { options: { default: profile, [TLS_OPTIONS]: profile } };
}

/**
 * The whole dynamic file. In labels mode it keeps only what labels cannot hold: TLS options,
 * forwarding timeouts and the dashboard.
 */
export function renderTraefikDynamic(routes: readonly RouteModel[], proxy: ProxyModel): Obj {
  const http = { routers: {} as Obj, services: {} as Obj, middlewares: {} as Obj, serversTransports: {} as Obj };
  for (const r of routes) {
    const c = traefikRoute(r, proxy);
    Object.assign(http.serversTransports, c.serversTransports);
    if (proxy.traefikLabels) continue;
    Object.assign(http.routers, c.routers);
    Object.assign(http.services, c.services);
    Object.assign(http.middlewares, c.middlewares);
  }
  if (proxy.dashboard) {
    http.routers.dashboard = {
      rule: hostRule([proxy.dashboard.host], proxy),
      entryPoints: [proxy.tls ? 'websecure' : 'web'],
      service: 'api@internal',
      middlewares: ['dashboard-auth'],
      ...(proxy.tls ? { tls: { certResolver: CERT_RESOLVER, options: TLS_OPTIONS } } : {}),
    };
    http.middlewares['dashboard-auth'] = { basicAuth: { usersFile: `${CONTAINER_PATHS.authDir}/dashboard.htpasswd`, realm: proxy.dashboard.auth.realm } };
  }
  const out: Obj = { http: Object.fromEntries(Object.entries(http).filter(([, v]) => Object.keys(v).length)) };
  if (proxy.tls) out.tls = traefikTlsOptions();
  return plain(out);
}
