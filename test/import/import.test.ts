import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { parse } from 'yaml';
import { afterAll, describe, expect, it } from 'vitest';
import { dclintErrors, typecheck } from '../_support/typecheck.js';
import { synth, workspace } from '../_support/workspace.js';

// `synth import` on hand-written Compose files (with the usual mistakes), then a real `synth`:
// the new stack must keep every service, variable, dependency, published app port, named volume,
// health check and command of the original, and no literal secret may reach infra.ts or deploy/.

type Svc = Record<string, any>;
const FIXTURES = join(dirname(new URL(import.meta.url).pathname), 'fixtures');
const SECRET_LIKE = /(SECRET|PASSWORD|PASSWD|TOKEN|API_?KEY|PRIVATE_?KEY|CREDENTIAL|PEPPER|_PASS$|^PASS$|_KEY$)/i;
const DATA_IMAGE = /^(postgres|redis|mysql|mariadb|mongo)(:|$)/;

const dirs: string[] = [];
const programs: string[] = [];
afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

const envOf = (s: Svc): Record<string, string> =>
  Array.isArray(s.environment) ? Object.fromEntries(s.environment.map((e: string) => e.split(/=(.*)/s, 2))) : { ...(s.environment ?? {}) };

/** The fixture in a fresh project, with placeholder build contexts and bind-mounted files. */
function project(fixture: string): { dir: string; original: { services: Record<string, Svc> } } {
  const text = readFileSync(join(FIXTURES, fixture), 'utf8');
  const dir = workspace({ 'docker-compose.yml': text });
  dirs.push(dir);
  const original = parse(text, { merge: true }) as { services: Record<string, Svc> };
  const touch = (p: string, content: string) => {
    mkdirSync(dirname(p), { recursive: true });
    writeFileSync(p, content);
  };
  for (const s of Object.values(original.services)) {
    if (s.build) {
      const b = typeof s.build === 'string' ? { context: s.build } : s.build;
      touch(join(dir, b.context ?? '.', b.dockerfile ?? 'Dockerfile'), 'FROM scratch\n');
    }
    for (const v of s.volumes ?? []) {
      const src = typeof v === 'string' ? v.split(':')[0]! : '';
      if (src.startsWith('.')) (/\.\w+$/.test(src) ? touch(join(dir, src), '-- placeholder\n') : mkdirSync(join(dir, src), { recursive: true }));
    }
    for (const f of [s.env_file ?? []].flat()) touch(join(dir, f), 'PLACEHOLDER=1\n');
  }
  return { dir, original };
}

/** Literal secrets of the original: secret-like variables, URL passwords, --requirepass. */
function literalSecrets(services: Record<string, Svc>): string[] {
  const out: string[] = [];
  for (const s of Object.values(services)) {
    for (const [k, v] of Object.entries(envOf(s))) {
      const value = String(v);
      if (value.includes('${')) continue;
      if (SECRET_LIKE.test(k) && !/^(\d+[smhdw]?|true|false|)$/i.test(value) && value.length >= 6) out.push(value);
      const url = /:\/\/[^:/@]*:([^@]+)@/.exec(value);
      if (url) out.push(url[1]!);
    }
    const cmd = [s.command ?? []].flat().join(' ');
    const pass = /--requirepass\s+(\S+)/.exec(cmd);
    if (pass) out.push(pass[1]!);
  }
  return [...new Set(out)];
}

function allOutput(dir: string): string {
  const walk = (d: string): string[] => readdirSync(d, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? walk(join(d, e.name)) : [readFileSync(join(d, e.name), 'utf8')]));
  return walk(join(dir, 'deploy')).join('\n');
}

function importAndSynth(fixture: string, expectSynth = 0) {
  const { dir, original } = project(fixture);
  const imp = synth(dir, ['import', 'docker-compose.yml', '--no-package-json']);
  expect(imp.stderr).toBe('');
  expect(imp.code).toBe(0);
  const infra = readFileSync(join(dir, 'infra.ts'), 'utf8');
  programs.push(join(dir, 'infra.ts'));
  const run = synth(dir);
  expect(run.code, `${run.stderr}\n${infra}`).toBe(expectSynth);
  return { dir, original, imp, infra, run, compose: expectSynth === 0 ? (parse(readFileSync(join(dir, 'deploy/docker-compose.yml'), 'utf8')) as { services: Record<string, Svc>; volumes?: Record<string, unknown> }) : undefined };
}

