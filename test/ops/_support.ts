import { execFileSync, spawnSync, type SpawnSyncReturns } from 'node:child_process';
import { chmodSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import {
  AdminTool,
  App,
  Backup,
  BackupSchedule,
  Domain,
  HealthCheck,
  Host,
  Monitoring,
  Postgres,
  Redis,
  Secret,
  Service,
  Testing,
  Volume,
} from '@slipway/constructs';

/** A stack using every ops construct, like the seeds' (API + worker build, Postgres, Redis). */
export function opsFixture(opts: { publishedPort?: number } = {}): App {
  const app = new App({ name: 'shop', acme: { email: 'ops@shop.example' } });
  const db = new Postgres(app, 'db', { version: '16', database: 'shop', extensions: ['pgcrypto'] });
  const cache = new Redis(app, 'cache');
  const uploads = new Volume(app, 'uploads');
  const api = new Service(app, 'api', {
    image: 'ghcr.io/acme/shop-api:1.2.3',
    port: 3000,
    ports: opts.publishedPort ? [{ container: 3000, host: opts.publishedPort }] : undefined,
    env: {
      DATABASE_URL: db.url,
      REDIS_URL: cache.url,
      JWT_SECRET: new Secret(app, 'jwt-secret', { generate: 'base64-32' }),
      STRIPE_KEY: new Secret(app, 'stripe-key', { provided: 'Stripe dashboard → Developers → API keys' }),
    },
    volumes: [{ volume: uploads, target: '/app/uploads' }],
    healthCheck: HealthCheck.http(3000, '/health'),
    metrics: { path: '/internal/metrics' },
  });
  new Domain(app, 'api-domain', { host: 'api.shop.example', to: api });
  new Domain(app, 'web-domain', { host: 'shop.example', to: api, wwwRedirect: 'www-to-apex' });
  new Service(app, 'worker', {
    build: { context: '.' },
    env: { DATABASE_URL: db.url },
    healthCheck: HealthCheck.command(['node', 'healthcheck.js']),
  });
  new Backup(app, 'db-backup', {
    database: db,
    schedule: BackupSchedule.daily('02:30'),
    keep: 10,
    volumes: [uploads],
    s3: { endpoint: 'https://s3.fr-par.scw.cloud', bucket: 'shop-backups', region: 'fr-par' },
  });
  new Monitoring(app, 'monitoring', { grafanaHost: 'grafana.shop.example' });
  new AdminTool(app, 'pgadmin', { kind: 'pgadmin', databases: [db], email: 'ops@shop.example' });
  new Host(app, 'server', {
    sshKeys: ['ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIFakeKeyForTestsOnly0123456789abcdefghij alice@laptop'],
    sshAllowFrom: ['203.0.113.7', '198.51.100.0/24'],
    ipv4: '192.0.2.10',
    ipv6: '2001:db8::10',
  });
  return app;
}

/** Synthesizes in memory and writes the output folder into a fresh temp folder, modes included. */
export function writeOutput(app: App): { dir: string; files: Record<string, string> } {
  const out = Testing.synth(app);
  const dir = mkdtempSync(join(tmpdir(), 'slipway-ops-'));
  for (const [path, content] of Object.entries(out.files)) {
    const full = join(dir, path);
    mkdirSync(dirname(full), { recursive: true });
    writeFileSync(full, content);
    chmodSync(full, out.modes[path] ?? 0o644);
  }
  return { dir, files: out.files };
}

/** Runs a program with a time limit; never throws on a non-zero exit. */
export function run(cmd: string, args: readonly string[], options: { cwd?: string; env?: NodeJS.ProcessEnv; input?: string; timeout?: number } = {}): SpawnSyncReturns<string> {
  return spawnSync(cmd, args, { cwd: options.cwd, env: options.env ?? process.env, input: options.input ?? '', encoding: 'utf8', timeout: options.timeout ?? 60_000 });
}

/** True when a program is on PATH. */
export function has(program: string): boolean {
  try {
    execFileSync('sh', ['-c', `command -v ${program}`], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

/** Problems of POSIX sh scripts in `dir`: shellcheck's findings and `sh -n` syntax errors, by file. */
export function shProblems(dir: string, names: readonly string[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (const name of names) {
    const check = run('shellcheck', ['--shell=sh', join(dir, name)]);
    const syntax = run('sh', ['-n', join(dir, name)]);
    const text = `${check.status === 0 ? '' : check.stdout || `shellcheck exit ${check.status}`}${syntax.status === 0 ? '' : syntax.stderr || 'sh -n failed'}`;
    if (text) out[name] = text;
  }
  return out;
}

