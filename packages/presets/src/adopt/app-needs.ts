import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type { FoundApp } from './find-apps.js';

/** Data services an app's dependencies point at. */
export type DataService = 'postgres' | 'mysql' | 'mongodb' | 'redis';

/** What an app needs, read from its dependencies and its source. */
export interface AppNeeds {
  /** Data services, each with the evidence (`pg in package.json`). */
  readonly data: ReadonlyMap<DataService, string>;
  /** Environment variables the code reads, sorted. */
  readonly env: readonly string[];
  /** The Celery app (`app.worker.celery`), when the app uses Celery. */
  readonly celery?: { readonly app: string; readonly beat: boolean };
  /** The health route found in the source (`/api/health`), if any. */
  readonly healthPath?: string;
  /** Migrations the preset can run before start (`prisma`, or true for Flask-Migrate/Django). */
  readonly migrate?: 'prisma' | true;
  /** Prisma migrations exist, but the prisma CLI is only a devDependency (pruned from the image). */
  readonly prismaDevOnly?: boolean;
}

/** Dependency names (npm, PyPI, Maven artifact) → data service. */
const NODE_DEPS: ReadonlyArray<readonly [RegExp, DataService]> = [
  [/^(pg|postgres|pg-promise|@neondatabase\/serverless|@vercel\/postgres)$/, 'postgres'],
  [/^(mysql|mysql2)$/, 'mysql'],
  [/^(mongoose|mongodb)$/, 'mongodb'],
  [/^(redis|ioredis|bull|bullmq|@redis\/client|connect-redis|cache-manager-redis-store)$/, 'redis'],
];
const PYTHON_DEPS: ReadonlyArray<readonly [RegExp, DataService]> = [
  [/^(psycopg|psycopg2|psycopg2-binary|psycopg-binary|asyncpg|pg8000)$/, 'postgres'],
  [/^(mysqlclient|pymysql|mysql-connector-python|aiomysql)$/, 'mysql'],
  [/^(pymongo|motor|mongoengine|djongo)$/, 'mongodb'],
  [/^(redis|celery|rq|django-redis|flask-caching|hiredis|aioredis)$/, 'redis'],
];
const JAVA_DEPS: ReadonlyArray<readonly [RegExp, DataService]> = [
  [/org\.postgresql|<artifactId>postgresql<\/artifactId>/, 'postgres'],
  [/mysql-connector|com\.mysql|mariadb-java-client/, 'mysql'],
  [/spring-boot-starter-data-mongodb/, 'mongodb'],
  [/spring-boot-starter-data-redis|jedis|lettuce/, 'redis'],
];

const SOURCE_EXT = /\.(m?[jt]sx?|cjs|py|java|kt|properties|ya?ml)$/;
const SKIP_DIRS = /^(node_modules|dist|build|out|target|\.next|\.git|venv|\.venv|env|__pycache__|coverage|deploy.*)$/;
const MAX_FILES = 600;

