import type { ComposeInput, VolumeInput } from './compose-file.js';
import type { DataProps } from './data-services.js';
import { tsLiteral, tsString } from './registry.js';

// How the parts of a Compose service become Service options (or overrides, when none fits).

const RESTARTS = new Set(['no', 'always', 'on-failure', 'unless-stopped']);

/** A mount as a `volumes` entry; the data folder of a construct becomes its `volume` prop. */
export function mount(
  v: VolumeInput,
  s: ComposeInput,
  d: DataProps | undefined,
  volumeFor: (n: string) => { variable: string },
  fromInfra: (p: string) => string,
  fromOut: (p: string) => string,
  overrides: Record<string, unknown>,
  props: Array<readonly [string, string]>,
  notes: string[],
): string | undefined {
  const ro = 'readOnly' in v && v.readOnly ? ', readOnly: true' : '';
  if (d && 'target' in v && v.target.replace(/\/$/, '') === d.dataTarget) {
    if (v.type === 'volume') {
      props.push(['volume', volumeFor(v.source).variable]);
      return undefined;
    }
    if (v.type === 'bind') {
      overrides.volumes = [`${fromOut(v.source)}:${v.target}`];
      notes.push(`${s.name}: data lives in the bind-mounted folder ${v.source}; kept with an override (a named volume is safer to back up).`);
      return undefined;
    }
  }
  if (d?.ref.kind === 'postgres' && v.type === 'bind' && v.target.startsWith('/docker-entrypoint-initdb.d/') && /\.(sql|sh|sql\.gz)$/.test(v.target)) {
    props.push(['initScripts', `[${tsString(fromInfra(v.source))}]`]);
    return undefined;
  }
  switch (v.type) {
    case 'volume':
      return `{ volume: ${volumeFor(v.source).variable}, target: ${tsString(v.target)}${ro} }`;
    case 'bind':
      if (v.source.startsWith('/') || v.source.startsWith('~') || v.source.startsWith('$')) {
        overrides[`volumes`] = [...((overrides.volumes as string[] | undefined) ?? []), `${v.source}:${v.target}${ro ? ':ro' : ''}`];
        notes.push(`${s.name}: host path ${v.source} kept as an override (absolute paths are host-specific).`);
        return undefined;
      }
      return `{ bind: ${tsString(fromInfra(v.source))}, target: ${tsString(v.target)}${ro} }`;
    case 'tmpfs':
      return `{ tmpfs: ${tsString(v.target)}${v.size ? `, size: ${tsString(v.size)}` : ''} }`;
    case 'anonymous': {
      const name = `${s.name}-${v.target.replace(/[^a-z0-9]+/gi, '-').replace(/^-|-$/g, '').toLowerCase()}`;
      notes.push(`${s.name}: the anonymous volume at ${v.target} is now the named volume ${name} (anonymous volumes are lost on every recreate).`);
      return `{ volume: ${volumeFor(name).variable}, target: ${tsString(v.target)} }`;
    }
  }
}

export function healthCheck(s: ComposeInput): string | undefined {
  const hc = s.healthcheck;
  if (!hc) return undefined;
  const t = hc.test;
  if (hc.disable || (Array.isArray(t) && t[0] === 'NONE')) return `HealthCheck.none('disabled in the original Compose file')`;
  const timing: Record<string, unknown> = {};
  if (hc.interval) timing.interval = hc.interval;
  if (hc.timeout) timing.timeout = hc.timeout;
  if (hc.retries !== undefined) timing.retries = hc.retries;
  if (hc.startPeriod) timing.startPeriod = hc.startPeriod;
  const timingCode = Object.keys(timing).length ? `, ${tsLiteral(timing).replace(/\n\s*/g, ' ').replace(/,\s*}/, ' }')}` : '';
  if (typeof t === 'string') return `HealthCheck.shell(${tsString(t)}${timingCode})`;
  if (Array.isArray(t) && t[0] === 'CMD-SHELL') return `HealthCheck.shell(${tsString(t.slice(1).join(' '))}${timingCode})`;
  if (Array.isArray(t) && t[0] === 'CMD') return `HealthCheck.command(${tsLiteral(t.slice(1))}${timingCode})`;
  return undefined;
}

/** Keys with a Service option become props; the others, overrides (kept as written). */
export function restOf(s: ComposeInput, props: Array<readonly [string, string]>, overrides: Record<string, unknown>, fromOut: (p: string) => string, notes: string[]): void {
  for (const [key, value] of Object.entries(s.rest)) {
    switch (key) {
      case 'restart':
        if (RESTARTS.has(String(value))) {
          if (value !== 'unless-stopped') props.push(['restart', tsString(String(value))]);
        } else overrides.restart = value;
        break;
      case 'user':
        props.push(['user', tsString(String(value))]);
        break;
      case 'read_only':
        if (value === true) props.push(['readOnlyRootFilesystem', 'true']);
        break;
      case 'cap_drop':
        props.push(['capDrop', tsLiteral(value)]);
        break;
      case 'cap_add':
        props.push(['capAdd', tsLiteral(value)]);
        break;
      case 'stop_grace_period':
        props.push(['stopGracePeriod', tsString(String(value))]);
        break;
      case 'labels': {
        const labels = Array.isArray(value) ? Object.fromEntries(value.map((l) => String(l).split(/=(.*)/s, 2) as [string, string])) : value;
        props.push(['labels', tsLiteral(labels, '  ')]);
        break;
      }
      case 'deploy': {
        const { replicas, resources, ...other } = value as { replicas?: number; resources?: { limits?: { cpus?: string | number; memory?: string } }; [k: string]: unknown };
        if (replicas !== undefined) props.push(['replicas', String(replicas)]);
        const limits = resources?.limits;
        if (limits && (limits.cpus !== undefined || limits.memory !== undefined)) {
          props.push(['resources', `{ ${[limits.cpus !== undefined ? `cpus: ${Number(limits.cpus)}` : '', limits.memory ? `memory: ${tsString(String(limits.memory))}` : ''].filter(Boolean).join(', ')} }`]);
        }
        const { resources: _r, ...rest } = { resources, ...other };
        for (const [k, v] of Object.entries(rest)) overrides[`deploy.${k}`] = v;
        break;
      }
      case 'networks':
        notes.push(`${s.name}: its networks (${(Array.isArray(value) ? value : Object.keys(value as object)).join(', ')}) are not carried over: Slipway puts apps on "default" and each database or cache on its own internal network, joined by the services that use it.`);
        break;
      case 'container_name':
        notes.push(`${s.name}: container_name "${String(value)}" kept as an override; it stops Compose from running two replicas.`);
        overrides.container_name = value;
        break;
      case 'env_file':
        overrides.env_file = (Array.isArray(value) ? value : [value]).map((f) => (typeof f === 'string' ? fromOut(f) : { ...(f as object), path: fromOut(String((f as { path: string }).path)) }));
        break;
      case 'links':
        notes.push(`${s.name}: links are obsolete (services reach each other by name); dropped.`);
        break;
      default:
        overrides[key] = value;
    }
  }
}
