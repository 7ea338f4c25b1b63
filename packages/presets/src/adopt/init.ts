import { basename } from 'node:path';
import { SourceTree } from '../_source.js';
import { appNeeds, type AppNeeds, type DataService } from './app-needs.js';
import { wireEnv, type SecretDecl } from './env-wiring.js';
import { findApps, type FoundApp } from './find-apps.js';
import { renderInfra, str, type InfraPlan, type ServicePlan } from './render-infra.js';

/** Options of {@link planInit}. */
export interface InitOptions {
  /**
   * App name.
   * @default the root package.json's name (without scope), else the folder's name
   */
  readonly name?: string;
}

/** What `synth init` would write, and what it has to tell the user. */
export interface InitPlan {
  /** Text of the new infra.ts. */
  readonly infra: string;
  /** What was found, one line each (`backend/: flask app, requirements.txt → pip`). */
  readonly found: readonly string[];
  /** Things to do before the first synth succeeds (missing lockfile, Next.js standalone…). */
  readonly todo: readonly string[];
  /** Secrets to obtain and put in deploy/.env (provided, not generated). */
  readonly providedSecrets: readonly string[];
}

const DEFAULT_HEALTH: Readonly<Record<string, string>> = { NestJs: '/health', Express: '/health', Flask: '/health', FastApi: '/health', Django: '/health' };
const PG_VAR = 'db';
const REDIS_VAR = 'redis';

/**
 * Reads a repository (apps, frameworks, databases, variables the code reads) and writes a starter
 * infra.ts. Pure apart from reading `root`: the caller writes the file.
 */
