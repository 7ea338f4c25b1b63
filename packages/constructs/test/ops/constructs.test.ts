import { describe, expect, test } from 'vitest';
import { AdminTool, App, Backup, BackupSchedule, DeployPolicy, Host, Monitoring, Postgres, Testing } from '../../src/index.js';

const errors = (app: App) => Testing.diagnostics(app).filter((d) => d.level === 'error').map((d) => `${d.path}: ${d.message}`);
const KEY = 'ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIKey alice@laptop';

describe('Backup', () => {
  test('GIVEN a Backup THEN a backup service runs the database image with the scripts, the dump folder and pg credentials from the secret', () => {
    const app = new App({ name: 'shop' });
    const db = new Postgres(app, 'db', { version: '15', database: 'shop' });
    new Backup(app, 'db-backup', { database: db, schedule: BackupSchedule.everyHours(6), keep: 3 });
    const out = Testing.synth(app);
    const svc = out.yaml('docker-compose.yml').services['db-backup'];
    expect(svc.image).toBe('postgres:15-alpine');
    expect(svc.command).toEqual(['sh', '/slipway/backup.sh', '--schedule']);
    expect(svc.volumes).toEqual(['./backup.sh:/slipway/backup.sh:ro', './restore.sh:/slipway/restore.sh:ro', './backups/db:/backups']);
    expect(svc.environment).toMatchObject({ PGHOST: 'db', PGUSER: 'app', PGDATABASE: 'shop', BACKUP_KEEP: '3', BACKUP_SCHEDULE: 'every 6h' });
    expect(svc.environment.PGPASSWORD).toMatch(/^\$\{DB_PASSWORD:\?/);
    expect(svc.networks).toContain('db-net');
    expect(svc.depends_on).toEqual({ db: { condition: 'service_healthy' } });
    expect(out.modes['backup.sh']).toBe(0o755);
    expect(out.modes['restore.sh']).toBe(0o755);
  });

  test('GIVEN bad schedule, keep and S3 settings THEN every error is reported together with the construct path', () => {
    const app = new App({ name: 'shop' });
    const db = new Postgres(app, 'db');
    new Backup(app, 'db-backup', { database: db, schedule: BackupSchedule.daily('25:00'), keep: 0, s3: { endpoint: 'http://s3.local', bucket: 'A_B' } });
    const e = errors(app);
    expect(e).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^shop\/db-backup: daily time "25:00" is not HH:MM/),
        expect.stringMatching(/^shop\/db-backup: keep must be a whole number ≥ 1/),
        expect.stringMatching(/^shop\/db-backup: S3 endpoint "http:\/\/s3.local" is not an https:\/\/ URL/),
        expect.stringMatching(/^shop\/db-backup: bucket name "A_B"/),
      ]),
    );
  });

  test('GIVEN an S3 destination THEN its credentials are provided secrets in .env.example, never values in compose', () => {
    const app = new App({ name: 'shop' });
    const db = new Postgres(app, 'db');
    new Backup(app, 'db-backup', { database: db, s3: { endpoint: 'https://s3.example.com', bucket: 'shop-bk' } });
    const out = Testing.synth(app);
    expect(out.env('.env.example')).toMatchObject({ DB_BACKUP_S3_ACCESS_KEY: '', DB_BACKUP_S3_SECRET_KEY: '' });
    const env = out.yaml('docker-compose.yml').services['db-backup'].environment;
    expect(env.BACKUP_S3_PREFIX).toBe('shop/db');
    expect(env.BACKUP_S3_SECRET_KEY).toMatch(/^\$\{DB_BACKUP_S3_SECRET_KEY:\?/);
  });
});

