import { execFile } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { createServer as createNetServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { App, Postgres, PostgresAdminUser, Testing } from '@slipway/constructs';
import { opsFixture, run, writeOutput } from './_support.js';

/**
 * backup.sh / restore.sh against a real PostgreSQL (Debian's), started here on a temp folder and
 * a free loopback port, as the `postgres` user, and stopped afterwards.
 */
const PG_BIN = existsSync('/usr/lib/postgresql')
  ? join('/usr/lib/postgresql', readdirSync('/usr/lib/postgresql').sort().at(-1)!, 'bin')
  : '';

async function freePort(): Promise<number> {
  const server = createNetServer().listen(0, '127.0.0.1');
  await new Promise((ok) => server.once('listening', ok));
  const port = (server.address() as { port: number }).port;
  await new Promise((ok) => server.close(ok));
  return port;
}

describe.skipIf(!PG_BIN)('backup.sh and restore.sh with a real PostgreSQL', () => {
  const root = mkdtempSync(join(tmpdir(), 'slipway-pg-'));
  const data = join(root, 'data');
  let port = 0;
  let scripts = '';
  const asPostgres = (cmd: string, args: string[]) => run('runuser', ['-u', 'postgres', '--', join(PG_BIN, cmd), ...args], { timeout: 60_000 });
  const psql = (db: string, sql: string) => {
    const r = run('psql', ['-h', '127.0.0.1', '-p', String(port), '-U', 'app', '-d', db, '-v', 'ON_ERROR_STOP=1', '-Atc', sql]);
    if (r.status !== 0) throw new Error(`psql failed: ${r.stderr}`);
    return r.stdout.trim();
  };
  const env = (extra: Record<string, string> = {}): NodeJS.ProcessEnv => ({
    ...process.env,
    SLIPWAY_BACKUP_IN_CONTAINER: '1',
    PGHOST: '127.0.0.1',
    PGPORT: String(port),
    PGUSER: 'app',
    PGPASSWORD: 'unused-with-trust',
    PGDATABASE: 'shop',
    BACKUP_NAME: 'db',
    BACKUP_DIR: join(root, 'backups'),
    BACKUP_KEEP: '2',
    BACKUP_VOLUMES: 'uploads',
    BACKUP_VOLUMES_ROOT: join(root, 'volumes'),
    ...extra,
  });
  const counts = (db: string) => psql(db, "SELECT (SELECT count(*) FROM customers) || '/' || (SELECT count(*) FROM orders)");

  beforeAll(async () => {
    run('chown', ['postgres:postgres', root]);
    port = await freePort();
    const init = asPostgres('initdb', ['-D', data, '-U', 'app', '--auth=trust', '-E', 'UTF8']);
    if (init.status !== 0) throw new Error(`initdb failed: ${init.stderr}`);
    const start = asPostgres('pg_ctl', ['-D', data, '-w', '-t', '30', '-l', join(root, 'server.log'), '-o', `-p ${port} -k ${root} -c listen_addresses=127.0.0.1`, 'start']);
    if (start.status !== 0) throw new Error(`pg_ctl start failed: ${start.stderr}\n${start.stdout}`);
    psql('postgres', 'CREATE DATABASE shop');
    psql('shop', `CREATE EXTENSION pgcrypto;
      CREATE TABLE customers (id serial PRIMARY KEY, email text UNIQUE NOT NULL, token text DEFAULT encode(gen_random_bytes(8), 'hex'));
      CREATE TABLE orders (id serial PRIMARY KEY, customer_id int REFERENCES customers(id), total numeric(10,2));
      INSERT INTO customers (email) SELECT 'c' || i || '@example.com' FROM generate_series(1, 250) i;
      INSERT INTO orders (customer_id, total) SELECT 1 + (i % 250), i * 1.5 FROM generate_series(1, 1000) i;`);
    mkdirSync(join(root, 'volumes/uploads/avatars'), { recursive: true });
    writeFileSync(join(root, 'volumes/uploads/avatars/a.png'), 'not really a png');
    scripts = writeOutput(opsFixture()).dir;
  });

  afterAll(() => {
    if (existsSync(join(data, 'postmaster.pid'))) asPostgres('pg_ctl', ['-D', data, '-m', 'fast', '-w', '-t', '30', 'stop']);
  });

  test('GIVEN a database with rows WHEN backup.sh runs and restore.sh restores into a named database THEN the row counts match', () => {
    expect(counts('shop')).toBe('250/1000');
    const b = run('sh', [join(scripts, 'backup.sh')], { env: env() });
    expect(b.stderr).toBe('');
    expect(b.status).toBe(0);
    const dumps = readdirSync(join(root, 'backups')).filter((f) => f.endsWith('.dump'));
    expect(dumps).toHaveLength(1);
    const dump = dumps[0]!;
    expect(dump).toMatch(/^db-\d{8}-\d{6}\.dump$/);
    // Custom format: compressed, starts with the PGDMP magic.
    expect(readFileSync(join(root, 'backups', dump)).subarray(0, 5).toString()).toBe('PGDMP');
    const archive = dump.replace(/\.dump$/, '.uploads.tar.gz');
    expect(run('tar', ['-tzf', join(root, 'backups', archive)]).stdout).toContain('./avatars/a.png');

    // Production changes after the dump; the restore must bring back the dump's state.
    psql('shop', 'DELETE FROM orders WHERE id > 10');
    const r = run('sh', [join(scripts, 'restore.sh'), dump, 'shop_restore'], { env: env() });
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    expect(r.stdout).toContain(`restored ${dump} into shop_restore`);
    expect(r.stdout).toContain('volume archive');
    expect(counts('shop_restore')).toBe('250/1000');
    expect(psql('shop_restore', "SELECT count(*) FROM customers WHERE email = 'c7@example.com'")).toBe('1');
    expect(counts('shop')).toBe('250/10');

    // Never over an existing database by accident…
    const again = run('sh', [join(scripts, 'restore.sh'), dump, 'shop_restore'], { env: env() });
    expect(again.status).toBe(1);
    expect(again.stderr).toContain('database shop_restore already exists');
    // …but on purpose, with --replace.
    psql('shop_restore', 'DELETE FROM orders');
    const replaced = run('sh', [join(scripts, 'restore.sh'), dump, 'shop_restore', '--replace'], { env: env() });
    expect(replaced.status).toBe(0);
    expect(counts('shop_restore')).toBe('250/1000');
  });

  test('GIVEN no target WHEN restoring THEN it restores into <database>_restore; bad names and missing files fail clearly', () => {
    const dump = readdirSync(join(root, 'backups')).find((f) => f.endsWith('.dump'))!;
    psql('postgres', 'DROP DATABASE IF EXISTS shop_restore');
    expect(run('sh', [join(scripts, 'restore.sh'), dump], { env: env() }).status).toBe(0);
    expect(psql('postgres', "SELECT count(*) FROM pg_database WHERE datname = 'shop_restore'")).toBe('1');
    const bad = run('sh', [join(scripts, 'restore.sh'), dump, 'Robert"; DROP'], { env: env() });
    expect(bad.status).toBe(1);
    expect(bad.stderr).toContain('must start with a lowercase letter');
    const missing = run('sh', [join(scripts, 'restore.sh'), 'db-19990101-000000.dump', 'x'], { env: env() });
    expect(missing.status).toBe(1);
    expect(missing.stderr).toContain('no such backup');
  });

  test('GIVEN BACKUP_KEEP=2 WHEN three backups run THEN only the two newest dumps and their archives remain', () => {
    for (let i = 0; i < 2; i++) expect(run('sh', [join(scripts, 'backup.sh')], { env: env() }).status).toBe(0);
    const files = readdirSync(join(root, 'backups')).sort();
    expect(files.filter((f) => f.endsWith('.dump'))).toHaveLength(2);
    expect(files.filter((f) => f.endsWith('.tar.gz'))).toHaveLength(2);
    expect(files.some((f) => f.includes('.partial'))).toBe(false);
  });

  test('GIVEN an unreachable database WHEN backing up THEN it fails and leaves no partial dump', () => {
    const before = readdirSync(join(root, 'backups')).sort();
    const r = run('sh', [join(scripts, 'backup.sh')], { env: env({ PGPORT: '1' }) });
    expect(r.status).toBe(1);
    expect(r.stdout + r.stderr).toContain('pg_dump of shop failed');
    expect(readdirSync(join(root, 'backups')).sort()).toEqual(before);
  });

  test('GIVEN an S3 destination WHEN backing up THEN every file is PUT with a SigV4 signature under the prefix', async () => {
    const puts: Array<{ url: string; auth: string; bytes: number }> = [];
    const server: Server = createServer((req, res) => {
      let bytes = 0;
      req.on('data', (d: Buffer) => (bytes += d.length));
      req.on('end', () => {
        puts.push({ url: `${req.method} ${req.url}`, auth: String(req.headers.authorization ?? ''), bytes });
        res.writeHead(200).end();
      });
    });
    server.listen(0, '127.0.0.1');
    await new Promise((ok) => server.once('listening', ok));
    const s3port = (server.address() as { port: number }).port;
    try {
      const out = await promisify(execFile)('sh', [join(scripts, 'backup.sh')], {
        env: env({
          BACKUP_S3_ENDPOINT: `http://127.0.0.1:${s3port}`,
          BACKUP_S3_BUCKET: 'shop-backups',
          BACKUP_S3_PREFIX: 'shop/db',
          BACKUP_S3_REGION: 'fr-par',
          BACKUP_S3_ACCESS_KEY: 'AKTEST',
          BACKUP_S3_SECRET_KEY: 'SKTEST',
        }),
        timeout: 30_000,
      });
      expect(out.stdout).toContain('uploaded');
    } finally {
      server.close();
    }
    expect(puts).toHaveLength(2);
    expect(puts[0]!.url).toMatch(/^PUT \/shop-backups\/shop\/db\/db-\d{8}-\d{6}\.dump$/);
    expect(puts[1]!.url).toMatch(/^PUT \/shop-backups\/shop\/db\/db-\d{8}-\d{6}\.uploads\.tar\.gz$/);
    expect(puts[0]!.auth).toMatch(/^AWS4-HMAC-SHA256 Credential=AKTEST\/\d{8}\/fr-par\/s3\/aws4_request/);
    expect(puts[0]!.bytes).toBeGreaterThan(1000);
  });

  test('GIVEN a PostgresAdminUser WHEN its init script runs THEN the admin role exists, and a hostile password is data, not SQL', () => {
    const app = new App({ name: 'shop' });
    new PostgresAdminUser(new Postgres(app, 'db', { database: 'shop' }), 'admin', { user: 'alice' });
    const out = Testing.synth(app);
    expect(out.modes['postgres/db/05-admin-user.sh']).toBe(0o755);
    expect(out.yaml('docker-compose.yml').services.db.volumes).toContain('./postgres/db/05-admin-user.sh:/docker-entrypoint-initdb.d/05-admin-user.sh:ro');
    const script = join(root, '05-admin-user.sh');
    writeFileSync(script, out.text('postgres/db/05-admin-user.sh'));
    expect(run('shellcheck', [script]).stdout).toBe('');
    const pgEnv = { ...process.env, PGHOST: '127.0.0.1', PGPORT: String(port), POSTGRES_USER: 'app', POSTGRES_DB: 'shop' };
    const r = run('sh', [script], { env: { ...pgEnv, POSTGRES_ADMIN_USER: 'alice', POSTGRES_ADMIN_PASSWORD: "x'; DROP TABLE customers; --" } });
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    expect(psql('postgres', "SELECT rolcanlogin AND rolcreatedb AND rolcreaterole FROM pg_roles WHERE rolname = 'alice'")).toBe('t');
    expect(psql('shop', 'SELECT count(*) FROM customers')).toBe('250');
    const skipped = run('sh', [script], { env: { ...pgEnv, POSTGRES_ADMIN_USER: '' } });
    expect(skipped.status).toBe(0);
    expect(skipped.stdout).toContain('no admin role created');
  });
});
