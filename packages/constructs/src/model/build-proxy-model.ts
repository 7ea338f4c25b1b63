import type { IConstruct } from 'constructs';
import { Domain } from '../domain.js';
import { targetOf } from '../proxy/_domain-checks.js';
import { corsModel } from '../proxy/cors.js';
import { parseBodySize, securityHeaders } from '../proxy/_route-values.js';
import { CONTAINER_PATHS } from '../proxy/_paths.js';
import type { ProxyModel, RouteModel } from './proxy-model.js';
import { ReverseProxy } from '../reverse-proxy.js';

/**
 * The routes (one per Domain, sorted by name) and the proxy of a validated tree. The proxy is
 * undefined when the App has no Domain.
 */
export function buildProxyModel(
  all: readonly IConstruct[],
  meta: { name: string; display: (c: IConstruct) => string },
): { routes: RouteModel[]; proxy?: ProxyModel } {
  const proxy = all.find(ReverseProxy.isReverseProxy);
  if (!proxy) return { routes: [] };
  const tls = proxy.settings.mode === 'production';
  const routes = all.filter(Domain.isDomain).map((d) => routeModel(d, tls, meta.display));
  routes.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  const o = proxy.settings.options;
  const acme = proxy.settings.acme;
  return {
    routes,
    proxy: {
      kind: proxy.kind,
      service: proxy.name,
      tls,
      acme: tls && acme ? { email: acme.email, staging: acme.staging ?? false, ...(acme.server ? { server: acme.server } : {}) } : undefined,
      authService: proxy.authService?.name,
      authDir: CONTAINER_PATHS.authDir,
      certbotService: proxy.certbot?.name,
      nginxVersion: o.nginxVersion ?? '1.22',
      traefikFormat: o.traefikFormat ?? 'yaml',
      traefikLabels: o.traefikLabels ?? false,
      dashboard: o.dashboard && proxy.dashboardPassword && {
        host: o.dashboard.host,
        auth: { realm: 'Traefik', users: [{ user: o.dashboard.user ?? 'admin', variable: proxy.dashboardPassword.variable }] },
      },
      dockerNetwork: `${meta.name}_default`,
    },
  };
}

function routeModel(d: Domain, tls: boolean, display: (c: IConstruct) => string): RouteModel {
  const p = d.props;
  const target = targetOf(d)!; // validated
  const auth = p.basicAuth;
  return {
    name: d.routeName,
    path: display(d),
    hosts: [...d.servedHosts],
    redirects: [...d.redirects],
    pathPrefix: d.pathPrefix,
    stripPrefix: p.stripPrefix ?? false,
    service: target.name,
    port: p.port ?? target.port!,
    rateLimit: p.rateLimit && { rps: p.rateLimit.rps, burst: p.rateLimit.burst ?? p.rateLimit.rps },
    basicAuth: auth && {
      realm: auth.realm ?? 'Restricted',
      users: auth.users.map((u) => ({ user: u.user ?? 'admin', variable: u.password!.variable })),
    },
    allowIps: [...(p.allowIps ?? [])],
    maxBodyMb: parseBodySize(p.maxBodySize ?? '10m')!,
    timeouts: {
      connect: p.timeouts?.connect ?? 5,
      read: p.timeouts?.read ?? (p.websocket ? 3600 : 60),
      send: p.timeouts?.send ?? 60,
    },
    websocket: p.websocket ?? false,
    gzip: p.gzip ?? true,
    spa: p.spa ?? false,
    cacheHashedAssets: p.cacheHashedAssets ?? p.spa ?? false,
    headers: securityHeaders(p, tls),
    cors: corsModel(p.cors),
  };
}
