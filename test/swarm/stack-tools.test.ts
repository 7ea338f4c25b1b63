import { createHash } from 'node:crypto';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse } from 'yaml';
import { describe, expect, test } from 'vitest';
import { App, Domain, HealthCheck, Postgres, Redis, Secret, Service, validateComposeDocument } from '@slipway/constructs';
import { ROOT, synth, workspace } from '../_support/workspace.js';
import { run, writeOutput } from '../ops/_support.js';

const HERE = dirname(fileURLToPath(import.meta.url));
const DCLINT = join(ROOT, 'node_modules/.bin/dclint');

/** The seeds' shape on Swarm: a built API behind Traefik, Postgres, Redis, a secret. */
function fixture(proxy: 'traefik' | 'nginx' = 'traefik'): App {
  const app = new App({ name: 'shop', target: 'swarm', proxy, acme: { email: 'ops@shop.example' }, swarm: { registry: 'ghcr.io/acme' } });
  const db = new Postgres(app, 'db', { database: 'shop', extensions: ['pgcrypto'] });
  const cache = new Redis(app, 'cache');
  const api = new Service(app, 'api', {
    build: { context: '.' },
    port: 3000,
    replicas: 2,
    env: { DATABASE_URL: db.url, REDIS_URL: cache.url, JWT_SECRET: new Secret(app, 'jwt-secret', { generate: 'hex-32' }) },
    healthCheck: HealthCheck.http(3000, '/health'),
  });
  new Domain(app, 'api-domain', { host: 'api.shop.example', to: api, basicAuth: { users: [{ user: 'admin', password: new Secret(app, 'admin-password', { generate: 'alnum-24' }) }] } });
  return app;
}

// dclint wants every published port bound to an interface (host_ip); Swarm has no host_ip and
// `docker stack config` refuses one (seen on a real engine), so that one rule does not apply.
const NOT_FOR_SWARM = new Set(['no-unbound-port-interfaces']);

function dclintErrors(file: string): unknown[] {
  const lint = run(DCLINT, [file, '--formatter', 'json'], { timeout: 30_000 });
  const [report] = JSON.parse(lint.stdout) as Array<{ messages: Array<{ type: string; rule: string }> }>;
  return report!.messages.filter((m) => m.type === 'error' && !NOT_FOR_SWARM.has(m.rule));
}

describe('stack.yml and deploy-stack.sh, judged by the real tools', () => {
  test.each(['traefik', 'nginx'] as const)('GIVEN the %s fixture THEN dclint finds no error and the Compose schema accepts stack.yml', (proxy) => {
    const { dir } = writeOutput(fixture(proxy));
    const file = join(dir, 'stack.yml');
    expect(dclintErrors(file)).toEqual([]);
    expect(validateComposeDocument(parse(readFileSync(file, 'utf8')))).toEqual([]);
  });

  test('GIVEN the fixture THEN shellcheck and bash accept deploy-stack.sh', () => {
    const { dir } = writeOutput(fixture());
    const script = join(dir, 'deploy-stack.sh');
    const check = run('shellcheck', ['--severity=style', script]);
    expect(check.stdout + check.stderr).toBe('');
    expect(check.status).toBe(0);
    expect(run('bash', ['-n', script]).status).toBe(0);
  });
});

/** The output folder with .env filled by init-secrets.sh and a stand-in docker on PATH. */
function prepared(app: App = fixture()) {
  const { dir } = writeOutput(app);
  const init = run('bash', ['init-secrets.sh'], { cwd: dir, env: { ...process.env, NONINTERACTIVE: '1' } });
  expect(init.status).toBe(0);
  const bin = mkdtempSync(join(tmpdir(), 'slipway-swarm-bin-'));
  symlinkSync(join(HERE, 'fake-docker-swarm.sh'), join(bin, 'docker'));
  const log = join(bin, 'docker.log');
  const env = (extra: Record<string, string> = {}) => ({ ...process.env, PATH: `${bin}:${process.env.PATH}`, FAKE_DOCKER_LOG: log, POLL: '0', ...extra });
  const envValue = (name: string) => new RegExp(`^${name}=(.*)$`, 'm').exec(readFileSync(join(dir, '.env'), 'utf8'))![1]!;
  return { dir, log, env, envValue, calls: () => (existsSync(log) ? readFileSync(log, 'utf8') : '') };
}

const sha12 = (text: string | Buffer) => createHash('sha256').update(text).digest('hex').slice(0, 12);

