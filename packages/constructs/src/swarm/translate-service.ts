import { applyOverrides } from '../compose/render-compose.js';
import type { DeploymentModel, ServiceModel } from '../model/deployment-model.js';
import type { SwarmModel } from '../model/swarm-model.js';
import { dataNodeConstraint, deploySection } from './_deploy-section.js';
import { configKey, translateMounts, translatePorts, type ConfigMount } from './_mounts-ports.js';
import { translateSecrets } from './_secrets-in-env.js';
import { swarmLabels, swapTraefikFiles, traefikOf } from './_traefik-swarm.js';
import { stackSafeOverride } from './_stack-values.js';
import type { StackService, SwarmProblem, TranslationNote } from './stack-types.js';
import { textValue } from '../model/values.js';
import { shCommand } from '../formats/shell.js';

/** Compose keys `docker stack deploy` ignores (it prints "Ignoring unsupported options"). */
export const SWARM_IGNORED_KEYS = [
  'build', 'cgroup_parent', 'container_name', 'depends_on', 'devices', 'domainname', 'expose', 'external_links', 'ipc', 'links',
  'mac_address', 'network_mode', 'pid', 'privileged', 'restart', 'security_opt', 'shm_size', 'userns_mode',
] as const;
/** Compose keys `docker stack deploy` refuses outright. */
export const SWARM_FORBIDDEN_KEYS = ['volumes_from', 'volume_driver', 'cpu_quota', 'cpu_shares', 'cpuset', 'mem_limit', 'memswap_limit'] as const;


/** One service of `stack.yml`, with what the translation needs the rest of the stack to provide. */
export interface ServiceTranslation {
  readonly service: StackService;
  readonly configs: readonly ConfigMount[];
  readonly secrets: readonly string[];
  readonly interpolated: readonly string[];
  readonly pinned: boolean;
  readonly problems: readonly SwarmProblem[];
  readonly notes: readonly TranslationNote[];
}

/** The image a service runs on Swarm: built ones come from the registry, tagged by release. */
export function stackImageOf(s: ServiceModel, model: DeploymentModel, swarm: SwarmModel): string | undefined {
  if (!s.build) return s.image;
  const repository = `${swarm.registry ?? 'REGISTRY'}/${model.name}-${s.name}`;
  return `${repository}:\${${swarm.releaseVariable}:?set ${swarm.releaseVariable}: the stack deploy script sets it to the release being deployed}`;
}

/**
 * Translates one service of the model into a Swarm stack service. Pure. Everything Swarm
 * ignores is either carried over another way (restart → restart_policy, build → registry image,
 * secrets → files) or reported as a warning naming the service.
 */
export function translateService(s: ServiceModel, model: DeploymentModel, swarm: SwarmModel): ServiceTranslation {
  const isTraefik = s.role === 'proxy' && traefikOf(model) !== undefined && model.proxy?.service === s.name;
  const mounts = translateMounts(s, isTraefik ? swapTraefikFiles : undefined);
  const volumes = [...mounts.volumes];
  const problems: SwarmProblem[] = [...mounts.problems];
  const notes: TranslationNote[] = [...mounts.notes];
  const ports = translatePorts(s, mounts.stateful);
  const env = translateSecrets(withReleaseCommand(s, problems));
  problems.push(...ports.problems, ...env.problems);
  notes.push(...ports.notes, ...env.notes);

  const constraints = [...(s.swarm?.placement ?? (mounts.stateful ? [dataNodeConstraint(swarm.dataNodeLabel)] : []))];
  const labels = swarmLabels(s, model);

  const out: StackService = {};
  out.image = stackImageOf(s, model, swarm);
  if (volumes.length) out.volumes = volumes;
  if (mounts.configs.length) out.configs = mounts.configs.map((c) => ({ source: configKey(c.file), target: c.target, mode: c.mode }));
  if (env.secrets.length) out.secrets = [...env.secrets];
  if (env.environment.length) out.environment = Object.fromEntries(env.environment);
  if (ports.ports.length) out.ports = ports.ports as unknown as string[];
  out.networks = [...s.networks];
  if (env.command) out.command = [...env.command];
  if (env.entrypoint) out.entrypoint = [...env.entrypoint];
  if (s.healthCheck && env.healthTest) {
    const h = s.healthCheck;
    out.healthcheck = { test: [...env.healthTest], interval: h.interval, timeout: h.timeout, retries: h.retries, start_period: h.startPeriod };
  }
  out.logging = { driver: s.logging.driver, options: { 'max-size': s.logging.maxSize, 'max-file': String(s.logging.maxFile) } };
  if (labels.container.length) out.labels = Object.fromEntries(labels.container);
  if (s.user) out.user = s.user;
  if (s.security.capAdd.length) out.cap_add = [...s.security.capAdd];
  if (s.security.capDrop.length) out.cap_drop = [...s.security.capDrop];
  const ingress = ports.ports.some((p) => p.mode === 'ingress');
  if (swarm.endpointMode === 'dnsrr' && ingress) {
    problems.push({
      service: s.name,
      warning: 'swarm-dnsrr-ingress',
      message: 'this service publishes a port through the routing mesh, which needs a virtual IP: it keeps endpoint_mode vip although the stack asks for dnsrr.',
      fix: 'route the port through a Domain (the proxy publishes in host mode), or acknowledge \'swarm-dnsrr-ingress\'.',
    });
  }
  const endpointMode = swarm.endpointMode === 'dnsrr' && !ingress ? 'dnsrr' : 'vip';
  out.deploy = deploySection(s, { stateful: mounts.stateful, hostPort: ports.hostPort, constraints, labels: labels.service, endpointMode });
  if (s.security.readOnlyRootFilesystem) out.read_only = true;
  if (s.stopGracePeriod) out.stop_grace_period = s.stopGracePeriod;

  problems.push(...startOrderProblems(s));
  const { applied, problems: overrideProblems } = overridesFor(s);
  problems.push(...overrideProblems);
  return {
    service: applyOverrides(out, applied.map((o) => ({ ...o, value: stackSafeOverride(o.value) }))),
    configs: mounts.configs,
    secrets: env.secrets,
    interpolated: env.interpolated,
    pinned: constraints.some((c) => c === dataNodeConstraint(swarm.dataNodeLabel)),
    problems,
    notes,
  };
}

