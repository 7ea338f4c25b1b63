import { cpSync, existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { parse } from 'yaml';
import { afterAll, describe, expect, it } from 'vitest';
import { dclintErrors, typecheck } from '../_support/typecheck.js';
import { ROOT, synth, workspace } from '../_support/workspace.js';

// `synth init` in a repository that has never heard of Slipway, then a real `synth` on what it wrote.

const dirs: string[] = [];
const programs: string[] = [];
afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));
const ws = (files: Record<string, string>) => {
  const d = workspace(files);
  dirs.push(d);
  return d;
};

/** An example's sources without its infra.ts, output folders and README, in a fresh folder. */
function exampleSources(name: string): string {
  const dir = ws({});
  const src = join(ROOT, 'examples', name);
  for (const entry of readdirSync(src)) {
    if (entry === 'infra.ts' || entry.startsWith('deploy') || entry === 'README.md' || entry === 'node_modules') continue;
    cpSync(join(src, entry), join(dir, entry), { recursive: true, filter: (p) => !p.includes('node_modules') });
  }
  return dir;
}

const compose = (dir: string) => parse(readFileSync(join(dir, 'deploy/docker-compose.yml'), 'utf8')) as { services: Record<string, Record<string, any>> };

function initThenSynth(dir: string) {
  const init = synth(dir, ['init']);
  expect(init.stderr).toBe('');
  expect(init.code).toBe(0);
  const infra = readFileSync(join(dir, 'infra.ts'), 'utf8');
  programs.push(join(dir, 'infra.ts'));
  const run = synth(dir);
  expect(run.stderr, `${init.stdout}\n${infra}`).toBe('');
  expect(run.code).toBe(0);
  return { init, infra, services: compose(dir).services };
}

describe('synth init on the examples’ sources (their infra.ts removed)', () => {
  const expected: Record<string, { presets: string[]; services: string[] }> = {
    'ai-ko': { presets: ['Flask', 'NextJs', 'CeleryWorker', 'CeleryBeat'], services: ['backend', 'backend-worker', 'backend-beat', 'frontend', 'db', 'redis'] },
    'ci-mandat': { presets: ['NestJs', 'NextJs'], services: ['backend', 'frontend', 'db', 'redis'] },
    dropit: { presets: ['NestJs', 'ViteSpa'], services: ['api', 'web'] },
    soloflow: { presets: ['SpringBoot', 'NextJs'], services: ['api-gateway', 'api-key-provider', 'db'] },
    terraproxi: { presets: ['Express'], services: ['backend', 'db'] },
  };
  for (const [name, want] of Object.entries(expected)) {
    it(`GIVEN ${name} THEN init finds ${want.presets.join(', ')} and synth succeeds`, () => {
      const { infra, services } = initThenSynth(exampleSources(name));
      for (const p of want.presets) expect(infra).toContain(`new ${p}(app, `);
      for (const s of want.services) expect(Object.keys(services)).toContain(s);
    });
  }

  it('GIVEN ai-ko THEN the Celery app, the env names the code reads and the health route come from the source', () => {
    const { infra } = initThenSynth(exampleSources('ai-ko'));
    expect(infra).toContain("new CeleryWorker(app, 'backend-worker', { from: backend, app: 'app.worker.celery' });");
    expect(infra).toContain('CELERY_BROKER_URL: redis.url,');
    expect(infra).toContain('CELERY_RESULT_BACKEND: redis.urlFor(1),');
    expect(infra).toContain('DATABASE_URL: db.url,');
    expect(infra).toContain("SECRET_KEY: secretKey,");
    expect(infra).toContain("health: '/api/health',");
  });
});