describe('deploy-stack.sh, run against a stand-in docker', () => {
  test('GIVEN a manager with the data node labelled WHEN deploying THEN it builds and pushes, creates versioned secrets from .env, versions configs and deploys with registry auth', () => {
    const p = prepared();
    const r = run('bash', ['deploy-stack.sh'], { cwd: p.dir, env: p.env({ RELEASE: 'v1.2.0' }) });
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    expect(r.stdout).toContain('[deploy-stack] release v1.2.0 is live');
    const calls = p.calls();
    expect(calls).toContain('build --pull -t ghcr.io/acme/shop-api:v1.2.0 .');
    expect(calls).toContain('push ghcr.io/acme/shop-api:v1.2.0');
    const db = p.envValue('DB_PASSWORD');
    expect(calls).toContain(`secret create --label slipway.stack=shop --label slipway.variable=DB_PASSWORD shop_DB_PASSWORD_${sha12(db)} -`);
    expect(readFileSync(`${p.log}.secrets`, 'utf8')).toContain(`shop_DB_PASSWORD_${sha12(db)}=${db}\n`);
    expect(calls).toContain('stack deploy --with-registry-auth --prune --resolve-image always -c stack.yml shop');
    // What docker stack deploy interpolates stack.yml with:
    expect(calls).toContain(`  env SLIPWAY_SECRET_DB_PASSWORD=${sha12(db)}`);
    expect(calls).toContain(`  env SLIPWAY_CONFIG_POSTGRES_DB_00_EXTENSIONS_SQL=${sha12(readFileSync(join(p.dir, 'postgres/db/00-extensions.sql')))}`);
    expect(calls).toContain('  env RELEASE=v1.2.0');
    expect(calls).toContain(`  env DB_PASSWORD=${db}`); // DATABASE_URL of the api (swarm-secret-in-env)
    // Every variable stack.yml requires is set when it deploys.
    const stack = readFileSync(join(p.dir, 'stack.yml'), 'utf8');
    for (const [, name] of stack.matchAll(/\$\{([A-Z0-9_]+):\?/g)) expect(calls, name).toMatch(new RegExp(`  env ${name}=.+`));
  });

  test('GIVEN secrets that already exist WHEN deploying again THEN none is created again', () => {
    const p = prepared();
    expect(run('bash', ['deploy-stack.sh'], { cwd: p.dir, env: p.env({ RELEASE: 'a', SKIP_BUILD: '1' }) }).status).toBe(0);
    const first = (p.calls().match(/^secret create/gm) ?? []).length;
    expect(first).toBeGreaterThan(0);
    expect(run('bash', ['deploy-stack.sh'], { cwd: p.dir, env: p.env({ RELEASE: 'b', SKIP_BUILD: '1' }) }).status).toBe(0);
    expect((p.calls().match(/^secret create/gm) ?? []).length).toBe(first);
    expect(p.calls()).not.toContain('build --pull');
  });

  test('GIVEN an update Swarm rolled back WHEN deploying THEN it fails naming the service, shows its tasks and logs, and gives the rollback command', () => {
    const p = prepared();
    const r = run('bash', ['deploy-stack.sh'], { cwd: p.dir, env: p.env({ RELEASE: 'v2', FAKE_FAIL: 'api' }) });
    expect(r.status).toBe(1);
    expect(r.stderr).toContain('----- api: last logs -----');
    expect(r.stderr).toContain('Error: cannot connect to database');
    expect(r.stderr).toContain('release v2 did not converge (api)');
    expect(r.stderr).toContain('./deploy-stack.sh rollback');
  });

  test('GIVEN no node labelled for the data WHEN deploying THEN it stops before deploying, with the label command', () => {
    const p = prepared();
    const r = run('bash', ['deploy-stack.sh'], { cwd: p.dir, env: p.env({ FAKE_NO_LABEL: '1' }) });
    expect(r.status).toBe(1);
    expect(r.stderr).toContain('docker node update --label-add shop-data=true <node>');
    expect(p.calls()).not.toContain('stack deploy');
  });

  test('GIVEN a daemon without no-new-privileges THEN the deploy warns with the daemon.json fix', () => {
    const p = prepared();
    const r = run('bash', ['deploy-stack.sh'], { cwd: p.dir, env: p.env({ FAKE_NO_NNP: '1', RELEASE: 'x', SKIP_BUILD: '1' }) });
    expect(r.status).toBe(0);
    expect(r.stdout).toContain('"no-new-privileges": true to /etc/docker/daemon.json');
  });

  test('GIVEN a deployed stack WHEN rolling back THEN every service with a previous definition is rolled back', () => {
    const p = prepared();
    const r = run('bash', ['deploy-stack.sh', 'rollback'], { cwd: p.dir, env: p.env() });
    expect(r.status).toBe(0);
    for (const svc of ['api', 'cache', 'db', 'proxy']) expect(p.calls()).toContain(`service rollback --detach shop_${svc}`);
  });
});

describe('synth --target swarm', () => {
  test('GIVEN a project and the CLI option THEN stack.yml is written beside docker-compose.yml', () => {
    const dir = workspace({
      'infra.ts': `import { App, HealthCheck, Postgres, Service } from '@slipway/constructs';
const app = new App({ name: 'shop' });
const db = new Postgres(app, 'db', { database: 'shop' });
new Service(app, 'api', { image: 'ghcr.io/acme/api:1.0.0', port: 3000, env: { DB_HOST: db.host }, healthCheck: HealthCheck.http(3000, '/health') });
app.synth();
`,
    });
    const r = synth(dir, ['--target', 'swarm']);
    expect(r.code).toBe(0);
    expect(existsSync(join(dir, 'deploy/docker-compose.yml'))).toBe(true);
    const stack = parse(readFileSync(join(dir, 'deploy/stack.yml'), 'utf8'));
    expect(stack.services.api.deploy.update_config.order).toBe('start-first');
    expect(existsSync(join(dir, 'deploy/deploy-stack.sh'))).toBe(true);
  });

  const dropit = join(ROOT, 'examples/dropit');
  /** A copy of the dropit seed example (its own output folders left out), so nothing is written into it. */
  function dropitCopy(edit: (infra: string) => string = (x) => x): string {
    mkdirSync(join(ROOT, 'test/.work'), { recursive: true });
    const dir = mkdtempSync(join(ROOT, 'test/.work/swarm-dropit-'));
    cpSync(dropit, dir, { recursive: true, filter: (src) => !/\/(deploy[^/]*|node_modules)$/.test(src) });
    writeFileSync(join(dir, 'infra.ts'), edit(readFileSync(join(dir, 'infra.ts'), 'utf8')));
    return dir;
  }

  test.skipIf(!existsSync(join(dropit, 'infra.ts')))('GIVEN the dropit seed example as written (no registry) WHEN synthesized for Swarm THEN exactly its two built services are reported, with the fix', () => {
    const r = synth(dropitCopy(), ['--target', 'swarm']);
    expect(r.code).not.toBe(0);
    const errors = [...new Set(r.stderr.split('\n').filter((l) => l.startsWith('error')))];
    expect(errors).toEqual([
      expect.stringMatching(/^error dropit\/api: is built from source, but Swarm nodes pull images from a registry and none is set\. Fix: set swarm: \{ registry:/),
      expect.stringMatching(/^error dropit\/web: is built from source/),
    ]);
  });

  test.skipIf(!existsSync(join(dropit, 'infra.ts')))('GIVEN the dropit seed example with a registry WHEN synthesized with --target swarm THEN both of its stacks pass dclint and the schema', () => {
    const dir = dropitCopy((infra) => infra.replace("name: 'dropit',", "name: 'dropit', swarm: { registry: 'ghcr.io/dropit' },"));
    const r = synth(dir, ['--target', 'swarm']);
    expect(r.stderr.split('\n').filter((l) => l.startsWith('error'))).toEqual([]);
    expect(r.code).toBe(0);
    for (const folder of ['deploy', 'deploy-dokploy']) {
      const file = join(dir, folder, 'stack.yml');
      expect(dclintErrors(file)).toEqual([]);
      const stack = parse(readFileSync(file, 'utf8'));
      expect(validateComposeDocument(stack)).toEqual([]);
      expect(stack.services.api.image).toMatch(/^ghcr\.io\/dropit\/dropit-api:\$\{RELEASE:\?/);
      expect(stack.services.api.deploy.update_config.failure_action).toBe('rollback');
      expect(stack.services.api.deploy.labels['traefik.swarm.network']).toBe('dropit_default');
      expect(stack.services.db.deploy.placement.constraints).toEqual(['node.labels.dropit-data == true']);
      expect(stack.services.db.environment.POSTGRES_PASSWORD_FILE).toBe('/run/secrets/DB_PASSWORD');
      expect(run('shellcheck', ['--severity=style', join(dir, folder, 'deploy-stack.sh')]).status).toBe(0);
    }
  });
});
