import type { ComposeInput } from './compose-file.js';
import type { DataRef, Secrets } from './env-values.js';
import { wholeInterpolation } from './env-values.js';
import { envNameOf, tsLiteral, tsString } from './registry.js';

/** Official images that become a typed construct. */
export function dataKindOf(image: string | undefined): 'postgres' | 'redis' | undefined {
  const m = /^(?:docker\.io\/)?(?:library\/)?(postgres|redis)(?::([^@]+))?(?:@.*)?$/.exec(image ?? '');
  return m?.[1] as 'postgres' | 'redis' | undefined;
}

/** The tag of an image, if any (`postgres:16.4-alpine` → `16.4-alpine`). */
export function tagOf(image: string): string | undefined {
  return /:([^/@]+)(?:@.*)?$/.exec(image)?.[1];
}

/** Props of a data construct, as TypeScript, plus what of the service they consumed. */
export interface DataProps {
  readonly ref: DataRef;
  readonly props: Array<readonly [string, string]>;
  /** Environment keys consumed (POSTGRES_PASSWORD…). */
  readonly usedEnv: ReadonlySet<string>;
  /** The data volume is handled (volume prop or bind override). */
  readonly dataTarget: string;
  readonly notes: string[];
}

/** Postgres from a `postgres:*` service: version and variant kept, role, database, password Secret, tuning. */
export function postgresProps(s: ComposeInput, variable: string, secrets: Secrets): DataProps {
  const env = new Map(s.environment);
  const notes: string[] = [];
  const tag = tagOf(s.image!);
  const props: Array<readonly [string, string]> = [];
  if (!tag || tag === 'latest' || !/^\d/.test(tag)) {
    props.push(['version', `'16'`]);
    notes.push(`${s.name}: image "${s.image}" has no version tag; pinned to postgres 16 (alpine). Check the version your data volume was created with (its PG_VERSION file) and set version to match.`);
    if (tag && tag !== 'latest') props.push(['variant', tsString(tag)]);
  } else {
    const [version, ...variant] = tag.split('-');
    props.push(['version', tsString(version!)], ['variant', tsString(variant.join('-'))]);
  }
  const user = env.get('POSTGRES_USER') ?? 'postgres';
  const database = env.get('POSTGRES_DB') ?? user;
  props.push(['database', tsString(database)], ['user', tsString(user)]);
  const used = new Set(['POSTGRES_USER', 'POSTGRES_DB', 'POSTGRES_PASSWORD']);
  const password = env.get('POSTGRES_PASSWORD');
  if (password !== undefined) {
    const secret = secrets.for('POSTGRES_PASSWORD', password, s.name, wholeInterpolation(password) ? undefined : `${envNameOf(s.name)}_PASSWORD`);
    props.push(['password', secret.variable]);
  } else notes.push(`${s.name}: no POSTGRES_PASSWORD in the original; Postgres now gets a generated password (an existing data volume keeps the password it was created with).`);
  if (env.get('POSTGRES_HOST_AUTH_METHOD') === 'trust') {
    used.add('POSTGRES_HOST_AUTH_METHOD');
    notes.push(`${s.name}: POSTGRES_HOST_AUTH_METHOD=trust let anyone on the network in without a password; dropped.`);
  }
  const tuning = tuningOf(s.command);
  if (tuning) props.push(['tuning', tsLiteral(tuning, '  ')]);
  return { ref: { kind: 'postgres', compose: s.name, variable, user, database, password: password !== undefined && !wholeInterpolation(password) ? password : undefined }, props, usedEnv: used, dataTarget: env.get('PGDATA')?.replace(/\/pgdata$/, '') ?? '/var/lib/postgresql/data', notes };
}

/** `postgres -c max_connections=200 -c shared_buffers=256MB` → `{ max_connections: '200', … }`. */
function tuningOf(command: readonly string[] | undefined): Record<string, string> | undefined {
  if (!command?.length || command[0] !== 'postgres') return undefined;
  const out: Record<string, string> = {};
  for (let i = 1; i < command.length; i++) {
    const arg = command[i]!;
    const kv = arg === '-c' ? command[++i] : arg.startsWith('-c') ? arg.slice(2) : undefined;
    const m = kv && /^([\w.]+)=(.*)$/.exec(kv);
    if (m) out[m[1]!] = m[2]!;
  }
  return Object.keys(out).length ? out : undefined;
}

/** Redis from a `redis:*` service: version, password Secret, persistence and memory flags from its command. */
export function redisProps(s: ComposeInput, variable: string, secrets: Secrets): DataProps {
  const notes: string[] = [];
  const props: Array<readonly [string, string]> = [];
  const tag = tagOf(s.image!);
  const version = tag && /^\d+(\.\d+)*/.exec(tag)?.[0];
  if (version) props.push(['version', tsString(version)]);
  else notes.push(`${s.name}: image "${s.image}" has no version tag; pinned to Redis 7.4.`);
  const args = s.command ?? [];
  const flag = (name: string) => {
    const i = args.indexOf(`--${name}`);
    return i >= 0 ? args[i + 1] : undefined;
  };
  let password: string | undefined;
  const pass = flag('requirepass');
  if (pass !== undefined) {
    const env = new Map(s.environment);
    const resolved = /^\$\{?(\w+)\}?$/.exec(pass) && env.get(/^\$\{?(\w+)\}?$/.exec(pass)![1]!);
    const value = resolved ?? pass;
    password = wholeInterpolation(value) ? undefined : value;
    props.push(['password', secrets.for('REDIS_PASSWORD', value, s.name, wholeInterpolation(value) ? undefined : `${envNameOf(s.name)}_PASSWORD`).variable]);
  } else notes.push(`${s.name}: Redis had no password; it now requires one (generated), and the services that use it get URLs that carry it.`);
  if (flag('appendonly') === 'yes') props.push(['persistence', `'aof'`]);
  else if (flag('save') === '' || flag('save') === '""' || flag('save') === "''") props.push(['persistence', `'none'`]);
  else if (args.includes('--save') || flag('appendonly') === 'no') props.push(['persistence', `'rdb'`]);
  const maxMemory = flag('maxmemory');
  if (maxMemory) props.push(['maxMemory', tsString(maxMemory)]);
  const policy = flag('maxmemory-policy');
  if (policy && maxMemory) props.push(['evictionPolicy', tsString(policy)]);
  const known = new Set(['--requirepass', '--appendonly', '--save', '--maxmemory', '--maxmemory-policy']);
  const dropped = args.filter((a, i) => a.startsWith('--') && !known.has(a) && i > 0);
  if (dropped.length) notes.push(`${s.name}: redis-server flags not carried over (the Redis construct writes its own command): ${dropped.join(' ')}.`);
  return { ref: { kind: 'redis', compose: s.name, variable, password }, props, usedEnv: new Set(pass !== undefined ? [/^\$\{?(\w+)\}?$/.exec(pass)?.[1] ?? ''] : []), dataTarget: '/data', notes };
}
