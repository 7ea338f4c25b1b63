import type { Framework } from '../detect.js';
import type { AppNeeds, DataService } from './app-needs.js';

/** One line of a service's `env` in the generated infra.ts. */
export type EnvLine =
  | { readonly name: string; readonly expr: string }
  /** Written commented out, with why: init could not give it a value. */
  | { readonly name: string; readonly todo: string };

/** A Secret the generated infra.ts declares once and shares between services. */
export interface SecretDecl {
  readonly env: string;
  readonly kind: 'generate' | 'provided';
}

/** Variables of the code, data services and where the references live (`db`, `redis` variables). */
export interface WiringInput {
  readonly framework: Framework;
  readonly needs: AppNeeds;
  /** Variable names of the data constructs that exist in infra.ts. */
  readonly vars: Partial<Record<DataService, string>>;
}

const IGNORED = /^(NODE_ENV|PORT|HOST|HOSTNAME|DEBUG|TZ|PATH|HOME|PWD|CI|LOG_LEVEL|PYTHONUNBUFFERED|PYTHONPATH|FLASK_APP|FLASK_ENV|DJANGO_SETTINGS_MODULE|NEXT_RUNTIME|NEXT_PHASE|VERCEL.*|npm_.*|JAVA_OPTS|SERVER_PORT|APP_ENV|ENV|ENVIRONMENT)$/;
const PG_URL = /^(DATABASE|DB|POSTGRES|POSTGRESQL|PG|PRIMARY_DATABASE|SQLALCHEMY_DATABASE)_?(URL|URI|DSN)$/;
const PG_PART = /^(DB|DATABASE|POSTGRES|POSTGRESQL|PG)_?(HOST|HOSTNAME|SERVER|USER|USERNAME|PASS|PASSWORD|NAME|DB|DATABASE|PORT)$/;
const REDIS_URL = /^(REDIS|CACHE|BROKER|CELERY_BROKER|QUEUE|BULL|BULLMQ|RQ|SPRING_DATA_REDIS|SPRING_REDIS)_?(URL|URI)$|^CELERY_RESULT_BACKEND$/;
const REDIS_PART = /^REDIS_(HOST|HOSTNAME|PORT|PASSWORD|PASS)$/;
const MONGO_OR_MYSQL_URL = /^(MONGO|MONGODB|MYSQL|MARIADB)_?(URL|URI|DSN)$/;
const PROVIDED = /(CLIENT_SECRET|API_KEY|APIKEY|ACCESS_KEY|TOKEN|DSN|WEBHOOK|SMTP_PASS|_PASSWORD|_PASS)$/;
const GENERATED = /(SECRET|SECRET_KEY|PEPPER|SALT|SIGNING_KEY|ENCRYPTION_KEY|SESSION_KEY|JWT_KEY|PRIVATE_KEY|COOKIE_KEY|APP_KEY)$|^(ADMIN|SUPERUSER|ROOT)_PASSWORD$|^SECRET_/;

/**
 * The `env` of one service: each variable the code reads gets a reference (database and cache
 * URLs, Secrets) or, when nothing can be inferred, a commented line to fill. Secrets the lines use
 * are returned too, shared by name across services.
 */
