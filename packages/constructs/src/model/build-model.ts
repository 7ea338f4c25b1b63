import { Tokens } from '@slipway/core';
import { capabilitiesOf } from '../security/capability-defaults.js';
import { rootFilesystemOf } from '../security/read-only-defaults.js';
import type { IConstruct } from 'constructs';
import { isAbsolute, relative, resolve } from 'node:path';
import { buildOpsModel } from './build-ops-model.js';
import { Network } from '../network.js';
import { Postgres } from '../postgres.js';
import { buildProxyModel } from './build-proxy-model.js';
import { Secret } from '../secret.js';
import type { SwarmModel } from './swarm-model.js';
import { DEFAULT_PIDS_LIMIT, Service, PlainValue, type BuildOptions, type EnvValue, type Mount } from '../service.js';
import { Volume } from '../volume.js';
import { resolveValue } from './resolve-value.js';
import type { ModelValue } from './values.js';
import { carriedValues, impliedDependencies } from '../_implied-dependencies.js';
import type {
  DependencyModel,
  DeploymentModel,
  MountModel,
  NetworkModel,
  SecretModel,
  ServiceModel,
} from './deployment-model.js';

/** Where the program and the output folder are, to turn program-relative paths into output-relative ones. */
export interface ModelPaths {
  readonly programDir: string;
  readonly outdir: string;
}

const CONDITIONS = {
  started: 'service_started',
  healthy: 'service_healthy',
  completed: 'service_completed_successfully',
} as const;

/** Data services sit alone on their own internal network. */
export function isDataRole(role: string): boolean {
  return role === 'database' || role === 'cache';
}

/** The internal network of a data service. */
export function dataNetworkOf(service: { name: string }): string {
  return `${service.name}-net`;
}

const byName = <T extends { name: string }>(a: T, b: T) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0);

/**
 * Builds the deployment model from the construct tree: resolves references, wires depends_on,
 * networks and secrets. Run after validation, so it can trust names are unique and values valid.
 */
