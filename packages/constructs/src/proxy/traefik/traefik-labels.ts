import type { ProxyModel, RouteModel } from '../../model/proxy-model.js';
import { traefikRoute } from './render-traefik-dynamic.js';

/** Flattens a dynamic-config object into Traefik label keys (`a.b.c=value`, lists comma-joined). */
function flatten(prefix: string, value: unknown, out: Array<[string, string]>): void {
  if (Array.isArray(value) && value.every((v) => typeof v !== 'object')) {
    out.push([prefix, value.join(',')]);
  } else if (value && typeof value === 'object' && !Array.isArray(value)) {
    const entries = Object.entries(value);
    // An empty object still has to exist (`compress: {}`): Traefik reads `…compress=true`.
    if (!entries.length) out.push([prefix, 'true']);
    for (const [k, v] of entries) flatten(`${prefix}.${k}`, v, out);
  } else if (value !== undefined) {
    out.push([prefix, String(value)]);
  }
}

/**
 * The Docker labels that carry a service's routes (labels mode, as Dokploy and Coolify do).
 * Names only the file provider can define (TLS options, timeouts) are referenced with `@file`.
 * `provider` is the Traefik provider reading them: `docker` (container labels) or `swarm`
 * (service labels, `deploy.labels` in a stack).
 */
export function traefikLabelsFor(service: string, routes: readonly RouteModel[], proxy: ProxyModel, provider: 'docker' | 'swarm' = 'docker'): Array<[string, string]> {
  const mine = routes.filter((r) => r.service === service);
  if (!mine.length) return [];
  const out: Array<[string, string]> = [
    ['traefik.enable', 'true'],
    [`traefik.${provider}.network`, proxy.dockerNetwork],
  ];
  for (const r of mine) {
    const c = traefikRoute(r, proxy, (name) => `${name}@file`);
    flatten('traefik.http.routers', c.routers, out);
    flatten('traefik.http.middlewares', c.middlewares, out);
    out.push(
      [`traefik.http.services.${r.name}.loadbalancer.server.port`, String(r.port)],
      [`traefik.http.services.${r.name}.loadbalancer.serverstransport`, `${r.name}@file`],
    );
  }
  return out;
}