/** Reads an app's manifest and source for the databases, variables and routes it needs. */
export function appNeeds(app: FoundApp): AppNeeds {
  const files = sourceFiles(app.dir);
  const text = (f: string) => readSmall(join(app.dir, f));
  const data = new Map<DataService, string>();
  const pkg = app.detection.packageJson;
  const where = (f: string) => (app.source === '.' && !app.workspace ? f : `${app.workspace ? app.detection.appDir : app.source.slice(2)}/${f}`);
  let migrate: AppNeeds['migrate'];
  let prismaDevOnly = false;
  if (pkg) {
    const deps = Object.keys({ ...pkg.dependencies });
    for (const d of deps) for (const [re, s] of NODE_DEPS) if (re.test(d) && !data.has(s)) data.set(s, `${d} in ${where('package.json')}`);
    if (deps.some((d) => d === '@prisma/client' || d === 'prisma') || Object.keys({ ...pkg.devDependencies }).includes('prisma')) {
      const schema = files.find((f) => /(^|\/)schema\.prisma$/.test(f));
      const provider = /provider\s*=\s*"(postgresql|postgres|mysql|mongodb|sqlite|cockroachdb)"/.exec(schema ? text(schema) : '')?.[1];
      const s: DataService | undefined = provider === 'mysql' ? 'mysql' : provider === 'mongodb' ? 'mongodb' : provider === 'sqlite' ? undefined : 'postgres';
      if (s && !data.has(s)) data.set(s, `prisma${provider ? ` (provider ${provider})` : ''} in ${where('package.json')}`);
      if (files.some((f) => /(^|\/)prisma\/migrations\//.test(f))) {
        if (deps.includes('prisma')) migrate = 'prisma';
        else prismaDevOnly = true;
      }
    }
    for (const [lib, re] of [['typeorm', /type\s*:\s*['"](postgres|mysql|mariadb|mongodb)['"]/], ['sequelize', /dialect\s*:\s*['"](postgres|mysql|mariadb)['"]/]] as const) {
      if (!deps.includes(lib)) continue;
      const m = files.map((f) => re.exec(text(f))?.[1]).find(Boolean);
      const s: DataService | undefined = m === 'mysql' || m === 'mariadb' ? 'mysql' : m === 'mongodb' ? 'mongodb' : m === 'postgres' ? 'postgres' : undefined;
      if (s && !data.has(s)) data.set(s, `${lib} (${m}) in ${where('package.json')}`);
    }
  } else if (app.detection.packageManager === 'pip' || app.detection.packageManager === 'uv') {
    const reqs = `${text('requirements.txt')}\n${text('pyproject.toml')}`.toLowerCase();
    for (const name of reqs.match(/[a-z0-9][a-z0-9._-]*/g) ?? []) {
      for (const [re, s] of PYTHON_DEPS) if (re.test(name) && !data.has(s)) data.set(s, `${name} in ${where(app.detection.lockfile ?? 'requirements.txt')}`);
    }
    const django = files.map((f) => /django\.db\.backends\.(postgresql|mysql)/.exec(text(f))?.[1]).find(Boolean);
    if (django && !data.has(django === 'mysql' ? 'mysql' : 'postgres')) data.set(django === 'mysql' ? 'mysql' : 'postgres', `ENGINE django.db.backends.${django}`);
    if (/flask-migrate|alembic/.test(reqs) && app.detection.framework === 'flask') migrate = true;
    if (app.detection.framework === 'django') migrate = true;
  } else {
    const build = text(app.detection.lockfile ?? 'pom.xml');
    for (const [re, s] of JAVA_DEPS) if (re.test(build) && !data.has(s)) data.set(s, `${re.source.split('|')[0]!.replace(/\\/g, '')} in ${where(app.detection.lockfile ?? 'pom.xml')}`);
  }
  return { data, env: envNames(files, text), celery: celeryApp(app, files, text), healthPath: healthPath(files, text), migrate, prismaDevOnly };
}

/** Names read with process.env.X, os.environ["X"], os.getenv("X"), System.getenv("X"), ${X} in properties. */
function envNames(files: readonly string[], text: (f: string) => string): string[] {
  const names = new Set<string>();
  const patterns = [
    /process\.env\.([A-Z][A-Z0-9_]*)/g,
    /process\.env\[['"]([A-Z][A-Z0-9_]*)['"]\]/g,
    /os\.environ(?:\.get)?[[(]\s*['"]([A-Z][A-Z0-9_]*)['"]/g,
    /os\.getenv\(\s*['"]([A-Z][A-Z0-9_]*)['"]/g,
    /(?:env|config)\s*\(\s*['"]([A-Z][A-Z0-9_]*)['"]/g,
    /configService\.get(?:OrThrow)?(?:<[^>]*>)?\(\s*['"]([A-Z][A-Z0-9_]*)['"]/g,
    /System\.getenv\(\s*"([A-Z][A-Z0-9_]*)"/g,
  ];
  const placeholders = /\$\{([A-Z][A-Z0-9_]*)(?::[^}]*)?\}/g; // Spring's application.properties / .yml
  for (const f of files) {
    const t = text(f);
    if (/\.(properties|ya?ml)$/.test(f)) {
      if (/(^|\/)application[^/]*$/.test(f)) for (const m of t.matchAll(placeholders)) names.add(m[1]!);
      continue;
    }
    for (const re of patterns) for (const m of t.matchAll(re)) names.add(m[1]!);
  }
  return [...names].sort();
}

function celeryApp(app: FoundApp, files: readonly string[], text: (f: string) => string): AppNeeds['celery'] {
  if (!/(^|\s)celery/m.test(`${text('requirements.txt')}\n${text('pyproject.toml')}`.toLowerCase())) return undefined;
  for (const f of files.filter((x) => x.endsWith('.py'))) {
    const m = /^(\w+)\s*=\s*Celery\(/m.exec(text(f));
    if (!m) continue;
    const module = f.replace(/\.py$/, '').replace(/\/__init__$/, '').split('/').join('.');
    const beat = files.some((x) => x.endsWith('.py') && /beat_schedule|periodic_task|crontab\(/.test(text(x)));
    return { app: `${module}.${m[1]}`, beat };
  }
  return { app: 'app.celery', beat: false };
}

function healthPath(files: readonly string[], text: (f: string) => string): string | undefined {
  const route = files.find((f) => /(^|\/)(app|pages)\/api\/health(\/route)?\.[jt]sx?$/.test(f));
  if (route) return '/api/health';
  for (const f of files) {
    const m = /['"`](\/(?:api\/)?(?:v1\/)?(?:health|healthz|health-check|healthcheck|ping))['"`]/.exec(text(f));
    if (m) return m[1];
  }
  return undefined;
}

function sourceFiles(dir: string): string[] {
  const out: string[] = [];
  const walk = (rel: string) => {
    if (out.length >= MAX_FILES) return;
    let entries;
    try {
      entries = readdirSync(join(dir, rel), { withFileTypes: true });
    } catch {
      return;
    }
    for (const e of entries.sort((a, b) => a.name.localeCompare(b.name))) {
      const r = rel ? `${rel}/${e.name}` : e.name;
      if (e.isDirectory()) {
        if (!SKIP_DIRS.test(e.name) && !e.name.startsWith('.')) walk(r);
      } else if (SOURCE_EXT.test(e.name) || e.name === 'schema.prisma' || (rel.includes('prisma/migrations') && out.length < MAX_FILES)) out.push(r);
    }
  };
  walk('');
  return out;
}

function readSmall(path: string): string {
  try {
    return statSync(path).size > 256_000 ? '' : readFileSync(path, 'utf8');
  } catch {
    return '';
  }
}
