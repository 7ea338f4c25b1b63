import type { MountModel, ServiceModel } from '../model/deployment-model.js';
import type { SwarmProblem, TranslationNote } from './stack-types.js';

/** A file shipped as a Swarm config, as one service mounts it. */
export interface ConfigMount {
  readonly file: string;
  readonly target: string;
  readonly mode: number;
}

export interface MountsTranslation {
  /** Short-syntax volumes and binds, and long-syntax tmpfs mounts. */
  readonly volumes: Array<string | Record<string, unknown>>;
  readonly configs: ConfigMount[];
  /** The service keeps state on its node (a volume or a writable bind): it is pinned. */
  readonly stateful: boolean;
  readonly problems: SwarmProblem[];
  readonly notes: TranslationNote[];
}

/**
 * Key of a config in `stack.yml`, from its path: `./nginx/nginx.conf` → `nginx-nginx.conf`,
 * `../db/init.sql` → `up-db-init.sql`. Stable, and distinct paths give distinct keys.
 */
export function configKey(file: string): string {
  return file
    .split('/')
    .filter((part) => part !== '.' && part !== '')
    .map((part) => (part === '..' ? 'up' : part.replace(/[^A-Za-z0-9._-]/g, '_')))
    .join('-');
}

/** Variable holding a config's content hash, set by the deploy script. */
export function configVersionVariable(key: string): string {
  return `SLIPWAY_CONFIG_${key.toUpperCase().replace(/[^A-Z0-9]+/g, '_')}`;
}

const MODE_READ = 0o444;
const MODE_EXEC = 0o555;
/** A path whose last part has an extension is taken for a file (configs hold files, not folders). */
const looksLikeFile = (path: string) => /\.[A-Za-z0-9]+$/.test(path.split('/').pop() ?? '');

/**
 * Mounts on Swarm: named volumes stay (they live on one node, so the service is pinned there);
 * read-only files (generated configuration, init SQL) become Swarm configs, which every node
 * gets from the managers; absolute host paths stay binds (they exist on every node); writable
 * or folder binds of the deployment folder exist only on the node holding it — warning
 * `swarm-host-bind`, and the service is pinned to the data node. `swap` substitutes generated
 * files that differ on Swarm (Traefik's static configuration).
 */
export function translateMounts(s: ServiceModel, swap: (m: MountModel) => MountModel = (m) => m): MountsTranslation {
  const out: MountsTranslation = { volumes: [], configs: [], stateful: s.role === 'database' || s.role === 'cache', problems: [], notes: [] };
  const mutable = out as { stateful: boolean };
  for (const original of s.mounts) {
    const m = swap(original);
    if (m.type === 'tmpfs') {
      out.volumes.push({ type: 'tmpfs', target: m.target, ...(m.size ? { tmpfs: { size: sizeInBytes(m.size) } } : {}) });
    } else if (m.type === 'volume') {
      mutable.stateful = true;
      out.volumes.push(`${m.source}:${m.target}${m.readOnly ? ':ro' : ''}`);
    } else if (m.source.startsWith('/')) {
      out.volumes.push(`${m.source}:${m.target}${m.readOnly ? ':ro' : ''}`);
      if (!m.readOnly) {
        mutable.stateful = true;
        out.problems.push(hostBind(s, m.source, 'a writable host folder holds state on one node'));
      }
    } else if (m.readOnly && m.files) {
      // A generated folder: each file the container reads becomes a config at its place under target.
      for (const f of m.files) out.configs.push(configMount(`${m.source}/${f}`, `${m.target}/${f}`));
    } else if (m.readOnly && (m.generated || looksLikeFile(m.source))) {
      out.configs.push(configMount(m.source, m.target));
    } else {
      mutable.stateful = true;
      out.volumes.push(`${m.source}:${m.target}${m.readOnly ? ':ro' : ''}`);
      out.problems.push(
        hostBind(s, m.source, m.readOnly ? 'a folder of the deployment cannot be a Swarm config (configs are single files)' : 'a writable folder of the deployment exists only on the node that holds it'),
      );
    }
  }
  return out;
}

function configMount(file: string, target: string): ConfigMount {
  return { file, target, mode: target.endsWith('.sh') ? MODE_EXEC : MODE_READ };
}

function hostBind(s: ServiceModel, source: string, why: string): SwarmProblem {
  return {
    service: s.name,
    warning: 'swarm-host-bind',
    message: `bind mount "${source}": ${why}; the service is pinned to the data node, which must be the node holding this folder.`,
    fix: 'use a Volume for data, mount single files read-only (they become Swarm configs), or acknowledge \'swarm-host-bind\' and keep the folder on the data node.',
  };
}

/** `64m` → 67108864; Swarm's tmpfs size is a number of bytes. */
export function sizeInBytes(size: string): number | string {
  const m = /^(\d+)\s*([kmg]?)b?$/i.exec(size.trim());
  if (!m) return size;
  const unit = { '': 1, k: 1024, m: 1024 ** 2, g: 1024 ** 3 }[m[2]!.toLowerCase() as '' | 'k' | 'm' | 'g'];
  return Number(m[1]) * unit;
}

export interface PortsTranslation {
  readonly ports: Array<Record<string, unknown>>;
  /** A port bound on the node itself (`mode: host`): old and new task cannot overlap. */
  readonly hostPort: boolean;
  readonly problems: SwarmProblem[];
  readonly notes: TranslationNote[];
}

/**
 * Published ports on Swarm. Swarm cannot bind a port to 127.0.0.1: a loopback port would
 * become public on every node, so it is not published (warning `swarm-loopback-port`). Public
 * ports of stateless services go through the routing mesh (every node answers); the proxy and
 * stateful services publish in `host` mode on their node — the proxy so it sees client
 * addresses (rate limits, allow lists), stateful services because they run on one node anyway.
 */
export function translatePorts(s: ServiceModel, stateful: boolean): PortsTranslation {
  const out: PortsTranslation = { ports: [], hostPort: false, problems: [], notes: [] };
  for (const p of s.ports) {
    if (p.hostIp === '127.0.0.1') {
      out.problems.push({
        service: s.name,
        warning: 'swarm-loopback-port',
        message: `port ${p.host} is bound to 127.0.0.1 on one host; Swarm cannot publish on loopback, so it is not published on the cluster.`,
        fix: `reach it with \`docker exec\` on its node, route it through a Domain (with basic auth or allowIps), or acknowledge 'swarm-loopback-port'.`,
      });
      continue;
    }
    const host = s.role === 'proxy' || stateful;
    (out as { hostPort: boolean }).hostPort ||= host;
    // Swarm publishes on every interface and has no host_ip (`docker stack config` refuses it).
    out.ports.push({ target: p.container, published: p.host, protocol: p.protocol, mode: host ? 'host' : 'ingress' });
    if (stateful && s.role !== 'proxy') {
      out.problems.push({
        service: s.name,
        warning: 'swarm-stateful-port',
        message: `port ${p.host} of a stateful service is published in host mode on the data node only, and updates stop the old task before starting the new one.`,
        fix: 'prefer no published port (services reach it by name on the overlay network), or acknowledge \'swarm-stateful-port\'.',
      });
    } else if (s.role === 'proxy') {
      out.notes.push({ service: s.name, text: `port ${p.host} is published in host mode on the proxy's node (client addresses preserved); point DNS at that node.` });
    }
  }
  return out;
}