/** Swarm starts every service at once: `depends_on` conditions are not honoured. */
function startOrderProblems(s: ServiceModel): SwarmProblem[] {
  const waits = s.dependsOn.filter((d) => d.condition !== 'service_started');
  if (!waits.length) return [];
  return [
    {
      service: s.name,
      warning: 'swarm-start-order',
      message: `Swarm ignores depends_on: ${s.name} may start before ${waits.map((d) => `${d.service} is ${d.condition === 'service_healthy' ? 'healthy' : 'done'}`).join(' and ')}; it is restarted until it starts cleanly.`,
      fix: 'make the service retry its connections at start (most frameworks do), or acknowledge \'swarm-start-order\'.',
    },
  ];
}

/** Overrides apply to the stack too, except on keys Swarm ignores (warning) or refuses (error). */
function overridesFor(s: ServiceModel): { applied: ServiceModel['overrides']; problems: SwarmProblem[] } {
  const problems: SwarmProblem[] = [];
  const applied = s.overrides.filter((o) => {
    const key = o.path[0]!;
    if ((SWARM_FORBIDDEN_KEYS as readonly string[]).includes(key)) {
      problems.push({ service: s.name, message: `the override of "${o.path.join('.')}" is refused by docker stack deploy.`, fix: 'set resources with resources: { cpus, memory } and share data through a Volume.' });
      return false;
    }
    if ((SWARM_IGNORED_KEYS as readonly string[]).includes(key)) {
      // depends_on is reported once by the start-order check.
      if (key !== 'depends_on') {
        problems.push({
          service: s.name,
          warning: 'swarm-override-ignored',
          message: `the override of "${o.path.join('.')}" is left out of stack.yml: Swarm ignores "${key}".`,
          fix: 'see docs/swarm.md for the Swarm equivalent, or acknowledge \'swarm-override-ignored\'.',
        });
      }
      return false;
    }
    return true;
  });
  return { applied, problems };
}

/**
 * Swarm runs nothing before a stack update: each new task runs the release command (migrations)
 * before the service's own command, which must be known.
 */
function withReleaseCommand(s: ServiceModel, problems: SwarmProblem[]): ServiceModel {
  if (!s.releaseCommand?.length) return s;
  if (!s.command?.length) {
    problems.push({
      service: s.name,
      message: 'releaseCommand needs command on Swarm: each new task runs the release command before the service\'s command, here the image\'s own, which Slipway does not know.',
      fix: `set command on ${s.name} (what the image runs), or run the release command yourself before deploy-stack.sh and leave it out.`,
    });
    return s;
  }
  const script = `${shCommand(s.releaseCommand)} && exec "$@"`;
  return { ...s, command: [textValue('sh'), textValue('-c'), textValue(script), textValue('sh'), ...s.command] };
}