describe('synth init on three layouts', () => {
  it('GIVEN frontend/ (Vite) and backend/ (Express, pg, ioredis) side by side THEN the SPA builds from its folder with deploy/ as a named context', () => {
    const dir = ws({
      'frontend/package.json': JSON.stringify({ name: 'web', private: true, scripts: { build: 'vite build' }, devDependencies: { vite: '^6.0.0' } }),
      'frontend/package-lock.json': '{"lockfileVersion":3,"packages":{}}',
      'frontend/index.html': '<div id="app"></div>',
      'backend/package.json': JSON.stringify({ name: 'api', private: true, main: 'server.js', dependencies: { express: '^4.21.0', pg: '^8.13.0', ioredis: '^5.4.0' } }),
      'backend/package-lock.json': '{"lockfileVersion":3,"packages":{}}',
      'backend/server.js': [
        "const app = require('express')();",
        "const pool = new (require('pg').Pool)({ connectionString: process.env.DATABASE_URL });",
        "const redis = new (require('ioredis'))(process.env.REDIS_URL);",
        "app.get('/healthz', (_q, r) => r.send('ok'));",
        'app.listen(process.env.PORT || 3000, () => console.log(process.env.JWT_SECRET ? "ok" : "no secret", process.env.SMTP_HOST));',
      ].join('\n'),
    });
    const { infra, services } = initThenSynth(dir);
    expect(infra).toContain("const frontend = new ViteSpa(app, 'frontend', {\n  source: './frontend',");
    expect(infra).toMatch(/new Express\(app, 'backend', \{\n {2}source: '.\/backend',\n {2}health: '\/healthz',/);
    expect(infra).toContain('JWT_SECRET: jwtSecret,');
    expect(infra).toContain("// SMTP_HOST: '…', // TODO read by the code; set its value or remove this line");
    const build = services.frontend!.build;
    expect(build).toEqual({ context: '../frontend', dockerfile: '../deploy/frontend.Dockerfile', additional_contexts: { 'slipway-output': '.' } });
    const dockerfile = readFileSync(join(dir, 'deploy/frontend.Dockerfile'), 'utf8');
    const copy = /^COPY --from=slipway-output (\S+) \/etc\/nginx\/conf\.d\/default\.conf$/m.exec(dockerfile);
    expect(copy).not.toBeNull();
    expect(existsSync(resolve(dir, 'deploy', build.additional_contexts['slipway-output'], copy![1]!))).toBe(true);
    expect(existsSync(resolve(dir, 'deploy', build.context, build.dockerfile))).toBe(true);
    expect(services.backend!.environment.DATABASE_URL).toContain('@db:5432/');
    expect(services.backend!.depends_on).toMatchObject({ db: { condition: 'service_healthy' }, redis: { condition: 'service_healthy' } });
  });

  it('GIVEN an npm workspaces monorepo (NestJS with Prisma, Next.js, a library) THEN each app is built from the root with its workspace', () => {
    const dir = ws({
      'package.json': JSON.stringify({ name: '@acme/shop', private: true, workspaces: ['apps/*', 'packages/*'] }),
      'package-lock.json': '{"lockfileVersion":3,"packages":{}}',
      'apps/api/package.json': JSON.stringify({ name: '@acme/api', scripts: { build: 'nest build' }, dependencies: { '@nestjs/core': '^11.0.0', '@prisma/client': '^6.0.0' }, devDependencies: { prisma: '^6.0.0' } }),
      'apps/api/prisma/schema.prisma': 'datasource db {\n  provider = "postgresql"\n  url      = env("DATABASE_URL")\n}\n',
      'apps/api/prisma/migrations/20250101_init/migration.sql': 'CREATE TABLE t (id int);',
      'apps/api/src/main.ts': "const secret = process.env.JWT_SECRET; const key = process.env.STRIPE_API_KEY;\n@Get('/health') x() {}\n",
      'apps/web/package.json': JSON.stringify({ name: '@acme/web', scripts: { build: 'next build' }, dependencies: { next: '^15.0.0', react: '^19.0.0' } }),
      'apps/web/next.config.js': "module.exports = { output: 'standalone' };\n",
      'packages/ui/package.json': JSON.stringify({ name: '@acme/ui', dependencies: { react: '^19.0.0' } }),
    });
    const { init, infra, services } = initThenSynth(dir);
    expect(infra).toContain("const app = new App({ name: 'shop' });");
    expect(infra).toMatch(/new NestJs\(app, 'api', \{\n {2}source: '\.',\n {2}workspace: '@acme\/api',\n {2}env: \{/);
    expect(infra).toContain('// Prisma migrations found: to run them before each start, move "prisma" to dependencies');
    expect(infra).toMatch(/new NextJs\(app, 'web', \{\n {2}source: '\.',\n {2}workspace: '@acme\/web',/);
    expect(infra).toContain("new Secret(app, 'stripe-api-key', { provided: ");
    expect(init.stdout).toMatch(/packages\/ui\/: skipped/);
    expect(init.stdout).toMatch(/Secrets to obtain[^\n]*\n {2}- STRIPE_API_KEY/);
    expect(Object.keys(services).sort()).toEqual(['api', 'db', 'web']);
    expect(readFileSync(join(dir, 'deploy/.env.example'), 'utf8')).toContain('STRIPE_API_KEY');
  });

  it('GIVEN a FastAPI app at the repository root (psycopg, redis, MySQL via pymysql) THEN it is the source "." and MySQL is a TODO', () => {
    const dir = ws({
      'requirements.txt': 'fastapi==0.115.6\nuvicorn==0.34.0\npsycopg[binary]==3.2.3\nredis==5.2.1\npymysql==1.1.1\n',
      'main.py': 'import os\nfrom fastapi import FastAPI\napp = FastAPI()\nDB = os.environ["DATABASE_URL"]\nLEGACY = os.getenv("MYSQL_URL")\n@app.get("/health")\ndef health():\n    return {"ok": True}\n',
    });
    const { infra, services } = initThenSynth(dir);
    expect(infra).toContain("const api = new FastApi(app, 'api', {\n  source: '.',");
    expect(infra).toMatch(/\/\/ TODO MySQL \(pymysql in requirements\.txt\): Slipway has no MySQL construct yet/);
    expect(infra).toContain("// MYSQL_URL: '…', // TODO MySQL: no construct yet (see the TODO above)");
    expect(infra).toContain('REDIS_URL: redis.url,');
    expect(Object.keys(services).sort()).toEqual(['api', 'db', 'redis']);
  });
});

describe('synth init on a Django project at the root with a client/ SPA', () => {
  it('GIVEN settings reading POSTGRES_* parts, REDIS_URL and secrets THEN each gets its reference or Secret', () => {
    const dir = ws({
      'requirements.txt': 'Django==5.1.3\ngunicorn==23.0.0\npsycopg[binary]==3.2.3\ndjango-redis==5.4.0\n',
      'manage.py': 'import os\nos.environ.setdefault("DJANGO_SETTINGS_MODULE", "shop.settings")\n',
      'shop/settings.py': [
        'import os',
        'SECRET_KEY = os.environ["DJANGO_SECRET_KEY"]',
        'DATABASES = {"default": {"ENGINE": "django.db.backends.postgresql", "NAME": os.environ.get("POSTGRES_DB"), "USER": os.environ.get("POSTGRES_USER"), "PASSWORD": os.environ.get("POSTGRES_PASSWORD"), "HOST": os.environ.get("POSTGRES_HOST")}}',
        'CACHES = {"default": {"LOCATION": os.environ["REDIS_URL"]}}',
        'EMAIL_HOST_PASSWORD = os.getenv("EMAIL_HOST_PASSWORD")',
      ].join('\n'),
      'client/package.json': JSON.stringify({ name: 'client', private: true, scripts: { build: 'vite build' }, devDependencies: { vite: '^6.0.0' } }),
      'client/package-lock.json': '{"lockfileVersion":3,"packages":{}}',
    });
    const { init, infra, services } = initThenSynth(dir);
    expect(infra).toContain("new Django(app, 'api', {\n  source: '.',\n  migrate: true,");
    for (const line of ['DJANGO_SECRET_KEY: djangoSecretKey,', 'POSTGRES_DB: db.database,', 'POSTGRES_HOST: db.host,', 'POSTGRES_PASSWORD: db.password,', 'POSTGRES_USER: db.user,', 'REDIS_URL: redis.url,', 'EMAIL_HOST_PASSWORD: emailHostPassword,']) {
      expect(infra).toContain(line);
    }
    expect(infra).toContain("new Secret(app, 'django-secret-key', { generate: 'hex-32' });");
    expect(init.stdout).toMatch(/Secrets to obtain[^\n]*\n {2}- EMAIL_HOST_PASSWORD/);
    expect(services.api!.depends_on).toMatchObject({ db: { condition: 'service_healthy' }, redis: { condition: 'service_healthy' } });
    expect(services.client!.build.additional_contexts).toEqual({ 'slipway-output': '.' });
  });
});

describe('synth init options', () => {
  it('GIVEN --dry-run THEN it prints the program and writes nothing', () => {
    const dir = ws({ 'requirements.txt': 'flask==3.1.0\n', 'app.py': 'from flask import Flask\napp = Flask(__name__)\n' });
    const r = synth(dir, ['init', '--dry-run', '--name', 'shop']);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain("const app = new App({ name: 'shop' });");
    expect(r.stdout).toContain("new Flask(app, 'api', {");
    expect(existsSync(join(dir, 'infra.ts'))).toBe(false);
    expect(existsSync(join(dir, 'package.json'))).toBe(false);
  });

  it('GIVEN an infra.ts THEN init refuses without --force; package.json keeps its fields and gains the scripts', () => {
    const dir = ws({ 'infra.ts': '// mine\n', 'package.json': '{\n    "name": "x",\n    "scripts": { "synth": "custom" }\n}\n', 'requirements.txt': 'flask==3.1.0\n' });
    const r = synth(dir, ['init']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('infra.ts already exists. Fix: pass --force');
    expect(synth(dir, ['init', '--force']).code).toBe(0);
    const pkg = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8'));
    expect(pkg.scripts).toEqual({ synth: 'custom', 'synth:check': 'synth --check' });
    expect(pkg.devDependencies['@slipway/presets']).toMatch(/^\^\d+\.\d+\.\d+$/);
    expect(readFileSync(join(dir, 'package.json'), 'utf8')).toMatch(/^\{\n {4}"name"/);
  });

  it('GIVEN a folder with no app THEN init says so and exits 1', () => {
    const dir = mkdtempSync(join(ROOT, 'test/.work/empty-'));
    dirs.push(dir);
    writeFileSync(join(dir, 'notes.txt'), 'hi');
    const r = synth(dir, ['init', '--no-package-json']);
    expect(r.code).toBe(1);
    expect(r.stdout).toContain('no app with a framework Slipway has a preset for was found');
  });
});

describe('synth init: the programs it writes', () => {
  it('THEN every one type-checks (tsc --noEmit, strict)', () => {
    expect(programs.length).toBeGreaterThanOrEqual(8);
    expect(typecheck(programs)).toBe('');
  });

  it('THEN dclint finds no error in the Compose files synth wrote from them', () => {
    const written = programs.map((p) => join(dirname(p), 'deploy/docker-compose.yml')).filter((f) => existsSync(f));
    expect(written.length).toBeGreaterThanOrEqual(7);
    expect(dclintErrors(written)).toEqual([]);
  });
});
