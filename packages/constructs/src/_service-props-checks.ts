import type { ValidationProblem } from '@slipway/core';
import { singleLineProblem, shown } from './formats/text.js';
import type { Service, ServiceProps } from './service.js';
import { durationProblem, DURATION_FIX } from './validate/durations.js';
import { checkHealthCheck } from './validate/health-check-props.js';
import { unknownKeys } from './validate/known-keys.js';
import { checkMounts } from './validate/mounts.js';
import { PRE_ESCAPED } from './validate/pre-escaped.js';
import { checkResources } from './validate/resources.js';

/** Every property of ServiceProps (a typo'd key is reported, not dropped). */
export const SERVICE_KEYS = [
  'name', 'port', 'ports', 'env', 'command', 'entrypoint', 'releaseCommand', 'healthCheck', 'volumes', 'restart', 'resources', 'user',
  'replicas', 'labels', 'networks', 'dependsOn', 'readOnlyRootFilesystem', 'dropCapabilities', 'capDrop', 'capAdd', 'stopGracePeriod', 'pidsLimit',
  'metrics', 'swarm', 'image', 'build', 'role',
] as const;

const RESTART = ['no', 'always', 'on-failure', 'unless-stopped'];
const ROLES = ['app', 'database', 'cache', 'proxy', 'worker', 'tool'];
const USER = /^(?:[a-z_][a-z0-9_-]*\$?|\d+)(?::(?:[a-z_][a-z0-9_-]*\$?|\d+))?$/;
const CAPABILITY = /^(?:CAP_)?[A-Z][A-Z0-9_]*$/;

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
  if (Array.isArray(p.releaseCommand) && p.releaseCommand.length === 0) err(out, 'releaseCommand is empty.', "give the command, e.g. releaseCommand: ['npx', 'prisma', 'migrate', 'deploy'], or leave it out.");
  for (const key of ['command', 'entrypoint', 'releaseCommand'] as const) {
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
  if (p.build === null || (p.build !== undefined && typeof p.build !== 'object')) err(out, `build ${shown(p.build)} is not a build.`, `set build: { context: './api' }, or leave it out and set image.`);
  else if (p.build !== undefined) out.push(...checkBuild(p.build));
  return out;
}

/** Paths, stage and arguments of a build: one line each (they reach Compose, scripts and DEPLOY.md). */
function checkBuild(b: NonNullable<ServiceProps['build']>): Problems {
  const out: Problems = [...unknownKeys(b, ['context', 'dockerfile', 'args', 'target', 'outputFolder'], 'build')];
  const text = (v: unknown) => (typeof v === 'string' ? (v === '' ? 'is empty' : singleLineProblem(v)) : 'is not a string');
  if (text(b.context)) err(out, `build.context ${shown(b.context)} ${text(b.context)}.`, `give a folder relative to infra.ts, e.g. context: './api'.`);
  if (typeof b.dockerfile === 'string' && text(b.dockerfile)) err(out, `build.dockerfile ${shown(b.dockerfile)} ${text(b.dockerfile)}.`, `give a path relative to the context, e.g. 'Dockerfile.prod'.`);
  if (b.target !== undefined && !(typeof b.target === 'string' && /^[A-Za-z0-9][A-Za-z0-9_.-]{0,127}$/.test(b.target))) {
    err(out, `build.target ${shown(b.target)} is not a stage name.`, `name a stage of the Dockerfile, e.g. target: 'runtime'.`);
  }
  for (const [k, v] of Object.entries(typeof b.args === 'object' && b.args !== null ? b.args : {})) {
    if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(k)) err(out, `build argument name ${shown(k)} is invalid.`, 'use letters, digits and "_" (e.g. "NODE_VERSION").');
    if (text(v) && v !== '') err(out, `build argument "${k}" ${text(v)}.`, 'keep build arguments on one line, as plain text.');
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