export function wireEnv(input: WiringInput): { lines: EnvLine[]; secrets: SecretDecl[] } {
  const { needs, vars, framework } = input;
  const lines: EnvLine[] = [];
  const secrets: SecretDecl[] = [];
  const pg = vars.postgres;
  const redis = vars.redis;
  const spring = framework === 'spring-boot';
  for (const name of needs.env) {
    if (IGNORED.test(name)) continue;
    if (/^(NEXT_PUBLIC|VITE|REACT_APP)_/.test(name)) {
      lines.push({ name, todo: 'read at build time: set it in buildEnv (public values only)' });
    } else if (PG_URL.test(name) || name === 'SPRING_DATASOURCE_URL') {
      if (pg) lines.push({ name, expr: spring || name === 'SPRING_DATASOURCE_URL' ? jdbc(pg) : `${pg}.url` });
      else lines.push({ name, todo: `a database URL: ${dataTodo(needs)}` });
    } else if (PG_PART.test(name) || /^SPRING_DATASOURCE_(USERNAME|PASSWORD)$/.test(name)) {
      if (pg) lines.push({ name, expr: pgPart(pg, name) });
      else lines.push({ name, todo: `part of a database connection: ${dataTodo(needs)}` });
    } else if (REDIS_URL.test(name)) {
      if (redis) lines.push({ name, expr: name === 'CELERY_RESULT_BACKEND' ? `${redis}.urlFor(1)` : `${redis}.url` });
      else lines.push({ name, todo: 'a Redis URL, but no Redis client was found in the dependencies: add `new Redis(app, …)` and use its url' });
    } else if (REDIS_PART.test(name)) {
      if (redis) lines.push({ name, expr: /PORT$/.test(name) ? `'6379'` : /PASS/.test(name) ? `${redis}.password` : `${redis}.name` });
      else lines.push({ name, todo: 'part of a Redis connection: add `new Redis(app, …)`' });
    } else if (MONGO_OR_MYSQL_URL.test(name)) {
      lines.push({ name, todo: dataTodo(needs) });
    } else if (GENERATED.test(name) && !PROVIDED.test(name.replace(/^(ADMIN|SUPERUSER|ROOT)_PASSWORD$/, ''))) {
      secrets.push({ env: name, kind: 'generate' });
      lines.push({ name, expr: secretVar(name) });
    } else if (PROVIDED.test(name) || GENERATED.test(name)) {
      secrets.push({ env: name, kind: 'provided' });
      lines.push({ name, expr: secretVar(name) });
    } else {
      lines.push({ name, todo: 'read by the code; set its value or remove this line' });
    }
  }
  if (pg && needs.data.has('postgres') && !lines.some((l) => PG_URL.test(l.name) || PG_PART.test(l.name) || l.name.startsWith('SPRING_DATASOURCE_'))) {
    if (spring) {
      lines.push({ name: 'SPRING_DATASOURCE_URL', expr: jdbc(pg) }, { name: 'SPRING_DATASOURCE_USERNAME', expr: `${pg}.user` }, { name: 'SPRING_DATASOURCE_PASSWORD', expr: `${pg}.password` });
    } else lines.push({ name: 'DATABASE_URL', expr: `${pg}.url` });
  }
  if (redis && needs.data.has('redis') && !lines.some((l) => REDIS_URL.test(l.name) || REDIS_PART.test(l.name))) {
    if (needs.celery) lines.push({ name: 'CELERY_BROKER_URL', expr: `${redis}.url` });
    else lines.push({ name: spring ? 'SPRING_DATA_REDIS_URL' : 'REDIS_URL', expr: `${redis}.url` });
  }
  return { lines: dedupe(lines), secrets };
}

/** Variable name of the Secret for an env name: `JWT_SECRET` → `jwtSecret`. */
export function secretVar(env: string): string {
  const parts = env.toLowerCase().split('_').filter(Boolean);
  return parts.map((p, i) => (i === 0 ? p : p[0]!.toUpperCase() + p.slice(1))).join('');
}

function jdbc(pg: string): string {
  return `\`jdbc:postgresql://\${${pg}.host}:5432/\${${pg}.database}\``;
}

function pgPart(pg: string, name: string): string {
  if (/(HOST|HOSTNAME|SERVER)$/.test(name)) return `${pg}.host`;
  if (/(USER|USERNAME)$/.test(name)) return `${pg}.user`;
  if (/(PASS|PASSWORD)$/.test(name)) return `${pg}.password`;
  if (/PORT$/.test(name)) return `'5432'`;
  return `${pg}.database`;
}

function dataTodo(needs: AppNeeds): string {
  const other = (['mysql', 'mongodb'] as const).filter((s) => needs.data.has(s));
  return other.length
    ? `${other.map((s) => (s === 'mysql' ? 'MySQL' : 'MongoDB')).join(' and ')}: no construct yet (see the TODO above)`
    : 'no database client was found in the dependencies; add the database and use its url';
}

function dedupe(lines: EnvLine[]): EnvLine[] {
  const seen = new Set<string>();
  return lines.filter((l) => !seen.has(l.name) && seen.add(l.name));
}
