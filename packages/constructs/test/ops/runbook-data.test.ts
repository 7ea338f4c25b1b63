import { describe, expect, test } from 'vitest';
import { AdminTool, Annotations, App, Backup, Domain, HealthCheck, Host, Postgres, Service, Testing, Volume } from '../../src/index.js';

/** A small stack; `dbPort` publishes the database on loopback, `admin` adds pgAdmin. */
function runbook(opts: { dbPort?: boolean; admin?: boolean; mode?: 'production' | 'local'; backup?: boolean } = {}) {
  const app = new App({ name: 'terra', mode: opts.mode, acme: { email: 'ops@terra.example' } });
  const db = new Postgres(app, 'postgres', { database: 'terra', user: 'app_user', ports: opts.dbPort ? [{ container: 5432 }] : undefined });
  if (opts.dbPort) Annotations.of(db).acknowledge('data-port-published', 'desktop client through an SSH tunnel');
  const uploads = new Volume(app, 'uploads');
  const api = new Service(app, 'api', {
    image: 'ghcr.io/terra/api:1.0.0',
    port: 3000,
    env: { DATABASE_URL: db.url },
    volumes: [{ volume: uploads, target: '/app/uploads' }],
    healthCheck: HealthCheck.http(3000, '/health'),
  });
  new Domain(app, 'api-domain', { host: 'api.terra.example', to: api });
  if (opts.admin) new AdminTool(app, 'pgadmin', { kind: 'pgadmin', databases: [db], email: 'ops@terra.example' });
  if (opts.backup) new Backup(app, 'postgres-backup', { database: db });
  new Host(app, 'server', { sshKeys: ['ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIKey alice@laptop'], sshAllowFrom: ['203.0.113.7'], ipv4: '198.51.100.20', directory: '/opt/terra' });
  return Testing.synth(app).text('DEPLOY.md');
}

describe('DEPLOY.md: database access', () => {
  test('GIVEN a Postgres without published port THEN psql through docker compose exec, from the laptop over ssh -t and on the server', () => {
    const md = runbook();
    expect(md).toContain('## Database access');
    expect(md).toContain("ssh -t deploy@198.51.100.20 'cd /opt/terra && docker compose exec postgres psql -U app_user -d terra'");
    expect(md).toContain('docker compose exec postgres psql -U app_user -d terra   # on the server, in /opt/terra');
    expect(md).toContain('password in `POSTGRES_PASSWORD` of `.env`');
    // No tunnel command that could not work: it says what to add instead.
    expect(md).not.toMatch(/ssh -N -L \d+:127\.0\.0\.1:5432/);
    expect(md).toContain('nothing listens on the server\'s localhost:5432 while the database publishes no port');
  });

  test('GIVEN the database published on loopback THEN the tunnel command points at that port', () => {
    const md = runbook({ dbPort: true });
    expect(md).toContain('ssh -N -L 15432:127.0.0.1:5432 deploy@198.51.100.20');
    expect(md).toContain("published on the server's 127.0.0.1:5432 only");
  });

  test('GIVEN pgAdmin on the database THEN the section points at its tunnel', () => {
    expect(runbook({ admin: true })).toContain('pgAdmin through its SSH tunnel (see *Admin tools* below)');
  });

  test('GIVEN local mode THEN there is no server to tunnel to and no such section', () => {
    const md = runbook({ mode: 'local' });
    expect(md).not.toContain('## Database access');
    expect(md).not.toContain('## Updates keep the data');
  });
});

describe('DEPLOY.md: updates keep the data', () => {
  test('GIVEN named volumes THEN each is listed with its mounts, the project-name prefix, a before/after check and what deletes data', () => {
    const md = runbook();
    const section = md.slice(md.indexOf('## Updates keep the data'), md.indexOf('## Database access'));
    expect(section).toContain('| postgres-data | postgres:/var/lib/postgresql/data |');
    expect(section).toContain('| uploads | api:/app/uploads |');
    expect(section).toContain('`terra_<volume>`');
    expect(section).toContain("docker compose exec postgres psql -U app_user -d terra -c 'select relname, n_live_tup from pg_stat_user_tables order by 1'");
    expect(section).toContain('`docker compose down -v`');
    expect(section).toContain('(`pg_dump`, then `pg_restore`)');
    expect(runbook({ backup: true })).toContain('(`./backup.sh`, then `./restore.sh`)');
  });
});

describe('DEPLOY.md: loopback health checks', () => {
  test('GIVEN a published service probed by a node fetch one-liner THEN the runbook curls its loopback URL on the host port', () => {
    const app = new App({ name: 'terra', acme: { email: 'ops@terra.example' } });
    new Service(app, 'api', { image: 'ghcr.io/terra/api:1.0.0', port: 3000, ports: [{ container: 3000, host: 3100 }], healthCheck: HealthCheck.http(3000, '/health', 'node') });
    expect(Testing.synth(app).text('DEPLOY.md')).toContain('curl -fsS http://127.0.0.1:3100/health\n');
  });
});