export function buildModel(
  root: IConstruct,
  meta: { name: string; mode: 'production' | 'local'; displayRoot: string; swarm?: SwarmModel },
  paths: ModelPaths,
): DeploymentModel {
  const all = root.node.findAll();
  const display = (c: IConstruct) => (c.node.path ? `${meta.displayRoot}/${c.node.path}` : meta.displayRoot);
  const services = all.filter(Service.isService);
  const secrets = all.filter(Secret.isSecret);
  const fromProgram = (p: string) => relative(paths.outdir, resolve(paths.programDir, p)) || '.';
  const rel = (p: string) => (fromProgram(p).startsWith('.') ? fromProgram(p) : `./${fromProgram(p)}`);

  const secretUsers = new Map<Secret, Set<string>>();
  const networks = new Map<string, NetworkModel>();
  for (const n of all.filter(Network.isNetwork)) networks.set(n.name, { name: n.name, internal: n.internal, path: display(n) });
  for (const s of services.filter((s) => isDataRole(s.role))) {
    networks.set(dataNetworkOf(s), { name: dataNetworkOf(s), internal: true, path: display(s) });
  }

  const models: ServiceModel[] = services.map((s) => {
    // Command and entrypoint too: a reference there is a connection like one in env.
    const refs = Tokens.references(carriedValues(s).map((c) => c.value));
    const usedSecrets = new Set<Secret>();
    const deps = new Set<Service>([...s.dependencies, ...impliedDependencies(s)]);
    for (const ref of refs) {
      if (Secret.isSecret(ref.producer)) usedSecrets.add(ref.producer);
      const owner = Service.owning(ref.producer);
      // A helper living under a service (proxy-auth under the proxy) serves it: no dependency back.
      if (owner && owner !== s && !s.node.scopes.includes(owner)) deps.add(owner);
    }
    for (const secret of usedSecrets) {
      const users = secretUsers.get(secret) ?? new Set();
      users.add(s.name);
      secretUsers.set(secret, users);
    }
    const nets = new Set<string>(s.props.networks?.map((n) => n.name) ?? []);
    if (isDataRole(s.role)) nets.add(dataNetworkOf(s));
    else nets.add('default');
    for (const d of deps) if (isDataRole(d.role)) nets.add(dataNetworkOf(d));

    const dependsOn: DependencyModel[] = [...deps]
      .filter((d) => d !== s)
      .map((d) => ({ service: d.name, condition: CONDITIONS[s.waitConditionOf(d) ?? (d.props.healthCheck?.test ? 'healthy' : 'started')] }))
      .sort((a, b) => (a.service < b.service ? -1 : 1));

    const p = s.props;
    const value = (x: string) => resolveValue(x);
    const hc = p.healthCheck;
    return {
      name: s.name,
      path: display(s),
      role: s.role,
      image: p.image,
      build: p.build && {
        context: p.build.outputFolder ? `./${p.build.outputFolder}` : rel(p.build.context),
        dockerfile: p.build.outputFolder ? undefined : dockerfileFromContext(p.build, paths),
        args: Object.entries(p.build.args ?? {}).map(([k, v]) => [k, value(v)] as const),
        target: p.build.target,
        ...outputContext(p.build),
      },
      command: p.command?.map(value),
      ...(p.releaseCommand?.length ? { releaseCommand: [...p.releaseCommand] } : {}),
      entrypoint: p.entrypoint?.map(value),
      environment: s.environment.map(([k, v]) => [k, resolveEnv(v)] as const),
      plainVariables: s.environment.filter(([, v]) => v instanceof PlainValue).map(([k]) => k),
      expose: s.port === undefined ? [] : [s.port],
      ports: (p.ports ?? []).map((m) => ({
        container: m.container,
        host: m.host ?? m.container,
        hostIp: m.public ? '0.0.0.0' : '127.0.0.1',
        protocol: m.protocol ?? 'tcp',
      })),
      healthCheck: hc?.test && {
        form: hc.test[0] === 'CMD-SHELL' ? 'CMD-SHELL' : 'CMD',
        command: hc.test.slice(1).map(value),
        ...hc.resolvedTiming,
      },
      mounts: [...s.mounts.map((m) => mountModel(m, rel)), ...rootFilesystemOf(p, s.mounts).tmpfs],
      restart: p.restart ?? 'unless-stopped',
      resources: p.resources && { ...p.resources },
      user: p.user,
      replicas: p.replicas,
      labels: s.labels.map(([k, v]) => [k, value(v)] as const),
      networks: [...nets].sort(),
      dependsOn,
      secrets: [...usedSecrets].map((x) => x.variable).sort(),
      security: {
        noNewPrivileges: true,
        readOnlyRootFilesystem: rootFilesystemOf(p, s.mounts).readOnly,
        ...capabilitiesOf(p),
      },
      logging: { driver: 'json-file', maxSize: '10m', maxFile: 3 },
      overrides: s.patches,
      stopGracePeriod: p.stopGracePeriod,
      pidsLimit: p.pidsLimit ?? DEFAULT_PIDS_LIMIT,
      metrics: p.metrics && { port: p.metrics.port ?? s.port ?? 80, path: p.metrics.path ?? '/metrics' },
      swarm: p.swarm && { ...p.swarm },
      ...(Postgres.isPostgres(s) ? { postgres: { database: s.database, user: s.user, passwordVariable: s.password.variable } } : {}),
    } satisfies ServiceModel;
  });

  const secretModels: SecretModel[] = secrets
    .map((s) => ({
      variable: s.variable,
      path: display(s),
      source: s.recipe ? ({ kind: 'generated', recipe: s.recipe } as const) : ({ kind: 'provided', description: s.providedHow ?? '' } as const),
      usedBy: [...(secretUsers.get(s) ?? [])].sort(),
      owner: Service.owning(s)?.name,
      description: s.description,
    }))
    .sort((a, b) => (a.variable < b.variable ? -1 : 1));

  const volumes = all.filter(Volume.isVolume).map((v) => ({ name: v.name, path: display(v) }));

  models.sort(byName);
  const proxyPart = buildProxyModel(all, { name: meta.name, display });
  return {
    name: meta.name,
    mode: meta.mode,
    services: models,
    networks: [...networks.values()].sort(byName),
    volumes: volumes.sort(byName),
    secrets: secretModels,
    ops: buildOpsModel(all, models, { name: meta.name, display }),
    ...proxyPart,
    ...(meta.swarm ? { swarm: meta.swarm } : {}),
  };
}

/** A generated Dockerfile lives in the output folder; Compose wants its path from the context. */
function dockerfileFromContext(build: BuildOptions, paths: ModelPaths): string | undefined {
  const d = build.dockerfile;
  if (d === undefined || typeof d === 'string') return d;
  return relative(resolve(paths.programDir, build.context), resolve(paths.outdir, d.outputPath)).split('\\').join('/');
}

/** The output folder as a named build context, for a generated Dockerfile that copies files from it. */
function outputContext(build: BuildOptions): { additionalContexts?: Array<readonly [string, string]> } {
  const d = build.dockerfile;
  const name = d === undefined || typeof d === 'string' ? undefined : d.outputContext;
  return name ? { additionalContexts: [[name, '.']] } : {};
}

function envRaw(v: EnvValue): unknown {
  if (Secret.isSecret(v)) return v.value;
  if (v instanceof PlainValue) return v.value;
  return v;
}

function resolveEnv(v: EnvValue): ModelValue {
  return resolveValue(envRaw(v) as Parameters<typeof resolveValue>[0]);
}

function mountModel(m: Mount, rel: (p: string) => string): MountModel {
  if ('tmpfs' in m) return { type: 'tmpfs', target: m.tmpfs, size: m.size };
  if ('volume' in m) return { type: 'volume', source: m.volume.name, target: m.target, readOnly: m.readOnly ?? false };
  if ('outputFile' in m) {
    const bind = { type: 'bind', source: `./${m.outputFile}`, target: m.target, readOnly: m.readOnly ?? true, generated: true } as const;
    return m.files ? { ...bind, files: [...m.files] } : bind;
  }
  // Absolute host paths (`/sys`, `/var/lib/docker`) stay absolute: they name the server's files.
  return { type: 'bind', source: isAbsolute(m.bind) ? m.bind : rel(m.bind), target: m.target, readOnly: m.readOnly ?? false };
}
