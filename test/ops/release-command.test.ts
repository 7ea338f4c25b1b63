import { mkdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, test } from 'vitest';
import { App, HealthCheck, Postgres, Service, Testing } from '@slipway/constructs';
import { Flask } from '@slipway/presets';
import { ROOT } from '../_support/workspace.js';
import { run, writeOutput } from './_support.js';

// deploy.sh's release commands (migrations) with the stand-in docker (fake-docker.sh: it records
// the calls and answers, it runs nothing). The real run is in the real-engine suite
// (test/engine/python.test.ts: Flask-Migrate and Django migrate through deploy.sh).
const HERE = dirname(fileURLToPath(import.meta.url));

function stack(target?: 'swarm'): App {
  const app = new App({ name: 'shop', target, ...(target ? { swarm: { registry: 'ghcr.io/acme' } } : {}) });
  const db = new Postgres(app, 'db');
  new Service(app, 'api', {
    image: 'ghcr.io/acme/api:1.0.0',
    command: ['node', 'dist/main.js'],
    releaseCommand: ['npx', 'prisma', 'migrate', 'deploy'],
    env: { DATABASE_URL: db.url },
    healthCheck: HealthCheck.http(3000, '/health'),
  });
  return app;
}

function bed(app: App) {
  const { dir } = writeOutput(app);
  writeFileSync(join(dir, '.env'), 'DB_PASSWORD=pw\n');
  const bin = join(dir, '.test-bin');
  mkdirSync(bin);
  symlinkSync(join(HERE, 'fake-docker.sh'), join(bin, 'docker'));
  const log = join(dir, '.docker-calls');
  writeFileSync(log, '');
  const deploy = (extra: NodeJS.ProcessEnv = {}) =>
    run('bash', ['deploy.sh'], { cwd: dir, env: { ...process.env, PATH: `${bin}:${process.env.PATH}`, FAKE_DOCKER_LOG: log, MIN_FREE_MB: '1', HEALTH_TIMEOUT: '10', HEALTH_POLL: '0.1', ...extra }, timeout: 30_000 });
  return { dir, deploy, calls: () => readFileSync(log, 'utf8').trim().split('\n').filter(Boolean), clear: () => writeFileSync(log, '') };
}

describe('release commands', () => {
  test('GIVEN a release command WHEN deploying THEN it runs once, on the new image, before anything starts', () => {
    const b = bed(stack());
    const r = b.deploy();
    expect(r.status, r.stdout + r.stderr).toBe(0);
    const calls = b.calls();
    const migrate = calls.findIndex((c) => c.startsWith('compose run --rm -T'));
    expect(calls[migrate]).toBe('compose run --rm -T --no-deps api npx prisma migrate deploy');
    // What it needs is started first if it is not running, and never recreated here.
    expect(calls[migrate - 1]).toBe('compose up -d --no-recreate --wait db');
    expect(calls.filter((c) => c.startsWith('compose run'))).toHaveLength(1);
    expect(migrate).toBeGreaterThan(calls.findIndex((c) => c.startsWith('tag ')));
    expect(migrate).toBeLessThan(calls.indexOf('compose up -d --remove-orphans --no-build'));
    expect(r.stdout).toContain('api: running its release command on the new image');
  });

  test('GIVEN a deployed release WHEN the next release command fails THEN nothing is started, the release is marked failed and the previous one stays', () => {
    const b = bed(stack());
    expect(b.deploy().status).toBe(0);
    const good = readFileSync(join(b.dir, '.releases/current'), 'utf8').trim();
    b.clear();
    const r = b.deploy({ FAKE_RUN_FAILS: 'api' });
    expect(r.status).toBe(1);
    expect(r.stdout).toMatch(/release \S+ stopped before anything was switched: the release command of api failed/);
    expect(r.stderr).toContain('api | migration failed');
    // The only start is the rollback to the running release (its files put back).
    expect(b.calls().filter((c) => / up -d /.test(` ${c} `) && !c.includes('--no-recreate'))).toEqual([`compose -f .releases/${good}/docker-compose.yml -f .releases/${good}/rollback.yml --project-directory . up -d --remove-orphans --no-build`]);
    expect(readFileSync(join(b.dir, '.releases/current'), 'utf8').trim()).toBe(good);
  });

  test('GIVEN no release command THEN deploy.sh has an empty release_commands', () => {
    const app = new App({ name: 'shop' });
    new Service(app, 'api', { image: 'ghcr.io/acme/api:1.0.0', healthCheck: HealthCheck.http(3000, '/health') });
    const script = Testing.synth(app).text('deploy.sh');
    expect(script).toContain('release_commands() { :; }');
    expect(script).not.toContain('compose run');
  });

  test('GIVEN the Swarm target THEN each new task runs the release command before its command; without a command it is an error', () => {
    const svc = Testing.synth(stack('swarm')).yaml('stack.yml').services.api;
    // "$$" is stack.yml's escape of "$" (docker stack deploy interpolates the file). The database
    // URL's password comes from its secret file, before the migration too.
    expect(svc.command).toEqual([
      'sh',
      '-c',
      'export DATABASE_URL="postgresql://app:$$(cat /run/secrets/DB_PASSWORD)@db:5432/app"; npx prisma migrate deploy && exec "$$@"',
      'sh',
      'node',
      'dist/main.js',
    ]);
    const app = new App({ name: 'shop', target: 'swarm' });
    new Service(app, 'api', { image: 'ghcr.io/acme/api:1.0.0', releaseCommand: ['migrate'], healthCheck: HealthCheck.http(3000, '/health') });
    const errors = Testing.diagnostics(app).filter((d) => d.level === 'error');
    expect(errors.map((d) => [d.path, d.message])).toEqual([
      ['shop/api', "releaseCommand needs command on Swarm: each new task runs the release command before the service's command, here the image's own, which Slipway does not know."],
    ]);
  });

  test('GIVEN an empty or non-string release command THEN an error with the fix', () => {
    const app = new App({ name: 'shop' });
    new Service(app, 'a', { image: 'x/a:1', releaseCommand: [], healthCheck: HealthCheck.none('test') });
    new Service(app, 'b', { image: 'x/b:1', releaseCommand: ['migrate', 3 as never], healthCheck: HealthCheck.none('test') });
    const errors = Testing.diagnostics(app).filter((d) => d.level === 'error').map((d) => `${d.path}: ${d.message}`);
    expect(errors).toEqual(['shop/a: releaseCommand is empty.', 'shop/b: releaseCommand must be a list of strings (exec form), got ["migrate",3].']);
  });

  test('GIVEN a preset with migrations THEN Compose runs them as the release command, Swarm before each start', () => {
    const source = join(ROOT, 'packages/presets/test/fixtures/flask-pip');
    const compose = new App({ name: 'shop' });
    new Flask(compose, 'api', { source, migrate: true });
    const c = Testing.synth(compose);
    expect(c.text('deploy.sh')).toContain(`api sh -c 'flask --app '\\''app:create_app()'\\'' db upgrade'`);
    expect(c.text('api.Dockerfile')).not.toContain('db upgrade');
    const swarm = new App({ name: 'shop', target: 'swarm', swarm: { registry: 'ghcr.io/acme' } });
    new Flask(swarm, 'api', { source, migrate: true });
    const s = Testing.synth(swarm);
    expect(s.text('api.Dockerfile')).toContain(`CMD ["sh", "-c", "flask --app 'app:create_app()' db upgrade && exec gunicorn`);
    expect(s.yaml('stack.yml').services.api.command).toBeUndefined();
  });
});