const fixtures = readdirSync(FIXTURES).filter((f) => f.endsWith('.yml')).sort();

describe('synth import: nothing lost, no literal secret written', () => {
  it('has a dozen fixtures', () => expect(fixtures.length).toBeGreaterThanOrEqual(12));

  for (const fixture of fixtures.filter((f) => !f.startsWith('09-'))) {
    it(`GIVEN ${fixture} THEN synth succeeds and the stack does at least what the original did`, () => {
      const { dir, original, imp, infra, compose } = importAndSynth(fixture);
      const secrets = literalSecrets(original.services);
      const out = allOutput(dir);
      for (const secret of secrets) {
        expect(infra, `secret ${secret} in infra.ts`).not.toContain(secret);
        expect(out, `secret ${secret} in deploy/`).not.toContain(secret);
      }
      if (secrets.length) expect(imp.stdout).toContain('Fill them in deploy/.env');
      const services = compose!.services;
      expect(Object.keys(services).filter((n) => !['proxy', 'certbot'].includes(n) || n in original.services).sort()).toEqual(expect.arrayContaining(Object.keys(original.services).sort()));
      for (const [name, o] of Object.entries(original.services)) {
        const n = services[name]!;
        const dataConstruct = /^(postgres|redis)(:|$)/.test(o.image ?? '');
        const consumed = dataConstruct ? /^(POSTGRES_(USER|DB|PASSWORD|HOST_AUTH_METHOD))$/ : /^$/;
        for (const key of Object.keys(envOf(o)).filter((k) => !consumed.test(k))) expect(Object.keys(n.environment ?? {}), `${name}.${key}`).toContain(key);
        const deps = Array.isArray(o.depends_on) ? o.depends_on : Object.keys(o.depends_on ?? {});
        for (const d of deps) expect(Object.keys(n.depends_on ?? {}), `${name} depends_on ${d}`).toContain(d);
        if (!DATA_IMAGE.test(o.image ?? '')) {
          for (const p of (o.ports ?? []).map(String)) {
            const host = Number(p.split(':').slice(-2, -1)[0] ?? p.split(':').pop());
            expect((n.ports ?? []).map((x: string) => Number(String(x).split(':').slice(-2, -1)[0])), `${name} port ${p}`).toContain(host);
          }
        } else expect(n.ports, `${name}: a database publishes no port`).toBeUndefined();
        if (o.healthcheck && !o.healthcheck.disable) expect(n.healthcheck, `${name} health check`).toBeDefined();
        if (o.image && !dataConstruct) expect(n.image).toBe(o.image);
        if (o.build) {
          const ctx = typeof o.build === 'string' ? o.build : o.build.context;
          expect(resolve(dir, 'deploy', n.build.context)).toBe(resolve(dir, ctx));
        }
        if (o.command && !dataConstruct) expect(n.command).toEqual(Array.isArray(o.command) ? o.command : expect.any(Array));
        for (const v of (o.volumes ?? []).map(String)) {
          const [src, target] = v.split(':');
          if (src && target && !/^[./~$]/.test(src)) expect(Object.keys(compose!.volumes ?? {}), `${name} volume ${src}`).toContain(src);
        }
      }
    });
  }
});

