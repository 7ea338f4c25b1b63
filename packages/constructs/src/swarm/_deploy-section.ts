import type { ServiceModel } from '../model/deployment-model.js';

/** Swarm placement constraint of the data node. */
export const dataNodeConstraint = (label: string) => `node.labels.${label} == true`;

/** `1m30s` → 90; unknown forms count as 0. */
export function seconds(duration: string): number {
  let total = 0;
  for (const [, n, unit] of duration.matchAll(/(\d+(?:\.\d+)?)(ms|h|m|s)/g)) {
    total += Number(n) * ({ h: 3600, m: 60, s: 1, ms: 0.001 } as const)[unit as 'h' | 'm' | 's' | 'ms'];
  }
  return total;
}

/**
 * How long Swarm watches each updated task before calling the update good: long enough for the
 * health check to fail for real (start period + interval × retries), at least 30 s.
 */
export function monitorWindow(s: ServiceModel): string {
  const h = s.healthCheck;
  const needed = h ? seconds(h.startPeriod) + seconds(h.interval) * h.retries : 0;
  return `${Math.max(30, Math.ceil(needed))}s`;
}

/** Compose `restart:` → Swarm `restart_policy.condition`. */
const CONDITION = { no: 'none', 'on-failure': 'on-failure', always: 'any', 'unless-stopped': 'any' } as const;

export interface DeployInput {
  readonly stateful: boolean;
  readonly hostPort: boolean;
  readonly constraints: readonly string[];
  readonly labels: ReadonlyArray<readonly [string, string]>;
  /** `dnsrr` when the stack asks for it and the service publishes nothing through the mesh. */
  readonly endpointMode: 'vip' | 'dnsrr';
}

/**
 * The `deploy:` section: replicas, rolling update (start-first when two tasks can overlap —
 * stateless, no host port — stop-first otherwise; rollback on failure), rollback, restart
 * policy (from `restart:`), resources, placement and labels (Traefik reads these on Swarm).
 */
export function deploySection(s: ServiceModel, input: DeployInput): Record<string, unknown> {
  const order = s.swarm?.updateOrder ?? (input.stateful || input.hostPort ? 'stop-first' : 'start-first');
  const monitor = monitorWindow(s);
  const out: Record<string, unknown> = {};
  if (input.endpointMode === 'dnsrr') out.endpoint_mode = 'dnsrr';
  if (s.swarm?.mode === 'global') out.mode = 'global';
  else out.replicas = s.replicas ?? 1;
  if (input.labels.length) out.labels = Object.fromEntries(input.labels);
  out.update_config = { parallelism: 1, delay: '10s', order, failure_action: 'rollback', monitor, max_failure_ratio: 0 };
  out.rollback_config = { parallelism: 1, delay: '0s', order, failure_action: 'pause', monitor };
  out.restart_policy = { condition: CONDITION[s.restart], delay: '5s', window: '120s' };
  const resources = resourcesOf(s);
  if (resources) out.resources = resources;
  if (input.constraints.length) out.placement = { constraints: [...input.constraints] };
  return out;
}

function resourcesOf(s: ServiceModel): Record<string, unknown> | undefined {
  const r = s.resources ?? {};
  const limits: Record<string, string | number> = {};
  const reservations: Record<string, string> = {};
  if (r.cpus !== undefined) limits.cpus = String(r.cpus);
  if (r.memory) limits.memory = r.memory;
  // docker stack deploy has no pids_limit; the service spec has limits.pids (recent CLIs only).
  limits.pids = s.pidsLimit;
  if (r.reservedCpus !== undefined) reservations.cpus = String(r.reservedCpus);
  if (r.reservedMemory) reservations.memory = r.reservedMemory;
  const out: Record<string, unknown> = {};
  if (Object.keys(limits).length) out.limits = limits;
  if (Object.keys(reservations).length) out.reservations = reservations;
  return Object.keys(out).length ? out : undefined;
}
