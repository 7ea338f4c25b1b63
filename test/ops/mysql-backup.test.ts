import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { AdminTool, App, Backup, HealthCheck, MariaDb, MySql, Postgres, Redis, Service, Testing } from '@slipway/constructs';
import { run, shProblems, writeOutput } from './_support.js';

/** One stack with every engine Backup knows, so the scripts carry every branch. */
function everyEngine(): App {
  const app = new App({ name: 'shop' });
  const pg = new Postgres(app, 'pg', { database: 'shop' });
  const maria = new MariaDb(app, 'maria', { database: 'blog' });
  const mysql = new MySql(app, 'mysql', { database: 'legacy' });
  new Service(app, 'api', { image: 'acme/api:1.0.0', env: { A: pg.url, B: maria.url, C: mysql.url }, healthCheck: HealthCheck.http(3000, '/health') });
  new Backup(app, 'pg-backup', { database: pg });
  new Backup(app, 'maria-backup', { database: maria, keep: 5 });
  new Backup(app, 'mysql-backup', { database: mysql });
  return app;
}

describe('Backup of MariaDB and MySQL', () => {
  test('GIVEN a MariaDB backup THEN the service runs the database image with root credentials from the root secret, never the app password', () => {
    const out = Testing.synth(everyEngine());
    const compose = out.yaml('docker-compose.yml');
    const svc = compose.services['maria-backup'];
    expect(svc.image).toBe('mariadb:11.4');
    expect(svc.environment).toMatchObject({ BACKUP_ENGINE: 'mariadb', MYSQL_HOST: 'maria', MYSQL_TCP_PORT: '3306', BACKUP_DATABASE: 'blog', BACKUP_APP_USER: 'app', BACKUP_KEEP: '5' });
    expect(svc.environment.BACKUP_DB_PASSWORD).toMatch(/^\$\{MARIA_ROOT_PASSWORD:\?/);
    expect(JSON.stringify(svc.environment)).not.toContain('MARIA_PASSWORD');
    expect(svc.depends_on).toEqual({ maria: { condition: 'service_healthy' } });
    expect(svc.networks).toContain('maria-net');
    expect(compose.services['mysql-backup'].image).toBe('mysql:8.4');
    expect(compose.services['pg-backup'].environment.BACKUP_ENGINE).toBeUndefined();
  });

  test('GIVEN every engine THEN backup.sh and restore.sh are POSIX sh, shellcheck-clean, and carry each dump tool', () => {
    const { dir } = writeOutput(everyEngine());
    expect(shProblems(dir, ['backup.sh', 'restore.sh'])).toEqual({});
    const backup = readFileSync(join(dir, 'backup.sh'), 'utf8');
    expect(backup).toContain('pg_dump --format=custom');
    expect(backup).toContain('"$DUMP_TOOL" --defaults-extra-file="$cnf" --single-transaction --routines --triggers --events --hex-blob "$DB_NAME"');
    // The root password goes to a 0600 temp file (umask 077), never to a command line.
    expect(backup).not.toMatch(/-p"\$BACKUP_DB_PASSWORD"|--password=/);
    const restore = readFileSync(join(dir, 'restore.sh'), 'utf8');
    expect(restore).toContain('maria-[0-9]*) in_container maria-backup');
    expect(restore).toContain('gunzip -c "$dump" | "$SQL_TOOL" --defaults-extra-file="$cnf" "$target"');
  });

  test('GIVEN an unknown engine in the container THEN the script stops with a clear message', () => {
    const { dir } = writeOutput(everyEngine());
    const r = run('sh', [join(dir, 'backup.sh')], { env: { ...process.env, SLIPWAY_BACKUP_IN_CONTAINER: '1', BACKUP_ENGINE: 'oracle', BACKUP_DIR: '/tmp', BACKUP_NAME: 'x' } });
    expect(r.status).toBe(1);
    expect(r.stderr).toContain("unknown BACKUP_ENGINE 'oracle'");
  });

  test('GIVEN the runbook THEN it names mariadb-dump, the .sql.gz files and a root shell that keeps the password off the command line', () => {
    const md = Testing.synth(everyEngine()).text('DEPLOY.md');
    expect(md).toContain('compressed `mariadb-dump`');
    expect(md).toContain('compressed `mysqldump`');
    expect(md).toContain(`docker compose exec maria sh -c 'MYSQL_PWD="$MARIADB_ROOT_PASSWORD" mariadb -uroot'`);
    expect(md).toContain(`docker compose exec mysql sh -c 'MYSQL_PWD="$MYSQL_PASSWORD" mysql -u"$MYSQL_USER" "$MYSQL_DATABASE"'`);
  });

  test('GIVEN a Backup of a Redis THEN the error names the databases it can dump', () => {
    const app = new App({ name: 'shop' });
    const cache = new Redis(app, 'cache');
    new Backup(app, 'b', { database: cache as never });
    const errors = Testing.diagnostics(app).filter((d) => d.level === 'error');
    expect(errors.map((d) => [d.path, d.message, d.fix])).toEqual([
      ['shop/b', 'Backup dumps PostgreSQL, MariaDB, MySQL and MongoDB databases and MinIO buckets; database is cache, a cache Backup cannot dump.', 'pass a Postgres, MariaDb, MySql, MongoDb or Minio construct (database: db); Redis data is kept by its own persistence (aof or rdb) on its volume.'],
    ]);
  });

  test('GIVEN Adminer for a MariaDB THEN it reaches it; pgAdmin for one is an error with the fix', () => {
    const app = new App({ name: 'shop' });
    const maria = new MariaDb(app, 'maria');
    new AdminTool(app, 'adminer', { databases: [maria] });
    const compose = Testing.synth(app).yaml('docker-compose.yml');
    expect(compose.services.adminer.environment.ADMINER_DEFAULT_SERVER).toBe('maria');
    expect(compose.services.adminer.networks).toContain('maria-net');
    const bad = new App({ name: 'shop' });
    new AdminTool(bad, 'pgadmin', { kind: 'pgadmin', databases: [new MariaDb(bad, 'maria')], email: 'ops@shop.example' });
    const errors = Testing.diagnostics(bad).filter((d) => d.level === 'error');
    expect(errors.map((d) => d.message)).toEqual(['pgAdmin manages PostgreSQL only; maria is MariaDB.']);
  });
});