describe('synth import: the shapes of real files', () => {
  it('GIVEN literal passwords and a published database THEN Secrets named for .env, an internal database and the findings', () => {
    const { imp, infra, compose } = importAndSynth('01-node-postgres-redis.yml');
    expect(infra).toContain("const db = new Postgres(app, 'db', {\n  version: '16',\n  variant: '',\n  database: 'shop',\n  user: 'shop',\n  password: dbPassword,\n  volume: pgdata,\n});");
    expect(infra).toContain('DATABASE_URL: db.url,');
    expect(infra).toContain('REDIS_URL: redis.url,');
    expect(imp.stdout).toMatch(/- DB_PASSWORD {2}\(was db\.POSTGRES_PASSWORD/);
    expect(imp.stdout).toMatch(/- JWT_SECRET {2}\(was api\.JWT_SECRET/);
    expect(imp.stdout).toMatch(/db: published 5432:5432 on every interface/);
    expect(imp.stdout).toMatch(/api: no health check/);
    expect(compose!.services.db!.networks).toEqual(['db-net']);
    expect(compose!.volumes).toHaveProperty('pgdata');
  });

  it('GIVEN floating tags THEN the import keeps them and synth refuses them, saying how to pin', () => {
    const { imp, run } = importAndSynth('09-latest-images.yml', 1);
    expect(imp.stdout).toMatch(/api: image "myorg\/api:latest" has no pinned version/);
    expect(imp.stdout).toMatch(/db: image "postgres" has no version tag; pinned to postgres 16/);
    expect(run.stderr).toMatch(/error .*\/api: image "myorg\/api:latest" uses the floating tag "latest"\. Fix: pin a version/);
  });

  it('GIVEN Redis flags, host/port/password settings and deploy limits THEN they map to Redis props, a shared Secret and resources', () => {
    const { infra, compose } = importAndSynth('07-redis-requirepass-bull.yml');
    expect(infra).toContain("maxMemory: '512mb',\n  evictionPolicy: 'noeviction',");
    expect(infra).toContain('REDIS_HOST: redis.name,');
    expect(compose!.services['queue-worker']!.deploy).toMatchObject({ replicas: 2, resources: { limits: { cpus: '0.5', memory: '256M' } } });
    expect(compose!.services['queue-worker']!.networks).toContain('redis-net');
  });

  it('GIVEN Postgres tuning, an init script and JDBC settings THEN tuning, initScripts and the JDBC URL from the construct', () => {
    const { infra, compose } = importAndSynth('10-spring-boot-jdbc.yml');
    expect(infra).toContain("tuning: {\n    max_connections: '150',\n  },");
    expect(infra).toContain("initScripts: ['./database/init.sql'],");
    expect(infra).toContain('SPRING_DATASOURCE_URL: `jdbc:postgresql://${postgres.host}:5432/${postgres.database}`,');
    expect(infra).toContain('SPRING_DATASOURCE_PASSWORD: postgres.password,');
    expect(compose!.services.postgres!.image).toBe('postgres:16.4-bookworm');
  });

  it('GIVEN interpolated values and env_file THEN ${VAR} Secrets keep their .env names, partial interpolation and env_file stay as overrides', () => {
    const { imp, infra, compose } = importAndSynth('05-fastapi-env-file.yml');
    expect(infra).toContain("const app = new App({ name: 'invoicer' });");
    expect(infra).toContain('DATABASE_URL: `postgresql+asyncpg://${db.user}:${db.password.value}@${db.host}:5432/${db.database}`,');
    expect(infra).toContain("api.addOverride('environment.PUBLIC_URL', 'https://${DOMAIN}/app');");
    expect(imp.stdout).toMatch(/- POSTGRES_PASSWORD {2}\(was \$\{POSTGRES_PASSWORD\}/);
    expect(compose!.services.api!.env_file).toEqual(['../.env']);
    expect(compose!.services.api!.ports).toEqual(['127.0.0.1:8000:8000']);
  });

  it('GIVEN data in a host folder, container names and custom networks THEN overrides keep them and the findings say why', () => {
    const { imp, compose } = importAndSynth('11-bind-data-adminer.yml');
    expect(compose!.services.db!.volumes).toEqual(['../data/db:/var/lib/postgresql/data']);
    expect(compose!.services.db!.container_name).toBe('legacy-db');
    expect(imp.stdout).toMatch(/adminer: its networks \(backend, frontend\) are not carried over/);
    expect(compose!.services.app!.environment.DB_PASSWORD).toMatch(/^\$\{DB_PASSWORD:\?/);
  });

  it('GIVEN databases without a construct (MySQL, MariaDB, MongoDB) THEN data-role Services, no published port, URL passwords as Secrets', () => {
    const { infra, compose } = importAndSynth('02-flask-celery-mysql.yml');
    expect(infra).toContain("role: 'database',");
    expect(infra).toContain('SQLALCHEMY_DATABASE_URI: `mysql+pymysql://app:${mysqlPassword.value}@mysql:3306/app`,');
    expect(compose!.services.mysql!.networks).toEqual(['mysql-net']);
    expect(compose!.services.web!.networks).toContain('mysql-net');
  });
});

describe('synth import: the programs it writes', () => {
  it('THEN every one type-checks (tsc --noEmit, strict)', () => {
    expect(programs.length).toBeGreaterThanOrEqual(12);
    expect(typecheck(programs)).toBe('');
  });

  it('THEN dclint finds no error in the Compose files synth wrote from them', () => {
    const written = programs.map((p) => join(dirname(p), 'deploy/docker-compose.yml')).filter((f) => existsSync(f));
    expect(written.length).toBeGreaterThanOrEqual(11);
    expect(dclintErrors(written)).toEqual([]);
  });
});