describe('AdminTool, Monitoring, DeployPolicy, Host', () => {
  test('GIVEN pgAdmin THEN it binds to 127.0.0.1 only, reaches the database network and lists the server in servers.json', () => {
    const app = new App({ name: 'shop' });
    const db = new Postgres(app, 'db', { database: 'shop' });
    new AdminTool(app, 'pgadmin', { kind: 'pgadmin', databases: [db], email: 'ops@shop.example' });
    const out = Testing.synth(app);
    const svc = out.yaml('docker-compose.yml').services.pgadmin;
    expect(svc.ports).toEqual(['127.0.0.1:5050:80']);
    expect(svc.networks).toEqual(['db-net', 'default']);
    expect(JSON.parse(out.text('admin/pgadmin-servers.json')).Servers['1']).toMatchObject({ Host: 'db', MaintenanceDB: 'shop', Username: 'app' });
  });

  test('GIVEN pgAdmin without an e-mail or databases THEN it says what to set', () => {
    const app = new App({ name: 'shop' });
    new AdminTool(app, 'pgadmin', { kind: 'pgadmin', databases: [] });
    expect(errors(app)).toEqual(expect.arrayContaining(['shop/pgadmin: pgAdmin needs a login e-mail.', 'shop/pgadmin: an AdminTool needs at least one database.']));
  });

  test('GIVEN Monitoring without a host THEN Grafana is on loopback 3001 and no Domain is created', () => {
    const app = new App({ name: 'shop' });
    const m = new Monitoring(app, 'monitoring', { hostMetrics: false, containerMetrics: false });
    const compose = Testing.synth(app).yaml('docker-compose.yml');
    expect(m.grafanaDomain).toBeUndefined();
    expect(compose.services.grafana.ports).toEqual(['127.0.0.1:3001:3000']);
    expect(compose.services['node-exporter']).toBeUndefined();
  });

  test('GIVEN a Grafana host THEN Grafana knows its public URL: HTTPS with secure cookies, or <host>.localhost over HTTP in local mode', () => {
    const env = (mode: 'production' | 'local') => {
      const app = new App({ name: 'shop', mode, acme: { email: 'ops@shop.example' } });
      new Monitoring(app, 'monitoring', { grafanaHost: 'grafana.shop.example', hostMetrics: false, containerMetrics: false });
      return Testing.synth(app).yaml('docker-compose.yml').services.grafana.environment;
    };
    expect(env('production')).toMatchObject({ GF_SERVER_ROOT_URL: 'https://grafana.shop.example/', GF_SECURITY_COOKIE_SECURE: 'true' });
    expect(env('local')).toMatchObject({ GF_SERVER_ROOT_URL: 'http://grafana.shop.example.localhost/', GF_SECURITY_COOKIE_SECURE: 'false' });
  });

  test('GIVEN grafanaBasicAuth: false THEN the loosening is a warning with an id', () => {
    const app = new App({ name: 'shop', acme: { email: 'ops@shop.example' } });
    new Monitoring(app, 'monitoring', { grafanaHost: 'grafana.shop.example', grafanaBasicAuth: false });
    expect(Testing.diagnostics(app).map((d) => d.id)).toContain('grafana-without-basic-auth');
  });

  test('GIVEN a DeployPolicy THEN deploy.sh uses its numbers; invalid ones are errors', () => {
    const app = new App({ name: 'shop' });
    new DeployPolicy(app, 'deploy', { keepReleases: 3, healthTimeoutSeconds: 300, minFreeDiskMb: 500 });
    const script = Testing.synth(app).text('deploy.sh');
    expect(script).toContain('KEEP_RELEASES="${KEEP_RELEASES:-3}"');
    expect(script).toContain('HEALTH_TIMEOUT="${HEALTH_TIMEOUT:-300}"');
    expect(script).toContain('MIN_FREE_MB="${MIN_FREE_MB:-500}"');
    const bad = new App({ name: 'shop' });
    new DeployPolicy(bad, 'deploy', { keepReleases: 1, healthTimeoutSeconds: 2 });
    expect(errors(bad)).toHaveLength(2);
  });

  test('GIVEN a Host with no keys, a private key pasted, a bad CIDR and root as deploy user THEN each mistake is an error', () => {
    const app = new App({ name: 'shop' });
    new Host(app, 'server', { sshKeys: [], sshAllowFrom: ['10.0.0.0/33'], deployUser: 'root' });
    const other = new App({ name: 'other' });
    new Host(other, 'server', { sshKeys: ['-----BEGIN OPENSSH PRIVATE KEY-----'], sshAllowFrom: ['1.2.3.4'] });
    expect(errors(other)).toEqual([expect.stringContaining('sshKeys[0] is not an OpenSSH public key line')]);
    const e = errors(app);
    expect(e).toEqual(
      expect.arrayContaining([
        expect.stringContaining('needs at least one SSH public key'),
        expect.stringContaining('sshAllowFrom entry "10.0.0.0/33"'),
        expect.stringContaining('deployUser "root"'),
      ]),
    );
  });

  test('GIVEN SSH open to all THEN it is a warning, not an error', () => {
    const app = new App({ name: 'shop' });
    new Host(app, 'server', { sshKeys: [KEY], sshAllowFrom: ['0.0.0.0/0'] });
    const d = Testing.diagnostics(app);
    expect(d.filter((x) => x.level === 'error')).toEqual([]);
    expect(d.map((x) => x.id)).toContain('ssh-open-to-all');
  });
});
