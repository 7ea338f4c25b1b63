import { composeLiteral, composeValue } from '../formats/compose.js';
import type { DeploymentModel, MountModel, OverrideModel, ServiceModel } from '../model/deployment-model.js';
import type { ModelValue } from '../model/values.js';
import { traefikLabelsFor } from '../proxy/traefik/traefik-labels.js';
import type { ComposeDocument, ComposeService } from './compose-types.js';

const values = (pairs: ReadonlyArray<readonly [string, ModelValue]>) => Object.fromEntries(pairs.map(([k, v]) => [k, composeValue(v)]));

/**
 * Renders the deployment model as a Compose document. Pure: same model, same object, keys in the
 * order dclint expects (core, dependencies, data, environment, network, runtime, metadata,
 * security, then the rest alphabetically).
 */
export function renderCompose(model: DeploymentModel): ComposeDocument {
  const services: Record<string, ComposeService> = {};
  for (const s of model.services) services[s.name] = applyOverrides(renderService(s, routeLabels(model, s)), s.overrides);
  const doc: ComposeDocument = { name: model.name, services };
  if (model.networks.length) {
    doc.networks = Object.fromEntries(model.networks.map((n) => [n.name, n.internal ? { internal: true } : {}]));
  }
  if (model.volumes.length) doc.volumes = Object.fromEntries(model.volumes.map((v) => [v.name, {}]));
  return doc;
}

/**
 * The labels that carry a service's routes when the proxy is Traefik in labels mode (Docker
 * provider), escaped for Compose (`$` in regexes and `${1}`); none otherwise.
 */
function routeLabels(model: DeploymentModel, s: ServiceModel): Array<[string, string]> {
  const proxy = model.proxy;
  if (proxy?.kind !== 'traefik' || !proxy.traefikLabels) return [];
  return traefikLabelsFor(s.name, model.routes ?? [], proxy).map(([k, v]) => [k, composeLiteral(v)]);
}

function renderService(s: ServiceModel, routeLabels: ReadonlyArray<readonly [string, string]>): ComposeService {
  const out: ComposeService = {};
  if (s.image) out.image = s.image;
  if (s.build) {
    out.build = { context: s.build.context };
    if (s.build.dockerfile) out.build.dockerfile = s.build.dockerfile;
    if (s.build.args.length) out.build.args = values(s.build.args);
    if (s.build.target) out.build.target = s.build.target;
    if (s.build.additionalContexts?.length) out.build.additional_contexts = Object.fromEntries(s.build.additionalContexts);
  }
  if (s.dependsOn.length) {
    out.depends_on = Object.fromEntries(s.dependsOn.map((d) => [d.service, { condition: d.condition }]));
  }
  const volumes = s.mounts.filter((m) => m.type !== 'tmpfs').map(renderMount);
  if (volumes.length) out.volumes = volumes;
  if (s.environment.length) out.environment = values(s.environment);
  if (s.ports.length) {
    out.ports = s.ports
      .map((p) => `${p.hostIp ? `${p.hostIp}:` : ''}${p.host}:${p.container}${p.protocol === 'udp' ? '/udp' : ''}`)
      .sort((a, b) => a.localeCompare(b, 'en', { numeric: true }));
  }
  out.networks = [...s.networks];
  if (s.command) out.command = s.command.map(composeValue);
  if (s.entrypoint) out.entrypoint = s.entrypoint.map(composeValue);
  out.restart = s.restart;
  if (s.healthCheck) {
    out.healthcheck = {
      test: [s.healthCheck.form, ...s.healthCheck.command.map(composeValue)],
      interval: s.healthCheck.interval,
      timeout: s.healthCheck.timeout,
      retries: s.healthCheck.retries,
      start_period: s.healthCheck.startPeriod,
    };
  }
  out.logging = { driver: s.logging.driver, options: { 'max-size': s.logging.maxSize, 'max-file': String(s.logging.maxFile) } };
  const labels = [...s.labels.map(([k, v]) => [k, composeValue(v)] as const), ...routeLabels];
  if (labels.length) out.labels = Object.fromEntries(labels);
  if (s.user) out.user = s.user;
  // The rest, alphabetically.
  if (s.security.capAdd.length) out.cap_add = [...s.security.capAdd];
  if (s.security.capDrop.length) out.cap_drop = [...s.security.capDrop];
  const deploy = renderDeploy(s);
  if (deploy) out.deploy = deploy;
  if (s.expose.length) out.expose = s.expose.map(String);
  // With resource limits, Compose reads pids from deploy.resources.limits and refuses a
  // pids_limit beside it ("can't set distinct values", seen on a real engine).
  if (!deploy?.resources?.limits) out.pids_limit = s.pidsLimit;
  if (s.security.readOnlyRootFilesystem) out.read_only = true;
  if (s.security.noNewPrivileges) out.security_opt = ['no-new-privileges:true'];
  if (s.stopGracePeriod) out.stop_grace_period = s.stopGracePeriod;
  const tmpfs = s.mounts.filter((m) => m.type === 'tmpfs');
  if (tmpfs.length) out.tmpfs = tmpfs.map((m) => (m.type === 'tmpfs' && m.size ? `${m.target}:size=${m.size}` : m.target));
  return out;
}

function renderMount(m: MountModel): string {
  if (m.type === 'tmpfs') throw new Error('tmpfs mounts render under "tmpfs"');
  return `${m.source}:${m.target}${m.readOnly ? ':ro' : ''}`;
}

function renderDeploy(s: ServiceModel): ComposeService['deploy'] | undefined {
  const r = s.resources;
  const limits: Record<string, string | number> = {};
  const reservations: Record<string, string | number> = {};
  if (r?.cpus !== undefined) limits.cpus = String(r.cpus);
  if (r?.memory) limits.memory = r.memory;
  if (Object.keys(limits).length) limits.pids = s.pidsLimit;
  if (r?.reservedCpus !== undefined) reservations.cpus = String(r.reservedCpus);
  if (r?.reservedMemory) reservations.memory = r.reservedMemory;
  const resources: NonNullable<ComposeService['deploy']>['resources'] = {};
  if (Object.keys(limits).length) resources.limits = limits;
  if (Object.keys(reservations).length) resources.reservations = reservations;
  if (s.replicas === undefined && !Object.keys(resources).length) return undefined;
  return {
    ...(s.replicas !== undefined ? { replicas: s.replicas } : {}),
    ...(Object.keys(resources).length ? { resources } : {}),
  };
}

/** Applies typed patches in order; `undefined` deletes. Objects are created along the path. */
export function applyOverrides(service: ComposeService, overrides: readonly OverrideModel[]): ComposeService {
  const out = structuredClone(service) as Record<string, unknown>;
  for (const o of overrides) {
    let node = out;
    for (const key of o.path.slice(0, -1)) {
      const next = node[key];
      if (typeof next !== 'object' || next === null) node[key] = {};
      node = node[key] as Record<string, unknown>;
    }
    const last = o.path[o.path.length - 1]!;
    if (o.value === undefined) delete node[last];
    else node[last] = structuredClone(o.value);
  }
  return out as ComposeService;
}
