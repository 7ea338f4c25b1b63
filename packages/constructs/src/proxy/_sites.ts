import type { RouteModel } from '../model/proxy-model.js';

/** Routes sharing the same host names: one server block / site, one certificate. */
export interface Site {
  /** Served host names, in the order of the first route. */
  readonly hosts: readonly string[];
  /** Routes, longest path prefix first (so `/api` wins over `/`). */
  readonly routes: readonly RouteModel[];
  /** Certificate name (certbot's `--cert-name`): the first host. */
  readonly certName: string;
  /** Every name on the certificate: the hosts, then the hosts that redirect to them. */
  readonly certHosts: readonly string[];
  /** Redirecting hosts of the site's routes (`www.` ↔ apex). */
  readonly redirects: ReadonlyArray<{ readonly from: string; readonly to: string }>;
}

/**
 * Groups routes into sites by host list. Validation guarantees that Domains sharing a host have
 * the same host list, so a host belongs to exactly one site.
 */
export function sitesOf(routes: readonly RouteModel[]): Site[] {
  const groups = new Map<string, RouteModel[]>();
  for (const r of routes) {
    const key = [...r.hosts].sort().join(' ');
    const list = groups.get(key) ?? [];
    list.push(r); // in place: copying the list per route was quadratic in routes sharing hosts
    groups.set(key, list);
  }
  return [...groups.values()].map((rs) => {
    const redirects = rs.flatMap((r) => r.redirects).filter((r, i, all) => all.findIndex((x) => x.from === r.from) === i);
    const hosts = rs[0]!.hosts;
    return {
      hosts,
      routes: [...rs].sort((a, b) => b.pathPrefix.length - a.pathPrefix.length || (a.pathPrefix < b.pathPrefix ? -1 : 1)),
      certName: hosts[0]!,
      certHosts: [...hosts, ...redirects.map((r) => r.from)],
      redirects,
    };
  });
}

/** nginx/Traefik-safe identifier from a route name (`api-domain` → `api_domain`). */
export function ident(name: string): string {
  return name.replace(/[^A-Za-z0-9_]/g, '_');
}
