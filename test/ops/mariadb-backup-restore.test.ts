import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { createServer as createNetServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { spawn, type ChildProcess } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { App, Backup, MariaDb } from '@slipway/constructs';
import { run, writeOutput } from './_support.js';

/**
 * backup.sh / restore.sh against a real MariaDB server (Debian's), started here on a temp folder
 * and a free loopback port as the `mysql` user, and stopped afterwards. The same scripts run
 * inside the database's image in production; here they run on this machine's MariaDB tools.
 */
const MARIADBD = '/usr/sbin/mariadbd';

async function freePort(): Promise<number> {
  const server = createNetServer().listen(0, '127.0.0.1');
  await new Promise((ok) => server.once('listening', ok));
  const port = (server.address() as { port: number }).port;
  await new Promise((ok) => server.close(ok));
  return port;
}

describe.skipIf(!existsSync(MARIADBD))('backup.sh and restore.sh with a real MariaDB', () => {
  const root = mkdtempSync(join(tmpdir(), 'slipway-mariadb-'));
  const data = join(root, 'data');
  const socket = join(root, 'mysqld.sock');
  let port = 0;
  let server: ChildProcess | undefined;
  let scripts = '';
  const sql = (query: string, database = '', user = 'root', password = 'root-pw-123') =>
    run('mariadb', ['-h', '127.0.0.1', '-P', String(port), '-u', user, '-N', '-e', query, ...(database ? [database] : [])], { env: { ...process.env, MYSQL_PWD: password } });
  const env = (): NodeJS.ProcessEnv => ({
    ...process.env,
    SLIPWAY_BACKUP_IN_CONTAINER: '1',
    BACKUP_ENGINE: 'mariadb',
    MYSQL_HOST: '127.0.0.1',
    MYSQL_TCP_PORT: String(port),
    BACKUP_DB_PASSWORD: 'root-pw-123',
    BACKUP_DATABASE: 'shop',
    BACKUP_APP_USER: 'app',
    BACKUP_NAME: 'db',
    BACKUP_DIR: join(root, 'backups'),
    BACKUP_KEEP: '2',
  });

  beforeAll(async () => {
    mkdirSync(data);
    run('chown', ['-R', 'mysql:mysql', root]);
    port = await freePort();
    const init = run('runuser', ['-u', 'mysql', '--', 'mariadb-install-db', '--no-defaults', `--datadir=${data}`, '--skip-test-db', '--auth-root-authentication-method=normal'], { timeout: 120_000 });
    if (init.status !== 0) throw new Error(`mariadb-install-db failed: ${init.stderr}`);
    server = spawn('runuser', ['-u', 'mysql', '--', MARIADBD, '--no-defaults', `--datadir=${data}`, `--socket=${socket}`, `--port=${port}`, '--bind-address=127.0.0.1', '--skip-name-resolve', `--pid-file=${join(root, 'mysqld.pid')}`], { stdio: 'ignore' });
    let up = false;
    for (let i = 0; i < 60 && !up; i++) {
      await new Promise((ok) => setTimeout(ok, 1000));
      up = run('mariadb', ['--no-defaults', `--socket=${socket}`, '-uroot', '-e', 'SELECT 1']).status === 0;
    }
    if (!up) throw new Error('MariaDB did not start');
    const setup = run('mariadb', ['--no-defaults', `--socket=${socket}`, '-uroot', '-e', [
      "CREATE OR REPLACE USER 'root'@'127.0.0.1' IDENTIFIED BY 'root-pw-123'; GRANT ALL ON *.* TO 'root'@'127.0.0.1' WITH GRANT OPTION;",
      "CREATE DATABASE shop; CREATE USER 'app'@'%' IDENTIFIED BY 'app-pw-456'; GRANT ALL ON shop.* TO 'app'@'%';",
      'CREATE TABLE shop.orders (id INT PRIMARY KEY AUTO_INCREMENT, total DECIMAL(10,2)) ENGINE=InnoDB;',
      'INSERT INTO shop.orders (total) SELECT seq * 1.5 FROM shop.seq_1_to_500;',
    ].join(' ')]);
    if (setup.status !== 0) throw new Error(`setup failed: ${setup.stderr}`);
    const app = new App({ name: 'shop' });
    new Backup(app, 'db-backup', { database: new MariaDb(app, 'db', { database: 'shop' }) });
    scripts = writeOutput(app).dir;
  }, 180_000);

  afterAll(async () => {
    if (server && server.exitCode === null) {
      const exited = new Promise((ok) => server!.once('exit', ok));
      server.kill('SIGTERM');
      await Promise.race([exited, new Promise((ok) => setTimeout(ok, 30_000))]);
    }
    rmSync(root, { recursive: true, force: true });
  }, 60_000);

  test('GIVEN a database with rows WHEN backup.sh runs and restore.sh restores into a new database THEN the rows match and the app user may read them', () => {
    const b = run('sh', [join(scripts, 'backup.sh')], { env: env() });
    expect(b.stderr).toBe('');
    expect(b.status).toBe(0);
    const dumps = readdirSync(join(root, 'backups')).filter((f) => f.endsWith('.sql.gz'));
    expect(dumps).toHaveLength(1);
    expect(dumps[0]).toMatch(/^db-\d{8}-\d{6}\.sql\.gz$/);
    expect(statSync(join(root, 'backups', dumps[0]!)).mode & 0o777).toBe(0o600);

    sql('DELETE FROM orders WHERE id > 10', 'shop');
    const r = run('sh', [join(scripts, 'restore.sh'), dumps[0]!, 'shop_restore'], { env: env() });
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    expect(sql('SELECT COUNT(*), SUM(total) FROM orders', 'shop_restore').stdout.trim().split(/\s+/)).toEqual(['500', '187875.00']);
    expect(sql('SELECT COUNT(*) FROM orders', 'shop_restore', 'app', 'app-pw-456').stdout.trim()).toBe('500');
    expect(sql('SELECT COUNT(*) FROM orders', 'shop').stdout.trim()).toBe('10');

    const again = run('sh', [join(scripts, 'restore.sh'), dumps[0]!, 'shop_restore'], { env: env() });
    expect(again.status).toBe(1);
    expect(again.stderr).toContain('database shop_restore already exists');
    const replace = run('sh', [join(scripts, 'restore.sh'), dumps[0]!, 'shop', '--replace'], { env: env() });
    expect(replace.status, replace.stderr).toBe(0);
    expect(sql('SELECT COUNT(*) FROM orders', 'shop').stdout.trim()).toBe('500');
  });

  test('GIVEN a wrong root password WHEN backing up THEN it fails and leaves no partial dump', () => {
    const before = readdirSync(join(root, 'backups'));
    const b = run('sh', [join(scripts, 'backup.sh')], { env: { ...env(), BACKUP_DB_PASSWORD: 'wrong' } });
    expect(b.status).toBe(1);
    expect(b.stdout + b.stderr).toContain('mariadb-dump of shop failed');
    expect(readdirSync(join(root, 'backups'))).toEqual(before);
  });
});
