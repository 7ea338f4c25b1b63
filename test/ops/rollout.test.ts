import { App, Domain, HealthCheck, Postgres, Service, Testing, type AppProps } from '@slipway/constructs';
import { spawnSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { mapPaths, tempDir } from '../proxy/_files.js';
import { opsFixture } from './_support.js';

// Which services deploy.sh replaces beside their running container, and the proxy side of the
// switch: nginx and Caddy accept the files and variables deploy.sh writes into them. The switch
// itself, under load, is proven on the real engine (test/engine/rollout.test.ts).
const hasNginx = spawnSync('nginx', ['-v']).status === 0;
const hasCaddy = spawnSync('caddy', ['version']).status === 0;

function stack(props: Partial<AppProps> = {}, web: { ports?: boolean; replicas?: number } = {}): App {
  const app = new App({ name: 'roll', mode: 'local', proxy: 'nginx', ...props });
  const db = new Postgres(app, 'db', { version: '16', database: 'roll' });
  const api = new Service(app, 'api', {
    image: 'acme/api:1.0.0',
    port: 3000,
    env: { DATABASE_URL: db.url },
    healthCheck: HealthCheck.http(3000, '/health'),
    ports: web.ports ? [{ container: 3000, host: 3000 }] : undefined,
    replicas: web.replicas,
  });
  new Domain(app, 'site', { host: 'roll.example', to: api });
  return app;
}

const deployScript = (app: App) => Testing.synth(app).text('deploy.sh');
const arrayOf = (script: string, name: string) => new RegExp(`^${name}=\\(([^)]*)\\)`, 'm').exec(script)?.[1];

describe('the services deploy.sh rolls', () => {
  it('GIVEN an app behind nginx THEN the app rolls, the database does not, and the order puts the database first', () => {
    const s = deployScript(stack());
    expect(arrayOf(s, 'ROLLING')).toBe('api');
    expect(arrayOf(s, 'ORDER')).toBe('db api proxy');
    expect(s).toContain('roll_service "$svc"');
    expect(s).toMatch(/^\s+api\) echo 0BB8 ;;$/m);
  });

  it('GIVEN the ops fixture THEN the API rolls; Grafana (sole writer of its volume), pgAdmin (a tool) and the worker (no route) do not', () => {
    expect(arrayOf(deployScript(opsFixture()), 'ROLLING')).toBe('api');
  });

  it.each([
    ['a published host port', stack({}, { ports: true })],
    ['two replicas', stack({}, { replicas: 2 })],
  ])('GIVEN %s THEN the service is recreated as before', (_name, app) => {
    expect(arrayOf(deployScript(app), 'ROLLING')).toBe('');
  });

  it.each([
    ['Traefik', stack({ proxy: 'traefik' })],
    ['nginx at syntax level 1.27.3 (upstream resolve blocks)', stack({ proxyOptions: { nginxVersion: '1.27.3' } })],
  ])('GIVEN %s THEN deploy.sh keeps compose up -d and has no maintenance page', (_name, app) => {
    const s = deployScript(app);
    expect(s).not.toContain('ROLLING=');
    expect(s).toContain('compose up -d --remove-orphans --no-build || return 1');
    expect(s).toContain('has no generated nginx or Caddy proxy to serve a maintenance page');
  });

  it('GIVEN a rollback THEN the release keeps and restores its configuration files', () => {
    const s = deployScript(opsFixture());
    expect(arrayOf(s, 'CONFIG_FILES')).toContain('nginx'); // the folder the proxy mounts whole
    expect(arrayOf(s, 'CONFIG_FILES')).toContain('monitoring/prometheus.yml');
    expect(arrayOf(s, 'CONFIG_FILES')).not.toContain('backups/'); // data, not configuration
    expect(s).toMatch(/rollback_to\(\) \{[^}]*restore_config "\$id"/);
  });
});

/** Runs the `printf … |` of deploy.sh that writes `file` and returns what it writes. */
function writtenBy(script: string, file: string): string {
  const line = script.split('\n').findIndex((l) => l.includes(`cat >${file}`));
  const printf = script.split('\n')[line - 1]!.trim().replace(/\|$/, '');
  const r = spawnSync('bash', ['-c', printf], { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(r.stderr);
  return r.stdout;
}

describe.skipIf(!hasNginx)('nginx accepts what deploy.sh writes into it', () => {
  it('GIVEN a pinned container and maintenance on THEN nginx -t passes with the included files; without them too', () => {
    const out = Testing.synth(stack());
    const conf = out.text('nginx/nginx.conf');
    expect(conf).toContain('set $live_api api;\n      include /etc/nginx/live/api.con[f];\n      set $upstream_site $live_api:3000;');
    for (const withFiles of [false, true]) {
      const dir = tempDir('slipway-rollout-nginx-');
      mkdirSync(join(dir, 'logs'));
      mkdirSync(join(dir, 'live'));
      if (withFiles) {
        writeFileSync(join(dir, 'live/api.conf'), 'set $live_api roll-api-2;\n');
        writeFileSync(join(dir, 'live/maintenance.conf'), writtenBy(out.text('deploy.sh'), '/etc/nginx/live/maintenance.conf'));
      }
      writeFileSync(join(dir, 'nginx.conf'), mapPaths(conf, { '/etc/nginx/live': join(dir, 'live'), '/var/log/nginx': join(dir, 'logs') }));
      const r = spawnSync('nginx', ['-t', '-p', dir, '-c', join(dir, 'nginx.conf'), '-e', join(dir, 'logs/error.log'), '-g', `pid ${join(dir, 'nginx.pid')};`], { encoding: 'utf8' });
      expect(r.stderr).toContain('test is successful');
    }
  });
});

describe.skipIf(!hasCaddy)('Caddy accepts what deploy.sh sets and writes', () => {
  it('GIVEN SLIPWAY_LIVE_API and the maintenance file THEN caddy adapt routes to the container and answers 503 first', () => {
    const out = Testing.synth(stack({ proxy: 'caddy' }));
    const dir = tempDir('slipway-rollout-caddy-');
    mkdirSync(join(dir, 'live'));
    const caddyfile = join(dir, 'Caddyfile');
    writeFileSync(caddyfile, mapPaths(out.text('caddy/Caddyfile'), { '/etc/caddy/live': join(dir, 'live') }));
    const adapt = (env: NodeJS.ProcessEnv) => spawnSync('caddy', ['adapt', '--config', caddyfile, '--adapter', 'caddyfile'], { encoding: 'utf8', env: { ...process.env, ...env } });
    const plain = adapt({});
    expect(plain.status, plain.stderr).toBe(0);
    expect(plain.stdout).toContain('"dial":"api:3000"');
    writeFileSync(join(dir, 'live/maintenance.caddy'), writtenBy(out.text('deploy.sh'), '/etc/caddy/live/maintenance.caddy'));
    const pinned = adapt({ SLIPWAY_LIVE_API: 'roll-api-2' });
    expect(pinned.status, pinned.stderr).toBe(0);
    expect(pinned.stdout).toContain('"dial":"roll-api-2:3000"');
    expect(pinned.stdout).toContain('"status_code":503');
    expect(pinned.stdout.indexOf('"/slipway-maintenance"')).toBeLessThan(pinned.stdout.indexOf('"dial"'));
  });
});
