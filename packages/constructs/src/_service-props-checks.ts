import { Reference, Tokens, type ValidationProblem } from '@slipway/core';
import { singleLineProblem, shown } from './formats/text.js';
import { HealthCheck } from './health-check.js';
import { Secret } from './secret.js';
import { PlainValue } from './plain-value.js';
import type { EnvValue, Mount, Resources, Service, ServiceProps } from './service.js';
import { durationProblem, DURATION_FIX } from './validate/durations.js';
import { unknownKeys } from './validate/known-keys.js';
import { parseSize, sizeProblem } from './validate/sizes.js';
import { Volume } from './volume.js';

/** Every property of ServiceProps (a typo'd key is reported, not dropped). */
export const SERVICE_KEYS = [
  'name', 'port', 'ports', 'env', 'command', 'entrypoint', 'healthCheck', 'volumes', 'restart', 'resources', 'user',
  'replicas', 'labels', 'networks', 'dependsOn', 'readOnlyRootFilesystem', 'capDrop', 'capAdd', 'stopGracePeriod', 'pidsLimit',
  'metrics', 'swarm', 'image', 'build', 'role',
] as const;

const RESTART = ['no', 'always', 'on-failure', 'unless-stopped'];
const ROLES = ['app', 'database', 'cache', 'proxy', 'worker', 'tool'];
const USER = /^(?:[a-z_][a-z0-9_-]*\$?|\d+)(?::(?:[a-z_][a-z0-9_-]*\$?|\d+))?$/;
const CAPABILITY = /^(?:CAP_)?[A-Z][A-Z0-9_]*$/;
/** Text a template string produces from a missing value: `Bearer ${token}` with token undefined. */
// (`null` and `NaN` are left alone: `/dev/null` and JSON values are legitimate.)
const MISSING_VALUE = /(^|[^A-Za-z0-9_])(undefined|\[object Object\])($|[^A-Za-z0-9_])/;
/** `scheme://user:password@host`: a credential typed into a URL. */
const URL_CREDENTIALS = /^[a-z][a-z0-9+.-]*:\/\/[^/:@\s]*:([^@\s/]+)@/i;
/** Compose-style `$$VAR` (Slipway escapes `$` itself, so `$$` would reach the shell as the PID). */
const PRE_ESCAPED = /\$\$[A-Za-z_{]/;

type Problems = ValidationProblem[];
const isConstructOf = (x: unknown, symbol: string) => typeof x === 'object' && x !== null && Symbol.for(symbol) in x;
const err = (out: Problems, message: string, fix: string) => out.push({ message, fix });

/** Types, ranges and formats of every ServiceProps value. */
export function checkServiceProps(service: Service, known: readonly string[]): Problems {
  const p = service.props as ServiceProps & Record<string, unknown>;
  const out: Problems = [...unknownKeys(p, known, 'the service')];
  for (const key of ['ports', 'volumes', 'capAdd', 'capDrop', 'networks', 'dependsOn'] as const) {
    if (p[key] !== undefined && !Array.isArray(p[key])) err(out, `${key} must be a list, got ${shown(p[key])}.`, `write ${key}: [ … ], one entry per item.`);
  }
  for (const d of Array.isArray(p.dependsOn) ? p.dependsOn : []) {
    if (!isConstructOf(d, '@slipway/constructs.Service')) err(out, `dependsOn has ${shown(d)}, not a Service.`, 'pass the Service object itself: dependsOn: [db].');
  }
  for (const n of Array.isArray(p.networks) ? p.networks : []) {
    if (!isConstructOf(n, '@slipway/constructs.Network')) err(out, `networks has ${shown(n)}, not a Network.`, `create it and pass the object: networks: [new Network(app, 'backend')].`);
  }
  for (const key of ['env', 'labels'] as const) {
    const v = p[key];
    if (v !== undefined && (typeof v !== 'object' || v === null || Array.isArray(v))) err(out, `${key} must be an object of name: value, got ${shown(v)}.`, `write ${key}: { NAME: 'value' }.`);
  }
  if (p.restart !== undefined && !RESTART.includes(p.restart)) {
    err(out, `restart ${shown(p.restart)} is not a restart policy.`, `use one of: ${RESTART.join(', ')}.`);
  }
  if (p.role !== undefined && !ROLES.includes(p.role)) err(out, `role ${shown(p.role)} is not a role.`, `use one of: ${ROLES.join(', ')}.`);
  if (p.user !== undefined && (typeof p.user !== 'string' || !USER.test(p.user))) {
    err(out, `user ${shown(p.user)} is not a user or uid[:gid].`, `write user: '1000:1000' (or a user name of the image).`);
  }
  for (const [key, list] of [['capAdd', p.capAdd], ['capDrop', p.capDrop]] as const) {
    if (!Array.isArray(list)) continue;
    for (const c of list) if (typeof c !== 'string' || !CAPABILITY.test(c)) err(out, `${key} ${shown(c)} is not a Linux capability name.`, 'use upper-case names such as "NET_BIND_SERVICE" or "ALL".');
  }
  for (const key of ['command', 'entrypoint'] as const) {
    const argv = p[key];
    if (argv === undefined) continue;
    if (!Array.isArray(argv) || argv.some((a) => typeof a !== 'string')) {
      err(out, `${key} must be a list of strings (exec form), got ${shown(argv)}.`, `split it into words: ${key}: ['node', 'main.js'] (or ['sh', '-c', '…'] for a shell).`);
    } else if (argv.some((a) => PRE_ESCAPED.test(a))) {
      err(out, `${key} contains "$$" followed by a name, Compose's own escape.`, 'write "$VAR": Slipway escapes "$" for Compose itself, so "$$VAR" would reach the shell as its PID followed by "VAR".');
    }
  }
  if (p.stopGracePeriod !== undefined && durationProblem(p.stopGracePeriod)) {
    err(out, `stopGracePeriod ${durationProblem(p.stopGracePeriod)}.`, DURATION_FIX);
  }
  if (p.pidsLimit !== undefined && !(Number.isSafeInteger(p.pidsLimit) && p.pidsLimit >= 1)) {
    err(out, `pidsLimit ${shown(p.pidsLimit)} is not a positive whole number of processes.`, 'set pidsLimit: 1024 (processes and threads), or leave it out for the default of 512.');
  }
  out.push(...checkResources(p.resources), ...checkHealthCheck(service), ...checkMounts(service.mounts), ...checkLabels(service.labels));
  for (const port of Array.isArray(p.ports) ? p.ports : []) {
    out.push(...unknownKeys(port, ['container', 'host', 'public', 'protocol'], 'a port mapping'));
    if (port.protocol !== undefined && port.protocol !== 'tcp' && port.protocol !== 'udp') err(out, `protocol ${shown(port.protocol)} is not tcp or udp.`, `set protocol: 'tcp' or 'udp'.`);
  }
  if (p.build !== undefined) out.push(...unknownKeys(p.build, ['context', 'dockerfile', 'args', 'target'], 'build'));
  return out;
}

function checkResources(r: Resources | undefined): Problems {
  if (r === undefined) return [];
  if (typeof r !== 'object' || r === null) return [{ message: `resources must be an object, got ${shown(r)}.`, fix: `write resources: { cpus: 1, memory: '512M' }.` }];
  const out: Problems = [...unknownKeys(r, ['cpus', 'memory', 'reservedCpus', 'reservedMemory'], 'resources')];
  for (const key of ['cpus', 'reservedCpus'] as const) {
    const v = r[key];
    if (v !== undefined && (typeof v !== 'number' || !Number.isFinite(v) || v <= 0)) err(out, `resources.${key} ${shown(v)} is not a positive number of CPUs.`, `set ${key}: 0.5 (half a CPU) or 2.`);
  }
  for (const key of ['memory', 'reservedMemory'] as const) {
    const v = r[key];
    if (v !== undefined && sizeProblem(v)) err(out, `resources.${key} ${sizeProblem(v)}.`, `write a size such as '512M' or '1G'.`);
  }
  if (typeof r.cpus === 'number' && typeof r.reservedCpus === 'number' && r.reservedCpus > r.cpus) {
    err(out, `resources.reservedCpus ${r.reservedCpus} is above the limit cpus ${r.cpus}.`, 'reserve at most the limit: lower reservedCpus or raise cpus.');
  }
  const limit = parseSize(r.memory);
  const reserved = parseSize(r.reservedMemory);
  if (limit !== undefined && reserved !== undefined && reserved > limit) {
    err(out, `resources.reservedMemory ${r.reservedMemory} is above the limit memory ${r.memory}.`, 'reserve at most the limit: lower reservedMemory or raise memory.');
  }
  return out;
}

function checkHealthCheck(service: Service): Problems {
  const hc = service.props.healthCheck as unknown;
  if (hc === undefined) return [];
  if (!HealthCheck.isHealthCheck(hc)) {
    return [{ message: `healthCheck ${shown(hc)} is not a HealthCheck.`, fix: `use HealthCheck.http(${service.port ?? 3000}, '/health'), HealthCheck.command([...]) or HealthCheck.none('why').` }];
  }
  const out: Problems = [...unknownKeys(hc.timing, ['interval', 'timeout', 'retries', 'startPeriod'], 'the health check timing')];
  for (const key of ['interval', 'timeout', 'startPeriod'] as const) {
    const v = hc.timing[key];
    if (v !== undefined && durationProblem(v)) err(out, `health check ${key} ${durationProblem(v)}.`, DURATION_FIX);
  }
  const retries = hc.timing.retries;
  if (retries !== undefined && (!Number.isInteger(retries) || retries < 1)) err(out, `health check retries ${shown(retries)} is not a whole number ≥ 1.`, 'set retries: 5.');
  if (hc.probe) {
    const { port, path, tool } = hc.probe;
    if (!Number.isInteger(port) || (port as number) < 1 || (port as number) > 65535) err(out, `health check port ${shown(port)} is not a valid port.`, 'use a whole number from 1 to 65535.');
    else if (service.port !== undefined && port !== service.port) {
      err(out, `the health check probes port ${port}, but the service listens on ${service.port}.`, `use HealthCheck.http(${service.port}, '${path}'), or fix the service's port.`);
    }
    if (!/^\/?[A-Za-z0-9._~\-/?=&%]*$/.test(path)) err(out, `health check path ${shown(path)} is not a plain URL path.`, `write a path such as '/health'.`);
    if (!['wget', 'curl', 'node', 'python'].includes(tool as string)) err(out, `health check tool ${shown(tool)} is unknown.`, 'use wget, curl, node or python.');
  }
  if (hc.test?.[0] === 'CMD-SHELL' && PRE_ESCAPED.test(hc.test[1] ?? '')) {
    err(out, `the health check script contains "$$" followed by a name, Compose's own escape.`, 'write "$VAR": Slipway escapes "$" for Compose itself, so "$$VAR" would reach the shell as its PID followed by "VAR".');
  }
  if (hc.test?.[0] === 'CMD' && hc.test.length === 2 && /\s/.test(String(hc.test[1]))) {
    err(out, `the health check runs the single program ${shown(hc.test[1])}, a whole command line.`, `split it into words, HealthCheck.command(['curl', '-f', 'http://127.0.0.1:3000/health']), or use HealthCheck.shell('…').`);
  }
  if (hc.test?.some((t) => typeof t !== 'string' || t.includes('\u0000'))) err(out, 'the health check has a non-text or NUL argument.', 'pass plain strings.');
  return out;
}

function checkMounts(mounts: readonly Mount[]): Problems {
  const out: Problems = [];
  const targets = new Map<string, number>();
  for (const m of mounts) {
    if (m === null || typeof m !== 'object') {
      err(out, `mount ${shown(m)} is not a mount.`, `write { volume: data, target: '/data' }, { bind: './conf', target: '/conf' } or { tmpfs: '/tmp' }.`);
      continue;
    }
    const kind = 'tmpfs' in m ? 'tmpfs' : 'volume' in m ? 'volume' : 'bind' in m ? 'bind' : 'outputFile' in m ? 'outputFile' : undefined;
    if (!kind) {
      err(out, `mount ${shown(m)} has none of volume, bind, outputFile or tmpfs.`, `write { volume: data, target: '/data' } or { bind: './conf', target: '/conf' }.`);
      continue;
    }
    const known = kind === 'tmpfs' ? ['tmpfs', 'size'] : [kind, 'target', 'readOnly'];
    out.push(...unknownKeys(m, known, `a ${kind} mount`));
    if ('volume' in m && !Volume.isVolume(m.volume)) err(out, `mount on ${shown((m as { target?: string }).target)} names ${shown(m.volume)}, not a Volume.`, `create it: new Volume(app, 'data').`);
    if ('bind' in m && (typeof m.bind !== 'string' || m.bind === '')) err(out, `bind mount source ${shown(m.bind)} is empty.`, `give a path relative to infra.ts, e.g. './config'.`);
    if ('tmpfs' in m && m.size !== undefined && sizeProblem(m.size)) err(out, `tmpfs size ${sizeProblem(m.size)}.`, `write a size such as '64m'.`);
    const target = 'tmpfs' in m ? m.tmpfs : m.target;
    if (typeof target !== 'string') {
      err(out, `mount target ${shown(target)} is not a path.`, 'mount targets are paths inside the container, e.g. "/data".');
      continue;
    }
    const normal = target.replace(/\/+$/, '') || '/';
    targets.set(normal, (targets.get(normal) ?? 0) + 1);
    if (targets.get(normal) === 2) err(out, `two mounts share the target "${normal}"; Docker refuses to start the container.`, 'give each mount its own target path.');
    const line = singleLineProblem(target) ?? (/[:,]/.test(target) ? 'contains ":" or ","' : undefined);
    if (line) err(out, `mount target ${shown(target)} ${line}.`, 'use a plain absolute path such as "/data".');
  }
  return out;
}

function checkLabels(labels: ReadonlyArray<readonly [string, string]>): Problems {
  const out: Problems = [];
  for (const [k, v] of labels) {
    if (!/^[A-Za-z0-9][A-Za-z0-9._/-]*$/.test(k)) err(out, `label name ${shown(k)} is not valid.`, 'use letters, digits, ".", "-", "_" and "/" (e.g. "com.example.team").');
    if (typeof v !== 'string') err(out, `label "${k}" has the value ${shown(v)}, not a string.`, `write labels: { '${k}': 'text' }.`);
    else if (singleLineProblem(v)) err(out, `label "${k}" ${singleLineProblem(v)}.`, 'keep label values on one line, without control characters.');
  }
  return out;
}

/** Problems of one environment value: missing values, literal credentials in URLs, bad types. */
export function envValueProblems(name: string, value: EnvValue | undefined | null): Problems {
  const out: Problems = [];
  if (value === undefined || value === null) {
    err(out, `environment variable "${name}" is ${value} (a variable that was never set?).`, `give it a value, or leave "${name}" out of env.`);
    return out;
  }
  if (Secret.isSecret(value) || value instanceof Reference || value instanceof PlainValue) {
    if (value instanceof PlainValue && typeof value.value !== 'string') err(out, `plain() for "${name}" got ${shown(value.value)}, not a string.`, `write plain('…') with text.`);
    return out;
  }
  if (typeof value === 'number' || typeof value === 'boolean') {
    if (typeof value === 'number' && !Number.isFinite(value)) err(out, `environment variable "${name}" is ${value}.`, 'compute a finite number, or pass text.');
    return out;
  }
  if (typeof value !== 'string') {
    err(out, `environment variable "${name}" is ${shown(value)}, not text, a number, a boolean or a Secret.`, `pass a string (JSON.stringify(…) for structured data) or a Secret.`);
    return out;
  }
  const literal = Tokens.isUnresolved(value) ? value.replace(/\u0000ref:\d+\u0000/g, '') : value;
  if (MISSING_VALUE.test(literal)) {
    err(out, `"${name}" contains the text "${MISSING_VALUE.exec(literal)![2]}", the mark of a missing value in a template string.`, 'check the variable inside `${…}`: it was not set when infra.ts ran.');
  }
  const credential = URL_CREDENTIALS.exec(value);
  if (credential && !Tokens.isUnresolved(credential[1]!)) {
    err(out, `"${name}" holds a URL with a literal password, which would be written into docker-compose.yml.`, 'put the password in a Secret and build the URL from it: `postgres://app:${password}@db:5432/app` (or use db.url).');
  }
  if (literal.includes('\u0000')) err(out, `environment variable "${name}" contains a NUL character.`, 'remove it: no program can receive it.');
  return out;
}