export function planInit(root: string, options: InitOptions = {}): InitPlan {
  const { apps, skipped } = findApps(root);
  const needs = new Map<FoundApp, AppNeeds>(apps.map((a) => [a, appNeeds(a)]));
  const data = new Map<DataService, string[]>();
  for (const [a, n] of needs) for (const [s, why] of n.data) data.set(s, [...(data.get(s) ?? []), `${why}${a.workspace ? '' : ''}`]);
  const vars: Partial<Record<DataService, string>> = {};
  if (data.has('postgres')) vars.postgres = PG_VAR;
  if (data.has('redis')) vars.redis = REDIS_VAR;

  const secrets = new Map<string, SecretDecl>();
  const taken = new Set(['app', PG_VAR, REDIS_VAR]);
  const services: ServicePlan[] = [];
  const todo: string[] = [];
  const found: string[] = [];
  const presets = new Set<string>();
  for (const a of apps) {
    const n = needs.get(a)!;
    const d = a.detection;
    const wiring = wireEnv({ framework: d.framework, needs: n, vars });
    for (const s of wiring.secrets) if (!secrets.has(s.env)) secrets.set(s.env, s);
    for (const s of wiring.secrets) taken.add(s.env.toLowerCase().replace(/_([a-z0-9])/g, (_m, c: string) => c.toUpperCase()));
    const where = a.workspace ? `${a.workspace} (${d.appDir}/)` : a.source === '.' ? './' : `${a.source.slice(2)}/`;
    found.push(`${where}: ${d.framework} → ${d.preset}${d.packageManager ? `, ${d.lockfile ?? '?'} → ${d.packageManager}` : ''}${n.celery ? `, Celery ${n.celery.app}${n.celery.beat ? ' (+ beat)' : ''}` : ''}`);
    todo.push(...d.problems.map((p) => `${where}: ${p.message} Fix: ${p.fix}`));
    if (d.framework === 'nextjs' && !d.nextStandalone) {
      todo.push(`${where}: Next.js must build its standalone output. Fix: add output: 'standalone' to ${d.nextConfig ?? 'next.config.js'}.`);
    }
    presets.add(d.preset);
    const variable = uniqueVar(a.id, taken);
    const options: Array<readonly [string, string]> = [['source', str(a.source)]];
    if (a.workspace) options.push(['workspace', str(a.workspace)]);
    const def = DEFAULT_HEALTH[d.preset];
    if (n.healthPath && def !== undefined && n.healthPath !== def) options.push(['health', str(n.healthPath)]);
    if (n.healthPath && d.preset === 'NextJs' && n.healthPath !== '/') options.push(['health', str(n.healthPath)]);
    if (n.migrate === 'prisma' && (d.preset === 'NestJs' || d.preset === 'Express')) options.push(['migrate', `'prisma'`]);
    if (n.migrate === true && (d.preset === 'Flask' || d.preset === 'Django')) options.push(['migrate', 'true']);
    const comments = [`${where}: ${d.evidence.join('; ')}`];
    if (n.prismaDevOnly) comments.push(`Prisma migrations found: to run them before each start, move "prisma" to dependencies and add migrate: 'prisma'.`);
    if (def !== undefined && !n.healthPath) comments.push(`The health check probes ${def}: add that route to the app, or set \`health\` to one it has.`);
    const after: string[] = [];
    if (n.celery) {
      presets.add('CeleryWorker');
      after.push(`new CeleryWorker(app, ${str(`${a.id}-worker`)}, { from: ${variable}, app: ${str(n.celery.app)} });`);
      if (n.celery.beat) {
        presets.add('CeleryBeat');
        after.push(`new CeleryBeat(app, ${str(`${a.id}-beat`)}, { from: ${variable}, app: ${str(n.celery.app)} });`);
      }
    }
    services.push({ variable, preset: d.preset, id: a.id, options, env: wiring.lines, comments, after });
  }
  for (const s of skipped) found.push(`${s.dir === '.' ? './' : `${s.dir}/`}: skipped, ${s.reason}`);

  const dataPlans: InfraPlan['data'][number][] = [];
  if (vars.postgres) dataPlans.push({ variable: PG_VAR, construct: 'Postgres', id: 'db', props: `{ version: '16' }`, comment: `PostgreSQL: ${data.get('postgres')!.join(', ')}` });
  if (vars.redis) dataPlans.push({ variable: REDIS_VAR, construct: 'Redis', id: 'redis', props: '', comment: `Redis: ${data.get('redis')!.join(', ')}` });
  const todos: string[] = [];
  for (const [s, label, image] of [['mysql', 'MySQL', 'mysql:8.4'], ['mongodb', 'MongoDB', 'mongo:8.0']] as const) {
    if (!data.has(s)) continue;
    todos.push(`TODO ${label} (${data.get(s)!.join(', ')}): Slipway has no ${label} construct yet (it is being written).\n     Until then, declare it as a Service with image '${image}', role 'database', a Volume and a Secret for its password.`);
    todo.push(`${label} is used (${data.get(s)!.join(', ')}) but has no construct yet: see the TODO in infra.ts.`);
  }
  const name = options.name ?? appName(root);
  const header = [
    `Written by \`synth init\` from what it found in this repository; it is yours to edit now.`,
    ...found.map((f) => `  ${f}`),
    'Run `npx synth` to write deploy/ (read deploy/DEPLOY.md), `npx synth --check` in CI.',
  ];
  const infra = renderInfra({ name, header, data: dataPlans, todos, secrets: [...secrets.values()].sort((a, b) => a.env.localeCompare(b.env)), services, presetImports: [...presets] });
  const providedSecrets = [...secrets.values()].filter((s) => s.kind === 'provided').map((s) => s.env).sort();
  if (!apps.length) todo.push('no app with a framework Slipway has a preset for was found: add a Service (image or build) to infra.ts by hand.');
  return { infra, found, todo, providedSecrets };
}

function appName(root: string): string {
  const pkg = new SourceTree(root).json<{ name?: string }>('package.json');
  const raw = (pkg?.name ?? basename(root)).replace(/^@[^/]+\//, '');
  const name = raw.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-+|-+$/g, '');
  return /^[a-z]/.test(name) ? name : `app-${name || 'stack'}`;
}

const JS_RESERVED = new Set(['new', 'class', 'default', 'function', 'delete', 'import', 'export', 'package', 'public', 'private', 'static', 'this', 'var', 'let', 'const', 'enum', 'interface', 'yield', 'await', 'case', 'switch', 'return', 'void', 'with', 'in', 'do', 'if', 'for', 'try', 'catch', 'super', 'null', 'true', 'false', 'typeof', 'instanceof', 'else', 'break', 'continue', 'finally', 'throw', 'while', 'debugger', 'extends', 'implements']);

function uniqueVar(id: string, taken: Set<string>): string {
  let v = id.replace(/-([a-z0-9])/g, (_m, c: string) => c.toUpperCase());
  if (JS_RESERVED.has(v) || taken.has(v)) v = `${v}Service`;
  for (let i = 2; taken.has(v); i++) v = `${v}${i}`;
  taken.add(v);
  return v;
}
