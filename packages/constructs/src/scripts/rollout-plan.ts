import type { DeploymentModel, ServiceModel } from '../model/deployment-model.js';
import { atLeast } from '../proxy/nginx/_version.js';
import type { ProxyKind } from '../model/proxy-model.js';

/** How `deploy.sh` replaces the services behind the generated proxy without dropping requests. */
export interface RolloutPlan {
  /** Compose service of the proxy. */
  readonly proxy: string;
  readonly kind: Extract<ProxyKind, 'nginx' | 'caddy'>;
  /** Services replaced by a rolling switch, sorted by name. */
  readonly rolling: readonly string[];
  /** Ports the proxy reaches each rolling service on, sorted. */
  readonly ports: ReadonlyMap<string, readonly number[]>;
}

/** Roles whose data lives in the container's volumes: they are recreated, never run twice. */
const STATEFUL_ROLES = new Set<ServiceModel['role']>(['database', 'cache', 'proxy', 'tool']);

/**
 * A service rolls when the generated proxy (nginx or Caddy) routes to it, it keeps running
 * (not a one-shot job), runs one container, publishes no host port (a second container could not
 * bind it), is no database, cache or tool, and is not the only writer of a named volume. Everything else keeps the plain `compose up -d`.
 * nginx at syntax level 1.27.3 or later uses `upstream … resolve` blocks, which cannot be pinned
 * to one container: those stacks keep `compose up -d` too.
 */
export function rolloutPlan(model: DeploymentModel): RolloutPlan | undefined {
  const proxy = model.proxy;
  if (!proxy || model.swarm) return undefined;
  if (proxy.kind !== 'nginx' && proxy.kind !== 'caddy') return undefined;
  if (proxy.kind === 'nginx' && atLeast(proxy.nginxVersion, '1.27.3')) return undefined;
  const ports = new Map<string, number[]>();
  for (const r of model.routes ?? []) {
    const s = model.services.find((x) => x.name === r.service);
    if (!s || !rolls(s, proxy.service) || ownsVolume(s, model.services)) continue;
    ports.set(s.name, [...new Set([...(ports.get(s.name) ?? []), r.port])].sort((a, b) => a - b));
  }
  const rolling = [...ports.keys()].sort();
  return { proxy: proxy.service, kind: proxy.kind, rolling, ports };
}

function rolls(s: ServiceModel, proxyService: string): boolean {
  return s.name !== proxyService && !STATEFUL_ROLES.has(s.role) && s.restart !== 'no' && (s.replicas ?? 1) === 1 && s.ports.length === 0;
}

/**
 * A writable named volume no other service mounts is the service's own state (Grafana's SQLite,
 * an embedded database): two containers must not share it, so the service is recreated instead.
 */
function ownsVolume(s: ServiceModel, all: readonly ServiceModel[]): boolean {
  return s.mounts.some((m) => m.type === 'volume' && !m.readOnly &&
    !all.some((o) => o.name !== s.name && o.mounts.some((x) => x.type === 'volume' && x.source === m.source)));
}

/** Services in dependency order (a service after everything it depends on; ties by name). */
export function dependencyOrder(services: readonly ServiceModel[]): string[] {
  const byName = new Map(services.map((s) => [s.name, s]));
  const done = new Set<string>();
  const out: string[] = [];
  const visit = (name: string, path: readonly string[]) => {
    if (done.has(name) || path.includes(name)) return;
    const s = byName.get(name);
    if (!s) return;
    for (const d of [...s.dependsOn].map((x) => x.service).sort()) visit(d, [...path, name]);
    done.add(name);
    out.push(name);
  };
  for (const s of [...services].sort((a, b) => a.name.localeCompare(b.name))) visit(s.name, []);
  return out;
}

/** Generated configuration files the services mount (relative to the output folder), sorted. */
export function configFiles(model: DeploymentModel): string[] {
  const files = new Set<string>();
  for (const s of model.services) {
    // Read-only: a writable generated folder (backups/…) holds data, not configuration.
    for (const m of s.mounts) if (m.type === 'bind' && m.generated && m.readOnly) files.add(m.source.replace(/^\.\//, ''));
  }
  return [...files].sort();
}
